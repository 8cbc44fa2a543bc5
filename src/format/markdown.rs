//! Markdown, MDX and CommonMark, read with pulldown-cmark.
//!
//! pulldown-cmark is a CommonMark-conformant pull parser that gives each event its byte range
//! in the source (`into_offset_iter`), which is all this module needs: the text events of a
//! block are what is compared, everything else between them (markup, inline code, HTML,
//! link targets, heading ids) is not. It has no other dependency here and is what rustdoc and
//! mdBook use.
//!
//! Blocks: paragraphs (hard-wrapped lines are one block), headings, list items and table
//! rows; a footnote definition `[^1]: …` is a footnote body numbered by its label, and a
//! reference `[^1]` reads as the marker `[1]`. Never compared: front matter (YAML `---` or
//! TOML `+++`), fenced and indented code, inline code (unless a block holds nothing else),
//! math, HTML and JSX (comments included, and a component's start tag over several lines),
//! autolinks, the fences of admonitions (`:::note` … `:::`), module imports, and in MDX the
//! `import`/`export` lines and `{…}` expressions.

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use super::{Block, Formatted, Kind, Mask};
use crate::suppress::{self, Directive};

/// The block being read: its kind, footnote label and compared ranges so far.
struct Open {
    kind: Kind,
    number: Option<(String, std::ops::Range<usize>)>,
    start: Option<usize>,
    end: usize,
    /// Its inline code: what the block holds when it holds nothing else.
    code: Vec<std::ops::Range<usize>>,
    /// Comments inside the block (inline HTML, MDX `{/* … */}`), for the suppressions they
    /// hold.
    comments: Vec<Comment>,
}

/// A comment: the whole of it, and its text between the marks.
type Comment = (std::ops::Range<usize>, std::ops::Range<usize>);

