//! One function per notification, the check of a pair that they lead to, and one function per
//! request.
//!
//! The notifications only record what changed (the open documents, which files need checking);
//! [`check`] runs once the messages that were waiting have been read, so a burst of changes
//! costs one check. Requests ([`code_action`], [`hover`]) are answered from the pair as last
//! checked, the check that published the file's diagnostics.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, DidChangeTextDocumentParams,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams, DidSaveTextDocumentParams, Hover,
    HoverContents, HoverParams, MarkupContent, MarkupKind, MessageType, Position,
    PublishDiagnosticsParams, Range, TextEdit, WorkspaceEdit,
};

use super::Server;
use super::convert::{self, File};
use super::state::{Checked, Lookup, Open, RuleDoc, State};
use crate::diagnostic::{Diagnostic, Side};
use crate::document::Document;
use crate::{Options, config, run};

/// What checking produces: notifications for the client.
pub enum Out {
    Publish(PublishDiagnosticsParams),
    /// A line for the client's log.
    Log(MessageType, String),
    /// A message the editor shows the user.
    Show(MessageType, String),
}

pub fn did_open(server: &mut Server, params: DidOpenTextDocumentParams) {
    let doc = params.text_document;
    let Some(path) = convert::uri_to_path(&doc.uri) else {
        return;
    };
    server.state.open.insert(
        path.clone(),
        Open {
            uri: doc.uri,
            text: doc.text,
            version: doc.version,
        },
    );
    server.dirty.insert(path);
}

pub fn did_change(server: &mut Server, params: DidChangeTextDocumentParams) {
    let Some(path) = convert::uri_to_path(&params.text_document.uri) else {
        return;
    };
    let Some(open) = server.state.open.get_mut(&path) else {
        return;
    };
    for change in params.content_changes {
        match change.range {
            // Full sync, as the server asks for.
            None => open.text = change.text,
            Some(range) => {
                let start = convert::offset(&open.text, range.start);
                let end = convert::offset(&open.text, range.end).max(start);
                open.text.replace_range(start..end, &change.text);
            }
        }
    }
    open.version = params.text_document.version;
    server.dirty.insert(path);
}

pub fn did_save(server: &mut Server, params: DidSaveTextDocumentParams) {
    let Some(path) = convert::uri_to_path(&params.text_document.uri) else {
        return;
    };
    if path.file_name().is_some_and(|n| n == config::FILE_NAME) {
        // Every open file may be governed by it: load its projects again and check them all.
        server.state.projects.forget();
        server.dirty.extend(server.state.open.keys().cloned());
    } else {
        server.dirty.insert(path);
    }
}

/// A closed file's diagnostics stay while its counterpart is open (checked again with the
/// closed file's text on disk); with neither file open, both are cleared.
pub fn did_close(server: &mut Server, params: DidCloseTextDocumentParams) {
    let uri = params.text_document.uri;
    let Some(path) = convert::uri_to_path(&uri) else {
        return;
    };
    server.state.open.remove(&path);
    server.state.checked.remove(&path);
    server.dirty.remove(&path);
    let pair = match server.state.projects.project(&path) {
        Lookup::Found(project) => project.pair(&path),
        Lookup::Broken { .. } => None,
    };
    let mut clear = vec![uri];
    if let Some(pair) = pair {
        let other = &pair.paths[pair.side.other() as usize];
        if server.state.open.contains_key(other) {
            server.dirty.insert(other.clone());
        } else {
            clear.extend(convert::path_to_uri(other));
        }
    }
    for uri in clear {
        server.send(Out::Publish(PublishDiagnosticsParams::new(
            uri,
            Vec::new(),
            None,
        )));
    }
}

