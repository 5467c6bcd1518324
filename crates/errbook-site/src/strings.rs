//! The site's UI strings: Fluent files built in from this crate's `strings/<lang>.ftl`, each
//! replaced whole by a book's own `i18n/<lang>/site.ftl`, exposed to templates as the tera
//! function `t(id=…, …)`.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::sync::Arc;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

use errbook_core::diagnostics::{Diagnostics, Location};

/// The built-in string files, by language.
pub const BUILTIN: [(&str, &str); 2] =
    [("en", include_str!("../strings/en.ftl")), ("ja", include_str!("../strings/ja.ftl"))];

pub struct Strings {
    bundles: HashMap<String, FluentBundle<FluentResource>>,
    ids: HashMap<String, BTreeSet<String>>,
}

impl Strings {
    pub fn load(root: &Path, languages: &[String], diags: &mut Diagnostics) -> Strings {
        let mut strings = Strings { bundles: HashMap::new(), ids: HashMap::new() };
        for lang in languages {
            let name = format!("i18n/{lang}/site.ftl");
            let text = match std::fs::read_to_string(root.join(&name)) {
                Ok(text) => text,
                Err(err) if err.kind() != std::io::ErrorKind::NotFound => {
                    // A file the writer made but errbook cannot read is not silently replaced
                    // by the built-in strings.
                    diags.error(
                        Some(Location::new(&name, 1, 1)),
                        format!("cannot read the UI strings: {err}"),
                        "save it as UTF-8 text, readable by you",
                    );
                    continue;
                }
                Err(_) => match BUILTIN.iter().find(|(l, _)| l == lang) {
                    Some((_, text)) => text.to_string(),
                    None => {
                        diags.error(
                            None,
                            format!("no UI strings for language `{lang}`"),
                            format!("write {name}, starting from a copy of errbook's built-in strings (crates/errbook-site/strings/en.ftl)"),
                        );
                        continue;
                    }
                },
            };
            strings.add(lang, &name, text, diags);
        }
        strings
    }

    fn add(&mut self, lang: &str, name: &str, text: String, diags: &mut Diagnostics) {
        let resource = match FluentResource::try_new(text.clone()) {
            Ok(r) => r,
            Err((r, errors)) => {
                for e in errors {
                    diags.error(
                        Some(Location::at_offset(name, &text, e.pos.start)),
                        format!("invalid Fluent: {}", e.kind),
                        "",
                    );
                }
                r
            }
        };
        let ids = resource
            .entries()
            .filter_map(|e| match e {
                fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
                _ => None,
            })
            .collect();
        let langid: LanguageIdentifier = lang.parse().unwrap_or_default();
        let mut bundle = FluentBundle::new_concurrent(vec![langid]);
        // Isolation marks would show up as stray characters in attributes and titles.
        bundle.set_use_isolating(false);
        if let Err(errors) = bundle.add_resource(resource) {
            diags.error(Some(Location::new(name, 1, 1)), format!("duplicate Fluent messages: {errors:?}"), "");
        }
        self.ids.insert(lang.to_string(), ids);
        self.bundles.insert(lang.to_string(), bundle);
    }

