//! A strict reader of the XML a diagram renderer writes, for [`super::svg`]'s allow-list:
//! elements, attributes in quotes, text, the five predefined entities and character references,
//! comments and processing instructions (skipped). Anything else (a DTD, CDATA, an unknown
//! entity, a raw `<` in a value, tags that do not nest, text after the root) is an error rather
//! than a guess, so that what the allow-list sees is what a browser would see.

/// One piece of a document, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Token<'a> {
    /// A start tag, `empty` when it closes itself (`<rect/>`); values decoded.
    Open {
        name: &'a str,
        attributes: Vec<(&'a str, String)>,
        empty: bool,
    },
    Close(&'a str),
    /// Text, decoded.
    Text(String),
}

/// The tokens of `xml`, a document of one root element.
pub(crate) fn tokens(xml: &str) -> Result<Vec<Token<'_>>, String> {
    let mut out = Vec::new();
    let mut open: Vec<&str> = Vec::new();
    let mut rest = xml;
    let mut seen_root = false;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("<!--") {
            let end = after.find("-->").ok_or("comment never closed")?;
            rest = &after[end + 3..];
        } else if let Some(after) = rest.strip_prefix("<?") {
            let end = after.find("?>").ok_or("processing instruction never closed")?;
            rest = &after[end + 2..];
        } else if rest.starts_with("<!") {
            return Err("DTDs and CDATA are not read".to_string());
        } else if let Some(after) = rest.strip_prefix("</") {
            let (name, after) = name(after)?;
            let after = after.trim_start();
            rest = after.strip_prefix('>').ok_or_else(|| format!("end tag </{name}> not closed"))?;
            if open.pop() != Some(name) {
                return Err(format!("end tag </{name}> does not close the open element"));
            }
            out.push(Token::Close(name));
        } else if let Some(after) = rest.strip_prefix('<') {
            if seen_root && open.is_empty() {
                return Err("a second root element".to_string());
            }
            let (tag, after) = start_tag(after)?;
            rest = after;
            seen_root = true;
            if let Token::Open { name, empty: false, .. } = tag {
                open.push(name);
            }
            out.push(tag);
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            let text = &rest[..end];
            if open.is_empty() {
                if !text.trim().is_empty() {
                    return Err("text outside the root element".to_string());
                }
            } else {
                out.push(Token::Text(decode(text)?));
            }
            rest = &rest[end..];
        }
    }
    if !seen_root || !open.is_empty() {
        return Err("the root element is missing or never closed".to_string());
    }
    Ok(out)
}

/// A start tag after its `<`, and what follows its `>`.
fn start_tag(s: &str) -> Result<(Token<'_>, &str), String> {
    let (tag, mut rest) = name(s)?;
    let mut attributes: Vec<(&str, String)> = Vec::new();
    loop {
        let trimmed = rest.trim_start_matches([' ', '\t', '\r', '\n']);
        if let Some(after) = trimmed.strip_prefix("/>") {
            return Ok((Token::Open { name: tag, attributes, empty: true }, after));
        }
        if let Some(after) = trimmed.strip_prefix('>') {
            return Ok((Token::Open { name: tag, attributes, empty: false }, after));
        }
        if trimmed.len() == rest.len() {
            return Err(format!("<{tag}>: attributes must be separated by white space"));
        }
        let (attribute, after) = name(trimmed)?;
        let after = after.trim_start().strip_prefix('=').ok_or_else(|| format!("<{tag}>: {attribute} has no value"))?;
        let after = after.trim_start();
        let quote = after.chars().next().filter(|q| *q == '"' || *q == '\'');
        let quote = quote.ok_or_else(|| format!("<{tag}>: the value of {attribute} is not quoted"))?;
        let body = &after[1..];
        let end = body.find(quote).ok_or_else(|| format!("<{tag}>: the value of {attribute} never ends"))?;
        let value = &body[..end];
        if value.contains('<') {
            return Err(format!("<{tag}>: `<` in the value of {attribute}"));
        }
        if attributes.iter().any(|(a, _)| *a == attribute) {
            return Err(format!("<{tag}>: {attribute} given twice"));
        }
        attributes.push((attribute, decode(value)?));
        rest = &body[end + 1..];
    }
}

/// An XML name (ASCII: the renderer writes no other) at the start of `s`, and the rest.
fn name(s: &str) -> Result<(&str, &str), String> {
    let end = s.find(|c: char| !(c.is_ascii_alphanumeric() || "_:.-".contains(c))).unwrap_or(s.len());
    let name = &s[..end];
    match name.chars().next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' || c == ':' => Ok((name, &s[end..])),
        _ => Err(format!("not a name at `{}`", s.chars().take(16).collect::<String>())),
    }
}

/// Text or a value with its entities and character references replaced.
fn decode(s: &str) -> Result<String, String> {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let end = after.find(';').filter(|&e| e <= 10).ok_or("`&` that starts no entity")?;
        let entity = &after[..end];
        let c = match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = match entity.strip_prefix("#x").or_else(|| entity.strip_prefix("#X")) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => entity.strip_prefix('#').and_then(|d| d.parse().ok()),
                };
                code.and_then(char::from_u32)
                    .filter(|c| *c != '\0')
                    .ok_or_else(|| format!("unknown entity &{entity};"))?
            }
        };
        out.push(c);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_a_renderer_writes() {
        let t = tokens("<?xml version=\"1.0\"?>\n<svg a=\"1 &amp; &#x3c;\" b='x'><!-- c --><g/>t&lt;</svg>\n").unwrap();
        assert_eq!(
            t,
            [
                Token::Open { name: "svg", attributes: vec![("a", "1 & <".into()), ("b", "x".into())], empty: false },
                Token::Open { name: "g", attributes: vec![], empty: true },
                Token::Text("t<".into()),
                Token::Close("svg"),
            ]
        );
    }

    #[test]
    fn refuses_what_is_not_well_formed() {
        for bad in [
            "<svg><g></svg>",
            "<svg></svg><svg></svg>",
            "<svg fill=red/>",
            "<svg fill=\"a<b\"/>",
            "<svg a=\"1\" a=\"2\"/>",
            "<svg a=\"1\"b=\"2\"/>",
            "<!DOCTYPE svg [<!ENTITY x \"y\">]><svg/>",
            "<svg>&xxe;</svg>",
            "<svg><![CDATA[x]]></svg>",
            "<svg>",
            "text",
            "<svg/>after",
            "<svg>&#0;</svg>",
        ] {
            assert!(tokens(bad).is_err(), "{bad}");
        }
    }
}
