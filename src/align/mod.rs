//! Alignment: English blocks ↔ Chinese blocks.
//!
//! Zones first: heading and signature lines are matched as groups, footnote bodies by number,
//! and the runs of paragraphs (preamble, operative part, or the whole body of a document without
//! a chapeau) by a monotone dynamic programme ([`run`]) whose costs combine paragraph length,
//! shared dates and symbols, opening words and paragraph numbers. A plain sequence diff would
//! blame the wrong paragraph when neighbours carry no numbers. Knows nothing of rules' ids or
//! of output.

mod run;

use std::collections::HashMap;

use crate::diagnostic::Side;
use crate::document::Document;
use crate::extract::Extraction;
use crate::rules::Opener;
use crate::structure::{BlockKind, Structure, Zone};

pub use run::Bead;

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
    footnotes(&mut pairs, en, zh);
    Alignment { pairs }
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
    let e = run::features(en, en_blocks, Side::En, openers);
    let z = run::features(zh, zh_blocks, Side::Zh, openers);
    let (mut i, mut j) = (0, 0);
    for bead in run::align(&e, &z) {
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
