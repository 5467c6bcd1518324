//! Documentation-platform markup turned into plain CommonMark before a page is parsed, so that
//! no tag of Hugo, Jekyll/Liquid, MDX, MkDocs, Docusaurus or VitePress reaches a record.
//!
//! The rewrite works line by line and keeps every line where it was, so that the parser's line
//! numbers are still the file's. Fenced code is never touched: it is what the page shows.
//! - Hugo shortcodes: the tags go, what they wrap stays; `note`/`warning`/… become callouts,
//!   `tab`/`details` a bold label naming the tab; an inline shortcode keeps its `text`/`title`.
//! - Liquid and KumaScript: `{% data name %}` leaves the name it inserts, other `{% … %}` go;
//!   `{{ … }}` goes, or leaves its first quoted argument when it stands inside a sentence
//!   (`{{jsxref("TypeError")}}` → `TypeError`).
//! - MDX: `import`/`export` lines go; JSX components (`<Tabs>`, `<TabItem …>`) lose their tags
//!   and keep their children.
//! - Admonitions: MkDocs `!!! note "Title"` (indented body), Docusaurus/VitePress `:::tip Title`
//!   … `:::` and GitHub's `> [!NOTE]` all become one form, `> [!KIND] Title` with a quoted body,
//!   which the markdown parser reads as a callout.
//! - Heading ids written kramdown's way, `{: #id}`, become `{#id}`; a line that is only a
//!   kramdown attribute list (`{:toc}`, `{: .note}`) goes, and with `{:toc}` the list item it
//!   turns into the table of contents.
//! - Comments the platform never renders go with everything inside them: Liquid
//!   `{% comment %}…{% endcomment %}`, Hugo `{{/* … */}}` (not `{{</* … */>}}`, which shows a
//!   shortcode), MDX `{/* … */}`.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

static MDX_IMPORT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^(?:import\s+(?:[\w*{}\s,]+\s+from\s+)?['"][^'"]+['"];?\s*)+$|^export\s+(?:const|default|function|let|var|async)\b"#)
        .expect("valid regex")
});
static JSX_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"</?[A-Z][\w.]*(?:\s+[\w:-]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|\{[^{}]*\}|[\w-]+))?)*\s*/?>"#)
        .expect("valid regex")
});
static HUGO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{\{([<%])\s*(/?)\s*([\w.-]+)([^}]*?)\s*[>%]\}\}").expect("valid regex"));
static LIQUID_TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\{%-?.*?-?%\}").expect("valid regex"));
/// A Liquid tag that inserts a named value or text (`{% data variables.product.name %}`).
static LIQUID_DATA: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{%-?\s*data\s+([\w.-]+)\s*-?%\}").expect("valid regex"));
static MUSTACHE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\{\{-?\s*(.*?)\s*-?\}\}").expect("valid regex"));
static FIRST_STRING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"^[\w.$-]+\s*\(\s*(?:"([^"]*)"|'([^']*)')"#).expect("valid regex"));
static NAMED_ARG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"\b(?:text|title|name|summary)\s*=\s*"([^"]*)""#).expect("valid regex"));
static FIRST_QUOTED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#""([^"]*)""#).expect("valid regex"));
static MKDOCS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"^(\s*)(?:!!!|\?\?\?\+?)\s+([\w-]+)(?:\s+"([^"]*)")?\s*$"#).expect("valid regex"));
static FENCED_ADMONITION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\s*)(:{3,})\s*([A-Za-z][\w-]*)(?:\s*\[([^\]]*)\]|\s+(.*?))?\s*(?:\{[^}]*\})?\s*$")
        .expect("valid regex")
});
static KRAMDOWN_ATTRIBUTES: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*\{:[^}]*\}\s*$").expect("valid regex"));
static KRAMDOWN_TOC_ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:[-*+]|\d+\.)\s+TOC\s*$").expect("valid regex"));
/// How each kind of comment opens and closes.
static COMMENTS: LazyLock<[(Regex, Regex); 3]> = LazyLock::new(|| {
    let re = |r: &str| Regex::new(r).expect("valid regex");
    [
        (re(r"\{%-?\s*comment\s*-?%\}"), re(r"\{%-?\s*endcomment\s*-?%\}")),
        (re(r"\{\{/\*"), re(r"\*/\}\}")),
        (re(r"\{\s*/\*"), re(r"\*/\s*\}")),
    ]
});
static KRAMDOWN_ID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(#{1,6}\s.*?)\s*\{:\s*#([\w-]+)[^}]*\}\s*$").expect("valid regex"));

/// The callout kinds every platform's admonitions fold into (GitHub's five).
pub fn callout_kind(word: &str) -> Option<&'static str> {
    Some(match word.to_ascii_lowercase().as_str() {
        "note" | "info" | "abstract" | "summary" | "tldr" | "seealso" | "example" | "quote" | "question" => "NOTE",
        "tip" | "hint" | "success" | "check" | "done" => "TIP",
        "important" => "IMPORTANT",
        "warning" | "attention" | "warn" => "WARNING",
        "caution" | "danger" | "error" | "failure" | "fail" | "bug" | "deprecated" => "CAUTION",
        _ => return None,
    })
}

