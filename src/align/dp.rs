//! A Gale–Church style alignment of one run of paragraphs, with anchors.
//!
//! The cost of pairing paragraphs combines (a) how plausible their lengths are for a
//! translation, measured on text with dates, symbols and digits removed, (b) the dates,
//! symbols, markers and Latin names they share or do not share, (c) whether they open with
//! corresponding words (Recalling ↔ 回顾), (d) their paragraph numbers and (e) how they end
//! and their parentheses, which tell a heading from a sentence. When the runs differ in
//! length, the ratio of lengths is measured again on the paragraphs paired one to one. Beads
//! are 1-1, 1-0, 0-1, 2-1, 1-2, 3-1 and 1-3 (the Universal Declaration's "Now, therefore, /
//! The General Assembly / Proclaims …" is one paragraph in Chinese). On the seed resolution
//! this places every single deleted preambular paragraph correctly, where a sequence diff
//! blames a neighbour (see tests/alignment.rs).
//!
//! This module holds the dynamic programme over a band around the diagonal; the paragraphs'
//! features are in `features.rs`, what a bead costs in `cost.rs`.

use std::collections::HashMap;

use super::cost::*;
use super::features::*;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bead {
    pub en: usize,
    pub zh: usize,
    /// For a paragraph without counterpart: the positions in its run of every nearby
    /// paragraph whose being the one left out explains the two versions almost as well. When
    /// neighbours carry neither dates, numbers nor names, the alignment cannot tell them apart,
    /// and a finding names them all rather than guess.
    pub alternatives: Vec<usize>,
}

/// How much worse than the best alignment an alternative may be and still be named.
const MARGIN: f64 = 3.0;
/// How far from the chosen paragraph alternatives are looked for.
const NEARBY: usize = 4;
/// The most cells the alignment of one run fills, bounding its time and memory (issue #5).
const MAX_CELLS: usize = 8_000_000;
/// The narrowest band, in cells on each side of the diagonal.
const MIN_MARGIN: usize = 8;

/// Aligns two runs; the beads cover both runs in order.
pub fn align(en: &[Features], zh: &[Features]) -> Vec<Bead> {
    let (n, m) = (en.len(), zh.len());
    if n == 0 || m == 0 {
        return (0..n)
            .map(|_| Bead {
                en: 1,
                zh: 0,
                alternatives: Vec::new(),
            })
            .chain((0..m).map(|_| Bead {
                en: 0,
                zh: 1,
                alternatives: Vec::new(),
            }))
            .collect();
    }
    let (en, zh) = (Run::new(en), Run::new(zh));
    let ratio = length_ratio(
        en.fs.iter().map(|f| f.len).sum(),
        zh.fs.iter().map(|f| f.len).sum(),
    );
    let beads = solve(&en, &zh, ratio);
    if n == m {
        return beads;
    }
    // The paragraphs without counterpart weigh on the ratio of the lengths: in a short run, a
    // third too much text on one side. Measured again on the paragraphs paired one to one,
    // it places them better.
    let (mut i, mut j, mut paired_en, mut paired_zh) = (0, 0, 0.0, 0.0);
    for b in &beads {
        if (b.en, b.zh) == (1, 1) {
            paired_en += en.fs[i].len;
            paired_zh += zh.fs[j].len;
        }
        i += b.en;
        j += b.zh;
    }
    if paired_en > 0.0 && paired_zh > 0.0 {
        solve(&en, &zh, length_ratio(paired_en, paired_zh))
    } else {
        beads
    }
}

/// English letters per Chinese character, as measured; a typical value where nothing is.
fn length_ratio(en: f64, zh: f64) -> f64 {
    if zh > 0.0 && en > 0.0 {
        (en / zh).clamp(0.2, 10.0)
    } else {
        LETTERS_PER_HAN
    }
}

/// One side's paragraphs, with the anchors and names of every two and three consecutive
/// paragraphs merged and sorted once: merges are weighed at every cell of the alignment.
struct Run<'a> {
    fs: &'a [Features],
    /// `[k - 2][i]`: the anchors of paragraphs `i + 1 - k ..= i`, for a merge of `k`.
    anchors: [Vec<Vec<u64>>; 2],
    names: [Vec<Vec<u64>>; 2],
}

