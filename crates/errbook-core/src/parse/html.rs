//! The few things errbook reads out of raw HTML in markdown: headings written as
//! `<h2 id="anchor">Title</h2>` (common in pages converted from other tools) and image sources.

use std::sync::LazyLock;

use regex::Regex;

pub(crate) struct HtmlHeading {
    pub(crate) level: u8,
    pub(crate) id: Option<String>,
    pub(crate) text: String,
}

static HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?is)^\s*<h([1-6])((?:\s[^>]*)?)>(.*?)</h([1-6])\s*>\s*$").expect("valid regex"));
static ID_ATTR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?i)\bid\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))"#).expect("valid regex"));
static TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<[^>]*>").expect("valid regex"));
static IMG_SRC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?i)<img\b[^>]*\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)')"#).expect("valid regex"));

/// The heading an HTML block holds, if the block is one heading element and nothing else.
pub(crate) fn heading(html: &str) -> Option<HtmlHeading> {
    let caps = HEADING.captures(html)?;
    if caps[1] != caps[4] {
        return None;
    }
    let id = ID_ATTR
        .captures(&caps[2])
        .and_then(|c| c.get(1).or(c.get(2)).or(c.get(3)))
        .map(|m| m.as_str().trim().to_string())
        .filter(|id| !id.is_empty());
    let text = decode_entities(&TAG.replace_all(&caps[3], " "));
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    Some(HtmlHeading { level: caps[1].parse().ok()?, id, text })
}

/// What an inline HTML tag means for the words of a text.
pub enum InlineTag {
    /// `<a name="x">` or `<a id="x">` (the id, if it has one) and `</a>`: an anchor, not words.
    Anchor(Option<String>),
    /// `<br>`: a space.
    Break,
    /// `<em>`, `<code>`, `<kbd>`, comments …: nothing; what they wrap comes as text.
    Formatting,
    /// Anything else, which may be a message's own words (`<no value>`): kept.
    Other,
}

static INLINE_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?is)^<(/?)([a-z][a-z0-9]*)\b([^>]*)>$").expect("valid regex"));
static NAME_ATTR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?i)\b(?:name|id)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))"#).expect("valid regex"));

/// Tags that only style what they wrap.
pub(crate) const FORMATTING_TAGS: [&str; 18] = [
    "b", "i", "em", "strong", "code", "kbd", "samp", "var", "sub", "sup", "small", "u", "s", "del", "ins", "mark",
    "abbr", "span",
];

pub fn inline_tag(html: &str) -> InlineTag {
    let html = html.trim();
    if html.starts_with("<!--") {
        return InlineTag::Formatting;
    }
    let Some(c) = INLINE_TAG.captures(html) else { return InlineTag::Other };
    let name = c[2].to_ascii_lowercase();
    match name.as_str() {
        "a" if &c[1] == "/" => InlineTag::Anchor(None),
        "a" if !c[3].to_ascii_lowercase().contains("href") => InlineTag::Anchor(
            NAME_ATTR.captures(&c[3]).and_then(|n| n.get(1).or(n.get(2)).or(n.get(3))).map(|m| m.as_str().to_string()),
        ),
        "br" | "wbr" => InlineTag::Break,
        n if FORMATTING_TAGS.contains(&n) => InlineTag::Formatting,
        _ => InlineTag::Other,
    }
}

/// The text of an HTML fragment, its tags and comments removed and entities decoded.
pub fn strip_tags(html: &str) -> String {
    static COMMENT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?s)<!--.*?(?:-->|$)").expect("valid regex"));
    decode_entities(&TAG.replace_all(&COMMENT.replace_all(html, ""), " "))
}

/// The `src` of every `<img>` in the block.
pub(crate) fn image_sources(html: &str) -> Vec<String> {
    IMG_SRC.captures_iter(html).filter_map(|c| c.get(1).or(c.get(2)).map(|m| m.as_str().to_string())).collect()
}

/// Every HTML entity, named (`&nbsp;`, `&mdash;`) or numeric (`&#8217;`, `&#x27;`), as its
/// character; an unknown one stays as written.
fn decode_entities(text: &str) -> String {
    html_escape::decode_html_entities(text).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_line_heading_with_id() {
        let h = heading("<h2 id=\"timeout_provisioning\">\n  Timeout waiting &amp; more\n</h2>\n").unwrap();
        assert_eq!(
            decode_entities("It&#8217;s&nbsp;down &mdash; &#x27;x&#x27; &lt;b&gt; &nosuch;"),
            "It\u{2019}s\u{a0}down \u{2014} 'x' <b> &nosuch;"
        );
        assert_eq!(
            (h.level, h.id.as_deref(), h.text.as_str()),
            (2, Some("timeout_provisioning"), "Timeout waiting & more")
        );
    }

    #[test]
    fn other_html_is_not_a_heading() {
        assert!(heading("<div>x</div>").is_none());
        assert!(heading("<h2>a</h3>").is_none());
        assert!(heading("<h2>a</h2><p>b</p>").is_none());
    }

    #[test]
    fn image_sources_are_found() {
        assert_eq!(image_sources("<img src=\"images/x.png\">"), ["images/x.png"]);
    }
}