/// The body with platform markup rewritten; same number of lines.
pub fn normalize(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut state = State::default();
    let lines: Vec<(&str, &str)> = body
        .split_inclusive('\n')
        .map(|line| match line.strip_suffix('\n') {
            Some(c) => (c.strip_suffix('\r').unwrap_or(c), "\n"),
            None => (line, ""),
        })
        .collect();
    for (i, (content, newline)) in lines.iter().enumerate() {
        // An indented callout ends before the blank lines that precede a line outside it, so
        // that what follows is not read as part of its quote.
        let next = lines[i + 1..].iter().map(|(l, _)| *l).find(|l| !l.trim().is_empty());
        out.push_str(&state.line(content, next));
        out.push_str(newline);
    }
    out
}

#[derive(Default)]
struct State {
    /// The open code fence: its character and length.
    fence: Option<(char, usize)>,
    /// Open callouts: how each one's body is marked (`Indent(n)` for MkDocs, `Colons(n)` for
    /// `:::`, `Shortcode(name)` for Hugo).
    callouts: Vec<Callout>,
    /// Inside a multi-line JSX opening tag.
    in_jsx_tag: bool,
    /// Inside a comment: which kind (its index in [`COMMENTS`]).
    comment: Option<usize>,
}

enum Callout {
    Indent(usize),
    Colons(usize),
    Shortcode(String),
    /// A `:::` container that only groups what it holds (VitePress `::: code-group`, tabs of
    /// code blocks): not set apart, its content read as it stands.
    Group(usize),
}

impl State {
    fn line(&mut self, line: &str, next: Option<&str>) -> String {
        // An indented callout ends at the first line that is not indented as its body.
        while let Some(Callout::Indent(n)) = self.callouts.last() {
            let n = *n;
            let ahead = if line.trim().is_empty() { next } else { Some(line) };
            if self.fence.is_some() || ahead.is_some_and(|l| indent_of(l) >= n) {
                break;
            }
            self.callouts.pop();
        }
        let inner = match self.callouts.last() {
            Some(Callout::Indent(n)) => strip_indent(line, *n),
            _ => line,
        };
        if KRAMDOWN_TOC_ITEM.is_match(inner) && next.is_some_and(|l| l.trim() == "{:toc}") {
            return String::new();
        }
        let text = match self.fence {
            Some(_) => self.rewrite(inner),
            None => {
                let uncommented = self.uncomment(inner);
                if uncommented.trim().is_empty() && !inner.trim().is_empty() {
                    return String::new();
                }
                self.rewrite(&uncommented)
            }
        };
        quoted(self.callouts.iter().filter(|c| !matches!(c, Callout::Group(_))).count(), &text)
    }

