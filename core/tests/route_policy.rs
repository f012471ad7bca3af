//! Share policies as data: loading (every mistake rejected with its location in the file),
//! extending the default, jurisdiction facts as conditions, the sharing matrix, and the
//! jurisdictions table.

use izkit::route::{
    Action, Consent, Jurisdictions, Policy, RouteOptions, Router, Routing, DEFAULT_POLICY_JSON,
};
use izkit::{ErrorKind, Message, OwnedMessage};

const APPENDIX_VXU: &str = "cdc-ig-r1.5-appendix-a/001_VXU_Z22_2-Message-Example.hl7";

fn vxu(edits: &[(&str, &str)]) -> String {
    let path = format!(
        "{}/tests/corpus/messages/{APPENDIX_VXU}",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut m = OwnedMessage::parse(&std::fs::read_to_string(path).unwrap()).unwrap();
    for (p, v) in edits {
        m.set_raw(p, v).unwrap();
    }
    m.to_string()
}

fn load(policy: &str) -> izkit::Result<Policy> {
    Policy::from_json(policy, Jurisdictions::builtin())
}

fn route(policy: &str, text: &str) -> Routing {
    let p = load(policy).expect("policy loads");
    let r = Router::new(&p, Jurisdictions::builtin()).unwrap();
    r.route(&Message::parse(text).unwrap(), &RouteOptions::default())
        .unwrap()
}

/// The location and reason of a policy that must not load.
fn rejected(policy: &str) -> (String, String) {
    match load(policy).map(|_| ()).unwrap_err().kind {
        ErrorKind::PolicyLoad { location, reason } => (location, reason),
        other => panic!("not a policy error: {other:?}"),
    }
}

#[test]
fn the_default_policy_loads_and_is_the_documented_one() {
    let p = Policy::default();
    let ids: Vec<&str> = p.rule_ids().collect();
    assert_eq!(
        ids,
        [
            "default/send-administering",
            "default/send-home",
            "default/protect-home",
            "default/hold-unresolved-administering",
            "default/hold-historical-without-home",
            "default/send-query-home",
            "default/send-query-sender-home",
        ]
    );
    assert!(load(DEFAULT_POLICY_JSON).is_ok());
}

#[test]
fn invalid_policies_are_rejected_with_the_location_of_the_mistake() {
    let cases: [(&str, &str, &str); 12] = [
        (
            "{\"rules\": [\n  {\"id\": \"a\", \"action\": \"send\", \"to\": \"MD\",\n   \"when\": {\"path\": \"PID-0\", \"exists\": true}}]}",
            "/rules/0/when/path (line 3, column 21)",
            "not an izkit path",
        ),
        (
            "{\"rules\": [{\"id\": \"a\", \"action\": \"send\", \"to\": \"ZZ\"}]}",
            "/rules/0/to (line 1, column 48)",
            "unknown destination",
        ),
        (
            "{\"rules\": [{\"id\": \"a\", \"action\": \"send\", \"to\": \"home\",\n \"when\": {\"fact\": \"home\", \"in\": [\"VA\", \"XX\"]}}]}",
            "/rules/0/when/in/1 (line 2, column 40)",
            "unknown jurisdiction",
        ),
        (
            "{\"rules\": [{\"id\": \"a\", \"action\": \"hold\",\n \"when\": {\"path\": \"PID-5.1\", \"matches\": \"(unclosed\"}}]}",
            "/rules/0/when/matches (line 2, column 41)",
            "regular expression",
        ),
        (
            "{\"rules\": [{\"id\": \"a\", \"action\": \"hold\",\n \"when\": {\"all\": [{\"fact\": \"moon_phase\", \"equals\": \"full\"}]}}]}",
            "/rules/0/when/all/0/fact (line 2, column 28)",
            "unknown fact",
        ),
        (
            "{\"rules\": [{\"id\": \"a\", \"action\": \"hold\", \"when\": {\"fact\": \"age_years\", \"gte\": \"18\"}}]}",
            "/rules/0/when/gte (line 1, column 79)",
            "whole number",
        ),
        (
            "{\"rules\": [{\"id\": \"a\", \"action\": \"hold\", \"when\": {\"fact\": \"home.adult_consent\", \"equals\": \"maybe\"}}]}",
            "/rules/0/when/equals (line 1, column 91)",
            "not one of",
        ),
        (
            "{\"rules\": [{\"id\": \"a\", \"action\": \"hold\", \"when\": {\"fact\": \"vaccine_group\", \"equals\": \"Moonpox\"}}]}",
            "/rules/0/when/equals (line 1, column 86)",
            "vaccine group",
        ),
        (
            "{\"rules\": [{\"id\": \"a\", \"action\": \"send\"}]}",
            "/rules/0 (line 1, column 12)",
            "destination",
        ),
        (
            "{\"sharing\": {\"matrix\": {\"MD\": {\"QQ\": \"deny\"}}}}",
            "/sharing/matrix/MD/QQ (line 1, column 38)",
            "unknown jurisdiction",
        ),
        (
            "{\"rules\": [], \"colour\": 1}",
            "/colour (line 1, column 25)",
            "unexpected member",
        ),
        (
            "{\"extends\": \"strict\"}",
            "/extends (line 1, column 13)",
            "only \"default\"",
        ),
    ];
    for (policy, location, reason) in cases {
        let (l, r) = rejected(policy);
        assert_eq!(l, location, "{policy}");
        assert!(r.contains(reason), "{policy}: {r}");
    }
    // Not JSON at all: the line and column of the syntax error (columns above were counted
    // independently of izkit, by searching the text for the offending value).
    let (l, r) = rejected("{\n  \"rules\": [,]\n}");
    assert_eq!(l, "line 2, column 13");
    assert!(r.contains("syntax"), "{r}");
    // Twice the same rule id.
    let (l, _) =
        rejected(r#"{"rules": [{"id": "a", "action": "hold"}, {"id": "a", "action": "hold"}]}"#);
    assert!(l.starts_with("/rules/1/id"), "{l}");
}

/// The default policy plus 20 rules of every kind: the routing benchmark's policy.
fn twenty_extra_rules() -> String {
    let path = format!(
        "{}/../benches/data/route-policy-20.json",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(path).expect("benches/data/route-policy-20.json")
}

#[test]
fn a_policy_extends_the_default_and_may_replace_its_rules() {
    let p = load(&twenty_extra_rules()).unwrap();
    assert_eq!(p.rule_ids().count(), 27);
    // Replacing send-home by id: home is no longer sent to (deny by default names why).
    let text = vxu(&[("RXA[2]-11.12", "MD"), ("RXA[3]-11.12", "MD")]);
    let replaced = r#"{"extends": "default", "name": "mine", "rules": [
        {"id": "send-home", "when": {"fact": "home", "equals": "VA"}, "action": "send", "to": "home"}]}"#;
    let r = route(replaced, &text);
    assert_eq!(
        load(replaced).unwrap().rule_ids().nth(1),
        Some("mine/send-home")
    );
    let wi = r.decision("WI").unwrap();
    assert_eq!(
        (wi.action, wi.rules.as_slice()),
        (Action::Deny, &["deny-by-default".to_string()][..])
    );
    assert!(
        wi.reasons[1].contains("mine/send-home did not apply (home = WI)"),
        "{:?}",
        wi.reasons
    );
    // A policy without `extends` stands alone: deny by default, then hold by default.
    let alone = route(r#"{"rules": []}"#, &text);
    assert_eq!(alone.decisions.len(), 1);
    assert_eq!(alone.decisions[0].rules, ["hold-by-default"]);
}

#[test]
fn jurisdiction_facts_are_conditions() {
    // Hold the records of adults for a home jurisdiction whose adult consent is opt-in.
    let policy = r#"{"extends": "default", "name": "consent", "rules": [
        {"id": "adult-opt-in", "action": "hold", "to": "home",
         "when": {"all": [{"fact": "home.adult_consent", "equals": "opt-in"}, {"fact": "age_years", "gte": 19}]},
         "reason": "adult records need consent in the home jurisdiction"}]}"#;
    let adult = vxu(&[
        ("PID-7", "19800101"),
        ("PID-11", "^^Austin^TX^^^H"),
        ("RXA[2]-11.12", "MD"),
        ("RXA[3]-11.12", "MD"),
    ]);
    let r = route(policy, &adult);
    assert_eq!(r.decision("MD").unwrap().action, Action::Send);
    let tx = r.decision("TX").unwrap();
    assert_eq!(tx.action, Action::Hold);
    assert_eq!(tx.rules, ["consent/adult-opt-in"]);
    assert!(
        tx.reasons[0].contains("home.adult_consent = TX opt-in"),
        "{:?}",
        tx.reasons
    );
    assert!(tx.reasons[0].contains("age_years = 32"), "{:?}", tx.reasons);
    // A child, or an adult whose home is opt-out, is sent as by default.
    let child = vxu(&[
        ("PID-11", "^^Austin^TX^^^H"),
        ("RXA[2]-11.12", "MD"),
        ("RXA[3]-11.12", "MD"),
    ]);
    assert_eq!(
        route(policy, &child).sent_to().collect::<Vec<_>>(),
        ["MD", "TX"]
    );
    let az = vxu(&[
        ("PID-7", "19800101"),
        ("PID-11", "^^Phoenix^AZ^^^H"),
        ("RXA[2]-11.12", "MD"),
        ("RXA[3]-11.12", "MD"),
    ]);
    assert_eq!(
        route(policy, &az).sent_to().collect::<Vec<_>>(),
        ["MD", "AZ"]
    );
    assert_eq!(
        Jurisdictions::builtin()
            .get("TX")
            .unwrap()
            .facts
            .adult_consent,
        Consent::OptIn
    );
}

