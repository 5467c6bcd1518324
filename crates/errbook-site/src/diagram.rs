//! Diagrams as inline SVG at build time: mermaid blocks through mermaid-rs-renderer (plain
//! flowcharts laid out by errbook's `layered`), and each entry's generated diagnostic flowchart
//! (its error, each cause, each cause's fix). No mermaid JavaScript is shipped.
//!
//! A document's `style`, `classDef` and `linkStyle` values, which the renderer copies into its
//! SVG as they are, keep only colours and lengths ([`clean_styles`]); the SVG then passes the
//! allow-list of [`super::svg`] whatever it holds, which also turns `style` attributes into
//! presentation attributes so that pages run under a strict CSP.

use std::sync::{Arc, LazyLock};

use regex::Regex;

use super::css::{self, Kind};
use super::memo::Memo;
use super::svg;
use super::text::escape;

/// Checks a mermaid diagram; the error says what is wrong and where in the diagram.
pub fn check(source: &str) -> Result<(), String> {
    mermaid_rs_renderer::parse_mermaid_strict(source).map(|_| ()).map_err(|e| e.to_string())
}

/// The most nodes and edges a diagram is laid out with. Layout time grows with the square of
/// the edges and more (80 nodes and 160 edges took 5 s, 400 and 800 over two minutes); a
/// troubleshooting flowchart has a few dozen. A larger diagram is shown as its source.
pub const MAX_NODES: usize = 100;
pub const MAX_EDGES: usize = 150;

/// The diagram as inline SVG, with its source kept in a `<details>` for screen readers and
/// for copying; a diagram too large to lay out ([`too_large`]) is shown as its source only.
pub fn figure(source: &str, label: &str, source_label: &str) -> Result<String, String> {
    let Some(svg) = render(&clean_styles(source).0)? else {
        return Ok(format!(
            "<figure class=\"diagram diagram-source\"><pre><code>{}</code></pre></figure>\n",
            escape(source.trim_end())
        ));
    };
    let drawing = svg::sanitize(&svg, label)?;
    Ok(format!(
        "<figure class=\"diagram\">{drawing}<details><summary>{}</summary><pre><code>{}</code></pre></details></figure>\n",
        escape(source_label),
        escape(source.trim_end())
    ))
}

/// `Some((nodes, edges))` when a diagram that parses has more nodes or edges than are laid out.
pub fn too_large(source: &str) -> Option<(usize, usize)> {
    let graph = mermaid_rs_renderer::parse_mermaid_strict(source).ok()?.graph;
    let size = (graph.nodes.len() + graph.subgraphs.len(), graph.edges.len());
    (size.0 > MAX_NODES || size.1 > MAX_EDGES).then_some(size)
}

/// Rendered diagrams by source (`None`: too large to lay out): the same diagram often appears
/// in both languages.
static RENDERED: Memo<String, Result<Option<Arc<str>>, String>> = Memo::new(8192);

fn render(source: &str) -> Result<Option<Arc<str>>, String> {
    RENDERED.get_or_compute(source.to_string(), |source| {
        let options = mermaid_rs_renderer::RenderOptions::default();
        let graph = mermaid_rs_renderer::parse_mermaid_strict(source).map_err(|e| e.to_string())?.graph;
        if graph.nodes.len() + graph.subgraphs.len() > MAX_NODES || graph.edges.len() > MAX_EDGES {
            return Ok(None);
        }
        let svg = super::layered::render(&graph, &options).unwrap_or_else(|| {
            let layout = mermaid_rs_renderer::compute_layout(&graph, &options.theme, &options.layout);
            mermaid_rs_renderer::render_svg(&layout, &options.theme, &options.layout)
        });
        Ok(Some(svg.into()))
    })
}

static CLICK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"^\s*click\s+\S+\s+(call\b|(?:href\s+)?(?:"([^"]*)"|(\S+)))"#).expect("valid regex"));

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
                Some(url) if svg::is_safe_href(url) => None,
                _ => Some((i + 1, line.trim().to_string())),
            }
        })
        .collect()
}

/// A `style`, `classDef` or `linkStyle` declaration a page will not draw: a property errbook
/// does not draw or a value that is not a colour or length as the property needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DroppedStyle {
    /// Line in the diagram, from 1.
    pub line: usize,
    pub declaration: String,
}