    /// The line without the comments that open, close or run through it.
    /// Liquid's own tags are removed later, so `{% comment %}` must go first.
    fn uncomment<'l>(&mut self, line: &'l str) -> Cow<'l, str> {
        // Every line of every page passes here: most hold no comment marker at all.
        if self.comment.is_none() && !line.contains("/*") && !line.contains("comment") {
            return Cow::Borrowed(line);
        }
        Cow::Owned(self.uncomment_markers(line))
    }

    fn uncomment_markers(&mut self, line: &str) -> String {
        let mut out = String::new();
        let mut rest = line;
        loop {
            match self.comment {
                Some(kind) => match COMMENTS[kind].1.find(rest) {
                    Some(end) => {
                        rest = &rest[end.end()..];
                        self.comment = None;
                    }
                    None => return out,
                },
                None => {
                    let opening = COMMENTS
                        .iter()
                        .enumerate()
                        .filter_map(|(kind, (open, _))| open.find(rest).map(|m| (m.start(), m.end(), kind)))
                        .min();
                    // A comment that runs on past its line opens the line; an unclosed marker
                    // inside a sentence is text (`{/*` quoted in prose about MDX).
                    let opening = opening.filter(|&(start, end, kind)| {
                        rest[..start].trim().is_empty() && out.is_empty() || COMMENTS[kind].1.is_match(&rest[end..])
                    });
                    let Some((start, end, kind)) = opening else {
                        out.push_str(rest);
                        return out;
                    };
                    out.push_str(&rest[..start]);
                    rest = &rest[end..];
                    self.comment = Some(kind);
                }
            }
        }
    }

    /// The line rewritten, without the quote marks of the callouts it stands in.
    fn rewrite(&mut self, line: &str) -> String {
        let trimmed = line.trim_start();
        if let Some((ch, len)) = self.fence {
            if trimmed.starts_with(&ch.to_string().repeat(len)) && trimmed.trim_start_matches(ch).trim().is_empty() {
                self.fence = None;
            }
            return line.to_string();
        }
        if let Some(ch) = ['`', '~'].into_iter().find(|&c| trimmed.starts_with(&c.to_string().repeat(3))) {
            self.fence = Some((ch, trimmed.chars().take_while(|&c| c == ch).count()));
            return line.to_string();
        }
        if self.in_jsx_tag {
            self.in_jsx_tag = !line.contains('>');
            return String::new();
        }
        if MDX_IMPORT.is_match(line) {
            return String::new();
        }
        if let Some(c) = MKDOCS.captures(line)
            && let Some(kind) = callout_kind(&c[2])
        {
            self.callouts.push(Callout::Indent(indent_of(line) + 4));
            return callout_line(kind, c.get(3).map_or("", |m| m.as_str()));
        }
        if let Some(c) = FENCED_ADMONITION.captures(line) {
            let title = c.get(4).or(c.get(5)).map_or("", |m| m.as_str());
            if let Some(kind) = callout_kind(&c[3]) {
                self.callouts.push(Callout::Colons(c[2].len()));
                return callout_line(kind, title);
            }
            if c[3].eq_ignore_ascii_case("code-group") {
                self.callouts.push(Callout::Group(c[2].len()));
                return String::new();
            }
            // `:::details Title` and other containers: a labelled block of their own.
            self.callouts.push(Callout::Colons(c[2].len()));
            return callout_line("NOTE", if title.is_empty() { &c[3] } else { title });
        }
        if let Some(Callout::Colons(n) | Callout::Group(n)) = self.callouts.last()
            && trimmed.starts_with(&":".repeat(*n))
            && trimmed.trim_start_matches(':').trim().is_empty()
        {
            self.callouts.pop();
            return String::new();
        }
        if let Some(block) = self.shortcode_line(trimmed) {
            return block;
        }
        if KRAMDOWN_ATTRIBUTES.is_match(line) {
            return String::new();
        }
        if let Some(c) = KRAMDOWN_ID.captures(line) {
            return format!("{} {{#{}}}", &c[1], &c[2]);
        }
        self.inline(line)
    }

    /// A line that is one Hugo shortcode tag: a callout, a tab or details label, or nothing.
    fn shortcode_line(&mut self, trimmed: &str) -> Option<String> {
        let c = HUGO.captures(trimmed.trim_end())?;
        if c.get(0)?.len() != trimmed.trim_end().len() {
            return None;
        }
        let (closing, name, args) = (&c[2] == "/", c[3].to_ascii_lowercase(), c.get(4).map_or("", |m| m.as_str()));
        if closing {
            if matches!(self.callouts.last(), Some(Callout::Shortcode(open)) if *open == name) {
                self.callouts.pop();
            }
            return Some(String::new());
        }
        if let Some(kind) = callout_kind(&name) {
            self.callouts.push(Callout::Shortcode(name));
            return Some(callout_line(kind, shortcode_label(args).unwrap_or("")));
        }
        Some(match shortcode_label(args) {
            Some(label) if matches!(name.as_str(), "tab" | "details" | "expand" | "collapse") => {
                format!("**{label}**")
            }
            _ => String::new(),
        })
    }

    /// Inline markup outside code spans: shortcodes, Liquid and JSX tags.
    fn inline(&mut self, line: &str) -> String {
        let mut out = String::with_capacity(line.len());
        for (i, part) in split_code_spans(line).into_iter().enumerate() {
            if i % 2 == 1 {
                out.push_str(part);
                continue;
            }
            let part = HUGO.replace_all(part, |c: &regex::Captures<'_>| {
                // Only a named text argument is prose; `{{% heading "whatsnext" %}}` names a key.
                NAMED_ARG.captures(&c[4]).map_or(String::new(), |n| n[1].to_string())
            });
            // What a tag inserts is unknown here: its name stands in, so that no sentence has a
            // hole ("associate it with ."); the tags that only steer (`{% if %}`) go.
            let part = LIQUID_DATA.replace_all(&part, "$1");
            let part = LIQUID_TAG.replace_all(&part, "");
            let standalone = part.trim_start().starts_with("{{") && part.trim_end().ends_with("}}");
            let part = MUSTACHE.replace_all(&part, |c: &regex::Captures<'_>| {
                if standalone {
                    return String::new();
                }
                FIRST_STRING
                    .captures(&c[1])
                    .and_then(|s| s.get(1).or(s.get(2)))
                    .map_or(String::new(), |m| m.as_str().to_string())
            });
            let mut part = JSX_TAG.replace_all(&part, "").into_owned();
            // An opening JSX tag whose attributes run over several lines.
            if let Some(start) = find_open_jsx(&part) {
                part.truncate(start);
                self.in_jsx_tag = true;
            }
            out.push_str(&part);
        }
        if out.trim().is_empty() && !line.trim().is_empty() { String::new() } else { out }
    }
}

