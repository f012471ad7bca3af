//! The conformance profiles: the eight compiled-in CDC IZ profiles read as the IG summary
//! describes them, the run-time loader giving the same model from the same XML, its errors,
//! and a small jurisdiction-style profile.

use izkit::conformance::model::*;
use izkit::conformance::ProfileSet;
use izkit::ErrorKind;
use std::path::PathBuf;

fn builtin(id: &str) -> &'static Profile {
    ProfileSet::builtin()
        .get(id)
        .unwrap_or_else(|| panic!("builtin profile {id}"))
}

fn data_file(sub: &str, name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("data/profiles/nist-iz-r1.5")
        .join(sub)
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The segment definition with this three-letter name (the CDC profiles have one each).
fn segment<'p>(p: &'p Profile, name: &str) -> &'p SegmentDef {
    p.segments
        .iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("{} has no {name}", p.id))
}

/// A field by its HL7 number (1-based).
fn field<'p>(p: &'p Profile, seg: &str, n: usize) -> &'p Element {
    &segment(p, seg).fields[n - 1]
}

fn datatype_key<'p>(p: &'p Profile, e: &Element) -> &'p str {
    &p.datatypes[e.datatype as usize].key
}

fn find_group<'p>(nodes: &'p [Node], name: &str) -> Option<&'p Group> {
    nodes.iter().find_map(|n| match n {
        Node::Group(g) if g.name == name => Some(g),
        Node::Group(g) => find_group(&g.children, name),
        Node::Segment(_) => None,
    })
}

/// The structure as indented text: `NAME USAGE[min..max]`, children indented.
fn outline(p: &Profile, nodes: &[Node], depth: usize, out: &mut String) {
    for n in nodes {
        let (name, usage, min, max) = match n {
            Node::Segment(s) => (
                p.segments[s.segment as usize].name.clone(),
                s.usage,
                s.min,
                s.max,
            ),
            Node::Group(g) => (
                g.name.rsplit('.').next().unwrap_or_default().to_string(),
                g.usage,
                g.min,
                g.max,
            ),
        };
        let max = max.map_or("*".to_string(), |m| m.to_string());
        out.push_str(&format!(
            "{}{name} {}[{min}..{max}]\n",
            "  ".repeat(depth),
            usage.as_str()
        ));
        if let Node::Group(g) = n {
            outline(p, &g.children, depth + 1, out);
        }
    }
}

/// Every path an expression reads.
fn paths(e: &Expr, out: &mut Vec<Vec<Step>>) {
    match e {
        Expr::Presence { path }
        | Expr::PlainText { path, .. }
        | Expr::Format { path, .. }
        | Expr::StringList { path, .. }
        | Expr::NumberList { path, .. }
        | Expr::SimpleValue { path, .. }
        | Expr::SetId { path }
        | Expr::ValueSet { path, .. } => out.push(path.clone()),
        Expr::PathValue { path1, path2, .. } => {
            out.push(path1.clone());
            out.push(path2.clone());
        }
        Expr::IzSetId { parent, element } => {
            out.push(parent.clone());
            out.push(element.clone());
        }
        Expr::And(a, b) | Expr::Or(a, b) | Expr::Xor(a, b) | Expr::Imply(a, b) => {
            paths(a, out);
            paths(b, out);
        }
        Expr::Not(a) => paths(a, out),
        Expr::Forall(v) | Expr::Exist(v) => v.iter().for_each(|e| paths(e, out)),
        Expr::Plugin { .. } => {}
    }
}

fn step(position: u32) -> Step {
    Step {
        position,
        instance: Some(1),
    }
}

fn load_error(profile: &str, constraints: Option<&str>, value_sets: Option<&str>) -> String {
    let e = ProfileSet::from_xml(profile, constraints, value_sets).expect_err("must not load");
    match e.kind {
        ErrorKind::ProfileLoad { ref reason } => {
            assert_eq!(e.code(), "profile_load");
            reason.clone()
        }
        ref other => panic!("expected ProfileLoad, got {other:?}"),
    }
}