/// The properties a document's styles may set, and what each takes.
fn style_kind(property: &str) -> Option<Kind> {
    Some(match property {
        "fill" | "stroke" | "color" => Kind::Colour,
        "stroke-width" => Kind::Length,
        "stroke-dasharray" => Kind::Dashes,
        _ => return None,
    })
}

/// `source` with every `style`, `classDef` and `linkStyle` declaration that is not a valid
/// colour or length for its property taken out (a statement left with none goes whole), and
/// what was taken out. The renderer copies these values into the SVG as they are.
pub fn clean_styles(source: &str) -> (String, Vec<DroppedStyle>) {
    let mut dropped = Vec::new();
    let mut out = String::with_capacity(source.len());
    for (i, line) in source.split_inclusive('\n').enumerate() {
        if !["style", "classDef", "linkStyle"].iter().any(|k| line.contains(k)) {
            out.push_str(line);
            continue;
        }
        let body = line.trim_end_matches(['\r', '\n']);
        let end = &line[body.len()..];
        let statements: Vec<String> =
            body.split(';').map(|statement| clean_statement(statement, i + 1, &mut dropped)).collect();
        out.push_str(&statements.join(";"));
        out.push_str(end);
    }
    (out, dropped)
}

/// One statement of a line: a style statement keeps its valid declarations only.
fn clean_statement(statement: &str, line: usize, dropped: &mut Vec<DroppedStyle>) -> String {
    let trimmed = statement.trim_start();
    let indent = &statement[..statement.len() - trimmed.len()];
    let words: Vec<&str> = trimmed.split_whitespace().collect();
    // Where the declarations start: after `style ID` and `classDef NAME`; at the first word
    // holding a colon after `linkStyle`, as the renderer reads them.
    let at = match words.first() {
        Some(&"style") | Some(&"classDef") => 2,
        Some(&"linkStyle") => match words.iter().skip(1).position(|w| w.contains(':')) {
            Some(p) => p + 1,
            None => return statement.to_string(),
        },
        _ => return statement.to_string(),
    };
    if words.len() <= at {
        return statement.to_string();
    }
    let declarations = words[at..].join(" ");
    let mut kept = Vec::new();
    for declaration in declarations.split(',') {
        let valid = declaration
            .split_once(':')
            .and_then(|(property, value)| Some((style_kind(property.trim())?, value.trim())))
            .is_some_and(|(kind, value)| css::valid(kind, value));
        if valid {
            kept.push(declaration.trim());
        } else if !declaration.trim().is_empty() {
            dropped.push(DroppedStyle { line, declaration: declaration.trim().to_string() });
        }
    }
    if kept.is_empty() {
        return String::new();
    }
    format!("{indent}{} {}", words[..at].join(" "), kept.join(","))
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
            svg::sanitize(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"><a href=\"javascript:x\"><text>t</text></a><a xlink:href='https://ok.test/'></a></svg>",
                "d"
            )
            .unwrap(),
            "<svg role=\"img\" aria-label=\"d\" xmlns=\"http://www.w3.org/2000/svg\"><a><text>t</text></a><a href=\"https://ok.test/\"></a></svg>"
        );
    }

    #[test]
    fn broken_diagram_is_an_error() {
        assert!(check("graph TD\n  A --> \n  subgraph x\n").is_err());
    }

    #[test]
    fn document_styles_keep_colours_and_lengths_only() {
        let source = "flowchart TD\n  A-->B\n  style A fill:#f9f,stroke:red\"/><img src=x onerror=alert(1)>,stroke-width:4px\n  classDef hot fill:url(https://evil.test/),color:#fff\n  linkStyle 0 stroke:expression(alert(1))\n  A-->C; style C fill:blue\n";
        let (clean, dropped) = clean_styles(source);
        assert_eq!(
            clean,
            "flowchart TD\n  A-->B\n  style A fill:#f9f,stroke-width:4px\n  classDef hot color:#fff\n\n  A-->C; style C fill:blue\n"
        );
        let lines: Vec<(usize, &str)> = dropped.iter().map(|d| (d.line, d.declaration.as_str())).collect();
        assert_eq!(
            lines,
            [
                (3, "stroke:red\"/><img src=x onerror=alert(1)>"),
                (4, "fill:url(https://evil.test/)"),
                (5, "stroke:expression(alert(1))")
            ]
        );
        let html = figure(source, "d", "s").unwrap();
        let drawing = &html[..html.find("<details>").unwrap()];
        assert!(!drawing.contains("onerror") && !drawing.contains("evil") && drawing.contains("#f9f"), "{drawing}");
    }
}
