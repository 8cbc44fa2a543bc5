//! What pairing paragraphs costs: a bead's cost ([`bead_cost`]) and a cheaper lower bound of
//! it ([`bead_floor`]) that lets the alignment skip most moves. The cost combines (a) how
//! plausible their lengths are for a translation (Gale & Church 1993), (b) the dates,
//! symbols, markers and Latin names they share or do not share, (c) whether they open with
//! corresponding words (Recalling ↔ 回顾), (d) their paragraph numbers and (e) how they end
//! and their parentheses, which tell a heading from a sentence.

use super::features::{End, Features};

pub(super) const SKIP: f64 = 6.0;
pub(super) const MERGE: f64 = 4.0;
/// A paragraph that opens with its own opener word is rarely the second half of another.
pub(super) const MERGED_OPENER: f64 = 3.0;
/// Cost of each further whole paragraph in a merge, and the English letters that make one.
pub(super) const WHOLE_MERGE: f64 = 3.0;
pub(super) const WHOLE_PARAGRAPH: f64 = 40.0;
pub(super) const MERGED_HEADING: f64 = 3.0;
pub(super) const SHARED_ANCHOR: f64 = -2.0;
pub(super) const UNSHARED_ANCHOR: f64 = 1.5;
pub(super) const SAME_OPENER: f64 = -3.0;
pub(super) const OTHER_OPENER: f64 = 1.0;
pub(super) const SAME_NUMBER: f64 = -8.0;
pub(super) const SAME_END: f64 = -0.5;
pub(super) const OTHER_END: f64 = 3.0;
/// Per parenthesis that one side has more of than the other, up to three.
pub(super) const OTHER_PARENS: f64 = 1.0;
pub(super) const OTHER_NUMBER: f64 = 4.0;
/// Variance per character of the English length around its expected value.
pub(super) const VARIANCE: f64 = 9.0;

/// The paragraphs of one side of a bead.
#[derive(Clone, Copy)]
pub(super) struct Window<'a> {
    pub(super) fs: &'a [Features],
    pub(super) anchors: &'a [u64],
    pub(super) names: &'a [u64],
    /// The paragraphs' letters, summed.
    pub(super) len: f64,
    /// How many of the paragraphs are numbered.
    pub(super) numbered: usize,
}

/// What pairing these paragraphs costs: the sum of [`TERMS`], in their order.
pub(super) fn bead_cost(en: Window, zh: Window, ratio: f64) -> f64 {
    weigh(en, zh, ratio, |term, bead| (term.cost)(bead))
}

/// What a bead costs at least: the sum of the floors of [`TERMS`], each a lower bound of its
/// term found at a fraction of its cost (the length term without a square root or a
/// logarithm, counts of shared things at their most). Most of the moves into a cell cost
/// more than the best one found so far, and this tells so.
pub(super) fn bead_floor(en: Window, zh: Window, ratio: f64) -> f64 {
    weigh(en, zh, ratio, |term, bead| (term.floor)(bead))
}

fn weigh(en: Window, zh: Window, ratio: f64, part: impl Fn(&Term, &Bead) -> f64) -> f64 {
    if en.fs.is_empty() || zh.fs.is_empty() {
        return SKIP;
    }
    let bead = Bead { en, zh, ratio };
    TERMS.iter().fold(0.0, |sum, term| sum + part(term, &bead))
}

/// The paragraphs of both sides of a bead, and the ratio of their lengths.
struct Bead<'a> {
    en: Window<'a>,
    zh: Window<'a>,
    ratio: f64,
}

impl Bead<'_> {
    /// How many paragraphs the bead holds beyond one on each side.
    fn extra(&self) -> f64 {
        (self.en.fs.len() + self.zh.fs.len()).saturating_sub(2) as f64
    }

    /// For a merge: the side with several paragraphs, the other side's anchors, and the
    /// scale of the several paragraphs' lengths to English letters.
    fn merge(&self) -> Option<(&[Features], &[u64], f64)> {
        match (self.en.fs.len() > 1, self.zh.fs.len() > 1) {
            (true, _) => Some((self.en.fs, self.zh.anchors, 1.0)),
            (false, true) => Some((self.zh.fs, self.en.anchors, self.ratio)),
            (false, false) => None,
        }
    }

    /// Whether both sides open with opener words.
    fn both_open(&self) -> bool {
        !self.en.fs[0].openers.is_empty() && !self.zh.fs[0].openers.is_empty()
    }

    fn both_numbered(&self) -> bool {
        self.en.numbered > 0 && self.zh.numbered > 0
    }

    fn anchors(&self, shared: usize) -> f64 {
        let unshared = self.en.anchors.len() + self.zh.anchors.len() - 2 * shared;
        SHARED_ANCHOR * shared as f64 + UNSHARED_ANCHOR * unshared as f64
    }
}

