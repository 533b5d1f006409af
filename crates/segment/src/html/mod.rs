//! HTML mode (placeholder while text mode is finished).

use crate::Segmented;
use crate::text::TextRules;

pub(crate) fn segment(_html: &str, _rules: &TextRules) -> Segmented {
    Segmented::default()
}
