//! Terminal escape sequences in log text: colours (`ESC [31m`), cursor moves, window titles and
//! links (`ESC ] … BEL`). A terminal runs them and shows the words between them; a log written
//! by a program that colours its output holds them between the words of a message
//! (`ESC[31mOSError: … device ESC[0m`). `errbook scan` and `errbook search` take them out before
//! a line is matched, so that a coloured line is the line a person reads.
//!
//! The sequences are ECMA-48's: CSI (`ESC [`, parameters, intermediates, a final byte), the
//! string controls OSC, DCS, SOS, PM and APC (up to BEL or `ESC \`), and the short escapes of
//! one or a few bytes (`ESC 7`, `ESC ( B`). A sequence never runs past a newline, so that the
//! lines, and their numbers, stay the log's.

use std::borrow::Cow;

/// The byte that opens every sequence.
pub const ESC: u8 = 0x1b;

/// The length of the sequence that starts at `bytes[0]` (an [`ESC`]); a lone `ESC`, or one
/// before a byte that opens no sequence, is one byte. A sequence that is cut short (the line
/// ends first) ends with the line.
pub fn sequence_len(bytes: &[u8]) -> usize {
    debug_assert_eq!(bytes.first(), Some(&ESC));
    let in_line = |i: usize| bytes.get(i).copied().filter(|&b| b != b'\n');
    let Some(kind) = in_line(1) else { return 1 };
    match kind {
        // CSI: parameters 0x30–0x3F, intermediates 0x20–0x2F, a final byte 0x40–0x7E. A byte
        // outside those ends it early, and is kept.
        b'[' => {
            let mut i = 2;
            while in_line(i).is_some_and(|b| (0x30..=0x3f).contains(&b)) {
                i += 1;
            }
            while in_line(i).is_some_and(|b| (0x20..=0x2f).contains(&b)) {
                i += 1;
            }
            if in_line(i).is_some_and(|b| (0x40..=0x7e).contains(&b)) {
                i += 1;
            }
            i
        }
        // OSC, DCS, SOS, PM, APC: a string up to BEL or ST (`ESC \`).
        b']' | b'P' | b'X' | b'^' | b'_' => {
            let mut i = 2;
            while let Some(b) = in_line(i) {
                match b {
                    0x07 => return i + 1,
                    ESC if in_line(i + 1) == Some(b'\\') => return i + 2,
                    _ => i += 1,
                }
            }
            i
        }
        // nF: intermediates, then a final byte (`ESC ( B`, a character set).
        0x20..=0x2f => {
            let mut i = 2;
            while in_line(i).is_some_and(|b| (0x20..=0x2f).contains(&b)) {
                i += 1;
            }
            if in_line(i).is_some_and(|b| (0x30..=0x7e).contains(&b)) {
                i += 1;
            }
            i
        }
        // Fp, Fe, Fs: one byte more (`ESC 7`, `ESC M`, `ESC c`).
        0x30..=0x7e => 2,
        _ => 1,
    }
}

/// Takes the escape sequences out of `bytes` in place; returns the length of what is left (at
/// the start of `bytes`; what lies after it is no longer meaningful). Newlines are never taken
/// out.
pub fn strip_in_place(bytes: &mut [u8]) -> usize {
    let Some(first) = memchr_esc(bytes, 0) else { return bytes.len() };
    let (mut read, mut write) = (first, first);
    while read < bytes.len() {
        read += sequence_len(&bytes[read..]);
        let next = memchr_esc(bytes, read).unwrap_or(bytes.len());
        bytes.copy_within(read..next, write);
        write += next - read;
        read = next;
    }
    write
}

/// `text` without its escape sequences (borrowed when it has none).
pub fn strip(text: &str) -> Cow<'_, str> {
    if !text.as_bytes().contains(&ESC) {
        return Cow::Borrowed(text);
    }
    let mut bytes = text.as_bytes().to_vec();
    let length = strip_in_place(&mut bytes);
    bytes.truncate(length);
    // A sequence is ASCII from its `ESC` to its end, but for the text of a string control,
    // which may be cut inside a character where its line ends: such a cut is shown as U+FFFD.
    Cow::Owned(String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

fn memchr_esc(bytes: &[u8], from: usize) -> Option<usize> {
    bytes[from..].iter().position(|&b| b == ESC).map(|i| from + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_and_cursor_moves_are_taken_out() {
        assert_eq!(
            strip("\x1b[31mOSError: [Errno 28] No space left on device\x1b[0m"),
            "OSError: [Errno 28] No space left on device"
        );
        assert_eq!(strip("\x1b[1;38;5;196mERROR\x1b[m \x1b[2Kdone\x1b[?25h"), "ERROR done");
        assert_eq!(strip("a\x1b(Bb\x1b7c\x1b=d"), "abcd");
    }

    #[test]
    fn titles_and_links_are_taken_out_with_their_text() {
        assert_eq!(strip("\x1b]0;build\x07ok"), "ok");
        assert_eq!(strip("\x1b]8;;https://example.com\x1b\\link\x1b]8;;\x1b\\ here"), "link here");
        assert_eq!(strip("\x1bPq#0;2;0;0;0\x1b\\x"), "x");
    }

    /// A sequence cut short ends with its line: the next line, and every line number, stay.
    #[test]
    fn a_sequence_never_runs_past_a_newline() {
        assert_eq!(strip("\x1b]0;title never ended\nERROR next line\n"), "\nERROR next line\n");
        assert_eq!(strip("a\x1b[12\nb"), "a\nb");
        assert_eq!(strip("end\x1b"), "end");
        assert_eq!(strip("\x1b\nx"), "\nx");
    }

    /// A byte that cannot be part of a CSI ends it, and is kept: a stray `ESC [` loses no word.
    #[test]
    fn a_malformed_sequence_takes_out_only_what_it_holds() {
        assert_eq!(strip("\x1b[31\tOSError"), "\tOSError");
        assert_eq!(strip("\x1b[\u{e9}t\u{e9}"), "\u{e9}t\u{e9}");
        assert_eq!(strip("\x1b\u{e9}"), "\u{e9}");
    }

    #[test]
    fn text_without_escapes_is_left_as_it_is() {
        let text = "plain [31m text, 日本語";
        assert!(matches!(strip(text), Cow::Borrowed(t) if t == text));
        let mut bytes = text.as_bytes().to_vec();
        assert_eq!(strip_in_place(&mut bytes), text.len());
    }

    #[test]
    fn in_place_keeps_what_is_left_at_the_start() {
        let mut bytes = b"\x1b[1mA\x1b[0m\nB\x1b[32m C\n".to_vec();
        let length = strip_in_place(&mut bytes);
        assert_eq!(&bytes[..length], b"A\nB C\n");
    }
}
