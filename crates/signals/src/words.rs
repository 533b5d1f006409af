//! Words, lines and sentences of a body, split the same way by every signal.
//!
//! Tokens take the shape of the tokenizer the rules' thresholds were set
//! with (datatrove splits English with spaCy's rule-based tokenizer):
//! whitespace first, then marks peeled off each end of a chunk one at a
//! time, then a chunk split inside at hyphens, slashes and the like
//! between letters. Abbreviations, contractions and web addresses are
//! handled as that tokenizer does. Chunks of scripts written without
//! spaces (Han, kana, Thai, Lao, Khmer, Myanmar) are split at Unicode word
//! boundaries instead, so that their words count one by one.

use regex::Regex;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;
use unicode_segmentation::UnicodeSegmentation;
use xxhash_rust::xxh3::xxh3_64;

/// The words of `text` by Unicode word boundaries (UAX #29), punctuation
/// left out: works for scripts without spaces (each Han or kana character
/// is a word), unlike splitting on whitespace.
pub fn words(text: &str) -> Vec<&str> {
    text.unicode_words().collect()
}

/// The tokens of `text`: its words and the marks between them.
pub fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::with_capacity(text.len() / 5);
    for chunk in text.split_whitespace() {
        if chunk.bytes().all(|b| b.is_ascii_alphabetic()) {
            // Nothing to peel or split in most words.
            push_letters(chunk, &mut out);
        } else if let Some(word) = letters_then_mark(chunk) {
            // The next commonest: "word," and "word." end a clause.
            let first = out.len();
            push_letters(word, &mut out);
            out.push(&chunk[word.len()..]);
            merge_specials(chunk, &mut out, first);
        } else if chunk.chars().any(written_without_spaces) {
            out.extend(chunk.split_word_bounds());
        } else {
            split_chunk(chunk, &mut out);
        }
    }
    out
}

/// A chunk of ASCII letters: one token, or two where it is a contraction
/// typed without its apostrophe.
fn push_letters<'a>(chunk: &'a str, out: &mut Vec<&'a str>) {
    match unmarked_contraction(chunk) {
        Some(cut) => out.extend([&chunk[..cut], &chunk[cut..]]),
        None => out.push(chunk),
    }
}

/// The letters of a chunk that is ASCII letters and one mark the suffix
/// rules peel off (`,` `.` `;` `:` `!` `?`), when the chunk is no
/// exception ("Mr.", "a."): [`split_chunk`] would give the letters' tokens
/// and the mark.
fn letters_then_mark(chunk: &str) -> Option<&str> {
    let (&last, letters) = chunk.as_bytes().split_last()?;
    let shaped = matches!(last, b',' | b'.' | b';' | b':' | b'!' | b'?')
        && !letters.is_empty()
        && letters.iter().all(u8::is_ascii_alphabetic);
    (shaped && special(chunk).is_none() && suffix_len(chunk) == 1).then(|| &chunk[..letters.len()])
}

/// Whether a token is a word rather than punctuation: it has a character
/// that is not a punctuation mark, a control or an ASCII symbol.
pub fn is_word(token: &str) -> bool {
    token.chars().any(|c| !is_punctuation(c))
}

/// ASCII punctuation and symbols, controls, every script's sentence
/// terminators, and the dashes, quotes, brackets and ellipsis of the
/// general punctuation, CJK and fullwidth blocks.
fn is_punctuation(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_punctuation() || c.is_ascii_control();
    }
    if c.is_alphanumeric() {
        return false;
    }
    c.is_control()
        || matches!(c, '\u{2010}'..='\u{201F}' | '\u{2026}' | '\u{2030}'..='\u{205E}')
        || matches!(c, '\u{3001}'..='\u{3003}' | '\u{3008}'..='\u{3011}' | '\u{3014}'..='\u{301F}')
        || matches!(c, '\u{FF01}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF20}' | '\u{FF3B}'..='\u{FF40}')
        || matches!(c, '\u{FF5B}'..='\u{FF65}' | '«' | '»' | '´' | '¡' | '¿')
        || SENTENCE_TERMINAL.is_match(c.encode_utf8(&mut [0; 4]))
}

static SENTENCE_TERMINAL: LazyLock<Regex> =
    LazyLock::new(|| crate::static_regex(r"^\p{Sentence_Terminal}$"));
