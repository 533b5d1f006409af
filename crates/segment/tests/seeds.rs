#![allow(clippy::unwrap_used)] // test support code: a model load failure should fail the test
//! The two seed pages, segmented end to end with the default configuration.

use corpus_core::{Document, Format, Label, Stage};
use corpus_segment::{SegmentConfig, Segmenter};
use std::path::PathBuf;

const SEED_A: &str = "000_0974627a06fa0476.txt";
const SEED_B: &str = "004_9bfabe07e541028b.txt";

fn seed(name: &str) -> Document {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../seeds")
        .join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut doc = Document::new(name, Format::Text, &bytes);
    doc.text = String::from_utf8_lossy(&bytes).into_owned();
    Segmenter::new(SegmentConfig::default())
        .unwrap()
        .process(doc)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn assert_clean_body(doc: &Document) {
    for p in &doc.body {
        assert!(
            !p.contains('|') && !p.contains("![]()"),
            "marker in body: {p}"
        );
        assert!(!p.contains("Photo:"), "caption in body: {p}");
    }
    for caption in &doc.captions {
        assert!(!caption.text.contains("Photo:") && !caption.text.ends_with('|'));
    }
}

/// Every non-blank line is in exactly one block, in order, with its number.
fn assert_blocks_cover_lines(doc: &Document) {
    let expected: Vec<(u32, &str)> = doc
        .text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| (i as u32 + 1, l.trim()))
        .collect();
    let got: Vec<(u32, &str)> = doc
        .blocks
        .iter()
        .map(|b| {
            assert_eq!(b.line_start, b.line_end);
            (b.line_start, b.text.as_str())
        })
        .collect();
    assert_eq!(got, expected);
    for (i, b) in doc.blocks.iter().enumerate() {
        assert_eq!(b.position as usize, i);
        assert!(!b.rule.is_empty());
    }
}

fn count(doc: &Document, label: Label) -> usize {
    doc.blocks.iter().filter(|b| b.label == label).count()
}

#[test]
fn seed_a_parts() {
    let doc = seed(SEED_A);
    assert_eq!(
        doc.title.as_deref(),
        Some("Director General Nguyen Van Can works with US Customs and Border Protection")
    );
    assert_eq!(doc.body.len(), 15);
    assert!(doc.body[0].starts_with("Within framework of working session on June 8"));
    assert!(doc.body[14].starts_with("The visit by the Director General Nguyen Van Can"));
    assert!(
        doc.body
            .iter()
            .any(|p| p == "Accordingly, the key tasks as follows:")
    );

    let credits: Vec<_> = doc.captions.iter().map(|c| c.credit.as_deref()).collect();
    assert_eq!(credits, [Some("Dao Hai"), Some("Hien Nguyen")]);
    assert!(
        doc.captions[0]
            .text
            .starts_with("Director General of Vietnam Customs")
    );
    assert!(doc.captions[0].text.ends_with("between the GDVC and CBP."));
    assert!(doc.related.is_empty());

    assert_eq!(doc.sidebar.len(), 22);
    let first = &doc.sidebar[0];
    assert_eq!(first.section, "Related News");
    assert_eq!(first.position, 1);
    assert_eq!(first.headline, "VNACCS system resumes normal operation");
    assert_eq!(
        first.published_at.map(|t| t.to_rfc3339()).as_deref(),
        Some("2023-11-26T08:00:00+07:00")
    );
    assert_eq!(first.category.as_deref(), Some("Customs"));
    let last = &doc.sidebar[21];
    assert_eq!((last.section.as_str(), last.position), ("Your care", 5));
    assert_eq!(
        last.published_at.map(|t| t.to_rfc3339()).as_deref(),
        Some("2023-11-27T10:45:00+07:00")
    );
    let sections: Vec<(&str, u32)> = ["Related News", "Latest News", "More News", "Your care"]
        .iter()
        .map(|s| {
            (
                *s,
                doc.sidebar.iter().filter(|i| i.section == *s).count() as u32,
            )
        })
        .collect();
    assert_eq!(
        sections,
        [
            ("Related News", 4),
            ("Latest News", 4),
            ("More News", 9),
            ("Your care", 5)
        ]
    );

    assert_clean_body(&doc);
    assert_blocks_cover_lines(&doc);
    assert_eq!(count(&doc, Label::Title), 1);
    assert_eq!(count(&doc, Label::SidebarHeading), 4);
    assert_eq!(count(&doc, Label::Timestamp), 22);
    assert_eq!(count(&doc, Label::Image), 2);
    assert_eq!(count(&doc, Label::Boilerplate), 0);
}

#[test]
fn seed_b_parts() {
    let doc = seed(SEED_B);
    assert_eq!(
        doc.title.as_deref(),
        Some("Ho Chi Minh City Customs wishes to cooperate with US Customs in many fields")
    );
    assert_eq!(doc.body.len(), 11);
    assert!(doc.body[0].starts_with("At the meeting, Director of Ho Chi Minh City Customs"));
    assert!(doc.body[10].starts_with("Thanking Ms. Debbie Seguin"));

    let credits: Vec<_> = doc.captions.iter().map(|c| c.credit.as_deref()).collect();
    assert_eq!(credits, [Some("T.H"); 3]);
    assert_eq!(
        doc.related,
        [
            "HCM city Customs Department to move in suitable direction towards Digital Customs",
            "Viet Nam Customs’ position affirmed by successful hosting of the 2023 WCO Technology Conference and Exhibition",
        ]
    );

    assert_eq!(doc.sidebar.len(), 22);
    let second = &doc.sidebar[1];
    assert_eq!(second.section, "Related News");
    assert_eq!(second.position, 2);
    assert_eq!(second.category.as_deref(), Some("Anti-Smuggling"));
    assert_eq!(
        second.published_at.map(|t| t.to_rfc3339()).as_deref(),
        Some("2025-02-14T09:15:00+07:00")
    );
    let more = doc
        .sidebar
        .iter()
        .find(|i| i.section == "More News" && i.position == 9)
        .unwrap();
    assert!(
        more.headline
            .starts_with("Researching and proposing amendments")
    );

    assert_clean_body(&doc);
    assert_blocks_cover_lines(&doc);
    assert_eq!(count(&doc, Label::SidebarHeading), 4);
    assert_eq!(count(&doc, Label::Timestamp), 22);
    assert_eq!(count(&doc, Label::RelatedLink), 2);
}

#[test]
fn seeds_segment_idempotently() {
    let seg = Segmenter::new(SegmentConfig::default()).unwrap();
    for name in [SEED_A, SEED_B] {
        let once = seed(name);
        let twice = seg.process(once.clone()).unwrap();
        assert_eq!(once, twice);
    }
}
