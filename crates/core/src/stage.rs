//! The per-document stage abstraction.

use crate::document::Document;
use crate::record::{Record, Reject, RejectKind};

/// A stage that transforms one document at a time, independently of the
/// others, so it can run in parallel (`normalize`, `segment`).
///
/// Corpus-level work (deduplication) cannot be a `Stage`: it observes every
/// document before it can mark any.
pub trait Stage: Send + Sync {
    /// The name recorded in rejects (`"normalize"`).
    fn name(&self) -> &'static str;

    /// Transform the document, or say why it cannot be.
    fn process(&self, doc: Document) -> Result<Document, StageError>;
}

/// Why a stage gave up on a document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct StageError {
    pub kind: RejectKind,
    pub message: String,
}

impl StageError {
    pub fn new(kind: RejectKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }
}

/// Run `stage` on a record: documents are processed, rejects pass through, and
/// a failure becomes a reject naming the stage.
pub fn apply_stage<S: Stage + ?Sized>(stage: &S, record: Record) -> Record {
    match record {
        Record::Reject(reject) => Record::Reject(reject),
        Record::Document(doc) => {
            let source = doc.source.clone();
            let byte_len = doc.byte_len;
            match stage.process(*doc) {
                Ok(doc) => Record::Document(Box::new(doc)),
                Err(err) => Record::Reject(
                    Reject::new(source, stage.name(), err.kind, err.message)
                        .with_byte_len(byte_len),
                ),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Format;

    struct FailsOnEmpty;

    impl Stage for FailsOnEmpty {
        fn name(&self) -> &'static str {
            "check"
        }
        fn process(&self, doc: Document) -> Result<Document, StageError> {
            if doc.text.is_empty() {
                Err(StageError::new(RejectKind::Empty, "no text"))
            } else {
                Ok(doc)
            }
        }
    }

    #[test]
    fn failure_becomes_reject_with_stage_and_source() {
        let doc = Document::new("x/y.txt", Format::Text, b"");
        let out = apply_stage(&FailsOnEmpty, Record::Document(Box::new(doc)));
        let Record::Reject(reject) = out else {
            panic!("expected a reject, got {out:?}");
        };
        assert_eq!(reject.source, "x/y.txt");
        assert_eq!(reject.stage, "check");
        assert_eq!(reject.kind, RejectKind::Empty);
    }

    #[test]
    fn rejects_pass_through_untouched() {
        let reject = Reject::new("bad.gz", "read", RejectKind::Decompress, "truncated");
        let out = apply_stage(&FailsOnEmpty, Record::Reject(reject.clone()));
        assert_eq!(out, Record::Reject(reject));
    }
}