static OTHER_SYMBOL: LazyLock<Regex> = LazyLock::new(|| crate::static_regex(r"^\p{So}$"));
/// A web address or an e-mail address, in the shape of spaCy's: a lower
/// case top-level domain, so that "end.The" is not one.
static URL: LazyLock<Regex> = LazyLock::new(|| {
    crate::static_regex(concat!(
        r"^(?:[\w+\-.]{2,}://)?(?:\S+(?::\S*)?@)?",
        r"(?:(?:[A-Za-z0-9\x{a1}-\x{ffff}][A-Za-z0-9\x{a1}-\x{ffff}_-]*)?[A-Za-z0-9\x{a1}-\x{ffff}]\.)+",
        r"\p{Ll}{2,63}(?::\d{2,5})?(?:[/?#]\S*)?$",
    ))
});

fn written_without_spaces(c: char) -> bool {
    matches!(c,
        '\u{0E00}'..='\u{0EFF}'   // Thai, Lao
        | '\u{1000}'..='\u{109F}' // Myanmar
        | '\u{1780}'..='\u{17FF}' // Khmer
        | '\u{3040}'..='\u{30FF}' // kana
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}')
}

/// Marks spaCy's rules peel off either end of a chunk or split inside it.
fn is_mark(c: char) -> bool {
    matches!(
        c,
        '…' | ','
            | ':'
            | ';'
            | '!'
            | '?'
            | '¿'
            | '؟'
            | '¡'
            | '('
            | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | '<'
            | '>'
            | '_'
            | '#'
            | '*'
            | '&'
            | '。'
            | '？'
            | '！'
            | '，'
            | '、'
            | '；'
            | '：'
            | '～'
            | '·'
            | '।'
            | '،'
            | '۔'
            | '؛'
            | '٪'
    )
}

fn is_quote(c: char) -> bool {
    matches!(
        c,
        '\'' | '"'
            | '”'
            | '“'
            | '`'
            | '‘'
            | '´'
            | '’'
            | '‚'
            | '„'
            | '»'
            | '«'
            | '「'
            | '」'
            | '『'
            | '』'
            | '（'
            | '）'
            | '〔'
            | '〕'
            | '【'
            | '】'
            | '《'
            | '》'
            | '〈'
            | '〉'
            | '\u{2329}'
            | '\u{232A}'
            | '⟦'
            | '⟧'
    )
}

fn is_currency(c: char) -> bool {
    matches!(
        c,
        '$' | '£' | '€' | '¥' | '฿' | '﷼' | '\u{20A0}'..='\u{20CF}'
    )
}

fn is_icon(c: char) -> bool {
    !c.is_ascii() && !c.is_alphanumeric() && OTHER_SYMBOL.is_match(c.encode_utf8(&mut [0; 4]))
}

/// Units a number sheds as a token of their own: "10km" is "10", "km".
const UNITS: [&str; 47] = [
    "km", "km²", "km³", "m", "m²", "m³", "dm", "dm²", "dm³", "cm", "cm²", "cm³", "mm", "mm²",
    "mm³", "ha", "µm", "nm", "yd", "in", "ft", "kg", "g", "mg", "µg", "t", "lb", "oz", "m/s",
    "km/h", "kmh", "mph", "hPa", "Pa", "mbar", "mb", "MB", "kb", "KB", "gb", "GB", "tb", "TB", "T",
    "G", "M", "K",
];

/// Abbreviations whose final full stop stays theirs: titles, company
/// forms, months and the like (dotted ones are [`DOTTED`]).
const ABBREVIATIONS: [&str; 64] = [
    "Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "St.", "Jr.", "Co.", "co.", "Corp.", "Inc.", "Ltd.",
    "Bros.", "Gen.", "Gov.", "Sen.", "Rep.", "Rev.", "Adm.", "Messrs.", "Mt.", "vs.", "Jan.",
    "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sep.", "Sept.", "Oct.", "Nov.", "Dec.",
    "Ala.", "Ariz.", "Ark.", "Calif.", "Colo.", "Conn.", "Del.", "Fla.", "Ga.", "Ill.", "Ind.",
    "Kan.", "Ky.", "La.", "Md.", "Mass.", "Mich.", "Minn.", "Miss.", "Mo.", "Mont.", "Neb.",
    "Nev.", "Okla.", "Ore.", "Pa.", "Tenn.", "Va.", "Wash.", "Wis.",
];

