//! The allow-list every rendered diagram passes before it reaches a page. The renderer's SVG is
//! read as XML ([`xml`]: strict, no DTD, no entities of its own) and written again from its tokens:
//! only the elements and attributes a drawing needs survive, each attribute value checked by
//! its grammar (numbers, path data, colours, `url(#id)`), every text and value escaped anew.
//! A `style` attribute's declarations become presentation attributes when their values pass
//! [`css`], so that pages run under a CSP without `'unsafe-inline'` styles; `<style>`,
//! `<script>`, `<foreignObject>`, `<image>` and anything unknown are dropped with what they hold.
//! Nothing the renderer writes is trusted: a value it copied from a document unescaped is either
//! a colour or gone.

use super::css::{self, Kind};
use super::text::escape;
use super::xml::{self, Token};
use errbook_core::paths::LINK_SCHEMES;

const SVG_NS: &str = "http://www.w3.org/2000/svg";

/// Elements a diagram is drawn with.
const ELEMENTS: [&str; 20] = [
    "svg",
    "g",
    "defs",
    "marker",
    "symbol",
    "use",
    "rect",
    "circle",
    "ellipse",
    "line",
    "path",
    "polygon",
    "polyline",
    "text",
    "tspan",
    "title",
    "desc",
    "a",
    "linearGradient",
    "stop",
];

/// What a non-presentation attribute accepts.
fn attribute(element: &str, name: &str) -> Option<Value> {
    Some(match name {
        "x" | "y" | "x1" | "y1" | "x2" | "y2" | "cx" | "cy" | "r" | "rx" | "ry" | "width" | "height" | "dx" | "dy"
        | "refX" | "refY" | "markerWidth" | "markerHeight" | "offset" | "textLength" | "viewBox" => Value::Lengths,
        "d" | "points" => Value::PathData,
        "transform" | "gradientTransform" => Value::Transform,
        "orient" | "markerUnits" | "gradientUnits" | "lengthAdjust" | "preserveAspectRatio" | "target" | "rel" => {
            Value::Words
        }
        "id" | "class" | "data-edge-id" | "data-label-kind" | "data-id" => Value::Text,
        "href" if element == "a" => Value::Link,
        "href" if element == "use" => Value::Local,
        _ => return css::presentation(name).map(Value::Css),
    })
}

#[derive(Debug, Clone, Copy)]
enum Value {
    Lengths,
    PathData,
    Transform,
    /// Keywords and numbers separated by spaces.
    Words,
    /// Any text: written escaped, and meaningful to nothing but the site's stylesheet.
    Text,
    /// An `http(s):` or relative link.
    Link,
    /// `#id` of the same drawing.
    Local,
    Css(Kind),
}

impl Value {
    fn accepts(self, value: &str) -> bool {
        let value = value.trim();
        match self {
            Value::Lengths => css::is_length_list(value),
            Value::PathData => value.bytes().all(|b| b"MmLlHhVvCcSsQqTtAaZz0123456789.,+-eE \t\r\n".contains(&b)),
            Value::Transform => {
                value.len() <= 256 && value.bytes().all(|b| b.is_ascii_alphanumeric() || b"(),.+- ".contains(&b))
            }
            Value::Words => value.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_. ".contains(&b)),
            Value::Text => value.len() <= 1024,
            Value::Link => is_safe_href(value),
            Value::Local => value
                .strip_prefix('#')
                .is_some_and(|id| id.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b))),
            Value::Css(kind) => css::valid(kind, value),
        }
    }
}

/// `svg` written again from the allow-list, its root labelled as an image named `label`; `Err`
/// when it is not well-formed XML with an `<svg>` root.
pub(crate) fn sanitize(svg: &str, label: &str) -> Result<String, String> {
    let tokens = xml::tokens(svg).map_err(|e| format!("drawing is not SVG: {e}"))?;
    if !matches!(tokens.first(), Some(Token::Open { name: "svg", .. })) {
        return Err("drawing is not SVG".to_string());
    }
    let mut out = String::with_capacity(svg.len());
    // Elements open, and whether each is kept: what a dropped element holds is dropped too.
    let mut open: Vec<bool> = Vec::new();
    for token in &tokens {
        let inside_kept = open.last().is_none_or(|kept| *kept);
        match token {
            Token::Open { name, attributes: given, empty } => {
                let root = open.is_empty();
                let kept = inside_kept && ELEMENTS.contains(name);
                if kept {
                    out.push('<');
                    out.push_str(name);
                    if root {
                        out.push_str(&format!(" role=\"img\" aria-label=\"{}\" xmlns=\"{SVG_NS}\"", escape(label)));
                    }
                    attributes(name, root, given, &mut out);
                    out.push_str(if *empty { "/>" } else { ">" });
                }
                if !empty {
                    open.push(kept);
                }
            }
            Token::Close(name) => {
                if open.pop() == Some(true) {
                    out.push_str(&format!("</{name}>"));
                }
            }
            Token::Text(text) if inside_kept => out.push_str(&escape(text)),
            Token::Text(_) => {}
        }
    }
    Ok(out)
}

