//! Diagrams as inline SVG at build time: mermaid blocks through mermaid-rs-renderer (plain
//! flowcharts laid out by errbook's `layered`), and each entry's generated diagnostic flowchart
//! (its error, each cause, each cause's fix). No mermaid JavaScript is shipped.
//!
//! The renderer's SVG carries `style` attributes and a `<style>` element, which a
//! `Content-Security-Policy: default-src 'self'` would block; [`clean_svg`] turns them into
//! presentation attributes and leaves the rest to the site stylesheet.

use std::sync::{Arc, LazyLock};

use regex::Regex;

use super::memo::Memo;
use super::text::escape;

/// Checks a mermaid diagram; the error says what is wrong and where in the diagram.
pub fn check(source: &str) -> Result<(), String> {
    mermaid_rs_renderer::parse_mermaid_strict(source).map(|_| ()).map_err(|e| e.to_string())
}

/// The diagram as inline SVG, with its source kept in a `<details>` for screen readers and
/// for copying.
pub fn figure(source: &str, label: &str, source_label: &str) -> Result<String, String> {
    let svg = render(source)?;
    Ok(format!(
        "<figure class=\"diagram\">{}<details><summary>{}</summary><pre><code>{}</code></pre></details></figure>\n",
        clean_svg(&svg, label),
        escape(source_label),
        escape(source.trim_end())
    ))
}

/// Rendered diagrams by source: the same diagram often appears in both languages.
static RENDERED: Memo<String, Result<Arc<str>, String>> = Memo::new(8192);

fn render(source: &str) -> Result<Arc<str>, String> {
    RENDERED.get_or_compute(source.to_string(), |source| {
        let options = mermaid_rs_renderer::RenderOptions::default();
        let graph = mermaid_rs_renderer::parse_mermaid_strict(source).map_err(|e| e.to_string())?.graph;
        let svg = super::layered::render(&graph, &options).unwrap_or_else(|| {
            let layout = mermaid_rs_renderer::compute_layout(&graph, &options.theme, &options.layout);
            mermaid_rs_renderer::render_svg(&layout, &options.theme, &options.layout)
        });
        Ok(svg.into())
    })
}

/// A node label: one line, no characters that end a mermaid string, at most 48 characters.
pub(super) fn mermaid_label(text: &str) -> String {
    let clean: String = text
        .trim()
        .trim_start_matches(['-', '*'])
        .chars()
        .map(|c| match c {
            '"' | '`' | '[' | ']' | '{' | '}' | '<' | '>' | '|' | '#' | ';' => ' ',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    let clean = clean.split_whitespace().collect::<Vec<_>>().join(" ");
    if clean.chars().count() > 48 { format!("{}…", clean.chars().take(47).collect::<String>()) } else { clean }
}

static STYLE_ELEMENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)<style[^>]*>.*?</style>").expect("valid regex"));
static STYLE_ATTR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"\sstyle="([^"]*)""#).expect("valid regex"));
static HANDLER_ATTR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"\son[a-zA-Z]+="[^"]*""#).expect("valid regex"));
static SCRIPT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?s)<script.*?</script>").expect("valid regex"));
static PROLOG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<\?xml[^>]*\?>").expect("valid regex"));

/// CSS properties that SVG also accepts as attributes.
const PRESENTATION: [&str; 14] = [
    "fill",
    "stroke",
    "stroke-width",
    "stroke-dasharray",
    "stroke-linecap",
    "stroke-linejoin",
    "opacity",
    "fill-opacity",
    "stroke-opacity",
    "font-size",
    "font-family",
    "font-weight",
    "text-anchor",
    "dominant-baseline",
];

static HREF_ATTR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?i)\s(?:xlink:)?href\s*=\s*(?:"([^"]*)"|'([^']*)')"#).expect("valid regex"));
static CLICK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"^\s*click\s+\S+\s+(call\b|(?:href\s+)?(?:"([^"]*)"|(\S+)))"#).expect("valid regex"));

/// Whether a link may stay in a diagram: `http(s):`, or a relative path or fragment with
/// nothing that a browser could read as a scheme.
fn is_safe_href(url: &str) -> bool {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        return !url.contains(['"', '<', '>', '&', '\\']) && !url.chars().any(char::is_whitespace);
    }
    !url.is_empty() && url.chars().all(|c| c.is_ascii_alphanumeric() || "-_./#?=".contains(c))
}

