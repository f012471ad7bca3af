//! Decides the routing of a message many times, for profilers (callgrind, perf): the policy is
//! loaded, the router built and the message parsed once, before the loop.
//!
//!     cargo run --release -p izkit-benches --example route_loop -- [--policy F] FILE|bench N
//!
//! `bench` stands for the message of `benches/benches/route.rs` (NIST's Z22 VXU edited so its
//! three new administrations are given in MD to a patient living in VA). Under callgrind,
//! `--toggle-collect='*Router*decide*'` counts only the decisions.

use izkit::route::{Jurisdictions, Policy, Router};
use izkit::{Message, OwnedMessage};
use std::hint::black_box;

/// The benchmark's message (kept in step with `benches/benches/route.rs`).
fn bench_message() -> Result<String, Box<dyn std::error::Error>> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../core/tests/corpus/messages/nist-hit-iz-tool/002_VXU_Z22_TestStep-1.hl7"
    );
    let mut m = OwnedMessage::parse(&std::fs::read_to_string(path)?)?;
    for rxa in 1..=3 {
        m.set(&format!("RXA[{rxa}]-11.12"), "MD")?;
    }
    m.set_raw("PID-11", "543 Blount Drive^^Arlington^VA^22201^USA^H")?;
    Ok(m.to_string())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let usage = "usage: route_loop [--policy F] FILE|bench [N]";
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut policy_path = None;
    if args.first().map(String::as_str) == Some("--policy") {
        if args.len() < 2 {
            return Err(usage.into());
        }
        policy_path = Some(args.remove(1));
        args.remove(0);
    }
    let file = args.first().ok_or(usage)?;
    let n: usize = args.get(1).map_or(Ok(1), |s| s.parse())?;
    let text = if file == "bench" {
        bench_message()?
    } else {
        std::fs::read_to_string(file)?
    };
    let j = Jurisdictions::builtin();
    let policy = match policy_path {
        Some(p) => Policy::from_json(&std::fs::read_to_string(p)?, j)?,
        None => Policy::default(),
    };
    let router = Router::new(&policy, j)?;
    let msgs: Vec<Message<'_>> = izkit::parse_many(&text)?;
    let mut decisions = 0;
    for _ in 0..n {
        for msg in &msgs {
            decisions += black_box(router.decide(black_box(msg))?).decisions.len();
        }
    }
    println!("{n} x {} routings, {decisions} decisions", msgs.len());
    Ok(())
}
