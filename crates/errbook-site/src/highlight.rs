//! Code blocks highlighted at build time with syntect, each token given one short class for
//! its kind (`hl-kw`, `hl-str` …, a fixed set, as highlight.js does), so that pages stay small,
//! carry no inline styles, and one stylesheet colours them in the light and the dark scheme.

use std::str::FromStr;
use std::sync::{Arc, LazyLock};

use syntect::highlighting::{
    Color, HighlightIterator, HighlightState, Highlighter, ScopeSelectors, StyleModifier, Theme, ThemeItem,
    ThemeSettings,
};
use syntect::parsing::{ParseState, ScopeStack, SyntaxDefinition, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

use super::contrast::{self, Rgb};
use super::memo::Memo;
use super::text::escape;

/// The kinds of token: class, the scopes it covers (the most specific selector wins, as in an
/// editor's theme), and its colour on light and on dark backgrounds.
const KINDS: &[(&str, &str, &str, &str)] = &[
    ("hl-com", "comment, punctuation.definition.comment", "#59636e", "#9198a1"),
    ("hl-str", "string, punctuation.definition.string", "#0a3069", "#a5d6ff"),
    ("hl-num", "constant, support.constant", "#0550ae", "#79c0ff"),
    ("hl-kw", "keyword, storage, keyword.operator.word", "#cf222e", "#ff7b72"),
    ("hl-op", "keyword.operator", "#cf222e", "#ff7b72"),
    ("hl-fn", "entity.name.function, support.function, variable.function", "#6639ba", "#d2a8ff"),
    (
        "hl-ty",
        "entity.name.type, entity.name.class, support.type, support.class, entity.other.inherited-class",
        "#953800",
        "#ffa657",
    ),
    (
        "hl-var",
        "variable.parameter, variable.other, variable.language, punctuation.definition.variable",
        "#953800",
        "#ffa657",
    ),
    ("hl-tag", "entity.name.tag", "#116329", "#7ee787"),
    (
        "hl-attr",
        "entity.other.attribute-name, support.type.property-name, meta.mapping.key string",
        "#0550ae",
        "#79c0ff",
    ),
    ("hl-ins", "markup.inserted", "#116329", "#aff5b4"),
    ("hl-del", "markup.deleted", "#82071e", "#ffdcd7"),
    ("hl-head", "markup.heading, entity.name.section, meta.diff.range, meta.diff.header", "#0550ae", "#79c0ff"),
];

/// A theme whose colours are the kinds' numbers: syntect matches the scopes, the number names
/// the class.
static KIND_THEME: LazyLock<Theme> = LazyLock::new(|| Theme {
    settings: ThemeSettings { foreground: Some(Color::BLACK), ..ThemeSettings::default() },
    scopes: KINDS
        .iter()
        .enumerate()
        .map(|(i, (_, scopes, _, _))| ThemeItem {
            scope: ScopeSelectors::from_str(scopes).expect("valid scope selectors"),
            style: StyleModifier {
                foreground: Some(Color { r: i as u8 + 1, g: 0, b: 0, a: 0xff }),
                ..StyleModifier::default()
            },
        })
        .collect(),
    ..Theme::default()
});

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);
/// The default syntaxes and Dockerfiles, which they lack. Built on first use only: linking a
/// syntax set anew takes a fifth of a second, more than a small book takes to build.
static WITH_DOCKERFILE: LazyLock<SyntaxSet> = LazyLock::new(|| {
    let mut builder = SyntaxSet::load_defaults_newlines().into_builder();
    // Compiled from syntaxes/Dockerfile.sublime-syntax by scripts/dump-syntaxes.sh, so that no
    // YAML loader is linked.
    let dockerfile: SyntaxDefinition = syntect::dumps::from_binary(include_bytes!("syntaxes/Dockerfile.syntaxdump"));
    builder.add(dockerfile);
    builder.build()
});