#[test]
fn the_sharing_matrix_turns_forbidden_sends_into_denials() {
    let policy = r#"{"extends": "default", "name": "m",
        "sharing": {"default": "allow", "matrix": {"MD": {"VA": "deny"}, "*": {"TX": "deny"}}}}"#;
    let to = |home: &str| {
        let text = vxu(&[
            ("PID-11", &format!("^^^{home}^^^H")),
            ("RXA[2]-11.12", "MD"),
            ("RXA[3]-11.12", "MD"),
        ]);
        route(policy, &text)
    };
    let va = to("VA");
    assert_eq!(va.sent_to().collect::<Vec<_>>(), ["MD"]);
    let d = va.decision("VA").unwrap();
    assert_eq!(
        (d.action, d.rules.as_slice()),
        (Action::Deny, &["sharing".to_string()][..])
    );
    assert!(
        d.reasons[0].contains("data from MD go to VA"),
        "{:?}",
        d.reasons
    );
    assert_eq!(to("TX").decision("TX").unwrap().action, Action::Deny);
    assert_eq!(to("DE").sent_to().collect::<Vec<_>>(), ["MD", "DE"]);
    // Deny by default: only listed pairs may share; a jurisdiction always gets its own data.
    let strict = r#"{"extends": "default", "sharing": {"default": "deny", "matrix": {"MD": {"DE": "allow"}}}}"#;
    let text = vxu(&[
        ("PID-11", "^^^VA^^^H"),
        ("RXA[2]-11.12", "MD"),
        ("RXA[3]-11.12", "MD"),
    ]);
    assert_eq!(route(strict, &text).sent_to().collect::<Vec<_>>(), ["MD"]);
}