/// A term of what a bead costs, and its floor: at most the term, always, and cheaper to
/// tell. A term that is never negative may take [`NONE`] as its floor.
struct Term {
    cost: fn(&Bead) -> f64,
    floor: fn(&Bead) -> f64,
}

/// The floor of a term that is never negative.
const NONE: fn(&Bead) -> f64 = |_| 0.0;

/// Every term of a bead's cost, in the order they are added (which fixes its rounding). A
/// term that does not apply to a bead adds zero.
const TERMS: [Term; 13] = [
    // (a) How plausible the lengths are for a translation.
    Term {
        cost: |b| length_cost(b.en.len, b.zh.len, b.ratio),
        floor: |b| length_floor(b.en.len, b.zh.len, b.ratio),
    },
    // Each paragraph merged into another.
    Term {
        cost: |b| MERGE * b.extra(),
        floor: |b| MERGE * b.extra(),
    },
    // (b) Anchors (dates, symbols, markers) shared or not. Sharing lowers the cost more than
    // not sharing raises it, so the floor shares all that the fewer side has.
    Term {
        cost: |b| b.anchors(shared_count(b.en.anchors, b.zh.anchors)),
        floor: |b| b.anchors(b.en.anchors.len().min(b.zh.anchors.len())),
    },
    // Shared names are evidence; a name kept in one version only is not (it may be
    // translated).
    Term {
        cost: |b| SHARED_ANCHOR * shared_count(b.en.names, b.zh.names) as f64,
        floor: |b| SHARED_ANCHOR * b.en.names.len().min(b.zh.names.len()) as f64,
    },
    // (e) How the last paragraphs end.
    Term {
        cost: ends,
        floor: ends,
    },
    // (e) Parentheses one side has more of, up to three.
    Term {
        cost: |b| {
            let parens = |fs: &[Features]| fs.iter().map(|f| f.parens as usize).sum::<usize>();
            OTHER_PARENS * parens(b.en.fs).abs_diff(parens(b.zh.fs)).min(3) as f64
        },
        floor: NONE,
    },
    // (c) Opener words, where both sides have some.
    Term {
        cost: |b| match b.both_open() {
            false => 0.0,
            true if b.en.fs[0]
                .openers
                .iter()
                .any(|o| b.zh.fs[0].openers.contains(o)) =>
            {
                SAME_OPENER
            }
            true => OTHER_OPENER,
        },
        floor: |b| if b.both_open() { SAME_OPENER } else { 0.0 },
    },
    // (d) Paragraph numbers, where both sides have some.
    Term {
        cost: |b| match b.both_numbered() {
            false => 0.0,
            true if numbers(b.en.fs).eq(numbers(b.zh.fs)) => SAME_NUMBER,
            true => OTHER_NUMBER,
        },
        floor: |b| if b.both_numbered() { SAME_NUMBER } else { 0.0 },
    },
    // A merge: each later paragraph that opens with its own opener word is rarely the
    // second half of another.
    Term {
        cost: |b| {
            let later = || b.en.fs[1..].iter().chain(&b.zh.fs[1..]);
            match b.extra() > 0.0 {
                true => MERGED_OPENER * later().filter(|f| !f.openers.is_empty()).count() as f64,
                false => 0.0,
            }
        },
        floor: NONE,
    },
    // A merge: a paragraph whose dates, numbers and names the other version does not have
    // is not the other half of a paragraph there.
    Term {
        cost: |b| {
            let Some((many, other, _)) = b.merge() else {
                return 0.0;
            };
            let alone = many.iter().filter(|f| {
                !f.anchors.is_empty() && f.anchors.iter().all(|x| other.binary_search(x).is_err())
            });
            MERGED_OPENER * alone.count() as f64
        },
        floor: NONE,
    },
    // A merge: two whole paragraphs run together are rare in translation; a heading or a
    // fragment ("Now, therefore,") set apart in one version is common.
    Term {
        cost: |b| {
            let Some((many, _, scale)) = b.merge() else {
                return 0.0;
            };
            let whole = many.iter().filter(|f| f.len * scale >= WHOLE_PARAGRAPH);
            WHOLE_MERGE * whole.count().saturating_sub(1) as f64
        },
        floor: NONE,
    },
    // A merge: what is set apart and run into the next paragraph ends with a comma ("Now,
    // therefore,"); a heading or a short sentence stands on its own.
    Term {
        cost: |b| {
            let Some((many, _, scale)) = b.merge() else {
                return 0.0;
            };
            let apart = many
                .iter()
                .filter(|f| f.len * scale < WHOLE_PARAGRAPH && f.end != End::Comma);
            MERGED_HEADING * apart.count() as f64
        },
        floor: NONE,
    },
    // Two numbered paragraphs are never one.
    Term {
        cost: numbered_merge,
        floor: numbered_merge,
    },
];

