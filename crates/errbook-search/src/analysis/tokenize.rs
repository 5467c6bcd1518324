//! Tokens: lower-case Latin words (CamelCase error names also in their parts), and overlapping
//! bigrams over runs of Han, Hiragana and Katakana, so that Japanese needs no dictionary and
//! matches the same way at index and query time.

use super::mask::{is_variable_word, mask};

/// Longer tokens are ids or garbage, not words anyone searches for.
pub(crate) const MAX_TOKEN_CHARS: usize = 40;

/// The tokens of `text`, masked, in order.
pub fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for chunk in text.split_whitespace() {
        let masked = mask(chunk);
        scan(&masked, &mut out);
    }
    out
}

#[derive(Clone, Copy, PartialEq)]
enum Class {
    Word,
    Cjk,
    Other,
}

fn class(c: char) -> Class {
    if is_cjk(c) {
        Class::Cjk
    } else if c.is_alphanumeric() {
        Class::Word
    } else {
        Class::Other
    }
}

/// Han, Hiragana, Katakana (with the long vowel mark) and half-width Katakana.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x31F0..=0x31FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF66..=0xFF9F)
}

/// Full-width ASCII (`ＥＣＳ`, `４０４`) read as ASCII.
fn fold_width(c: char) -> char {
    match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        _ => c,
    }
}

fn scan(text: &str, out: &mut Vec<String>) {
    if text.is_ascii() {
        // No CJK and nothing to fold: the runs are slices of the text.
        for run in text.split(|c: char| !c.is_ascii_alphanumeric()).filter(|r| !r.is_empty()) {
            word(run, out);
        }
        return;
    }
    let mut run = String::new();
    let mut run_class = Class::Other;
    for c in text.chars().map(fold_width) {
        let cls = class(c);
        if cls != run_class && !run.is_empty() {
            flush(&run, run_class, out);
            run.clear();
        }
        run_class = cls;
        if cls != Class::Other {
            run.push(c);
        }
    }
    if !run.is_empty() {
        flush(&run, run_class, out);
    }
}

fn flush(run: &str, class: Class, out: &mut Vec<String>) {
    match class {
        Class::Word => word(run, out),
        Class::Cjk => {
            let chars: Vec<char> = run.chars().collect();
            if chars.len() == 1 {
                out.push(run.to_string());
            } else {
                out.extend(chars.windows(2).map(|w| w.iter().collect::<String>()));
            }
        }
        Class::Other => {}
    }
}

/// `CannotPullContainerError` → `cannotpullcontainererror cannot pull container error`.
fn word(run: &str, out: &mut Vec<String>) {
    let ascii = run.is_ascii();
    if (if ascii { run.len() } else { run.chars().count() }) > MAX_TOKEN_CHARS || is_variable_word(run) {
        return;
    }
    out.push(if ascii { run.to_ascii_lowercase() } else { run.to_lowercase() });
    // Parts begin at a capital: a word with none after its first letter is one part.
    if !run.chars().skip(1).any(char::is_uppercase) {
        return;
    }
    let parts = camel_parts(run);
    if parts.len() > 1 {
        out.extend(parts.into_iter().map(|p| p.to_lowercase()));
    }
}

/// Splits at lower→upper changes and before the last capital of an acronym (`HTTPError` →
/// `HTTP`, `Error`).
pub(crate) fn camel_parts(run: &str) -> Vec<&str> {
    let chars: Vec<(usize, char)> = run.char_indices().collect();
    let mut cuts = vec![0];
    for i in 1..chars.len() {
        let (prev, cur) = (chars[i - 1].1, chars[i].1);
        let next_lower = chars.get(i + 1).is_some_and(|&(_, n)| n.is_lowercase());
        if (prev.is_lowercase() && cur.is_uppercase()) || (prev.is_uppercase() && cur.is_uppercase() && next_lower) {
            cuts.push(chars[i].0);
        }
    }
    cuts.push(run.len());
    cuts.windows(2).map(|w| &run[w[0]..w[1]]).filter(|p| !p.is_empty()).collect()
}

/// The same analysis as a tantivy tokenizer, registered for every text field of the index.
#[cfg(feature = "tantivy")]
#[derive(Clone, Default)]
pub struct Tokenizer;

#[cfg(feature = "tantivy")]
pub struct TokenStream {
    tokens: Vec<tantivy::tokenizer::Token>,
    next: usize,
}

#[cfg(feature = "tantivy")]
impl tantivy::tokenizer::Tokenizer for Tokenizer {
    type TokenStream<'a> = TokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> TokenStream {
        let tokens = tokens(text)
            .into_iter()
            .enumerate()
            .map(|(position, text)| tantivy::tokenizer::Token {
                offset_from: 0,
                offset_to: 0,
                position,
                text,
                position_length: 1,
            })
            .collect();
        TokenStream { tokens, next: 0 }
    }
}

#[cfg(feature = "tantivy")]
impl tantivy::tokenizer::TokenStream for TokenStream {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &tantivy::tokenizer::Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut tantivy::tokenizer::Token {
        &mut self.tokens[self.next - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::tokens;

    #[test]
    fn camel_case_error_names_give_whole_and_parts() {
        assert_eq!(
            tokens("CannotPullContainerError:"),
            ["cannotpullcontainererror", "cannot", "pull", "container", "error"]
        );
        assert_eq!(tokens("HTTPError"), ["httperror", "http", "error"]);
        assert_eq!(tokens("TOOMANYREQUESTS"), ["toomanyrequests"]);
    }

    #[test]
    fn japanese_runs_become_overlapping_bigrams() {
        assert_eq!(tokens("ロールバックに失敗"), ["ロー", "ール", "ルバ", "バッ", "ック", "クに", "に失", "失敗"]);
        assert_eq!(tokens("a 失"), ["a", "失"]);
    }

    #[test]
    fn latin_and_cjk_mix_in_one_text() {
        assert_eq!(tokens("`ecspresso deploy`コマンド"), ["ecspresso", "deploy", "コマ", "マン", "ンド"]);
    }

    #[test]
    fn full_width_ascii_is_folded() {
        assert_eq!(tokens("ＥＣＳ　４０４"), ["ecs", "404"]);
    }

    #[test]
    fn variable_parts_are_masked_before_tokenizing() {
        assert_eq!(
            tokens("pull access denied for 999999999999.dkr.ecr.eu-central-1.amazonaws.com/api"),
            ["pull", "access", "denied", "for", "dkr", "ecr", "eu", "central", "1", "amazonaws", "com", "api"]
        );
    }
}
