//! The default Share policy, clause by clause, on real corpus messages whose addresses are
//! edited with the owned builder (issue 6, part 3), plus address resolution and rendering.

use izkit::route::{route, Action, Policy, RouteOptions, Router, Routing};
use izkit::{Message, OwnedMessage};

const APPENDIX_VXU: &str = "cdc-ig-r1.5-appendix-a/001_VXU_Z22_2-Message-Example.hl7";
const NIST_VXU: &str = "nist-hit-iz-tool/002_VXU_Z22_TestStep-1.hl7";
const APPENDIX_QBP: &str = "cdc-ig-r1.5-appendix-a/011_QBP_Z34_1-Process-For-Requesting-Immun.hl7";
const CVRS_VXU: &str = "cdc-iis-open-tools-cvrs/001_VXU_testgood-1.hl7";

fn corpus(name: &str) -> String {
    let path = format!(
        "{}/tests/corpus/messages/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(path).expect("corpus file")
}

/// The corpus message with raw edits applied (`set_raw`, so `~` and `^` keep their meaning).
fn edited(name: &str, edits: &[(&str, &str)]) -> String {
    let mut m = OwnedMessage::parse(&corpus(name)).expect("corpus message parses");
    for (path, raw) in edits {
        m.set_raw(path, raw).expect("edit applies");
    }
    m.to_string()
}

fn routed(text: &str) -> Routing {
    route(&Message::parse(text).expect("parses")).expect("routes")
}

fn routed_with(policy: &str, text: &str) -> Routing {
    let j = izkit::route::Jurisdictions::builtin();
    let p = Policy::from_json(policy, j).expect("policy loads");
    let r = Router::new(&p, j).expect("router");
    r.route(&Message::parse(text).unwrap(), &RouteOptions::default())
        .expect("routes")
}

/// `(destination, action)` of every decision, in order.
fn outcome(r: &Routing) -> Vec<(Option<&str>, Action)> {
    r.decisions
        .iter()
        .map(|d| (d.destination.as_deref(), d.action))
        .collect()
}

fn sent(r: &Routing) -> Vec<&str> {
    r.sent_to().collect()
}

/// Appendix A's VXU: home WI (type L), RXA[1] historical, RXA[2] and RXA[3] new.
fn appendix(rxa2_state: &str, rxa3_state: &str) -> String {
    edited(
        APPENDIX_VXU,
        &[("RXA[2]-11.12", rxa2_state), ("RXA[3]-11.12", rxa3_state)],
    )
}

/// Appendix A's VXU given in MD (RXA[2], RXA[3]) to a patient whose PID-11 is `pid11`.
fn with_home(pid11: &str) -> Routing {
    routed(&edited(
        APPENDIX_VXU,
        &[
            ("PID-11", pid11),
            ("RXA[2]-11.12", "MD"),
            ("RXA[3]-11.12", "MD"),
        ],
    ))
}

/// NIST's VXU (three new administrations at NIST-Clinic-1) given in `admin`, home in `home`
/// (type H), with PD1-12 = `protection`.
fn nist(admin: &str, home: &str, protection: &str) -> String {
    edited(
        NIST_VXU,
        &[
            ("RXA[1]-11.12", admin),
            ("RXA[2]-11.12", admin),
            ("RXA[3]-11.12", admin),
            ("PID-11", &format!("1 Main St^^Town^{home}^11111^USA^H")),
            ("PD1-12", protection),
        ],
    )
}

#[test]
fn sends_to_administering_and_to_a_different_home() {
    let r = routed(&appendix("MD", "MD"));
    assert_eq!(
        outcome(&r),
        [(Some("MD"), Action::Send), (Some("WI"), Action::Send)]
    );
    let md = r.decision("MD").unwrap();
    assert_eq!(md.rules, ["default/send-administering"]);
    assert!(
        md.reasons[0].contains("RXA[2] administered in MD (RXA-11.12 state)"),
        "{:?}",
        md.reasons
    );
    assert!(md.reasons[0].contains("RXA[3] administered in MD"));
    let wi = r.decision("WI").unwrap();
    assert_eq!(wi.rules, ["default/send-home"]);
    assert!(wi.reasons[0].contains("WI is the patient's home (PID-11[1].4 state)"));
    assert_eq!(r.facts.home.as_deref(), Some("WI"));
    assert_eq!(r.facts.administering.len(), 2, "RXA[1] is historical");
}

#[test]
fn home_equal_to_administering_is_one_send_by_both_rules() {
    let r = routed(&appendix("wi", "Wisconsin"));
    assert_eq!(outcome(&r), [(Some("WI"), Action::Send)]);
    assert_eq!(
        r.decisions[0].rules,
        ["default/send-administering", "default/send-home"]
    );
}

#[test]
fn every_administering_jurisdiction_gets_the_record() {
    let r = routed(&appendix("MD", "DC"));
    assert_eq!(sent(&r), ["MD", "DC", "WI"]);
}

#[test]
fn protection_indicator_y_sends_only_to_administering() {
    let open = routed(&nist("MD", "VA", "N"));
    assert_eq!(sent(&open), ["MD", "VA"]);
    let r = routed(&nist("MD", "VA", "Y"));
    assert_eq!(
        outcome(&r),
        [(Some("MD"), Action::Send), (Some("VA"), Action::Deny)]
    );
    let va = r.decision("VA").unwrap();
    assert_eq!(va.rules, ["default/protect-home"]);
    assert!(va.reasons[0].contains("PD1-12"), "{:?}", va.reasons);
    assert!(va.reasons[0].contains("protection = Y"));
    assert!(va
        .reasons
        .iter()
        .any(|s| s.contains("overrides send of default/send-home")));
    // Home and administering the same: protection does not stop the administering send.
    let same = routed(&nist("VA", "VA", "Y"));
    assert_eq!(outcome(&same), [(Some("VA"), Action::Send)]);
}

#[test]
fn home_missing_outside_us_or_unresolvable_sends_only_to_administering() {
    let cases: [(&str, &str); 5] = [
        ("", "missing"),
        ("1 Main St^^Toronto^ON^M5V^CAN^H", "outside_us"),
        ("1 Main St^^Town^ZZ^11111^USA^H", "unresolved"),
        ("1 Main St^^Town^^11111^USA^H", "unresolved"),
        ("1 Main St^^Town^VA^11111^USA^BA", "missing"),
    ];
    for (address, status) in cases {
        let r = with_home(address);
        assert_eq!(outcome(&r), [(Some("MD"), Action::Send)], "{address}");
        assert_eq!(r.facts.home_status, status, "{address}");
        assert_eq!(r.facts.home, None);
    }
}

#[test]
fn unresolved_administering_jurisdiction_holds_the_whole_message() {
    // Appendix A gives only a facility id (RXA-11.4 DCS_DC) and no state.
    let text = corpus(APPENDIX_VXU);
    let r = routed(&text);
    assert!(r.held());
    assert_eq!(
        outcome(&r),
        [(None, Action::Hold), (Some("WI"), Action::Hold)]
    );
    assert_eq!(
        r.decisions[0].rules,
        ["default/hold-unresolved-administering"]
    );
    assert!(r.decisions[1].reasons[0].contains("the whole message is held"));
    assert!(r.sent_to().next().is_none());
    assert!(r.decisions.iter().all(|d| d.hl7.is_none()));
    assert_eq!(r.facts.administering[0].jurisdiction, None);
    // The policy's facility table resolves it (RXA-11.4), then MSH-4, then the sender home.
    let by_facility = routed_with(
        r#"{"extends": "default", "name": "mine", "facilities": {"DCS_DC": "DC"}}"#,
        &text,
    );
    assert_eq!(sent(&by_facility), ["DC", "WI"]);
    assert_eq!(
        by_facility.facts.administering[0].source,
        "facility table (RXA-11.4)"
    );
    let by_msh4 = routed_with(
        r#"{"extends": "default", "facilities": {"DCS": "DE"}}"#,
        &text,
    );
    assert_eq!(sent(&by_msh4), ["DE", "WI"]);
    assert_eq!(
        by_msh4.facts.administering[0].source,
        "facility table (MSH-4)"
    );
    let by_sender = routed_with(
        r#"{"extends": "default", "sender": {"by_msh4": {"DCS": "PA"}, "home": "NJ"}}"#,
        &text,
    );
    assert_eq!(sent(&by_sender), ["PA", "WI"]);
    assert_eq!(
        by_sender.facts.administering[0].source,
        "sender home (MSH-4)"
    );
}

#[test]
fn historical_only_goes_to_home_only() {
    let text = edited(
        APPENDIX_VXU,
        &[
            ("RXA[2]-9", "01^Historical^NIP001"),
            ("RXA[3]-9", "01^Historical^NIP001"),
            ("RXA[2]-11.12", "MD"),
        ],
    );
    let r = routed(&text);
    assert_eq!(outcome(&r), [(Some("WI"), Action::Send)]);
    assert!(r.facts.administering.is_empty());
    // CVRS sends RXA-9 empty: historical, to the home (MI) only.
    assert_eq!(sent(&routed(&corpus(CVRS_VXU))), ["MI"]);
    // No home: held, with the reason.
    let no_home = edited(
        APPENDIX_VXU,
        &[("RXA[2]-9", "01"), ("RXA[3]-9", "01"), ("PID-11", "")],
    );
    let r = routed(&no_home);
    assert_eq!(outcome(&r), [(None, Action::Hold)]);
    assert_eq!(
        r.decisions[0].rules,
        ["default/hold-historical-without-home"]
    );
}

#[test]
fn query_goes_to_qpd8_home_and_sender_home() {
    let text = corpus(APPENDIX_QBP);
    let r = routed(&text);
    assert_eq!(outcome(&r), [(Some("GA"), Action::Send)]);
    assert!(r.decisions[0].reasons[0].contains("GA is the home of the QPD-8 patient address"));
    let with_sender = routed_with(r#"{"extends": "default", "sender": {"home": "MD"}}"#, &text);
    assert_eq!(sent(&with_sender), ["GA", "MD"]);
    // Neither resolvable: held, never dropped.
    let none = routed(&edited(APPENDIX_QBP, &[("QPD-8", "")]));
    assert_eq!(outcome(&none), [(None, Action::Hold)]);
    assert_eq!(none.decisions[0].rules, ["hold-by-default"]);
}

#[test]
fn other_message_types_are_held_by_default() {
    let ack = corpus("cdc-ig-r1.5-appendix-a/002_ACK_Z23_1-Send-Acknowledgement-Of-Succ.hl7");
    let r = routed(&ack);
    assert_eq!(outcome(&r), [(None, Action::Hold)]);
    assert!(r.decisions[0].reasons[0].contains("message type ACK"));
}

#[test]
fn home_address_preference_order_and_never_ba() {
    let home = |pid11: &str| with_home(pid11).facts.home;
    assert_eq!(home("^^^PA^^^M~^^^VA^^^H").as_deref(), Some("VA"));
    assert_eq!(home("^^^PA^^^C~^^^VA^^^L~^^^DE^^^M").as_deref(), Some("VA"));
    assert_eq!(home("^^^PA^^^BA~^^^VA^^^").as_deref(), Some("VA"));
    assert_eq!(home("^^^PA^^^BA~^^^VA^^^P").as_deref(), None);
    assert_eq!(home("^^^PA^^^~^^^VA^^^C").as_deref(), Some("VA"));
    assert_eq!(home("^^^north carolina^^US^H").as_deref(), Some("NC"));
    assert_eq!(home("^^^VIRGINIA^^840^H").as_deref(), Some("VA"));
}

#[test]
fn city_iis_resolve_by_county_fips_then_city_name() {
    let home = |pid11: &str| {
        let r = with_home(pid11);
        (r.facts.home.clone(), r.facts.home_source.clone())
    };
    let nyc = |src: &str| (Some("NYC".to_string()), Some(src.to_string()));
    assert_eq!(
        home("^^Flushing^NY^11355^^H^^36081"),
        nyc("PID-11[1].9 county FIPS")
    );
    assert_eq!(
        home("^^Flushing^NY^11355^^H^^081"),
        nyc("PID-11[1].9 county FIPS")
    );
    assert_eq!(
        home("^^brooklyn^New York^11201^^H"),
        nyc("PID-11[1].3 city")
    );
    // A county outside the city decides for the state, whatever XAD-3 says.
    assert_eq!(
        home("^^New York^NY^12207^^H^^36001").0.as_deref(),
        Some("NY")
    );
    assert_eq!(home("^^Albany^NY^12207^^H").0.as_deref(), Some("NY"));
    // A New York county code with another state is that state.
    assert_eq!(
        home("^^Trenton^NJ^08608^^H^^36061").0.as_deref(),
        Some("NJ")
    );
    assert_eq!(home("^^Philadelphia^PA^19104^^H").0.as_deref(), Some("PHL"));
    assert_eq!(
        home("^^Pittsburgh^pa^15213^^H^^42003").0.as_deref(),
        Some("PA")
    );
    // Administering in a city IIS: LA2 has no county, so the city name (RXA-11.11).
    let text = edited(
        APPENDIX_VXU,
        &[
            ("RXA[2]-11.11", "Manhattan"),
            ("RXA[2]-11.12", "NY"),
            ("RXA[3]-11.12", "NY"),
        ],
    );
    assert_eq!(sent(&routed(&text)), ["NYC", "NY", "WI"]);
}

#[test]
fn sends_render_the_message_with_the_destinations_msh5_msh6() {
    let r = routed(&appendix("MD", "MD"));
    let md = Message::parse(r.decision("MD").unwrap().hl7.as_deref().unwrap()).unwrap();
    assert_eq!(md.get("MSH-5").unwrap().as_deref(), Some("ImmuNet"));
    assert_eq!(md.get("MSH-6").unwrap().as_deref(), Some("MD"));
    let wi = Message::parse(r.decision("WI").unwrap().hl7.as_deref().unwrap()).unwrap();
    assert_eq!(wi.get("MSH-5").unwrap().as_deref(), Some("WIR"));
    assert_eq!(wi.segment_count(), md.segment_count());
    // decide does not render.
    let text = appendix("MD", "MD");
    let m = Message::parse(&text).unwrap();
    let d = Router::builtin().decide(&m).unwrap();
    assert!(d.decisions.iter().all(|d| d.hl7.is_none()));
    assert_eq!(outcome(&d), outcome(&r));
}

#[test]
fn traces_carry_no_patient_data_unless_revealed() {
    let text = nist("MD", "VA", "Y");
    let m = Message::parse(&text).unwrap();
    let quiet = Router::builtin()
        .route(
            &m,
            &RouteOptions {
                render: false,
                reveal: false,
                today: None,
            },
        )
        .unwrap();
    let json = serde_json::to_string(&quiet).unwrap();
    for secret in [
        "Richardson",
        "Russell",
        "20150415",
        "1 Main St",
        "3123",
        "Town",
        "11111",
        "Billington",
    ] {
        assert!(!json.contains(secret), "{secret} leaked: {json}");
    }
    assert_eq!(quiet.facts.age_years, Some(0));
    assert!(
        quiet.facts.vaccine_groups.iter().any(|g| g == "HepB"),
        "{:?}",
        quiet.facts.vaccine_groups
    );
    let revealed = Router::builtin()
        .route(
            &m,
            &RouteOptions {
                render: false,
                reveal: true,
                today: None,
            },
        )
        .unwrap();
    assert_eq!(revealed.facts.home_city.as_deref(), Some("Town"));
    let json = serde_json::to_string(&revealed).unwrap();
    for secret in ["Richardson", "20150415", "1 Main St", "3123"] {
        assert!(!json.contains(secret), "{secret} leaked: {json}");
    }
}

#[test]
fn the_decision_json_has_the_cli_shape() {
    let r = routed(&nist("MD", "VA", "Y"));
    let v = serde_json::to_value(&r.decisions).unwrap();
    assert_eq!(v[0]["destination"], "MD");
    assert_eq!(v[0]["action"], "send");
    assert!(v[0]["hl7"].as_str().unwrap().starts_with("MSH|"));
    assert_eq!(v[1]["destination"], "VA");
    assert_eq!(v[1]["action"], "deny");
    assert!(v[1].get("hl7").is_none());
    assert!(!v[1]["reasons"].as_array().unwrap().is_empty());
    let held = serde_json::to_value(&routed(&corpus(APPENDIX_VXU)).decisions).unwrap();
    assert_eq!(held[0]["destination"], serde_json::Value::Null);
    assert_eq!(held[0]["action"], "hold");
}

#[test]
fn every_corpus_message_gets_a_send_or_a_hold() {
    let root = format!("{}/tests/corpus/messages", env!("CARGO_MANIFEST_DIR"));
    let mut n = 0;
    for dir in std::fs::read_dir(root).unwrap() {
        for f in std::fs::read_dir(dir.unwrap().path()).unwrap() {
            let text = std::fs::read_to_string(f.unwrap().path()).unwrap();
            let Ok(m) = Message::parse(&text) else {
                continue;
            };
            let r = route(&m).expect("routes");
            assert!(r
                .decisions
                .iter()
                .any(|d| matches!(d.action, Action::Send | Action::Hold)));
            n += 1;
        }
    }
    assert!(n > 50, "{n}");
}
