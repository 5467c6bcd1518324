//! Error names: a CamelCase word that ends in `Error` or `Exception` (`CannotPullContainerError`,
//! `sqlite3.OperationalError` → `OperationalError`). Pages, pastes and logs all spot them with
//! this one rule.

/// The error names in `text`, in order.
pub fn error_names(text: &str) -> impl Iterator<Item = &str> {
    const ENDINGS: [&str; 2] = ["Error", "Exception"];
    // Cut at bytes, not characters: every byte of a character that is not ASCII cuts too, so
    // the pieces are ASCII and lie at the same places in `text`.
    let pieces = text.as_bytes().split(|&b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b'.'));
    pieces.filter_map(move |piece| {
        // (Most words end otherwise, and need not be cut at their dots.)
        if !ENDINGS.iter().any(|s| piece.ends_with(s.as_bytes())) {
            return None;
        }
        let start = piece.as_ptr() as usize - text.as_ptr() as usize;
        let word = text.get(start..start + piece.len())?.rsplit('.').next()?;
        let starts_upper = word.chars().next().is_some_and(|c| c.is_ascii_uppercase());
        let is_error = ENDINGS.iter().any(|s| word.len() > s.len() && word.ends_with(s));
        (starts_upper && is_error).then_some(word)
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
}
