//! Short lines that are page furniture by what they say, whatever their
//! markup: prompts to read, share, subscribe or log in, photo credits, and
//! bare date lines. Only short blocks are judged, so an article paragraph
//! that mentions a newsletter is never dropped.

use crate::regex_util::{static_automaton, static_regex};
use aho_corasick::AhoCorasick;
use regex::Regex;
use std::sync::LazyLock;

/// Longest block, in words, that a prompt phrase can condemn.
const PROMPT_MAX_WORDS: usize = 12;
/// Longest block, in words, at the end of an article that a prompt phrase
/// or a list of platforms can condemn: an appeal to follow, subscribe or
/// download an app is a sentence or two.
const TAIL_PROMPT_MAX_WORDS: usize = 40;
/// Longest credit line, in words.
const CREDIT_MAX_WORDS: usize = 15;
/// Longest date line, in words.
const DATELINE_MAX_WORDS: usize = 8;

/// Lower-case fragments of the prompts that sites put around an article,
/// in the languages most common on news sites: read-more and related
/// teasers, share and follow buttons, subscriptions, log-in walls, ad
/// labels, rating questions, rights notices and reading times.
const PROMPT_PHRASES: &[&str] = &[
    // English
    "read more",
    "read also",
    "see also",
    "related articles",
    "related posts",
    "related stories",
    "you may also like",
    "you might also like",
    "more on this",
    "share this",
    "share on",
    "follow us",
    "sign up",
    "subscribe",
    "newsletter",
    "logged in",
    "log in to",
    "leave a comment",
    "advertisement",
    "sponsored",
    "all rights reserved",
    "click here",
    "rate this",
    "min read",
    "reading time",
    "letter to the editor",
    "letters to the editor",
    // Disclosures of paid links.
    "affiliate link",
    "may receive compensation",
    "may earn a commission",
    // German
    "lesen sie auch",
    "lesen sie mehr",
    "mehr zum thema",
    "mehr zu diesem thema",
    "mehr themen",
    "weitere artikel",
    "weitere beiträge",
    "weiterlesen",
    "auch interessant",
    "auch interessieren",
    "schon gelesen",
    "artikel teilen",
    "beitrag teilen",
    "jetzt teilen",
    "folgen sie uns",
    "folge uns",
    "abonnieren",
    "eingeloggt",
    "einloggen",
    "anzeige",
    "werbung",
    "externer inhalt",
    "alle rechte vorbehalten",
    "bewerten sie",
    "hier klicken",
    "lesezeit",
    // French
    "lire aussi",
    "lire la suite",
    "voir aussi",
    "suivez-nous",
    "abonnez-vous",
    "inscrivez-vous",
    "tous droits réservés",
    "publicité",
    "temps de lecture",
    // Spanish, Portuguese
    "lee también",
    "leer más",
    "ver también",
    "veja também",
    "leia também",
    "síguenos",
    "siguenos",
    "suscríbete",
    "todos los derechos reservados",
    "publicidad",
    "valora esta",
    "noticias relacionadas",
    // Polish
    "czytaj także",
    "czytaj też",
    "czytaj więcej",
    "zobacz także",
    "zobacz też",
    "prawa zastrzeżone",
    "minut czytania",
];

/// Social networks, messengers and app stores, lower case: an appeal to
/// follow a site names two or more of them.
const PLATFORMS: &[&str] = &[
    "facebook",
    "twitter",
    "instagram",
    "telegram",
    "whatsapp",
    "youtube",
    "tiktok",
    "linkedin",
    "pinterest",
    "threads",
    "mastodon",
    "bluesky",
    "google news",
    "ios",
    "android",
    "app store",
    "google play",
];

/// Labels that open a photo credit or a source line.
const CREDIT_LABELS: &[&str] = &[
    "foto:",
    "fotos:",
    "foto ©",
    "bild:",
    "bilder:",
    "titelbild:",
    "beitragsbild:",
    "headerbild:",
    "symbolbild",
    "photo:",
    "photos:",
    "image:",
    "credit:",
    "credits:",
    "crédito:",
    "créditos:",
    "fuente:",
    "quelle:",
    "source:",
    "zdjęcie:",
    "fot.",
];

/// A date or a clock time: `04.05.2021`, `2021-05-04`, `4/5/2021`,
/// `19:49`, `24. März 2004`, `Feb 6, 2014`.
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    static_regex(
        r"(?x)
        \b\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}\b
        | \b\d{4}-\d{2}-\d{2}\b
        | \b\d{1,2}/\d{1,2}/\d{2,4}\b
        | \b\d{1,2}:\d{2}\b
        | \b\d{1,2}\.?\s+\p{L}{3,}\.?\s+\d{4}\b
        | \b\p{L}{3,}\.?\s+\d{1,2},?\s+\d{4}\b",
    )
});

/// Does the text have more than `n` words? Stops counting at `n + 1`:
/// most blocks judged here are long paragraphs that fail at once.
fn more_words_than(text: &str, n: usize) -> bool {
    text.split_whitespace().nth(n).is_some()
}

