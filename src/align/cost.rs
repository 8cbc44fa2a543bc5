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

pub(super) fn bead_cost(en: Window, zh: Window, ratio: f64) -> f64 {
    let (en_fs, zh_fs) = (en.fs, zh.fs);
    if en_fs.is_empty() || zh_fs.is_empty() {
        return SKIP;
    }
    let merged = en_fs.len() + zh_fs.len() > 2;
    let extra = (en_fs.len() + zh_fs.len()).saturating_sub(2) as f64;
    let mut cost = length_cost(en.len, zh.len, ratio) + MERGE * extra;
    let (a, b) = (en.anchors, zh.anchors);
    let shared = shared_count(a, b);
    cost +=
        SHARED_ANCHOR * shared as f64 + UNSHARED_ANCHOR * (a.len() + b.len() - 2 * shared) as f64;
    // Shared names are evidence; a name kept in one version only is not (it may be translated).
    cost += SHARED_ANCHOR * shared_count(en.names, zh.names) as f64;
    let (e_last, z_last) = (&en_fs[en_fs.len() - 1], &zh_fs[zh_fs.len() - 1]);
    cost += if e_last.end == z_last.end {
        SAME_END
    } else {
        OTHER_END
    };
    let parens = |fs: &[Features]| fs.iter().map(|f| f.parens as usize).sum::<usize>();
    cost += OTHER_PARENS * parens(en_fs).abs_diff(parens(zh_fs)).min(3) as f64;
    let (e0, z0) = (&en_fs[0], &zh_fs[0]);
    if !e0.openers.is_empty() && !z0.openers.is_empty() {
        cost += if e0.openers.iter().any(|o| z0.openers.contains(o)) {
            SAME_OPENER
        } else {
            OTHER_OPENER
        };
    }
    let (ne, nz) = (en.numbered, zh.numbered);
    if ne > 0 && nz > 0 {
        cost += if numbers(en_fs).eq(numbers(zh_fs)) {
            SAME_NUMBER
        } else {
            OTHER_NUMBER
        };
    }
    if merged {
        let later = en_fs[1..].iter().chain(&zh_fs[1..]);
        cost += MERGED_OPENER * later.filter(|f| !f.openers.is_empty()).count() as f64;
        // A paragraph whose dates, numbers and names the other version does not have is not
        // the other half of a paragraph there.
        let (many, other) = if en_fs.len() > 1 {
            (en_fs, b)
        } else {
            (zh_fs, a)
        };
        let alone = many.iter().filter(|f| {
            !f.anchors.is_empty() && f.anchors.iter().all(|x| other.binary_search(x).is_err())
        });
        cost += MERGED_OPENER * alone.count() as f64;
        // Two whole paragraphs run together are rare in translation; a heading or a fragment
        // ("Now, therefore,") set apart in one version is common.
        let scale = if en_fs.len() > 1 { 1.0 } else { ratio };
        let whole = many
            .iter()
            .filter(|f| f.len * scale >= WHOLE_PARAGRAPH)
            .count();
        cost += WHOLE_MERGE * whole.saturating_sub(1) as f64;
        // What is set apart and run into the next paragraph ends with a comma ("Now,
        // therefore,"); a heading or a short sentence stands on its own.
        let apart = many
            .iter()
            .filter(|f| f.len * scale < WHOLE_PARAGRAPH && f.end != End::Comma)
            .count();
        cost += MERGED_HEADING * apart as f64;
    }
    if merged && (ne > 1 || nz > 1) {
        // Two numbered paragraphs are never one.
        cost += SKIP * 2.0;
    }
    cost
}

/// What a bead costs at least: [`bead_cost`] with its length term bounded without a square
/// root or a logarithm ([`length_floor`]), and with each term that depends on more than counts
/// at its lowest. Most of the moves into a cell cost more than the best one found so far, and
/// this tells so at a fraction of the cost.
pub(super) fn bead_floor(en: Window, zh: Window, ratio: f64) -> f64 {
    let (en_fs, zh_fs) = (en.fs, zh.fs);
    if en_fs.is_empty() || zh_fs.is_empty() {
        return SKIP;
    }
    let extra = (en_fs.len() + zh_fs.len()).saturating_sub(2) as f64;
    let (a, b) = (en.anchors.len(), zh.anchors.len());
    // Shared anchors lower the cost; at most the fewer side's anchors are shared.
    let shared = a.min(b) as f64;
    let mut floor = length_floor(en.len, zh.len, ratio)
        + MERGE * extra
        + SHARED_ANCHOR * shared
        + UNSHARED_ANCHOR * ((a + b) as f64 - 2.0 * shared)
        + SHARED_ANCHOR * en.names.len().min(zh.names.len()) as f64;
    floor += if en_fs[en_fs.len() - 1].end == zh_fs[zh_fs.len() - 1].end {
        SAME_END
    } else {
        OTHER_END
    };
    if !en_fs[0].openers.is_empty() && !zh_fs[0].openers.is_empty() {
        floor += SAME_OPENER;
    }
    let (ne, nz) = (en.numbered, zh.numbered);
    if ne > 0 && nz > 0 {
        floor += SAME_NUMBER;
    }
    if extra > 0.0 && (ne > 1 || nz > 1) {
        floor += SKIP * 2.0;
    }
    floor
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
