//! The JSONL codec: one [`Record`] per line, the format stages exchange.

use crate::record::{Record, Reject, RejectKind};
use std::io::{self, BufRead, Write};

/// A line of a JSONL stream that is not a record.
#[derive(Debug, thiserror::Error)]
pub enum JsonlError {
    #[error("line {line}: {source}")]
    Io { line: u64, source: io::Error },
    #[error("line {line}: not a corpus record: {source}")]
    Json {
        line: u64,
        source: serde_json::Error,
    },
}

impl JsonlError {
    /// Turn the error into a reject, so a broken line between piped stages is
    /// reported in `rejects.parquet` rather than silently lost.
    pub fn into_reject(self, stream: &str, stage: &str) -> Reject {
        let line = match &self {
            JsonlError::Io { line, .. } | JsonlError::Json { line, .. } => *line,
        };
        Reject::new(
            format!("{stream}:{line}"),
            stage,
            RejectKind::Parse,
            self.to_string(),
        )
    }
}

/// Reads records from a JSONL stream, skipping blank lines.
pub struct Reader<R> {
    input: R,
    line: u64,
    buf: String,
}

impl<R: BufRead> Reader<R> {
    pub fn new(input: R) -> Self {
        Self {
            input,
            line: 0,
            buf: String::new(),
        }
    }
}

impl<R: BufRead> Iterator for Reader<R> {
    type Item = Result<Record, JsonlError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            self.buf.clear();
            self.line += 1;
            match self.input.read_line(&mut self.buf) {
                Ok(0) => return None,
                Ok(_) if self.buf.trim().is_empty() => continue,
                Ok(_) => {
                    return Some(serde_json::from_str(&self.buf).map_err(|source| {
                        JsonlError::Json {
                            line: self.line,
                            source,
                        }
                    }));
                }
                Err(source) => {
                    return Some(Err(JsonlError::Io {
                        line: self.line,
                        source,
                    }));
                }
            }
        }
    }
}

/// Write one record as a line of JSON.
pub fn write_record<W: Write>(out: &mut W, record: &Record) -> io::Result<()> {
    serde_json::to_writer(&mut *out, record).map_err(io::Error::other)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Document, Format};

    #[test]
    fn round_trips_documents_and_rejects() {
        let mut doc = Document::new("a.txt", Format::Text, b"Title\nBody");
        doc.text = "Title\nBody".into();
        let records = vec![
            Record::Document(Box::new(doc)),
            Record::Reject(Reject::new(
                "b.gz",
                "read",
                RejectKind::Decompress,
                "truncated",
            )),
        ];
        let mut out = Vec::new();
        for record in &records {
            write_record(&mut out, record).unwrap();
        }
        let back: Vec<Record> = Reader::new(&out[..]).map(Result::unwrap).collect();
        assert_eq!(back, records);
    }

    #[test]
    fn bad_line_reports_its_number_and_reading_goes_on() {
        let input = b"\n{not json}\n\n{\"record\":\"reject\",\"source\":\"s\",\"stage\":\"read\",\"kind\":\"empty\",\"message\":\"m\"}\n";
        let items: Vec<_> = Reader::new(&input[..]).collect();
        assert_eq!(items.len(), 2);
        let err = items[0].as_ref().unwrap_err();
        assert!(err.to_string().starts_with("line 2:"), "{err}");
        assert!(matches!(items[1], Ok(Record::Reject(_))));
    }
}