#[test]
fn builtin_has_the_eight_cdc_profiles() {
    let mut ids: Vec<&str> = ProfileSet::builtin().ids().collect();
    ids.sort_unstable();
    assert_eq!(
        ids,
        ["Z22", "Z23", "Z31", "Z32", "Z33", "Z34", "Z42", "Z44"]
    );
    let z22 = builtin("Z22");
    assert_eq!(
        (
            z22.msg_type.as_str(),
            z22.event.as_str(),
            z22.struct_id.as_str()
        ),
        ("VXU", "V04", "VXU_V04")
    );
    assert_eq!(z22.name, "Unsolicited Immunization Update");
    assert_eq!(z22.message_key, "aa72383a-7b48-46e5-a74a-82e019591fe7");
    for id in ["Z31", "Z32", "Z33", "Z42"] {
        assert_eq!(builtin(id).struct_id, "RSP_K11");
    }
}

#[test]
fn z22_structure_matches_the_ig_summary() {
    let p = builtin("Z22");
    let mut got = String::new();
    outline(p, &p.structure, 0, &mut got);
    let want = "\
MSH R[1..1]
SFT O[0..*]
PID R[1..1]
PD1 RE[0..1]
NK1 RE[0..*]
PATIENT O[0..1]
  PV1 R[1..1]
  PV2 O[0..1]
GT1 O[0..*]
INSURANCE O[0..*]
  IN1 R[1..1]
  IN2 O[0..1]
  IN3 O[0..1]
ORDER RE[0..*]
  ORC R[1..1]
  TIMING O[0..*]
    TQ1 R[1..1]
    TQ2 O[0..1]
  RXA R[1..1]
  RXR RE[0..1]
  OBSERVATION RE[0..*]
    OBX R[1..1]
    NTE O[0..1]
";
    assert_eq!(got, want);
    let order = find_group(&p.structure, "VXU_V04.ORDER").expect("ORDER group");
    assert_eq!(order.key, "VXU_V04.ORDER");
}

#[test]
fn z22_pid_fields() {
    let p = builtin("Z22");
    let pid = segment(p, "PID");
    assert_eq!(pid.key, "PID_IZ 1_5");

    let pid7 = field(p, "PID", 7);
    assert_eq!(pid7.usage, Usage::R);
    assert_eq!((pid7.min, pid7.max), (1, Some(1)));
    assert_eq!(datatype_key(p, pid7), "TS_NZ");

    let pid3 = field(p, "PID", 3);
    assert_eq!(pid3.name, "Patient Identifier List");
    assert_eq!((pid3.usage, pid3.min, pid3.max), (Usage::R, 1, None));
    assert_eq!(datatype_key(p, pid3), "CX_IZ");
    assert_eq!(pid3.max_length, Some(250));

    // CX_IZ: CX.4 is bound at its first component, CX.3 is conditional with a predicate.
    let cx = &p.datatypes[pid3.datatype as usize];
    assert_eq!(cx.name, "CX");
    let cx4 = &cx.components[3];
    assert_eq!((cx4.usage, cx4.min, cx4.max), (Usage::R, 1, Some(1)));
    let b = cx4.binding.as_ref().expect("CX.4 binding");
    assert_eq!(b.value_sets, ["HL70363_IZ"]);
    assert_eq!(b.strength, BindingStrength::Required);
    assert_eq!(b.locations, [1]);
    let cx2 = &cx.components[1];
    assert_eq!((cx2.usage, cx2.min), (Usage::O, 0));
    let cx3 = &cx.components[2];
    assert_eq!(cx3.usage, Usage::C);
    let pr = &cx.predicates[cx3.predicate.expect("CX.3 predicate") as usize];
    assert_eq!(pr.target, [step(3)]);
    assert_eq!((pr.true_usage, pr.false_usage), (Usage::O, Usage::X));

    let pid8 = field(p, "PID", 8);
    let b = pid8.binding.as_ref().expect("PID-8 binding");
    assert_eq!(b.value_sets, ["HL70001_IZ"]);
    assert!(b.locations.is_empty());

    // PID-25 is C(RE/O) on PID-24 = Y.
    let pid25 = field(p, "PID", 25);
    assert_eq!(pid25.usage, Usage::C);
    let pr = &pid.predicates[pid25.predicate.expect("PID-25 predicate") as usize];
    assert_eq!((pr.true_usage, pr.false_usage), (Usage::RE, Usage::O));
}

