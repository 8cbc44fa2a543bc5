//! `yizhi lsp`: a language server over stdio, for editors.
//!
//! When a file of a pair is opened, changed, saved or closed, the server checks the pair —
//! the counterpart found through the project's layouts, its text taken from the editor when
//! it is open there, else from disk — and publishes diagnostics for both files: each file gets
//! the findings that have a label in it, at that label, with the labels in the other file as
//! related information. Ranges count UTF-16 code units. A file that no layout pairs gets no
//! diagnostics; a file whose counterpart does not exist gets `counterpart-missing`, as in
//! `yizhi check`. Closing a file keeps the pair's diagnostics while the other file is open,
//! and clears both when neither is.
//!
//! Each finding links to its rule's documentation (`codeDescription`). A finding with a fix
//! ([`crate::fix`]) is offered as a quick fix in the file the fix edits (`textDocument/
//! codeAction`), and hovering over a finding shows its rule, message, counterpart and the rule's
//! explanation (`textDocument/hover`). Both answer from the check that published the file's
//! diagnostics, after the changes already received are checked.
//!
//! Stdout carries the protocol and nothing else: messages for the user go to the client as
//! `window/logMessage` and `window/showMessage`.
#![deny(clippy::print_stdout, clippy::print_stderr)]

mod convert;
mod handlers;
mod state;
pub mod transport;

use std::collections::{BTreeSet, HashSet};

use lsp_server::{Connection, ErrorCode, Message, ProtocolError, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument, Exit,
    LogMessage, Notification, PublishDiagnostics, ShowMessage,
};
use lsp_types::request::{CodeActionRequest, HoverRequest, Request as _, Shutdown};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, HoverProviderCapability,
    InitializeParams, InitializeResult, LogMessageParams, MessageType, PositionEncodingKind,
    ServerCapabilities, ServerInfo, ShowMessageParams, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions,
};
use serde::Serialize;
use serde::de::DeserializeOwned;

use handlers::Out;
use state::State;

/// How a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// `shutdown`, then `exit`: the server exits with 0.
    Clean,
    /// `exit` without `shutdown`, or the client went away: the server exits with 1, as the
    /// protocol asks.
    Abrupt,
}

/// Why a session could not go on.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Protocol(#[from] ProtocolError),
    #[error("stdio: {0}")]
    Io(#[from] std::io::Error),
}

/// Serves one client on stdin and stdout until it exits.
pub fn run_stdio() -> Result<Ended, Error> {
    let (connection, io_threads) = transport::stdio();
    let ended = serve(&connection);
    drop(connection);
    let joined = io_threads.join();
    let ended = ended?;
    // A reader or writer that failed after a clean exit changes nothing for the client.
    if ended == Ended::Abrupt {
        joined?;
    }
    Ok(ended)
}

/// Serves one client on `connection`: the handshake, then messages until `exit`.
pub fn serve(connection: &Connection) -> Result<Ended, ProtocolError> {
    let (id, params) = connection.initialize_start()?;
    // Malformed parameters cost the workspace folders, not the session.
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let result = InitializeResult {
        capabilities: capabilities(),
        server_info: Some(ServerInfo {
            name: "yizhi".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
    };
    let result = serde_json::to_value(result).expect("the initialize result serialises");
    connection.initialize_finish(id, result)?;
    let mut server = Server {
        connection,
        state: State::default(),
        dirty: BTreeSet::new(),
    };
    server.state.projects.roots = roots(&params);
    server.main_loop()
}

/// What the server offers: diagnostics, pushed, from whole-document sync; quick fixes; hovers.
pub fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(PositionEncodingKind::UTF16),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::FULL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..TextDocumentSyncOptions::default()
            },
        )),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..CodeActionOptions::default()
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        ..ServerCapabilities::default()
    }
}

/// The workspace folders, or the root the client gave in older fields.
#[allow(deprecated)]
fn roots(params: &InitializeParams) -> Vec<std::path::PathBuf> {
    let folders = params.workspace_folders.iter().flatten().map(|f| &f.uri);
    folders
        .chain(params.root_uri.iter())
        .filter_map(convert::uri_to_path)
        .chain(
            params
                .root_path
                .iter()
                .map(std::path::PathBuf::from)
                .filter(|p| p.is_absolute()),
        )
        .collect()
}

