//! Properties of routing over 100,000 generated messages (a cheap seeded generator: proptest
//! with 100,000 cases would take minutes in debug builds): with the default policy a record
//! whose PD1-12 is `Y` only ever goes to an administering jurisdiction; with a test sharing
//! matrix no send breaks the matrix; every message gets at least one send or hold.

use izkit::route::{Action, Jurisdictions, Policy, RouteOptions, Router, Routing};
use izkit::Message;

/// SplitMix64: small, seeded, good enough to spread choices.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const STATES: [&str; 16] = [
    "MD", "VA", "DC", "TX", "NY", "PA", "WI", "maryland", "VIRGINIA", "New York", "ZZ", "", "pr",
    "Guam", "CA", "de",
];

fn xad(r: &mut Rng) -> String {
    format!(
        "1 Main St^^{}^{}^12345^{}^{}^^{}",
        r.pick(&["", "Brooklyn", "Philadelphia", "Town", "new york", "Queens"]),
        r.pick(&STATES),
        r.pick(&["", "", "", "USA", "US", "840", "CAN", "MEX"]),
        r.pick(&["H", "L", "M", "C", "", "BA", "P", "h"]),
        r.pick(&["", "", "36061", "061", "42101", "001", "abc", "36005"]),
    )
}

/// One message and its PD1-12.
fn message(r: &mut Rng) -> (String, &'static str) {
    let kind = r.below(10);
    let sender = r.pick(&["", "CLINIC", "ZZ1", "DCS", "OTHER"]);
    let protection = r.pick(&["", "Y", "N", "Y"]);
    let mut m = String::with_capacity(512);
    let (ty, structure) = match kind {
        0 => ("QBP^Q11^QBP_Q11", "QBP"),
        1 => ("ACK^V04^ACK", "ACK"),
        _ => ("VXU^V04^VXU_V04", "VXU"),
    };
    m.push_str(&format!(
        "MSH|^~\\&|APP|{sender}|||20240102||{ty}|1|P|2.5.1\r"
    ));
    if structure == "QBP" {
        m.push_str(&format!(
            "QPD|Z44^Q^CDCPHINVS|1|123^^^MR|DOE^J||20100101|F|{}\r",
            xad(r)
        ));
        return (m, "");
    }
    let addresses: Vec<String> = (0..r.below(4)).map(|_| xad(r)).collect();
    m.push_str(&format!(
        "PID|1||123^^^MR||DOE^JANE||{}|F|||{}\r",
        r.pick(&["20100101", "19700615", "", "2020", "20240101"]),
        addresses.join("~")
    ));
    // PD1-12 after twelve separators, PD1-16 after four more.
    m.push_str(&format!(
        "PD1{}{protection}||||{}\r",
        "|".repeat(12),
        r.pick(&["", "A", "P"])
    ));
    for i in 0..r.below(5) {
        m.push_str(&format!("ORC|RE||{i}\r"));
        m.push_str(&format!(
            "RXA|0|1|{}||{}^X^CVX|0.5|||{}||^^^{}^^^^^1 Elm^^{}^{}^^{}\r",
            r.pick(&["20240102", "20000101", ""]),
            r.pick(&["08", "141", "110", "208", "999", "45", "03"]),
            r.pick(&["00", "00", "01", ""]),
            r.pick(&["", "F1", "DCS_DC", ""]),
            r.pick(&["", "Manhattan", "Philadelphia", "Town"]),
            r.pick(&STATES),
            r.pick(&["", "", "USA", "CAN"]),
        ));
    }
    (m, protection)
}

/// The test matrix, read independently of izkit: the most specific cell, then the default.
fn matrix_allows(source: Option<&str>, dest: &str) -> bool {
    let cells: [(&str, &str, bool); 5] = [
        ("MD", "VA", false),
        ("MD", "NYC", false),
        ("*", "TX", false),
        ("VA", "*", false),
        ("VA", "DC", true),
    ];
    if source == Some(dest) {
        return true;
    }
    let find = |s: &str, d: &str| cells.iter().find(|c| c.0 == s && c.1 == d).map(|c| c.2);
    let s = source.unwrap_or("*");
    let tries = if source.is_some() {
        vec![(s, dest), (s, "*"), ("*", dest), ("*", "*")]
    } else {
        vec![("*", dest), ("*", "*")]
    };
    tries.iter().find_map(|(s, d)| find(s, d)).unwrap_or(true)
}

const MATRIX_POLICY: &str = r#"{"extends": "default", "name": "matrix",
  "facilities": {"F1": "MD"},
  "sender": {"by_msh4": {"CLINIC": "VA"}},
  "sharing": {"default": "allow", "matrix": {
    "MD": {"VA": "deny", "NYC": "deny"}, "*": {"TX": "deny"}, "VA": {"*": "deny", "DC": "allow"}}}}"#;

fn administering(r: &Routing) -> Vec<&str> {
    r.facts
        .administering
        .iter()
        .filter_map(|a| a.jurisdiction.as_deref())
        .collect()
}

#[test]
fn routing_properties_hold_over_100_000_generated_messages() {
    let j = Jurisdictions::builtin();
    let default = Router::builtin();
    let matrix = Router::new(&Policy::from_json(MATRIX_POLICY, j).unwrap(), j).unwrap();
    let mut rng = Rng(0x1A2B_3C4D_5E6F_7788);
    let (mut protected, mut denied_by_matrix, mut held, mut sends) = (0, 0, 0, 0);
    for n in 0..100_000 {
        let (text, protection) = message(&mut rng);
        let msg = Message::parse(&text).expect("generated messages parse");
        for (router, check_matrix) in [(default, false), (&matrix, true)] {
            let r = if n % 100 == 0 {
                router.route(&msg, &RouteOptions::default()).unwrap()
            } else {
                router.decide(&msg).unwrap()
            };
            assert!(
                r.decisions
                    .iter()
                    .any(|d| matches!(d.action, Action::Send | Action::Hold)),
                "no send or hold for {text:?}: {r:?}"
            );
            held += usize::from(r.held());
            let admin = administering(&r);
            for dest in r.sent_to() {
                sends += 1;
                if protection == "Y" {
                    protected += 1;
                    assert!(
                        admin.contains(&dest),
                        "protected record sent to {dest}: {text:?} {r:?}"
                    );
                }
                if check_matrix {
                    let sources: Vec<Option<&str>> = if admin.is_empty() {
                        vec![r.facts.sender_home.as_deref()]
                    } else {
                        admin.iter().map(|s| Some(*s)).collect()
                    };
                    for s in sources {
                        assert!(
                            matrix_allows(s, dest),
                            "{s:?} → {dest} breaks the matrix: {text:?} {r:?}"
                        );
                    }
                }
            }
            denied_by_matrix += r
                .decisions
                .iter()
                .filter(|d| d.rules.iter().any(|x| x == "sharing"))
                .count();
        }
    }
    // The generator reaches every case the properties speak of.
    assert!(protected > 1_000, "{protected}");
    assert!(denied_by_matrix > 1_000, "{denied_by_matrix}");
    assert!(held > 1_000 && sends > 50_000, "{held} {sends}");
}
