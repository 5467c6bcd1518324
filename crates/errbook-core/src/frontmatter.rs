//! Front matter at the top of a markdown page, in the language its platform writes it: YAML
//! between `---` lines, TOML between `+++` lines (or between `---` when its lines are
//! `key = value`), or a JSON object; Jekyll's, Hugo's and Docusaurus' keys included.

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
    let Some(fenced) = fenced(text) else {
        return Some(Split { front: FrontMatter::default(), body: text, body_line_offset: 0 });
    };
    let Some(Fenced { format, front, first_line, body }) = fenced else {
        let fence = &text[..3];
        diags.error(
            Some(Location::new(path, 1, 1)),
            format!("front matter opened with `{fence}` is never closed"),
            format!("end the front matter with a line holding only `{fence}`"),
        );
        return None;
    };
    let body_line_offset = text[..text.len() - body.len()].matches('\n').count();
    if front.trim().is_empty() {
        return Some(Split { front: FrontMatter::default(), body, body_line_offset });
    }
    match format.parse(front) {
        Ok(parsed) => Some(Split {
            front: FrontMatter { key_lines: key_lines(front, format.separator(), first_line), ..parsed },
            body,
            body_line_offset,
        }),
        Err(FrontError { line, column, message }) => {
            diags.error(
                Some(Location::new(path, line + first_line - 1, column)),
                format!("malformed front matter: {message}"),
                format.help(),
            );
            None
        }
    }
}

/// The languages front matter is written in, as the platforms write it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Format {
    /// Between `---` lines (every platform).
    Yaml,
    /// Between `+++` lines (Hugo), or between `---` lines when its lines are `key = value`.
    Toml,
    /// An object opening the file (Hugo).
    Json,
}

struct Fenced<'a> {
    format: Format,
    front: &'a str,
    /// The file line the front matter's first line is on.
    first_line: usize,
    body: &'a str,
}

/// A parse error at a line and column of the front matter itself.
struct FrontError {
    line: usize,
    column: usize,
    message: String,
}

/// The front matter opening `text`: `None` when there is none, `Some(None)` when it is never
/// closed.
fn fenced(text: &str) -> Option<Option<Fenced<'_>>> {
    if text.starts_with('{') {
        let mut values = serde_json::Deserializer::from_str(text).into_iter::<serde::de::IgnoredAny>();
        return Some(match values.next() {
            Some(Ok(_)) => {
                let end = values.byte_offset();
                let body = text[end..].strip_prefix("\r\n").or_else(|| text[end..].strip_prefix('\n'));
                Some(Fenced {
                    format: Format::Json,
                    front: &text[..end],
                    first_line: 1,
                    body: body.unwrap_or(&text[end..]),
                })
            }
            // The object is parsed again for a located message.
            _ => Some(Fenced { format: Format::Json, front: text, first_line: 1, body: "" }),
        });
    }
    let (fence, format) = if text.starts_with("---") { ("---", Format::Yaml) } else { ("+++", Format::Toml) };
    let rest = text.strip_prefix(fence)?;
    let rest = rest.strip_prefix('\n').or_else(|| rest.strip_prefix("\r\n"))?;
    let Some((end, body_start)) = find_closing(rest, fence) else { return Some(None) };
    let front = &rest[..end];
    let format = if format == Format::Yaml && reads_as_toml(front) { Format::Toml } else { format };
    Some(Some(Fenced { format, front, first_line: 2, body: &rest[body_start..] }))
}

/// TOML written between `---` lines: its first key line is `key = value`, which YAML would
/// read as one string.
fn reads_as_toml(front: &str) -> bool {
    let first = front.lines().map(str::trim).find(|l| !l.is_empty() && !l.starts_with('#')).unwrap_or("");
    let Some((key, _)) = first.split_once('=') else { return false };
    let key = key.trim().trim_matches(['"', '\'']);
    !key.is_empty() && !key.contains(':') && key.chars().all(|c| c.is_alphanumeric() || "_-.".contains(c))
}