#[test]
fn z22_rxa_predicates_and_bindings() {
    let p = builtin("Z22");
    let rxa = segment(p, "RXA");
    let rxa17 = field(p, "RXA", 17);
    assert_eq!(rxa17.usage, Usage::C);
    let pr = &rxa.predicates[rxa17.predicate.expect("RXA-17 predicate") as usize];
    assert_eq!(pr.target, [step(17)]);
    assert_eq!((pr.true_usage, pr.false_usage), (Usage::R, Usage::O));
    let mut read = Vec::new();
    paths(&pr.condition, &mut read);
    assert!(read.contains(&vec![step(9), step(1)]), "{read:?}");
    assert!(!pr.description.is_empty());

    // RXA-5 is bound to three value sets at once.
    let b = field(p, "RXA", 5).binding.as_ref().expect("RXA-5 binding");
    assert_eq!(b.value_sets, ["CVX", "NDC_Use", "NDC_Sale"]);

    // Every conditional RXA field has its predicate, and every predicate index is in range.
    for (i, f) in rxa.fields.iter().enumerate() {
        if let Some(k) = f.predicate {
            assert_eq!(rxa.predicates[k as usize].target, [step(i as u32 + 1)]);
        }
    }
}

#[test]
fn z22_group_and_message_constraints() {
    let p = builtin("Z22");
    let order = find_group(&p.structure, "VXU_V04.ORDER").expect("ORDER group");
    let ids: Vec<&str> = order.constraints.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["IZ-24", "IZ-45", "IZ-23"]);
    let iz24 = &order.constraints[0];
    let mut found_plugin = false;
    if let Expr::Imply(_, b) = &iz24.assertion {
        found_plugin =
            matches!(**b, Expr::Plugin { ref class } if class.ends_with("IZ24Constraint"));
    }
    assert!(found_plugin, "{:?}", iz24.assertion);

    // The ORC-12 predicate on the group keeps its two-step target (child 1 = ORC, field 12).
    assert_eq!(order.predicates.len(), 1);
    assert_eq!(order.predicates[0].target, [step(1), step(12)]);

    let nist01 = p
        .constraints
        .iter()
        .find(|c| c.id == "NIST-01")
        .expect("NIST-01");
    match &nist01.assertion {
        Expr::IzSetId { parent, element } => {
            assert_eq!(
                parent,
                &[Step {
                    position: 9,
                    instance: None
                }]
            );
            assert_eq!(element.len(), 3);
        }
        other => panic!("NIST-01 is {other:?}"),
    }

    let msh = segment(p, "MSH");
    assert!(msh.constraints.iter().any(|c| c.id == "IZ-43"));
}

#[test]
fn ids_are_trimmed() {
    let p = builtin("Z32");
    let rxa = segment(p, "RXA");
    assert!(rxa.constraints.iter().any(|c| c.id == "IZ-TS_M"));
    for p in ProfileSet::builtin().ids().map(builtin) {
        let all = p
            .segments
            .iter()
            .flat_map(|s| &s.constraints)
            .chain(p.datatypes.iter().flat_map(|d| &d.constraints))
            .chain(&p.constraints);
        for c in all {
            assert_eq!(c.id, c.id.trim(), "{}: constraint id {:?}", p.id, c.id);
        }
    }
}

