//! Narrows a built-in pattern's character classes to what folded text can contain.
//!
//! Rules match folded text (`fold.rs`), in which no-break, ideographic and other Unicode
//! spaces, full-width forms and some dashes never occur: the fold has turned them into ASCII.
//! A class such as `\s` or `[，,]` that is ASCII once they are taken out matches the same on
//! folded text, and its DFA is half the size: each multi-byte character of a class splits the
//! byte alphabet of the DFA and adds states to decode it. build.rs narrows every built-in
//! pattern before it compiles and stores it; a user's pattern is compiled as written.

use regex_syntax::hir::{Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind};

/// The characters folded text never contains: those `fold` maps to another.
pub fn folded_away(fold: impl Fn(char) -> Option<char>) -> ClassUnicode {
    let mut ranges: Vec<ClassUnicodeRange> = Vec::new();
    for c in (0..=char::MAX as u32).filter_map(char::from_u32) {
        if fold(c).is_none_or(|f| f == c) {
            continue;
        }
        match ranges.last_mut() {
            Some(r) if r.end() as u32 + 1 == c as u32 => *r = ClassUnicodeRange::new(r.start(), c),
            _ => ranges.push(ClassUnicodeRange::new(c, c)),
        }
    }
    ClassUnicode::new(ranges)
}

/// `hir` with each class that is ASCII without the characters `away` replaced by that ASCII
/// class. Other classes are left whole: taking a few characters out of a large class would
/// split its ranges and grow the pattern.
pub fn narrow(hir: &Hir, away: &ClassUnicode) -> Hir {
    super::rewrite::map_leaves(hir, &|leaf| match leaf.kind() {
        HirKind::Class(Class::Unicode(class)) => {
            let mut narrowed = class.clone();
            narrowed.difference(away);
            let ascii = narrowed.ranges().last().is_none_or(|r| r.end().is_ascii());
            if ascii && narrowed != *class {
                Hir::class(Class::Unicode(narrowed))
            } else {
                leaf.clone()
            }
        }
        _ => leaf.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn away() -> ClassUnicode {
        folded_away(crate::fold::fold_char)
    }

    #[test]
    fn white_space_and_full_width_commas_become_ascii() {
        let narrowed = narrow(&regex_syntax::parse(r"\s*[，,]\s").unwrap(), &away());
        assert_eq!(
            narrowed,
            regex_syntax::parse(r"[\t-\r ]*,[\t-\r ]").unwrap()
        );
    }

    #[test]
    fn large_classes_stay_whole() {
        for pattern in [r"[^A-Za-z0-9-]", r"\S", r"[^)]", r"[零〇一二]", r"\w"] {
            let hir = regex_syntax::parse(pattern).unwrap();
            assert_eq!(narrow(&hir, &away()), hir, "{pattern}");
        }
    }

    /// `\s` may become ASCII only because the fold leaves no other white space.
    #[test]
    fn the_fold_leaves_only_ascii_white_space() {
        let away = away();
        for c in (0..=char::MAX as u32).filter_map(char::from_u32) {
            if c.is_whitespace() && !c.is_ascii() {
                let mut one = ClassUnicode::new([ClassUnicodeRange::new(c, c)]);
                one.difference(&away);
                assert!(
                    one.ranges().is_empty(),
                    "{c:?} is white space after the fold"
                );
            }
        }
    }
}
