//! Masking rules: each names a kind of variable text and says what of it to keep.
//!
//! The rules are a table ([`RULES`]), tried in order on every white-space separated chunk; the
//! first that recognises a chunk decides what stays of it. What stays is plain words, which the
//! tokenizer then cuts as usual. Every rule has its own unit test below.

/// A rule: its name, and a function that returns what to keep of a chunk it recognises.
pub struct Rule {
    pub name: &'static str,
    pub apply: fn(&str) -> Option<String>,
}

pub const RULES: &[Rule] = &[
    Rule { name: "arn", apply: arn },
    Rule { name: "url", apply: url },
    Rule { name: "uuid", apply: uuid },
    Rule { name: "ipv4", apply: ipv4 },
    Rule { name: "ipv6", apply: ipv6 },
    Rule { name: "timestamp", apply: timestamp },
    Rule { name: "hex-id", apply: hex_id },
    Rule { name: "long-number", apply: long_number },
    Rule { name: "blob", apply: blob },
    Rule { name: "path", apply: path },
];

/// What to keep of `chunk` (white space free): the chunk itself when no rule applies.
pub fn mask(chunk: &str) -> std::borrow::Cow<'_, str> {
    let core = chunk
        .trim_matches(|c| {
            matches!(c, '(' | ')' | '[' | ']' | '{' | '}' | '<' | '>' | '"' | '\'' | '`' | ',' | ';' | '!' | '?')
        })
        .trim_end_matches(['.', ':']);
    // Every rule needs a digit or one of these; most chunks are plain words.
    if core.is_empty() || !core.bytes().any(|b| b.is_ascii_digit() || matches!(b, b':' | b'/' | b'\\' | b'-' | b'+')) {
        return chunk.into();
    }
    for rule in RULES {
        if let Some(kept) = (rule.apply)(core) {
            return kept.into();
        }
    }
    chunk.into()
}

/// Whether a single word (no punctuation) is an id or a long number: dropped even when it stands
/// inside a larger chunk (`123456.dkr.ecr…`, `targetgroup/api/73e2d6bc24d8a067`).
pub fn is_variable_word(w: &str) -> bool {
    long_number(w).is_some() || hex_id(w).is_some_and(|kept| kept.is_empty())
}

/// `arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/api/73e2…` keeps the
/// service and the resource type: `elasticloadbalancing targetgroup`.
fn arn(s: &str) -> Option<String> {
    let rest = s.strip_prefix("arn:")?;
    let parts: Vec<&str> = rest.splitn(5, ':').collect();
    let service = parts.get(1).copied().unwrap_or("");
    let resource = parts.get(4).copied().unwrap_or("");
    let resource_type = resource.split(['/', ':']).next().unwrap_or("");
    let resource_type = if resource.contains(['/', ':']) { resource_type } else { "" };
    Some(format!("{service} {resource_type}").trim().to_string())
}

/// `https://login.example.com/3b7a…/oauth/token` keeps the host's words and the path's plain
/// words: `login example oauth token`.
fn url(s: &str) -> Option<String> {
    // (`contains` has a fast path for short needles that `split_once` has not: most chunks
    // with a colon are times and addresses.)
    if !s.contains("://") {
        return None;
    }
    let (_, rest) = s.split_once("://")?;
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host.rsplit('@').next().unwrap_or(host);
    let host = host.split(':').next().unwrap_or(host);
    let mut kept: Vec<&str> = host.split('.').filter(|w| is_word(w) && !TLDS.contains(w)).collect();
    kept.extend(path.split(['/', '?', '&', '=', '#']).filter(|w| is_word(w)));
    Some(kept.join(" "))
}

const TLDS: [&str; 7] = ["com", "net", "org", "io", "www", "co", "jp"];

/// A plain word: letters, maybe a trailing digit (`oauth2`), not an id.
fn is_word(w: &str) -> bool {
    !w.is_empty()
        && w.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && w.chars().filter(|c| c.is_ascii_digit()).count() <= 1
}

/// `3b7a675a-1fc8-4983-a100-cc52b7647737`: dropped.
fn uuid(s: &str) -> Option<String> {
    if s.len() != 36 {
        return None;
    }
    let groups: Vec<&str> = s.split('-').collect();
    let lens: Vec<usize> = groups.iter().map(|g| g.len()).collect();
    (lens == [8, 4, 4, 4, 12] && groups.iter().all(|g| g.chars().all(|c| c.is_ascii_hexdigit()))).then(String::new)
}

