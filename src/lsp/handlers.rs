//! One function per notification, and the check of a pair that they lead to.
//!
//! The notifications only record what changed (the open documents, which files need checking);
//! [`check`] runs once the messages that were waiting have been read, so a burst of changes
//! costs one check.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use lsp_types::{
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    DidSaveTextDocumentParams, MessageType, PublishDiagnosticsParams,
};

use super::Server;
use super::convert::{self, File};
use super::state::{Lookup, Open, State};
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
    let (en, zh) = (&docs[0], &docs[1]);
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
    for side in Side::BOTH {
        if missing == Some(side) {
            continue;
        }
        let file = &pair.paths[side as usize];
        done.insert(file.clone());
        let list = diagnostics
            .iter()
            .filter_map(|d| convert::diagnostic(d, side, &files))
            .collect();
        let version = state.open.get(file).map(|o| o.version);
        out.push(Out::Publish(PublishDiagnosticsParams::new(
            uris[side as usize].clone(),
            list,
            version,
        )));
    }
    out
}