    /// The message `id` in `lang`, formatted with `args`.
    pub fn get(&self, lang: &str, id: &str, args: Option<&FluentArgs<'_>>) -> Option<String> {
        let bundle = self.bundles.get(lang)?;
        let pattern = bundle.get_message(id)?.value()?;
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, args, &mut errors);
        errors.is_empty().then(|| text.into_owned())
    }

    /// Reports every string the templates call for (`t(id="…")`) that a language lacks: a
    /// page would fail to render, so `check` says so first, naming the string file.
    pub fn check_used<'t>(
        &self,
        templates: impl IntoIterator<Item = (&'t str, &'t str)>,
        languages: &[String],
        diags: &mut Diagnostics,
    ) {
        static CALL: std::sync::LazyLock<regex::Regex> =
            std::sync::LazyLock::new(|| regex::Regex::new(r#"\bt\(id="([^"]+)""#).expect("valid regex"));
        let used: BTreeSet<(&str, &str)> = templates
            .into_iter()
            .flat_map(|(name, text)| CALL.captures_iter(text).map(move |c| (c.get(1).map_or("", |m| m.as_str()), name)))
            .collect();
        for lang in languages.iter().filter(|l| self.bundles.contains_key(*l)) {
            let (defined, mut reported) = (self.ids(lang), BTreeSet::new());
            for (id, template) in &used {
                if !defined.contains(*id) && reported.insert(*id) {
                    diags.error(
                        Some(Location::new(format!("i18n/{lang}/site.ftl"), 1, 1)),
                        format!("no UI string `{id}`, which the template {template} uses"),
                        format!("add `{id} = …` to i18n/{lang}/site.ftl (see the built-in crates/errbook-site/strings/en.ftl)"),
                    );
                }
            }
        }
    }

    /// The message ids a language defines.
    pub fn ids(&self, lang: &str) -> BTreeSet<String> {
        self.ids.get(lang).cloned().unwrap_or_default()
    }
}

/// `t(id="…", name=value…)` in templates, bound to one language.
pub struct Translate {
    pub strings: Arc<Strings>,
    pub lang: String,
}

impl tera::Function for Translate {
    fn call(&self, args: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
        let id = args.get("id").and_then(|v| v.as_str()).ok_or_else(|| tera::Error::msg("t() needs id=\"…\""))?;
        let mut fluent_args = FluentArgs::new();
        for (key, value) in args.iter().filter(|(k, _)| k.as_str() != "id") {
            match value {
                tera::Value::Number(n) => fluent_args.set(key.clone(), FluentValue::from(n.as_f64().unwrap_or(0.0))),
                other => {
                    fluent_args.set(key.clone(), FluentValue::from(other.as_str().unwrap_or_default().to_string()))
                }
            }
        }
        self.strings.get(&self.lang, id, Some(&fluent_args)).map(tera::Value::String).ok_or_else(|| {
            tera::Error::msg(format!("no UI string `{id}` for language `{}` in i18n/{}/site.ftl", self.lang, self.lang))
        })
    }

    fn is_safe(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtin() -> Strings {
        let mut diags = Diagnostics::default();
        let strings = Strings::load(Path::new("/nonexistent"), &["en".into(), "ja".into()], &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        strings
    }

    #[test]
    fn both_languages_define_the_same_strings() {
        let s = builtin();
        let (en, ja) = (s.ids("en"), s.ids("ja"));
        assert!(!en.is_empty());
        let only_en: Vec<_> = en.difference(&ja).collect();
        let only_ja: Vec<_> = ja.difference(&en).collect();
        assert!(only_en.is_empty() && only_ja.is_empty(), "only in en: {only_en:?}; only in ja: {only_ja:?}");
    }

    #[test]
    fn templates_use_only_defined_strings() {
        let s = builtin();
        let call = regex::Regex::new(r#"t\(id="([^"]+)""#).unwrap();
        for (name, text) in super::super::theme::TEMPLATES {
            for caps in call.captures_iter(text) {
                assert!(s.ids("en").contains(&caps[1]), "{name} uses `{}`, which i18n/en/site.ftl lacks", &caps[1]);
            }
        }
    }

    #[test]
    fn plural_and_arguments_are_formatted() {
        let s = builtin();
        let mut args = FluentArgs::new();
        args.set("count", FluentValue::from(1));
        assert_eq!(s.get("en", "entries-count", Some(&args)).unwrap(), "1 entry");
        args.set("count", FluentValue::from(7));
        assert_eq!(s.get("en", "entries-count", Some(&args)).unwrap(), "7 entries");
        assert_eq!(s.get("ja", "entries-count", Some(&args)).unwrap(), "7 件");
    }
}