/// Reads Markdown (MDX when `mdx`) into blocks and compared text.
pub fn read(text: &str, mdx: bool) -> Formatted {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
        | Options::ENABLE_MATH;
    let mut mask = Mask::new(text);
    let mut blocks = Vec::new();
    let mut open: Option<Open> = None;
    // Inside code, front matter or an autolink: text there is not compared.
    let mut hidden = 0usize;
    // Inside a footnote definition: its paragraphs are one body.
    let mut footnote = false;
    // Open links, and whether each is an autolink (whose text is its target).
    let mut links: Vec<bool> = Vec::new();
    // Inside the start tag of a component written over several lines (`<Tabs` … `>`).
    let mut component = false;
    // Comments that stand alone (they apply to the next block), and comments inside a block
    // with that block's span (`None` when the block held no text).
    let mut standalone: Vec<Comment> = Vec::new();
    let mut inline: Vec<(Comment, Option<std::ops::Range<usize>>)> = Vec::new();
    // In MDX, how deep in `{…}` the text read is: an expression may span several text
    // events (`{/* … */}` is split at its asterisks).
    let mut expression = 0usize;
    let mut flush = |open: &mut Option<Open>, mask: &mut Mask| {
        let Some(mut o) = open.take() else { return };
        // A block of inline code alone (a list of paths, a table cell of names) is that code:
        // a version that writes it as prose still has its counterpart.
        if o.start.is_none()
            && let (Some(first), Some(last)) = (o.code.first(), o.code.last())
        {
            o.start = Some(first.start);
            o.end = last.end;
            for range in &o.code {
                mask.keep(text, range.clone());
            }
        }
        let span = o.start.map(|start| start..o.end);
        inline.extend(o.comments.into_iter().map(|c| (c, span.clone())));
        if let Some(start) = o.start {
            mask.join_lines(start..o.end);
            blocks.push(Block {
                span: start..o.end,
                kind: o.kind,
                number: o.number,
                key: None,
                name: None,
            });
        }
    };
    let begin = |kind: Kind| Open {
        kind,
        number: None,
        start: None,
        end: 0,
        code: Vec::new(),
        comments: Vec::new(),
    };
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Start(tag) => match tag {
                Tag::CodeBlock(_) | Tag::MetadataBlock(_) => hidden += 1,
                Tag::HtmlBlock => {
                    hidden += 1;
                    standalone.extend(comments_in(text, range, "<!--", "-->"));
                }
                Tag::Link { link_type, .. } => {
                    let auto = matches!(link_type, LinkType::Autolink | LinkType::Email);
                    hidden += usize::from(auto);
                    links.push(auto);
                }
                Tag::FootnoteDefinition(label) => {
                    flush(&mut open, &mut mask);
                    footnote = true;
                    let mut o = begin(Kind::Footnote);
                    let source = &text[range.clone()];
                    if let Some(at) = source.find(&*label) {
                        let s = range.start + at;
                        // The body opens with its label, as a plain-text body with its
                        // number: the block holds its number's span.
                        mask.keep(text, s..s + label.len());
                        o.start = Some(s);
                        o.end = s + label.len();
                        o.number = Some((label.to_string(), s..s + label.len()));
                    }
                    open = Some(o);
                }
                _ if footnote => {}
                // A paragraph inside a list item continues that item's block until a nested
                // block starts.
                Tag::Paragraph if open.as_ref().map(|o| o.kind) != Some(Kind::ListItem) => {
                    flush(&mut open, &mut mask);
                    open = Some(begin(Kind::Paragraph));
                }
                Tag::Heading { .. } => {
                    flush(&mut open, &mut mask);
                    open = Some(begin(Kind::Heading));
                }
                Tag::Item => {
                    flush(&mut open, &mut mask);
                    open = Some(begin(Kind::ListItem));
                }
                // A table row is one block: translators keep rows, and a column one version
                // lacks is a difference in each row, not a paragraph per cell.
                Tag::TableHead | Tag::TableRow => {
                    flush(&mut open, &mut mask);
                    open = Some(begin(Kind::TableRow));
                }
                Tag::List(_)
                | Tag::BlockQuote(_)
                | Tag::Table(_)
                | Tag::DefinitionList
                | Tag::DefinitionListTitle
                | Tag::DefinitionListDefinition => flush(&mut open, &mut mask),
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::CodeBlock | TagEnd::MetadataBlock(_) | TagEnd::HtmlBlock => {
                    hidden = hidden.saturating_sub(1);
                }
                TagEnd::Link => {
                    let autolink = links.pop() == Some(true);
                    hidden -= usize::from(autolink).min(hidden);
                }
                TagEnd::FootnoteDefinition => {
                    footnote = false;
                    flush(&mut open, &mut mask);
                }
                _ if footnote => {}
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableHead
                | TagEnd::TableRow
                | TagEnd::List(_)
                | TagEnd::BlockQuote(_) => {
                    // A tag or expression still open ends with its block.
                    component = false;
                    expression = 0;
                    flush(&mut open, &mut mask)
                }
                _ => {}
            },
            Event::Text(_) if hidden == 0 => {
                let Some(o) = open.as_mut() else { continue };
                if mdx {
                    o.comments.extend(mdx_comments(text, range.clone()));
                }
                let range = trim(text, range);
                if range.is_empty() {
                    continue;
                }
                let statement = &text[range.clone()];
                if o.start.is_none() && (mdx && is_mdx_statement(statement) || is_import(statement))
                {
                    continue;
                }
                // The source line the text stands on: the parser splits a line's text at
                // brackets and quotes.
                let line_start = text[..range.start].rfind('\n').map_or(0, |n| n + 1);
                let line_end = text[range.end..]
                    .find('\n')
                    .map_or(text.len(), |n| range.end + n);
                let line = text[line_start..line_end].trim();
                if is_admonition_fence(line) {
                    continue;
                }
                // A component's start tag that the parser could not read as HTML (its
                // attributes hold `{…}`), from `<Name` to the `>` that ends a line.
                if component || is_component_start(line) {
                    let ends_line = text[range.end..line_end].trim().is_empty();
                    component = !(ends_line && line.ends_with('>'));
                    continue;
                }
                mask.keep(text, range.clone());
                let range = if mdx {
                    hide_expressions(text, range.clone(), &mut mask, &mut expression);
                    // Text that is all expressions (a comment `{/* … */}`) is no text.
                    let Some(shown) = mask.shown(range) else {
                        continue;
                    };
                    shown
                } else {
                    range
                };
                o.start.get_or_insert(range.start);
                o.end = range.end;
            }
            Event::Code(code) if hidden == 0 => {
                let Some(o) = open.as_mut() else { continue };
                if let Some(at) = text[range.clone()].find(&*code) {
                    let start = range.start + at;
                    o.code.push(start..start + code.len());
                }
            }
            Event::InlineHtml(_) => {
                let comments = comments_in(text, range, "<!--", "-->");
                match open.as_mut() {
                    Some(o) => o.comments.extend(comments),
                    None => standalone.extend(comments),
                }
            }
            Event::FootnoteReference(_) if hidden == 0 => {
                let Some(o) = open.as_mut() else { continue };
                // `[^1]` reads as the bracketed marker `[1]`, which the footnote rules know.
                let source = &text[range.clone()];
                if let Some(label) = source.strip_prefix("[^").and_then(|s| s.strip_suffix(']')) {
                    let at = range.start + 2;
                    mask.keep(text, at..at + label.len());
                    mask.set(range.start + 1, b'[');
                    mask.set(range.end - 1, b']');
                    o.start.get_or_insert(range.start + 1);
                    o.end = range.end;
                }
            }
            _ => {}
        }
    }
    flush(&mut open, &mut mask);
    let comments = standalone.into_iter().map(|c| (c, None)).chain(inline);
    let directives = directives(text, comments.collect(), &blocks);
    Formatted {
        compared: unresolved_references(mask.finish()),
        blocks: Some(blocks),
        directives,
    }
}

