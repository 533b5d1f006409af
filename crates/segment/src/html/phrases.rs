//! Short lines that are page furniture by what they say, whatever their
//! markup: prompts to read, share, subscribe or log in, photo credits, and
//! bare date lines. Only short blocks are judged, so an article paragraph
//! that mentions a newsletter is never dropped.

use crate::regex_util::static_regex;
use regex::Regex;
use std::sync::LazyLock;

/// Longest block, in words, that a prompt phrase can condemn.
const PROMPT_MAX_WORDS: usize = 12;
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

fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

/// A short line that asks the reader to do something other than read on.
pub(crate) fn is_prompt(text: &str) -> bool {
    if word_count(text) > PROMPT_MAX_WORDS {
        return false;
    }
    let lower = text.to_lowercase();
    PROMPT_PHRASES
        .iter()
        .any(|phrase| contains_at_word_start(&lower, phrase))
}

/// Does `phrase` occur in `text` at the start of a word? "Werbung" is an ad
/// label, "Bewerbung" (an application) is not.
fn contains_at_word_start(text: &str, phrase: &str) -> bool {
    text.match_indices(phrase).any(|(at, _)| {
        text.get(..at)
            .and_then(|before| before.chars().next_back())
            .is_none_or(|c| !c.is_alphanumeric())
    })
}

/// A short line that credits a photo or names a source: `Foto: dpa`,
/// `(Credit: Agency)`.
pub(crate) fn is_credit(text: &str) -> bool {
    if word_count(text) > CREDIT_MAX_WORDS {
        return false;
    }
    let lower = text.trim_start_matches(['(', '[', '*', ' ']).to_lowercase();
    CREDIT_LABELS.iter().any(|l| lower.starts_with(l))
}

/// A short line built around a date or time: `Published: 04.05.2021`,
/// `15 May 2019, 05:28`.
pub(crate) fn is_dateline(text: &str) -> bool {
    word_count(text) <= DATELINE_MAX_WORDS && DATE.is_match(text)
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
