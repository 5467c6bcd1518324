//! Escaping for HTML: every string errbook writes into a page outside the markdown renderer
//! passes here, so record strings never become markup.

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

/// Plain text with inline code in backticks (titles, headings) as HTML: escaped, its code
/// spans set as `<code>`. An unpaired backtick stays as it is.
pub fn with_code(text: &str) -> String {
    let parts: Vec<&str> = text.split('`').collect();
    if parts.len() < 3 {
        return escape(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let paired = if parts.len() % 2 == 1 { parts.len() } else { parts.len() - 1 };
    for (i, part) in parts.iter().enumerate() {
        match i {
            _ if i >= paired => out.push_str(&format!("`{}", escape(part))),
            _ if i % 2 == 1 => out.push_str(&format!("<code>{}</code>", escape(part))),
            _ => out.push_str(&escape(part)),
        }
    }
    out
}

/// The tera filter `code`: a string [`with_code`].
pub(crate) fn code_filter(
    value: &tera::Value,
    _: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    Ok(tera::Value::String(with_code(value.as_str().unwrap_or_default())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_of_titles_are_code() {
        assert_eq!(with_code("Run `a<b` now"), "Run <code>a&lt;b</code> now");
        assert_eq!(with_code("`x` and `y` and `z"), "<code>x</code> and <code>y</code> and `z");
        assert_eq!(with_code("no code"), "no code");
    }

    #[test]
    fn markup_is_inert() {
        assert_eq!(escape("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    }
}
