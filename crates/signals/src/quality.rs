//! The quality signals, computed as the rules they come from define them
//! (datatrove's implementations of Gopher, C4 and FineWeb are the
//! reference), on a body's text: its paragraphs joined by line breaks.
//! Tokens (words, and punctuation one mark at a time, as the rules'
//! tokenizers give them) come from [`crate::words`], so they work across
//! scripts.

use crate::words::{NgramMap, chars, is_word, ngram_key, sentence_count, tokens, word_hashes};
use corpus_core::QualitySignals;
use regex::{Regex, RegexSet};
use std::sync::LazyLock;
use xxhash_rust::xxh3::xxh3_64;

/// Gopher's stop words: a page of English prose has at least two.
const STOP_WORDS: [&str; 8] = ["the", "be", "to", "of", "and", "that", "have", "with"];
/// C4's policy words: a line with one is dropped.
const POLICY: [&str; 6] = [
    "terms of use",
    "privacy policy",
    "cookie policy",
    "uses cookies",
    "use of cookies",
    "use cookies",
];
/// C4's terminal punctuation.
const C4_END: [char; 5] = ['.', '?', '!', '"', '\''];
/// A C4 line with a longer word is dropped.
const C4_MAX_WORD: usize = 1000;
const C4_MIN_LINE_WORDS: usize = 3;
/// FineWeb's short line.
const SHORT_LINE: usize = 30;

/// C4's phrases, by case: which of them a line has.
static C4_PHRASES: LazyLock<RegexSet> = LazyLock::new(|| {
    let policy = POLICY.join("|");
    crate::static_regex_set(&[
        r"(?i)lorem ipsum",
        r"(?i)javascript",
        &format!("(?i){policy}"),
    ])
});
const LOREM_IPSUM: usize = 0;
const JAVASCRIPT: usize = 1;
const POLICY_WORDS: usize = 2;
static CITATION: LazyLock<Regex> =
    LazyLock::new(|| crate::static_regex(r"\[\d*\]|\[edit\]|\[citation needed\]"));
/// Sentence-final punctuation of every script.
static SENTENCE_END: LazyLock<Regex> =
    LazyLock::new(|| crate::static_regex(r"\p{Sentence_Terminal}$"));

/// The signals of a body given as paragraphs.
pub fn signals(paragraphs: &[String]) -> QualitySignals {
    signals_of(paragraphs, &paragraphs.join("\n"))
}

/// [`signals`] for a caller that has joined the paragraphs already.
pub(crate) fn signals_of(paragraphs: &[String], text: &str) -> QualitySignals {
    let text_chars = chars(text);
    let tokens = tokens(text);
    let lines: Vec<&str> = text.lines().collect();
    let mut s = QualitySignals::default();
    gopher_quality(&mut s, text, &tokens, &lines);
    gopher_repetition(&mut s, paragraphs, &lines, &tokens, text_chars);
    c4(&mut s, &lines);
    fineweb(&mut s, text, &tokens, text_chars);
    s
}

fn share(part: usize, whole: usize) -> f32 {
    if whole == 0 {
        0.0
    } else {
        part as f32 / whole as f32
    }
}

fn gopher_quality(s: &mut QualitySignals, text: &str, tokens: &[&str], lines: &[&str]) {
    let n = tokens.len();
    let words: Vec<&str> = tokens.iter().copied().filter(|t| is_word(t)).collect();
    s.gopher_word_count = words.len() as u32;
    let letters: usize = words.iter().map(|w| chars(w)).sum();
    s.gopher_mean_word_length = share(letters, words.len());
    s.gopher_hash_ratio = share(text.matches('#').count(), n);
    let ellipses = text.matches("...").count() + text.matches('…').count();
    s.gopher_ellipsis_ratio = share(ellipses, n);
    s.gopher_bullet_lines = share_of_lines(lines, |l| {
        let l = l.trim_start();
        l.starts_with('•') || l.starts_with('-')
    });
    s.gopher_ellipsis_lines = share_of_lines(lines, |l| {
        let l = l.trim_end();
        l.ends_with("...") || l.ends_with('…')
    });
    let alpha = tokens
        .iter()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count();
    s.gopher_alpha_words = share(alpha, n);
    let mut present = [false; STOP_WORDS.len()];
    for word in &words {
        if let Some(i) = STOP_WORDS.iter().position(|s| s == word) {
            present[i] = true;
        }
    }
    s.gopher_stop_words = present.iter().filter(|&&p| p).count() as u32;
}

fn share_of_lines(lines: &[&str], test: impl Fn(&str) -> bool) -> f32 {
    share(lines.iter().filter(|l| test(l)).count(), lines.len())
}

