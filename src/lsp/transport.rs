//! The language server's stdio transport, in place of `lsp_server::Connection::stdio`, whose
//! reader ends the session at the first malformed message and allocates whatever length a
//! header declares. Here a message that is not JSON, not valid UTF-8, not an object, or has a
//! missing or bad `Content-Length` is answered with a JSON-RPC error (`-32700` parse error,
//! `-32600` invalid request) and the next one is read; a declared length over
//! [`MAX_MESSAGE_BYTES`] is refused and its body read past, never held.

use std::io::{self, BufRead, Read, Write};
use std::thread;

use crossbeam_channel::bounded;
use lsp_server::{Connection, Message};
use serde_json::{Value, json};

/// The largest message read: an editor's whole text of a document at the size limit, even
/// with every character escaped, and the rest of the message.
pub const MAX_MESSAGE_BYTES: u64 = 2 * crate::document::MAX_FILE_BYTES + 1024 * 1024;

/// The longest header line kept; a longer one is read past.
const MAX_HEADER_LINE: u64 = 8 * 1024;

const PARSE_ERROR: i32 = -32700;
const INVALID_REQUEST: i32 = -32600;

/// The reader and writer threads of a connection.
pub struct IoThreads {
    reader: thread::JoinHandle<io::Result<()>>,
    writer: thread::JoinHandle<io::Result<()>>,
}

impl IoThreads {
    pub fn join(self) -> io::Result<()> {
        let reader = self
            .reader
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        let writer = self
            .writer
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        reader.and(writer)
    }
}

/// A connection over stdin and stdout.
pub fn stdio() -> (Connection, IoThreads) {
    let (writer_sender, writer_receiver) = bounded::<Message>(0);
    let writer = thread::Builder::new()
        .name("yizhi-lsp-writer".into())
        .spawn(move || {
            for msg in writer_receiver {
                // Locked per message: the reader writes its error responses between them.
                let mut out = io::stdout().lock();
                msg.write(&mut out)?;
            }
            Ok(())
        })
        .expect("a thread starts");
    let (reader_sender, reader_receiver) = bounded::<Message>(0);
    let reader = thread::Builder::new()
        .name("yizhi-lsp-reader".into())
        .spawn(move || {
            let mut input = io::stdin().lock();
            loop {
                match read(&mut input)? {
                    Incoming::End => return Ok(()),
                    Incoming::Message(msg) => {
                        let exit = matches!(&msg, Message::Notification(n) if n.method == "exit");
                        if reader_sender.send(msg).is_err() || exit {
                            return Ok(());
                        }
                    }
                    Incoming::Malformed {
                        code,
                        message,
                        id,
                        skip,
                    } => {
                        write_error(&mut io::stdout().lock(), code, &message, id)?;
                        io::copy(&mut (&mut input).take(skip), &mut io::sink())?;
                    }
                }
            }
        })
        .expect("a thread starts");
    let connection = Connection {
        sender: writer_sender,
        receiver: reader_receiver,
    };
    (connection, IoThreads { reader, writer })
}

/// What was read from the input.
#[derive(Debug)]
pub enum Incoming {
    Message(Message),
    /// A message that cannot be served: the error to answer it with, the request's id when it
    /// was readable, and how many bytes of its body are still to be read past.
    Malformed {
        code: i32,
        message: String,
        id: Option<Value>,
        skip: u64,
    },
    /// The input ended (inside a message or between two).
    End,
}