#[test]
fn value_sets() {
    let p = builtin("Z22");
    assert!(p.value_sets.windows(2).all(|w| w[0].id < w[1].id));
    let sex = p.value_set("HL70001_IZ").expect("HL70001_IZ");
    let codes: Vec<&str> = sex.codes.iter().map(|c| c.value.as_str()).collect();
    assert_eq!(codes, ["F", "M", "U"]);
    assert!(!sex.no_validation);
    assert!(sex
        .codes
        .iter()
        .all(|c| !c.excluded && c.system == "HL70001"));
    assert_eq!(sex.find("M").map(|c| c.value.as_str()), Some("M"));
    assert!(sex.find("X").is_none());

    let app = p.value_set("HL70361_IZ").expect("HL70361_IZ");
    assert!(app.no_validation);
    assert!(app.codes.is_empty());

    for p in ProfileSet::builtin().ids().map(builtin) {
        for v in &p.value_sets {
            assert!(
                v.codes.windows(2).all(|w| w[0].value < w[1].value),
                "{} {}: codes sorted and unique",
                p.id,
                v.id
            );
        }
    }
}

#[test]
fn other_profiles_read_as_the_ig_summary_says() {
    // Z32: PID and friends directly under the message, ORDER without TIMING.
    let z32 = builtin("Z32");
    let order = find_group(&z32.structure, "VXU_V04.ORDER").expect("Z32 ORDER");
    assert!(find_group(&order.children, "VXU_V04.ORDER.TIMING").is_none());
    assert!(z32
        .structure
        .iter()
        .any(|n| matches!(n, Node::Segment(s) if z32.segments[s.segment as usize].name == "PID")));

    // Z42: the forecast group with its group-level constraint (keyed ByName).
    let z42 = builtin("Z42");
    let g = find_group(&z42.structure, "RSP_K11.IZ_HISTORY_FORECAST").expect("Z42 group");
    assert_eq!((g.usage, g.min, g.max), (Usage::R, 1, None));
    assert!(!g.constraints.is_empty());

    // MSH-21 cardinality differs between request/response profiles.
    assert_eq!(field(builtin("Z22"), "MSH", 21).max, None);
    assert_eq!(field(builtin("Z34"), "MSH", 21).max, Some(1));

    // Z23's ERL predicates are numbered one off from their targets; linking goes by target.
    let z23 = builtin("Z23");
    let erl = z23
        .datatypes
        .iter()
        .find(|d| d.key == "ERL_IZ")
        .expect("ERL_IZ");
    let erl3 = &erl.components[2];
    let pr = &erl.predicates[erl3.predicate.expect("ERL.3 predicate") as usize];
    assert_eq!(pr.target, [step(3)]);
}

#[test]
fn run_time_load_matches_the_builtin() {
    let set = ProfileSet::from_xml(
        &data_file("profiles", "VXU-Z22_Profile.xml"),
        Some(&data_file("constraints", "VXU-Z22_Constraints.xml")),
        Some(&data_file("valuesets", "VXU-Z22_ValueSetLibrary.xml")),
    )
    .expect("Z22 loads");
    assert_eq!(set.ids().collect::<Vec<_>>(), ["Z22"]);
    let a = set.get("Z22").expect("Z22");
    let b = builtin("Z22");
    assert_eq!(a.segments.len(), b.segments.len());
    assert_eq!(a.datatypes.len(), b.datatypes.len());
    assert_eq!(a.value_sets.len(), b.value_sets.len());
    assert_eq!(a.constraints.len(), b.constraints.len());
    let preds = |p: &Profile| -> usize {
        p.segments.iter().map(|s| s.predicates.len()).sum::<usize>()
            + p.datatypes
                .iter()
                .map(|d| d.predicates.len())
                .sum::<usize>()
    };
    assert_eq!(preds(a), preds(b));
    // And everything else: the same model, field for field.
    assert_eq!(
        serde_json::to_value(a).unwrap(),
        serde_json::to_value(b).unwrap()
    );
}

#[test]
fn a_profile_alone_loads_without_constraints_or_value_sets() {
    let set = ProfileSet::from_xml(&data_file("profiles", "ACK-Z23_Profile.xml"), None, None)
        .expect("Z23 profile alone");
    let p = set.get("Z23").expect("Z23");
    assert!(p.value_sets.is_empty());
    assert!(p.segments.iter().all(|s| s.constraints.is_empty()));
}

