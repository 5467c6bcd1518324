//! The screen for the CJK words of a line that is not ASCII: the book's CJK words are the
//! tokenizer's, a character alone or two in a row, each three bytes in UTF-8, so every
//! character of the line and every pair are looked up by their bytes.

use rustc_hash::FxHashMap;

use crate::analysis::tokenize::is_cjk;

pub(super) struct CjkWords {
    /// By the bytes of a character (three) or of two (six), as a number: word id.
    ids: FxHashMap<u64, u32>,
}

impl CjkWords {
    /// The table of `words` that are one or two CJK characters, with their ids.
    pub(super) fn new<'w>(words: impl Iterator<Item = (&'w str, u32)>) -> CjkWords {
        let mut ids = FxHashMap::default();
        for (word, id) in words {
            let chars: Vec<char> = word.chars().collect();
            if (1..=2).contains(&chars.len()) && chars.iter().all(|&c| is_cjk(c) && c.len_utf8() == 3) {
                ids.insert(word.bytes().fold(0, |key, b| key << 8 | b as u64), id);
            }
        }
        CjkWords { ids }
    }

    /// Calls `found` with the id of every word among the line's CJK characters and pairs.
    pub(super) fn screen(&self, line: &[u8], found: &mut impl FnMut(u32)) {
        if self.ids.is_empty() {
            return;
        }
        // The previous character, when it was CJK and ended where this one begins.
        let mut previous: Option<(usize, u64)> = None;
        let mut at = 0;
        while at + 3 <= line.len() {
            let Some(key) = cjk_at(&line[at..at + 3]) else {
                at += 1;
                continue;
            };
            for key in
                [Some(key), previous.filter(|(end, _)| *end == at).map(|(_, p)| p << 24 | key)].into_iter().flatten()
            {
                if let Some(&id) = self.ids.get(&key) {
                    found(id);
                }
            }
            previous = Some((at + 3, key));
            at += 3;
        }
    }
}

/// The three bytes as a number, if they are one CJK character in UTF-8.
fn cjk_at(bytes: &[u8]) -> Option<u64> {
    let &[lead, second, third] = bytes else { return None };
    if !(0xe3..=0xef).contains(&lead) || second & 0xc0 != 0x80 || third & 0xc0 != 0x80 {
        return None;
    }
    let code = (lead as u32 & 0x0f) << 12 | (second as u32 & 0x3f) << 6 | (third as u32 & 0x3f);
    char::from_u32(code).filter(|&c| is_cjk(c))?;
    Some((lead as u64) << 16 | (second as u64) << 8 | third as u64)
}

#[cfg(test)]
mod tests {
    use super::CjkWords;
    use crate::analysis::tokens;

    /// Every CJK token the tokenizer makes of a line is found, and only words are.
    #[test]
    fn finds_the_characters_and_pairs_the_tokenizer_makes() {
        let line = "10:01 ERROR イメージの取得に失敗しました (task 3d88) 「失」 ｱｲ timeout";
        let words: Vec<String> = tokens(line).into_iter().filter(|t| t.chars().all(super::is_cjk)).collect();
        assert!(
            words.contains(&"失敗".to_string())
                && words.contains(&"失".to_string())
                && words.contains(&"ｱｲ".to_string())
        );
        let mut table: Vec<&str> = words.iter().map(String::as_str).collect();
        table.push("成功");
        let cjk = CjkWords::new(table.iter().copied().zip(0..));
        let mut found = Vec::new();
        cjk.screen(line.as_bytes(), &mut |id| found.push(table[id as usize]));
        for word in &words {
            assert!(found.contains(&word.as_str()), "{word} of {line:?}: found {found:?}");
        }
        assert!(!found.contains(&"成功"));
        let mut broken = line.as_bytes().to_vec();
        broken.insert(broken.len() / 2, 0xe5);
        cjk.screen(&broken, &mut |_| {});
    }
}