/// The attributes of an element that pass, then the declarations of its `style` that pass,
/// which override attributes of the same name as CSS would.
fn attributes(element: &str, root: bool, given: &[(&str, String)], out: &mut String) {
    let mut kept: Vec<(String, String)> = Vec::new();
    let mut from_style: Vec<(String, String)> = Vec::new();
    for (name, value) in given {
        // `xlink:href` is written as SVG 2's `href`; other prefixed names (and `xmlns`) go.
        let name = if *name == "xlink:href" { "href" } else { name };
        if name == "style" {
            for declaration in value.split(';') {
                let Some((property, value)) = declaration.split_once(':') else { continue };
                let (property, value) = (property.trim(), value.trim());
                if css::presentation(property).is_some_and(|kind| css::valid(kind, value)) {
                    from_style.push((property.to_string(), value.to_string()));
                }
            }
            continue;
        }
        if root && matches!(name, "role" | "aria-label") {
            continue; // the page's own label is written instead
        }
        if attribute(element, name).is_some_and(|v| v.accepts(value)) && !kept.iter().any(|(k, _)| k == name) {
            kept.push((name.to_string(), value.trim().to_string()));
        }
    }
    for (property, value) in from_style {
        match kept.iter_mut().find(|(k, _)| *k == property) {
            Some(slot) => slot.1 = value,
            None => kept.push((property, value)),
        }
    }
    for (name, value) in kept {
        out.push_str(&format!(" {name}=\"{}\"", escape(&value)));
    }
}

/// Whether a link may stay in a diagram (its drawing here, a `click` line of its source there):
/// a scheme of the book's one allow-list ([`LINK_SCHEMES`]) with nothing that could leave the
/// attribute, or a relative path or fragment of plain characters.
pub(crate) fn is_safe_href(url: &str) -> bool {
    let url = url.trim();
    match url.split_once(':') {
        Some((scheme, _)) => {
            LINK_SCHEMES.contains(&scheme.to_ascii_lowercase().as_str())
                && !url.contains(['"', '<', '>', '&', '\\'])
                && !url.chars().any(|c| c.is_whitespace() || c.is_control())
        }
        None => !url.is_empty() && url.chars().all(|c| c.is_ascii_alphanumeric() || "-_./#?=".contains(c)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_allow_list_survives() {
        let svg = "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" style=\"max-width: 10px\" onload=\"alert(1)\">\
            <style>svg{fill:red}</style><SCRIPT>alert(1)</SCRIPT><script>alert(2)</script>\
            <rect x=\"1\" y=\"2\" style=\"fill: #fff; stroke: red; background: url(https://evil.test/)\" onclick=\"x()\"/>\
            <foreignObject><div xmlns=\"http://www.w3.org/1999/xhtml\">x</div></foreignObject>\
            <image xlink:href=\"https://evil.test/i.png\"/>\
            <a xlink:href=\"javascript:alert(1)\"><text x=\"3\">a &lt;b&gt;</text></a>\
            <a xlink:href=\"https://ok.test/\"><text>ok</text></a>\
            <path d=\"M0 0 L1 1\" fill=\"red&quot;/&gt;&lt;img src=x onerror=alert(1)&gt;\" marker-end=\"url(#arrow)\"/>\
            </svg>";
        assert_eq!(
            sanitize(svg, "d").unwrap(),
            "<svg role=\"img\" aria-label=\"d\" xmlns=\"http://www.w3.org/2000/svg\">\
            <rect x=\"1\" y=\"2\" fill=\"#fff\" stroke=\"red\"/>\
            <a><text x=\"3\">a &lt;b&gt;</text></a>\
            <a href=\"https://ok.test/\"><text>ok</text></a>\
            <path d=\"M0 0 L1 1\" marker-end=\"url(#arrow)\"/></svg>"
        );
    }

    #[test]
    fn what_is_not_svg_is_refused() {
        assert!(sanitize("<html><script>alert(1)</script></html>", "d").is_err());
        assert!(sanitize("<svg xmlns=\"http://www.w3.org/2000/svg\"><text>&xxe;</text></svg>", "d").is_err());
        assert!(
            sanitize("<!DOCTYPE svg [<!ENTITY a \"b\">]><svg xmlns=\"http://www.w3.org/2000/svg\"/>", "d").is_err()
        );
        assert!(sanitize("<g><svg/></g>", "d").is_err(), "the root is <svg>");
    }
}
