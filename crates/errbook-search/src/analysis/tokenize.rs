//! Tokens: lower-case Latin words (CamelCase error names also in their parts), and overlapping
//! bigrams over runs of Han, Hiragana and Katakana, so that Japanese needs no dictionary and
//! matches the same way at index and query time.

use super::mask::{is_variable_word, mask};

/// Longer tokens are ids or garbage, not words anyone searches for.
pub(crate) const MAX_TOKEN_CHARS: usize = 40;

/// The tokens of `text`, masked, in order.
pub fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    each_token(text, &mut |token| out.push(token.to_string()));
    out
}

/// Calls `emit` with each of the tokens of `text`, in order, without allocating them.
pub(crate) fn each_token(text: &str, emit: &mut dyn FnMut(&str)) {
    for chunk in text.split_whitespace() {
        each_chunk_token(chunk, emit);
    }
}

/// Calls `emit` with each of the tokens of `chunk`, a run of `text` between white space: its
/// tokens depend on it alone.
pub(crate) fn each_chunk_token(chunk: &str, emit: &mut dyn FnMut(&str)) {
    scan(&mask(chunk), emit);
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

fn scan(text: &str, out: &mut dyn FnMut(&str)) {
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

fn flush(run: &str, class: Class, out: &mut dyn FnMut(&str)) {
    match class {
        Class::Word => word(run, out),
        Class::Cjk => {
            let starts: Vec<usize> = run.char_indices().map(|(i, _)| i).chain([run.len()]).collect();
            if starts.len() == 2 {
                out(run);
            } else {
                for w in starts.windows(3) {
                    out(&run[w[0]..w[2]]);
                }
            }
        }
        Class::Other => {}
    }
}

/// `CannotPullContainerError` → `cannotpullcontainererror cannot pull container error`.
fn word(run: &str, out: &mut dyn FnMut(&str)) {
    let ascii = run.is_ascii();
    if (if ascii { run.len() } else { run.chars().count() }) > MAX_TOKEN_CHARS || is_variable_word(run) {
        return;
    }
    lower_case(run, out);
    // Parts begin at a capital: a word with none after its first letter is one part.
    if !run.chars().skip(1).any(char::is_uppercase) {
        return;
    }
    let mut parts = camel_parts(run);
    if let (Some(first), Some(second)) = (parts.next(), parts.next()) {
        for part in [first, second].into_iter().chain(parts) {
            lower_case(part, out);
        }
    }
}

/// Calls `out` with `word` (at most [`MAX_TOKEN_CHARS`] long) in lower case.
fn lower_case(word: &str, out: &mut dyn FnMut(&str)) {
    // Most words are in lower case already, and are passed as they are.
    if word.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        return out(word);
    }
    let mut buffer = [0u8; 4 * MAX_TOKEN_CHARS];
    match buffer.get_mut(..word.len()).filter(|_| word.is_ascii()) {
        Some(lower) => {
            lower.copy_from_slice(word.as_bytes());
            lower.make_ascii_lowercase();
            out(std::str::from_utf8(lower).unwrap_or_default());
        }
        None => out(&word.to_lowercase()),
    }
}

/// Splits at lower→upper changes and before the last capital of an acronym (`HTTPError` →
/// `HTTP`, `Error`).
pub(crate) fn camel_parts(run: &str) -> impl Iterator<Item = &str> {
    let mut chars = run.char_indices().peekable();
    let mut previous: Option<char> = None;
    let mut start = 0;
    std::iter::from_fn(move || {
        while let Some((i, cur)) = chars.next() {
            let prev = previous.replace(cur);
            let next_lower = chars.peek().is_some_and(|&(_, n)| n.is_lowercase());
            let cut = prev.is_some_and(|prev| {
                (prev.is_lowercase() && cur.is_uppercase()) || (prev.is_uppercase() && cur.is_uppercase() && next_lower)
            });
            if cut {
                let part = &run[start..i];
                start = i;
                return Some(part);
            }
        }
        let part = &run[start..];
        start = run.len();
        (!part.is_empty()).then_some(part)
    })
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