/// Checks the pair of the open file `path` and publishes diagnostics for both its files. A
/// file of no pair gets none. `done` collects the files published, so that a pair whose two
/// files changed is checked once.
pub fn check(state: &mut State, path: &Path, done: &mut HashSet<PathBuf>) -> Vec<Out> {
    // Replaced below when the pair is checked; a file left unchecked has nothing to offer.
    state.checked.remove(path);
    let Some(this) = state.open.get(path) else {
        return Vec::new();
    };
    let nothing = |out: &mut Vec<Out>| {
        out.push(Out::Publish(PublishDiagnosticsParams::new(
            this.uri.clone(),
            Vec::new(),
            Some(this.version),
        )));
    };
    let mut out = Vec::new();
    done.insert(path.to_path_buf());
    let project = match state.projects.project(path) {
        Lookup::Found(project) => project,
        Lookup::Broken { why, new } => {
            if new {
                out.push(Out::Show(
                    MessageType::ERROR,
                    format!(
                        "yizhi: {} (details in the log); no file is checked until it is fixed",
                        why.headline
                    ),
                ));
                out.push(Out::Log(MessageType::ERROR, why.report.clone()));
            }
            nothing(&mut out);
            return out;
        }
    };
    let Some(pair) = project.pair(path) else {
        nothing(&mut out);
        return out;
    };
    let mut missing = None;
    let mut docs = Vec::with_capacity(2);
    for side in Side::BOTH {
        let (file, shown) = (&pair.paths[side as usize], &pair.shown[side as usize]);
        let doc = if let Some(open) = state.open.get(file) {
            Document::from_text(shown, open.text.clone())
        } else if !file.is_file() {
            missing = Some(side);
            Document::from_text(shown, String::new())
        } else {
            match Document::read(&file.to_string_lossy()) {
                Ok(mut doc) => {
                    doc.path = shown.clone();
                    doc
                }
                Err(e) => {
                    out.push(Out::Log(
                        MessageType::WARNING,
                        format!("{} is not checked: {e}", pair.shown[pair.side as usize]),
                    ));
                    nothing(&mut out);
                    return out;
                }
            }
        };
        docs.push(doc);
    }
    let Ok(docs) = <[Document; 2]>::try_from(docs) else {
        nothing(&mut out);
        return out;
    };
    let [en, zh] = &docs;
    let diagnostics: Vec<Diagnostic> = match missing {
        None => {
            let analysis = crate::analyse_with(en, zh, &project.rules, Options::default());
            project.policy.finish(
                analysis.diagnostics,
                &analysis.directives,
                &pair.shown,
                &project.rules,
            )
        }
        Some(side) => run::counterpart_missing(
            &pair.shown,
            &pair.shown,
            side,
            &project.rules,
            &project.policy,
        )
        .into_iter()
        .collect(),
    };
    let uris = pair
        .paths
        .each_ref()
        .map(|file| match state.open.get(file) {
            Some(open) => Some(open.uri.clone()),
            None => convert::path_to_uri(file),
        });
    let [Some(en_uri), Some(zh_uri)] = uris else {
        out.push(Out::Log(
            MessageType::WARNING,
            format!(
                "{} is not checked: its counterpart has no file: URI",
                pair.shown[pair.side as usize]
            ),
        ));
        nothing(&mut out);
        return out;
    };
    let uris = [en_uri, zh_uri];
    let files = [
        File {
            doc: en,
            uri: &uris[0],
        },
        File {
            doc: zh,
            uri: &uris[1],
        },
    ];
    let mut rules = HashMap::new();
    let mut hrefs = HashMap::new();
    for d in &diagnostics {
        if let Some(rule) = project.rules.get(&d.rule)
            && !rules.contains_key(&d.rule)
        {
            let doc = RuleDoc {
                summary: rule.summary.clone(),
                docs: rule.docs.clone(),
            };
            rules.insert(d.rule.clone(), doc);
            hrefs.insert(d.rule.clone(), convert::rule_href(rule));
        }
    }
    let mut published: [Vec<(usize, lsp_types::Diagnostic)>; 2] = Default::default();
    for side in Side::BOTH {
        if missing == Some(side) {
            continue;
        }
        published[side as usize] = diagnostics
            .iter()
            .enumerate()
            .filter_map(|(i, d)| {
                let href = hrefs.get(&d.rule).and_then(Option::as_ref);
                Some((i, convert::diagnostic(d, side, &files, href)?))
            })
            .collect();
    }
    for side in Side::BOTH {
        if missing == Some(side) {
            continue;
        }
        let file = &pair.paths[side as usize];
        done.insert(file.clone());
        let list = published[side as usize]
            .iter()
            .map(|(_, d)| d.clone())
            .collect();
        let version = state.open.get(file).map(|o| o.version);
        out.push(Out::Publish(PublishDiagnosticsParams::new(
            uris[side as usize].clone(),
            list,
            version,
        )));
    }
    // Kept for the files open in the editor, which requests are about.
    let checked = Rc::new(Checked {
        paths: pair.paths.clone(),
        docs,
        diagnostics,
        published,
        rules,
    });
    for (side, file) in Side::BOTH.into_iter().zip(&pair.paths) {
        if missing != Some(side) && state.open.contains_key(file) {
            state.checked.insert(file.clone(), Rc::clone(&checked));
        }
    }
    out
}