/// `10.0.12.7` or `10.0.12.7:5432`: dropped.
fn ipv4(s: &str) -> Option<String> {
    if !s.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let addr = s.split(':').next()?;
    if addr.bytes().filter(|&b| b == b'.').count() != 3 {
        return None;
    }
    let parts: Vec<&str> = addr.split('.').collect();
    let ok = parts.len() == 4
        && parts.iter().all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()));
    ok.then(String::new)
}

/// `fe80::1ff:fe23:4567:890a`: dropped.
fn ipv6(s: &str) -> Option<String> {
    // (Its characters first: a date or a time fails on its first `-` or `T`.)
    let ok = s.bytes().all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
        && s.bytes().filter(|&b| b == b':').count() >= 2
        && s.bytes().any(|b| b.is_ascii_digit())
        && s.split(':').all(|g| g.len() <= 4 || g.contains('.'));
    ok.then(String::new)
}

/// `2024-05-01T10:22:03.123Z`, `10:22:03`, `2024/05/01`: dropped.
fn timestamp(s: &str) -> Option<String> {
    let ok = s.starts_with(|c: char| c.is_ascii_digit())
        && s.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'-' | b':' | b'/' | b'.' | b'T' | b'Z' | b'+' | b','))
        && s.contains(['-', ':', '/'])
        && s.bytes().filter(u8::is_ascii_digit).count() >= 3;
    ok.then(String::new)
}

/// `73e2d6bc24d8a067`, `sha256:9f86d0…`: a run of hex with letters and digits, 8 or more long.
fn hex_id(s: &str) -> Option<String> {
    if s.len() < 8 {
        return None;
    }
    let (prefix, hex) = match s.rsplit_once(':') {
        Some((p, h)) if p.chars().all(|c| c.is_ascii_alphanumeric()) => (p, h),
        _ => ("", s),
    };
    let ok = hex.len() >= 8
        && hex.chars().all(|c| c.is_ascii_hexdigit())
        && hex.chars().any(|c| c.is_ascii_digit())
        && hex.chars().any(|c| c.is_ascii_alphabetic());
    ok.then(|| prefix.to_string())
}

/// `123456789012` (an account id), `1699999999`: numbers of 5 digits or more are dropped;
/// shorter ones are status codes, exit codes and errnos, which matter.
fn long_number(s: &str) -> Option<String> {
    (s.len() >= 5 && s.bytes().all(|b| b.is_ascii_digit())).then(String::new)
}

/// `kC2Xq0vR+7bN/Ld9wE1mZpT4sYh8GjUa3fQe6iO5cVrBn0==`: base64 (a key, a certificate, a
/// payload pasted with its error), 40 or more characters of `[A-Za-z0-9+/=]` mixing upper case,
/// lower case and digits or `+`, `/` (a line of base64's 76 characters holds none of them once
/// in 7 million), dropped whole; cut into words, its thousands of short pieces would match a
/// book's words by chance. Told from names joined by `/` (a Java class path such as
/// `org/apache/logging/log4j/core/appender/RollingFileAppender`) by its runs of lower-case
/// letters: 1.6 letters long on average in random text (a letter is lower case 26 times in 64;
/// a line of base64's 76 characters averages 3.5 fewer than once in 10,000, 4 almost never),
/// 4 or more in names made of words.
fn blob(s: &str) -> Option<String> {
    if s.len() < 40 || !s.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=')) {
        return None;
    }
    let upper = s.bytes().any(|b| b.is_ascii_uppercase());
    let not_letters = s.bytes().any(|b| !b.is_ascii_alphabetic());
    let lower = s.bytes().filter(u8::is_ascii_lowercase).count();
    let runs = s.split(|c: char| !c.is_ascii_lowercase()).filter(|run| !run.is_empty()).count();
    (upper && not_letters && lower > 0 && lower < 4 * runs).then(String::new)
}

/// `/var/log/app/server.log` or `C:\app\main.py` keeps the file name: `server.log`.
fn path(s: &str) -> Option<String> {
    let is_path = (s.starts_with('/') || s.starts_with("./") || s.starts_with("~/") || s.contains('\\'))
        && s.len() > 1
        && !s.contains("://");
    if !is_path {
        return None;
    }
    let name = s.trim_end_matches(['/', '\\']).rsplit(['/', '\\']).next().unwrap_or("");
    Some(mask(name).into_owned())
}