/// Where a paragraph keeps a sorted list of hashes.
type Field = fn(&Features) -> &Vec<u64>;

impl<'a> Run<'a> {
    fn new(fs: &'a [Features]) -> Run<'a> {
        let merged = |of: Field, k: usize| -> Vec<Vec<u64>> {
            (0..fs.len())
                .map(|i| {
                    let mut all: Vec<u64> = fs[(i + 1).saturating_sub(k)..=i]
                        .iter()
                        .flat_map(|f| of(f).iter().copied())
                        .collect();
                    all.sort_unstable();
                    all
                })
                .collect()
        };
        let (anchors, names): (Field, Field) = (|f| &f.anchors, |f| &f.names);
        Run {
            fs,
            anchors: [merged(anchors, 2), merged(anchors, 3)],
            names: [merged(names, 2), merged(names, 3)],
        }
    }

    /// `[end][len]`: [`Run::window`] for every end and every length up to 3 that fits (an
    /// empty window where it does not), computed once for all the cells of a row or column.
    fn windows(&self) -> Vec<[Window<'_>; 4]> {
        (0..=self.fs.len())
            .map(|end| std::array::from_fn(|len| self.window(end, len.min(end))))
            .collect()
    }

    /// Paragraphs `end - len .. end`.
    fn window(&self, end: usize, len: usize) -> Window<'_> {
        let fs = &self.fs[end - len..end];
        let (anchors, names): (&[u64], &[u64]) = match len {
            0 => (&[], &[]),
            1 => (&fs[0].anchors, &fs[0].names),
            _ => (
                &self.anchors[len - 2][end - 1],
                &self.names[len - 2][end - 1],
            ),
        };
        Window {
            fs,
            anchors,
            names,
            len: fs.iter().map(|f| f.len).sum(),
            numbered: numbers(fs).count(),
        }
    }
}

/// The cells of the alignment that are filled: a band around the straight line from (0, 0)
/// to (n, m), `width` cells to each side, stored row after row in one table. Each row's
/// first and last column are computed once: the moves into every cell look them up.
#[derive(Debug, Clone)]
struct Band {
    n: usize,
    m: usize,
    /// Per row: its first column, its last, and where it starts in the table.
    rows: Vec<Row>,
}

#[derive(Debug, Clone, Copy)]
struct Row {
    lo: usize,
    hi: usize,
    at: usize,
}

impl Band {
    fn new(n: usize, m: usize, width: usize) -> Band {
        let mut at = 0;
        let rows = (0..=n)
            .map(|i| {
                let centre = i * m / n;
                let (lo, hi) = (centre.saturating_sub(width), (centre + width).min(m));
                let row = Row { lo, hi, at };
                at += hi - lo + 1;
                row
            })
            .collect();
        Band { n, m, rows }
    }

    /// Where cell (i, j) is in the table, if the band holds it.
    fn idx(&self, i: usize, j: usize) -> Option<usize> {
        let row = self.rows[i];
        (j >= row.lo && j <= row.hi).then(|| row.at + j - row.lo)
    }

    /// Whether (i, j) is within `margin` cells of an edge of the band that is not an edge of
    /// the whole table: a path there may have been kept from a better one outside.
    fn near_edge(&self, i: usize, j: usize, margin: usize) -> bool {
        let row = self.rows[i];
        (row.lo > 0 && j < row.lo + margin) || (row.hi < self.m && j + margin > row.hi)
    }

    /// A table of the band's cells, each set to `fill`.
    fn table<T: Clone>(&self, fill: T) -> Vec<T> {
        let last = self.rows[self.n];
        vec![fill; last.at + last.hi - last.lo + 1]
    }
}

/// How close to an edge of the band the best path may come before the band is widened.
const EDGE: usize = 4;