/// Clitics split off the word before them: "I'm", "they've", "don't".
const CLITICS: [&str; 12] = [
    "n't", "n’t", "'m", "’m", "'re", "’re", "'ve", "’ve", "'ll", "’ll", "'d", "’d",
];

/// A chunk spaCy's English exceptions cover: `Some(0)` for one that stays
/// one token (an abbreviation, an emoticon), `Some(cut)` for one that
/// splits in two there (a contraction, a time of day).
fn special(s: &str) -> Option<usize> {
    // Called up to four times a chunk: each list is only searched when
    // the chunk could be in it (a full stop at the end, a short chunk, an
    // apostrophe).
    let dotted =
        s.ends_with('.') && (ABBREVIATIONS.contains(&s) || DOTTED.contains(&s) || is_letter_dot(s));
    let whole = dotted
        || (s.len() <= MAX_EMOTICON && EMOTICONS.contains(&s))
        || matches!(s, "and/or" | "'s" | "’s" | "''");
    if whole {
        return Some(0);
    }
    let clitic = || {
        CLITICS.iter().find_map(|clitic| {
            let base = s.strip_suffix(clitic)?;
            (!base.is_empty() && base.chars().all(char::is_alphabetic)).then_some(base.len())
        })
    };
    (if s.contains(['\'', '’']) {
        clitic()
    } else {
        None
    })
    .or_else(|| hour(s))
    .or_else(|| unmarked_contraction(s))
}

/// "a.", "b.": one lower case letter and a full stop (capitals keep theirs
/// by the suffix rules).
fn is_letter_dot(s: &str) -> bool {
    let mut chars = s.chars();
    matches!((chars.next(), chars.next(), chars.next()), (Some(c), Some('.'), None) if c.is_lowercase())
}

/// "9am", "11p.m.": an hour of the clock and the half of the day, two
/// tokens; where the hour ends.
fn hour(s: &str) -> Option<usize> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    let hour: u32 = s[..digits].parse().ok()?;
    let half = &s[digits..];
    ((1..=12).contains(&hour)
        && !s.starts_with('0')
        && matches!(half, "am" | "pm" | "a.m." | "p.m."))
    .then_some(digits)
}

/// Verbs spaCy splits from "nt" in contractions typed without their
/// apostrophe ("dont" is "do", "nt"; "cant" is "ca", "nt").
const NT_VERBS: [&str; 23] = [
    "ai", "are", "ca", "could", "dare", "did", "does", "do", "had", "has", "have", "is", "may",
    "might", "must", "need", "ought", "sha", "should", "was", "were", "wo", "would",
];

/// Words with the clitics (written without apostrophe) spaCy splits from
/// them: "im" is "i", "m"; "theyre" is "they", "re". Forms that are words
/// of their own ("ill", "well", "its", "shell") are not among them.
const CLITIC_HOSTS: [(&str, &[&str]); 23] = [
    ("i", &["m", "d", "ve"]),
    ("you", &["d", "ll", "re", "ve"]),
    ("he", &["d", "s"]),
    ("she", &["s"]),
    ("it", &["d", "ll"]),
    ("we", &["d", "ve"]),
    ("they", &["d", "ll", "re", "ve"]),
    ("that", &["d", "ll", "s"]),
    ("this", &["d", "ll", "s"]),
    ("there", &["d", "ll", "re", "s", "ve"]),
    ("these", &["d", "ll", "re", "ve"]),
    ("those", &["d", "ll", "re", "ve"]),
    ("what", &["d", "ll", "re", "s", "ve"]),
    ("when", &["d", "ll", "re", "s", "ve"]),
    ("where", &["d", "ll", "re", "s", "ve"]),
    ("why", &["d", "ll", "re", "s", "ve"]),
    ("how", &["d", "ll", "re", "s", "ve"]),
    ("who", &["d", "ll", "s", "ve"]),
    ("could", &["ve"]),
    ("should", &["ve"]),
    ("would", &["ve"]),
    ("might", &["ve"]),
    ("must", &["ve"]),
];

