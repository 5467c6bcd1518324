//! Text for the terminal. Titles, messages and log lines come from documents and logs that
//! anyone may have written; printed raw, an escape sequence in them could clear the screen,
//! retitle the window or forge a link (OSC 8). Everything errbook prints passes here.

use std::borrow::Cow;

/// `text` with control characters (but newlines and tabs) and bidirectional overrides made
/// visible as `\u{…}` escapes.
pub fn escape(text: &str) -> Cow<'_, str> {
    // Checked in passes without a branch per byte: a hidden character is an ASCII control or
    // starts with one of three bytes (C1 controls, the zero-width and direction marks, the
    // byte order mark), decoded where they stand, in the 64 bytes that have one (dashes and
    // ellipses start with one too).
    let bytes = text.as_bytes();
    let control = bytes.iter().fold(false, |seen, &b| seen | ((b < 0x20 && b != b'\n' && b != b'\t') || b == 0x7f));
    let lead = |b: u8| matches!(b, 0xc2 | 0xe2 | 0xef);
    let marked = || {
        bytes.chunks(64).zip((0..).step_by(64)).any(|(chunk, at)| {
            chunk.iter().fold(false, |seen, &b| seen | lead(b))
                && (0..chunk.len()).any(|i| lead(chunk[i]) && text[at + i..].chars().next().is_some_and(is_hidden))
        })
    };
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

/// `text` as part of one line of output: [`escape`], and newlines shown as `\u{a}` too. For
/// what errbook prints in one place of a line (a file name, a title, an id): a newline in a file
/// name must not start a line of errbook's own, such as a forged `error:`.
pub fn escape_line(text: &str) -> Cow<'_, str> {
    if !text.contains('\n') {
        return escape(text);
    }
    Cow::Owned(escape(text).replace('\n', "\\u{a}"))
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

    #[test]
    fn a_line_part_shows_its_newlines_too() {
        use super::escape_line;
        assert_eq!(escape_line("content/en/odd\nerror: forged.md"), "content/en/odd\\u{a}error: forged.md");
        assert_eq!(escape_line("a\u{1b}[2J\tb\nc"), "a\\u{1b}[2J\tb\\u{a}c");
        assert!(matches!(escape_line("plain"), std::borrow::Cow::Borrowed(_)));
    }

    /// Every hidden mark is found wherever it stands in a long text, after dashes and ellipses
    /// that start with the same bytes, and a text with none is left as it is.
    #[test]
    fn hidden_marks_are_found_anywhere_in_a_long_text() {
        let plain = "lines 2–4 … ".repeat(20);
        assert!(matches!(escape(&plain), std::borrow::Cow::Borrowed(_)));
        for mark in ['\u{200b}', '\u{202e}', '\u{2066}', '\u{feff}', '\u{85}'] {
            for at in (0..plain.len()).filter(|&i| plain.is_char_boundary(i)) {
                let text = format!("{}{mark}{}", &plain[..at], &plain[at..]);
                let shown = format!("{}\\u{{{:x}}}{}", &plain[..at], mark as u32, &plain[at..]);
                assert_eq!(escape(&text), shown, "{mark:?} at {at}");
            }
        }
    }
}
