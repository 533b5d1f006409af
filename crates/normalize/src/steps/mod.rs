//! The normalisation steps, one file each. Each step rewrites a `String` in
//! place and leaves it untouched (no allocation) when there is nothing to do.
//!
//! [`crate::Normalizer`] runs them in this order, so that each step's output
//! is already clean for the steps after it:
//!
//! 1. [`whitespace::unify_line_ends`] turns CRLF and CR into LF first, so
//!    that removing a control between a CR and an LF cannot merge two line
//!    ends into one;
//! 2. [`mojibake`] repairs UTF-8 read as Windows-1252/Latin-1 before the
//!    control step, because Latin-1 mojibake is made of C1 controls;
//! 3. [`entities`] decodes HTML references, which may yield spaces, controls
//!    and combining marks for the steps after it;
//! 4. [`control`] removes control characters, which may leave two spaces
//!    side by side;
//! 5. [`whitespace`] then folds spaces and zero-width characters, which may
//!    bring a combining mark next to a letter;
//! 6. [`markdown`] strips inline links and emphasis from the folded lines;
//! 7. [`nfc`] composes;
//! 8. [`tone_marks`] moves Vietnamese tone marks on composed text and
//!    writes composed text back.
//!
//! A step can bring something into being that an earlier step would have
//! cleaned (removing a control between `Ã` and `©` makes mojibake), so the
//! normaliser repeats the sequence until nothing changes (a second round is
//! almost always a no-op check). That makes the whole idempotent.

pub mod control;
pub mod entities;
pub mod markdown;
pub mod mojibake;
pub mod nfc;
pub mod tone_marks;
pub mod whitespace;