/// Where a contraction typed without its apostrophe splits, in lower case
/// or with a capital first letter. Every chunk of letters asks, so the
/// forms are looked up in one sorted table rather than the lists walked.
fn unmarked_contraction(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    if !(2..=8).contains(&bytes.len())
        || !bytes[0].is_ascii_alphabetic()
        || !bytes[1..].iter().all(u8::is_ascii_lowercase)
    {
        return None;
    }
    let key = packed(bytes[0].to_ascii_lowercase(), &bytes[1..]);
    let table = &*UNMARKED_CONTRACTIONS;
    let i = table.binary_search_by_key(&key, |&(k, _)| k).ok()?;
    Some(table[i].1)
}

/// Up to eight ASCII bytes as one number: the first, then the rest.
fn packed(first: u8, rest: &[u8]) -> u64 {
    rest.iter()
        .fold(u64::from(first), |key, &b| (key << 8) | u64::from(b))
}

/// Each unmarked contraction (at most eight letters, lower case, as
/// [`packed`]) and where it splits, sorted; where lists overlap the
/// fixed forms win, then the "nt" verbs, then the hosts in their order.
static UNMARKED_CONTRACTIONS: LazyLock<Vec<(u64, usize)>> = LazyLock::new(|| {
    let fixed = [("cannot", 3), ("gonna", 3), ("gotta", 3), ("yall", 1)];
    let nt = NT_VERBS
        .iter()
        .map(|verb| (format!("{verb}nt"), verb.len()));
    let hosts = CLITIC_HOSTS.iter().flat_map(|(host, clitics)| {
        clitics
            .iter()
            .map(move |clitic| (format!("{host}{clitic}"), host.len()))
    });
    let mut table: Vec<(u64, usize)> = Vec::new();
    let forms = fixed.map(|(form, cut)| (form.to_string(), cut));
    for (form, cut) in forms.into_iter().chain(nt).chain(hosts) {
        let key = packed(form.as_bytes()[0], &form.as_bytes()[1..]);
        if !table.iter().any(|&(k, _)| k == key) {
            table.push((key, cut));
        }
    }
    table.sort_unstable();
    table
});

/// Emoticons, one token each though made of marks.
const EMOTICONS: [&str; 62] = [
    ":)", ":-)", ":))", ":-))", "(:", "(-:", ":(", ":-(", "):", ")-:", ":((", ";)", ";-)", "(;",
    ":]", "[:", ":-]", "[-:", ":}", ":-}", "=)", "(=", "=]", "[=", "]=", "=(", "=[", "=/", "=|",
    ":/", ":-/", ":|", ":-|", ":*", ":-*", ":3", ":-3", "=3", ":>", ":->", ":0", ":-0", ":1",
    ":()", "8)", "8-)", "(-8", "<3", "<33", "</3", ">:(", ":'(", ":')", ":'-(", ":'-)", "^_^",
    "-_-", "._.", ">.<", "0_0", "0.0", ";_;",
];

/// The longest of [`EMOTICONS`], in bytes.
const MAX_EMOTICON: usize = 4;

/// Dotted abbreviations in lower or mixed case (all-capital ones, "U.S.",
/// keep their full stops by the suffix rules).
const DOTTED: [&str; 10] = [
    "e.g.", "i.e.", "a.m.", "p.m.", "v.s.", "E.g.", "I.e.", "E.G.", "I.E.", "Ph.D.",
];

/// spaCy matches its exceptions again over the tokens a chunk split into,
/// so marks peeled apart come back together where they make one ("):"
/// from ")" and ":", "a." from "a" and "."): merge such runs of two or
/// three tokens of `chunk`, from `first` on in `out`.
fn merge_specials<'a>(chunk: &'a str, out: &mut Vec<&'a str>, first: usize) {
    let offset = |t: &str| t.as_ptr() as usize - chunk.as_ptr() as usize;
    let mut i = first;
    while i + 1 < out.len() {
        let start = offset(out[i]);
        let merged = (2..=3).rev().find_map(|n| {
            let last = out.get(i + n - 1)?;
            let end = offset(last) + last.len();
            let joined = &chunk[start..end];
            (joined.len() <= 5 && special(joined) == Some(0)).then_some((n, joined))
        });
        if let Some((n, joined)) = merged {
            out.splice(i..i + n, [joined]);
        }
        i += 1;
    }
}

