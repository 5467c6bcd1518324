//! Finding the literal error messages of an entry beyond its code blocks and quotes: in its
//! title, in its prose and in its inline code. The phrases are vocabulary data.

use crate::vocabulary::{Vocabulary, error_identifiers};

use super::ErrorMessage;

/// Adds `text` unless a known message already contains it (compared without case); a new
/// message that contains known ones is kept beside them.
pub fn add_message(messages: &mut Vec<ErrorMessage>, text: &str, line: usize) {
    let text = text.trim().trim_end_matches(['.', '。']).trim();
    if text.chars().count() < 3 {
        return;
    }
    let lower = text.to_lowercase();
    if messages.iter().any(|m| m.text.to_lowercase().contains(&lower)) {
        return;
    }
    messages.push(ErrorMessage { text: text.to_string(), line });
}

/// Messages a heading states: a quoted part (`HTTP 404: "Repository Does Not Exist" error`),
/// an `Error:` prefix, or an error name (`CannotPullContainerError`).
pub fn from_title(title: &str) -> Vec<String> {
    let mut found = quoted(title);
    if let Some(rest) = title.strip_prefix("Error:").or_else(|| title.strip_prefix("ERROR:")) {
        found.push(rest.trim().to_string());
    }
    found.extend(error_identifiers(title).map(str::to_string));
    found.extend(error_codes(title).map(str::to_string));
    found
}

/// Error codes as logs carry them: a compiler's or tool's letters and number (`C2065`,
/// `TS2304`, `E1234`) or an upper-case name in parts (`ERR_OSSL_EVP_UNSUPPORTED`).
pub fn error_codes(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).filter(|word| {
        let letters = word.bytes().take_while(u8::is_ascii_uppercase).count();
        let digits = word.len() - letters;
        let numbered = (1..=3).contains(&letters)
            && (3..=5).contains(&digits)
            && word[letters..].bytes().all(|b| b.is_ascii_digit());
        let parts: Vec<&str> = word.split('_').collect();
        let named = parts.len() >= 2
            && parts.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()))
            && parts[0].bytes().any(|b| b.is_ascii_uppercase());
        numbered || named
    })
}

/// The status a heading is, in inline code: the word a program or API returns, alone or with
/// what it concerns in brackets (`` `MISSING` (cluster ID) ``, `` `RESOURCE:GPU` ``), upper
/// case. Not `` `PATH` is not set ``, a sentence about a name.
pub fn leading_status(heading: &str) -> Option<&str> {
    let (span, rest) = heading.trim().strip_prefix('`')?.split_once('`')?;
    let upper = span.chars().filter(char::is_ascii_uppercase).count();
    let allowed = |c: char| c.is_ascii_uppercase() || c.is_ascii_digit() || "_:*-.".contains(c);
    let rest = rest.trim();
    (upper >= 3 && span.chars().all(allowed) && (rest.is_empty() || rest.starts_with('('))).then_some(span)
}

/// Inline code in a heading that holds a message rather than a name: it has a colon, a quote
/// or an error word, or three words or more (`` `Error: Cannot find module 'x'` ``, not
/// `` `helm ls` ``).
pub fn code_span_messages(text: &str) -> impl Iterator<Item = &str> {
    text.split('`').skip(1).step_by(2).map(str::trim).filter(|span| {
        let words = span.split_whitespace().count();
        words >= 3 || (words >= 2 && span.contains([':', '\'', '"', '!', '(']))
    })
}

/// A heading that is itself program output: it starts in lower case and reads as an error
/// (`error converting YAML to JSON`, `service type 'xxxx' is not supported`).
pub fn reads_as_output(heading: &str, vocab: &Vocabulary) -> bool {
    let heading = heading.trim();
    heading.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && heading.split_whitespace().count() >= 3
        && (vocab.looks_like_error(heading) || heading.contains(" '"))
}

/// Whether prose announces that the code or quote after it is an error ("you may see an error
/// like:", 次のエラーが表示されます), and not normal output ("You should see").
pub fn announces_message(text: &str, vocab: &Vocabulary) -> bool {
    Vocabulary::any_match(&vocab.message_cues, text) && !Vocabulary::any_match(&vocab.output_cues, text)
}

/// A code and its message written into a sentence, the way programs print them:
/// `TOOMANYREQUESTS: Rate exceeded`, `EACCES: permission denied`, or any `Word: message` right
/// after the word error (`the error Unknown: Rate exceeded`).
static CODE_AND_MESSAGE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?:\b[A-Z][A-Z0-9_]{3,}|(?i:\berror\s+)[A-Z][a-z]+): [A-Za-z][^,;.]*[A-Za-z0-9)]")
        .expect("valid pattern")
});

