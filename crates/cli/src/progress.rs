//! Progress bars and the end-of-run summary: the only place that draws on
//! the terminal. Bars are hidden when stderr is not a terminal or with `--quiet`.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy)]
pub struct Progress {
    visible: bool,
    quiet: bool,
}

impl Progress {
    pub fn new(quiet: bool) -> Self {
        Self {
            visible: !quiet && std::io::stderr().is_terminal(),
            quiet,
        }
    }

    /// A bar over `len` of `unit` (its position, rate and ETA) that also
    /// shows how many of the other unit went by, and their rate: a pass
    /// over inputs counts bytes and shows pages, the export counts pages
    /// and shows bytes.
    pub fn rate_bar(&self, len: u64, unit: Unit, what: &'static str) -> RateBar {
        let bar = match self.visible {
            false => ProgressBar::hidden(),
            true => {
                let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
                let template = match unit {
                    Unit::Bytes => {
                        "{prefix:>8.bold} [{bar:20}] {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec} eta {eta} {msg}"
                    }
                    Unit::Pages => {
                        "{prefix:>8.bold} [{bar:20}] {human_pos}/{human_len} pages eta {eta} {msg}"
                    }
                };
                let style = ProgressStyle::with_template(template)
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> ");
                bar.set_style(style);
                bar.set_prefix(what);
                bar.enable_steady_tick(Duration::from_millis(200));
                bar
            }
        };
        RateBar {
            bar,
            other: AtomicU64::new(0),
            other_unit: match unit {
                Unit::Bytes => Unit::Pages,
                Unit::Pages => Unit::Bytes,
            },
            started: Instant::now(),
            shown_at_ms: AtomicU64::new(0),
        }
    }

    /// A spinner for work of unknown length (records on a pipe).
    pub fn spinner(&self, what: &'static str) -> ProgressBar {
        if !self.visible {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        let style =
            ProgressStyle::with_template("{prefix:>10.bold} {spinner} {human_pos} {per_sec}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner());
        bar.set_style(style);
        bar.set_prefix(what);
        bar.enable_steady_tick(Duration::from_millis(200));
        bar
    }

    /// Print the end-of-run summary unless `--quiet`.
    pub fn summary(&self, text: &str) {
        if !self.quiet {
            eprint!("{text}");
        }
    }
}

/// What a [`RateBar`] counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Pages,
    Bytes,
}

/// See [`Progress::rate_bar`].
pub struct RateBar {
    bar: ProgressBar,
    other: AtomicU64,
    other_unit: Unit,
    started: Instant,
    /// When the message was last rewritten: at most every 100 ms, since the
    /// export adds one page at a time.
    shown_at_ms: AtomicU64,
}

impl RateBar {
    pub fn is_hidden(&self) -> bool {
        self.bar.is_hidden()
    }

    pub fn set_length(&self, len: u64) {
        self.bar.set_length(len);
    }

    /// `position` more of the bar's unit and `other` more of the other.
    pub fn add(&self, position: u64, other: u64) {
        if self.bar.is_hidden() {
            return;
        }
        self.bar.inc(position);
        let total = self.other.fetch_add(other, Ordering::Relaxed) + other;
        let elapsed = self.started.elapsed();
        let ms = elapsed.as_millis() as u64;
        if ms < self.shown_at_ms.load(Ordering::Relaxed) + 100 {
            return;
        }
        self.shown_at_ms.store(ms, Ordering::Relaxed);
        let seconds = elapsed.as_secs_f64().max(1e-3);
        // indicatif's own page rate prints many decimals: both rates here.
        self.bar.set_message(match self.other_unit {
            Unit::Pages => format!("{total} pages {:.0}/s", total as f64 / seconds),
            Unit::Bytes => format!(
                "{:.0} pages/s {:.1} MB {:.1} MB/s",
                self.bar.position() as f64 / seconds,
                total as f64 / 1e6,
                total as f64 / 1e6 / seconds
            ),
        });
    }

    pub fn finish_and_clear(&self) {
        self.bar.finish_and_clear();
    }
}
