//! Integration tests: run the built `izkit` binary over small messages written to a temp dir.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

const BIN: &str = env!("CARGO_BIN_EXE_izkit");

/// A fresh, unique temp directory for one test, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Self {
        static N: AtomicUsize = AtomicUsize::new(0);
        let n = N.fetch_add(1, Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("izkit-cli-test-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    fn write(&self, name: &str, bytes: &[u8]) -> String {
        std::fs::write(self.0.join(name), bytes).unwrap();
        name.to_string()
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs izkit in `dir` with `args` and `stdin`.
fn run_in(dir: &Path, args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let stdin = stdin.to_vec();
    let feeder = std::thread::spawn(move || {
        let _ = input.write_all(&stdin);
    });
    let out = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    out
}

fn run(dir: &TempDir, args: &[&str]) -> Output {
    run_in(&dir.0, args, b"")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn code(o: &Output) -> i32 {
    o.status.code().unwrap()
}

const MSG1: &str = "MSH|^~\\&|EHR|CLINIC|IIS||20240102||VXU^V04^VXU_V04|1|P|2.5.1\r\
PID|1||123^^^MR~456^^^SS||DOE^JANE||20200101|F\r\
RXA|0|1|20240102||08^HepB^CVX|0.5|mL^^UCUM\r\
RXA|0|1|20240102||10^IPV \\F\\ boost^CVX\r\
OBX|1|ST|30956-7^Vaccine^LN||line1\\.br\\line2\ttab\\E\\\r";

fn msg(id: u32, family: &str) -> String {
    format!(
        "MSH|^~\\&|EHR|CLINIC|IIS||20240102||VXU^V04^VXU_V04|{id}|P|2.5.1\r\
         PID|1||X{id}^^^MR||{family}^JANE||20200101|F\r\
         RXA|0|1|20240102||08^HepB^CVX|0.5|mL^^UCUM\r"
    )
}

#[test]
fn fmt_is_byte_identical() {
    let dir = TempDir::new();
    let two = format!("{}{}", msg(1, "DOE"), msg(2, "ROE"));
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("cr.hl7", two.clone().into_bytes()),
        ("lf.hl7", two.replace('\r', "\n").into_bytes()),
        ("crlf.hl7", two.replace('\r', "\r\n").into_bytes()),
        (
            "crlf-blank.hl7",
            format!("{}\r\n\r\n", two.replace('\r', "\r\n")).into_bytes(),
        ),
        (
            "mllp.hl7",
            format!("\x0b{}\x1c\r\x0b{}\x1c\r", msg(1, "DOE"), msg(2, "ROE")).into_bytes(),
        ),
        (
            "batch.hl7",
            format!(
                "FHS|^~\\&|EHR\rBHS|^~\\&|EHR\r{}{}BTS|2\rFTS|1\r",
                msg(1, "DOE"),
                msg(2, "ROE")
            )
            .into_bytes(),
        ),
        ("bom.hl7", format!("\u{FEFF}{}", msg(1, "DOE")).into_bytes()),
        ("noend.hl7", msg(1, "DOE").trim_end().as_bytes().to_vec()),
        ("escapes.hl7", MSG1.as_bytes().to_vec()),
    ];
    let mut all = Vec::new();
    let mut names = vec!["fmt"];
    for (name, bytes) in &cases {
        dir.write(name, bytes);
        let o = run(&dir, &["fmt", name]);
        assert_eq!(code(&o), 0, "{name}: {}", stderr(&o));
        assert_eq!(o.stdout, *bytes, "{name}");
        assert!(o.stderr.is_empty(), "{name}");
        all.extend_from_slice(bytes);
        names.push(name);
    }
    // Several files: the concatenation of all of them.
    let o = run(&dir, &names);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(o.stdout, all);
    // Standard input.
    let o = run_in(&dir.0, &["fmt", "-"], cases[5].1.as_slice());
    assert_eq!(code(&o), 0);
    assert_eq!(o.stdout, cases[5].1);
}

#[test]
fn fmt_writes_malformed_messages_unchanged_and_reports_them() {
    let dir = TempDir::new();
    let bad = format!("{}{}", msg(1, "DOE"), msg(2, "R\x01OE"));
    dir.write("bad.hl7", bad.as_bytes());
    let o = run(&dir, &["fmt", "bad.hl7"]);
    assert_eq!(code(&o), 1);
    assert_eq!(o.stdout, bad.as_bytes());
    assert_eq!(stderr(&o).lines().count(), 1);
}

#[test]
fn get_tsv() {
    let dir = TempDir::new();
    dir.write("m.hl7", MSG1.as_bytes());
    let o = run(
        &dir,
        &[
            "get",
            "PID-5.1,PID-3[2].1,RXA[2]-5.1,RXA[2]-5.2,PID-9,PID-5,MSH-9.2,OBX-5,RXA[3]-5.1,MSH-1,MSH-2",
            "m.hl7",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(o.stderr.is_empty());
    assert_eq!(
        stdout(&o),
        "m.hl7\t1\tPID-5.1\tDOE\n\
         m.hl7\t1\tPID-3[2].1\t456\n\
         m.hl7\t1\tRXA[2]-5.1\t10\n\
         m.hl7\t1\tRXA[2]-5.2\tIPV | boost\n\
         m.hl7\t1\tPID-9\t\n\
         m.hl7\t1\tPID-5\tDOE^JANE\n\
         m.hl7\t1\tMSH-9.2\tV04\n\
         m.hl7\t1\tOBX-5\tline1\\nline2\\ttab\\\n\
         m.hl7\t1\tRXA[3]-5.1\t\n\
         m.hl7\t1\tMSH-1\t|\n\
         m.hl7\t1\tMSH-2\t^~\\&\n"
    );
}

#[test]
fn get_json_with_null() {
    let dir = TempDir::new();
    dir.write("m.hl7", MSG1.as_bytes());
    let o = run(&dir, &["get", "PID-5.1,PID-9,OBX-5", "--json", "m.hl7"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "{\"file\":\"m.hl7\",\"message\":1,\"path\":\"PID-5.1\",\"value\":\"DOE\"}\n\
         {\"file\":\"m.hl7\",\"message\":1,\"path\":\"PID-9\",\"value\":null}\n\
         {\"file\":\"m.hl7\",\"message\":1,\"path\":\"OBX-5\",\"value\":\"line1\\nline2\\ttab\\\\\"}\n"
    );
    // --json first works too, and each line is valid JSON.
    let o2 = run(&dir, &["get", "--json", "PID-5.1,PID-9,OBX-5", "m.hl7"]);
    assert_eq!(o2.stdout, o.stdout);
    for line in stdout(&o).lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["message"], 1);
    }
}

#[test]
fn get_numbers_messages_per_file_without_envelope_segments() {
    let dir = TempDir::new();
    let batch = format!(
        "FHS|^~\\&|EHR\rBHS|^~\\&|EHR\r{}{}{}BTS|3\rFTS|1\r",
        msg(1, "AA"),
        msg(2, "BB"),
        msg(3, "CC")
    );
    dir.write("batch.hl7", batch.as_bytes());
    dir.write("one.hl7", msg(9, "ZZ").as_bytes());
    let o = run(&dir, &["get", "PID-5.1,MSH-10", "batch.hl7", "one.hl7"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "batch.hl7\t1\tPID-5.1\tAA\nbatch.hl7\t1\tMSH-10\t1\n\
         batch.hl7\t2\tPID-5.1\tBB\nbatch.hl7\t2\tMSH-10\t2\n\
         batch.hl7\t3\tPID-5.1\tCC\nbatch.hl7\t3\tMSH-10\t3\n\
         one.hl7\t1\tPID-5.1\tZZ\none.hl7\t1\tMSH-10\t9\n"
    );
}

#[test]
fn get_from_stdin() {
    let dir = TempDir::new();
    let input = format!("{}{}", msg(1, "DOE"), msg(2, "ROE")).replace('\r', "\r\n");
    let o = run_in(&dir.0, &["get", "--json", "PID-5.1", "-"], input.as_bytes());
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "{\"file\":\"-\",\"message\":1,\"path\":\"PID-5.1\",\"value\":\"DOE\"}\n\
         {\"file\":\"-\",\"message\":2,\"path\":\"PID-5.1\",\"value\":\"ROE\"}\n"
    );
}

#[test]
fn get_mllp_and_bom() {
    let dir = TempDir::new();
    let input = format!("\u{FEFF}{}\x0b{}\x1c\r", msg(1, "DOE"), msg(2, "ROE"));
    dir.write("x.hl7", input.as_bytes());
    let o = run(&dir, &["get", "PID-5.1", "x.hl7"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "x.hl7\t1\tPID-5.1\tDOE\nx.hl7\t2\tPID-5.1\tROE\n"
    );
}

#[test]
fn latin1_is_transcoded_and_fmt_keeps_the_bytes() {
    let dir = TempDir::new();
    let mut input =
        b"MSH|^~\\&|A|B|C|D|20240101||VXU^V04^VXU_V04|1|P|2.5.1||||||8859/1\rPID|1||X||M".to_vec();
    input.extend_from_slice(b"\xFCLLER^J\r");
    dir.write("l.hl7", &input);
    let o = run(&dir, &["get", "PID-5.1", "l.hl7"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(stdout(&o), "l.hl7\t1\tPID-5.1\tM\u{FC}LLER\n");
    let o = run(&dir, &["fmt", "l.hl7"]);
    assert_eq!(code(&o), 0);
    assert_eq!(o.stdout, input);
}

/// A file whose second message has a control character 0x01 in PID-5.1.
fn control_char_file() -> (String, usize) {
    let text = format!(
        "{}{}{}",
        msg(1, "ROE"),
        msg(2, "SECRETNAME\x01X"),
        msg(3, "POE")
    );
    let at = text.find('\x01').unwrap();
    (text, at)
}

#[test]
fn malformed_message_is_reported_exactly_and_the_rest_goes_on() {
    let dir = TempDir::new();
    let (text, at) = control_char_file();
    dir.write("f.hl7", text.as_bytes());
    let expected =
        format!("f.hl7: message 2: byte {at}: PID-5.1: control character 0x01 is not allowed\n");
    for args in [
        &["get", "PID-5.1", "f.hl7"][..],
        &["get", "--json", "PID-5.1", "f.hl7"],
        &["fmt", "f.hl7"],
        &["parse", "f.hl7"],
        &["parse", "--json", "f.hl7"],
    ] {
        let o = run(&dir, args);
        assert_eq!(code(&o), 1, "{args:?}");
        assert_eq!(stderr(&o), expected, "{args:?}");
        assert!(!stderr(&o).contains("SECRETNAME"));
        assert!(!stdout(&o).contains("SECRETNAME") || args[0] == "fmt");
    }
    let o = run(&dir, &["get", "PID-5.1", "f.hl7"]);
    assert_eq!(
        stdout(&o),
        "f.hl7\t1\tPID-5.1\tROE\nf.hl7\t3\tPID-5.1\tPOE\n"
    );
    // Offsets count from the start of the file, whatever its line endings.
    let crlf = text.replace('\r', "\r\n");
    let at = crlf.find('\x01').unwrap();
    let o = run_in(&dir.0, &["get", "PID-5.1", "-"], crlf.as_bytes());
    assert_eq!(code(&o), 1);
    assert_eq!(
        stderr(&o),
        format!("-: message 2: byte {at}: PID-5.1: control character 0x01 is not allowed\n")
    );
}

#[test]
fn not_hl7_and_bad_utf8_are_malformed() {
    let dir = TempDir::new();
    dir.write("junk.txt", b"hello world\n");
    let o = run(&dir, &["get", "PID-5.1", "junk.txt"]);
    assert_eq!(code(&o), 1);
    assert_eq!(
        stderr(&o),
        "junk.txt: message 1: byte 0: -: message does not start with MSH\n"
    );
    let mut bad = msg(1, "DOE").into_bytes();
    let at = bad.len();
    bad.extend_from_slice(b"NTE|1||\xFF\xFE\r");
    dir.write("utf8.hl7", &bad);
    let o = run(&dir, &["get", "PID-5.1", "utf8.hl7"]);
    assert_eq!(code(&o), 1);
    assert_eq!(
        stderr(&o),
        format!(
            "utf8.hl7: message 1: byte {}: -: bytes are not valid UTF-8\n",
            at + 7
        )
    );
    assert!(o.stdout.is_empty());
    // An empty file holds no message and is no error.
    dir.write("empty.hl7", b"");
    let o = run(&dir, &["get", "PID-5.1", "empty.hl7"]);
    assert_eq!(code(&o), 0);
    assert!(o.stdout.is_empty() && o.stderr.is_empty());
}

#[test]
fn bad_batch_counts_are_reported() {
    let dir = TempDir::new();
    let head = format!(
        "FHS|^~\\&|EHR\rBHS|^~\\&|EHR\r{}{}",
        msg(1, "DOE"),
        msg(2, "ROE")
    );
    let text = format!("{head}BTS|3\rFTS|1\r");
    dir.write("b.hl7", text.as_bytes());
    let o = run(&dir, &["get", "PID-5.1", "b.hl7"]);
    assert_eq!(code(&o), 1);
    assert_eq!(
        stderr(&o),
        format!(
            "b.hl7: message 2: byte {}: BTS-1: BTS-1 declares 3 but 2 were found\n",
            head.len() + 4
        )
    );
    // The messages themselves are fine and still printed.
    assert_eq!(
        stdout(&o),
        "b.hl7\t1\tPID-5.1\tDOE\nb.hl7\t2\tPID-5.1\tROE\n"
    );
    // fmt still writes the file unchanged.
    let o = run(&dir, &["fmt", "b.hl7"]);
    assert_eq!(code(&o), 1);
    assert_eq!(o.stdout, text.as_bytes());

    // BTS without BHS.
    let head = msg(1, "DOE");
    dir.write("c.hl7", format!("{head}BTS|1\r").as_bytes());
    let o = run(&dir, &["get", "PID-5.1", "c.hl7"]);
    assert_eq!(code(&o), 1);
    assert_eq!(
        stderr(&o),
        format!(
            "c.hl7: message 1: byte {}: -: broken batch envelope: BTS without BHS\n",
            head.len()
        )
    );
    // BTS before any message: N = 0.
    dir.write("d.hl7", format!("BTS|1\r{head}").as_bytes());
    let o = run(&dir, &["get", "PID-5.1", "d.hl7"]);
    assert_eq!(code(&o), 1);
    assert!(
        stderr(&o).starts_with("d.hl7: message 0: byte 0: -: "),
        "{}",
        stderr(&o)
    );
    // An unclosed batch is reported at the end of the file.
    let text = format!("BHS|^~\\&\r{head}");
    dir.write("e.hl7", text.as_bytes());
    let o = run(&dir, &["fmt", "e.hl7"]);
    assert_eq!(code(&o), 1);
    assert_eq!(o.stdout, text.as_bytes());
    assert!(
        stderr(&o).starts_with(&format!("e.hl7: message 1: byte {}: -: ", text.len())),
        "{}",
        stderr(&o)
    );
}

#[test]
fn parse_json_tree() {
    let dir = TempDir::new();
    let text = "MSH|^~\\&|A|B\rPID|1||123^^^MR&X&Y~456||DOE^J\\F\\O||\rZZZ\r";
    dir.write("p.hl7", text.as_bytes());
    let o = run(&dir, &["parse", "--json", "p.hl7"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "{\"file\":\"p.hl7\",\"message\":1,\"segments\":[\
         {\"id\":\"MSH\",\"fields\":[[[[\"|\"]]],[[[\"^~\\\\&\"]]],[[[\"A\"]]],[[[\"B\"]]]]},\
         {\"id\":\"PID\",\"fields\":[[[[\"1\"]]],[[[\"\"]]],\
         [[[\"123\"],[\"\"],[\"\"],[\"MR\",\"X\",\"Y\"]],[[\"456\"]]],[[[\"\"]]],\
         [[[\"DOE\"],[\"J|O\"]]],[[[\"\"]]],[[[\"\"]]]]},\
         {\"id\":\"ZZZ\",\"fields\":[]}]}\n"
    );
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim_end()).unwrap();
    assert_eq!(v["segments"][1]["fields"][4][0][1][0], "J|O");
}

#[test]
fn parse_text_tree() {
    let dir = TempDir::new();
    dir.write("m.hl7", MSH_SMALL.as_bytes());
    let o = run(&dir, &["parse", "m.hl7"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "m.hl7: message 1\n\
         \x20 MSH\n\
         \x20   MSH-1\t|\n\
         \x20   MSH-2\t^~\\&\n\
         \x20   MSH-3\tA\n\
         \x20 PID\n\
         \x20   PID-3.1\t123\n\
         \x20   PID-3.4.1\tMR\n\
         \x20   PID-3.4.2\tX\n\
         \x20   PID-3[2]\t456\n\
         \x20   PID-5.1\tDOE\n\
         \x20   PID-5.2\tJ|O\n\
         \x20   PID-7\t20200101\n\
         \x20 RXA\n\
         \x20   RXA-5.1\t08\n\
         \x20   RXA-5.2\tHepB\n\
         \x20 RXA[2]\n\
         \x20   RXA[2]-5.1\t10\n\
         \x20   RXA[2]-5.2\tIPV\n"
    );
}

#[test]
fn route_and_redact() {
    let dir = TempDir::new();
    // The NIST VXU with its doses given in Maryland and the patient living in Virginia.
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../examples/messages/vxu-nist-multiple-doses.hl7"),
    )
    .unwrap()
    .replace("^^^NIST-Clinic-1", "^^^NIST-Clinic-1^^^^^^^Baltimore^MD")
    .replace(
        "543 Blount Drive^^Bozeman^MT^59715^USA^P||",
        "12 Main St^^Richmond^VA^23220^USA^H||",
    );
    dir.write("v.hl7", text.as_bytes());
    let o = run(&dir, &["route", "--json", "v.hl7"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let line: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(line["file"], "v.hl7");
    assert_eq!(line["message"], 1);
    let ds = line["decisions"].as_array().unwrap();
    let got: Vec<(&str, &str)> = ds
        .iter()
        .map(|d| {
            (
                d["destination"].as_str().unwrap(),
                d["action"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(got, [("MD", "send"), ("VA", "send")]);
    assert!(ds[0]["hl7"]
        .as_str()
        .unwrap()
        .starts_with("MSH|^~\\&|NISTEHRAPP|NISTEHRFAC|ImmuNet|MD|"));
    let mut trace = line.clone();
    for d in trace["decisions"].as_array_mut().unwrap() {
        d.as_object_mut().unwrap().remove("hl7");
    }
    assert!(!trace.to_string().contains("Richardson"));
    // Text: one line per decision; --hl7 adds the messages.
    let o = run(&dir, &["route", "v.hl7"]);
    assert_eq!(stdout(&o).lines().count(), 2);
    assert!(stdout(&o).starts_with("v.hl7: message 1: send MD: default/send-administering"));
    let o = run(&dir, &["route", "--hl7", "--lf", "v.hl7"]);
    assert_eq!(
        stdout(&o).lines().filter(|l| l.starts_with("MSH|")).count(),
        2
    );
    // A policy that does not load: exit 2, the place in the file, nothing read.
    dir.write(
        "p.json",
        b"{\"rules\": [{\"id\": \"a\", \"action\": \"send\", \"to\": \"ZZ\"}]}",
    );
    let o = run(&dir, &["route", "--policy", "p.json", "v.hl7"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("/rules/0/to"), "{}", stderr(&o));
    // A transformation that fails: reported, exit 1.
    dir.write(
        "t.json",
        b"{\"extends\": \"default\", \"destinations\": {\"VA\": {\"transforms\": [{\"set\": \"ZZZ-1\", \"value\": \"x\"}]}}}",
    );
    let o = run(&dir, &["route", "--policy", "t.json", "v.hl7"]);
    assert_eq!(code(&o), 1);
    assert!(
        stderr(&o).contains("transformation failed"),
        "{}",
        stderr(&o)
    );
    // redact: MSH kept, the patient's name gone, the output parses back.
    let o = run(&dir, &["redact", "v.hl7"]);
    assert_eq!(code(&o), 0);
    let out = stdout(&o);
    assert!(out.starts_with("MSH|^~\\&|NISTEHRAPP|"));
    assert!(!out.contains("Richardson") && !out.contains("20150415"));
    izkit::Message::parse(out.trim_end_matches('\n')).unwrap();
}

const MSH_SMALL: &str = "MSH|^~\\&|A\r\
PID|||123^^^MR&X~456||DOE^J\\F\\O||20200101\r\
RXA|||||08^HepB\r\
RXA|||||10^IPV\r";

#[test]
fn usage_and_io_errors() {
    let dir = TempDir::new();
    dir.write("m.hl7", msg(1, "DOE").as_bytes());

    for args in [&["--help"][..], &["help"], &["-h"], &["get", "--help"]] {
        let o = run(&dir, args);
        assert_eq!(code(&o), 0, "{args:?}");
        assert!(stdout(&o).contains("izkit get [--json] PATHS FILE..."));
        assert!(stdout(&o).contains("izkit validate [--profile ID] [--json]"));
        assert!(stdout(&o).contains("izkit route [--policy FILE]"));
    }
    let o = run(&dir, &["--version"]);
    assert_eq!(code(&o), 0);
    assert_eq!(stdout(&o), format!("izkit {}\n", env!("CARGO_PKG_VERSION")));

    for args in [
        &[][..],
        &["frobnicate"],
        &["route"],
        &["route", "--policy", "missing.json", "m.hl7"],
        &["redact", "--json", "m.hl7"],
        &["validate"],
        &["validate", "--profile", "Z99", "m.hl7"],
        &["validate", "--today", "25/11/2026", "m.hl7"],
        &["ack", "--json", "m.hl7"],
        &["fmt"],
        &["get"],
        &["get", "PID-5.1"],
        &["parse"],
        &["parse", "--bogus", "m.hl7"],
    ] {
        let o = run(&dir, args);
        assert_eq!(code(&o), 2, "{args:?}");
        assert!(o.stdout.is_empty(), "{args:?}");
        assert!(stderr(&o).contains("Usage:"), "{args:?}");
    }

    // An invalid path is a usage error, reported before any file is read.
    let o = run(&dir, &["get", "PID-5.1,pid-5", "missing.hl7"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).starts_with("izkit: get: invalid path 'pid-5': invalid path: "));
    assert!(!stderr(&o).contains("missing.hl7"));

    // A missing file: exit 2, the other files are still read.
    let o = run(&dir, &["get", "PID-5.1", "missing.hl7", "m.hl7"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).starts_with("izkit: missing.hl7: "),
        "{}",
        stderr(&o)
    );
    assert_eq!(stdout(&o), "m.hl7\t1\tPID-5.1\tDOE\n");
    // A directory cannot be read.
    std::fs::create_dir_all(dir.path("sub")).unwrap();
    let o = run(&dir, &["fmt", "sub"]);
    assert_eq!(code(&o), 2);
    // I/O error beats malformed input.
    let (text, _) = control_char_file();
    dir.write("f.hl7", text.as_bytes());
    let o = run(&dir, &["fmt", "f.hl7", "missing.hl7"]);
    assert_eq!(code(&o), 2);
}

/// Writes about `size` bytes of messages to `path`; returns how many.
fn write_many(path: &Path, size: usize) -> usize {
    let mut w = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let mut written = 0;
    let mut n = 0;
    while written < size {
        n += 1;
        let m = format!(
            "{}OBX|1|ST|30956-7^Vaccine^LN||{}\r",
            msg(n as u32, &format!("FAM{n}")),
            "x".repeat(300)
        );
        w.write_all(m.as_bytes()).unwrap();
        written += m.len();
    }
    w.flush().unwrap();
    n
}

#[test]
fn streams_a_large_file() {
    let dir = TempDir::new();
    let n = write_many(&dir.path("big.hl7"), 50 << 20);
    let o = run(&dir, &["get", "PID-5.1,MSH-10", "big.hl7"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 2 * n);
    assert!(out.starts_with("big.hl7\t1\tPID-5.1\tFAM1\nbig.hl7\t1\tMSH-10\t1\n"));
    assert!(out.ends_with(&format!(
        "big.hl7\t{n}\tPID-5.1\tFAM{n}\nbig.hl7\t{n}\tMSH-10\t{n}\n"
    )));
}

#[test]
fn broken_pipe_exits_quietly() {
    let dir = TempDir::new();
    write_many(&dir.path("pipe.hl7"), 4 << 20);
    for args in [
        &["fmt", "pipe.hl7"][..],
        &["get", "PID-5.1", "pipe.hl7"],
        &["parse", "pipe.hl7"],
    ] {
        let mut child = Command::new(BIN)
            .args(args)
            .current_dir(&dir.0)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = [0u8; 100];
        child
            .stdout
            .as_mut()
            .unwrap()
            .read_exact(&mut first)
            .unwrap();
        drop(child.stdout.take());
        let o = child.wait_with_output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{args:?}");
        assert!(
            o.stderr.is_empty(),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
}

/// The bundled sample messages, when the repository has them: `fmt` gives each back unchanged
/// and `get`/`parse` run without an I/O error.
#[test]
fn bundled_samples_round_trip() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/messages");
    let Ok(entries) = std::fs::read_dir(&root) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if !path.is_file() || path.extension().and_then(|e| e.to_str()) != Some("hl7") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let name = path.to_str().unwrap();
        let o = run_in(&root, &["fmt", name], b"");
        assert_ne!(code(&o), 2, "{name}");
        assert_eq!(o.stdout, bytes, "{name}");
        for args in [
            &["get", "MSH-9,PID-5.1", name][..],
            &["parse", "--json", name],
            &["parse", name],
        ] {
            let o = run_in(&root, args, b"");
            assert_ne!(code(&o), 2, "{args:?}");
            if code(&o) == 0 {
                assert!(o.stderr.is_empty());
            }
        }
    }
}

// ---- validate and ack ---------------------------------------------------------------------

/// A VXU that meets the Z22 profile (the NIST test tool's message, trimmed to one historical
/// dose), with `family` as the patient's family name and `fields` replaced (`("PID-5", "")`).
fn vxu(control: &str, family: &str, fields: &[(&str, &str)]) -> String {
    let text = format!(
        "MSH|^~\\&|NISTEHRAPP|NISTEHRFAC|NISTIISAPP|NISTIISFAC|20150624073733.994-0500||VXU^V04^VXU_V04|{control}|P|2.5.1|||ER|AL|||||Z22^CDCPHINVS|NISTEHRFAC|NISTIISFAC\r\
         PID|1||3123^^^NIST-MPI-1^MR||{family}^Russell^Clint^^^^L|Billington^^^^^^M|20150415|M||1002-5^American Indian or Alaska Native^CDCREC|543 Blount Drive^^Bozeman^MT^59715^USA^P||^PRN^PH^^^406^5557690|||||||||2186-5^Not Hispanic or Latino^CDCREC||N|1|||||N\r\
         PD1|||||||||||02^Reminder/recall - any method^HL70215|N|20150624|||A|20150415|20150624\r\
         ORC|RE||31528^NIST-AA-IZ-2|||||||7824^Jackson^Lily^Suzanne^^^^^NIST-PI-1^L^^^PRN|||||||NISTEHRFAC^NISTEHRFacility^HL70362\r\
         RXA|0|1|20150416||45^Hep B, unspecified formulation^CVX|999|||01^Historical Administration^NIP001|||||||||||CP|A\r"
    );
    let mut m = izkit::OwnedMessage::parse(&text).unwrap();
    for (path, value) in fields {
        m.set_raw(path, value).unwrap();
    }
    m.to_string()
}

const TODAY: &str = "--today=2026-11-25";

#[test]
fn validate_text_reports_findings_and_sets_the_exit_status() {
    let dir = TempDir::new();
    dir.write("good.hl7", vxu("G1", "SECRETNAME", &[]).as_bytes());
    let o = run(&dir, &["validate", TODAY, "good.hl7"]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    assert!(o.stderr.is_empty());
    let out = stdout(&o);
    let last = out.lines().last().unwrap();
    assert!(last.starts_with("good.hl7: message 1: Z22: "), "{out}");
    assert!(!out.contains(" error "), "{out}");

    // Two messages in one file, the second without a patient name: a finding line with
    // severity, code, path and text, and a summary line per message.
    let two = vxu("G1", "SECRETNAME", &[]) + &vxu("B2", "DOE", &[("PID-5", "")]);
    dir.write("two.hl7", two.as_bytes());
    let o = run(&dir, &["validate", TODAY, "two.hl7"]);
    assert_eq!(code(&o), 1);
    let out = stdout(&o);
    assert!(
        out.lines()
            .any(|l| l.starts_with("two.hl7: message 2: error 101 PID[1]-5: ")),
        "{out}"
    );
    assert!(
        out.lines()
            .any(|l| l.starts_with("two.hl7: message 2: Z22: ") && l.contains("error")),
        "{out}"
    );
    assert!(out
        .lines()
        .any(|l| l.starts_with("two.hl7: message 1: Z22: ")));
    assert!(!out.contains("SECRETNAME"), "findings echo content");

    // From stdin, with a forced profile.
    let o = run_in(
        &dir.0,
        &["validate", "--profile", "Z22", TODAY, "-"],
        vxu("S1", "DOE", &[]).as_bytes(),
    );
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    assert!(stdout(&o)
        .lines()
        .last()
        .unwrap()
        .starts_with("-: message 1: Z22: "));

    // An unsupported message type: no profile, a 200 finding.
    dir.write(
        "adt.hl7",
        vxu("A1", "DOE", &[("MSH-9", "ADT^A01^ADT_A01"), ("MSH-21", "")]).as_bytes(),
    );
    let o = run(&dir, &["validate", TODAY, "adt.hl7"]);
    assert_eq!(code(&o), 1);
    assert_eq!(
        stdout(&o),
        "adt.hl7: message 1: error 200 MSH[1]-9.1: message type in MSH-9.1 is not supported by any profile\n\
         adt.hl7: message 1: -: 1 error\n"
    );
}

#[test]
fn validate_json_lines_follow_the_contract() {
    let dir = TempDir::new();
    let two = vxu("G1", "SECRETNAME", &[]) + &vxu("B2", "DOE", &[("PID-5", ""), ("PID-8", "Z")]);
    dir.write("two.hl7", two.as_bytes());
    let o = run(&dir, &["validate", "--json", TODAY, "two.hl7"]);
    assert_eq!(code(&o), 1);
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    for (i, line) in lines.iter().enumerate() {
        let mut keys: Vec<&String> = line.as_object().unwrap().keys().collect();
        keys.sort();
        assert_eq!(keys, ["file", "findings", "message", "profile"]);
        assert_eq!(line["file"], "two.hl7");
        assert_eq!(line["message"], i + 1);
        assert_eq!(line["profile"], "Z22");
        for f in line["findings"].as_array().unwrap() {
            let mut keys: Vec<&String> = f.as_object().unwrap().keys().collect();
            keys.sort();
            assert_eq!(
                keys,
                ["app_code", "code", "location", "path", "range", "rule", "severity", "text"]
            );
        }
    }
    let findings = lines[1]["findings"].as_array().unwrap();
    let has = |code: u64, location: &str| {
        findings
            .iter()
            .any(|f| f["code"] == code && f["location"] == location)
    };
    assert!(has(101, "PID^1^5^1"), "{findings:?}");
    assert!(has(103, "PID^1^8^1"), "{findings:?}");
    let f101 = findings.iter().find(|f| f["code"] == 101).unwrap();
    assert_eq!(f101["severity"], "error");
    assert_eq!(f101["path"], "PID[1]-5");
    assert!(!stdout(&o).contains("SECRETNAME"));
    // The first message has no error finding.
    assert!(lines[0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["severity"] != "error"));
}

#[test]
fn validate_reports_malformed_messages_and_goes_on() {
    let dir = TempDir::new();
    let text = format!(
        "{}NOT A MESSAGE\r{}",
        vxu("G1", "DOE", &[]),
        vxu("G2", "DOE", &[])
    );
    dir.write("mixed.hl7", text.as_bytes());
    let o = run(&dir, &["validate", "--json", TODAY, "mixed.hl7"]);
    assert_eq!(code(&o), 1);
    assert!(!stderr(&o).is_empty());
    assert!(
        stderr(&o).starts_with("mixed.hl7: message "),
        "{}",
        stderr(&o)
    );
    // The good messages are still reported.
    let good: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(!good.is_empty());
    assert!(good.iter().all(|l| l["profile"] == "Z22"));
}

/// The messages of `izkit ack`'s output.
fn acks(out: &[u8]) -> Vec<izkit::OwnedMessage> {
    let text = String::from_utf8(out.to_vec()).unwrap();
    izkit::parse_many(&text)
        .unwrap()
        .iter()
        .map(|m| m.to_owned_message())
        .collect()
}

#[test]
fn ack_prints_one_acknowledgement_per_message() {
    let dir = TempDir::new();
    let two = vxu("G1", "SECRETNAME", &[]) + &vxu("B2", "SECRETNAME", &[("PID-5", "")]);
    dir.write("two.hl7", two.as_bytes());
    let o = run(
        &dir,
        &[
            "ack",
            TODAY,
            "--control-id",
            "A-1",
            "--timestamp=20260101120000+0000",
            "two.hl7",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(o.stderr.is_empty());
    let out = stdout(&o);
    assert!(!out.contains("SECRETNAME"));
    // Segments end with CR; each acknowledgement is followed by LF.
    assert!(out.starts_with("MSH|"));
    assert!(out.ends_with("\r\n"));
    assert_eq!(out.matches('\n').count(), 2);
    let a = acks(&o.stdout);
    assert_eq!(a.len(), 2);
    let get = |i: usize, p: &str| a[i].get(p).unwrap();
    assert_eq!(get(0, "MSH-9").as_deref(), Some("ACK^V04^ACK"));
    assert_eq!(get(0, "MSH-10").as_deref(), Some("A-1"));
    assert_eq!(get(0, "MSH-7").as_deref(), Some("20260101120000+0000"));
    assert_eq!(get(0, "MSH-3").as_deref(), Some("NISTIISAPP"));
    assert_eq!(get(0, "MSA-1").as_deref(), Some("AA"));
    assert_eq!(get(0, "MSA-2").as_deref(), Some("G1"));
    assert_eq!(get(1, "MSA-1").as_deref(), Some("AE"));
    assert_eq!(get(1, "MSA-2").as_deref(), Some("B2"));
    assert_eq!(get(1, "ERR-3.1").as_deref(), Some("101"));

    // --lf: LF-terminated segments, a blank line between acknowledgements; it reads back.
    let o = run(&dir, &["ack", "--lf", TODAY, "two.hl7"]);
    assert_eq!(code(&o), 0);
    let out = stdout(&o);
    assert!(!out.contains('\r'));
    assert!(out.contains("\n\nMSH|"));
    assert_eq!(acks(&o.stdout).len(), 2);

    // A malformed message gets no acknowledgement: exit 1, the others are acknowledged.
    dir.write("bad.hl7", b"MSH|^~\\&|A\rPID|1\x01\r");
    let o = run(&dir, &["ack", "bad.hl7", "two.hl7"]);
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).starts_with("bad.hl7: message 1: "));
    assert_eq!(acks(&o.stdout).len(), 2);
}

/// `--profiles DIR` adds a jurisdiction's NIST-format profiles (here: a copy of the CDC Z22
/// that makes PID-22 required); `--tables DIR` replaces the CVX/MVX tables (here: without
/// CVX 45). Bad folders are usage errors.
#[test]
fn validate_with_profiles_and_tables_from_folders() {
    let dir = TempDir::new();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/data");
    // A local profile set: the CDC Z22 with PID-22 (ethnic group) made required.
    let local = dir.path("local");
    for sub in ["profiles", "constraints", "valuesets"] {
        std::fs::create_dir_all(local.join(sub)).unwrap();
    }
    let nist = data.join("profiles/nist-iz-r1.5");
    let profile = std::fs::read_to_string(nist.join("profiles/VXU-Z22_Profile.xml")).unwrap();
    let marker = "<Field Name=\"Ethnic Group\" Usage=\"RE\"";
    assert!(profile.contains(marker), "the CDC Z22 has PID-22 as RE");
    let tightened = profile.replacen(marker, "<Field Name=\"Ethnic Group\" Usage=\"R\"", 1);
    std::fs::write(local.join("profiles/VXU-Z22_Profile.xml"), tightened).unwrap();
    for (sub, file) in [
        ("constraints", "VXU-Z22_Constraints.xml"),
        ("valuesets", "VXU-Z22_ValueSetLibrary.xml"),
    ] {
        std::fs::copy(nist.join(sub).join(file), local.join(sub).join(file)).unwrap();
    }
    let no_ethnicity = vxu("L1", "SECRETNAME", &[("PID-22", "")]);
    dir.write("m.hl7", no_ethnicity.as_bytes());
    let o = run(&dir, &["validate", TODAY, "--json", "m.hl7"]);
    assert_eq!(code(&o), 0, "built-in Z22: PID-22 is RE: {}", stdout(&o));
    let o = run(
        &dir,
        &["validate", TODAY, "--json", "--profiles", "local", "m.hl7"],
    );
    assert_eq!(code(&o), 1, "{}", stdout(&o));
    assert!(
        stdout(&o)
            .contains("\"code\":101,\"app_code\":null,\"rule\":null,\"location\":\"PID^1^22^1\""),
        "{}",
        stdout(&o)
    );

    // Tables without CVX 45: the dose's vaccine is now unknown.
    let tables = dir.path("tables");
    std::fs::create_dir_all(&tables).unwrap();
    let cvx = std::fs::read_to_string(data.join("tables/cvx.csv")).unwrap();
    let without_45: String = cvx
        .lines()
        .filter(|l| !l.starts_with("45,"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(without_45.len() < cvx.len());
    std::fs::write(tables.join("cvx.csv"), without_45).unwrap();
    std::fs::copy(data.join("tables/mvx.csv"), tables.join("mvx.csv")).unwrap();
    dir.write("ok.hl7", vxu("T1", "SECRETNAME", &[]).as_bytes());
    let o = run(&dir, &["validate", TODAY, "ok.hl7"]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    let o = run(&dir, &["validate", TODAY, "--tables", "tables", "ok.hl7"]);
    assert_eq!(code(&o), 1, "{}", stdout(&o));
    assert!(
        stdout(&o).contains("izkit:rxa-5-cvx-unknown"),
        "{}",
        stdout(&o)
    );
    let o = run(
        &dir,
        &[
            "ack",
            TODAY,
            "--tables",
            "tables",
            "--control-id",
            "A1",
            "ok.hl7",
        ],
    );
    assert_eq!(code(&o), 0);
    assert!(stdout(&o).contains("MSA|AE|T1"), "{}", stdout(&o));

    // Folders that are not profile or table folders.
    for args in [
        &["validate", "--profiles", "nowhere", "ok.hl7"][..],
        &["validate", "--profiles", "tables", "ok.hl7"][..],
        &["validate", "--tables", "nowhere", "ok.hl7"][..],
    ] {
        let o = run(&dir, args);
        assert_eq!(code(&o), 2, "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("--"), "{args:?}: {}", stderr(&o));
    }
}

/// The JSON lines of `izkit fhir`.
fn bundles(out: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8(out.to_vec())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn fhir_prints_one_bundle_per_message_and_reports_the_others() {
    let dir = TempDir::new();
    let two = vxu("G1", "SECRETNAME", &[]) + &vxu("G2", "DOE", &[]);
    dir.write("two.hl7", two.as_bytes());
    let o = run(&dir, &["fhir", "two.hl7"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(o.stderr.is_empty());
    let b = bundles(&o.stdout);
    assert_eq!(b.len(), 2);
    for bundle in &b {
        assert_eq!(bundle["resourceType"], "Bundle");
        assert_eq!(bundle["type"], "message");
        assert_eq!(
            bundle["entry"][0]["resource"]["resourceType"],
            "MessageHeader"
        );
    }
    // --pretty: the same Bundles, indented; from standard input.
    let o = run_in(&dir.0, &["fhir", "--pretty", "-"], two.as_bytes());
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.starts_with("{\n  \"resourceType\": \"Bundle\""),
        "{out}"
    );
    let pretty: Vec<serde_json::Value> = serde_json::Deserializer::from_str(&out)
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(pretty, b);
    // --local-offset is accepted in both spellings.
    for off in ["--local-offset=-05:00", "--local-offset=+0530"] {
        let o = run(&dir, &["fhir", off, "two.hl7"]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        assert_eq!(bundles(&o.stdout).len(), 2);
    }

    // A malformed message and a message the mapping refuses (an ADT) are reported with file
    // and message number, without content; the others are still converted; exit 1.
    let adt = vxu(
        "A1",
        "SECRETNAME",
        &[("MSH-9", "ADT^A01^ADT_A01"), ("MSH-21", "")],
    );
    let mixed = format!(
        "{}MSH|^~\\&|A\rPID|1\x01\r{adt}{}",
        vxu("G1", "DOE", &[]),
        vxu("G4", "DOE", &[])
    );
    dir.write("mixed.hl7", mixed.as_bytes());
    let o = run(&dir, &["fhir", "mixed.hl7"]);
    assert_eq!(code(&o), 1);
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert!(lines[0].starts_with("mixed.hl7: message 2: byte "), "{err}");
    assert!(lines[1].starts_with("mixed.hl7: message 3: byte "), "{err}");
    assert!(lines[1].contains("cannot map to FHIR"), "{err}");
    assert!(!err.contains("SECRETNAME"));
    assert_eq!(bundles(&o.stdout).len(), 2);
    // A missing file: exit 2.
    let o = run(&dir, &["fhir", "missing.hl7", "two.hl7"]);
    assert_eq!(code(&o), 2);
    assert_eq!(bundles(&o.stdout).len(), 2);
}

#[test]
fn fhir_usage_errors() {
    let dir = TempDir::new();
    for args in [
        &["fhir"][..],
        &["fhir", "--local-offset", "EST", "a.hl7"],
        &["fhir", "--local-offset", "+15:00", "a.hl7"],
        &["fhir", "--local-offset"],
        &["fhir", "--lf", "a.hl7"],
        &["from-fhir"],
        &["from-fhir", "--query-profile", "Z22", "a.json"],
        &["from-fhir", "--pretty", "a.json"],
        &["from-fhir", "--control-id"],
    ] {
        let o = run(&dir, args);
        assert_eq!(code(&o), 2, "{args:?}");
        assert!(stderr(&o).starts_with("izkit: "), "{args:?}");
        assert!(stderr(&o).contains("Usage:"), "{args:?}");
    }
    let o = run(&dir, &["--help"]);
    assert!(stdout(&o).contains("izkit fhir [--local-offset"));
    assert!(stdout(&o).contains("izkit from-fhir [--sending-application HD]"));
}

#[test]
fn from_fhir_reads_resources_and_reports_errors() {
    let dir = TempDir::new();
    let two = vxu("G1", "DOE", &[]) + &vxu("G2", "ROE", &[]);
    dir.write("two.hl7", two.as_bytes());
    let o = run(&dir, &["fhir", "two.hl7"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    // The JSON Lines of `fhir`: each Bundle converted on its own.
    dir.write("two.json", &o.stdout);
    let o = run(
        &dir,
        &[
            "from-fhir",
            "--control-id",
            "F-1",
            "--timestamp=20260101120000+0000",
            "--sending-application",
            "MYEHR",
            "two.json",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("MSH|"));
    assert!(out.ends_with("\r\n"));
    let msgs = acks(&o.stdout);
    assert_eq!(msgs.len(), 2);
    for m in &msgs {
        assert_eq!(m.get("MSH-9.1").unwrap().as_deref(), Some("VXU"));
        assert_eq!(m.get("MSH-10").unwrap().as_deref(), Some("F-1"));
        assert_eq!(
            m.get("MSH-7").unwrap().as_deref(),
            Some("20260101120000+0000")
        );
        assert_eq!(m.get("MSH-3").unwrap().as_deref(), Some("MYEHR"));
    }
    // --lf, from standard input.
    let json = std::fs::read(dir.path("two.json")).unwrap();
    let o = run_in(&dir.0, &["from-fhir", "--lf", "-"], &json);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(!stdout(&o).contains('\r'));
    assert!(stdout(&o).contains("\n\nMSH|"));
    assert_eq!(acks(&o.stdout).len(), 2);

    // Not JSON, no Patient, an empty file: reported per resource, without content; exit 1,
    // and the resources before are still converted.
    let first = json.split(|&b| b == b'\n').next().unwrap().to_vec();
    let mut bad = first.clone();
    bad.extend_from_slice(
        b"\n{\"resourceType\":\"Observation\",\"id\":\"SECRETID\"}\n{\"resourceType\": SECRET",
    );
    dir.write("bad.json", &bad);
    dir.write("empty.json", b"");
    let o = run(&dir, &["from-fhir", "bad.json", "empty.json"]);
    assert_eq!(code(&o), 1);
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 3, "{err}");
    assert!(
        lines[0].starts_with("bad.json: resource 2: cannot map FHIR to v2: "),
        "{err}"
    );
    assert!(
        lines[1].starts_with("bad.json: resource 3: cannot read FHIR JSON: "),
        "{err}"
    );
    assert!(
        lines[2].starts_with("empty.json: resource 1: cannot read FHIR JSON: "),
        "{err}"
    );
    assert!(!err.contains("SECRET"), "{err}");
    assert_eq!(acks(&o.stdout).len(), 1);
    // A missing file: exit 2.
    let o = run(&dir, &["from-fhir", "missing.json"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).starts_with("izkit: missing.json: "));
}

/// Every VXU of the corpus that validates without errors still does after `izkit fhir` and
/// `izkit from-fhir`.
#[test]
fn corpus_vxu_to_fhir_and_back_validates() {
    let dir = TempDir::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests/corpus/messages");
    let mut files = Vec::new();
    for source in std::fs::read_dir(&root).unwrap() {
        for f in std::fs::read_dir(source.unwrap().path()).unwrap() {
            let path = f.unwrap().path();
            let text = std::fs::read(&path).unwrap();
            if text.windows(8).any(|w| w == b"VXU^V04^")
                || text.windows(8).any(|w| w == b"|VXU^V04")
            {
                files.push(path);
            }
        }
    }
    files.sort();
    let mut checked = 0;
    for path in &files {
        let file = path.to_str().unwrap();
        if code(&run(&dir, &["validate", TODAY, file])) != 0 {
            continue; // the original has errors: nothing to keep
        }
        let o = run(&dir, &["fhir", file]);
        assert_eq!(code(&o), 0, "{file}: {}", stderr(&o));
        assert_eq!(bundles(&o.stdout).len(), 1, "{file}");
        let o = run_in(&dir.0, &["from-fhir", "-"], &o.stdout);
        assert_eq!(code(&o), 0, "{file}: {}", stderr(&o));
        assert_eq!(acks(&o.stdout).len(), 1, "{file}");
        let v = run_in(&dir.0, &["validate", TODAY, "-"], &o.stdout);
        assert_eq!(
            code(&v),
            0,
            "{file}: the rebuilt VXU has errors:\n{}\n{}",
            stdout(&v),
            stdout(&o).replace('\r', "\n")
        );
        checked += 1;
    }
    assert!(checked >= 14, "only {checked} corpus VXUs checked");
}