/// The suppressions of `comments`, each with the span of the block it stands in, if any.
/// `yizhi-ignore` covers the block it stands in, else the next block; `yizhi off` covers up
/// to the next `yizhi on`, or the end of the file.
fn directives(
    text: &str,
    mut comments: Vec<(Comment, Option<std::ops::Range<usize>>)>,
    blocks: &[Block],
) -> Vec<Directive> {
    comments.sort_by_key(|((c, _), _)| c.start);
    let mut out = Vec::new();
    let mut off: Vec<(std::ops::Range<usize>, suppress::Ids)> = Vec::new();
    let region = |(span, rules): (std::ops::Range<usize>, _), end: usize| Directive {
        side: None,
        covers: span.end..end.max(span.end),
        span,
        rules,
    };
    for ((comment, body), block) in comments {
        let Some((kind, rules)) = suppress::parse(text, body, true) else {
            continue;
        };
        match kind {
            suppress::Kind::Ignore => {
                let covers = match block {
                    Some(b) => b.start.min(comment.start)..b.end.max(comment.end),
                    None => blocks
                        .iter()
                        .map(|b| b.span.clone())
                        .filter(|b| b.start >= comment.end)
                        .min_by_key(|b| b.start)
                        .unwrap_or(comment.end..comment.end),
                };
                out.push(Directive {
                    side: None,
                    span: comment,
                    rules,
                    covers,
                });
            }
            suppress::Kind::Off => off.push((comment, rules)),
            suppress::Kind::On => out.extend(off.drain(..).map(|o| region(o, comment.start))),
        }
    }
    out.extend(off.into_iter().map(|o| region(o, text.len())));
    out
}

