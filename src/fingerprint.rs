//! The stable identity of a finding, for baselines and SARIF `partialFingerprints`.
//!
//! A fingerprint hashes what the finding is about, not where it stands: the rule id, the pair's
//! two paths relative to the project root, and for each label its side and the text it
//! labels, with runs of white space folded to one space. Byte offsets, line numbers and
//! messages (which name paragraphs by position, "preambular paragraph 3") are left out, so an
//! edit elsewhere in either file — a paragraph added above, a line re-wrapped — keeps every
//! fingerprint. Editing the labelled text itself, renaming a file or changing the rule gives
//! a new one: that is a new finding.
//!
//! The hash is 64-bit FNV-1a, written out here because its definition is fixed: unlike
//! `std::hash`, it cannot change between Rust releases, and baselines are committed files.
//! Equal findings (the same value mismatched twice in one pair) share a fingerprint; the
//! baseline counts them.

use crate::CheckedPair;
use crate::diagnostic::{Diagnostic, Side};

/// The fingerprint of `d`, a finding of `pair`: 16 lower-case hex digits.
pub fn of(pair: &CheckedPair, d: &Diagnostic) -> String {
    let mut h = Fnv::new();
    h.field(b"yizhi-fingerprint-1");
    h.field(d.rule.as_bytes());
    h.field(pair.key[0].as_bytes());
    h.field(pair.key[1].as_bytes());
    for label in &d.labels {
        h.field(match label.side {
            Side::En => b"en",
            Side::Zh => b"zh",
        });
        let text = pair
            .doc(label.side)
            .text
            .get(label.span.clone())
            .unwrap_or("");
        let folded: Vec<&str> = text.split_whitespace().collect();
        h.field(folded.join(" ").as_bytes());
    }
    format!("{:016x}", h.0)
}

struct Fnv(u64);

impl Fnv {
    fn new() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn bytes(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    /// A field, with its length first so that ("ab", "c") and ("a", "bc") differ.
    fn field(&mut self, bytes: &[u8]) {
        self.bytes(&(bytes.len() as u64).to_le_bytes());
        self.bytes(bytes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Label, Severity};
    use crate::document::Document;

    fn pair(en: &str, zh: &str) -> CheckedPair {
        CheckedPair {
            en: Document::from_text("en.txt", en.into()),
            zh: Document::from_text("zh.txt", zh.into()),
            key: ["en/a.txt".into(), "zh/a.txt".into()],
            diagnostics: Vec::new(),
        }
    }

    fn finding(p: &CheckedPair, en: &str, zh: &str) -> Diagnostic {
        let at = |side: Side, s: &str| {
            let start = p.doc(side).text.find(s).unwrap();
            Label::new(side, start..start + s.len(), "x")
        };
        Diagnostic {
            rule: "date-mismatch".into(),
            severity: Severity::Error,
            message: "preambular paragraph 3: …".into(),
            help: None,
            labels: vec![at(Side::En, en), at(Side::Zh, zh)],
            fix: None,
        }
    }

    #[test]
    fn known_value() {
        // FNV-1a 64 of the empty input is its offset basis: the constants are the standard's.
        assert_eq!(Fnv::new().0, 0xcbf29ce484222325);
        let mut h = Fnv::new();
        h.bytes(b"a");
        assert_eq!(h.0, 0xaf63dc4c8601ec8c);
    }

    #[test]
    fn survives_edits_elsewhere_but_not_in_the_labelled_text() {
        let before = pair("On 2 December\n2004.\n", "2004年12月3日\n");
        let fp = of(
            &before,
            &finding(&before, "2 December\n2004", "2004年12月3日"),
        );
        let moved = pair(
            "A new first paragraph.\n\nOn 2 December 2004.\n",
            "新段落。\n2004年12月3日\n",
        );
        let same = of(&moved, &finding(&moved, "2 December 2004", "2004年12月3日"));
        assert_eq!(fp, same);
        let fixed = pair("On 2 December 2004.\n", "2004年12月4日\n");
        assert_ne!(
            fp,
            of(&fixed, &finding(&fixed, "2 December 2004", "2004年12月4日"))
        );
        assert_eq!(fp.len(), 16);
    }
}