/// How many items repeat an earlier one, and their characters.
fn duplicates<'a>(items: impl IntoIterator<Item = &'a str>) -> (usize, usize) {
    // Items known by their 64-bit hashes: two differ yet collide one time
    // in 2^64, and hashing each once is the cheapest way to compare them.
    let mut seen: NgramMap<()> = NgramMap::default();
    let (mut count, mut chars_repeated) = (0, 0);
    for item in items {
        if seen.insert(xxh3_64(item.as_bytes()), ()).is_some() {
            count += 1;
            chars_repeated += chars(item);
        }
    }
    (count, chars_repeated)
}

fn gopher_repetition(
    s: &mut QualitySignals,
    paragraphs: &[String],
    lines: &[&str],
    words: &[&str],
    text_chars: usize,
) {
    let paragraphs: Vec<&str> = paragraphs
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect();
    let (dup, dup_chars) = duplicates(paragraphs.iter().copied());
    s.gopher_dup_para_frac = share(dup, paragraphs.len());
    s.gopher_dup_para_char_frac = share(dup_chars, text_chars);
    let lines: Vec<&str> = lines.iter().copied().filter(|l| !l.is_empty()).collect();
    let (dup, dup_chars) = duplicates(lines.iter().copied());
    s.gopher_dup_line_frac = share(dup, lines.len());
    s.gopher_dup_line_char_frac = share(dup_chars, text_chars);
    let hashes = word_hashes(words);
    let top = |n| share(top_ngram_chars(words, &hashes, n), text_chars);
    s.gopher_top_2gram_frac = top(2);
    s.gopher_top_3gram_frac = top(3);
    s.gopher_top_4gram_frac = top(4);
    // A text with no repeated n-gram has no longer one either (each
    // contains one), so most prose stops after the 5-grams.
    let mut dup = [0.0; 6];
    for (n, frac) in (5..).zip(dup.iter_mut()) {
        let repeated = repeated_ngram_chars(words, &hashes, n);
        if repeated == 0 {
            break;
        }
        *frac = share(repeated, text_chars);
    }
    [
        s.gopher_dup_5gram_frac,
        s.gopher_dup_6gram_frac,
        s.gopher_dup_7gram_frac,
        s.gopher_dup_8gram_frac,
        s.gopher_dup_9gram_frac,
        s.gopher_dup_10gram_frac,
    ] = dup;
}

/// The most frequent word n-gram's characters (words joined by spaces)
/// times its count; the first seen wins a tie.
fn top_ngram_chars(words: &[&str], hashes: &[u64], n: usize) -> usize {
    // Per distinct n-gram: its count and where it first occurs.
    let mut counts: NgramMap<(usize, usize)> =
        NgramMap::with_capacity_and_hasher(words.len(), Default::default());
    let mut best: Option<(usize, usize)> = None;
    for i in 0..(words.len() + 1).saturating_sub(n) {
        let entry = counts.entry(ngram_key(&hashes[i..i + n])).or_insert((0, i));
        let first = entry.1;
        if first != i && hashes[first..first + n] != hashes[i..i + n] {
            continue; // another n-gram has this key: one chance in 2^64
        }
        entry.0 += 1;
        let found = *entry;
        if best
            .is_none_or(|(count, first)| found.0 > count || (found.0 == count && found.1 < first))
        {
            best = Some(found);
        }
    }
    best.map_or(0, |(count, first)| {
        let gram = &words[first..first + n];
        (gram.iter().map(|w| chars(w)).sum::<usize>() + n - 1) * count
    })
}

/// Characters (words joined without spaces) of the word n-grams that
/// repeat an earlier one, skipping past each repeat so none counts twice.
fn repeated_ngram_chars(words: &[&str], hashes: &[u64], n: usize) -> usize {
    let mut seen: NgramMap<usize> =
        NgramMap::with_capacity_and_hasher(words.len(), Default::default());
    let (mut repeated, mut i) = (0, 0);
    while i + n <= words.len() {
        let key = ngram_key(&hashes[i..i + n]);
        let earlier = seen.get(&key).copied();
        // Words compared by their hashes: equal words have equal hashes,
        // and unequal ones collide one time in 2^64.
        if earlier.is_some_and(|j| hashes[j..j + n] == hashes[i..i + n]) {
            repeated += words[i..i + n].iter().map(|w| chars(w)).sum::<usize>();
            i += n;
        } else {
            seen.entry(key).or_insert(i);
            i += 1;
        }
    }
    repeated
}