fn callout_line(kind: &str, title: &str) -> String {
    let title = title.trim();
    if title.is_empty() { format!("[!{kind}]") } else { format!("[!{kind}] {title}") }
}

/// A line inside `depth` callouts: quoted once per callout.
fn quoted(depth: usize, line: &str) -> String {
    if depth == 0 {
        return line.to_string();
    }
    let mut out = "> ".repeat(depth);
    out.push_str(line);
    out.truncate(out.trim_end().len());
    out
}

fn shortcode_label(args: &str) -> Option<&str> {
    NAMED_ARG
        .captures(args)
        .or_else(|| FIRST_QUOTED.captures(args))
        .and_then(|c| c.get(1))
        .map(|m| m.as_str())
        .filter(|s| !s.trim().is_empty())
}

fn indent_of(line: &str) -> usize {
    line.chars().take_while(|&c| c == ' ' || c == '\t').map(|c| if c == '\t' { 4 } else { 1 }).sum()
}

fn strip_indent(line: &str, n: usize) -> &str {
    let mut width = 0;
    for (i, c) in line.char_indices() {
        if width >= n || !(c == ' ' || c == '\t') {
            return &line[i..];
        }
        width += if c == '\t' { 4 } else { 1 };
    }
    ""
}

/// The line cut into text and code spans: even parts are text, odd parts code (with backticks).
fn split_code_spans(line: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'`' {
            let run = bytes[i..].iter().take_while(|&&b| b == b'`').count();
            let ticks = &line[i..i + run];
            if let Some(close) = line[i + run..].find(ticks) {
                let end = i + run + close + run;
                parts.push(&line[start..i]);
                parts.push(&line[i..end]);
                start = end;
                i = end;
                continue;
            }
            i += run;
        } else {
            i += 1;
        }
    }
    parts.push(&line[start..]);
    parts
}

