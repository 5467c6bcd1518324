//! The words troubleshooting pages use for the parts of an entry, for errors and for services.
//!
//! They are data, not code: this crate's `i18n/<lang>/sections.toml` is built into the binary, and a book's
//! own file of the same name extends it (or replaces it, with `replace = true`). The words are
//! the language's, never one project's. The services a book's entries concern are the book's
//! own data, in `services.toml` beside `book.toml`; none are built in. All languages are merged
//! into one [`Vocabulary`], because a Japanese page may well label a part "Solution:".

use std::collections::HashMap;
use std::path::Path;

use regex::Regex;
use serde::Deserialize;

use crate::diagnostics::{Diagnostics, Location};

/// The part of an entry a heading or a bold label starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    ErrorMessage,
    Meaning,
    Symptom,
    /// A list of causes, each usually with its own solution.
    Causes,
    /// One cause: "Cause 2: Port mismatch" or 原因: …
    Cause,
    Solution,
    Debugging,
}

/// Each language's built-in words: (language, `i18n/<language>/sections.toml` of this crate).
const BUILTIN_SECTIONS: [(&str, &str); 2] =
    [("en", include_str!("../i18n/en/sections.toml")), ("ja", include_str!("../i18n/ja/sections.toml"))];
/// A book's services and their aliases, beside its `book.toml`.
const SERVICES_FILE: &str = "services.toml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct SectionsFile {
    /// A book's file that replaces the built-in words of its language instead of adding to them.
    #[serde(default)]
    replace: bool,
    #[serde(default)]
    roles: RolesTable,
    #[serde(default)]
    detect: DetectTable,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RolesTable {
    #[serde(default)]
    error_message: Vec<String>,
    #[serde(default)]
    meaning: Vec<String>,
    #[serde(default)]
    symptom: Vec<String>,
    #[serde(default)]
    causes: Vec<String>,
    #[serde(default)]
    cause: Vec<String>,
    #[serde(default)]
    solution: Vec<String>,
    #[serde(default)]
    debugging: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct DetectTable {
    #[serde(default)]
    error_words: Vec<String>,
    #[serde(default)]
    title_prefixes: Vec<String>,
    #[serde(default)]
    error_phrases: Vec<String>,
    #[serde(default)]
    heading_is_message: Vec<String>,
    #[serde(default)]
    problem_words: Vec<String>,
    #[serde(default)]
    problem_nouns: Vec<String>,
    #[serde(default)]
    lead_in_words: Vec<String>,
    #[serde(default)]
    condition_words: Vec<String>,
    #[serde(default)]
    not_entries: Vec<String>,
    #[serde(default)]
    not_entry_patterns: Vec<String>,
    #[serde(default)]
    procedure_headings: Vec<String>,
    #[serde(default)]
    how_to_questions: Vec<String>,
    #[serde(default)]
    message_cues: Vec<String>,
    #[serde(default)]
    output_cues: Vec<String>,
    #[serde(default)]
    cause_cues: Vec<String>,
    #[serde(default)]
    solution_cues: Vec<String>,
    #[serde(default)]
    table_keys: Vec<String>,
}

#[derive(Debug, Default)]
pub struct Vocabulary {
    roles: HashMap<String, Role>,
    /// Lower-case.
    pub error_words: Vec<String>,
    /// Lower-case.
    pub title_prefixes: Vec<String>,
    pub error_phrases: Vec<Regex>,
    /// Lower-case.
    pub heading_is_message: Vec<String>,
    /// Lower-case words by which a heading names a problem ("fails", "できない").
    pub problem_words: Vec<String>,
    /// Lower-case words that name problems as a class ("errors", 問題): a procedure heading that
    /// names no other ("Debug exceptions") is still a procedure.
    pub problem_nouns: Vec<String>,
    /// Lower-case words by which a sentence points at what comes next ("the following", 次の).
    pub lead_in_words: Vec<String>,
    /// Lower-case words that open a condition ("If …,", 〜場合は、).
    pub condition_words: Vec<String>,
    /// Headings that are never entries ("See also", 関連情報), normalized like labels.
    pub not_entries: Vec<String>,
    /// Headings that are never entries unless they quote a message: categories, procedures,
    /// how-to questions.
    pub not_entry_patterns: Vec<Regex>,
    /// Headings of procedures ("Checking the status", 〜を確認する): not entries unless they
    /// name a problem ("Running a box fails").
    pub procedure_headings: Vec<Regex>,
    /// Questions that ask how to do or choose something ("Can I …?", 〜できますか): not entries
    /// unless they name a problem or quote a message.
    pub how_to_questions: Vec<Regex>,
    /// Prose that announces an error: the code or quote after it is a literal message.
    pub message_cues: Vec<Regex>,
    /// Prose that announces normal output: the code after it is not an error.
    pub output_cues: Vec<Regex>,
    /// Prose that gives a cause ("This happens when", が原因です).
    pub cause_cues: Vec<Regex>,
    /// Prose that gives a fix ("To fix this", 解決するには).
    pub solution_cues: Vec<Regex>,
    /// Table headers of a column holding error codes or messages, normalized like labels.
    pub table_keys: Vec<String>,
    /// (name, aliases): an alias with a capital letter matches only as written ("Lambda", not
    /// Python's `lambda`); an all-lower-case one matches in any case.
    pub services: Vec<(String, Vec<String>)>,
}

impl Vocabulary {
    /// The built-in vocabulary extended (or replaced) by the book's own `i18n/` files, and the
    /// book's services, if any.
    pub fn load(root: &Path, languages: &[String], diags: &mut Diagnostics) -> Vocabulary {
        let mut vocab = Vocabulary::default();
        // A file that is not there adds nothing; one that is there and cannot be read or is
        // not UTF-8 is an error at its path, never skipped in silence.
        let read = |name: &str, diags: &mut Diagnostics| match std::fs::read_to_string(root.join(name)) {
            Ok(text) => Some(text),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => None,
            Err(err) => {
                diags.error(
                    Some(Location::new(name, 1, 1)),
                    format!("cannot read the vocabulary file: {err}"),
                    "save it as UTF-8 text the build can read",
                );
                None
            }
        };
        let own: Vec<(&String, String, String)> = languages
            .iter()
            .filter_map(|lang| {
                let name = format!("i18n/{lang}/sections.toml");
                read(&name, diags).map(|text| (lang, name, text))
            })
            .collect();
        let replaced = |builtin: &str| {
            own.iter().any(|(lang, _, text)| {
                *lang == builtin && toml::from_str::<SectionsFile>(text).is_ok_and(|file| file.replace)
            })
        };
        for (lang, text) in BUILTIN_SECTIONS.into_iter().filter(|(lang, _)| !replaced(lang)) {
            vocab.add_sections(&format!("crates/errbook-core/i18n/{lang}/sections.toml"), text, diags);
        }
        for (_, name, text) in &own {
            vocab.add_sections(name, text, diags);
        }
        if let Some(text) = read(SERVICES_FILE, diags) {
            vocab.add_services(SERVICES_FILE, &text, diags);
        }
        vocab
    }

    /// The built-in vocabulary alone.
    pub fn builtin() -> Vocabulary {
        let mut diags = Diagnostics::default();
        let vocab = Vocabulary::load(Path::new("/nonexistent"), &[], &mut diags);
        debug_assert!(diags.is_empty(), "built-in vocabulary is invalid: {diags:?}");
        vocab
    }

    fn add_sections(&mut self, name: &str, text: &str, diags: &mut Diagnostics) {
        let file: SectionsFile = match toml::from_str(text) {
            Ok(file) => file,
            Err(err) => {
                let loc = err.span().map(|s| Location::at_offset(name, text, s.start));
                diags.error(loc, format!("invalid vocabulary file: {}", err.message()), "");
                return;
            }
        };
        let r = file.roles;
        for (role, words) in [
            (Role::ErrorMessage, r.error_message),
            (Role::Meaning, r.meaning),
            (Role::Symptom, r.symptom),
            (Role::Causes, r.causes),
            (Role::Cause, r.cause),
            (Role::Solution, r.solution),
            (Role::Debugging, r.debugging),
        ] {
            for word in words {
                self.roles.insert(normalize_label(&word), role);
            }
        }
        let d = file.detect;
        extend_unique(&mut self.error_words, d.error_words.iter().map(|w| w.to_lowercase()));
        extend_unique(&mut self.title_prefixes, d.title_prefixes.iter().map(|w| w.to_lowercase()));
        extend_unique(&mut self.heading_is_message, d.heading_is_message.iter().map(|w| w.to_lowercase()));
        extend_unique(&mut self.problem_words, d.problem_words.iter().map(|w| w.to_lowercase()));
        extend_unique(&mut self.problem_nouns, d.problem_nouns.iter().map(|w| w.to_lowercase()));
        extend_unique(&mut self.lead_in_words, d.lead_in_words.iter().map(|w| w.to_lowercase()));
        extend_unique(&mut self.condition_words, d.condition_words.iter().map(|w| w.to_lowercase()));
        extend_unique(&mut self.not_entries, d.not_entries.iter().map(|w| normalize_label(w)));
        extend_unique(&mut self.table_keys, d.table_keys.iter().map(|w| normalize_label(w)));
        for (list, patterns) in [
            (&mut self.not_entry_patterns, d.not_entry_patterns),
            (&mut self.procedure_headings, d.procedure_headings),
            (&mut self.how_to_questions, d.how_to_questions),
            (&mut self.message_cues, d.message_cues),
            (&mut self.output_cues, d.output_cues),
            (&mut self.cause_cues, d.cause_cues),
            (&mut self.solution_cues, d.solution_cues),
        ] {
            for pattern in patterns {
                if list.iter().any(|r| r.as_str() == pattern) {
                    continue;
                }
                match Regex::new(&pattern) {
                    Ok(re) => list.push(re),
                    Err(err) => diags.error(Some(locate(name, text, &pattern)), format!("invalid pattern: {err}"), ""),
                }
            }
        }
        for pattern in d.error_phrases {
            if self.error_phrases.iter().any(|r| r.as_str() == pattern) {
                continue;
            }
            match Regex::new(&pattern) {
                Ok(re) if re.capture_names().any(|n| n == Some("m")) => self.error_phrases.push(re),
                Ok(_) => diags.error(
                    Some(locate(name, text, &pattern)),
                    "error phrase has no group named `m`",
                    "mark the message part with (?P<m>...)",
                ),
                Err(err) => diags.error(Some(locate(name, text, &pattern)), format!("invalid error phrase: {err}"), ""),
            }
        }
    }

    fn add_services(&mut self, name: &str, text: &str, diags: &mut Diagnostics) {
        // In the order written: services are listed as their writer ordered them.
        let table: indexmap::IndexMap<String, Vec<String>> = match toml::from_str(text) {
            Ok(t) => t,
            Err(err) => {
                let loc = err.span().map(|s| Location::at_offset(name, text, s.start));
                diags.error(loc, format!("invalid services file: {}", err.message()), "write NAME = [\"alias\", ...]");
                return;
            }
        };
        for (service, aliases) in table {
            let aliases = aliases.into_iter();
            match self.services.iter_mut().find(|(n, _)| *n == service) {
                Some((_, known)) => extend_unique(known, aliases),
                None => self.services.push((service, aliases.collect())),
            }
        }
    }

    /// The role a heading or label names, if any.
    pub fn role(&self, label: &str) -> Option<Role> {
        let key = normalize_label(label);
        if let Some(&role) = self.roles.get(&key) {
            return Some(role);
        }
        // A part named with a word before it ("Possible Causes", "Troubleshooting Steps",
        // 考えられる原因): the head word names the part. Not for the problem's own parts, where
        // "Permission Error" names an error, not a message.
        let head = match key.rsplit_once(' ') {
            Some((_, last)) => Some(last.to_string()),
            None => self
                .roles
                .keys()
                .filter(|k| !k.is_ascii() && k.chars().count() >= 2 && key.ends_with(k.as_str()))
                .max_by_key(|k| k.len())
                .cloned(),
        };
        head.and_then(|h| self.roles.get(&h).copied())
            .filter(|r| matches!(r, Role::Causes | Role::Solution | Role::Debugging | Role::Meaning))
    }

    /// Whether `line` reads as an error.
    pub fn looks_like_error(&self, line: &str) -> bool {
        // The search weighs a pasted line by the same test: one rule for both.
        errbook_search::paste::reads_as_error(line, &self.error_words)
    }

    /// Whether a heading names a problem by its words: "… fails", "Unable to …", 〜できない.
    pub fn names_problem(&self, heading: &str) -> bool {
        let lower = heading.to_lowercase();
        self.problem_words
            .iter()
            .chain(&self.error_words)
            .any(|w| if w.is_ascii() { contains_word(&lower, w) } else { lower.contains(w.as_str()) })
    }

    /// Prose that leads in to a list of causes: "The possible causes for this are:", "Reasons
    /// include:", "consider the following possible causes.", 主な原因は次のとおりです：. It ends in
    /// a colon or points at what follows, and says why or names the part.
    pub fn announces_causes(&self, text: &str) -> bool {
        let text = text.trim_end();
        let last = text.trim_end_matches(['.', '。']).rsplit(['.', '。']).next().unwrap_or(text).to_lowercase();
        let points = self
            .lead_in_words
            .iter()
            .any(|w| if w.is_ascii() { contains_word(&last, w) } else { last.contains(w.as_str()) });
        if !text.ends_with([':', '：']) && !points {
            return false;
        }
        let text = last.as_str();
        let names_causes = |key: &str| matches!(self.roles.get(key), Some(Role::Cause | Role::Causes));
        let lower = text.to_lowercase();
        Vocabulary::any_match(&self.cause_cues, text)
            || lower.split(|c: char| !c.is_alphanumeric()).any(|w| {
                w.is_ascii() && !w.is_empty() && (names_causes(w) || w.strip_suffix('s').is_some_and(names_causes))
            })
            || self
                .roles
                .iter()
                .any(|(k, r)| !k.is_ascii() && matches!(r, Role::Cause | Role::Causes) && lower.contains(k.as_str()))
    }

    /// The condition a paragraph opens with and the rest: "If the token expired, log in again."
    /// → ("If the token expired", "log in again."); 「トークンが切れた場合は、再ログインします。」
    /// → ("トークンが切れた場合は", "再ログインします。"). The condition is one clause of its
    /// first sentence.
    pub fn condition<'t>(&self, md: &'t str) -> Option<(&'t str, &'t str)> {
        let md = md.trim();
        let (clause, rest) = md.split_once([',', '、'])?;
        if clause.contains(". ") || clause.contains(".\n") || clause.contains('。') || clause.contains("\n\n") {
            return None;
        }
        let lower = clause.to_lowercase();
        // "If so,", その場合は、: a clause that only points back is no case of its own.
        let long = clause.split_whitespace().count() >= 3 || (!clause.is_ascii() && clause.chars().count() >= 6);
        if !long {
            return None;
        }
        let first = lower.split_whitespace().next().unwrap_or("");
        let opens = self.condition_words.iter().any(|w| match w.is_ascii() {
            true => first == w,
            false => lower.trim_end_matches(['は', 'に']).ends_with(w.as_str()),
        });
        (opens && !rest.trim().is_empty()).then(|| (clause.trim(), rest.trim()))
    }

    /// A procedure heading that names a problem of its own ("Running a box fails"), not only a
    /// class of them ("Debug exceptions", "Go to origin on error").
    pub fn is_procedure_only(&self, heading: &str) -> bool {
        let is_noun = |word: &str| {
            let word = word.trim_matches(|c: char| !c.is_alphanumeric());
            self.problem_nouns.iter().any(|n| n == word)
        };
        let mut rest: String = heading.to_lowercase().split(' ').filter(|w| !is_noun(w)).collect::<Vec<_>>().join(" ");
        for noun in self.problem_nouns.iter().filter(|n| !n.is_ascii()) {
            rest = rest.replace(noun.as_str(), " ");
        }
        self.is_procedure(heading) && !self.names_problem(&rest)
    }

    /// Whether a heading is one that is never an entry by itself: a reference section, a
    /// category, a procedure or a how-to question.
    pub fn is_not_entry(&self, heading: &str) -> bool {
        let key = normalize_label(heading);
        // "Related topics", エラーの種類: a heading word that is never an entry, before one more.
        let lead = match key.split_once(' ') {
            Some((first, rest)) if !rest.contains(' ') => self.not_entries.iter().any(|w| w == first),
            Some(_) => false,
            None => {
                !key.is_ascii()
                    && key.chars().count() <= 8
                    && self
                        .not_entries
                        .iter()
                        .any(|w| !w.is_ascii() && w.chars().count() >= 2 && key.starts_with(w.as_str()))
            }
        };
        key.is_empty()
            || lead
            || self.not_entries.contains(&key)
            || self.not_entry_patterns.iter().any(|re| re.is_match(heading.trim()))
    }

    pub fn is_procedure(&self, heading: &str) -> bool {
        Vocabulary::any_match(&self.procedure_headings, heading.trim())
    }

    /// A question that asks how, not what went wrong: "Can I use …?" and no problem named.
    pub fn is_how_to_question(&self, heading: &str) -> bool {
        Vocabulary::any_match(&self.how_to_questions, heading.trim()) && !self.names_problem(heading)
    }

    pub fn any_match(patterns: &[Regex], text: &str) -> bool {
        patterns.iter().any(|re| re.is_match(text))
    }

    /// Services mentioned in `text`, in vocabulary order.
    pub fn services_in(&self, text: &str) -> Vec<String> {
        let lower = text.to_lowercase();
        let mentions = |alias: &String| {
            if alias.chars().any(char::is_uppercase) {
                contains_word(text, alias)
            } else {
                contains_word(&lower, alias)
            }
        };
        self.services.iter().filter(|(_, aliases)| aliases.iter().any(mentions)).map(|(name, _)| name.clone()).collect()
    }
}

