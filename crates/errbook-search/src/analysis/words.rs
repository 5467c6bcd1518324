//! Where a word starts and ends, for matching a phrase of the vocabulary or an error name in a
//! line: only ASCII letters, digits and `_` glue to a word. Japanese has no spaces, so a
//! Japanese neighbour never makes a match part of a longer word.

/// Whether `c` (the character beside a match, if any) would make the match part of a longer
/// word.
pub fn glued(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Whether `needle` occurs in `haystack` as a word of its own.
pub fn contains_word(haystack: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    haystack
        .match_indices(needle)
        .any(|(i, _)| !glued(haystack[..i].chars().next_back()) && !glued(haystack[i + needle.len()..].chars().next()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_end_at_anything_but_ascii_letters_digits_and_underscores() {
        assert!(contains_word("connection refused", "refused"));
        assert!(contains_word("接続がrefusedされた", "refused"));
        assert!(!contains_word("unrefused", "refused"));
        assert!(!contains_word("refused_2", "refused"));
        assert!(contains_word("(refused)", "refused"));
        assert!(!contains_word("anything", ""));
    }
}