/// A code block with its copy button; `kind` is an extra class (`error-message`).
pub fn code_block(lang: &str, code: &str, kind: &str, copy_label: &str, copied_label: &str) -> String {
    let body = highlight(lang, code).map_or_else(|| escape(code), |html| html.to_string());
    let class = if kind.is_empty() { "code-block".to_string() } else { format!("code-block {kind}") };
    format!(
        "<div class=\"{class}\"><pre data-lang=\"{}\"><code>{body}</code></pre><button type=\"button\" class=\"copy\" data-copied=\"{}\" hidden>{}</button></div>\n",
        escape(lang),
        escape(copied_label),
        escape(copy_label)
    )
}

/// Highlighted code by language and text: highlighting is the costliest part of a page.
static HIGHLIGHTED: Memo<(&'static str, String), Option<Arc<str>>> = Memo::new(50_000);

/// The highlighted HTML of `code`, or `None` for a language syntect does not know.
fn highlight(lang: &str, code: &str) -> Option<Arc<str>> {
    if errbook_core::records::is_plain(lang) {
        return None;
    }
    let token = match lang {
        "sh" | "shell" | "console" | "zsh" => "bash",
        "yml" => "yaml",
        "py" => "python",
        "docker" | "Dockerfile" => "dockerfile",
        other => other,
    };
    let syntaxes: &'static SyntaxSet = if token == "dockerfile" { &WITH_DOCKERFILE } else { &SYNTAXES };
    let syntax = syntaxes.find_syntax_by_token(token)?;
    HIGHLIGHTED.get_or_compute((syntax.name.as_str(), code.to_string()), |_| {
        highlight_with(syntaxes, syntax, code).map(Arc::from)
    })
}

fn highlight_with(syntaxes: &SyntaxSet, syntax: &SyntaxReference, code: &str) -> Option<String> {
    let highlighter = Highlighter::new(&KIND_THEME);
    let mut state = HighlightState::new(&highlighter, ScopeStack::new());
    let mut parse = ParseState::new(syntax);
    let mut html = String::with_capacity(code.len() * 2);
    // Runs of one kind become one span, however many scopes the grammar opened in them.
    let mut run: (Option<&str>, String) = (None, String::new());
    let flush = |run: &mut (Option<&str>, String), html: &mut String| {
        match run.0 {
            Some(class) if !run.1.trim().is_empty() => {
                html.push_str(&format!("<span class=\"{class}\">{}</span>", escape(&run.1)))
            }
            _ => html.push_str(&escape(&run.1)),
        }
        run.1.clear();
    };
    for line in LinesWithEndings::from(code) {
        let ops = parse.parse_line(line, syntaxes).ok()?;
        for (style, text) in HighlightIterator::new(&mut state, &ops, line, &highlighter) {
            let kind = KINDS.get(usize::from(style.foreground.r).wrapping_sub(1)).map(|k| k.0);
            // A line break ends a span, so that no span crosses lines.
            for (n, piece) in text.split_inclusive('\n').enumerate() {
                if kind != run.0 || n > 0 {
                    flush(&mut run, &mut html);
                    run.0 = kind;
                }
                run.1.push_str(piece);
            }
        }
    }
    flush(&mut run, &mut html);
    Some(html)
}

/// The backgrounds code is shown on by the default theme (style.css: `--panel`, `--error-bg`
/// and `--bg`), light then dark; token colours are made readable on all of them.
const LIGHT_BACKGROUNDS: [Rgb; 3] = [[0xf6, 0xf8, 0xfa], [0xff, 0xf5, 0xf5], [0xff, 0xff, 0xff]];
const DARK_BACKGROUNDS: [Rgb; 3] = [[0x16, 0x1b, 0x22], [0x2a, 0x12, 0x15], [0x0d, 0x11, 0x17]];

/// The stylesheet of both schemes: each kind's colour as `light-dark()`, which follows the
/// page's `color-scheme` (the reader's system, or the choice the page's toggle stores).
/// Every colour reaches WCAG AA contrast on the site's code backgrounds.
pub fn stylesheet() -> String {
    let mut css = String::from("/* Code tokens by kind, light and dark. Written by errbook. */\n");
    for (class, _, light, dark) in KINDS {
        let colour = |hex: &str, backgrounds: &[Rgb]| {
            contrast::parse_hex(hex)
                .map_or_else(|| hex.to_string(), |c| contrast::hex(contrast::readable(c, backgrounds)))
        };
        css.push_str(&format!(
            ".{class} {{ color: light-dark({}, {}); }}\n",
            colour(light, &LIGHT_BACKGROUNDS),
            colour(dark, &DARK_BACKGROUNDS)
        ));
    }
    css.push_str(".hl-head { font-weight: 600; }\n");
    css
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_languages_get_classes_unknown_get_escaped() {
        let html = code_block("bash", "echo \"<hi>\"\n", "", "Copy", "Copied");
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(!html.contains("<hi>"), "{html}");
        let plain = code_block("text", "<b>\n", "", "Copy", "Copied");
        assert!(plain.contains("&lt;b&gt;"), "{plain}");
    }

    #[test]
    fn dockerfiles_are_highlighted_with_their_shell_commands_as_bash() {
        let code = "# build\nFROM rust:1 AS build\nRUN apt-get update && \\\n    apt-get install -y \"curl\"\nENV PORT=8080\nCMD [\"serve\"]\nEXPOSE 8080\n";
        let html = code_block("dockerfile", code, "", "Copy", "Copied");
        for keyword in ["FROM", "RUN", "ENV", "CMD", "EXPOSE"] {
            assert!(html.contains(&format!("<span class=\"hl-kw\">{keyword}</span>")), "{keyword}: {html}");
        }
        assert!(html.contains("<span class=\"hl-com\"># build\n</span>"), "{html}");
        // The continued RUN line is still bash: its program and its string are shell tokens.
        assert_eq!(html.matches("<span class=\"hl-fn\">apt-get</span>").count(), 2, "{html}");
        assert!(html.contains("<span class=\"hl-str\">&quot;curl&quot;</span>"), "{html}");
    }

    /// One class a token, never the grammar's nested scopes: a shell line is a handful of spans.
    #[test]
    fn tokens_are_one_short_class_each() {
        let html = highlight("bash", "$ docker run --rm -e PORT=8080 \"app:1\" # start\n").unwrap();
        assert!(!html.contains("hl-source") && !html.contains("hl-meta"), "{html}");
        let classes: Vec<&str> = html
            .match_indices("class=\"")
            .map(|(i, _)| &html[i + 7..i + 7 + html[i + 7..].find('"').unwrap()])
            .collect();
        assert!(classes.iter().all(|c| KINDS.iter().any(|k| k.0 == *c)), "{classes:?}");
        assert!(classes.contains(&"hl-str") && classes.contains(&"hl-com"), "{html}");
    }

    /// Every kind, in both schemes, against every background code is shown on.
    #[test]
    fn every_token_colour_reaches_aa_contrast() {
        let css = stylesheet();
        let pair = regex::Regex::new(r"light-dark\((#[0-9a-f]{6}), (#[0-9a-f]{6})\)").unwrap();
        let pairs: Vec<_> = pair.captures_iter(&css).collect();
        assert_eq!(pairs.len(), KINDS.len(), "{css}");
        for c in pairs {
            for (hex, backgrounds) in [(&c[1], LIGHT_BACKGROUNDS), (&c[2], DARK_BACKGROUNDS)] {
                let colour = contrast::parse_hex(hex).unwrap();
                for background in backgrounds {
                    let ratio = contrast::ratio(colour, background);
                    assert!(ratio >= contrast::AA, "{hex} on {}: {ratio:.2}", contrast::hex(background));
                }
            }
        }
    }
}
