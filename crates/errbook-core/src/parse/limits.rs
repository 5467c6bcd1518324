//! Bounds on what one line can cost, applied before parsing; the lines cut are reported.
//!
//! Nesting: quotes and lists can nest as deep as a line has `> ` or `- ` markers, and every
//! reader of a nested structure (the parser, the renderer, errbook's own walks over blocks) pays
//! for each level with stack. Lines nested deeper than [`MAX_NESTING`] are cut back to it, so
//! that no page can exhaust the stack.
//!
//! Length: a paragraph is parsed, rendered and indexed as a whole, each step holding a few times
//! its size at once; a line longer than [`MAX_LINE_BYTES`] is cut to it, so that one huge line
//! (a pasted log, a minified file) costs what an ordinary page of the same size does.

use std::borrow::Cow;

/// The deepest nesting of quotes and lists kept; far beyond what any page needs.
pub const MAX_NESTING: usize = 32;
/// The most indentation kept (nested list items indent by their marker's width).
const MAX_INDENT: usize = MAX_NESTING * 4;

/// The longest line kept, in bytes: a few hundred times any line a reader would read.
pub const MAX_LINE_BYTES: usize = 256 * 1024;

/// The text with lines longer than [`MAX_LINE_BYTES`] cut to it (at a character boundary, the
/// line's end kept), and the (0-based) numbers of the lines cut.
pub fn limit_line_length(text: &str) -> (Cow<'_, str>, Vec<usize>) {
    if text.len() <= MAX_LINE_BYTES || !text.split('\n').any(|line| line.len() > MAX_LINE_BYTES) {
        return (Cow::Borrowed(text), Vec::new());
    }
    let mut out = String::with_capacity(text.len().min(1 << 24));
    let mut cut = Vec::new();
    for (n, line) in text.split_inclusive('\n').enumerate() {
        if line.len() <= MAX_LINE_BYTES {
            out.push_str(line);
            continue;
        }
        let end = (0..=MAX_LINE_BYTES).rev().find(|&i| line.is_char_boundary(i)).unwrap_or(0);
        out.push_str(&line[..end]);
        if line.ends_with('\n') {
            out.push('\n');
        }
        cut.push(n);
    }
    (Cow::Owned(out), cut)
}

/// The text with over-deep lines cut back, and the (0-based) numbers of the lines cut.
pub fn limit_nesting(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut cut = Vec::new();
    let mut fence: Option<char> = None;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_start();
        if let Some(ch) = ['`', '~'].into_iter().find(|&c| trimmed.starts_with(&c.to_string().repeat(3))) {
            fence = match fence {
                Some(open) if open == ch => None,
                None => Some(ch),
                other => other,
            };
        }
        match (fence.is_none()).then(|| cut_line(line)).flatten() {
            Some(shorter) => {
                out.push_str(&shorter);
                cut.push(n);
            }
            None => out.push_str(line),
        }
    }
    (out, cut)
}

/// The line cut back to [`MAX_NESTING`] markers and [`MAX_INDENT`] columns, or `None` when it
/// is within both.
fn cut_line(line: &str) -> Option<String> {
    let bytes = line.as_bytes();
    let indent = bytes.iter().take_while(|&&b| b == b' ' || b == b'\t').count();
    if indent > MAX_INDENT {
        return Some(line[indent - MAX_INDENT..].to_string());
    }
    let (mut pos, mut depth) = (0, 0);
    loop {
        let start = pos;
        while pos < bytes.len() && bytes[pos] == b' ' && pos - start < 3 {
            pos += 1;
        }
        let marker = match bytes.get(pos) {
            Some(b'>') => 1,
            Some(b'-' | b'*' | b'+') if bytes.get(pos + 1) == Some(&b' ') => 2,
            Some(b'0'..=b'9') => {
                let digits = bytes[pos..].iter().take_while(|b| b.is_ascii_digit()).count();
                match (bytes.get(pos + digits), bytes.get(pos + digits + 1)) {
                    (Some(b'.' | b')'), Some(b' ')) if digits <= 9 => digits + 2,
                    _ => 0,
                }
            }
            _ => 0,
        };
        if marker == 0 {
            pos = start;
            break;
        }
        pos += marker;
        if bytes.get(pos) == Some(&b' ') && marker == 1 {
            pos += 1;
        }
        depth += 1;
        if depth == MAX_NESTING {
            break;
        }
    }
    if depth < MAX_NESTING {
        return None;
    }
    // Keep the first MAX_NESTING markers; the deeper ones are dropped, their text kept.
    let mut rest = &line[pos..];
    let before = rest.len();
    loop {
        let t = rest.trim_start_matches(' ');
        let next =
            t.strip_prefix('>').or_else(|| ["- ", "* ", "+ "].iter().find_map(|m| t.strip_prefix(m))).or_else(|| {
                let digits = t.bytes().take_while(u8::is_ascii_digit).count();
                (digits > 0)
                    .then(|| t[digits..].strip_prefix(". ").or_else(|| t[digits..].strip_prefix(") ")))
                    .flatten()
            });
        match next {
            Some(r) => rest = r,
            None => break,
        }
    }
    (rest.len() != before).then(|| format!("{}{}", &line[..pos], rest.trim_start()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_quotes_and_lists_are_cut_back() {
        let deep = format!("{}x\n", "> ".repeat(5000));
        let (out, cut) = limit_nesting(&deep);
        assert_eq!(cut, [0]);
        assert_eq!(out.matches('>').count(), MAX_NESTING);
        assert!(out.ends_with("x\n"));
        let (out, cut) = limit_nesting(&format!("{}y\n", "- ".repeat(5000)));
        assert_eq!((out.matches('-').count(), cut.len()), (MAX_NESTING, 1));
        let (out, cut) = limit_nesting(&format!("{}- z\n", " ".repeat(9000)));
        assert_eq!((out.len(), cut.len()), (MAX_INDENT + 4, 1));
    }

    #[test]
    fn long_lines_are_cut_at_a_character_boundary() {
        let long = "語".repeat(MAX_LINE_BYTES);
        let text = format!("short\n{long}\nafter\n{long}");
        let (out, cut) = limit_line_length(&text);
        assert_eq!(cut, [1, 3]);
        let lines: Vec<&str> = out.split('\n').collect();
        assert_eq!(lines.len(), 4);
        assert_eq!((lines[0], lines[2]), ("short", "after"));
        assert!(lines[1].len() <= MAX_LINE_BYTES && lines[1].len() > MAX_LINE_BYTES - 3);
        assert!(matches!(limit_line_length("a\nb\n").0, Cow::Borrowed(_)));
    }

    #[test]
    fn ordinary_text_and_code_are_untouched() {
        let text = "> quote\n- a\n  - b\n\n```\n".to_string() + &"> ".repeat(100) + "\n```\n";
        assert_eq!(limit_nesting(&text), (text.clone(), vec![]));
    }
}
