//! Record text (plain text with `code` in backticks, `- ` and `1. ` list lines, fenced code)
//! into HTML. Every character of the text is escaped: record strings never become markup.

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Inline text: escaped, with `code` spans.
pub fn inline(text: &str) -> String {
    let mut out = String::new();
    let parts: Vec<&str> = text.split('`').collect();
    // An unmatched backtick is a plain backtick.
    let paired = parts.len() % 2 == 1;
    for (i, part) in parts.iter().enumerate() {
        if i % 2 == 1 && paired {
            out.push_str("<code>");
            out.push_str(&escape(part));
            out.push_str("</code>");
        } else {
            if i > 0 && !paired {
                out.push('`');
            }
            out.push_str(&escape(part));
        }
    }
    out
}

/// Block text into paragraphs, lists and code.
pub fn blocks(text: &str) -> String {
    let mut out = String::new();
    let mut lines = text.lines().peekable();
    let mut paragraph: Vec<&str> = Vec::new();
    let flush = |out: &mut String, paragraph: &mut Vec<&str>| {
        if !paragraph.is_empty() {
            out.push_str("<p>");
            out.push_str(&inline(&paragraph.join(" ")));
            out.push_str("</p>\n");
            paragraph.clear();
        }
    };
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        if trimmed.is_empty() {
            flush(&mut out, &mut paragraph);
        } else if let Some(lang) = trimmed.strip_prefix("```") {
            flush(&mut out, &mut paragraph);
            let mut code = String::new();
            for l in lines.by_ref() {
                if l.trim_start().starts_with("```") {
                    break;
                }
                code.push_str(l.trim_start());
                code.push('\n');
            }
            out.push_str(&format!(
                "<pre class=\"plain\" data-lang=\"{}\"><code>{}</code></pre>\n",
                escape(lang.trim()),
                escape(&code)
            ));
        } else if let Some(kind) = list_kind(trimmed) {
            flush(&mut out, &mut paragraph);
            let tag = if kind == ListKind::Ordered { "ol" } else { "ul" };
            out.push_str(&format!("<{tag}>\n"));
            let mut item = strip_marker(trimmed).to_string();
            while let Some(next) = lines.peek() {
                let next = next.trim_start();
                if next.is_empty() || next.starts_with("```") {
                    break;
                }
                if list_kind(next).is_some() {
                    out.push_str(&format!("<li>{}</li>\n", inline(&item)));
                    item = strip_marker(next).to_string();
                } else {
                    item.push(' ');
                    item.push_str(next);
                }
                lines.next();
            }
            out.push_str(&format!("<li>{}</li>\n</{tag}>\n", inline(&item)));
        } else if let Some(quote) = trimmed.strip_prefix("> ") {
            flush(&mut out, &mut paragraph);
            out.push_str(&format!("<blockquote><p>{}</p></blockquote>\n", inline(quote)));
        } else {
            paragraph.push(trimmed);
        }
    }
    flush(&mut out, &mut paragraph);
    out
}

#[derive(PartialEq)]
enum ListKind {
    Bullet,
    Ordered,
}

fn list_kind(line: &str) -> Option<ListKind> {
    if line.starts_with("- ") || line.starts_with("* ") {
        return Some(ListKind::Bullet);
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    (digits > 0 && line[digits..].starts_with(". ")).then_some(ListKind::Ordered)
}

fn strip_marker(line: &str) -> &str {
    match line.find(' ') {
        Some(i) => &line[i + 1..],
        None => line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_record_text_is_inert() {
        let html = blocks("<script>alert(1)</script> and `</code><img src=x onerror=alert(1)>`");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn lists_paragraphs_and_code() {
        let html = blocks("Intro `x`.\n\n- one\n- two\n\n1. first\n2. second\n```bash\nls\n```");
        assert_eq!(
            html,
            "<p>Intro <code>x</code>.</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n<ol>\n<li>first</li>\n<li>second</li>\n</ol>\n<pre class=\"plain\" data-lang=\"bash\"><code>ls\n</code></pre>\n"
        );
    }

    #[test]
    fn unmatched_backtick_stays() {
        assert_eq!(inline("a ` b"), "a ` b");
    }
}
