#![allow(clippy::unwrap_used)] // test support code: a model load failure should fail the test
//! Properties that hold for any input text.

use corpus_core::{Document, Format, Stage};
use corpus_segment::{SegmentConfig, Segmenter};
use proptest::prelude::*;

fn segment(text: &str, format: Format) -> Document {
    let mut doc = Document::new("p.txt", format, text.as_bytes());
    doc.text = text.to_string();
    match Segmenter::new(SegmentConfig::default())
        .unwrap()
        .process(doc)
    {
        Ok(doc) => doc,
        Err(err) => panic!("segment failed: {err}"),
    }
}

/// Lines made of the pieces segmentation cares about, so the rules fire.
fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("![]() |".to_string()),
        "!\\[\\]\\(\\) \\| [A-Za-z ]{0,20} \\|",
        "[0-2][0-9]:[0-5][0-9] \\| [0-3][0-9]/[01][0-9]/20[0-9]{2}( [A-Z][a-z]{1,8})?",
        "[A-Z][a-z]{1,8}( [a-z]{1,8}){0,4}",
        "[A-Z][a-z]{1,8}( [a-z]{1,8}){2,12}\\.( Photo: [A-Z]\\.[A-Z])?( \\|)?",
        any::<String>(),
    ]
}

proptest! {
    #[test]
    fn arbitrary_text_never_panics_and_lines_are_covered_once(text in any::<String>()) {
        check_coverage(&text)?;
    }

    #[test]
    fn news_like_text_lines_are_covered_once(lines in prop::collection::vec(line(), 0..40)) {
        check_coverage(&lines.join("\n"))?;
    }

    #[test]
    fn arbitrary_html_never_panics(text in any::<String>()) {
        let doc = segment(&text, Format::Html);
        for (i, b) in doc.blocks.iter().enumerate() {
            prop_assert_eq!(b.position as usize, i);
            prop_assert!(b.line_start >= 1 && b.line_start <= b.line_end);
        }
    }
}

fn check_coverage(text: &str) -> Result<(), TestCaseError> {
    let doc = segment(text, Format::Text);
    let non_blank: Vec<u32> = text
        .split('\n')
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, _)| i as u32 + 1)
        .collect();
    let covered: Vec<u32> = doc.blocks.iter().map(|b| b.line_start).collect();
    prop_assert_eq!(covered, non_blank);
    for b in &doc.blocks {
        prop_assert_eq!(b.line_start, b.line_end);
    }
    for p in &doc.body {
        prop_assert!(!p.contains("![]()"));
    }
    Ok(())
}
