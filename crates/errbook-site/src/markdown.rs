//! Record text (CommonMark, as the writer wrote it) into HTML with pulldown-cmark, under the
//! site's safety rules: raw HTML is shown as text (or dropped, for anchors, comments and tags
//! that only style), a link that leads nowhere or runs script is its text alone, code is
//! highlighted like every other code block, and callouts are set apart.

use std::sync::LazyLock;

use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};
use regex::Regex;

use super::text::escape;
use errbook_core::parse::fence_label;
use errbook_core::parse::html::{InlineTag, inline_tag, strip_tags};

/// What rendering needs from the page it renders for.
pub(super) struct Render<'a> {
    /// The href of a link's URL; `None` shows the link's text only.
    pub link: &'a dyn Fn(&str) -> Option<String>,
    /// The src of an image's URL; `None` shows its alt text only.
    pub image: &'a dyn Fn(&str) -> Option<String>,
    /// A highlighted code block (language, code).
    pub code: &'a dyn Fn(&str, &str) -> String,
    /// A callout kind's label (`NOTE` → "Note").
    pub callout: &'a dyn Fn(&str) -> String,
    /// The id of the list item that starts on a line (counted from 0 in the text), if it has one:
    /// the item then opens with a permalink to itself, labelled so.
    pub item_id: &'a dyn Fn(usize) -> Option<String>,
    pub permalink: &'a str,
}

/// `> [!NOTE] Title`, the form callouts are kept in: GitHub's own form takes the title on a line
/// of its own.
static CALLOUT_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^((?:[ \t]*>)+)[ \t]*\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\][ \t]+(\S.*)$").expect("valid regex")
});

pub(super) fn render(md: &str, r: &Render<'_>) -> String {
    if md.trim().is_empty() {
        return String::new();
    }
    let md = CALLOUT_TITLE.replace_all(md, "$1 [!$2]\n$1 **$3**");
    let options =
        Options::ENABLE_GFM | Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    // Per open link or image: whether its tag was kept.
    let mut kept: Vec<bool> = Vec::new();
    let mut quotes: Vec<bool> = Vec::new();
    let mut code: Option<(String, String)> = None;
    let mut label: Option<String> = None;
    let mut html_block: Option<String> = None;
    // The line of the last list item's start, counted as items come (their offsets grow).
    let (mut counted, mut line) = (0, 0);
    // Each parser event yields at most one, so the text streams into HTML: a long paragraph is
    // never held as a list of events.
    let events = Parser::new_ext(&md, options).into_offset_iter().filter_map(|(event, range)| {
        if let Some((lang, text)) = &mut code {
            match event {
                Event::End(TagEnd::CodeBlock) => {
                    let html = (r.code)(lang, text);
                    let html = match label.take() {
                        // A block a tab names (VitePress code groups, a fence's title): shown
                        // under its name; the page's script makes a run of them tabs.
                        Some(label) => format!(
                            "<div class=\"code-tab\" data-label=\"{0}\"><p class=\"code-label\">{0}</p>{html}</div>\n",
                            escape(&label)
                        ),
                        None => html,
                    };
                    code = None;
                    return Some(Event::Html(html.into()));
                }
                Event::Text(t) => text.push_str(&t),
                _ => {}
            }
            return None;
        }
        if let Some(raw) = &mut html_block {
            match event {
                Event::End(TagEnd::HtmlBlock) => {
                    let text = strip_tags(raw);
                    html_block = None;
                    return (!text.trim().is_empty())
                        .then(|| Event::Html(format!("<p>{}</p>\n", escape(text.trim())).into()));
                }
                Event::Html(h) | Event::Text(h) => raw.push_str(&h),
                _ => {}
            }
            return None;
        }
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        label = Some(fence_label(&info)).filter(|l| !l.is_empty());
                        info.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
                None
            }
            Event::Start(Tag::HtmlBlock) => {
                html_block = Some(String::new());
                None
            }
            Event::Start(Tag::Item) if range.start >= counted => {
                line += md.as_bytes()[counted..range.start].iter().filter(|&&b| b == b'\n').count();
                counted = range.start;
                Some(match (r.item_id)(line) {
                    Some(id) => {
                        Event::Html(format!("<li id=\"{id}\">{}", permalink(&id, r.permalink), id = escape(&id)).into())
                    }
                    None => Event::Start(Tag::Item),
                })
            }
            Event::Html(h) | Event::InlineHtml(h) => match inline_tag(&h) {
                InlineTag::Anchor(_) | InlineTag::Formatting => None,
                InlineTag::Break => Some(Event::Html("<br>".into())),
                InlineTag::Other => Some(Event::Text(h)),
            },
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let href = (r.link)(&dest_url);
                kept.push(href.is_some());
                href.map(|href| Event::Start(Tag::Link { link_type, dest_url: href.into(), title, id }))
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                let src = (r.image)(&dest_url);
                kept.push(src.is_some());
                src.map(|src| Event::Start(Tag::Image { link_type, dest_url: src.into(), title, id }))
            }
            Event::End(end @ (TagEnd::Link | TagEnd::Image)) => kept.pop().unwrap_or(false).then_some(Event::End(end)),
            Event::Start(Tag::BlockQuote(kind)) => {
                quotes.push(kind.is_some());
                let html = match kind {
                    Some(kind) => {
                        let name = callout_name(kind);
                        format!(
                            "<aside class=\"callout callout-{}\"><p class=\"callout-label\">{}</p>\n",
                            name.to_ascii_lowercase(),
                            escape(&(r.callout)(name))
                        )
                    }
                    None => "<blockquote>\n".to_string(),
                };
                Some(Event::Html(CowStr::from(html)))
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                let callout = quotes.pop().unwrap_or(false);
                Some(Event::Html(if callout { "</aside>\n" } else { "</blockquote>\n" }.into()))
            }
            other => Some(other),
        }
    });
    let mut html = String::with_capacity(md.len() * 2);
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

