//! Validates every message of a file against the compiled-in CDC profiles and prints the
//! findings, one per line: `message severity code location rule text`.
//!
//!     cargo run -p izkit --example validate_file -- FILE

use izkit::conformance::Validator;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: validate_file FILE")?;
    let text = std::fs::read_to_string(path)?;
    let validator = Validator::new();
    for (n, msg) in izkit::parse_many(&text)?.iter().enumerate() {
        let report = validator.validate(msg, None)?;
        println!("message {}: profile {}", n + 1, report.profile);
        for f in &report.findings {
            let rule = f.rule.as_deref().unwrap_or("-");
            println!(
                "  {} {} {} {rule} {}",
                f.severity.as_str(),
                f.code,
                f.erl(),
                f.text
            );
        }
    }
    Ok(())
}
