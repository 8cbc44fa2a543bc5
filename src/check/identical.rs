//! Identical text pairs with itself. A run of text that stands verbatim in both versions of an
//! aligned paragraph — code, an identifier, a URL, quoted English, an English date the Chinese
//! left untranslated — can never be a translation error, however each language's rules read
//! it: "Date: Mon, 18 May 2020" is a date to the English rules and three stray numbers to the
//! Chinese ones. Before any rule compares values, whatever either side read inside such a run
//! is set aside, on both sides at once.
//!
//! The runs are found from the Chinese side, where text in Latin script stands out: each
//! stretch of Latin text in a Chinese paragraph is looked for in the aligned English
//! paragraph, whole or, failing that, as its longest pieces (token by token) that occur
//! there. A run counts only at token boundaries on both sides, only once per English
//! occurrence, and only when no value on either side straddles its edges: "2016-2018" in
//! English against "2016-2018年" in Chinese is one value read two ways, and stays compared. A
//! run of bare digits carries no context (both sides read it as the same number anyway) and
//! is left to the rules. An English value the Chinese both quotes and translates stays to
//! pair with the translation.

use std::collections::HashMap;
use std::ops::Range;

use crate::align::{Alignment, Pair};
use crate::extract::Extraction;
use crate::structure::Structure;
use crate::value::Value;

/// The largest aligned paragraph, per side, searched for identical text (bytes).
const MAX_PARAGRAPH: usize = 64 * 1024;

/// One side of a pair as this pass sees it.
pub struct SideText<'a> {
    /// The text searched: the file as written, code and markup included, with the line breaks
    /// its format joins inside a paragraph read as spaces ([`searched`]). A value one version
    /// writes as code (`8000`, `v2.2`) and the other as prose is the same text.
    pub text: &'a str,
    pub structure: &'a Structure,
}

/// The text a side is searched in: the compared text (`compared`, as long as `original`) with
/// the contents of each inline code span of the file (`` `8000` ``, on one line) put back.
/// Link targets, markup and comments stay blank: a value in a URL is not text of the page.
pub fn searched(original: &str, compared: &str) -> String {
    let mut bytes = compared.as_bytes().to_vec();
    let o = original.as_bytes();
    if o.len() != bytes.len() {
        return compared.to_owned();
    }
    let mut i = 0;
    while let Some(open) = o[i..].iter().position(|&b| b == b'`').map(|p| i + p) {
        let run = o[open..].iter().take_while(|&&b| b == b'`').count();
        let inner = open + run;
        let close = o[inner..]
            .iter()
            .position(|&b| b == b'`' || b == b'\n')
            .map(|p| inner + p);
        match close {
            Some(close) if o[close] == b'`' && close > inner => {
                let end = close + o[close..].iter().take_while(|&&b| b == b'`').count();
                if bytes[inner..close].iter().all(|&b| b == b' ') {
                    bytes[inner..close].copy_from_slice(&o[inner..close]);
                }
                i = end;
            }
            Some(close) => i = close.max(inner),
            None => break,
        }
    }
    // Whole runs between backticks (ASCII) were copied from the original: still UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|_| compared.to_owned())
}