fn extend_unique(list: &mut Vec<String>, items: impl Iterator<Item = String>) {
    for item in items {
        if !list.contains(&item) {
            list.push(item);
        }
    }
}

fn locate(name: &str, text: &str, needle: &str) -> Location {
    Location::at_offset(name, text, text.find(needle).unwrap_or(0))
}

/// `**Cause 2 (optional):**` → `cause`: the key under which a label is looked up.
pub fn normalize_label(label: &str) -> String {
    let mut s = label.trim().trim_matches('*').trim();
    s = s.trim_end_matches([':', '：', '?', '？']).trim_end();
    // A note in parentheses at the end: "Error Message (in CloudWatch Logs)".
    for (open, close) in [('(', ')'), ('（', '）')] {
        if s.ends_with(close)
            && let Some(i) = s.rfind(open)
        {
            s = s[..i].trim_end();
        }
    }
    // A number: "Cause 2", "Step #3".
    s = s.trim_end_matches(|c: char| c.is_ascii_digit()).trim_end().trim_end_matches('#').trim_end();
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// Splits "Cause 1: Port mismatch" into its label ("Cause 1") and the rest ("Port mismatch").
pub fn split_label(text: &str) -> Option<(&str, &str)> {
    let i = text.find([':', '：'])?;
    let sep = text[i..].chars().next()?.len_utf8();
    Some((&text[..i], text[i + sep..].trim()))
}

/// `CannotPullContainerError`, `AccessDeniedException`: a CamelCase word naming an error.
pub fn has_error_identifier(text: &str) -> bool {
    error_identifiers(text).next().is_some()
}

pub use errbook_search::analysis::error_names as error_identifiers;

/// The one word-boundary rule, the scanner's too.
pub use errbook_search::analysis::contains_word;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paragraph_may_open_with_a_condition() {
        let v = Vocabulary::builtin();
        assert_eq!(v.condition("If the token expired, log in again."), Some(("If the token expired", "log in again.")));
        assert_eq!(
            v.condition("トークンが切れた場合は、再ログインします。"),
            Some(("トークンが切れた場合は", "再ログインします。"))
        );
        assert_eq!(v.condition("If so, retry."), None);
        assert_eq!(v.condition("その場合は、再試行します。"), None);
        assert_eq!(v.condition("It failed. If so, retry it now."), None);
    }

    #[test]
    fn labels_normalize_numbers_colons_and_notes() {
        assert_eq!(normalize_label("**Cause 2:**"), "cause");
        assert_eq!(normalize_label("Error Message (in CloudWatch Logs)"), "error message");
        assert_eq!(normalize_label("考えられる原因と解決策："), "考えられる原因と解決策");
        assert_eq!(normalize_label("Step #3"), "step");
    }

    #[test]
    fn builtin_roles_cover_both_languages() {
        let v = Vocabulary::builtin();
        assert_eq!(v.role("What It Means"), Some(Role::Meaning));
        assert_eq!(v.role("Common Causes"), Some(Role::Causes));
        assert_eq!(v.role("症状"), Some(Role::Symptom));
        assert_eq!(v.role("対応"), Some(Role::Solution));
        assert_eq!(v.role("Debugging workflow"), None);
    }

    #[test]
    fn a_book_replaces_the_words_of_its_language_or_adds_to_them() {
        let root = std::env::temp_dir().join(format!("errbook-vocab-{}", std::process::id()));
        std::fs::create_dir_all(root.join("i18n/en")).unwrap();
        let file = root.join("i18n/en/sections.toml");
        std::fs::write(&file, "[roles]\nsolution = [\"Remediation\"]\n").unwrap();
        let load = || Vocabulary::load(&root, &["en".to_string()], &mut Diagnostics::default());
        let added = load();
        assert_eq!((added.role("Remediation"), added.role("Solution")), (Some(Role::Solution), Some(Role::Solution)));
        std::fs::write(&file, "replace = true\n[roles]\nsolution = [\"Remediation\"]\n").unwrap();
        let replaced = load();
        assert_eq!((replaced.role("Remediation"), replaced.role("Solution")), (Some(Role::Solution), None));
        // Only the language the book replaces: Japanese words stay.
        assert_eq!(replaced.role("解決策"), Some(Role::Solution));
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn split_label_takes_ascii_and_fullwidth_colons() {
        assert_eq!(split_label("Cause 1: Port mismatch"), Some(("Cause 1", "Port mismatch")));
        assert_eq!(split_label("解決策：再実行"), Some(("解決策", "再実行")));
        assert_eq!(split_label("no colon"), None);
    }

    #[test]
    fn services_match_whole_words_in_both_scripts() {
        let mut v = Vocabulary::builtin();
        assert!(v.services.is_empty(), "services are a book's data, none built in");
        let mut diags = Diagnostics::default();
        v.add_services("services.toml", include_str!("../../../services.toml"), &mut diags);
        assert!(diags.is_empty());
        assert_eq!(v.services_in("IAMロールに必要な権限がない"), ["IAM"]);
        assert!(v.services_in("specs and access").is_empty());
        assert_eq!(v.services_in("pull from 1.dkr.ecr.us-east-1.amazonaws.com"), ["Amazon ECR"]);
    }
}
