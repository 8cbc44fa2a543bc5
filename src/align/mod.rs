//! Alignment: English blocks ↔ Chinese blocks.
//!
//! Zones first: heading and signature lines are matched as groups, footnote bodies by number,
//! and the runs of paragraphs (preamble, operative part, or the whole body of a document without
//! a chapeau) by a monotone dynamic programme ([`run`]) whose costs combine paragraph length,
//! shared dates and symbols, opening words and paragraph numbers. A plain sequence diff would
//! blame the wrong paragraph when neighbours carry no numbers. Knows nothing of rules' ids or
//! of output.

mod cost;
mod dp;
mod features;

use std::collections::HashMap;

use crate::diagnostic::Side;
use crate::document::Document;
use crate::extract::Extraction;
use crate::rules::Opener;
use crate::structure::{BlockKind, Structure, Zone};

pub use dp::Bead;

/// One side of a pair as the aligner sees it.
pub struct SideInput<'a> {
    pub doc: &'a Document,
    pub structure: &'a Structure,
    pub extraction: &'a Extraction,
}

/// Aligned blocks. One side may be empty: a block without counterpart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    pub zone: Zone,
    pub en: Vec<usize>,
    pub zh: Vec<usize>,
    /// 1-based position in the zone's run of the first block of each side; for an empty side,
    /// the position its counterpart would have taken.
    pub en_pos: usize,
    pub zh_pos: usize,
    /// For a block without counterpart: the nearby blocks of its side that could as well be
    /// the one left out (itself included), when the alignment cannot tell them apart.
    pub alternatives: Vec<usize>,
}

impl Pair {
    pub fn blocks(&self, side: Side) -> &[usize] {
        match side {
            Side::En => &self.en,
            Side::Zh => &self.zh,
        }
    }

    pub fn pos(&self, side: Side) -> usize {
        match side {
            Side::En => self.en_pos,
            Side::Zh => self.zh_pos,
        }
    }

    /// Whether both sides have blocks, so their contents can be compared.
    pub fn is_matched(&self) -> bool {
        !self.en.is_empty() && !self.zh.is_empty()
    }
}

#[derive(Debug, Default)]
pub struct Alignment {
    pub pairs: Vec<Pair>,
}

pub fn align(en: &SideInput, zh: &SideInput, openers: &[Opener]) -> Alignment {
    let mut pairs = Vec::new();
    let structured = [Zone::Preamble, Zone::Operative]
        .iter()
        .any(|&z| en.structure.has_zone(z) && zh.structure.has_zone(z))
        && en.structure.has_zone(Zone::Heading) == zh.structure.has_zone(Zone::Heading);
    let blocks_of = |s: &SideInput, zones: &[Zone]| -> Vec<usize> {
        s.structure
            .blocks
            .iter()
            .enumerate()
            .filter(|(_, b)| zones.contains(&b.zone))
            .map(|(i, _)| i)
            .collect()
    };
    if structured {
        group(
            &mut pairs,
            Zone::Heading,
            blocks_of(en, &[Zone::Heading]),
            blocks_of(zh, &[Zone::Heading]),
        );
        for zone in [Zone::Preamble, Zone::Operative] {
            let e = blocks_of(en, &[zone]);
            let z = blocks_of(zh, &[zone]);
            aligned_run(&mut pairs, zone, &e, &z, en, zh, openers);
        }
        group(
            &mut pairs,
            Zone::Signature,
            blocks_of(en, &[Zone::Signature]),
            blocks_of(zh, &[Zone::Signature]),
        );
    } else {
        let zones = [
            Zone::Heading,
            Zone::Preamble,
            Zone::Operative,
            Zone::Signature,
            Zone::Body,
        ];
        let e = blocks_of(en, &zones);
        let z = blocks_of(zh, &zones);
        aligned_run(&mut pairs, Zone::Body, &e, &z, en, zh, openers);
    }
    moved(&mut pairs, en, zh);
    footnotes(&mut pairs, en, zh);
    Alignment { pairs }
}