/// Bytes of the mark spaCy's prefix rules take off the start of `s`.
fn prefix_len(s: &str) -> usize {
    for multi in ["US$", "C$", "A$"] {
        if s.starts_with(multi) {
            return multi.len();
        }
    }
    let dots = s.bytes().take_while(|&b| b == b'.').count();
    if dots >= 2 {
        return dots;
    }
    let Some(c) = s.chars().next() else { return 0 };
    let one = match c {
        '+' => !s[1..].starts_with(|d: char| d.is_ascii_digit()),
        '§' | '%' | '=' | '—' | '–' => true,
        _ => is_mark(c) || is_quote(c) || is_currency(c) || is_icon(c),
    };
    if one { c.len_utf8() } else { 0 }
}

/// Bytes of the mark spaCy's suffix rules take off the end of `s`: the
/// longest that matches.
fn suffix_len(s: &str) -> usize {
    let Some(last) = s.chars().next_back() else {
        return 0;
    };
    let mut best = 0;
    let trailing_dots = s.bytes().rev().take_while(|&b| b == b'.').count();
    if trailing_dots >= 2 {
        best = trailing_dots;
    }
    for clitic in ["'s", "'S", "’s", "’S"] {
        if s.ends_with(clitic) {
            best = best.max(clitic.len());
        }
    }
    if is_mark(last) || is_quote(last) || is_icon(last) || matches!(last, '—' | '–') {
        best = best.max(last.len_utf8());
    }
    let after_digit =
        |n: usize| s.len() > n && s[..s.len() - n].ends_with(|c: char| c.is_ascii_digit());
    if s.bytes().any(|b| b.is_ascii_digit()) {
        for unit in UNITS.iter().copied().chain(["%", "+"]) {
            if s.ends_with(unit) && after_digit(unit.len()) {
                best = best.max(unit.len());
            }
        }
    }
    if is_currency(last) && after_digit(last.len_utf8()) {
        best = best.max(last.len_utf8());
    }
    if last == '.' && best == 0 {
        let mut before = s[..s.len() - 1].chars().rev();
        let (b1, b2) = (before.next(), before.next());
        let full_stop = match b1 {
            Some(b) => {
                b.is_ascii_digit()
                    || b.is_lowercase()
                    || matches!(b, '%' | '²' | '-' | '+')
                    || is_mark(b)
                    || is_quote(b)
                    || (b.is_uppercase() && b2.is_some_and(char::is_uppercase))
                    || (matches!(b, 'F' | 'f' | 'C' | 'c' | 'K' | 'k') && b2 == Some('°'))
            }
            None => false,
        };
        if full_stop {
            best = 1;
        }
    }
    best
}

/// A chunk without spaces, split as spaCy does: specials, then marks off
/// both ends, then an address or an infix split of what remains.
fn split_chunk<'a>(chunk: &'a str, out: &mut Vec<&'a str>) {
    let first = out.len();
    let (mut start, mut end) = (0, chunk.len());
    let mut suffixes: Vec<&'a str> = Vec::new();
    while start < end {
        let s = &chunk[start..end];
        if special(s).is_some() {
            break;
        }
        let pre = prefix_len(s);
        if pre > 0 && pre < s.len() && special(&s[pre..]).is_some() {
            out.push(&s[..pre]);
            start += pre;
            break;
        }
        let suf = suffix_len(&s[pre..]);
        if suf > 0 && suf < s.len() && special(&s[..s.len() - suf]).is_some() {
            suffixes.push(&s[s.len() - suf..]);
            end -= suf;
            break;
        }
        if pre == 0 && suf == 0 {
            break;
        }
        if pre > 0 {
            out.push(&s[..pre]);
            start += pre;
        }
        if suf > 0 && start < end {
            suffixes.push(&chunk[end - suf..end]);
            end -= suf;
        }
    }
    let middle = &chunk[start..end];
    match special(middle) {
        _ if middle.is_empty() => {}
        Some(0) => out.push(middle),
        Some(cut) => out.extend([&middle[..cut], &middle[cut..]]),
        None if middle.chars().all(char::is_alphanumeric) => out.push(middle),
        None if middle.contains('.') && URL.is_match(middle) => out.push(middle),
        None => split_infixes(middle, out),
    }
    out.extend(suffixes.into_iter().rev());
    if out.len() > first + 1 {
        merge_specials(chunk, out, first);
    }
}

