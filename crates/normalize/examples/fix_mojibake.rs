//! Run the mojibake step alone over lines: one JSON string per input line
//! on stdin, the repaired string as JSON on stdout. Used by
//! `tools/ftfy_compare.py` to compare the step with ftfy.

use std::io::{self, BufRead, Write};

fn main() -> io::Result<()> {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    for line in io::stdin().lock().lines() {
        let line = line?;
        let mut text: String = serde_json::from_str(&line).unwrap_or_default();
        corpus_normalize::steps::mojibake::repair_mojibake(&mut text);
        let json = serde_json::to_string(&text).unwrap_or_default();
        writeln!(out, "{json}")?;
    }
    Ok(())
}
