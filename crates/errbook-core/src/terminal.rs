//! Text for the terminal. Titles, messages and log lines come from documents and logs that
//! anyone may have written; printed raw, an escape sequence in them could clear the screen,
//! retitle the window or forge a link (OSC 8). Everything errbook prints passes here.

use std::borrow::Cow;

/// `text` with control characters (but newlines and tabs) and bidirectional overrides made
/// visible as `\u{…}` escapes.
pub fn escape(text: &str) -> Cow<'_, str> {
    // Checked a byte at a time: a hidden character is an ASCII control (found in one pass
    // without a branch) or starts with one of three bytes (C1 controls, the zero-width and
    // direction marks, the byte order mark), decoded where they stand.
    let bytes = text.as_bytes();
    let control = bytes.iter().fold(false, |seen, &b| seen | ((b < 0x20 && b != b'\n' && b != b'\t') || b == 0x7f));
    let lead = |(_, b): &(usize, &u8)| matches!(b, 0xc2 | 0xe2 | 0xef);
    let marked = || bytes.iter().enumerate().filter(lead).any(|(i, _)| text[i..].chars().next().is_some_and(is_hidden));
    if !control && !marked() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_hidden(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Control characters (but newlines and tabs), zero-width characters and bidirectional
/// overrides: invisible, yet able to change what a reader or a terminal shows.
pub fn is_hidden(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escape_sequences_are_shown_not_run() {
        assert_eq!(escape("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(escape("\u{1b}]8;;http://evil\u{7}x"), "\\u{1b}]8;;http://evil\\u{7}x");
        assert_eq!(escape("abc\u{202e}def"), "abc\\u{202e}def");
        assert_eq!(escape("line\n\ttab 日本語"), "line\n\ttab 日本語");
    }
}