/// Messages prose points at: "you may see the error message TOOMANYREQUESTS: Rate exceeded",
/// "you may receive a 429: Too Many Requests error".
pub fn from_prose<'t>(vocab: &Vocabulary, text: &'t str) -> Vec<&'t str> {
    // `NOTE: …` and `WARNING: …` are the page's own asides.
    let aside = |m: &str| m.split(':').next().is_some_and(|code| crate::parse::platform::callout_kind(code).is_some());
    let mut found: Vec<&str> = CODE_AND_MESSAGE
        .find_iter(text)
        .map(|m| m.as_str())
        .map(|m| m.get(m.to_lowercase().find("error ").map_or(0, |i| i + 6)..).unwrap_or(m).trim_start())
        .filter(|m| !aside(m))
        .collect();
    for re in &vocab.error_phrases {
        for caps in re.captures_iter(text) {
            if let Some(m) = caps.name("m") {
                let candidate = m.as_str().trim();
                if candidate.chars().count() <= 160 {
                    found.push(candidate);
                }
            }
        }
    }
    found
}

/// Inline code that names an error: `` `CannotPullContainerError` ``.
pub fn from_code_spans(spans: &[String]) -> impl Iterator<Item = &str> {
    spans.iter().filter(|s| error_identifiers(s).next().is_some_and(|id| id.len() == s.trim().len())).map(|s| s.trim())
}

/// Whether the prose says its heading is the error ("You may see this error in the console").
pub fn prose_names_heading(vocab: &Vocabulary, text: &str) -> bool {
    let lower = text.to_lowercase();
    vocab.heading_is_message.iter().any(|p| lower.contains(p.as_str()))
}

fn quoted(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (open, close) in [('"', '"'), ('“', '”'), ('「', '」')] {
        let mut rest = text;
        while let Some(start) = rest.find(open) {
            let after = &rest[start + open.len_utf8()..];
            let Some(end) = after.find(close) else { break };
            let inner = after[..end].trim();
            if inner.chars().count() >= 3 {
                found.push(inner.to_string());
            }
            rest = &after[end + close.len_utf8()..];
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_heading_may_open_with_the_status_a_program_returns() {
        assert_eq!(leading_status("`MISSING` (cluster ID)"), Some("MISSING"));
        assert_eq!(leading_status("`RESOURCE:GPU`"), Some("RESOURCE:GPU"));
        assert_eq!(leading_status("`helm list` shows nothing"), None);
        assert_eq!(leading_status("`PATH` is not set"), None);
        assert_eq!(leading_status("Run `MISSING`"), None);
    }

    #[test]
    fn title_quotes_prefix_and_names() {
        assert_eq!(from_title("HTTP 404: \"Repository Does Not Exist\" error"), ["Repository Does Not Exist"]);
        assert_eq!(from_title("Error: Cannot log in"), ["Cannot log in"]);
        assert_eq!(from_title("ResourceInitializationError (Secrets Manager)"), ["ResourceInitializationError"]);
        assert_eq!(from_title("「接続できません」の対処"), ["接続できません"]);
        assert_eq!(from_title("コンパイラエラー C2065"), ["C2065"]);
        assert_eq!(from_title("ERR_OSSL_EVP_UNSUPPORTED when building"), ["ERR_OSSL_EVP_UNSUPPORTED"]);
        assert!(from_title("Upgrade to OpenSSL 3 on x86_64 and IPv6").is_empty());
    }

    #[test]
    fn prose_phrases() {
        let v = Vocabulary::builtin();
        let text = "You may receive a 429: Too Many Requests error or a ThrottleException error from ECR. \
                    You may see TOOMANYREQUESTS: Rate exceeded, or the error Unknown: Rate exceeded. An error we have seen is this. NOTE: the \
                    URL is HTTPS: yes.";
        let found = from_prose(&v, text);
        assert!(found.contains(&"TOOMANYREQUESTS: Rate exceeded"), "{found:?}");
        assert!(found.contains(&"Unknown: Rate exceeded"), "{found:?}");
        assert!(!found.iter().any(|f| f.starts_with("NOTE")), "{found:?}");
        assert!(found.contains(&"429: Too Many Requests"), "{found:?}");
        assert!(found.contains(&"ThrottleException"), "{found:?}");
        assert!(!found.iter().any(|f| f.starts_with("we ")), "{found:?}");
    }

    #[test]
    fn duplicates_by_containment_are_dropped() {
        let mut m = Vec::new();
        add_message(&mut m, "CannotPullContainerError: pull access denied", 1);
        add_message(&mut m, "cannotpullcontainererror", 2);
        add_message(&mut m, "Other failure.", 3);
        let texts: Vec<&str> = m.iter().map(|m| m.text.as_str()).collect();
        assert_eq!(texts, ["CannotPullContainerError: pull access denied", "Other failure"]);
    }
}