pub(crate) struct Server<'c> {
    connection: &'c Connection,
    state: State,
    /// Open files whose pair must be checked before the next message is waited for.
    dirty: BTreeSet<std::path::PathBuf>,
}

impl Server<'_> {
    fn main_loop(&mut self) -> Result<Ended, ProtocolError> {
        let connection = self.connection;
        let receiver = &connection.receiver;
        for msg in receiver {
            if let Some(ended) = self.handle(msg)? {
                return Ok(ended);
            }
            // Editors send a change at every keystroke: the messages already waiting are read
            // first, so that a burst of them is checked once.
            while let Ok(msg) = receiver.try_recv() {
                if let Some(ended) = self.handle(msg)? {
                    return Ok(ended);
                }
            }
            self.flush();
        }
        Ok(Ended::Abrupt)
    }

    fn handle(&mut self, msg: Message) -> Result<Option<Ended>, ProtocolError> {
        match msg {
            Message::Request(req) => {
                if req.method == Shutdown::METHOD {
                    // After `shutdown` the session is over whatever comes: `exit`, or a client
                    // that hangs up without it.
                    let _ = self.connection.handle_shutdown(&req);
                    return Ok(Some(Ended::Clean));
                }
                let response = match req.method.as_str() {
                    CodeActionRequest::METHOD => self.answer(req, handlers::code_action),
                    HoverRequest::METHOD => self.answer(req, handlers::hover),
                    _ => Response::new_err(
                        req.id,
                        ErrorCode::MethodNotFound as i32,
                        format!("yizhi does not serve {}", req.method),
                    ),
                };
                self.send_message(response.into());
            }
            Message::Notification(note) => match note.method.as_str() {
                Exit::METHOD => return Ok(Some(Ended::Abrupt)),
                DidOpenTextDocument::METHOD => self.on(note, handlers::did_open),
                DidChangeTextDocument::METHOD => self.on(note, handlers::did_change),
                DidSaveTextDocument::METHOD => self.on(note, handlers::did_save),
                DidCloseTextDocument::METHOD => self.on(note, handlers::did_close),
                // `initialized`, `$/cancelRequest`, configuration changes: nothing to do.
                _ => {}
            },
            // The server sends no requests.
            Message::Response(_) => {}
        }
        Ok(None)
    }

    fn on<P: DeserializeOwned>(&mut self, note: lsp_server::Notification, f: fn(&mut Self, P)) {
        match serde_json::from_value(note.params) {
            Ok(params) => f(self, params),
            Err(e) => self.send(Out::Log(
                MessageType::WARNING,
                format!("ignored {}: {e}", note.method),
            )),
        }
    }

    /// The response to a request that reads the checked pairs: the changes received before it
    /// are checked first, so that it is answered from the text the client has.
    fn answer<P: DeserializeOwned, R: Serialize>(
        &mut self,
        req: lsp_server::Request,
        f: fn(&State, P) -> R,
    ) -> Response {
        match serde_json::from_value(req.params) {
            Ok(params) => {
                self.flush();
                Response::new_ok(req.id, f(&self.state, params))
            }
            Err(e) => Response::new_err(
                req.id,
                ErrorCode::InvalidParams as i32,
                format!("invalid {} parameters: {e}", req.method),
            ),
        }
    }

    /// Checks the pairs of the files that changed.
    fn flush(&mut self) {
        let mut done = HashSet::new();
        for path in std::mem::take(&mut self.dirty) {
            if done.contains(&path) {
                continue;
            }
            for out in handlers::check(&mut self.state, &path, &mut done) {
                self.send(out);
            }
        }
    }

    fn send(&self, out: Out) {
        let note = match out {
            Out::Publish(params) => {
                lsp_server::Notification::new(PublishDiagnostics::METHOD.into(), params)
            }
            Out::Log(typ, message) => lsp_server::Notification::new(
                LogMessage::METHOD.into(),
                LogMessageParams { typ, message },
            ),
            Out::Show(typ, message) => lsp_server::Notification::new(
                ShowMessage::METHOD.into(),
                ShowMessageParams { typ, message },
            ),
        };
        self.send_message(note.into());
    }

    fn send_message(&self, msg: Message) {
        // A client that went away ends the loop when its messages stop; nothing to do here.
        let _ = self.connection.sender.send(msg);
    }
}