#[test]
fn a_router_recompiles_for_another_table_and_refuses_missing_jurisdictions() {
    let csv = std::fs::read_to_string(format!(
        "{}/data/jurisdictions/iis-jurisdictions.csv",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let full = Jurisdictions::from_csv(&csv).unwrap();
    assert_eq!(full.len(), 61);
    assert_eq!(full.get("MD").unwrap().receiving_application, "ImmuNet");
    let p = load(r#"{"extends": "default", "sender": {"home": "MD"}}"#).unwrap();
    assert!(Router::new(&p, &full).is_ok());
    let no_md: String = csv
        .lines()
        .filter(|l| !l.starts_with("MD,"))
        .collect::<Vec<_>>()
        .join("\n");
    let small = Jurisdictions::from_csv(&no_md).unwrap();
    let err = Router::new(&p, &small).unwrap_err();
    assert!(
        matches!(err.kind, ErrorKind::PolicyLoad { ref location, .. } if location.starts_with("/sender/home")),
        "{err}"
    );
}

#[test]
fn the_jurisdictions_table() {
    let j = Jurisdictions::builtin();
    assert_eq!(j.len(), 61);
    for id in [
        "AL", "DC", "PR", "GU", "VI", "AS", "MP", "FM", "MH", "PW", "NYC", "PHL",
    ] {
        assert!(j.get(id).is_some(), "{id}");
    }
    assert_eq!(j.resolve_state("va").unwrap().id, "VA");
    assert_eq!(j.resolve_state(" Virginia ").unwrap().id, "VA");
    assert_eq!(j.resolve_state("VIRGINIA").unwrap().id, "VA");
    assert_eq!(j.resolve_state("district of columbia").unwrap().id, "DC");
    assert!(
        j.resolve_state("NYC").is_none(),
        "a city IIS is not a state"
    );
    assert!(j.resolve_state("New York City").is_none());
    let nyc = j.get("NYC").unwrap();
    assert_eq!(nyc.parent.as_deref(), Some("NY"));
    assert_eq!(nyc.counties_fips.len(), 5);
    assert_eq!(
        (
            nyc.receiving_application.as_str(),
            nyc.receiving_facility.as_str()
        ),
        ("CIR", "NYC")
    );
    assert_eq!(j.get("DC").unwrap().receiving_application, "DCIIS");
    assert_eq!(nyc.facts.adult_consent, Consent::OptIn);
    assert_eq!(nyc.facts.get("adult_consent"), Some("opt-in"));
    // Bad tables are refused with the line and column.
    let header = "id,name,iis_name,parent,resolve_counties_fips,resolve_cities,law_authorizes,child_consent,adult_consent,reporting_mandate,mandate_scope,data_sharing,source_url,as_of";
    let bad = [
        (format!("{header}\nMD,Maryland,X,,,,maybe,unknown,unknown,yes,,unknown,,"), "line 2: column `law_authorizes`"),
        (format!("{header}\nMD,Maryland,X,,,,yes,unknown,unknown,yes,,unknown,,\nMD,Maryland,X,,,,yes,unknown,unknown,yes,,unknown,,"), "line 3: column `id`: duplicate"),
        (format!("{header}\nBAL,Baltimore,X,ZZ,,,yes,unknown,unknown,yes,,unknown,,"), "line 2: column `parent`"),
        (format!("{header}\nBAL,Baltimore,X,MD,2451,,yes,unknown,unknown,yes,,unknown,,\nMD,Maryland,X,,,,yes,unknown,unknown,yes,,unknown,,"), "line 2: column `resolve_counties_fips`"),
        ("id,name\nMD,Maryland".to_string(), "no column `iis_name`"),
    ];
    for (csv, want) in bad {
        match Jurisdictions::from_csv(&csv).unwrap_err().kind {
            ErrorKind::TableLoad { reason } => assert!(reason.contains(want), "{reason}"),
            other => panic!("{other:?}"),
        }
    }
    // Receiver columns, when a table has them, replace the derived default.
    let own = format!("{header},receiving_application,receiving_facility\nMD,Maryland,ImmuNet (x),,,,yes,unknown,unknown,yes,,unknown,,,MDIIS,MDFAC");
    let t = Jurisdictions::from_csv(&own).unwrap();
    assert_eq!(t.get("MD").unwrap().receiving_facility, "MDFAC");
}

#[test]
fn destinations_are_checked_and_a_router_is_shared_across_threads() {
    let ok = r#"{"extends": "default", "destinations": {"MD": {"transforms": []}, "*": {}}}"#;
    assert!(load(ok).is_ok());
    let (l, r) = rejected(r#"{"destinations": {"ZZ": {"transforms": []}}}"#);
    assert_eq!(l, "/destinations/ZZ (line 1, column 25)");
    assert!(r.contains("unknown jurisdiction"), "{r}");
    let (l, _) = rejected(r#"{"destinations": {"MD": {"transform": []}}}"#);
    assert_eq!(l, "/destinations/MD/transform (line 1, column 39)");
    fn shared<T: Send + Sync + 'static>(_: &T) {}
    let router = Router::new(&Policy::default(), Jurisdictions::builtin()).unwrap();
    shared(&router);
    let text = vxu(&[("RXA[2]-11.12", "MD"), ("RXA[3]-11.12", "MD")]);
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let (router, text) = (router.clone(), text.clone());
            std::thread::spawn(move || {
                let m = Message::parse(&text).unwrap();
                router
                    .decide(&m)
                    .unwrap()
                    .sent_to()
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap(), ["MD", "WI"]);
    }
}

#[test]
fn rules_reading_the_same_path_each_get_their_own_answer() {
    // Four conditions over two paths (each read once per message, then shared).
    let policy = r#"{"extends": "default", "name": "p", "rules": [
        {"id": "flu", "when": {"path": "RXA[2]-5.1", "equals": "48"}, "action": "send", "to": "DE"},
        {"id": "hib", "when": {"path": "RXA[2]-5.1", "in": ["110", "49"]}, "action": "send", "to": "PA"},
        {"id": "any", "when": {"all": [{"path": "RXA[2]-5.1", "exists": true}, {"path": "PID-11.4", "matches": "^W"}]}, "action": "send", "to": "NJ"},
        {"id": "none", "when": {"path": "PID-11.4", "equals": "VA"}, "action": "send", "to": "OH"}]}"#;
    let text = vxu(&[("RXA[2]-11.12", "MD"), ("RXA[3]-11.12", "MD")]);
    let r = route(policy, &text);
    assert_eq!(r.sent_to().collect::<Vec<_>>(), ["MD", "WI", "PA", "NJ"]);
}