/// A short line that asks the reader to do something other than read on.
pub(crate) fn is_prompt(text: &str) -> bool {
    if more_words_than(text, PROMPT_MAX_WORDS) {
        return false;
    }
    any_at_word_start(&PROMPTS, &text.to_lowercase())
}

/// A block closing an article that asks the reader to follow, subscribe,
/// write in or install an app, or discloses paid links: a prompt phrase,
/// or two or more platforms named, in a sentence or two ("Follow us on
/// Facebook and Instagram", "Get our app for iOS and Android"). Only the
/// last blocks of an article are judged, where such notes sit; an article sentence that names Facebook and
/// Twitter in the middle of the text stays.
pub(crate) fn is_tail_prompt(text: &str) -> bool {
    if more_words_than(text, TAIL_PROMPT_MAX_WORDS) {
        return false;
    }
    let lower = text.to_lowercase();
    platforms_named(&lower) >= 2 || any_at_word_start(&PROMPTS, &lower)
}

/// Each phrase list as one automaton, built once: a block is searched for
/// all of a list's phrases in one pass, not once per phrase.
static PROMPTS: LazyLock<AhoCorasick> = LazyLock::new(|| static_automaton(PROMPT_PHRASES));
static PLATFORM_NAMES: LazyLock<AhoCorasick> = LazyLock::new(|| static_automaton(PLATFORMS));

/// Does a phrase occur in `text` at the start of a word? "Werbung" is an ad
/// label, "Bewerbung" (an application) is not.
fn any_at_word_start(phrases: &AhoCorasick, text: &str) -> bool {
    phrases
        .find_overlapping_iter(text)
        .any(|m| is_edge(text[..m.start()].chars().next_back()))
}

// One bit per platform in `platforms_named`.
const _: () = assert!(PLATFORMS.len() <= 64);

/// How many different platforms `text` names as whole words.
fn platforms_named(text: &str) -> u32 {
    let mut named = 0u64;
    for m in PLATFORM_NAMES.find_overlapping_iter(text) {
        if is_edge(text[..m.start()].chars().next_back()) && is_edge(text[m.end()..].chars().next())
        {
            named |= 1 << m.pattern().as_usize();
        }
    }
    named.count_ones()
}

/// A word boundary: the text's start or end, or a character that is not
/// alphanumeric.
fn is_edge(c: Option<char>) -> bool {
    c.is_none_or(|c| !c.is_alphanumeric())
}

/// A short line that credits a photo or names a source: `Foto: dpa`,
/// `(Credit: Agency)`.
pub(crate) fn is_credit(text: &str) -> bool {
    if more_words_than(text, CREDIT_MAX_WORDS) {
        return false;
    }
    let lower = text.trim_start_matches(['(', '[', '*', ' ']).to_lowercase();
    CREDIT_LABELS.iter().any(|l| lower.starts_with(l))
}

/// A short line built around a date or time: `Published: 04.05.2021`,
/// `15 May 2019, 05:28`.
pub(crate) fn is_dateline(text: &str) -> bool {
    !more_words_than(text, DATELINE_MAX_WORDS) && DATE.is_match(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prompts_in_several_languages() {
        for line in [
            "Read more:",
            "Lesen Sie auch",
            "Das könnte Sie auch interessieren",
            "Suivez-nous sur les réseaux",
            "Sign up for our newsletter today!",
            "5 min read",
        ] {
            assert!(is_prompt(line), "{line}");
        }
        assert!(!is_prompt(
            "The harbour will read more cargo manifests each day, said the operator, because the new scanners are quick."
        ));
        assert!(!is_prompt("Prices rose again."));
        assert!(
            !is_prompt("Die Bewerbungsfrist endet am Freitag."),
            "a phrase inside a longer word is not a prompt"
        );
    }

    #[test]
    fn appeals_that_close_an_article() {
        assert!(is_tail_prompt(
            "For the latest stories download our apps for iOS and Android."
        ));
        assert!(is_tail_prompt(
            "Write to us at desk@example.org or follow us on Mastodon, and subscribe to our newsletter for a weekly round-up of the best stories."
        ));
        assert!(!is_tail_prompt(
            "The minister announced her resignation on Twitter."
        ));
        assert!(
            !is_tail_prompt(
                "Violence spread on the platforms, the report says, and the companies that own them were slow to act on warnings from researchers, from regulators and from their own staff. Facebook and Twitter both declined to comment on the findings or on the report's wider claims."
            ),
            "a long closing paragraph is article text"
        );
        assert!(
            !is_tail_prompt("Biosensors for androids were on show."),
            "platform names inside other words do not count"
        );
    }

    #[test]
    fn credits_and_datelines() {
        assert!(is_credit("Foto: Agency / Jane Doe"));
        assert!(is_credit("(Credit: Jane Doe)"));
        assert!(!is_credit("Photographers gathered at the quay."));
        assert!(is_dateline("Published: 04.05.2021"));
        assert!(is_dateline("15 May 2019, 05:28"));
        assert!(is_dateline("Feb 6, 2014"));
        assert!(!is_dateline(
            "The port opened on 04.05.2021 after three years of building work and delay."
        ));
        assert!(!is_dateline("Ten ships arrived."));
    }
}
