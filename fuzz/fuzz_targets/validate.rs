//! `validate`: arbitrary bytes that parse as a message are validated against the compiled-in
//! CDC profiles (the profile chosen from the message, then each profile forced).
//!
//! Checked: validation never panics and never fails for a profile in the set; every finding's
//! range lies inside the message and its location names a segment of the message.
#![no_main]

use izkit::conformance::{validate, ProfileSet};
use izkit::v2::decode_bytes;
use izkit::Message;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = decode_bytes(data) else { return };
    let Ok(msg) = Message::parse(&text) else {
        return;
    };
    let ids: Vec<String> = ProfileSet::builtin().ids().map(str::to_string).collect();
    let forced = ids.iter().map(|s| Some(s.as_str()));
    for profile in std::iter::once(None).chain(forced) {
        let report = validate(&msg, profile).expect("profiles in the set validate");
        for f in &report.findings {
            if let Some((a, b)) = f.range {
                assert!(
                    a <= b && b <= text.len(),
                    "finding range outside the message"
                );
            }
            if let Some(loc) = &f.location {
                assert!(
                    loc.segment.len() == 3,
                    "finding location is not a segment id"
                );
            }
        }
    }
});