/// Where an opening JSX tag starts that does not close on this line.
fn find_open_jsx(text: &str) -> Option<usize> {
    let start = text.rfind('<')?;
    let rest = &text[start + 1..];
    (rest.starts_with(|c: char| c.is_ascii_uppercase()) && !rest.contains('>')).then_some(start)
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn lines_are_kept_in_place() {
        let src = "import Tabs from '@theme/Tabs';\n\n# T\n\n<Tabs>\n<TabItem value=\"a\" label=\"A\">\n\ntext\n\n</TabItem>\n</Tabs>\n";
        let out = normalize(src);
        assert_eq!(out.lines().count(), src.lines().count());
        assert_eq!(out, "\n\n# T\n\n\n\n\ntext\n\n\n\n");
    }

    #[test]
    fn hugo_shortcodes_keep_what_they_wrap() {
        let src = "{{< note >}}\nCheck the **port**.\n{{< /note >}}\n## {{% heading \"whatsnext\" %}}\nA {{< glossary_tooltip text=\"Pod\" term_id=\"pod\" >}} runs.\n{{< tab name=\"Ubuntu\" >}}\n";
        assert_eq!(normalize(src), "> [!NOTE]\n> Check the **port**.\n\n## \nA Pod runs.\n**Ubuntu**\n");
    }

    #[test]
    fn liquid_and_macros() {
        let src = "{% ifversion ghec %}\nssh git@{% data variables.product.url %}\n{{jsSidebar(\"Errors\")}}\nA {{jsxref(\"TypeError\")}} here, `{{ kept }}`.\n";
        assert_eq!(normalize(src), "\nssh git@variables.product.url\n\nA TypeError here, `{{ kept }}`.\n");
    }

    #[test]
    fn admonitions_of_every_platform() {
        let mkdocs = "!!! warning \"Mind the gap\"\n    Body line.\n\n    More.\n\nAfter.\n";
        assert_eq!(normalize(mkdocs), "> [!WARNING] Mind the gap\n> Body line.\n>\n> More.\n\nAfter.\n");
        let two = "!!! note\n    One.\n\n!!! tip\n    Two.\n";
        assert_eq!(normalize(two), "> [!NOTE]\n> One.\n\n> [!TIP]\n> Two.\n");
        let colons = ":::tip Pro tip\nUse it.\n:::\n:::danger[Stop]\nNo.\n:::\n";
        assert_eq!(normalize(colons), "> [!TIP] Pro tip\n> Use it.\n\n> [!CAUTION] Stop\n> No.\n\n");
    }

    #[test]
    fn a_code_group_is_its_code_blocks_not_a_callout() {
        let src = "::: code-group\n```sh [npm]\nnpm i\n```\n```sh [pnpm]\npnpm add\n```\n:::\nAfter.\n";
        assert_eq!(normalize(src), "\n```sh [npm]\nnpm i\n```\n```sh [pnpm]\npnpm add\n```\n\nAfter.\n");
    }

    #[test]
    fn code_fences_are_untouched() {
        let src = "```\n{{< note >}}\n:::tip\n{% raw %}\n```\n";
        assert_eq!(normalize(src), src);
    }

    #[test]
    fn kramdown_heading_ids() {
        assert_eq!(normalize("## Title {: #my-id}\n"), "## Title {#my-id}\n");
    }

    #[test]
    fn kramdown_table_of_contents_and_attribute_lines_go() {
        assert_eq!(normalize("## Contents\n* TOC\n{:toc}\n\nText\n{: .note}\n"), "## Contents\n\n\n\nText\n\n");
    }

    #[test]
    fn comments_go_with_what_they_hide() {
        let liquid = "A\n{% comment %}\n## Hidden\nText\n{% endcomment %}\nB {% comment %}x{% endcomment %}C\n";
        assert_eq!(normalize(liquid), "A\n\n\n\n\nB C\n");
        let hugo = "{{/* a\n## Hidden */}}\nKept\n";
        assert_eq!(normalize(hugo), "\n\nKept\n");
        let mdx = "{/* hidden */}\nKept {/* also */} here\n";
        assert_eq!(normalize(mdx), "\nKept  here\n");
    }
}