/// The quick fixes for the findings in `params.range` of a document: one for each finding there
/// whose fix ([`crate::fix`]) edits this document, as `yizhi check --fix` would.
pub fn code_action(state: &State, params: CodeActionParams) -> Vec<CodeActionOrCommand> {
    let quickfix = CodeActionKind::QUICKFIX;
    // A client that asks only for other kinds, say `source.organizeImports`, gets none.
    if let Some(only) = &params.context.only
        && !only.iter().any(|kind| {
            let kind = kind.as_str();
            quickfix.as_str() == kind || quickfix.as_str().starts_with(&format!("{kind}."))
        })
    {
        return Vec::new();
    }
    let uri = params.text_document.uri;
    let Some((checked, side)) = checked(state, &uri) else {
        return Vec::new();
    };
    let doc = &checked.docs[side as usize];
    checked.published[side as usize]
        .iter()
        .filter(|(_, published)| touches(published.range, params.range))
        .filter_map(|(i, published)| {
            let fix = checked.diagnostics.get(*i)?.fix.as_ref()?;
            if fix.side != side || doc.text.get(fix.span.clone()).is_none() {
                return None;
            }
            let edit = TextEdit::new(convert::range(doc, &fix.span), fix.replacement.clone());
            Some(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("Replace with {}", fix.replacement),
                kind: Some(quickfix.clone()),
                diagnostics: Some(vec![published.clone()]),
                edit: Some(WorkspaceEdit {
                    changes: Some(std::iter::once((uri.clone(), vec![edit])).collect()),
                    ..WorkspaceEdit::default()
                }),
                is_preferred: Some(true),
                ..CodeAction::default()
            }))
        })
        .collect()
}

/// What the findings at a position say, in Markdown: for each finding with a label there, its
/// rule, message and help, the counterpart (its labels in the other file) and the rule's
/// explanation, as `yizhi explain` gives it. `None` off every finding.
pub fn hover(state: &State, params: HoverParams) -> Option<Hover> {
    let at = params.text_document_position_params;
    let (checked, side) = checked(state, &at.text_document.uri)?;
    let doc = &checked.docs[side as usize];
    let mut sections = Vec::new();
    for d in &checked.diagnostics {
        let here = d
            .labels
            .iter()
            .filter(|l| l.side == side)
            .find(|l| inside(at.position, convert::range(doc, &l.span)));
        if here.is_some() {
            sections.push(hover_section(checked, d, side));
        }
    }
    if sections.is_empty() {
        return None;
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: sections.join("\n\n---\n\n"),
        }),
        range: None,
    })
}

/// One finding in a hover.
fn hover_section(checked: &Checked, d: &Diagnostic, side: Side) -> String {
    let mut out = format!(
        "**{}** ({})\n\n{}",
        markdown_text(&d.rule),
        d.severity.as_str(),
        markdown_text(&d.message)
    );
    if let Some(help) = &d.help {
        out.push_str("\n\nhelp: ");
        out.push_str(&markdown_text(help));
    }
    let other = side.other();
    let counterpart: Vec<String> = d
        .labels
        .iter()
        .filter(|l| l.side == other)
        .map(|l| {
            let text = checked.docs[other as usize]
                .text
                .get(l.span.clone())
                .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|t| !t.is_empty());
            match text {
                Some(text) => format!("{}: {}", other.name(), markdown_text(&clip(&text))),
                None if l.message.is_empty() => other.name().to_string(),
                None => markdown_text(&l.message),
            }
        })
        .collect();
    if !counterpart.is_empty() {
        out.push_str("\n\n");
        out.push_str(&counterpart.join("  \n"));
    }
    if let Some(rule) = checked.rules.get(&d.rule) {
        out.push_str("\n\n");
        out.push_str(&markdown_text(&rule.summary));
        if !rule.docs.trim().is_empty() {
            // Rule documentation is written in Markdown.
            out.push_str("\n\n");
            out.push_str(rule.docs.trim());
        }
    }
    out
}

/// The pair as last checked for the open document `uri`, and the document's side in it.
fn checked<'s>(state: &'s State, uri: &lsp_types::Uri) -> Option<(&'s Checked, Side)> {
    let path = convert::uri_to_path(uri)?;
    let checked = state.checked.get(&path)?;
    Some((checked, checked.side_of(&path)?))
}

/// Whether two ranges overlap or touch: a cursor (an empty range) at either end of a finding
/// is on it.
fn touches(a: Range, b: Range) -> bool {
    a.start <= b.end && b.start <= a.end
}

/// Whether `position` is on the text of `range`: from its start up to, not including, its
/// end; an empty range holds its one position.
fn inside(position: Position, range: Range) -> bool {
    range.start <= position
        && (position < range.end || position == range.end && range.start == range.end)
}

/// At most 200 characters of a counterpart's text, with an ellipsis when there is more.
fn clip(text: &str) -> String {
    match text.char_indices().nth(200) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

/// Text shown as it is in Markdown: each ASCII punctuation character that Markdown reads is
/// escaped with a backslash, and line breaks become spaces.
fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}