/// Splits `s` at the marks spaCy's infix rules find inside a chunk: runs of
/// full stops, ellipses and symbols anywhere; hyphens, dashes, slashes,
/// colons and comparison signs between a letter or digit and a letter;
/// arithmetic signs between digits; commas between letters; a full stop
/// between a lower case letter and a capital.
fn split_infixes<'a>(s: &'a str, out: &mut Vec<&'a str>) {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let byte = |i: usize| chars.get(i).map_or(s.len(), |&(b, _)| b);
    let mut start = 0; // byte where the pending token starts
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        let prev = i.checked_sub(1).and_then(at);
        let next = at(i + 1);
        let letter_or_digit_before = prev.is_some_and(char::is_alphanumeric);
        let letter = |c: Option<char>| c.is_some_and(char::is_alphabetic);
        let one_mark = c == '…'
            || is_icon(c)
            || (matches!(c, '+' | '-' | '*' | '^')
                && prev.is_some_and(|p| p.is_ascii_digit())
                && next.is_some_and(|n| n.is_ascii_digit() || n == '-'))
            || (c == '.'
                && prev.is_some_and(|p| p.is_lowercase() || is_quote(p))
                && next.is_some_and(|n| n.is_uppercase() || is_quote(n)))
            || (c == ',' && letter(prev) && letter(next))
            || (matches!(c, ':' | '<' | '>' | '=' | '/') && letter_or_digit_before && letter(next));
        let len = if c == '.' && next == Some('.') {
            chars[i..].iter().take_while(|&&(_, c)| c == '.').count()
        } else if one_mark {
            1
        } else if matches!(c, '-' | '–' | '—' | '~') && letter_or_digit_before {
            let run = match c {
                '-' => 3,
                '—' => 2,
                _ => 1,
            };
            (1..=run)
                .find(|&n| chars[i..].iter().take(n).all(|&(_, d)| d == c) && letter(at(i + n)))
                .unwrap_or(0)
        } else {
            0
        };
        if len == 0 {
            i += 1;
            continue;
        }
        let (from, to) = (byte(i), byte(i + len));
        if from > 0 {
            if from > start {
                out.push(&s[start..from]);
            }
            out.push(&s[from..to]);
            start = to;
        }
        i += len;
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
}

/// Sentences of `text` by Unicode sentence boundaries (UAX #29).
pub fn sentence_count(text: &str) -> usize {
    if let Some(classes) = sentence_classes(text) {
        return sentence_count_of(&classes);
    }
    let mut sentences = 0;
    for _ in text.unicode_sentences() {
        sentences += 1; // a loop: count() reads a size_hint that overflows on ""
    }
    sentences
}

/// UAX #29's sentence break classes that the lines of most bodies use.
#[derive(Debug, Clone, Copy, PartialEq)]
enum SentenceClass {
    Lower,
    Upper,
    Numeric,
    /// The full stop.
    ATerm,
    /// `?`, `!`.
    STerm,
    /// Quotes and brackets.
    Close,
    Sp,
    /// `,`, `-`, `:`, `;`, en and em dashes.
    SContinue,
    Other,
}

/// Each character's class, or `None` when the text has a character
/// outside ASCII, the Latin letters, curly quotes, dashes and the
/// ellipsis (the general segmenter then counts).
fn sentence_classes(text: &str) -> Option<Vec<SentenceClass>> {
    use SentenceClass::*;
    text.chars()
        .map(|c| {
            Some(match c {
                'a'..='z' => Lower,
                'A'..='Z' => Upper,
                '0'..='9' => Numeric,
                '.' => ATerm,
                '?' | '!' => STerm,
                '"' | '\'' | '(' | ')' | '[' | ']' | '{' | '}' | '‘' | '’' | '“' | '”' => {
                    Close
                }
                ' ' | '\t' | '\u{0B}' | '\u{0C}' => Sp,
                ',' | '-' | ':' | ';' | '–' | '—' => SContinue,
                '\r' | '\n' => return None,
                '\0'..='\u{7F}' | '…' => Other,
                '\u{C0}'..='\u{24F}' | '\u{1E00}'..='\u{1EFF}' if c.is_lowercase() => Lower,
                '\u{C0}'..='\u{24F}' | '\u{1E00}'..='\u{1EFF}' if c.is_uppercase() => Upper,
                _ => return None,
            })
        })
        .collect()
}