#[test]
fn malformed_xml_is_a_profile_load_error() {
    let r = load_error("<ConformanceProfile><Messages>", None, None);
    assert!(r.starts_with("profile: malformed XML"), "{r}");

    let z22 = data_file("profiles", "VXU-Z22_Profile.xml");
    let r = load_error(&z22, Some("<ConformanceContext>"), None);
    assert!(r.starts_with("constraints: malformed XML"), "{r}");
    let r = load_error(&z22, None, Some("not xml at all"));
    assert!(r.starts_with("value sets: malformed XML"), "{r}");

    // The wrong file in the wrong place.
    let r = load_error(
        &data_file("valuesets", "VXU-Z22_ValueSetLibrary.xml"),
        None,
        None,
    );
    assert!(r.contains("expected ConformanceProfile"), "{r}");
}

#[test]
fn unknown_expression_is_a_profile_load_error() {
    let constraints = r#"<ConformanceContext UUID="x">
  <Constraints><Segment><ByID ID="MSH_IZ 1_5_Z22">
    <Constraint ID="LOCAL-9" Target="3[1]">
      <Description>made up</Description>
      <Assertion><Sometimes Path="3[1]"/></Assertion>
    </Constraint>
  </ByID></Segment></Constraints>
</ConformanceContext>"#;
    let r = load_error(
        &data_file("profiles", "VXU-Z22_Profile.xml"),
        Some(constraints),
        None,
    );
    assert!(r.contains("unknown expression element 'Sometimes'"), "{r}");
    assert!(r.contains("LOCAL-9"), "{r}");
    assert!(r.starts_with("constraints:"), "{r}");
}

/// A minimal profile with one segment, for error cases.
const TINY: &str = r#"<ConformanceProfile>
  <Messages><Message ID="m1" Identifier="T1" Type="VXU" Event="V04" StructID="VXU_V04">
    <Segment Ref="MSH_T" Usage="R" Min="1" Max="1"/>
  </Message></Messages>
  <Segments><Segment ID="MSH_T" Name="MSH">
    <Field Name="Field Separator" Usage="R" Min="1" Max="1" Datatype="ST" MinLength="1" MaxLength="1"/>
  </Segment></Segments>
  <Datatypes><Datatype ID="ST" Name="ST" Description="String"/></Datatypes>
</ConformanceProfile>"#;

#[test]
fn broken_references_name_the_element() {
    assert!(ProfileSet::from_xml(TINY, None, None).is_ok());

    let r = load_error(&TINY.replace("Ref=\"MSH_T\"", "Ref=\"MSH_Q\""), None, None);
    assert!(
        r.contains("'MSH_Q'") && r.contains("no Segment with this ID"),
        "{r}"
    );

    let r = load_error(
        &TINY.replace("Datatype=\"ST\"", "Datatype=\"STX\""),
        None,
        None,
    );
    assert!(
        r.contains("'MSH_T' field 1") && r.contains("'STX' is not defined"),
        "{r}"
    );

    let r = load_error(
        &TINY.replace(
            " Usage=\"R\" Min=\"1\" Max=\"1\" Datatype",
            " Min=\"1\" Max=\"1\" Datatype",
        ),
        None,
        None,
    );
    assert!(r.contains("missing attribute Usage"), "{r}");

    let r = load_error(&TINY.replace("Max=\"1\"/>", "Max=\"lots\"/>"), None, None);
    assert!(r.contains("Max 'lots' is not a whole number"), "{r}");

    let r = load_error(
        &TINY.replace(
            "Usage=\"R\" Min=\"1\" Max=\"1\"/>",
            "Usage=\"Q\" Min=\"1\" Max=\"1\"/>",
        ),
        None,
        None,
    );
    assert!(r.contains("unknown Usage 'Q'"), "{r}");

    let r = load_error(
        &TINY
            .replace("<Messages>", "<Nothing>")
            .replace("</Messages>", "</Nothing>"),
        None,
        None,
    );
    assert!(r.contains("no Message element"), "{r}");

    let r = load_error(
        &TINY.replace("<Segment Ref=\"MSH_T\"", "<Choice Ref=\"MSH_T\""),
        None,
        None,
    );
    assert!(r.contains("unsupported element 'Choice'"), "{r}");

    let r = load_error(
        &TINY.replace(
            "</Datatypes>",
            "<Datatype ID=\"ST\" Name=\"ST\"/></Datatypes>",
        ),
        None,
        None,
    );
    assert!(r.contains("Datatype 'ST': defined twice"), "{r}");

    // Errors carry a line, and never the XML around the problem.
    let long = "A".repeat(1000);
    let r = load_error(
        &TINY.replace("Ref=\"MSH_T\"", &format!("Ref=\"{long}\"")),
        None,
        None,
    );
    assert!(r.contains("(line 3)"), "{r}");
    assert!(r.len() < 300, "{r}");
}