/// A link to the element with `id`, shown on hover.
pub(super) fn permalink(id: &str, label: &str) -> String {
    format!("<a class=\"permalink\" href=\"#{}\" aria-label=\"{}\">#</a>", escape(id), escape(label))
}

fn callout_name(kind: BlockQuoteKind) -> &'static str {
    match kind {
        BlockQuoteKind::Note => "NOTE",
        BlockQuoteKind::Tip => "TIP",
        BlockQuoteKind::Important => "IMPORTANT",
        BlockQuoteKind::Warning => "WARNING",
        BlockQuoteKind::Caution => "CAUTION",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(md: &str) -> String {
        with_item_ids(md, &|_| None)
    }

    fn with_item_ids(md: &str, item_id: &dyn Fn(usize) -> Option<String>) -> String {
        let link = |url: &str| (!url.starts_with("javascript:")).then(|| url.to_string());
        let code = |lang: &str, code: &str| format!("<pre data-lang=\"{lang}\">{}</pre>", escape(code));
        let callout = |kind: &str| kind.to_string();
        render(md, &Render { link: &link, image: &link, code: &code, callout: &callout, item_id, permalink: "link" })
    }

    #[test]
    fn nested_list_with_code_keeps_its_structure() {
        let md =
            "1. Edit the file:\n   - the `spec` part\n\n   ```yaml\n   spec:\n     replicas: 2\n   ```\n2. Apply it.";
        let html = plain(md);
        assert_eq!(html.matches("<ol>").count(), 1, "{html}");
        assert_eq!(html.matches("<li>").count(), 3, "{html}");
        assert!(html.contains("spec:\n  replicas: 2"), "indentation kept: {html}");
    }

    #[test]
    fn list_items_get_the_ids_of_their_lines() {
        let html = with_item_ids("- one\n- two\n  more\n- three", &|line| (line == 1).then(|| "second".to_string()));
        assert_eq!(html.matches("<li>").count(), 2, "{html}");
        assert!(
            html.contains("<li id=\"second\"><a class=\"permalink\" href=\"#second\" aria-label=\"link\">#</a>two"),
            "{html}"
        );
    }

    #[test]
    fn a_fence_names_its_block_for_tabs() {
        let html = plain("```sh [npm]\nnpm i\n```\n```sh title=\"<pnpm>\"\npnpm add\n```\n```sh\nyarn\n```");
        assert!(
            html.contains(
                "<div class=\"code-tab\" data-label=\"npm\"><p class=\"code-label\">npm</p><pre data-lang=\"sh\">"
            ),
            "{html}"
        );
        assert!(html.contains("data-label=\"&lt;pnpm&gt;\""), "{html}");
        assert_eq!(html.matches("code-tab").count(), 2, "{html}");
    }

    #[test]
    fn raw_html_and_script_links_are_inert() {
        let html = plain("<script>alert(1)</script>\n\nA <img src=x onerror=alert(1)> and [x](javascript:alert(1)).");
        assert!(!html.contains("<script") && !html.contains("<img"), "{html}");
        assert!(!html.contains("href=\"javascript"), "{html}");
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"), "{html}");
    }

    #[test]
    fn callouts_are_set_apart_with_their_title() {
        let html = plain("> [!WARNING] Mind the gap\n> Body.");
        assert!(
            html.starts_with("<aside class=\"callout callout-warning\"><p class=\"callout-label\">WARNING</p>"),
            "{html}"
        );
        assert!(html.contains("<strong>Mind the gap</strong>"), "{html}");
    }
}