/// The `click` lines of a mermaid diagram that a page may not keep: links that are not
/// `http(s):` or relative (`javascript:`, `data:` …) and `call` of a script function, as
/// (line in the diagram from 1, what it says).
pub fn unsafe_clicks(source: &str) -> Vec<(usize, String)> {
    source
        .lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let c = CLICK.captures(line)?;
            let url = c.get(2).or(c.get(3)).map(|m| m.as_str()).filter(|_| !c[1].starts_with("call"));
            match url {
                Some(url) if is_safe_href(url) => None,
                _ => Some((i + 1, line.trim().to_string())),
            }
        })
        .collect()
}

/// Makes renderer SVG safe to inline under a strict CSP: no `<style>`, no `style=`, no scripts
/// or handlers, no link that is not `http(s):` or relative; labelled as an image.
pub fn clean_svg(svg: &str, label: &str) -> String {
    let svg = PROLOG.replace_all(svg, "");
    let svg = HREF_ATTR.replace_all(&svg, |caps: &regex::Captures<'_>| {
        let url = caps.get(1).or(caps.get(2)).map_or("", |m| m.as_str());
        if is_safe_href(url) { caps[0].to_string() } else { String::new() }
    });
    let svg = STYLE_ELEMENT.replace_all(&svg, "");
    let svg = SCRIPT.replace_all(&svg, "");
    let svg = HANDLER_ATTR.replace_all(&svg, "");
    let svg = STYLE_ATTR.replace_all(&svg, |caps: &regex::Captures<'_>| {
        let mut attrs = String::new();
        for decl in caps[1].split(';') {
            if let Some((prop, value)) = decl.split_once(':') {
                let (prop, value) = (prop.trim(), value.trim());
                if PRESENTATION.contains(&prop) && !value.contains('"') {
                    attrs.push_str(&format!(" {prop}=\"{value}\""));
                }
            }
        }
        attrs
    });
    svg.trim().replacen("<svg", &format!("<svg role=\"img\" aria-label=\"{}\"", escape(label)), 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rendered_svg_has_no_inline_style_or_script() {
        let html = figure("graph TD\n  A[問題発生] --> B{問題特定}\n  B -->|設定問題| C[設定修正]\n", "flow", "source")
            .unwrap();
        assert!(html.contains("<svg"), "{html}");
        assert!(!html.contains("style="), "{html}");
        assert!(!html.contains("<style"), "{html}");
        assert!(html.contains("問題発生"));
    }

    #[test]
    fn diagrams_the_layered_layout_leaves_alone_are_still_drawn() {
        for source in
            ["graph LR\n  subgraph 本番\n    A[ALB] --> B[ECS]\n  end\n", "sequenceDiagram\n  CLI->>ECS: deploy\n"]
        {
            let html = figure(source, "d", "source").unwrap();
            assert!(html.contains("<svg") && !html.contains("style="), "{html}");
        }
    }

    #[test]
    fn script_links_never_reach_a_diagram() {
        for click in [
            "click A \"javascript:alert(document.domain)\"",
            "click A href \"javascript:alert(1)\"",
            "click A \"data:text/html,<script>alert(1)</script>\"",
            "click A \" javascript:alert(1)\"",
            "click A \"jav&#x61;script:alert(1)\"",
            "click A call alert(1)",
        ] {
            let source = format!("flowchart TD\n  A[one]-->B[two]\n  {click}\n");
            assert_eq!(unsafe_clicks(&source).len(), 1, "{click}");
            if let Ok(html) = figure(&source, "d", "s") {
                let svg = &html[..html.find("<details>").unwrap()];
                assert!(!svg.to_lowercase().contains("javascript") && !svg.contains("data:"), "{click}: {svg}");
            }
        }
        assert!(unsafe_clicks("flowchart TD\n  A-->B\n  click A \"https://example.com/x\"\n").is_empty());
        assert_eq!(
            clean_svg(
                "<svg><a href=\"javascript:x\"><text>t</text></a><a xlink:href='https://ok.test/'></a></svg>",
                "d"
            ),
            "<svg role=\"img\" aria-label=\"d\"><a><text>t</text></a><a xlink:href='https://ok.test/'></a></svg>"
        );
    }

    #[test]
    fn broken_diagram_is_an_error() {
        assert!(check("graph TD\n  A --> \n  subgraph x\n").is_err());
    }

    #[test]
    fn style_attributes_become_presentation_attributes() {
        let svg = clean_svg(
            "<svg style=\"max-width: 10px\"><rect style=\"fill: #fff; stroke: red\"/><style>x{}</style></svg>",
            "d",
        );
        assert_eq!(svg, "<svg role=\"img\" aria-label=\"d\"><rect fill=\"#fff\" stroke=\"red\"/></svg>");
    }

    #[test]
    fn labels_cannot_break_out_of_mermaid_strings() {
        assert_eq!(mermaid_label("\"x\"] --> evil[\"y"), "x -- evil y");
    }
}