/// A jurisdiction-style local profile: Z22 tightened (PID-6 mother's maiden name required,
/// a local ZIM segment at the end), its own constraints (by segment name and by datatype
/// name) and a local value set.
const LOCAL_PROFILE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<ConformanceProfile ID="local-1" Type="Implementation" HL7Version="2.5.1">
  <MetaData Name="State IIS VXU" OrgName="State" Version="1.0" Date="20240101"/>
  <Messages>
    <Message ID="state-vxu" Identifier="Z22" Name="State VXU" Type="VXU" Event="V04" StructID="VXU_V04">
      <Segment Ref="MSH_S" Usage="R" Min="1" Max="1"/>
      <Segment Ref="PID_S" Usage="R" Min="1" Max="1"/>
      <Group ID="ORDER" Name="VXU_V04.ORDER" Usage="R" Min="1" Max="*">
        <Segment Ref="RXA_S" Usage="R" Min="1" Max="1"/>
      </Group>
      <Segment Ref="ZIM_S" Usage="RE" Min="0" Max="1"/>
    </Message>
  </Messages>
  <Segments>
    <Segment ID="MSH_S" Label="MSH" Name="MSH" Description="Message Header">
      <Field Name="Field Separator" Usage="R" Min="1" Max="1" Datatype="ST" MinLength="1" MaxLength="1"/>
      <Field Name="Encoding Characters" Usage="R" Min="1" Max="1" Datatype="ST" MinLength="4" MaxLength="4"/>
    </Segment>
    <Segment ID="PID_S" Label="PID" Name="PID" Description="Patient Identification">
      <Field Name="Set ID - PID" Usage="R" Min="1" Max="1" Datatype="SI" MinLength="1" MaxLength="4"/>
      <Field Name="Patient ID" Usage="X" Min="0" Max="0" Datatype="ST"/>
      <Field Name="Patient Identifier List" Usage="R" Min="1" Max="*" Datatype="CX_S" MinLength="1" MaxLength="*"/>
      <Field Name="Alternate Patient ID" Usage="X" Min="0" Max="0" Datatype="ST"/>
      <Field Name="Patient Name" Usage="R" Min="1" Max="*" Datatype="ST"/>
      <Field Name="Mother's Maiden Name" Usage="R" Min="1" Max="1" Datatype="ST"/>
      <Field Name="Date/Time of Birth" Usage="R" Min="1" Max="1" Datatype="ST" MinLength="8" MaxLength="26"/>
      <Field Name="Administrative Sex" Usage="R" Min="1" Max="1" Datatype="ST" Binding="STATE_SEX" BindingStrength="R"/>
    </Segment>
    <Segment ID="RXA_S" Label="RXA" Name="RXA" Description="Administration">
      <Field Name="Give Sub-ID Counter" Usage="R" Min="1" Max="1" Datatype="ST"/>
    </Segment>
    <Segment ID="ZIM_S" Label="ZIM" Name="ZIM" Description="State extension">
      <Field Name="Program" Usage="R" Min="1" Max="1" Datatype="ST" Binding="STATE_PROGRAM" BindingStrength="S"/>
      <Field Name="Program Date" Usage="C" Min="0" Max="1" Datatype="ST"/>
    </Segment>
  </Segments>
  <Datatypes>
    <Datatype ID="ST" Name="ST" Description="String Data"/>
    <Datatype ID="SI" Name="SI" Description="Sequence ID"/>
    <Datatype ID="CX_S" Name="CX" Description="Extended Composite ID">
      <Component Name="ID Number" Usage="R" Datatype="ST" MinLength="1" MaxLength="15"/>
      <Component Name="Check Digit" Usage="C" Datatype="ST"/>
    </Datatype>
  </Datatypes>