/// Removes, from both extractions, the items that lie inside text both versions of an aligned
/// pair hold verbatim, into their [`Extraction::aside`].
pub fn set_aside(
    alignment: &Alignment,
    en: SideText,
    zh: SideText,
    en_items: &mut Extraction,
    zh_items: &mut Extraction,
) {
    let mut en_drop = vec![false; en_items.items.len()];
    let mut zh_drop = vec![false; zh_items.items.len()];
    // Letters compare without case: "Base64" in one version is "base64" in the other. ASCII
    // case changes no byte offset.
    let (en_text, zh_text) = (en.text.to_ascii_lowercase(), zh.text.to_ascii_lowercase());
    for pair in alignment.pairs.iter().filter(|p| p.is_matched()) {
        // Only pairs where the Chinese read something, or the English did, can change.
        let has_items = |items: &Extraction, blocks: &[usize]| {
            blocks.iter().any(|&b| !items.in_block(b).is_empty())
        };
        if !has_items(zh_items, &pair.zh) && !has_items(en_items, &pair.en) {
            continue;
        }
        // The search is a scan of the English paragraph per Latin stretch of the Chinese one:
        // past this size (no real paragraph nears it) it would be quadratic, and is skipped.
        let size = |blocks: &[usize], s: &Structure| -> usize {
            blocks.iter().map(|&b| s.blocks[b].span.len()).sum()
        };
        if size(&pair.en, en.structure) > MAX_PARAGRAPH
            || size(&pair.zh, zh.structure) > MAX_PARAGRAPH
        {
            continue;
        }
        let en_blocks: Vec<(usize, Range<usize>)> = pair
            .en
            .iter()
            .map(|&b| (b, en.structure.blocks[b].span.clone()))
            .collect();
        // English occurrences already paired with a Chinese run; a paragraph's own number
        // ("1.") is never one, so that a "1" later in the paragraph is found.
        let mut used: Vec<Range<usize>> = pair
            .en
            .iter()
            .filter_map(|&b| {
                en.structure.blocks[b]
                    .number
                    .as_ref()
                    .map(|(_, n)| n.clone())
            })
            .collect();
        for &zb in &pair.zh {
            let zspan = zh.structure.blocks[zb].span.clone();
            let ztext = &zh_text[zspan.clone()];
            for seg in latin_segments(ztext) {
                for (zrun, erun) in runs(&ztext[seg.clone()], &en_text, &en_blocks, &used) {
                    let zrun =
                        zspan.start + seg.start + zrun.start..zspan.start + seg.start + zrun.end;
                    let eb = en_blocks
                        .iter()
                        .find(|(_, s)| s.start <= erun.start && erun.end <= s.end)
                        .map(|(b, _)| *b);
                    let Some(eb) = eb else { continue };
                    // A paragraph's own number is structure, compared by the numbering.
                    if numbers(zh.structure, zb, &zrun) || numbers(en.structure, eb, &erun) {
                        continue;
                    }
                    let (Some(z_inside), Some(e_inside)) =
                        (inside(zh_items, zb, &zrun), inside(en_items, eb, &erun))
                    else {
                        continue;
                    };
                    used.push(erun.clone());
                    // A bare figure both sides read alike is left to the rules, which pair
                    // equal values by their places; set aside, they could pair a changed
                    // figure with an equal one elsewhere in the paragraph.
                    if is_bare(&zh_text[zrun.clone()])
                        && same_values(zh_items, &z_inside, en_items, &e_inside)
                    {
                        continue;
                    }
                    for i in z_inside {
                        zh_drop[i] = true;
                    }
                    for i in e_inside {
                        en_drop[i] = true;
                    }
                }
            }
        }
        translated_too(pair, en_items, &mut en_drop, zh_items, &zh_drop);
    }
    retain(en_items, &en_drop);
    retain(zh_items, &zh_drop);
}

/// An English value that the Chinese quotes verbatim and also translates ("3 March 2015" and
/// 2015年3月3日 in one paragraph) stays to pair with its translation: of each value, as many
/// English items as the Chinese holds outside quoted text and the English does not.
fn translated_too(
    pair: &Pair,
    en_items: &Extraction,
    en_drop: &mut [bool],
    zh_items: &Extraction,
    zh_drop: &[bool],
) {
    let indices = |items: &Extraction, blocks: &[usize]| -> Vec<usize> {
        blocks.iter().flat_map(|&b| items.block_range(b)).collect()
    };
    let (en_at, zh_at) = (indices(en_items, &pair.en), indices(zh_items, &pair.zh));
    if !en_at.iter().any(|&i| en_drop[i]) {
        return;
    }
    fn key(items: &Extraction, i: usize) -> (usize, &Value) {
        (items.items[i].rule, &items.items[i].value)
    }
    let mut surplus: HashMap<(usize, &Value), isize> = HashMap::new();
    for &j in zh_at.iter().filter(|&&j| !zh_drop[j]) {
        *surplus.entry(key(zh_items, j)).or_default() += 1;
    }
    for &i in en_at.iter().filter(|&&i| !en_drop[i]) {
        *surplus.entry(key(en_items, i)).or_default() -= 1;
    }
    for i in en_at {
        if !en_drop[i] {
            continue;
        }
        if let Some(n) = surplus.get_mut(&key(en_items, i)).filter(|n| **n > 0) {
            *n -= 1;
            en_drop[i] = false;
        }
    }
}

