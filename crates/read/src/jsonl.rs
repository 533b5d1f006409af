//! JSONL containers: one JSON object per line, one page per object.
//!
//! Fields read (the first present of each row, in the order listed):
//!
//! | field                          | becomes                                   |
//! |--------------------------------|-------------------------------------------|
//! | `text` or `content`            | the page's text, [`Format::Text`]         |
//! | `html`                         | the page's text, [`Format::Html`]         |
//! | `url` or `uri`                 | `Document::url`                           |
//! | `fetched_at`, `date` or `timestamp` | `Document::fetched_at` (RFC 3339)    |
//!
//! Every other field is kept, as it was, in `Document::metadata` (exported
//! as the `metadata` JSON column): a `site`, `lang` or `tags` field, the
//! `html` of a record whose `text` was used, a `date` next to the
//! `fetched_at` that was used, a time that is not RFC 3339. Only the fields
//! whose values became the text, URL and fetch time are left out.
//!
//! When a record has both, `text` wins: it is what a scraper already
//! extracted, and text dumps are what segmentation knows best. A record
//! without either, with a field of the wrong type, or that is not a JSON
//! object is a `parse` reject for `file.jsonl#<line>`; blank lines are
//! skipped. JSON is UTF-8 by definition, so the encoding is `UTF-8`;
//! invalid bytes in a line are replaced and noted in `repairs`. A time that
//! is not RFC 3339 is left out of `fetched_at` (and kept in `metadata`) and
//! noted in `repairs`, not rejected.

use crate::container::{Line, Stream, read_line, record_source, reject};
use crate::error::ReadError;
use crate::{Failure, ReadConfig, text_document};
use chrono::{DateTime, Utc};
use corpus_core::{EncodingSource, Format, Record};
use serde_json::{Map, Value};

const TEXT_FIELDS: [&str; 2] = ["text", "content"];
const HTML_FIELDS: [&str; 1] = ["html"];
const URL_FIELDS: [&str; 2] = ["url", "uri"];
const TIME_FIELDS: [&str; 3] = ["fetched_at", "date", "timestamp"];

/// The pages of a JSONL container, read line by line.
pub(crate) struct Pages {
    source: String,
    stream: Stream,
    max_bytes: u64,
    line: u64,
    buf: Vec<u8>,
    done: bool,
}

impl Pages {
    pub fn new(source: &str, stream: Stream, config: &ReadConfig) -> Self {
        Self {
            source: source.to_string(),
            stream,
            max_bytes: config.max_bytes,
            line: 0,
            buf: Vec::new(),
            done: false,
        }
    }
}

impl Iterator for Pages {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        while !self.done {
            self.line += 1;
            let source = record_source(&self.source, self.line);
            match read_line(&mut self.stream.reader, self.max_bytes, &mut self.buf) {
                Err(err) => {
                    self.done = true;
                    let error = self.stream.error(err);
                    return Some(reject(&source, Failure::new(error, None)));
                }
                Ok(Line::Eof) => self.done = true,
                Ok(Line::TooLong(len)) => {
                    let error = ReadError::TooLarge {
                        size: len,
                        limit: self.max_bytes,
                    };
                    return Some(reject(&source, Failure::new(error, len)));
                }
                Ok(Line::Full) => {
                    if self.buf.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    return Some(crate::into_record(&source, page(&source, &self.buf)));
                }
            }
        }
        None
    }
}