/// The values a block holds, as a set: what identifies an entry of a list or a row of a
/// table that a version orders differently (a changelog's pull-request numbers, a row's
/// figures). `None` for a block without values.
fn signature<'a>(
    side: &SideInput<'a>,
    block: usize,
) -> Option<Vec<(usize, &'a crate::value::Value)>> {
    let mut values: Vec<_> = side
        .extraction
        .in_block(block)
        .iter()
        .filter(|i| !i.optional)
        .map(|i| (i.rule, &i.value))
        .collect();
    values.sort();
    values.dedup();
    (!values.is_empty()).then_some(values)
}

/// Entries a version moved. The monotone alignment pairs paragraphs in order; where one
/// version orders the entries of a list or the rows of a table differently, it pairs each
/// with its neighbour's counterpart and their values disagree. An entry without counterpart,
/// or paired with one whose values differ, pairs instead with the one entry of the other
/// version in the same plight that holds exactly its values, when it is the only one of
/// either version to hold them. Paired entries whose values agree are never moved, so a
/// changed value (whose twin is nowhere) stays where the alignment put it.
fn moved(pairs: &mut Vec<Pair>, en: &SideInput, zh: &SideInput) {
    // Entries of lists and rows of tables only: prose paragraphs share values by chance.
    let entry = |s: &SideInput, blocks: &[usize]| {
        blocks
            .iter()
            .all(|&b| s.structure.blocks[b].kind == BlockKind::Entry)
    };
    let single =
        |p: &Pair| p.en.len() <= 1 && p.zh.len() <= 1 && entry(en, &p.en) && entry(zh, &p.zh);
    let mut en_loose: HashMap<Vec<(usize, &crate::value::Value)>, Vec<usize>> = HashMap::new();
    let mut zh_loose: HashMap<Vec<(usize, &crate::value::Value)>, Vec<usize>> = HashMap::new();
    let mut zh_pos: HashMap<usize, usize> = HashMap::new();
    for p in pairs.iter().filter(|p| single(p)) {
        let (e, z) = (p.en.first().copied(), p.zh.first().copied());
        let (es, zs) = (
            e.and_then(|b| signature(en, b)),
            z.and_then(|b| signature(zh, b)),
        );
        if let Some(z) = z {
            zh_pos.insert(z, p.zh_pos);
        }
        if e.is_some() && z.is_some() && es == zs {
            continue;
        }
        if let (Some(e), Some(es)) = (e, es) {
            en_loose.entry(es).or_default().push(e);
        }
        if let (Some(z), Some(zs)) = (z, zs) {
            zh_loose.entry(zs).or_default().push(z);
        }
    }
    let repair: HashMap<usize, usize> = en_loose
        .iter()
        .filter_map(
            |(sig, es)| match (es.as_slice(), zh_loose.get(sig).map(Vec::as_slice)) {
                ([e], Some([z])) => Some((*e, *z)),
                _ => None,
            },
        )
        .collect();
    if repair.is_empty() {
        return;
    }
    let repaired_zh: std::collections::HashSet<usize> = repair.values().copied().collect();
    let mut out = Vec::with_capacity(pairs.len() + repair.len());
    for p in pairs.drain(..) {
        if !single(&p) {
            out.push(p);
            continue;
        }
        let (e, z) = (p.en.first().copied(), p.zh.first().copied());
        let z_stays = z.filter(|z| !repaired_zh.contains(z));
        match e {
            Some(e) => {
                let partner = repair.get(&e).copied();
                let moved_here = partner.is_some() || z != z_stays;
                out.push(Pair {
                    zh: partner.or(z_stays).into_iter().collect(),
                    zh_pos: partner
                        .and_then(|z| zh_pos.get(&z).copied())
                        .unwrap_or(p.zh_pos),
                    alternatives: if moved_here {
                        Vec::new()
                    } else {
                        p.alternatives.clone()
                    },
                    en: vec![e],
                    ..p.clone()
                });
                // Its old counterpart, not moved elsewhere, is now alone.
                if partner.is_some()
                    && let Some(z) = z_stays
                {
                    out.push(Pair {
                        en: Vec::new(),
                        zh: vec![z],
                        alternatives: Vec::new(),
                        ..p
                    });
                }
            }
            None => {
                if z_stays.is_some() {
                    out.push(p);
                }
            }
        }
    }
    *pairs = out;
}