/// [`sentence_count`] from the classes: UAX #29's rules, which can only
/// break after a full stop, `?` or `!`, checked at those marks alone
/// instead of walking every character through the general segmenter
/// (most of C4's cost before). Equal to the general count: a property
/// test holds them together.
fn sentence_count_of(classes: &[SentenceClass]) -> usize {
    use SentenceClass::*;
    let letter = |c: &SentenceClass| matches!(c, Lower | Upper);
    // Sentences with a letter or a digit, as `unicode_sentences` gives.
    let (mut sentences, mut start) = (0, 0);
    let mut close = |end: usize| {
        sentences += usize::from(
            classes[start..end]
                .iter()
                .any(|c| letter(c) || *c == Numeric),
        );
        start = end;
    };
    for (t, &mark) in classes.iter().enumerate() {
        if !matches!(mark, ATerm | STerm) {
            continue;
        }
        // SB9-SB11: the break would fall after the closing marks and spaces.
        let mut s = t + 1;
        while classes.get(s) == Some(&Close) {
            s += 1;
        }
        while classes.get(s) == Some(&Sp) {
            s += 1;
        }
        let Some(&next) = classes.get(s) else { break };
        // SB8a: a comma, a dash or another terminator goes on.
        if matches!(next, SContinue | ATerm | STerm) {
            continue;
        }
        if mark == ATerm {
            // SB6, SB7: "3.5", "U.S" go on.
            let right_after = s == t + 1;
            let after_letter = t > 0 && letter(&classes[t - 1]);
            if right_after && (next == Numeric || (after_letter && next == Upper)) {
                continue;
            }
            // SB8: goes on when the next letter is lower case.
            let next_letter = classes[s..]
                .iter()
                .find(|c| letter(c) || matches!(c, ATerm | STerm));
            if next_letter == Some(&Lower) {
                continue;
            }
        }
        close(s);
    }
    close(classes.len());
    sentences
}

/// Each word's 64-bit hash, computed once: an n-gram is then keyed by
/// combining its words' hashes rather than by hashing its text again for
/// every n.
pub fn word_hashes(words: &[&str]) -> Vec<u64> {
    words.iter().map(|w| xxh3_64(w.as_bytes())).collect()
}

/// The key of the n-gram whose words have these hashes (order matters).
pub fn ngram_key(hashes: &[u64]) -> u64 {
    hashes.iter().fold(0x9E37_79B9_7F4A_7C15, |key, &h| {
        (key.rotate_left(27) ^ h).wrapping_mul(0x0000_0100_0000_01B3)
    })
}

/// A map keyed by [`ngram_key`]s, which are hashes already: the map uses
/// them as they are instead of hashing them again.
pub type NgramMap<V> = HashMap<u64, V, BuildHasherDefault<KeyIsHash>>;

/// The identity hasher of [`NgramMap`].
#[derive(Default)]
pub struct KeyIsHash(u64);