/// The comments between the marks `open` and `close` (`<!--` and `-->`) in `range`.
fn comments_in(text: &str, range: std::ops::Range<usize>, open: &str, close: &str) -> Vec<Comment> {
    let mut out = Vec::new();
    let mut at = range.start;
    while let Some(o) = text[at..range.end].find(open) {
        let body = at + o + open.len();
        let Some(c) = text[body..range.end].find(close) else {
            break;
        };
        out.push((at + o..body + c + close.len(), body..body + c));
        at = body + c + close.len();
    }
    out
}

/// The MDX comments `{/* … */}` that open in `range` (of text, which the parser splits at a
/// comment's asterisks), to the end of their paragraph.
fn mdx_comments(text: &str, range: std::ops::Range<usize>) -> Vec<Comment> {
    text[range.clone()]
        .match_indices("{/")
        .filter_map(|(i, _)| {
            let start = range.start + i;
            let end = text[start..].find("\n\n").map_or(text.len(), |n| start + n);
            comments_in(text, start..end, "{/*", "*/}")
                .into_iter()
                .next()
                .filter(|(c, _)| c.start == start)
        })
        .collect()
}

/// The range without the white space at its ends.
fn trim(text: &str, range: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let s = &text[range.clone()];
    let start = range.start + (s.len() - s.trim_start().len());
    let end = range.end - (s.len() - s.trim_end().len());
    start..end.max(start)
}

/// The fence of an admonition, as Docusaurus and VuePress write them: `:::note`, `::: tip
/// Title`, `:::`. Markup; a title there is read as markup too.
fn is_admonition_fence(line: &str) -> bool {
    line.starts_with(":::")
}

/// The start of a component's tag (`<Tabs`, `<TabItem value="a">`): `<` and a capital.
fn is_component_start(line: &str) -> bool {
    let mut chars = line.chars();
    chars.next() == Some('<') && chars.next().is_some_and(|c| c.is_ascii_uppercase())
}

/// An ES module import (`import Tabs from '@theme/Tabs';`), which sites that read Markdown as
/// MDX (Docusaurus) accept in `.md` files too.
fn is_import(line: &str) -> bool {
    line.starts_with("import ") && (line.contains(" from '") || line.contains(" from \""))
}

/// An MDX `import`/`export` statement, which pulldown-cmark reads as a paragraph.
fn is_mdx_statement(line: &str) -> bool {
    line.starts_with("import ") || line.starts_with("export ")
}