</ConformanceProfile>"#;

const LOCAL_CONSTRAINTS: &str = r#"<ConformanceContext UUID="local-c">
  <MetaData Name="State constraints" OrgName="State" Version="1.0" Date="20240101"/>
  <Predicates>
    <Datatype>
      <ByName Name="CX">
        <Predicate ID="CX-2" Target="2[1]" TrueUsage="O" FalseUsage="X">
          <Description>If CX.1 is valued.</Description>
          <Condition><Presence Path="1[1]"/></Condition>
        </Predicate>
      </ByName>
    </Datatype>
    <Segment>
      <ByID ID="ZIM_S">
        <Predicate Target="2[1]" TrueUsage="R" FalseUsage="X">
          <Description>If ZIM-1 is valued.</Description>
          <Condition><Presence Path="1[1]"/></Condition>
        </Predicate>
      </ByID>
    </Segment>
  </Predicates>
  <Constraints>
    <Segment>
      <ByName Name="PID">
        <Constraint ID="ST-1" Target="1[1]">
          <Description>PID-1 SHALL be 1.</Description>
          <Assertion><PlainText Path="1[1]" Text="1" IgnoreCase="false"/></Assertion>
        </Constraint>
      </ByName>
      <ByID ID="OBX_NOT_HERE">
        <Constraint ID="ST-2" Target="1[1]">
          <Description>Never used.</Description>
          <Assertion><Presence Path="1[1]"/></Assertion>
        </Constraint>
      </ByID>
    </Segment>
    <Group>
      <ByID ID="ORDER">
        <Constraint ID="ST-3">
          <Description>Each order has an RXA.</Description>
          <Assertion><Presence Path="1[1]"/></Assertion>
        </Constraint>
      </ByID>
    </Group>
    <Message>
      <ByName Name="VXU_V04">
        <Constraint ID="ST-4" Target=".">
          <Description>Either a ZIM or not.</Description>
          <Assertion><OR><Presence Path="4[1]"/><NOT><Presence Path="4[1]"/></NOT></OR></Assertion>
        </Constraint>
      </ByName>
    </Message>
  </Constraints>
</ConformanceContext>"#;

const LOCAL_VALUE_SETS: &str = r#"<ValueSetLibrary ValueSetLibraryIdentifier="local-v">
  <MetaData Name="State value sets" OrgName="State" Version="1.0" Date="20240101"/>
  <NoValidation><BindingIdentifier>STATE_FACILITY</BindingIdentifier></NoValidation>
  <ValueSetDefinitions Group="local">
    <ValueSetDefinition BindingIdentifier="STATE_SEX" Name="Sex" Extensibility="Closed">
      <ValueElement Value="M" DisplayName="Male" CodeSystem="HL70001"/>
      <ValueElement Value="F" DisplayName="Female" CodeSystem="HL70001"/>
      <ValueElement Value="U" DisplayName="Unknown" CodeSystem="HL70001" Usage="E"/>
      <ValueElement Value="F" DisplayName="Female again" CodeSystem="LOCAL"/>
    </ValueSetDefinition>
    <ValueSetDefinition BindingIdentifier="STATE_PROGRAM" Name="Programs" Extensibility="Open">
      <ValueElement Value="VFC" DisplayName="Vaccines for Children" CodeSystem="LOCAL"/>
    </ValueSetDefinition>
  </ValueSetDefinitions>
