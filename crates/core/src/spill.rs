//! The binary codec of spill files: records a process writes to disk and
//! reads back itself (deduplication keeps the stream on disk between its two
//! passes). Not an exchange format: stages exchange [`crate::jsonl`].
//!
//! A record is one frame: its length (`u32`, little-endian), a tag byte
//! (0 document, 1 reject), then the document or reject as MessagePack with
//! named fields. Named fields (a map per struct, like JSON) keep
//! `skip_serializing_if` and `#[serde(default)]` working, which positional
//! formats (bincode, postcard) break; the explicit tag replaces the
//! internally tagged `Record` enum, whose decoding buffers every field.
//! Frames are self-delimiting, so a batch of them can be decoded in parallel.

use crate::document::Document;
use crate::record::{Record, Reject};
use std::io::{self, Read, Write};

const DOCUMENT: u8 = 0;
const REJECT: u8 = 1;

/// A frame that does not hold a record.
#[derive(Debug, thiserror::Error)]
pub enum SpillError {
    #[error("cannot encode a record: {0}")]
    Encode(#[from] rmp_serde::encode::Error),
    #[error("cannot decode a record: {0}")]
    Decode(#[from] rmp_serde::decode::Error),
    #[error("unknown record tag {0}")]
    Tag(u8),
    #[error("empty frame")]
    Empty,
    #[error("record of {0} bytes is too large for a frame")]
    TooLarge(usize),
}

/// One record as a complete frame, length prefix included.
pub fn encode(record: &Record) -> Result<Vec<u8>, SpillError> {
    let mut frame = Vec::with_capacity(4096);
    frame.extend_from_slice(&[0; 4]);
    match record {
        Record::Document(doc) => {
            frame.push(DOCUMENT);
            rmp_serde::encode::write_named(&mut frame, &**doc)?;
        }
        Record::Reject(reject) => {
            frame.push(REJECT);
            rmp_serde::encode::write_named(&mut frame, reject)?;
        }
    }
    let len = frame.len() - 4;
    let len = u32::try_from(len).map_err(|_| SpillError::TooLarge(len))?;
    frame[..4].copy_from_slice(&len.to_le_bytes());
    Ok(frame)
}

/// The record of a frame's body (what [`read_frame`] returns).
pub fn decode(body: &[u8]) -> Result<Record, SpillError> {
    let (&tag, payload) = body.split_first().ok_or(SpillError::Empty)?;
    match tag {
        DOCUMENT => Ok(Record::Document(Box::new(
            rmp_serde::from_slice::<Document>(payload)?,
        ))),
        REJECT => Ok(Record::Reject(rmp_serde::from_slice::<Reject>(payload)?)),
        other => Err(SpillError::Tag(other)),
    }
}

/// Write a frame made by [`encode`].
pub fn write_frame<W: Write>(out: &mut W, frame: &[u8]) -> io::Result<()> {
    out.write_all(frame)
}

/// The body of the next frame, or `None` at a clean end of the stream.
pub fn read_frame<R: Read>(input: &mut R) -> io::Result<Option<Vec<u8>>> {
    let mut len = [0u8; 4];
    let mut filled = 0;
    while filled < len.len() {
        match input.read(&mut len[filled..]) {
            Ok(0) if filled == 0 => return Ok(None),
            Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => filled += n,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            Err(err) => return Err(err),
        }
    }
    let len = u32::from_le_bytes(len) as usize;
    let mut body = vec![0; len];
    input.read_exact(&mut body)?;
    Ok(Some(body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Block, Caption, DuplicateInfo, DuplicateKind, Format, Label};
    use crate::record::RejectKind;
    use crate::{DocId, SidebarItem};

    fn full_document() -> Document {
        let mut doc = Document::new("site/a.html", Format::Html, b"<p>x</p>");
        doc.url = Some("https://example.com/a".into());
        doc.fetched_at = Some("2024-05-01T10:00:00Z".parse().unwrap());
        doc.encoding = Some("UTF-8".into());
        doc.encoding_source = Some(crate::EncodingSource::Meta);
        doc.text = "Tiêu đề\nThân bài.".into();
        doc.repairs = vec!["entities: 1".into()];
        doc.title = Some("Tiêu đề".into());
        doc.blocks = vec![Block {
            position: 0,
            line_start: 1,
            line_end: 1,
            label: Label::Title,
            text: "Tiêu đề".into(),
            section: Some("Latest".into()),
            rule: "first_line_title".into(),
            boilerplate: true,
        }];
        doc.body = vec!["Thân bài.".into()];
        doc.captions = vec![Caption {
            text: "Ảnh".into(),
            credit: None,
        }];
        doc.related = vec!["Other".into()];
        doc.sidebar = vec![SidebarItem {
            section: "Latest".into(),
            position: 1,
            headline: "H".into(),
            published_at: "2024-05-01T17:00:00+07:00".parse().ok(),
            category: None,
        }];
        doc.duplicate = Some(DuplicateInfo {
            cluster_id: DocId::from_source("x"),
            representative: DocId::from_source("x"),
            kind: Some(DuplicateKind::Near),
            similarity: 0.8,
        });
        doc
    }

    fn round_trip(records: &[Record]) -> Vec<Record> {
        let mut out = Vec::new();
        for record in records {
            write_frame(&mut out, &encode(record).unwrap()).unwrap();
        }
        let mut input = &out[..];
        let mut back = Vec::new();
        while let Some(body) = read_frame(&mut input).unwrap() {
            back.push(decode(&body).unwrap());
        }
        back
    }

    #[test]
    fn round_trips_full_and_sparse_records() {
        let records = vec![
            Record::Document(Box::new(full_document())),
            Record::Document(Box::new(Document::new("b.txt", Format::Text, b""))),
            Record::Reject(Reject::new("c.gz", "read", RejectKind::Decompress, "bad")),
            Record::Reject(Reject::new("d", "read", RejectKind::Empty, "").with_byte_len(0)),
        ];
        assert_eq!(round_trip(&records), records);
    }

    #[test]
    fn truncated_frame_is_an_error_not_an_end() {
        let frame = encode(&Record::Reject(Reject::new(
            "s",
            "read",
            RejectKind::Io,
            "m",
        )))
        .unwrap();
        let mut input = &frame[..frame.len() - 1];
        assert!(read_frame(&mut input).is_err());
        let mut input = &frame[..2];
        assert!(read_frame(&mut input).is_err());
        let mut input: &[u8] = &[];
        assert!(matches!(read_frame(&mut input), Ok(None)));
    }

    #[test]
    fn unknown_tag_is_an_error() {
        assert!(matches!(decode(&[7, 0x80]), Err(SpillError::Tag(7))));
        assert!(matches!(decode(&[]), Err(SpillError::Empty)));
    }
}
