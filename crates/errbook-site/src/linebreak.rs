//! Lines for text drawn in SVG, where the browser does not wrap: widths estimated from the
//! characters, and breaks where a reader expects them. In Japanese, which has no spaces, a line
//! may break after a particle or an ending in hiragana before a new word (タスクが|起動しない),
//! after punctuation (確認し、|エントリ), and where Japanese meets Latin text (IAM|権限), but
//! never inside a run of katakana, kanji or Latin letters (コ|マンド): a simple form of the
//! phrase rule BudouX learns. Only a word longer than a whole line is cut inside.

use unicode_width::UnicodeWidthChar;

/// Whether `c` takes two columns (CJK, full-width), as Unicode's East Asian Width says.
fn is_wide(c: char) -> bool {
    c.width() == Some(2)
}

/// The width of `c` in a font of size 1, roughly, for a proportional sans-serif.
fn advance(c: char) -> f32 {
    match c {
        _ if is_wide(c) => 1.0,
        'i' | 'l' | 'j' | 'f' | 't' | 'r' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | '(' | ')' | '[' | ']' | ' ' => {
            0.34
        }
        'm' | 'w' | 'M' | 'W' | '@' | '%' => 0.9,
        _ if c.is_uppercase() || c.is_ascii_digit() => 0.68,
        _ => 0.56,
    }
}

pub(super) fn width(text: &str, font_size: f32) -> f32 {
    text.chars().map(advance).sum::<f32>() * font_size
}

fn is_hiragana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{309F}')
}

/// Punctuation after which a Japanese line may end.
fn ends_phrase(c: char) -> bool {
    matches!(c, '、' | '。' | '，' | '．' | '・' | '：' | '）' | '」' | '』' | '】' | '！' | '？' | ')' | ',' | ';')
}

/// Characters a line may not start with: small kana, the long-vowel mark, closing punctuation.
fn clings_to_previous(c: char) -> bool {
    matches!(
        c,
        'ー' | 'ぁ'
            | 'ぃ'
            | 'ぅ'
            | 'ぇ'
            | 'ぉ'
            | 'っ'
            | 'ゃ'
            | 'ゅ'
            | 'ょ'
            | 'ァ'
            | 'ィ'
            | 'ゥ'
            | 'ェ'
            | 'ォ'
            | 'ッ'
            | 'ャ'
            | 'ュ'
            | 'ョ'
    ) || ends_phrase(c)
}

/// Whether a line may break between `prev` and `next`.
fn may_break(prev: char, next: char) -> bool {
    if next == ' ' || clings_to_previous(next) {
        return false;
    }
    if prev == ' ' || (ends_phrase(prev) && is_wide(prev)) {
        return true;
    }
    let (pw, nw) = (is_wide(prev), is_wide(next));
    if pw != nw {
        return next.is_alphanumeric() || prev.is_alphanumeric();
    }
    pw && is_hiragana(prev) && !is_hiragana(next)
}

/// At most `max_lines` lines no wider than `max_width` at `font_size`, ending with `…` when the
/// text is longer.
pub(super) fn wrap(text: &str, max_width: f32, font_size: f32, max_lines: usize) -> Vec<String> {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut lines = Vec::new();
    let mut rest = text.as_str();
    while !rest.is_empty() && lines.len() < max_lines {
        let mut used = 0.0;
        let mut end = rest.len();
        let mut last_break = None;
        let mut prev: Option<char> = None;
        for (i, c) in rest.char_indices() {
            if prev.is_some_and(|p| may_break(p, c)) {
                last_break = Some(i);
            }
            used += advance(c) * font_size;
            if used > max_width {
                end = i;
                break;
            }
            prev = Some(c);
        }
        if end < rest.len()
            && let Some(at) = last_break.filter(|&at| at > 0)
        {
            end = at;
        }
        // A word longer than the line is cut where it overflows, but never before its first
        // character.
        if end == 0 {
            end = rest.chars().next().map_or(rest.len(), char::len_utf8);
        }
        let mut line = rest[..end].trim().to_string();
        rest = rest[end..].trim_start();
        if lines.len() + 1 == max_lines && !rest.is_empty() {
            while width(&line, font_size) + advance('…') * font_size > max_width && line.pop().is_some() {}
            line.push('…');
            rest = "";
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_breaks_at_spaces_and_ellipsizes() {
        assert_eq!(wrap("aaa bbb ccc ddd", 50.0, 10.0, 2), ["aaa bbb", "ccc ddd"]);
        let two = wrap("aaa bbb ccc ddd eee fff", 50.0, 10.0, 2);
        assert_eq!(two[0], "aaa bbb");
        assert!(two[1].ends_with('…') && width(&two[1], 10.0) <= 50.0, "{two:?}");
    }

    #[test]
    fn japanese_breaks_between_phrases_never_inside_a_word() {
        let lines = wrap("コンテナのログを確認し、エントリポイントやコマンドを修正", 280.0, 13.0, 2);
        assert_eq!(lines, ["コンテナのログを確認し、エントリポイントや", "コマンドを修正"]);
        let lines = wrap("ヘルスチェックの設定を確認し、アプリケーションが正しく応答することを確認", 280.0, 13.0, 2);
        assert_eq!(lines[0], "ヘルスチェックの設定を確認し、");
        assert!(lines[1].starts_with("アプリケーションが"), "{lines:?}");
        assert_eq!(wrap("IAM権限の問題", 40.0, 13.0, 3), ["IAM", "権限の", "問題"]);
    }

    #[test]
    fn a_word_longer_than_a_line_is_cut() {
        let lines = wrap("ServiceSchedulerInitiatedDeploymentFailure", 100.0, 10.0, 3);
        assert!(lines.len() == 3 && lines.iter().all(|l| width(l, 10.0) <= 100.0 + 10.0), "{lines:?}");
    }
}