fn c4(s: &mut QualitySignals, lines: &[&str]) {
    let mut terminal = 0;
    for line in lines {
        let line = line.trim();
        let (mut words, mut too_long) = (0, false);
        for word in line.split_whitespace() {
            words += 1;
            // Bytes first: a word of fewer bytes has fewer characters.
            too_long |= word.len() > C4_MAX_WORD && chars(word) > C4_MAX_WORD;
        }
        if too_long {
            continue;
        }
        let line = CITATION.replace_all(line, "");
        if !line.ends_with(C4_END) || line.ends_with("...") {
            continue;
        }
        terminal += 1;
        if words < C4_MIN_LINE_WORDS {
            continue;
        }
        // The phrases matched without regard to case, in one pass.
        let phrases = C4_PHRASES.matches(&line);
        if phrases.matched(LOREM_IPSUM) {
            s.c4_lorem_ipsum = true;
        }
        if phrases.matched(JAVASCRIPT) {
            s.c4_javascript_lines += 1;
            continue;
        }
        if line.contains('{') {
            s.c4_curly_bracket = true;
        }
        if phrases.matched(POLICY_WORDS) {
            s.c4_policy_lines += 1;
            continue;
        }
        s.c4_sentences += sentence_count(&line) as u32;
    }
    s.c4_terminal_lines = share(terminal, lines.len());
}

fn fineweb(s: &mut QualitySignals, text: &str, tokens: &[&str], text_chars: usize) {
    let lines: Vec<&str> = text.split('\n').filter(|l| !l.trim().is_empty()).collect();
    let ending = lines.iter().filter(|l| SENTENCE_END.is_match(l)).count();
    s.fineweb_punct_lines = share(ending, lines.len());
    let short = lines.iter().filter(|l| chars(l) <= SHORT_LINE).count();
    s.fineweb_short_lines = share(short, lines.len());
    let (_, dup_chars) = duplicates(lines.iter().copied());
    let breaks = text.matches('\n').count();
    s.fineweb_dup_line_chars = share(dup_chars, text_chars - breaks);
    s.fineweb_newline_ratio = share(breaks, tokens.len());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(text: &str) -> Vec<String> {
        text.lines().map(String::from).collect()
    }

    #[test]
    fn gopher_quality_counts_words_symbols_and_stop_words() {
        let s = signals(&body(
            "The cat and the dog. #tag #two\n- a list item...\n- another",
        ));
        // 17 tokens: 11 words, 6 marks ("." "#" "#" "-" "..." "-").
        assert_eq!(s.gopher_word_count, 11);
        assert_eq!(s.gopher_stop_words, 2); // "the", "and"; "The" is not "the"
        assert!((s.gopher_hash_ratio - 2.0 / 17.0).abs() < 1e-6);
        assert!((s.gopher_bullet_lines - 2.0 / 3.0).abs() < 1e-6);
        assert!((s.gopher_ellipsis_lines - 1.0 / 3.0).abs() < 1e-6);
    }

    #[test]
    fn repeated_lines_and_ngrams_are_measured_by_characters() {
        let s = signals(&body("buy now\nbuy now\nbuy now\nsomething else entirely"));
        assert!((s.gopher_dup_line_frac - 0.5).abs() < 1e-6);
        let text_chars = "buy now\nbuy now\nbuy now\nsomething else entirely".len();
        assert!((s.gopher_dup_line_char_frac - 14.0 / text_chars as f32).abs() < 1e-6);
        // "buy now" three times: 7 characters times 3.
        assert!((s.gopher_top_2gram_frac - 21.0 / text_chars as f32).abs() < 1e-6);
        let words = [
            "a", "b", "c", "d", "e", "a", "b", "c", "d", "e", "a", "b", "c", "d", "e",
        ];
        // The second and third "abcde" repeat the first.
        assert_eq!(repeated_ngram_chars(&words, &word_hashes(&words), 5), 10);
        assert_eq!(top_ngram_chars(&[], &[], 2), 0);
        let words = ["x", "y", "x", "y", "z", "z"];
        // "x y" twice beats "z z" once; 3 characters times 2.
        assert_eq!(top_ngram_chars(&words, &word_hashes(&words), 2), 6);
    }

    #[test]
    fn c4_keeps_only_terminated_lines_of_three_words() {
        let s = signals(&body(
            "A first full sentence here. And a second one!\nno end here\nEnable JavaScript to see this page.\nWe use cookies to improve it.\nLorem ipsum dolor sit amet.",
        ));
        assert_eq!(s.c4_sentences, 3); // two on the first line, one lorem ipsum
        assert_eq!(s.c4_javascript_lines, 1);
        assert_eq!(s.c4_policy_lines, 1);
        assert!(s.c4_lorem_ipsum && !s.c4_curly_bracket);
        assert!((s.c4_terminal_lines - 0.8).abs() < 1e-6);
    }

    #[test]
    fn fineweb_reads_line_ends_in_any_script_and_short_lines() {
        let s = signals(&body(
            "这是一个句子。\nShort\nA line that is long enough to not be short at all.",
        ));
        assert!((s.fineweb_punct_lines - 2.0 / 3.0).abs() < 1e-6);
        assert!((s.fineweb_short_lines - 2.0 / 3.0).abs() < 1e-6);
    }

    #[test]
    fn an_empty_body_has_zero_signals_not_nan() {
        let s = signals(&[]);
        assert_eq!(s, QualitySignals::default());
    }
}