impl Format {
    fn parse(self, front: &str) -> Result<FrontMatter, FrontError> {
        match self {
            Format::Json if let Err(err) = serde_json::from_str::<serde::de::IgnoredAny>(front) => {
                let message = err.to_string();
                let message = message.split(" at line ").next().unwrap_or(&message).to_string();
                Err(FrontError { line: err.line(), column: err.column(), message })
            }
            // Valid JSON is YAML: the YAML reader gives the same keys.
            Format::Yaml | Format::Json => serde_yaml_ng::from_str::<FrontMatter>(front).map_err(|err| {
                let (line, column) = err.location().map_or((1, 1), |l| (l.line(), l.column()));
                let message = err.to_string();
                let message = message.split(" at line ").next().unwrap_or(&message).to_string();
                FrontError { line, column, message }
            }),
            Format::Toml => {
                let located = |err: &dyn std::fmt::Display, offset: usize| {
                    let before = &front[..offset.min(front.len())];
                    let line = before.matches('\n').count() + 1;
                    let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
                    let message = err.to_string();
                    let message = message.lines().last().unwrap_or(&message).trim().to_string();
                    FrontError { line, column, message }
                };
                let table: toml::Table =
                    front.parse().map_err(|e: toml::de::Error| located(&e, e.span().map_or(0, |s| s.start)))?;
                let value = serde_yaml_ng::to_value(table).map_err(|e| located(&e, 0))?;
                serde_yaml_ng::from_value::<FrontMatter>(value).map_err(|e| located(&e, 0))
            }
        }
    }

    fn separator(self) -> char {
        if self == Format::Toml { '=' } else { ':' }
    }

    fn help(self) -> &'static str {
        match self {
            Format::Yaml => "front matter is YAML: `key: value` lines between two `---` lines",
            Format::Toml => "front matter is TOML here: `key = \"value\"` lines between two `+++` lines",
            Format::Json => "front matter is JSON here: one object, `{ \"key\": \"value\" }`, opening the file",
        }
    }
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

/// The file line of each top-level key of the front matter (a key at the start of a line,
/// before `separator`; in JSON, indented by two spaces); `first_line` is the file line of the
/// front matter's first.
fn key_lines(front: &str, separator: char, first_line: usize) -> std::collections::BTreeMap<String, usize> {
    let mut lines = std::collections::BTreeMap::new();
    for (i, line) in front.lines().enumerate() {
        let line = if line.starts_with("  \"") { line.trim_start() } else { line };
        if line.starts_with([' ', '\t', '#', '-', '[', '{', '}']) {
            continue;
        }
        if let Some((key, _)) = line.split_once(separator) {
            let key = key.trim().trim_matches(['"', '\'']);
            lines.entry(key.to_string()).or_insert(i + first_line);
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

/// Byte offsets (end of the front matter, start of body) of the closing `fence` line in `rest`.
fn find_closing(rest: &str, fence: &str) -> Option<(usize, usize)> {
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == fence || (fence == "---" && line.trim_end() == "...") {
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
    fn toml_and_json_front_matter_read_like_yaml() {
        let mut d = Diagnostics::default();
        let toml = "+++\ntitle = \"T\"\ntags = [\"a\", \"b\"]\ndate = 2024-01-02\n+++\n# Body\n";
        let s = split("a.md", toml, &mut d).unwrap();
        assert_eq!((s.front.title.as_deref(), s.front.tags.to_vec()), (Some("T"), vec!["a".to_string(), "b".into()]));
        assert_eq!((s.body, s.body_line_offset, s.front.key_line("tags")), ("# Body\n", 5, 3));
        let dashed = split("a.md", "---\ntitle = \"T\"\nlang = \"ja\"\n---\nx\n", &mut d).unwrap();
        assert_eq!(dashed.front.lang.as_deref(), Some("ja"));
        let json = split("a.md", "{\n  \"title\": \"J\",\n  \"aliases\": [\"/old/\"]\n}\n# Body\n", &mut d).unwrap();
        assert_eq!((json.front.title.as_deref(), json.body, json.body_line_offset), (Some("J"), "# Body\n", 4));
        assert_eq!(json.front.routes(), ["/old/"]);
        assert!(!d.has_errors());
    }

    #[test]
    fn malformed_toml_and_json_name_their_lines() {
        let mut d = Diagnostics::default();
        assert!(split("a.md", "+++\ntitle = \"ok\"\nlang = [unclosed\n+++\nbody\n", &mut d).is_none());
        assert!(split("b.md", "{\n  \"title\": \"x\",\n  oops\n}\n", &mut d).is_none());
        assert!(split("c.md", "+++\ntitle = \"x\"\n", &mut d).is_none());
        let shown: Vec<String> = d.sorted().iter().map(|p| p.to_string()).collect();
        assert!(shown[0].starts_with("a.md:3:"), "{shown:?}");
        assert!(shown[1].starts_with("b.md:3:"), "{shown:?}");
        assert!(shown[2].contains("never closed") && shown[2].contains("`+++`"), "{shown:?}");
    }

    #[test]
    fn wrong_type_for_known_key_is_an_error() {
        let mut d = Diagnostics::default();
        assert!(split("a.md", "---\nlang:\n  nested: map\n---\n", &mut d).is_none());
        assert!(d.has_errors());
    }
}
