//! The record that flows through every corpus stage.
//!
//! A pipeline run is a stream of [`Record`]s: each input page becomes a
//! [`Document`] (or a [`Reject`] with the reason it could not be read), and
//! every stage fills in its own fields of the document:
//!
//! | stage       | writes                                                          |
//! |-------------|-----------------------------------------------------------------|
//! | `read`      | `doc_id`, `source`, `format`, `url`, `fetched_at`, `encoding`, `byte_len`, `raw_hash`, `text`, `metadata` |
//! | `normalize` | `text` (in place), `repairs`                                    |
//! | `segment`   | `title`, `blocks`, `body`, `captions`, `related`, `sidebar`     |
//! | `dedupe`    | `duplicate`, `blocks[].boilerplate`                             |
//! | `export`    | nothing: it writes the Parquet tables                           |
//!
//! Records serialise to one JSON object per line ([`jsonl`]), so any stage can
//! be run alone on a file and stages can be piped.
//!
//! ```
//! use corpus_core::{Document, Format, Record, jsonl};
//!
//! let doc = Document::new("news/page.txt", Format::Text, b"Title\nBody line.\n");
//! let mut out = Vec::new();
//! jsonl::write_record(&mut out, &Record::Document(Box::new(doc))).unwrap();
//! let back: Vec<_> = jsonl::Reader::new(&out[..]).collect();
//! assert_eq!(back.len(), 1);
//! ```

pub mod bytes;
pub mod document;
pub mod id;
pub mod jsonl;
pub mod record;
pub mod signals;
pub mod spill;
pub mod stage;
pub mod whitespace;

pub use document::{
    Block, Caption, Document, DuplicateInfo, DuplicateKind, EncodingSource, Format, Label,
    SidebarItem,
};
pub use id::{DocId, content_hash};
pub use record::{Record, Reject, RejectKind};
pub use signals::{QualitySignals, SignalKind, SignalValue};
pub use stage::{Stage, StageError, apply_stage};
