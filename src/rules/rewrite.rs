//! Rewrites of a pattern, leaf by leaf ([`map_leaves`]), for the sieve, which runs every
//! pattern of a side in one lazy DFA over one text.
//!
//! A pattern written for text in ASCII lower case (`lowercase = true`) is rewritten to read the
//! text as it is: wherever it expects `a`, it accepts `a` or `A`; it never meets `A` itself,
//! which lower-casing removed. Lower-casing maps each byte to one byte, so the rewritten
//! pattern matches a text exactly where the pattern matches its lower case, at the same
//! offsets. A pattern with a Unicode word boundary, which a lazy DFA cannot read in non-ASCII
//! text, is loosened: without the boundaries, it matches wherever it did, and maybe more.

use regex_syntax::hir::{
    Capture, Class, ClassBytes, ClassBytesRange, ClassUnicode, ClassUnicodeRange, Hir, HirKind,
    LookSet, Repetition,
};

/// `hir` with each leaf (empty, literal, class, assertion) replaced by what `leaf` makes of it.
pub fn map_leaves(hir: &Hir, leaf: &dyn Fn(&Hir) -> Hir) -> Hir {
    match hir.kind() {
        HirKind::Repetition(r) => Hir::repetition(Repetition {
            sub: Box::new(map_leaves(&r.sub, leaf)),
            ..r.clone()
        }),
        HirKind::Capture(c) => Hir::capture(Capture {
            sub: Box::new(map_leaves(&c.sub, leaf)),
            ..c.clone()
        }),
        HirKind::Concat(subs) => Hir::concat(subs.iter().map(|s| map_leaves(s, leaf)).collect()),
        HirKind::Alternation(subs) => {
            Hir::alternation(subs.iter().map(|s| map_leaves(s, leaf)).collect())
        }
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) | HirKind::Look(_) => leaf(hir),
    }
}

/// `hir`, rewritten to match a text where `hir` matches the text's ASCII lower case.
pub fn unlowered(hir: &Hir) -> Hir {
    map_leaves(hir, &|leaf| match leaf.kind() {
        HirKind::Literal(literal) => literal_of(&literal.0),
        HirKind::Class(Class::Unicode(class)) => Hir::class(Class::Unicode(unicode(class))),
        HirKind::Class(Class::Bytes(class)) => Hir::class(Class::Bytes(bytes(class))),
        _ => leaf.clone(),
    })
}

/// `hir` without its Unicode word-boundary assertions. Without an assertion a pattern
/// matches wherever it did, and maybe more.
pub fn loosened(hir: &Hir) -> Hir {
    map_leaves(hir, &|leaf| match leaf.kind() {
        HirKind::Look(look) if LookSet::singleton(*look).contains_word_unicode() => Hir::empty(),
        _ => leaf.clone(),
    })
}

/// A literal: runs of bytes that lower-casing keeps as they are, and a two-letter class for
/// each lower-case letter. A literal with an upper-case letter never matches lowered text.
fn literal_of(bytes: &[u8]) -> Hir {
    if bytes.iter().any(u8::is_ascii_uppercase) {
        return Hir::fail();
    }
    let mut parts = Vec::new();
    let mut run = Vec::new();
    for &b in bytes {
        if b.is_ascii_lowercase() {
            if !run.is_empty() {
                parts.push(Hir::literal(std::mem::take(&mut run)));
            }
            let upper = char::from(b.to_ascii_uppercase());
            parts.push(Hir::class(Class::Unicode(ClassUnicode::new([
                ClassUnicodeRange::new(upper, upper),
                ClassUnicodeRange::new(char::from(b), char::from(b)),
            ]))));
        } else {
            run.push(b);
        }
    }
    if !run.is_empty() {
        parts.push(Hir::literal(run));
    }
    Hir::concat(parts)
}

/// The characters whose lower case is in `class`: its own, less the upper-case letters, and
/// the upper case of its lower-case letters.
fn unicode(class: &ClassUnicode) -> ClassUnicode {
    let upper = ClassUnicode::new([ClassUnicodeRange::new('A', 'Z')]);
    let mut lower = class.clone();
    lower.intersect(&ClassUnicode::new([ClassUnicodeRange::new('a', 'z')]));
    let mut out = class.clone();
    out.difference(&upper);
    out.union(&ClassUnicode::new(lower.iter().map(|r| {
        let shift = |c: char| char::from(c as u8 - b'a' + b'A');
        ClassUnicodeRange::new(shift(r.start()), shift(r.end()))
    })));
    out
}

/// As [`unicode`], for a class of bytes.
fn bytes(class: &ClassBytes) -> ClassBytes {
    let mut lower = class.clone();
    lower.intersect(&ClassBytes::new([ClassBytesRange::new(b'a', b'z')]));
    let mut out = class.clone();
    out.difference(&ClassBytes::new([ClassBytesRange::new(b'A', b'Z')]));
    out.union(&ClassBytes::new(lower.iter().map(|r| {
        ClassBytesRange::new(r.start().to_ascii_uppercase(), r.end().to_ascii_uppercase())
    })));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use regex_automata::meta::Regex;

    fn both(pattern: &str) -> (Regex, Regex) {
        let hir = regex_syntax::parse(pattern).unwrap();
        (
            Regex::builder().build_from_hir(&hir).unwrap(),
            Regex::builder().build_from_hir(&unlowered(&hir)).unwrap(),
        )
    }

    fn matches(regex: &Regex, text: &str) -> Vec<(usize, usize)> {
        regex
            .find_iter(text)
            .map(|m| (m.start(), m.end()))
            .collect()
    }

    #[test]
    fn letters_match_in_either_case_and_upper_case_never() {
        let (_, re) = both(r"(?:first|2nd) session");
        assert_eq!(
            matches(&re, "the First SESSION, the 2nd session"),
            [(4, 17), (23, 34)]
        );
        let (_, re) = both(r"[A-Z][a-z]+");
        assert!(matches(&re, "Hello world").is_empty());
        let (_, re) = both(r"Hello");
        assert!(matches(&re, "Hello hello").is_empty());
        let (_, re) = both(r"[^a-z ]+");
        assert_eq!(matches(&re, "ab CD 12 第三"), [(6, 8), (9, 15)]);
    }

    const PIECES: &[&str] = &[
        "a",
        "b",
        "z",
        "A",
        "Q",
        "ab",
        "Sec",
        "[a-c]",
        "[A-C]",
        "[^a-z]",
        "[^A-Z]",
        "[a-zA-Z]",
        "[0-9]",
        "\\s",
        "\\b",
        "(?-u:\\b)",
        "^",
        "$",
        ".",
        "第",
        "[一二]",
        "x+",
        "(?:one|Two)",
        "(?i:ab)",
        "([a-z]{1,2})",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        /// Where the rewritten pattern matches a text, the pattern matches its lower case.
        #[test]
        fn it_matches_where_the_pattern_matches_the_lower_case(
            pieces in proptest::collection::vec(0..PIECES.len(), 1..5),
            text in "[aAbBcCzZqQ0-9 .第一二三]{0,16}",
        ) {
            let pattern: String = pieces.iter().map(|&i| PIECES[i]).collect();
            let (plain, rewritten) = both(&pattern);
            prop_assert_eq!(
                matches(&plain, &text.to_ascii_lowercase()),
                matches(&rewritten, &text),
                "pattern {}", pattern
            );
        }
    }
}