/// The cheapest beads for one ratio of lengths.
fn solve(en: &Run, zh: &Run, ratio: f64) -> Vec<Bead> {
    let (n, m) = (en.fs.len(), zh.fs.len());
    // A band around the diagonal keeps long runs linear; it always contains the corner. It
    // starts as wide as the difference in length plus a margin, so that a run of missing
    // paragraphs can sit anywhere, and wide enough to hold every pair of paragraphs that
    // alone share a date, symbol, name or number, which pull the path hardest. It doubles
    // while the best path comes near one of its edges, up to 60 cells more — unless that
    // would pass MAX_CELLS: then it narrows, but never below what keeps the band connected
    // (a step of the centre line plus a margin). 10,000 paragraphs against 100 would
    // otherwise fill 2·10⁸ cells.
    let connected = m.div_ceil(n) + MIN_MARGIN;
    let widest = (60 + n.abs_diff(m))
        .min(MAX_CELLS / (n + 1) / 2)
        .max(connected);
    let mut width = (n.abs_diff(m) + MIN_MARGIN)
        .max(reach(en, zh) + EDGE + 1)
        .max(connected)
        .min(widest);
    loop {
        let band = Band::new(n, m, width);
        let (cost, back) = fill(en, zh, ratio, &band);
        let path = trace(&back, &band);
        let cramped = path.iter().any(|&(i, j, _, _)| band.near_edge(i, j, EDGE));
        if !cramped || width == widest {
            return beads(en, zh, ratio, &band, &cost, path);
        }
        width = (width * 2).min(widest);
    }
}

/// How far from the centre line of the band the pairs of paragraphs lie that share what no
/// other paragraph of either run has: an anchor, a name or a paragraph number.
fn reach(en: &Run, zh: &Run) -> usize {
    let (n, m) = (en.fs.len(), zh.fs.len());
    // Per key: (paragraphs of each side that have it, the last of each).
    let mut seen: HashMap<u64, [(u32, usize); 2]> = HashMap::new();
    for (side, run) in [en, zh].into_iter().enumerate() {
        for (i, f) in run.fs.iter().enumerate() {
            let number = f.number.as_deref().map(hash_of);
            let mut keys: Vec<u64> = f.anchors.iter().chain(&f.names).copied().collect();
            keys.extend(number);
            keys.sort_unstable();
            keys.dedup();
            for key in keys {
                let entry = &mut seen.entry(key).or_default()[side];
                *entry = (entry.0 + 1, i);
            }
        }
    }
    seen.values()
        .filter(|[e, z]| e.0 == 1 && z.0 == 1)
        .map(|[(_, i), (_, j)]| (i * m / n).abs_diff(*j))
        .max()
        .unwrap_or(0)
}

/// The cheapest cost of reaching each cell of the band, and the move that reaches it: of the
/// cheapest moves, the first in [`MOVES`]. The moves are weighed skips first, whose cost is
/// known at once, so that the floor spares the other moves' costs wherever a skip is
/// cheaper — in a run of paragraphs without counterpart, almost everywhere.
fn fill(en: &Run, zh: &Run, ratio: f64, band: &Band) -> (Vec<f64>, Vec<(u8, u8)>) {
    let mut cost = band.table(f64::INFINITY);
    let mut back = band.table((0u8, 0u8));
    cost[0] = 0.0;
    let (en_windows, zh_windows) = (en.windows(), zh.windows());
    for (i, row) in band.rows.iter().enumerate() {
        let ew = &en_windows[i];
        for j in row.lo..=row.hi {
            if i == 0 && j == 0 {
                continue;
            }
            let zw = &zh_windows[j];
            let mut best = f64::INFINITY;
            let mut from = (0, 0);
            let mut from_index = usize::MAX;
            for k in WEIGHING_ORDER {
                let (di, dj) = MOVES[k];
                if di > i || dj > j {
                    continue;
                }
                let Some(prev) = band.idx(i - di, j - dj) else {
                    continue;
                };
                let c = cost[prev];
                if !c.is_finite() {
                    continue;
                }
                let c = if di == 0 || dj == 0 {
                    c + SKIP
                } else {
                    let (e, z) = (ew[di], zw[dj]);
                    // Strictly above: a move that can only tie is weighed, as the first move
                    // in MOVES wins a tie.
                    if c + bead_floor(e, z, ratio) > best + FLOOR_MARGIN {
                        continue;
                    }
                    c + bead_cost(e, z, ratio)
                };
                if c < best || (c == best && k < from_index) {
                    best = c;
                    from = (di as u8, dj as u8);
                    from_index = k;
                }
            }
            cost[row.at + j - row.lo] = best;
            back[row.at + j - row.lo] = from;
        }
    }
    (cost, back)
}

