//! Tests over every byte of a page, written so the compiler vectorises them.
//!
//! A plain `iter().any(..)` stops at each byte to branch, and a
//! `filter(..).count()` widens every byte to a `usize` counter; folding a
//! fixed-size chunk into one byte keeps the work in byte lanes.

/// Bytes per chunk: small enough that a match is found soon after it
/// appears, large enough to fill the vector lanes.
const CHUNK: usize = 64;

/// Whether any byte satisfies `pred`.
pub fn any(bytes: &[u8], pred: impl Fn(u8) -> bool) -> bool {
    bytes
        .chunks(CHUNK)
        .any(|chunk| chunk.iter().fold(0u8, |seen, &b| seen | u8::from(pred(b))) != 0)
}

/// How many bytes satisfy `pred`. Counted per chunk of at most 255 bytes in
/// one byte, which cannot overflow.
pub fn count(bytes: &[u8], pred: impl Fn(u8) -> bool) -> usize {
    bytes
        .chunks(255)
        .map(|chunk| {
            usize::from(
                chunk
                    .iter()
                    .fold(0u8, |n, &b| n.wrapping_add(u8::from(pred(b)))),
            )
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn agree_with_the_plain_loops(
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..1000),
            below in proptest::prelude::any::<u8>(),
        ) {
            let pred = |b: u8| b < below;
            proptest::prop_assert_eq!(any(&bytes, pred), bytes.iter().any(|&b| pred(b)));
            proptest::prop_assert_eq!(count(&bytes, pred), bytes.iter().filter(|&&b| pred(b)).count());
        }
    }

    #[test]
    fn counts_past_a_byte() {
        assert_eq!(count(&[7; 1000], |b| b == 7), 1000);
        assert!(any(
            &[0; 1000].iter().chain(&[1]).copied().collect::<Vec<_>>(),
            |b| b == 1
        ));
    }
}
