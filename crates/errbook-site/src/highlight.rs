//! Code blocks highlighted at build time with syntect, as CSS classes (`hl-…`), so that the
//! light and the dark theme are one stylesheet and pages carry no inline styles.

use std::sync::{Arc, LazyLock};

use syntect::highlighting::ThemeSet;
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::{SyntaxDefinition, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

use regex::Regex;

use super::contrast::{self, Rgb};
use super::memo::Memo;
use super::text::escape;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

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
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, syntaxes, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        generator.parse_html_for_line_which_includes_newline(line).ok()?;
    }
    Some(generator.finalize())
}

/// The backgrounds code is shown on by the default theme (style.css: `--panel` and
/// `--error-bg`), light then dark; token colours are made readable on both.
const LIGHT_BACKGROUNDS: [Rgb; 2] = [[0xf6, 0xf8, 0xfa], [0xff, 0xf5, 0xf5]];
const DARK_BACKGROUNDS: [Rgb; 2] = [[0x16, 0x1b, 0x22], [0x2a, 0x12, 0x15]];

/// A `color:` declaration (not `background-color:`) with a hex colour.
static COLOR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(^|[^-])color:\s*(#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b)").expect("valid regex"));

/// The stylesheet of both themes: dark under `prefers-color-scheme: dark`, light otherwise.
/// Every token colour reaches WCAG AA contrast on the site's code backgrounds (the syntax
/// themes were made for backgrounds of their own, and some comments fall to 2.9:1).
pub fn stylesheet() -> String {
    let themes = ThemeSet::load_defaults();
    let css = |name: &str, backgrounds: &[Rgb]| {
        let css = themes
            .themes
            .get(name)
            .and_then(|t| css_for_theme_with_class_style(t, CLASS_STYLE).ok())
            .unwrap_or_default();
        COLOR
            .replace_all(&css, |caps: &regex::Captures<'_>| match contrast::parse_hex(&caps[2]) {
                Some(c) => format!("{}color: {}", &caps[1], contrast::hex(contrast::readable(c, backgrounds))),
                None => caps[0].to_string(),
            })
            .into_owned()
    };
    // Each theme under its own condition: a rule of one theme must not colour a token the
    // other theme leaves to the text colour (light parameters once stayed dark on dark).
    format!(
        "@media not (prefers-color-scheme: dark) {{\n{}\n}}\n@media (prefers-color-scheme: dark) {{\n{}\n}}\n",
        css("InspiredGitHub", &LIGHT_BACKGROUNDS),
        css("base16-ocean.dark", &DARK_BACKGROUNDS)
    )
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
        assert!(html.contains("<span class=\"hl-keyword hl-other hl-dockerfile\">FROM</span>"), "{html}");
        assert!(html.contains("<span class=\"hl-keyword hl-other hl-dockerfile\">EXPOSE</span>"), "{html}");
        assert!(html.contains("hl-comment"), "{html}");
        // The continued RUN line is still bash: its string is a shell string.
        let command = "<span class=\"hl-variable hl-function hl-shell\">apt-get</span>";
        assert_eq!(html.matches(command).count(), 2, "{html}");
        assert!(html.contains("hl-string hl-quoted hl-double hl-shell"), "{html}");
        // ENV after the RUN is an instruction again, not a shell word.
        assert!(html.contains("<span class=\"hl-keyword hl-other hl-dockerfile\">ENV</span>"), "{html}");
    }

    #[test]
    fn stylesheet_has_light_and_dark() {
        let css = stylesheet();
        assert!(css.contains(".hl-"));
        assert!(css.contains("prefers-color-scheme: dark"));
    }

    /// Every token class, in both schemes, against every background code is shown on.
    #[test]
    fn every_token_colour_reaches_aa_contrast() {
        let css = stylesheet();
        let (light, dark) = css.split_once("@media (prefers-color-scheme: dark)").unwrap();
        for (part, backgrounds) in [(light, LIGHT_BACKGROUNDS), (dark, DARK_BACKGROUNDS)] {
            let colours: Vec<_> = COLOR.captures_iter(part).filter_map(|c| contrast::parse_hex(&c[2])).collect();
            assert!(colours.len() > 20, "{part}");
            for colour in colours {
                for background in backgrounds {
                    let ratio = contrast::ratio(colour, background);
                    assert!(
                        ratio >= contrast::AA,
                        "{} on {}: {ratio:.2}",
                        contrast::hex(colour),
                        contrast::hex(background)
                    );
                }
            }
        }
    }
}