/// The order in which [`fill`] and [`skip_costs`] weigh [`MOVES`]: the two skips first.
const WEIGHING_ORDER: [usize; 7] = [1, 2, 0, 3, 4, 5, 6];

/// The beads of the best path, as (start in English, start in Chinese, English paragraphs,
/// Chinese paragraphs), in order.
fn trace(back: &[(u8, u8)], band: &Band) -> Vec<(usize, usize, usize, usize)> {
    let mut beads = Vec::new();
    let (mut i, mut j) = (band.n, band.m);
    while i > 0 || j > 0 {
        let (di, dj) = back[band.idx(i, j).expect("path stays in the band")];
        if (di, dj) == (0, 0) {
            break;
        }
        i -= di as usize;
        j -= dj as usize;
        beads.push((i, j, di as usize, dj as usize));
    }
    beads.reverse();
    beads
}

/// The beads of a path, with the alternatives of each paragraph left without counterpart.
fn beads(
    en: &Run,
    zh: &Run,
    ratio: f64,
    band: &Band,
    cost: &[f64],
    path: Vec<(usize, usize, usize, usize)>,
) -> Vec<Bead> {
    let has_skips = path.iter().any(|b| b.2 == 0 || b.3 == 0);
    let alternatives = if has_skips {
        skip_costs(en, zh, ratio, cost, band)
    } else {
        (Vec::new(), Vec::new())
    };
    let best = cost[band.idx(band.n, band.m).expect("the corner is in the band")];
    path.into_iter()
        .map(|(i, j, di, dj)| {
            let near = |at: usize, costs: &[f64]| -> Vec<usize> {
                (at.saturating_sub(NEARBY)..(at + NEARBY + 1).min(costs.len()))
                    .filter(|&k| k == at || costs[k] <= best + MARGIN)
                    .collect()
            };
            let alternatives = match (di, dj) {
                (1, 0) => near(i, &alternatives.0),
                (0, 1) => near(j, &alternatives.1),
                _ => Vec::new(),
            };
            Bead {
                en: di,
                zh: dj,
                alternatives,
            }
        })
        .collect()
}

/// For each paragraph of each side, the cost of the best alignment that leaves it without
/// counterpart: forward cost to its place, plus the skip, plus the backward cost of the rest.
fn skip_costs(
    en: &Run,
    zh: &Run,
    ratio: f64,
    forward: &[f64],
    band: &Band,
) -> (Vec<f64>, Vec<f64>) {
    let (n, m) = (band.n, band.m);
    let mut backward = band.table(f64::INFINITY);
    if let Some(corner) = band.idx(n, m) {
        backward[corner] = 0.0;
    }
    let (en_windows, zh_windows) = (en.windows(), zh.windows());
    for (i, row) in band.rows.iter().enumerate().rev() {
        for j in (row.lo..=row.hi).rev() {
            if i == n && j == m {
                continue;
            }
            let mut best = f64::INFINITY;
            // Skips first, as in `fill`; only the least cost counts here.
            for k in WEIGHING_ORDER {
                let (di, dj) = MOVES[k];
                if i + di > n || j + dj > m {
                    continue;
                }
                let Some(next) = band.idx(i + di, j + dj) else {
                    continue;
                };
                let c = backward[next];
                if !c.is_finite() {
                    continue;
                }
                if di == 0 || dj == 0 {
                    best = best.min(c + SKIP);
                    continue;
                }
                let (e, z) = (en_windows[i + di][di], zh_windows[j + dj][dj]);
                if c + bead_floor(e, z, ratio) < best + FLOOR_MARGIN {
                    best = best.min(c + bead_cost(e, z, ratio));
                }
            }
            backward[row.at + j - row.lo] = best;
        }
    }
    let mut en_skip = vec![f64::INFINITY; n];
    let mut zh_skip = vec![f64::INFINITY; m];
    for (i, row) in band.rows.iter().enumerate() {
        for j in row.lo..=row.hi {
            let f = forward[row.at + j - row.lo];
            if !f.is_finite() {
                continue;
            }
            if i < n
                && let Some(next) = band.idx(i + 1, j)
            {
                en_skip[i] = en_skip[i].min(f + SKIP + backward[next]);
            }
            if j < m
                && let Some(next) = band.idx(i, j + 1)
            {
                zh_skip[j] = zh_skip[j].min(f + SKIP + backward[next]);
            }
        }
    }
    (en_skip, zh_skip)
}

