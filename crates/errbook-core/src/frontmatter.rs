//! YAML front matter (`---` … `---`) at the top of a markdown page, Jekyll keys included.

use serde::Deserialize;

use crate::diagnostics::{Diagnostics, Location};

/// The keys errbook reads; any other key (Jekyll's `layout`, `parent`, `nav_order` …) is kept
/// as it is in `extra`.
#[derive(Debug, Default, Clone, Deserialize, serde::Serialize, PartialEq)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub lang: Option<String>,
    /// The id of the same document in another language, for the language switcher.
    pub translation_of: Option<String>,
    /// This page's entries that are translations of entries in another language:
    /// entry id → `lang/id` (the alternative to book.toml's `[[translations]]`).
    #[serde(default)]
    pub entry_translations: std::collections::BTreeMap<String, String>,
    pub description: Option<String>,
    /// Docusaurus' document id.
    pub id: Option<String>,
    /// Hugo's and MDN's slug: a name, or a path the page was published at.
    pub slug: Option<String>,
    pub permalink: Option<String>,
    #[serde(default)]
    pub tags: OneOrMany,
    /// Hugo's old URLs of the page.
    #[serde(default)]
    pub aliases: OneOrMany,
    /// Jekyll's old URLs of the page.
    #[serde(default)]
    pub redirect_from: OneOrMany,
    #[serde(flatten)]
    pub extra: serde_yaml_ng::Mapping,
    /// The line of the file each top-level key is on, for messages about its value (the YAML
    /// parser gives positions of syntax errors only).
    #[serde(skip)]
    pub key_lines: std::collections::BTreeMap<String, usize>,
}

/// A key that platforms write as one string or as a list (`tags: x` or `tags: [x, y]`); any
/// other shape is read as nothing rather than failing the page.
#[derive(Debug, Default, Clone, Deserialize, serde::Serialize, PartialEq)]
#[serde(transparent)]
pub struct OneOrMany(Option<serde_yaml_ng::Value>);

impl OneOrMany {
    pub fn to_vec(&self) -> Vec<String> {
        fn scalar(v: &serde_yaml_ng::Value) -> Option<String> {
            match v {
                serde_yaml_ng::Value::String(s) => Some(s.clone()),
                serde_yaml_ng::Value::Number(n) => Some(n.to_string()),
                serde_yaml_ng::Value::Bool(b) => Some(b.to_string()),
                _ => None,
            }
        }
        match &self.0 {
            Some(serde_yaml_ng::Value::Sequence(items)) => items.iter().filter_map(scalar).collect(),
            Some(v) => scalar(v).into_iter().collect(),
            None => Vec::new(),
        }
    }
}

impl FrontMatter {
    /// The paths the page was published at: its aliases and redirects, and a slug or permalink
    /// that names a path.
    pub fn routes(&self) -> Vec<String> {
        let mut routes = self.aliases.to_vec();
        routes.extend(self.redirect_from.to_vec());
        routes.extend(self.slug.iter().chain(&self.permalink).filter(|s| s.contains('/')).cloned());
        routes
    }
}

/// The front matter and the body, with the number of lines the front matter took, so that
/// lines in the body can be reported as lines of the file.
pub struct Split<'a> {
    pub front: FrontMatter,
    pub body: &'a str,
    pub body_line_offset: usize,
}

pub fn split<'a>(path: &str, text: &'a str, diags: &mut Diagnostics) -> Option<Split<'a>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(rest) = text.strip_prefix("---\n").or_else(|| text.strip_prefix("---\r\n")) else {
        return Some(Split { front: FrontMatter::default(), body: text, body_line_offset: 0 });
    };
    let close = find_closing(rest);
    let Some((yaml_end, body_start)) = close else {
        diags.error(
            Some(Location::new(path, 1, 1)),
            "front matter opened with `---` is never closed",
            "end the front matter with a line holding only `---`",
        );
        return None;
    };
    let yaml = &rest[..yaml_end];
    let body = &rest[body_start..];
    let body_line_offset = text[..text.len() - body.len()].matches('\n').count();
    let front = if yaml.trim().is_empty() {
        FrontMatter::default()
    } else {
        match serde_yaml_ng::from_str::<FrontMatter>(yaml) {
            Ok(front) => FrontMatter { key_lines: key_lines(yaml), ..front },
            Err(err) => {
                // +1 for the opening `---` line.
                let (line, column) = err.location().map_or((1, 1), |l| (l.line() + 1, l.column()));
                let message = err.to_string();
                let message = message.split(" at line ").next().unwrap_or(&message);
                diags.error(
                    Some(Location::new(path, line, column)),
                    format!("malformed front matter: {message}"),
                    "front matter is YAML: `key: value` lines between two `---` lines",
                );
                return None;
            }
        }
    };
    Some(Split { front, body, body_line_offset })
}