#[cfg(test)]
mod tests {
    use super::mask;

    #[test]
    fn arn_keeps_service_and_resource_type() {
        assert_eq!(
            mask("arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/api/73e2d6bc24d8a067)"),
            "elasticloadbalancing targetgroup"
        );
        assert_eq!(mask("arn:aws:secretsmanager:us-east-1:123456:secret:my-api-key-AbCdEf"), "secretsmanager secret");
        assert_eq!(mask("arn:aws:iam::123456789012:user/dev"), "iam user");
    }

    #[test]
    fn url_keeps_host_and_path_words() {
        assert_eq!(
            mask("https://login.microsoftonline.com/3b7a675a-1fc8/oauth2/v2.0/token"),
            "login microsoftonline oauth2 token"
        );
        assert_eq!(mask("http://localhost:8000/health"), "localhost health");
    }

    #[test]
    fn uuid_is_dropped() {
        assert_eq!(mask("3b7a675a-1fc8-4983-a100-cc52b7647737"), "");
    }

    #[test]
    fn ip_addresses_are_dropped() {
        assert_eq!(mask("(127.0.0.1)"), "");
        assert_eq!(mask("10.1.2.3:5432"), "");
        assert_eq!(mask("fe80::1ff:fe23:4567:890a"), "");
    }

    #[test]
    fn timestamps_and_dates_are_dropped() {
        assert_eq!(mask("2024-05-01T10:22:03.123Z"), "");
        assert_eq!(mask("10:22:03"), "");
        assert_eq!(mask("2024/05/01"), "");
    }

    #[test]
    fn hex_ids_and_hashes_are_dropped() {
        assert_eq!(mask("73e2d6bc24d8a067"), "");
        assert_eq!(mask("sha256:9f86d081884c7d659a2feaa0c55ad015"), "sha256");
        assert_eq!(mask("deadbeef"), "deadbeef", "no digit: a word, not an id");
    }

    #[test]
    fn long_numbers_are_dropped_short_kept() {
        assert_eq!(mask("123456789012"), "");
        assert_eq!(mask("137"), "137");
        assert_eq!(mask("5432"), "5432");
    }

    #[test]
    fn base64_blobs_are_dropped() {
        // A line of `head -c 3000 /dev/urandom | base64`, and one starting with `/`.
        assert_eq!(mask("u1Cb9Ht0OvIFg0dAo3qQ3W+SM7QsFYz2VwFxK/5yMY0jpNsy1jmTQFUCj6WZK+D1oJ3kLsO2jA8L"), "");
        assert_eq!(mask("/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAAYEBQYFBAYGBQYGBwcGBwoKCgkJCQsLDA0PBwsOFBQT"), "");
        assert_eq!(mask("R4MVHACmCuydlWyoLkiDIBXyghf/3nnsisiy68IwtH0MH4KRKFhbseuxD5WOMpvhynri+d/4rBdw"), "");
        assert_eq!(
            mask("+adixCxmxtuQdYRqNcQdu+nICZzMJJShqAWaEUybuXzJCTTLcEsCsfzJhgbHETTQhvcdZBlLaAvq"),
            "",
            "no digit"
        );
        assert_eq!(mask("MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0t=="), "");
        // Names joined by `/`, short tokens, and words without digits stay.
        for name in [
            "org/apache/logging/log4j/core/appender/RollingFileAppender",
            "io/netty/util/internal/PlatformDependent0",
            "com/amazonaws/services/s3/AmazonS3ClientBuilder",
            "AbstractAutowireCapableBeanFactoryInitializationError",
        ] {
            assert_eq!(mask(name), name);
        }
        assert_eq!(mask("dGhlIHF1aWNrIGJyb3du"), "dGhlIHF1aWNrIGJyb3du", "under 40 characters");
    }

    #[test]
    fn paths_keep_the_file_name() {
        assert_eq!(mask("/var/log/app/server.log"), "server.log");
        assert_eq!(mask("/health"), "health");
        assert_eq!(mask("C:\\app\\main.py"), "main.py");
    }

    #[test]
    fn ordinary_words_pass_unchanged() {
        assert_eq!(mask("CannotPullContainerError:"), "CannotPullContainerError:");
        assert_eq!(mask("denied"), "denied");
    }
}
