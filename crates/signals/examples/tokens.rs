//! The tokens the quality signals count, for each line of stdin: one line
//! out, tokens separated by U+001F (unit separator), so that any token
//! prints as it is: `cargo run -p corpus-signals --example tokens < body.txt`.

use std::io::{BufRead, Write};

fn main() -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for line in std::io::stdin().lock().lines() {
        let line = line?;
        writeln!(
            out,
            "{}",
            corpus_signals::words::tokens(&line).join("\u{1f}")
        )?;
    }
    Ok(())
}
