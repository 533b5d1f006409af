//! Documents for tests and benches: hand-made pages and a generated corpus.
#![allow(dead_code)]

use corpus_core::{Block, Document, Format, Label};

/// A page with the given body paragraphs and extra (sidebar) blocks; the
/// body paragraphs are blocks too, as segmentation makes them.
pub fn page(source: &str, body: &[&str], sidebar: &[&str]) -> Document {
    let mut doc = Document::new(source, Format::Text, source.as_bytes());
    doc.body = body.iter().map(|p| p.to_string()).collect();
    let body_blocks = body.iter().map(|p| (Label::Body, *p));
    let side_blocks = sidebar.iter().map(|s| (Label::SidebarItem, *s));
    doc.blocks = body_blocks
        .chain(side_blocks)
        .enumerate()
        .map(|(i, (label, text))| block(i, label, text))
        .collect();
    doc
}

/// Pages `p0`, `p1`, ... from (body paragraphs, sidebar items) pairs.
pub fn documents(pages: Vec<(Vec<String>, Vec<String>)>) -> Vec<Document> {
    pages
        .into_iter()
        .enumerate()
        .map(|(i, (body, sidebar))| {
            let body: Vec<&str> = body.iter().map(String::as_str).collect();
            let sidebar: Vec<&str> = sidebar.iter().map(String::as_str).collect();
            page(&format!("p{i}"), &body, &sidebar)
        })
        .collect()
}

/// `n` words of made-up text, distinct for distinct `seed`s.
pub fn article(seed: u64, n: usize) -> String {
    let mut rng = Rng(seed);
    (0..n)
        .map(|_| {
            format!(
                "{}{}",
                VOCABULARY[rng.below(VOCABULARY.len())],
                rng.below(100)
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A small deterministic generator (SplitMix64).
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const VOCABULARY: &[&str] = &[
    "Hà",
    "Nội",
    "thành",
    "phố",
    "người",
    "dân",
    "chính",
    "phủ",
    "kinh",
    "tế",
    "tăng",
    "trưởng",
    "năm",
    "nay",
    "công",
    "ty",
    "thị",
    "trường",
    "giá",
    "vàng",
    "bóng",
    "đá",
    "đội",
    "tuyển",
    "Việt",
    "Nam",
    "trận",
    "đấu",
    "mưa",
    "lớn",
    "giao",
    "thông",
    "học",
    "sinh",
    "trường",
    "đại",
    "bệnh",
    "viện",
    "bác",
    "sĩ",
    "xuất",
    "khẩu",
    "doanh",
    "nghiệp",
    "ngân",
    "hàng",
    "lãi",
    "suất",
    "du",
    "lịch",
    "khách",
    "quốc",
    "tế",
];

pub fn paragraph(rng: &mut Rng, words: usize) -> String {
    let mut words: Vec<String> = (0..words)
        .map(|_| VOCABULARY[rng.below(VOCABULARY.len())].to_string())
        .collect();
    // A number makes each paragraph distinct, as real ones are.
    words.push(rng.next().to_string());
    words.join(" ")
}

pub fn block(position: usize, label: Label, text: &str) -> Block {
    Block {
        position: position as u32,
        line_start: position as u32 + 1,
        line_end: position as u32 + 1,
        label,
        text: text.to_string(),
        section: None,
        rule: String::new(),
        boilerplate: false,
    }
}

/// `count` news pages: about one in ten an exact re-scrape (same body, new
/// sidebar), one in ten an edited copy; all share a footer line.
pub fn pages(count: usize, seed: u64) -> Vec<Document> {
    let mut rng = Rng(seed);
    let footer = "Bản quyền thuộc về báo điện tử, cấm sao chép dưới mọi hình thức";
    let mut docs: Vec<Document> = Vec::with_capacity(count);
    for i in 0..count {
        let source = format!("site/page-{i}.txt");
        let mut doc = Document::new(source.as_str(), Format::Text, source.as_bytes());
        let copy = rng.below(10);
        doc.body = match (copy, docs.len()) {
            (0, n) if n > 0 => docs[rng.below(n)].body.clone(),
            (1, n) if n > 0 => {
                let mut body = docs[rng.below(n)].body.clone();
                if let Some(p) = body.first_mut() {
                    *p = format!("{p} cập nhật");
                }
                body
            }
            _ => (0..8 + rng.below(8))
                .map(|_| paragraph(&mut rng, 40))
                .collect(),
        };
        let mut blocks: Vec<Block> = doc
            .body
            .iter()
            .enumerate()
            .map(|(p, text)| block(p, Label::Body, text))
            .collect();
        for s in 0..5 {
            let headline = format!("Tin mới nhất số {} trong ngày", rng.below(500));
            blocks.push(block(blocks.len() + s, Label::SidebarItem, &headline));
        }
        blocks.push(block(blocks.len(), Label::Boilerplate, footer));
        doc.blocks = blocks;
        docs.push(doc);
    }
    docs
}