fn retain(items: &mut Extraction, drop: &[bool]) {
    if !drop.contains(&true) {
        return;
    }
    let (aside, kept): (Vec<_>, Vec<_>) = std::mem::take(&mut items.items)
        .into_iter()
        .zip(drop)
        .partition(|(_, d)| **d);
    items.items = kept.into_iter().map(|(i, _)| i).collect();
    items.aside = aside.into_iter().map(|(i, _)| i).collect();
}

/// Whether two sets of items read the same values under the same rules.
fn same_values(a: &Extraction, ai: &[usize], b: &Extraction, bi: &[usize]) -> bool {
    let mut ka: Vec<_> = ai
        .iter()
        .map(|&i| (a.items[i].rule, &a.items[i].value))
        .collect();
    let mut kb: Vec<_> = bi
        .iter()
        .map(|&i| (b.items[i].rule, &b.items[i].value))
        .collect();
    ka.sort();
    kb.sort();
    ka == kb
}

/// Whether `run` overlaps the number of its block ("4.5", "(a)").
fn numbers(structure: &Structure, block: usize, run: &Range<usize>) -> bool {
    structure.blocks[block]
        .number
        .as_ref()
        .is_some_and(|(_, n)| n.start < run.end && run.start < n.end)
}

/// The indices of a block's items inside `run`, or `None` when an item straddles its edges.
fn inside(items: &Extraction, block: usize, run: &Range<usize>) -> Option<Vec<usize>> {
    let range = items.block_range(block);
    let mut out = Vec::new();
    for (k, item) in items.items[range.clone()].iter().enumerate() {
        let overlaps = item.span.start < run.end && run.start < item.span.end;
        if !overlaps {
            continue;
        }
        if run.start <= item.span.start && item.span.end <= run.end {
            out.push(range.start + k);
        } else {
            return None;
        }
    }
    Some(out)
}

/// Latin script, as opposed to the Chinese around it.
fn is_latin(c: char) -> bool {
    c < '\u{0250}' && c != '\n' && c != '\r'
}

/// The stretches of Latin text of a Chinese paragraph that may hold a value: with a letter or
/// a digit.
fn latin_segments(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    let close = |s: usize, e: usize, out: &mut Vec<Range<usize>>| {
        let seg = &text[s..e];
        let trimmed = seg.trim();
        if trimmed.bytes().any(|b| b.is_ascii_alphanumeric()) {
            let lead = seg.len() - seg.trim_start().len();
            out.push(s + lead..s + lead + trimmed.len());
        }
    };
    for (i, c) in text.char_indices() {
        match (is_latin(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                close(s, i, &mut out);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        close(s, text.len(), &mut out);
    }
    out
}

/// Tokens of a Latin stretch: runs of letters and digits, and single other characters.
fn tokens(text: &str) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        match out.last_mut() {
            Some(last)
                if c.is_alphanumeric()
                    && last.end == i
                    && text[last.clone()].chars().all(char::is_alphanumeric) =>
            {
                last.end = end
            }
            _ => out.push(i..end),
        }
    }
    out
}

/// Whether a piece is worth pairing: a letter or digit, and not white space at its edges.
fn worth(piece: &str) -> bool {
    piece.trim() == piece && piece.bytes().any(|b| b.is_ascii_alphanumeric())
}

/// A figure alone ("48", "3,400", "1.5"): a run without context.
fn is_bare(piece: &str) -> bool {
    piece
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b',' || b == b'.')
}