</ValueSetLibrary>"#;

#[test]
fn a_jurisdiction_profile_loads() {
    let set = ProfileSet::from_xml(
        LOCAL_PROFILE,
        Some(LOCAL_CONSTRAINTS),
        Some(LOCAL_VALUE_SETS),
    )
    .expect("local profile loads");
    let p = set.get("Z22").expect("Z22 (local)");
    assert_eq!(p.name, "State VXU");
    assert_eq!(p.message_key, "state-vxu");
    let mut got = String::new();
    outline(p, &p.structure, 0, &mut got);
    assert_eq!(
        got,
        "MSH R[1..1]\nPID R[1..1]\nORDER R[1..*]\n  RXA R[1..1]\nZIM RE[0..1]\n"
    );

    // Tightened PID: PID-6 required; PID-1 constrained by segment name.
    let pid6 = field(p, "PID", 6);
    assert_eq!((pid6.usage, pid6.min), (Usage::R, 1));
    assert_eq!(segment(p, "PID").constraints[0].id, "ST-1");
    let pid3 = field(p, "PID", 3);
    assert_eq!((pid3.min_length, pid3.max_length), (Some(1), None));
    assert_eq!(field(p, "PID", 2).min_length, None);

    // The Z-segment with its predicate (no ID: named by its target) and a suggested binding.
    let zim = segment(p, "ZIM");
    let zim2 = &zim.fields[1];
    let pr = &zim.predicates[zim2.predicate.expect("ZIM-2 predicate") as usize];
    assert_eq!(pr.id, "2[1]");
    let b = zim.fields[0].binding.as_ref().expect("ZIM-1 binding");
    assert_eq!(b.strength, BindingStrength::Suggested);

    // The datatype predicate was given by base name (CX) and reached the CX_S flavor.
    let cx = &p.datatypes[pid3.datatype as usize];
    assert_eq!(cx.components[1].predicate, Some(0));
    assert_eq!((cx.components[0].min, cx.components[1].min), (1, 0));

    // Group and message contexts.
    let order = find_group(&p.structure, "VXU_V04.ORDER").expect("ORDER");
    assert_eq!(order.constraints[0].id, "ST-3");
    assert!(order.constraints[0].target.is_empty());
    assert_eq!(p.constraints[0].id, "ST-4");
    assert!(p.constraints[0].target.is_empty());

    // Value sets: sorted, deduplicated (first kept), exclusions, NoValidation without a
    // definition, Open extensibility.
    let ids: Vec<&str> = p.value_sets.iter().map(|v| v.id.as_str()).collect();
    assert_eq!(ids, ["STATE_FACILITY", "STATE_PROGRAM", "STATE_SEX"]);
    let sex = p.value_set("STATE_SEX").unwrap();
    let codes: Vec<(&str, &str, bool)> = sex
        .codes
        .iter()
        .map(|c| (c.value.as_str(), c.system.as_str(), c.excluded))
        .collect();
    assert_eq!(
        codes,
        [
            ("F", "HL70001", false),
            ("M", "HL70001", false),
            ("U", "HL70001", true)
        ]
    );
    assert!(!sex.open && !sex.no_validation);
    assert!(p.value_set("STATE_PROGRAM").unwrap().open);
    let fac = p.value_set("STATE_FACILITY").unwrap();
    assert!(fac.no_validation && fac.codes.is_empty());

    // Replacing the builtin Z22 in a set that holds it.
    let mut set = ProfileSet::builtin().clone();
    set.add_xml(
        LOCAL_PROFILE,
        Some(LOCAL_CONSTRAINTS),
        Some(LOCAL_VALUE_SETS),
    )
    .expect("add_xml");
    assert_eq!(set.ids().count(), 8);
    assert_eq!(set.get("Z22").unwrap().name, "State VXU");
}