/// One JSONL line to a document.
fn page(source: &str, line: &[u8]) -> Result<corpus_core::Document, Failure> {
    let len = line.len() as u64;
    let parse = |message: String| Failure::new(ReadError::Container(message), len);
    let mut repairs = Vec::new();
    let json = match std::str::from_utf8(line) {
        Ok(json) => std::borrow::Cow::Borrowed(json),
        Err(err) => {
            let invalid = line
                .utf8_chunks()
                .filter(|c| !c.invalid().is_empty())
                .count();
            repairs.push(format!(
                "replaced {invalid} invalid byte sequences with U+FFFD (UTF-8; first at byte offset {} of the line)",
                err.valid_up_to()
            ));
            String::from_utf8_lossy(line)
        }
    };
    let object: Map<String, Value> = match serde_json::from_str(&json) {
        Ok(Value::Object(object)) => object,
        Ok(other) => {
            return Err(parse(format!(
                "JSONL record is {}, not an object",
                kind_of(&other)
            )));
        }
        Err(err) => return Err(parse(format!("JSONL record is not valid JSON: {err}"))),
    };
    let (text, format) = match (
        string_field(&object, &TEXT_FIELDS).map_err(parse)?,
        string_field(&object, &HTML_FIELDS).map_err(parse)?,
    ) {
        (Some(text), _) => (text, Format::Text),
        (None, Some(html)) => (html, Format::Html),
        (None, None) => {
            let keys: Vec<&str> = object.keys().map(String::as_str).take(10).collect();
            return Err(parse(format!(
                "JSONL record has no `text`, `content` or `html` string (its keys: {})",
                keys.join(", ")
            )));
        }
    };
    let url = string_field(&object, &URL_FIELDS).map_err(parse)?;
    let time = string_field(&object, &TIME_FIELDS).map_err(parse)?;

    let mut doc = text_document(source, text.1.to_string(), format)?;
    // The fields whose values the document takes; the others are metadata.
    let mut used = vec![text.0];
    if let Some((name, url)) = url {
        doc.url = Some(url.to_string());
        used.push(name);
    }
    if let Some((name, time)) = time {
        match DateTime::parse_from_rfc3339(time.trim()) {
            Ok(time) => {
                doc.fetched_at = Some(time.with_timezone(&Utc));
                used.push(name);
            }
            Err(_) => repairs.push(format!(
                "fetch time {:?} is not an RFC 3339 time; left empty (kept in metadata as `{name}`)",
                clip(time)
            )),
        }
    }
    let mut object = object;
    for name in used {
        object.remove(name);
    }
    doc.metadata = (!object.is_empty()).then_some(object);
    doc.encoding = Some("UTF-8".to_string());
    doc.encoding_source = Some(if repairs.iter().any(|r| r.starts_with("replaced")) {
        EncodingSource::Detected
    } else {
        EncodingSource::Utf8Valid
    });
    doc.repairs = repairs;
    Ok(doc)
}

/// The first of `names` present in `object`, with its name, as a string;
/// an error when it is there with another type (`null` counts as absent).
fn string_field<'a>(
    object: &'a Map<String, Value>,
    names: &[&'static str],
) -> Result<Option<(&'static str, &'a str)>, String> {
    for name in names {
        match object.get(*name) {
            None | Some(Value::Null) => {}
            Some(Value::String(s)) => return Ok(Some((name, s))),
            Some(other) => {
                return Err(format!(
                    "JSONL field `{name}` is {}, not a string",
                    kind_of(other)
                ));
            }
        }
    }
    Ok(None)
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// At most 40 characters of `s`, for messages.
fn clip(s: &str) -> &str {
    s.char_indices().nth(40).map_or(s, |(i, _)| &s[..i])
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(line: &[u8]) -> corpus_core::Document {
        match page("a.jsonl#1", line) {
            Ok(doc) => doc,
            Err(failure) => panic!("{}", failure.error),
        }
    }

    fn metadata(line: serde_json::Value) -> Option<Map<String, Value>> {
        doc(line.to_string().as_bytes()).metadata
    }

    #[test]
    fn fields_the_reader_does_not_use_are_metadata() {
        let got = metadata(json!({
            "text": "Tiêu đề\nNội dung.",
            "url": "https://x.vn/a",
            "fetched_at": "2024-05-01T15:30:00+07:00",
            "site": "x.vn",
            "tags": ["a", 1],
            "nested": {"lang": "vi", "n": null},
        }));
        assert_eq!(
            Value::Object(got.unwrap()),
            json!({"site": "x.vn", "tags": ["a", 1], "nested": {"lang": "vi", "n": null}})
        );
    }

    #[test]
    fn alternatives_not_taken_are_kept_and_a_record_with_nothing_else_has_none() {
        assert_eq!(
            metadata(json!({"text": "Body", "uri": "https://x.vn/a"})),
            None
        );
        let got = metadata(json!({
            "text": "Body",
            "html": "<p>Body</p>",
            "url": "https://x.vn/a",
            "uri": "https://x.vn/b",
            "fetched_at": "2024-05-01T08:30:00Z",
            "date": "2024-04-30",
        }));
        assert_eq!(
            Value::Object(got.unwrap()),
            json!({"html": "<p>Body</p>", "uri": "https://x.vn/b", "date": "2024-04-30"})
        );
    }

    #[test]
    fn a_time_that_is_not_rfc_3339_stays_in_metadata() {
        let doc = doc(br#"{"text": "Body", "date": "yesterday"}"#);
        assert_eq!(doc.fetched_at, None);
        assert_eq!(
            Value::Object(doc.metadata.unwrap()),
            json!({"date": "yesterday"})
        );
        assert_eq!(
            doc.repairs,
            [
                "fetch time \"yesterday\" is not an RFC 3339 time; left empty (kept in metadata as `date`)"
            ]
        );
    }
}