/// Keys kept as they are, for `records.json`: string keys (others written as YAML), values as
/// JSON.
pub fn as_json(extra: &serde_yaml_ng::Mapping) -> std::collections::BTreeMap<String, serde_json::Value> {
    extra
        .iter()
        .filter_map(|(key, value)| {
            let key = match key {
                serde_yaml_ng::Value::String(s) => s.clone(),
                other => serde_yaml_ng::to_string(other).ok()?.trim_end().to_string(),
            };
            Some((key, serde_json::to_value(value).ok()?))
        })
        .collect()
}

/// The file line of each top-level key of `yaml` (a key at the start of a line, before `:`):
/// the YAML starts on line 2, after the opening `---`.
fn key_lines(yaml: &str) -> std::collections::BTreeMap<String, usize> {
    let mut lines = std::collections::BTreeMap::new();
    for (i, line) in yaml.lines().enumerate() {
        if line.starts_with([' ', '\t', '#', '-']) {
            continue;
        }
        if let Some((key, _)) = line.split_once(':') {
            let key = key.trim().trim_matches(['"', '\'']);
            lines.entry(key.to_string()).or_insert(i + 2);
        }
    }
    lines
}

impl FrontMatter {
    /// The line of top-level `key`, or 1 (the file's start) when it has none.
    pub fn key_line(&self, key: &str) -> usize {
        self.key_lines.get(key).copied().unwrap_or(1)
    }
}

/// Byte offsets (end of YAML, start of body) of the closing `---` line in `rest`.
fn find_closing(rest: &str) -> Option<(usize, usize)> {
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" || line.trim_end() == "..." {
            return Some((offset, offset + line.len()));
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_keys_reach_the_records_as_json() {
        let mut d = Diagnostics::default();
        let s = split("a.md", "---\nnav_order: 6\n2024: year\nparent: {a: [1, x]}\n---\n", &mut d).unwrap();
        let json = serde_json::to_string(&as_json(&s.front.extra)).unwrap();
        assert_eq!(json, r#"{"2024":"year","nav_order":6,"parent":{"a":[1,"x"]}}"#);
    }

    #[test]
    fn top_level_keys_know_their_lines() {
        let mut d = Diagnostics::default();
        let text = "---\ntitle: T\nnested:\n  lang: no\n# lang: comment\nlang: xx\n---\nlang: body\n";
        let s = split("a.md", text, &mut d).unwrap();
        assert_eq!(s.front.key_line("lang"), 6);
        assert_eq!(s.front.key_line("title"), 2);
        assert_eq!(s.front.key_line("absent"), 1);
    }

    #[test]
    fn jekyll_keys_are_kept() {
        let mut d = Diagnostics::default();
        let s = split("a.md", "---\nlayout: default\ntitle: T\nnav_order: 6\n---\n# Body\n", &mut d).unwrap();
        assert_eq!(s.front.title.as_deref(), Some("T"));
        assert_eq!(s.front.extra.get("nav_order").and_then(|v| v.as_u64()), Some(6));
        assert_eq!(s.body, "# Body\n");
        assert_eq!(s.body_line_offset, 5);
    }

    #[test]
    fn platform_keys_are_read_in_either_form() {
        let mut d = Diagnostics::default();
        let text = "---\ntitle: T\ntags: [a, b]\naliases:\n  - /old/\nredirect_from: /older\nslug: Web/Errors/X\n---\n";
        let s = split("a.md", text, &mut d).unwrap();
        assert_eq!(s.front.tags.to_vec(), ["a", "b"]);
        assert_eq!(s.front.routes(), ["/old/", "/older", "Web/Errors/X"]);
    }

    #[test]
    fn malformed_yaml_names_its_line() {
        let mut d = Diagnostics::default();
        assert!(split("a.md", "---\ntitle: ok\nlang: [unclosed\n---\nbody\n", &mut d).is_none());
        let shown = d.sorted()[0].to_string();
        assert!(shown.starts_with("a.md:"), "{shown}");
        assert!(shown.contains("malformed front matter"), "{shown}");
    }

    #[test]
    fn wrong_type_for_known_key_is_an_error() {
        let mut d = Diagnostics::default();
        assert!(split("a.md", "---\nlang:\n  nested: map\n---\n", &mut d).is_none());
        assert!(d.has_errors());
    }
}
