//! Error names: a CamelCase word that ends in `Error` or `Exception` (`CannotPullContainerError`,
//! `sqlite3.OperationalError` → `OperationalError`). Pages, pastes and logs all spot them with
//! this one rule.

/// The error names in `text`, in order.
pub fn error_names(text: &str) -> impl Iterator<Item = &str> {
    const ENDINGS: [&str; 2] = ["Error", "Exception"];
    let bytes = text.as_bytes();
    // A name is the last part (after its dots) of a piece of letters, digits, `_` and `.` that
    // ends in one of the endings. They all start with `E`: only a text's `E`s are looked at,
    // and the piece is found around the one an ending ends it at.
    let piece = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'.';
    text.match_indices('E').filter_map(move |(at, _)| {
        let ending = ENDINGS.iter().find(|e| bytes[at..].starts_with(e.as_bytes()))?;
        let end = at + ending.len();
        if bytes.get(end).is_some_and(|&b| piece(b)) {
            return None;
        }
        let start = bytes[..at].iter().rposition(|&b| !piece(b)).map_or(0, |i| i + 1);
        // (The piece is ASCII, so these are places between characters.)
        let word = text.get(start..end)?.rsplit('.').next()?;
        (word.starts_with(|c: char| c.is_ascii_uppercase()) && word.len() > ending.len()).then_some(word)
    })
}

#[cfg(test)]
mod tests {
    use super::error_names;

    #[test]
    fn camel_case_error_words_are_names() {
        let found: Vec<&str> =
            error_names("A client error (AccessDeniedException) and sqlite3.OperationalError: x").collect();
        assert_eq!(found, ["AccessDeniedException", "OperationalError"]);
        assert_eq!(error_names("Error: plain, TypeError").collect::<Vec<_>>(), ["TypeError"]);
        let japanese = "接続エラーTypeError：詳細はapp.KeyErrorを参照（ＴｙｐｅＥｒｒｏｒ）";
        assert_eq!(error_names(japanese).collect::<Vec<_>>(), ["TypeError", "KeyError"]);
    }

    #[test]
    fn a_name_is_a_whole_piece_that_ends_in_an_ending() {
        let found = |text| error_names(text).collect::<Vec<_>>();
        assert_eq!(found("ErrorError, pkg.sub.TimeoutException: E Exception."), ["ErrorError", "TimeoutException"]);
        assert_eq!(found("Errors ErrorCode my_Error x.y. MyError_2 Error_ConnError"), ["Error_ConnError"]);
        assert_eq!(found("EEError(EException)"), ["EEError", "EException"]);
        assert!(found("").is_empty() && found("E").is_empty() && found("Erro").is_empty());
    }
}