/// A reference `[^2]` whose definition is missing is text to the parser; it still reads as
/// the marker `[2]`, so that the footnote checks see a marker without its body.
fn unresolved_references(compared: String) -> String {
    let mut bytes = compared.into_bytes();
    let mut at = 0;
    while let Some(i) = bytes[at..].windows(2).position(|w| w == b"[^") {
        let start = at + i;
        let label = bytes[start + 2..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if label > 0 && bytes.get(start + 2 + label) == Some(&b']') {
            bytes[start] = b' ';
            bytes[start + 1] = b'[';
        }
        at = start + 2;
    }
    // Only ASCII bytes were changed for ASCII bytes.
    String::from_utf8(bytes).unwrap_or_default()
}

/// Hides `{…}` expressions of MDX inside a compared range.
fn hide_expressions(text: &str, range: std::ops::Range<usize>, mask: &mut Mask, depth: &mut usize) {
    for (i, c) in text[range.clone()].char_indices() {
        let at = range.start + i;
        match c {
            '{' => {
                *depth += 1;
                mask.set(at, b' ');
            }
            '}' if *depth > 0 => {
                *depth -= 1;
                mask.set(at, b' ');
            }
            _ if *depth > 0 => {
                for k in 0..c.len_utf8() {
                    mask.set(at + k, b' ');
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(text: &str) -> Vec<(Kind, String)> {
        let f = read(text, false);
        assert_eq!(f.compared.len(), text.len());
        f.blocks
            .as_deref()
            .unwrap_or_default()
            .iter()
            .map(|b| (b.kind, f.compared[b.span.clone()].to_string()))
            .collect()
    }

    #[test]
    fn wrapped_lines_are_one_paragraph_and_markup_is_hidden() {
        let text = "---\ntitle: A 2016\n---\n\n# Title {#t-1}\n\nOne `code 5` and\n[a link](https://x.org/7) here.\n\n<!-- English 9 -->\n\n```\nlet x = 3;\n```\n";
        assert_eq!(
            blocks(text),
            [
                (Kind::Heading, "Title".into()),
                (
                    Kind::Paragraph,
                    "One          and  a link                   here.".into()
                ),
            ]
        );
    }

    #[test]
    fn lists_tables_and_footnotes() {
        let text = "- one\n- two[^1]\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[^1]: The note.\n";
        let f = read(text, false);
        let got: Vec<_> = f
            .blocks
            .as_deref()
            .unwrap_or_default()
            .iter()
            .map(|b| (b.kind, f.compared[b.span.clone()].to_string()))
            .collect();
        assert_eq!(
            got,
            [
                (Kind::ListItem, "one".into()),
                (Kind::ListItem, "two [1]".into()),
                (Kind::TableRow, "a   b".into()),
                (Kind::TableRow, "1   2".into()),
                (Kind::Footnote, "1   The note.".into()),
            ]
        );
        let (n, span) = f.blocks.as_ref().unwrap()[4].number.clone().unwrap();
        assert_eq!((n.as_str(), &text[span]), ("1", "1"));
    }

    #[test]
    fn suppression_comments_cover_their_block_or_region() {
        let text = "<!-- yizhi-ignore date-mismatch -->\nOne 2016.\n\nTwo 2017. <!-- yizhi-ignore -->\n\n<!-- yizhi off symbol-mismatch -->\nThree.\n\nFour.\n<!-- yizhi on -->\n\nFive.\n";
        let f = read(text, false);
        let got: Vec<(Vec<&str>, &str)> = f
            .directives
            .iter()
            .map(|d| {
                let ids = d.rules.iter().map(|(id, _)| id.as_str()).collect();
                (ids, text[d.covers.clone()].trim())
            })
            .collect();
        assert_eq!(
            got,
            [
                (vec!["date-mismatch"], "One 2016."),
                (vec![], "Two 2017. <!-- yizhi-ignore -->"),
                (vec!["symbol-mismatch"], "Three.\n\nFour."),
            ]
        );
    }

    #[test]
    fn mdx_comments_are_suppressions_too() {
        let text = "{/* yizhi-ignore date-mismatch */}\nOne 2016.\n\nTwo 2017. {/* yizhi-ignore */}\n\n{/* a comment */}\n\nThree.\n";
        let f = read(text, true);
        let got: Vec<(Vec<&str>, &str, &str)> = f
            .directives
            .iter()
            .map(|d| {
                let ids = d.rules.iter().map(|(id, _)| id.as_str()).collect();
                (ids, &text[d.span.clone()], text[d.covers.clone()].trim())
            })
            .collect();
        assert_eq!(
            got,
            [
                // On the line before, in the same paragraph: it covers that paragraph.
                (
                    vec!["date-mismatch"],
                    "{/* yizhi-ignore date-mismatch */}",
                    "{/* yizhi-ignore date-mismatch */}\nOne 2016."
                ),
                (
                    vec![],
                    "{/* yizhi-ignore */}",
                    "Two 2017. {/* yizhi-ignore */}"
                ),
            ]
        );
        // A comment alone is no block: One, Two and Three are.
        assert_eq!(f.blocks.map(|b| b.len()), Some(3));
        // In Markdown, the same text is text.
        assert!(read(text, false).directives.is_empty());
    }

    #[test]
    fn mdx_statements_and_expressions_are_hidden() {
        let f = read("import X from './x'\n\nText {props.n} 5.\n", true);
        let got: Vec<_> = f
            .blocks
            .as_deref()
            .unwrap_or_default()
            .iter()
            .map(|b| &f.compared[b.span.clone()])
            .collect();
        assert_eq!(got, ["Text           5."]);
    }
}
