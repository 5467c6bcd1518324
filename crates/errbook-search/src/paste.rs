//! A paste of any size (one message, or a whole log) into a bounded set of weighted query
//! terms: lines that read as errors weigh more, repeated lines count once, and the number of
//! terms is capped by the caller.

use std::collections::{HashMap, HashSet};

use crate::analysis::tokens;

/// A paste is read up to this size; a larger one is cut (at a character boundary).
pub const MAX_PASTE_BYTES: usize = 1 << 20;
/// Weight of a term that appears on a line reading as an error.
pub const ERROR_LINE_WEIGHT: f32 = 2.0;

pub struct Paste {
    /// Each distinct term with its weight, in order of first appearance.
    pub terms: Vec<(String, f32)>,
    /// The distinct lines' tokens, error lines first: what re-ranking compares messages with.
    pub lines: Vec<Vec<String>>,
}

pub fn analyze(paste: &str, error_words: &[String]) -> Paste {
    let mut end = paste.len().min(MAX_PASTE_BYTES);
    while !paste.is_char_boundary(end) {
        end -= 1;
    }
    let mut seen_lines = HashSet::new();
    let mut weights: HashMap<String, f32> = HashMap::new();
    let mut order = Vec::new();
    let (mut error_lines, mut other_lines) = (Vec::new(), Vec::new());
    for line in paste[..end].lines() {
        let toks = tokens(line);
        if toks.is_empty() || !seen_lines.insert(toks.join(" ")) {
            continue;
        }
        let is_error = reads_as_error(line, error_words);
        let weight = if is_error { ERROR_LINE_WEIGHT } else { 1.0 };
        for t in &toks {
            match weights.get_mut(t) {
                Some(w) => *w = w.max(weight),
                None => {
                    weights.insert(t.clone(), weight);
                    order.push(t.clone());
                }
            }
        }
        if is_error { error_lines.push(toks) } else { other_lines.push(toks) }
    }
    error_lines.extend(other_lines);
    let terms = order.into_iter().map(|t| {
        let w = weights[&t];
        (t, w)
    });
    Paste { terms: terms.collect(), lines: error_lines }
}

/// Whether a line reads as an error: an error word, or a CamelCase name ending in Error or
/// Exception.
pub fn reads_as_error(line: &str, error_words: &[String]) -> bool {
    let lower = line.to_lowercase();
    error_words.iter().any(|w| lower.contains(w.as_str())) || crate::analysis::error_names(line).next().is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words() -> Vec<String> {
        ["error", "failed", "refused"].map(String::from).to_vec()
    }

    #[test]
    fn error_lines_weigh_more_and_come_first() {
        let p = analyze("INFO starting up\nERROR connection refused\n", &words());
        let w: HashMap<_, _> = p.terms.iter().cloned().collect();
        assert_eq!(w["starting"], 1.0);
        assert_eq!(w["refused"], ERROR_LINE_WEIGHT);
        assert_eq!(p.lines[0], ["error", "connection", "refused"]);
    }

    #[test]
    fn repeated_lines_count_once_even_with_other_timestamps() {
        let log = "2024-01-01T00:00:01Z ERROR boom\n2024-01-01T00:00:02Z ERROR boom\n";
        assert_eq!(analyze(log, &words()).lines.len(), 1);
    }

    #[test]
    fn huge_paste_is_cut_not_refused() {
        let log = format!("{}\nfailed here", "é".repeat(MAX_PASTE_BYTES));
        let p = analyze(&log, &words());
        assert!(p.terms.iter().all(|(t, _)| t != "failed"), "text past the limit is not read");
    }

    #[test]
    fn camel_case_error_names_make_error_lines() {
        assert!(reads_as_error("ModuleNotFoundError: x", &[]));
        assert!(!reads_as_error("all good", &[]));
    }
}