/// Where `piece` stands in the English blocks at token boundaries, outside the occurrences
/// already used.
fn find_in(
    piece: &str,
    en_text: &str,
    blocks: &[(usize, Range<usize>)],
    used: &[Range<usize>],
) -> Option<Range<usize>> {
    let is_word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    for (_, span) in blocks {
        let block = &en_text[span.clone()];
        let mut from = 0;
        while let Some(at) = block[from..].find(piece) {
            let start = from + at;
            let end = start + piece.len();
            let before = block[..start].chars().next_back();
            let after = block[end..].chars().next();
            let first = piece.chars().next();
            let last = piece.chars().next_back();
            let glued = is_word(before) && is_word(first) || is_word(after) && is_word(last);
            let range = span.start + start..span.start + end;
            if !glued
                && !used
                    .iter()
                    .any(|u| u.start < range.end && range.start < u.end)
            {
                return Some(range);
            }
            from = start + block[start..].chars().next().map_or(1, char::len_utf8);
        }
    }
    None
}

/// The runs of a Chinese paragraph's Latin stretch found verbatim in the English blocks:
/// (range in the stretch, range in the English text).
fn runs(
    seg: &str,
    en_text: &str,
    blocks: &[(usize, Range<usize>)],
    used: &[Range<usize>],
) -> Vec<(Range<usize>, Range<usize>)> {
    let mut used = used.to_vec();
    let mut out = Vec::new();
    if let Some(e) = find_in(seg, en_text, blocks, &used) {
        out.push((0..seg.len(), e));
        return out;
    }
    let contains = |piece: &str| {
        blocks
            .iter()
            .any(|(_, s)| en_text[s.clone()].contains(piece))
    };
    let toks = tokens(seg);
    let mut i = 0;
    while i < toks.len() {
        // The longest run of tokens from i that occurs at all (a piece that does not occur has
        // no longer piece that does)...
        let mut j = i;
        while j < toks.len() && contains(&seg[toks[i].start..toks[j].end]) {
            j += 1;
        }
        // ...then the longest of those that occurs at token boundaries and is worth pairing.
        let mut found = None;
        for k in (i + 1..=j).rev() {
            let piece = &seg[toks[i].start..toks[k - 1].end];
            if !worth(piece) {
                continue;
            }
            if let Some(e) = find_in(piece, en_text, blocks, &used) {
                found = Some((k, toks[i].start..toks[k - 1].end, e));
                break;
            }
        }
        match found {
            Some((k, z, e)) => {
                used.push(e.clone());
                out.push((z, e));
                i = k;
            }
            None => i += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_latin_stretches_trimmed() {
        let t = "将 \"127.0.0.1:1980\": 1，第 48 次会议于 2016年，使用 v1 和 base64。";
        let segs: Vec<&str> = latin_segments(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(
            segs,
            ["\"127.0.0.1:1980\": 1", "48", "2016", "v1", "base64"]
        );
    }

    #[test]
    fn runs_prefer_the_whole_stretch_then_its_longest_pieces() {
        let en = "Use Node.js 18 (LTS) or later, not Node.js 16.";
        let blocks = [(0, 0..en.len())];
        let found = runs("Node.js 18 LTS", en, &blocks, &[]);
        let pieces: Vec<(&str, &str)> = found
            .iter()
            .map(|(z, e)| (&"Node.js 18 LTS"[z.clone()], &en[e.clone()]))
            .collect();
        assert_eq!(pieces, [("Node.js 18", "Node.js 18"), ("LTS", "LTS")]);
    }

    #[test]
    fn a_run_counts_only_at_token_boundaries_and_once() {
        let en = "v12 and v1, then v1";
        let blocks = [(0, 0..en.len())];
        let first = find_in("v1", en, &blocks, &[]).unwrap();
        assert_eq!(&en[first.clone()], "v1");
        assert_eq!(first.start, 8);
        let second = find_in("v1", en, &blocks, &[first]).unwrap();
        assert_eq!(second.start, 17);
        assert_eq!(find_in("v1", en, &blocks, &[8..10, 17..19]), None);
    }
}
