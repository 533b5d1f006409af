//! The normalisation steps, one file each. Each step rewrites a `String` in
//! place and leaves it untouched (no allocation) when there is nothing to do.
//!
//! [`crate::Normalizer`] runs them in this order, so that each step's output
//! is already clean for the steps after it and the whole is idempotent:
//!
//! 1. [`whitespace::unify_line_ends`] turns CRLF and CR into LF first, so
//!    that removing a control between a CR and an LF cannot merge two line
//!    ends into one;
//! 2. [`control`] removes control characters, which may leave two spaces
//!    side by side;
//! 3. [`whitespace`] then folds spaces and zero-width characters, which may
//!    bring a combining mark next to a letter;
//! 4. [`nfc`] composes last, so nothing removed later can break composition.

pub mod control;
pub mod nfc;
pub mod whitespace;