const MOVES: [(usize, usize); 7] = [(1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (3, 1), (1, 3)];

#[cfg(test)]
mod tests {
    use super::*;

    fn f(len: f64) -> Features {
        Features {
            len,
            ..Default::default()
        }
    }

    #[test]
    fn equal_runs_align_one_to_one() {
        let en = [f(400.0), f(120.0), f(800.0)];
        let zh = [f(100.0), f(30.0), f(200.0)];
        assert!(align(&en, &zh).iter().all(|b| (b.en, b.zh) == (1, 1)));
    }

    #[test]
    fn shared_anchors_decide_which_paragraph_is_missing() {
        // Two paragraphs of equal length; only the anchors tell which one Chinese lacks.
        let anchored = |len, a: u64| Features {
            len,
            anchors: vec![a],
            ..Default::default()
        };
        let en = [
            anchored(400.0, 1),
            anchored(300.0, 2),
            anchored(300.0, 3),
            anchored(500.0, 4),
        ];
        let zh = [anchored(100.0, 1), anchored(75.0, 3), anchored(125.0, 4)];
        let beads = align(&en, &zh);
        assert_eq!((beads[1].en, beads[1].zh), (1, 0), "{beads:?}");
    }

    /// Runs of equal length get a narrow band, unless paragraphs that share an anchor lie
    /// outside it: here twelve Chinese paragraphs are missing at the start and twelve others
    /// are extra at the end, and the band holds the pairs twelve cells off the diagonal.
    #[test]
    fn the_band_holds_the_paragraphs_that_share_anchors() {
        let anchored = |a: u64| Features {
            len: 100.0 + (a % 7) as f64 * 40.0,
            anchors: vec![a],
            ..Default::default()
        };
        let en: Vec<Features> = (0..40).map(anchored).collect();
        let zh: Vec<Features> = (12..52)
            .map(|a| Features {
                len: anchored(a).len / 3.5,
                ..anchored(a)
            })
            .collect();
        let beads = align(&en, &zh);
        let shape: Vec<(usize, usize)> = beads.iter().map(|b| (b.en, b.zh)).collect();
        let expected: Vec<(usize, usize)> = std::iter::repeat_n((1, 0), 12)
            .chain(std::iter::repeat_n((1, 1), 28))
            .chain(std::iter::repeat_n((0, 1), 12))
            .collect();
        assert_eq!(shape, expected);
    }

    #[test]
    fn every_basic_cjk_ideograph_is_alphabetic() {
        assert!(('\u{4E00}'..='\u{9FFF}').all(|c| c.is_alphabetic()));
    }

    #[test]
    fn names_are_latin_tokens_with_two_capitals() {
        assert_eq!(
            Scan::of("联合国利比亚支助团(UNSMIL)与UF6和Ab、CIC").names,
            {
                let mut v = vec![
                    hash_of(&b"UNSMIL"[..]),
                    hash_of(&b"UF6"[..]),
                    hash_of(&b"CIC"[..]),
                ];
                v.sort_unstable();
                v
            }
        );
    }

    #[test]
    fn identifiers_of_code_are_names() {
        let mut want = vec![hash_of(&b"page_size"[..]), hash_of(&b"remote_addrs"[..])];
        want.sort_unstable();
        assert_eq!(
            Scan::of("每页 page_size 与 remote_addrs，不含 _x 或 a_").names,
            want
        );
    }

    /// The length floor never exceeds the length cost. Both grow with the deviate, so on a grid
    /// of steps it is enough that the cost at each step is at least the floor at the next.
    #[test]
    fn the_length_floor_is_below_the_length_cost() {
        let floor = |x: f64| tail_floor(x * x);
        let step = 1e-4;
        for k in 0..400_000 {
            let (a, b) = (k as f64 * step, (k + 1) as f64 * step);
            assert!(
                tail_cost(a) <= tail_cost(b) + 1e-12,
                "the cost falls at {a}"
            );
            assert!(
                tail_cost(a) + FLOOR_MARGIN >= floor(b),
                "floor above cost at {a}"
            );
        }
        assert_eq!(floor(1e9), LENGTH_FLOOR_CAP);
        assert!(tail_cost(1e9) >= LENGTH_FLOOR_CAP);
    }

    #[test]
    fn cdf_is_sane() {
        assert!((normal_cdf(0.0) - 0.5).abs() < 1e-6);
        assert!((normal_cdf(1.96) - 0.975).abs() < 1e-3);
    }

    fn arbitrary_features() -> impl proptest::strategy::Strategy<Value = Features> {
        use proptest::prelude::*;
        let hashes = || proptest::collection::vec(0u64..6, 0..4);
        let end = prop_oneof![
            Just(End::Stop),
            Just(End::Comma),
            Just(End::Colon),
            Just(End::Bare)
        ];
        (
            0.0..500.0f64,
            hashes(),
            hashes(),
            proptest::collection::vec(0usize..3, 0..2),
            proptest::option::of(0u8..3),
            end,
            0u16..3,
        )
            .prop_map(
                |(len, mut anchors, mut names, openers, number, end, parens)| {
                    anchors.sort_unstable();
                    names.sort_unstable();
                    names.dedup();
                    Features {
                        len,
                        anchors,
                        openers,
                        number: number.map(|n| n.to_string()),
                        names,
                        end,
                        parens,
                    }
                },
            )
    }

    proptest::proptest! {
        /// Counted by runs, the letters and parentheses are the per-character ones.
        #[test]
        fn letters_and_parens_count_each_character(text in "[a-zA-Z0-9 ,()（）é中文。ɏ]{0,40}") {
            let letters = text.chars().filter(|c| c.is_alphabetic()).count();
            let parens = text.chars().filter(|c| matches!(c, '(' | '（')).count();
            let scan = Scan::of(&text);
            proptest::prop_assert_eq!((scan.letters, scan.parens), (letters, parens));
            proptest::prop_assert_eq!(self::letters(&text), letters);
        }

        /// The byte scan finds the tokens that splitting at every other byte finds.
        #[test]
        fn names_are_the_tokens_split_at_other_bytes(text in "[a-zA-Z0-9 ,()ÉÀé中文。-]{0,40}") {
            let mut split: Vec<u64> = text
                .as_bytes()
                .split(|b| !b.is_ascii_alphanumeric())
                .filter(|t| {
                    t.len() >= 2
                        && t[0].is_ascii_uppercase()
                        && t.iter().filter(|b| b.is_ascii_uppercase()).count() >= 2
                })
                .map(hash_of)
                .collect();
            split.sort_unstable();
            split.dedup();
            proptest::prop_assert_eq!(Scan::of(&text).names, split);
        }

        /// Past ten standard deviations the length cost is its cap, as computed in full.
        #[test]
        fn the_length_cost_is_capped_far_out(x in 10.0..1e6f64) {
            proptest::prop_assert_eq!(tail_cost(x), TAIL_CAP);
            proptest::prop_assert_eq!(tail_cost(-x), TAIL_CAP);
        }

        /// The floor that lets the alignment skip a move never exceeds the move's cost.
        #[test]
        fn no_bead_costs_less_than_its_floor(
            en in proptest::collection::vec(arbitrary_features(), 3..6),
            zh in proptest::collection::vec(arbitrary_features(), 3..6),
            ratio in 0.2..10.0f64,
        ) {
            let (en, zh) = (Run::new(&en), Run::new(&zh));
            for (di, dj) in MOVES {
                for i in di..=en.fs.len() {
                    for j in dj..=zh.fs.len() {
                        let (e, z) = (en.window(i, di), zh.window(j, dj));
                        let (floor, cost) = (bead_floor(e, z, ratio), bead_cost(e, z, ratio));
                        proptest::prop_assert!(
                            floor <= cost + FLOOR_MARGIN,
                            "{floor} > {cost} at ({i}, {j}), move ({di}, {dj})"
                        );
                    }
                }
            }
        }
    }
}
