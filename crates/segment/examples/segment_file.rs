//! Segment one text dump and print each block with its label and rule.
//!
//! `cargo run -p corpus-segment --example segment_file -- seeds/000_….txt`
//! (add `--html` for an HTML page).

use corpus_core::{Document, Format, Stage};
use corpus_segment::{SegmentConfig, Segmenter};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let html = args.iter().any(|a| a == "--html");
    args.retain(|a| a != "--html");
    let Some(path) = args.first() else {
        return Err("usage: segment_file FILE [--html]".into());
    };
    let bytes = std::fs::read(path)?;
    let format = if html { Format::Html } else { Format::Text };
    let mut doc = Document::new(path.as_str(), format, &bytes);
    doc.text = String::from_utf8_lossy(&bytes).into_owned();
    let doc = Segmenter::new(SegmentConfig::default())?.process(doc)?;
    for b in &doc.blocks {
        let text: String = b.text.chars().take(60).collect();
        let section = b.section.as_deref().unwrap_or("");
        println!(
            "{:>3} {:<16} {:<26} {:<14} {text}",
            b.line_start,
            b.label.as_str(),
            b.rule,
            section
        );
    }
    println!(
        "title={:?} body={} captions={} related={} sidebar={}",
        doc.title,
        doc.body.len(),
        doc.captions.len(),
        doc.related.len(),
        doc.sidebar.len()
    );
    Ok(())
}