impl Hasher for KeyIsHash {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only u64 keys are hashed; fold anything else in anyway.
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01B3);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Characters, not bytes: the rules' lengths are Python string lengths.
pub fn chars(text: &str) -> usize {
    text.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_peel_marks_and_clitics_as_spacy_does() {
        assert_eq!(
            tokens("Hi, it's 3.5 km! (Don't)"),
            [
                "Hi", ",", "it", "'s", "3.5", "km", "!", "(", "Do", "n't", ")"
            ]
        );
        assert_eq!(
            tokens("$10,000 3.5% 10km"),
            ["$", "10,000", "3.5", "%", "10", "km"]
        );
        assert_eq!(
            tokens("long-term 2020-2021 COVID-19"),
            ["long", "-", "term", "2020", "-", "2021", "COVID-19"]
        );
        assert_eq!(tokens("a/b 1/2 and/or"), ["a", "/", "b", "1/2", "and/or"]);
        assert_eq!(
            tokens("cannot 9am Wait..."),
            ["can", "not", "9", "am", "Wait", "..."]
        );
        assert!(is_word("3.5") && !is_word("…") && !is_word("\u{201C}"));
    }

    #[test]
    fn abbreviations_addresses_and_emoticons_stay_whole() {
        assert_eq!(
            tokens("Mr. Smith of the U.S. Inc."),
            ["Mr.", "Smith", "of", "the", "U.S.", "Inc."]
        );
        assert_eq!(tokens("USA. e.g. etc."), ["USA", ".", "e.g.", "etc", "."]);
        assert_eq!(
            tokens("see https://example.com/a?b=1. or me@example.org"),
            [
                "see",
                "https://example.com/a?b=1",
                ".",
                "or",
                "me@example.org"
            ]
        );
        assert_eq!(tokens("nice :) end.The"), ["nice", ":)", "end", ".", "The"]);
        assert_eq!(tokens("***"), ["*", "*", "*"]);
    }

    #[test]
    fn words_leave_punctuation_out_and_split_han() {
        assert_eq!(
            words("It's 3.5 km, isn't it?"),
            ["It's", "3.5", "km", "isn't", "it"]
        );
        assert_eq!(words("海关收入增长").len(), 6);
        assert_eq!(sentence_count("One. Two? Three!"), 3);
        assert_eq!(chars("Hải"), 3);
    }

    #[test]
    fn unmarked_contractions_split_where_spacy_splits_them() {
        fn cut(s: &str) -> Option<(&str, &str)> {
            unmarked_contraction(s).map(|i| (&s[..i], &s[i..]))
        }
        // Every form fits the eight letters of the table's keys.
        assert!(NT_VERBS.iter().all(|verb| verb.len() + 2 <= 8));
        assert!(
            CLITIC_HOSTS
                .iter()
                .all(|(host, clitics)| clitics.iter().all(|c| host.len() + c.len() <= 8))
        );
        assert_eq!(cut("dont"), Some(("do", "nt")));
        assert_eq!(cut("Cant"), Some(("Ca", "nt")));
        assert_eq!(cut("shouldve"), Some(("should", "ve")));
        assert_eq!(cut("theyre"), Some(("they", "re")));
        assert_eq!(cut("cannot"), Some(("can", "not")));
        assert_eq!(cut("yall"), Some(("y", "all")));
        assert_eq!(cut("its"), None); // a word of its own
        assert_eq!(cut("DONT"), None);
        assert_eq!(cut("shouldnt"), Some(("should", "nt")));
        assert_eq!(cut("i"), None);
    }

    proptest::proptest! {
        #[test]
        fn letters_and_a_mark_split_as_the_general_rules_split_them(
            chunk in "(dont|thats|Im|cannot|Mr|Dr|USA|I|a|e|[A-Za-z]{0,6})[,.;:!?]"
        ) {
            let mut general = Vec::new();
            split_chunk(&chunk, &mut general);
            proptest::prop_assert_eq!(tokens(&chunk), general);
        }
    }

    #[test]
    fn emoticons_fit_the_length_special_checks() {
        assert!(EMOTICONS.iter().all(|e| e.len() <= MAX_EMOTICON));
        assert!(EMOTICONS.iter().any(|e| e.len() == MAX_EMOTICON));
    }

    #[test]
    fn sentences_break_after_terminators_not_inside_numbers_or_abbreviations() {
        assert_eq!(sentence_count("He paid $3.5 to Mr. Smith. Then left."), 3);
        assert_eq!(
            sentence_count("The U.S. economy grew. \"Good,\" he said."),
            2
        );
        assert_eq!(sentence_count("Wait... what? No!"), 2);
        assert_eq!(sentence_count("   "), 0);
    }

    proptest::proptest! {
        #[test]
        fn sentences_are_counted_as_the_general_segmenter_counts_them(
            // Mostly the marks the rules turn on, some Latin letters and
            // characters the fast path leaves to the general segmenter.
            text in "([a-cA-C0-9 \t.!?,;:\\-\"'()\\[\\]{}#$%‘’“”–—…]|[\u{C0}-\u{24F}\u{1E00}-\u{1EFF}\u{2010}\u{2024}\u{00A0}\r\n]){0,40}"
        ) {
            // A loop, not count(): the segmenter's size_hint overflows on "".
            let mut general = 0;
            for _ in text.unicode_sentences() {
                general += 1;
            }
            proptest::prop_assert_eq!(sentence_count(&text), general, "{:?}", text);
        }
    }
}
