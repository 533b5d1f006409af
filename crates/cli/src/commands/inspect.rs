//! `corpus inspect`: one page of a dataset, its blocks in reading order,
//! each with its label (coloured on a terminal), rule, section, boilerplate
//! flag, and the page's duplicate cluster; `--html` writes the same as a
//! page with the labels as highlights.

use crate::Outcome;
use crate::args::{ColorChoice, InspectArgs};
use anyhow::{Context, Result};
use corpus_report::page::PageBlocks;
use std::io::{self, IsTerminal, Write};

pub fn run(args: &InspectArgs) -> Result<Outcome> {
    let page = PageBlocks::load(&args.dataset, &args.page)
        .with_context(|| format!("cannot inspect the dataset in {}", args.dataset.display()))?;
    if let Some(path) = &args.html {
        corpus_report::write_file(path, corpus_report::html::page(&page).as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?;
        return Ok(Outcome { rejects: 0 });
    }
    let colour = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => io::stdout().is_terminal(),
    };
    match print(&mut io::stdout().lock(), &page, colour) {
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => {}
        other => other.context("cannot write to standard output")?,
    }
    Ok(Outcome { rejects: 0 })
}

/// The terminal colour (ANSI SGR) of a label: the body stands out in
/// green, furniture in dimmer or cooler colours.
fn ansi(label: &str) -> &'static str {
    match label {
        "title" => "1;35",
        "body" => "32",
        "heading" => "1;32",
        "image" => "33",
        "caption" => "93",
        "related_link" => "34",
        "sidebar_heading" => "1;36",
        "sidebar_item" => "36",
        "timestamp" => "31",
        "boilerplate" => "90",
        _ => "37",
    }
}

fn print(out: &mut impl Write, page: &PageBlocks, colour: bool) -> io::Result<()> {
    for (name, value) in page.facts() {
        writeln!(out, "{name:<18} {value}")?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "{:>9}  {:<15}  {:<26}  {:<16}  {:<2}  text",
        "lines", "label", "rule", "section", "bp"
    )?;
    for block in &page.blocks {
        let lines = match block.line_start == block.line_end {
            true => block.line_start.to_string(),
            false => format!("{}-{}", block.line_start, block.line_end),
        };
        let label = format!("{:<15}", block.label);
        let (on, off) = match colour {
            true => (format!("\x1b[{}m", ansi(&block.label)), "\x1b[0m"),
            false => (String::new(), ""),
        };
        writeln!(
            out,
            "{lines:>9}  {on}{label}{off}  {:<26}  {:<16}  {:<2}  {on}{}{off}",
            block.rule,
            block.section.as_deref().unwrap_or(""),
            if block.boilerplate { "bp" } else { "" },
            block.text
        )?;
    }
    Ok(())
}