/// Reads the next message from `input`.
pub fn read(input: &mut impl BufRead) -> io::Result<Incoming> {
    let malformed = |code, message: String| Incoming::Malformed {
        code,
        message,
        id: None,
        skip: 0,
    };
    let mut length: Option<Result<u64, String>> = None;
    let mut header = false;
    let mut line = Vec::new();
    loop {
        line.clear();
        let n = input
            .by_ref()
            .take(MAX_HEADER_LINE)
            .read_until(b'\n', &mut line)?;
        if n == 0 {
            return Ok(Incoming::End);
        }
        if line.last() != Some(&b'\n') && n as u64 == MAX_HEADER_LINE {
            // An over-long line: read past the rest of it.
            let mut rest = Vec::new();
            loop {
                rest.clear();
                let m = input
                    .by_ref()
                    .take(MAX_HEADER_LINE)
                    .read_until(b'\n', &mut rest)?;
                if m == 0 || rest.last() == Some(&b'\n') {
                    break;
                }
            }
            header = true;
            continue;
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if header {
                break;
            }
            continue;
        }
        header = true;
        // The header may follow, on the same line, the body of a message that had no
        // length: it is looked for anywhere in the line.
        if let Some(at) = text.to_ascii_lowercase().find("content-length:") {
            let value = text[at + "content-length:".len()..].trim();
            length = Some(
                value
                    .parse::<u64>()
                    .map_err(|_| format!("bad Content-Length `{}`", value.escape_debug())),
            );
        }
    }
    let length = match length {
        None => return Ok(malformed(PARSE_ERROR, "no Content-Length header".into())),
        Some(Err(e)) => return Ok(malformed(PARSE_ERROR, e)),
        Some(Ok(n)) => n,
    };
    if length > MAX_MESSAGE_BYTES {
        return Ok(Incoming::Malformed {
            code: INVALID_REQUEST,
            message: format!(
                "a message of {length} bytes, over the limit of {MAX_MESSAGE_BYTES} bytes"
            ),
            id: None,
            skip: length,
        });
    }
    // Grown as the bytes arrive, not reserved for the length declared.
    let mut body = Vec::new();
    input.by_ref().take(length).read_to_end(&mut body)?;
    if (body.len() as u64) < length {
        return Ok(Incoming::End);
    }
    let Ok(text) = std::str::from_utf8(&body) else {
        return Ok(malformed(
            PARSE_ERROR,
            "the message is not valid UTF-8".into(),
        ));
    };
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => return Ok(malformed(PARSE_ERROR, format!("invalid JSON: {e}"))),
    };
    if !value.is_object() {
        return Ok(malformed(
            INVALID_REQUEST,
            "the message is not a JSON object".into(),
        ));
    }
    let id = value
        .get("id")
        .filter(|id| id.is_string() || id.is_number())
        .cloned();
    Ok(match serde_json::from_value::<Message>(value) {
        Ok(msg) => Incoming::Message(msg),
        Err(e) => Incoming::Malformed {
            code: INVALID_REQUEST,
            message: format!("not a request, response or notification: {e}"),
            id,
            skip: 0,
        },
    })
}

/// Writes a JSON-RPC error response (its `id` null when the request's could not be read).
fn write_error(
    out: &mut impl Write,
    code: i32,
    message: &str,
    id: Option<Value>,
) -> io::Result<()> {
    let body = json!({
        "jsonrpc": "2.0",
        "id": id.unwrap_or(Value::Null),
        "error": {"code": code, "message": message},
    })
    .to_string();
    write!(out, "Content-Length: {}\r\n\r\n{body}", body.len())?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(input: &[u8]) -> i32 {
        match read(&mut &input[..]).unwrap() {
            Incoming::Malformed { code, .. } => code,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn malformed_messages_are_told_apart() {
        assert_eq!(code(b"Content-Length: 3\r\n\r\n{x}"), PARSE_ERROR);
        assert_eq!(code(b"Content-Length: 2\r\n\r\n\xff\xfe"), PARSE_ERROR);
        assert_eq!(code(b"Content-Length: 2\r\n\r\n[]"), INVALID_REQUEST);
        assert_eq!(code(b"Content-Length: 2\r\n\r\n{}"), INVALID_REQUEST);
        assert_eq!(code(b"Content-Length: x\r\n\r\n{}"), PARSE_ERROR);
        assert_eq!(code(b"Content-Type: json\r\n\r\n{}"), PARSE_ERROR);
        assert_eq!(
            code(b"Content-Length: 18446744073709551615\r\n\r\n"),
            INVALID_REQUEST
        );
        let ok = b"Content-Length: 40\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"initialized\"}";
        assert!(matches!(read(&mut &ok[..]).unwrap(), Incoming::Message(_)));
    }
}