/// Pairs the content lines of line-aligned files by their line numbers.
pub fn by_lines(en: &SideInput, zh: &SideInput) -> Alignment {
    let lines = |s: &SideInput| -> std::collections::BTreeMap<usize, usize> {
        s.structure
            .blocks
            .iter()
            .enumerate()
            .filter(|(_, b)| b.zone == Zone::Line)
            .map(|(i, b)| (b.ordinal, i))
            .collect()
    };
    let (e, z) = (lines(en), lines(zh));
    let mut numbers: Vec<usize> = e.keys().chain(z.keys()).copied().collect();
    numbers.sort_unstable();
    numbers.dedup();
    let pairs = numbers
        .into_iter()
        .map(|n| Pair {
            zone: Zone::Line,
            en: e.get(&n).copied().into_iter().collect(),
            zh: z.get(&n).copied().into_iter().collect(),
            en_pos: n,
            zh_pos: n,
            alternatives: Vec::new(),
        })
        .collect();
    Alignment { pairs }
}

fn group(pairs: &mut Vec<Pair>, zone: Zone, en: Vec<usize>, zh: Vec<usize>) {
    if !en.is_empty() || !zh.is_empty() {
        pairs.push(Pair {
            zone,
            en,
            zh,
            en_pos: 1,
            zh_pos: 1,
            alternatives: Vec::new(),
        });
    }
}

fn aligned_run(
    pairs: &mut Vec<Pair>,
    zone: Zone,
    en_blocks: &[usize],
    zh_blocks: &[usize],
    en: &SideInput,
    zh: &SideInput,
    openers: &[Opener],
) {
    let e = features::features(en, en_blocks, Side::En, openers);
    let z = features::features(zh, zh_blocks, Side::Zh, openers);
    let (mut i, mut j) = (0, 0);
    for bead in dp::align(&e, &z) {
        let side_blocks = if bead.en == 1 { en_blocks } else { zh_blocks };
        pairs.push(Pair {
            zone,
            en: en_blocks[i..i + bead.en].to_vec(),
            zh: zh_blocks[j..j + bead.zh].to_vec(),
            en_pos: i + 1,
            zh_pos: j + 1,
            alternatives: bead.alternatives.iter().map(|&k| side_blocks[k]).collect(),
        });
        i += bead.en;
        j += bead.zh;
    }
}

fn footnotes(pairs: &mut Vec<Pair>, en: &SideInput, zh: &SideInput) {
    let bodies = |s: &SideInput| -> Vec<(String, usize)> {
        s.structure
            .blocks
            .iter()
            .enumerate()
            .filter(|(_, b)| b.kind == BlockKind::Footnote)
            .filter_map(|(i, b)| b.number.as_ref().map(|(n, _)| (n.clone(), i)))
            .collect()
    };
    let en_bodies = bodies(en);
    let zh_bodies = bodies(zh);
    let mut zh_by_number: HashMap<&str, Vec<usize>> = HashMap::new();
    for (n, i) in &zh_bodies {
        zh_by_number.entry(n.as_str()).or_default().push(*i);
    }
    let mut used = std::collections::HashSet::new();
    for (pos, (n, i)) in en_bodies.iter().enumerate() {
        let partner = zh_by_number
            .get_mut(n.as_str())
            .and_then(|v| (!v.is_empty()).then(|| v.remove(0)));
        if let Some(p) = partner {
            used.insert(p);
        }
        pairs.push(Pair {
            zone: Zone::Footnotes,
            en: vec![*i],
            zh: partner.into_iter().collect(),
            en_pos: pos + 1,
            zh_pos: pos + 1,
            alternatives: Vec::new(),
        });
    }
    for (pos, (_, i)) in zh_bodies.iter().enumerate() {
        if !used.contains(i) {
            pairs.push(Pair {
                zone: Zone::Footnotes,
                en: Vec::new(),
                zh: vec![*i],
                en_pos: pos + 1,
                zh_pos: pos + 1,
                alternatives: Vec::new(),
            });
        }
    }
}