fn ends(b: &Bead) -> f64 {
    let (en, zh) = (&b.en.fs[b.en.fs.len() - 1], &b.zh.fs[b.zh.fs.len() - 1]);
    if en.end == zh.end {
        SAME_END
    } else {
        OTHER_END
    }
}

fn numbered_merge(b: &Bead) -> f64 {
    if b.extra() > 0.0 && (b.en.numbered > 1 || b.zh.numbered > 1) {
        SKIP * 2.0
    } else {
        0.0
    }
}

/// How far below a floor rounding may put the cost it bounds: the length term can come out a
/// hair below zero, and the cost's terms are added in another order.
pub(super) const FLOOR_MARGIN: f64 = 1e-6;

pub(super) fn numbers(fs: &[Features]) -> impl Iterator<Item = &str> + Clone {
    fs.iter().filter_map(|f| f.number.as_deref())
}

pub(super) fn shared_count(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// −log of the two-sided tail probability of the length difference (Gale & Church 1993).
pub(super) fn length_cost(l_en: f64, l_zh: f64, ratio: f64) -> f64 {
    let (difference, variance) = length_difference(l_en, l_zh, ratio);
    // Ten standard deviations out, the tail is below 10⁻²²: the cost is its cap, told without
    // a square root, an exponential and a logarithm (most pairs weighed in a long run are).
    if difference * difference >= 100.0 * variance {
        return TAIL_CAP;
    }
    tail_cost(difference / variance.sqrt())
}

pub(super) const TAIL_CAP: f64 = 25.0;

/// How far the English length is from the length the Chinese one predicts, and the variance
/// of that difference.
pub(super) fn length_difference(l_en: f64, l_zh: f64, ratio: f64) -> (f64, f64) {
    let expected = ratio * l_zh;
    let mean = (l_en + expected) / 2.0;
    (l_en - expected, VARIANCE * mean + 1.0)
}

/// −log of the two-sided tail probability of a standard normal deviate, at most 25.
pub(super) fn tail_cost(delta: f64) -> f64 {
    let p = 2.0 * (1.0 - normal_cdf(delta.abs()));
    (-p.max(1e-12).ln()).min(TAIL_CAP)
}

/// A lower bound of [`length_cost`] without its square root and logarithm.
pub(super) fn length_floor(l_en: f64, l_zh: f64, ratio: f64) -> f64 {
    let (difference, variance) = length_difference(l_en, l_zh, ratio);
    tail_floor(difference * difference / variance)
}

/// A lower bound of [`tail_cost`] from the square of the deviate. The Chernoff bound gives
/// −ln(2(1 − Φ(x))) ≥ x²/2; the slope and the cap leave room for the approximation of Φ and
/// for the cost's own cap (a test checks the bound against [`tail_cost`]).
pub(super) fn tail_floor(squared: f64) -> f64 {
    (squared * LENGTH_FLOOR_SLOPE).min(LENGTH_FLOOR_CAP)
}

pub(super) const LENGTH_FLOOR_SLOPE: f64 = 0.45;
pub(super) const LENGTH_FLOOR_CAP: f64 = 24.0;

/// Standard normal CDF (Abramowitz & Stegun 26.2.17; error < 7.5e-8).
pub(super) fn normal_cdf(x: f64) -> f64 {
    let t = 1.0 / (1.0 + 0.231_641_9 * x.abs());
    let poly = t
        * (0.319_381_530
            + t * (-0.356_563_782
                + t * (1.781_477_937 + t * (-1.821_255_978 + t * 1.330_274_429))));
    let tail = (-x * x / 2.0).exp() / (2.0 * std::f64::consts::PI).sqrt() * poly;
    if x >= 0.0 { 1.0 - tail } else { tail }
}
