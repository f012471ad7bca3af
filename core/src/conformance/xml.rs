//! Reads NIST HL7 v2 conformance profiles (the XML format of NIST's validation tools and of
//! IGAMT exports) into the [model](crate::conformance::model): the profile file (messages,
//! segments, datatypes), its constraints file (predicates and conformance statements) and its
//! value-set library.
//!
//! The same code runs in two places: in the build script, which compiles the eight CDC
//! profiles into the library (a broken data file breaks the build), and at run time in
//! [`ProfileSet::from_xml`](crate::conformance::ProfileSet::from_xml) for a jurisdiction's
//! own profiles. So this file uses nothing from the crate but the model, and only `std`,
//! `serde` and `roxmltree`.
//!
//! What the reader does beyond a literal translation, and why:
//! - every name reference (segment `Ref`, `Datatype`) becomes an index; a reference that
//!   resolves to nothing is an error, because the validator could not check that element;
//! - ids are trimmed (the NIST Z32 constraints spell one id ` IZ-TS_M`);
//! - a predicate or conformance statement is attached to every definition its context
//!   names: `ByID` by key, `ByName` by base name (so a `ByName Name="CX"` context reaches
//!   `CX`, `CX_IZ`, ...); groups match on either their `ID` or their `Name`, which the CDC
//!   files use interchangeably; contexts that name nothing are reported as notes by
//!   [`load_with_notes`] rather than silently dropped;
//! - value sets listed under `NoValidation`, or without a single code, are marked
//!   `no_validation`: NIST uses empty sets for locally defined tables (`HL70361_IZ`);
//! - recursion (nested groups, nested expressions) is bounded, and so is the total that the
//!   profiles of one file copy from it (each gets its own definitions and value sets), so
//!   hostile input ends in an error rather than a stack overflow or a huge allocation.
//!
//! Errors name the file kind, the element and its line; they never quote the XML itself.

use crate::conformance::model::{
    Binding, BindingStrength, Code, Constraint, DatatypeDef, Element, Expr, Group, Node, Operator,
    Predicate, Profile, SegRef, SegmentDef, Step, Usage, ValueKind, ValueSet,
};
use roxmltree::{Document, Node as XNode};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;

/// Deepest nesting of groups, and of expressions, that the reader follows. The CDC files
/// need a handful of levels; the limit keeps hostile input from overflowing the stack.
const MAX_DEPTH: usize = 64;

/// How many XML elements' worth of definitions, constraints and value sets the loader may
/// copy into its profiles. Every profile of a file gets its own copy of what the file
/// defines, so without a limit a file with many messages would grow quadratically when
/// loaded (and a few hundred bytes of input could claim gigabytes). A CDC profile costs
/// about 5,000, so a file of a hundred messages that size still loads; the most the limit
/// lets the copies take is some 100 MB.
const MAX_COPIED: usize = 500_000;

/// What is left of [`MAX_COPIED`].
struct Budget(usize);

impl Budget {
    fn spend(&mut self, file: &'static str, n: usize) -> Result<(), LoadError> {
        self.0 = self.0.checked_sub(n).ok_or_else(|| LoadError {
            file,
            reason: "too large to load: too many messages sharing too many definitions".into(),
        })?;
        Ok(())
    }
}

/// The number of elements inside `node` (itself included).
fn weight(node: XNode<'_, '_>) -> usize {
    node.descendants().filter(|n| n.is_element()).count()
}

/// The longest attribute value quoted in an error; longer ones are cut.
const MAX_QUOTE: usize = 60;

/// Why a profile set could not be loaded.
#[derive(Debug, Clone)]
pub struct LoadError {
    /// Which file kind (`profile`, `constraints`, `value sets`).
    pub file: &'static str,
    /// What is wrong and where.
    pub reason: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.reason)
    }
}

impl std::error::Error for LoadError {}

const PROFILE: &str = "profile";
const CONSTRAINTS: &str = "constraints";
const VALUE_SETS: &str = "value sets";

/// Loads the message profiles of one NIST profile XML with its constraints and value sets.
///
/// One [`Profile`] per `<Message>` of the profile file; each carries every segment and
/// datatype definition of the file, the predicates and conformance statements of the
/// constraints file that apply to it, and the whole value-set library.
pub fn load(
    profile_xml: &str,
    constraints_xml: Option<&str>,
    value_sets_xml: Option<&str>,
) -> Result<Vec<Profile>, LoadError> {
    load_with_notes(profile_xml, constraints_xml, value_sets_xml).map(|(profiles, _)| profiles)
}

/// Like [`load`], and also returns notes about things that were read but cannot take effect:
/// predicate and constraint contexts that name no datatype, segment, group or message of the
/// profile; predicates in the message context (the model has no place for them); predicates
/// whose target is not a conditional element of their owner; conditional elements without a
/// predicate; a value set defined twice, or a code listed twice differently; and, when a
/// library is given, bindings to value sets it does not define.
pub fn load_with_notes(
    profile_xml: &str,
    constraints_xml: Option<&str>,
    value_sets_xml: Option<&str>,
) -> Result<(Vec<Profile>, Vec<String>), LoadError> {
    load_within(profile_xml, constraints_xml, value_sets_xml, MAX_COPIED)
}

/// [`load_with_notes`] with the copy limit as a parameter (tests use a small one).
fn load_within(
    profile_xml: &str,
    constraints_xml: Option<&str>,
    value_sets_xml: Option<&str>,
    max_copied: usize,
) -> Result<(Vec<Profile>, Vec<String>), LoadError> {
    let mut notes = Vec::new();
    let mut budget = Budget(max_copied);
    let mut profiles = read_profiles(profile_xml, &mut budget)?;
    if let Some(text) = constraints_xml {
        let contexts = read_contexts(text)?;
        attach(&mut profiles, &contexts, &mut budget, &mut notes)?;
    }
    for p in &mut profiles {
        link_predicates(p, &mut notes);
    }
    if let Some(text) = value_sets_xml {
        let (sets, library_weight) = read_value_sets(text, &mut notes)?;
        for p in &mut profiles {
            budget.spend(VALUE_SETS, library_weight)?;
            p.value_sets = sets.clone();
            note_unknown_bindings(p, &mut notes);
        }
    }
    Ok((profiles, notes))
}

// ---------------------------------------------------------------------------------------
// Small XML helpers.

fn parse_doc<'a>(file: &'static str, text: &'a str) -> Result<Document<'a>, LoadError> {
    // roxmltree's error names the problem and its line/column, not the text around it.
    Document::parse(text).map_err(|e| LoadError {
        file,
        reason: format!("malformed XML: {e}"),
    })
}

/// An attribute value cut to [`MAX_QUOTE`] characters, for error messages and notes.
fn quote(s: &str) -> String {
    match s.char_indices().nth(MAX_QUOTE) {
        Some((i, _)) => format!("'{}...'", &s[..i]),
        None => format!("'{s}'"),
    }
}

fn line(node: XNode<'_, '_>) -> u32 {
    node.document().text_pos_at(node.range().start).row
}

/// An error about `node`: `<what>: <msg> (line n)`.
fn fail(file: &'static str, node: XNode<'_, '_>, what: &str, msg: &str) -> LoadError {
    LoadError {
        file,
        reason: format!("{what}: {msg} (line {})", line(node)),
    }
}

fn elements<'a, 'i>(node: XNode<'a, 'i>) -> impl Iterator<Item = XNode<'a, 'i>> {
    node.children().filter(|n| n.is_element())
}

fn named<'a, 'i>(node: XNode<'a, 'i>, name: &'static str) -> impl Iterator<Item = XNode<'a, 'i>> {
    elements(node).filter(move |n| n.tag_name().name() == name)
}

fn child<'a, 'i>(node: XNode<'a, 'i>, name: &'static str) -> Option<XNode<'a, 'i>> {
    named(node, name).next()
}

/// A required attribute, trimmed.
fn req<'a>(
    file: &'static str,
    node: XNode<'a, '_>,
    attr: &str,
    what: &str,
) -> Result<&'a str, LoadError> {
    node.attribute(attr)
        .map(str::trim)
        .ok_or_else(|| fail(file, node, what, &format!("missing attribute {attr}")))
}

/// An optional attribute, trimmed; `None` when absent.
fn opt<'a>(node: XNode<'a, '_>, attr: &str) -> Option<&'a str> {
    node.attribute(attr).map(str::trim)
}

fn number(
    file: &'static str,
    node: XNode<'_, '_>,
    attr: &str,
    value: &str,
    what: &str,
) -> Result<u32, LoadError> {
    value.parse::<u32>().map_err(|_| {
        fail(
            file,
            node,
            what,
            &format!("{attr} {} is not a whole number", quote(value)),
        )
    })
}

/// `Max`, `MaxLength` and friends: a number, or `*` for none.
fn number_or_star(
    file: &'static str,
    node: XNode<'_, '_>,
    attr: &str,
    value: &str,
    what: &str,
) -> Result<Option<u32>, LoadError> {
    if value == "*" {
        Ok(None)
    } else {
        number(file, node, attr, value, what).map(Some)
    }
}

fn usage(
    file: &'static str,
    node: XNode<'_, '_>,
    attr: &str,
    what: &str,
) -> Result<Usage, LoadError> {
    let code = req(file, node, attr, what)?;
    Usage::from_code(code)
        .ok_or_else(|| fail(file, node, what, &format!("unknown {attr} {}", quote(code))))
}

fn boolean(
    file: &'static str,
    node: XNode<'_, '_>,
    attr: &str,
    what: &str,
) -> Result<bool, LoadError> {
    match opt(node, attr) {
        None => Ok(false),
        Some("true" | "1") => Ok(true),
        Some("false" | "0") => Ok(false),
        Some(v) => Err(fail(
            file,
            node,
            what,
            &format!("{attr} {} is not true or false", quote(v)),
        )),
    }
}

// ---------------------------------------------------------------------------------------
// Paths.

/// Parses a profile path such as `3[1].9[*].1[1]`: positions from 1, `[*]` for every
/// instance, a step without brackets for the first instance, `.` alone for the context
/// itself (no steps).
fn parse_path(text: &str) -> Result<Vec<Step>, String> {
    let text = text.trim();
    if text == "." {
        return Ok(Vec::new());
    }
    if text.is_empty() {
        return Err("empty path".into());
    }
    let bad = || format!("bad path {}", quote(text));
    text.split('.')
        .map(|step| {
            let step = step.trim();
            let (pos, inst) = match step.split_once('[') {
                Some((pos, rest)) => (pos, Some(rest.strip_suffix(']').ok_or_else(bad)?)),
                None => (step, None),
            };
            let position = pos.trim().parse::<u32>().map_err(|_| bad())?;
            let instance = match inst.map(str::trim) {
                None => Some(1),
                Some("*") => None,
                Some(n) => Some(n.parse::<u32>().map_err(|_| bad())?),
            };
            if position == 0 || instance == Some(0) {
                return Err(bad());
            }
            Ok(Step { position, instance })
        })
        .collect()
}

fn path(
    file: &'static str,
    node: XNode<'_, '_>,
    attr: &str,
    what: &str,
) -> Result<Vec<Step>, LoadError> {
    let text = req(file, node, attr, what)?;
    parse_path(text).map_err(|e| fail(file, node, what, &format!("{attr}: {e}")))
}

/// A `BindingLocation` such as `1` or `1:4` (the component positions checked).
fn locations(text: &str) -> Option<Vec<u32>> {
    text.split(':')
        .map(|p| p.trim().parse::<u32>().ok().filter(|&n| n > 0))
        .collect()
}

fn strength(code: &str) -> Option<BindingStrength> {
    Some(match code {
        "R" => BindingStrength::Required,
        "S" => BindingStrength::Suggested,
        "U" => BindingStrength::Undetermined,
        _ => return None,
    })
}

// ---------------------------------------------------------------------------------------
// The profile file.

fn read_profiles(text: &str, budget: &mut Budget) -> Result<Vec<Profile>, LoadError> {
    let doc = parse_doc(PROFILE, text)?;
    let root = doc.root_element();
    if root.tag_name().name() != "ConformanceProfile" {
        return Err(fail(
            PROFILE,
            root,
            "root element",
            &format!(
                "is {}, expected ConformanceProfile",
                quote(root.tag_name().name())
            ),
        ));
    }

    // Datatypes first: fields and components refer to them by ID, in any order.
    let dt_nodes: Vec<XNode> = child(root, "Datatypes")
        .map(|d| named(d, "Datatype").collect())
        .unwrap_or_default();
    let mut dt_index: HashMap<&str, u32> = HashMap::with_capacity(dt_nodes.len());
    for (i, d) in dt_nodes.iter().enumerate() {
        let id = req(PROFILE, *d, "ID", "Datatype")?;
        if dt_index.insert(id, index(i)).is_some() {
            return Err(fail(
                PROFILE,
                *d,
                &format!("Datatype {}", quote(id)),
                "defined twice",
            ));
        }
    }
    let mut datatypes = Vec::with_capacity(dt_nodes.len());
    for d in &dt_nodes {
        let key = req(PROFILE, *d, "ID", "Datatype")?;
        let what = format!("Datatype {}", quote(key));
        let name = req(PROFILE, *d, "Name", &what)?;
        let mut components = Vec::new();
        for (i, c) in named(*d, "Component").enumerate() {
            let what = format!("Datatype {} component {}", quote(key), i + 1);
            components.push(element(c, false, &dt_index, &what)?);
        }
        datatypes.push(DatatypeDef {
            key: key.to_string(),
            name: name.to_string(),
            components,
            predicates: Vec::new(),
            constraints: Vec::new(),
        });
    }

    let seg_nodes: Vec<XNode> = child(root, "Segments")
        .map(|s| named(s, "Segment").collect())
        .unwrap_or_default();
    let mut seg_index: HashMap<&str, u32> = HashMap::with_capacity(seg_nodes.len());
    let mut segments = Vec::with_capacity(seg_nodes.len());
    for (i, s) in seg_nodes.iter().enumerate() {
        let key = req(PROFILE, *s, "ID", "Segment")?;
        let what = format!("Segment {}", quote(key));
        if seg_index.insert(key, index(i)).is_some() {
            return Err(fail(PROFILE, *s, &what, "defined twice"));
        }
        let name = req(PROFILE, *s, "Name", &what)?;
        let mut fields = Vec::new();
        for (i, f) in named(*s, "Field").enumerate() {
            let what = format!("Segment {} field {}", quote(key), i + 1);
            fields.push(element(f, true, &dt_index, &what)?);
        }
        // DynamicMapping (OBX-5 "varies") is not part of the model: the validator picks
        // OBX-5's datatype from OBX-2 itself.
        segments.push(SegmentDef {
            key: key.to_string(),
            name: name.to_string(),
            fields,
            predicates: Vec::new(),
            constraints: Vec::new(),
        });
    }

    // Every profile gets a copy of all definitions.
    let definitions =
        child(root, "Datatypes").map_or(0, weight) + child(root, "Segments").map_or(0, weight);
    let mut profiles = Vec::new();
    if let Some(messages) = child(root, "Messages") {
        for m in named(messages, "Message") {
            budget.spend(PROFILE, definitions + weight(m))?;
            let key = req(PROFILE, m, "ID", "Message")?;
            let what = format!("Message {}", quote(key));
            let id = opt(m, "Identifier")
                .filter(|s| !s.is_empty())
                .unwrap_or(key);
            let name = opt(m, "Name")
                .or_else(|| opt(m, "Description"))
                .unwrap_or("");
            let structure = nodes(m, &seg_index, &what, 0)?;
            profiles.push(Profile {
                id: id.to_string(),
                name: name.to_string(),
                msg_type: req(PROFILE, m, "Type", &what)?.to_string(),
                event: req(PROFILE, m, "Event", &what)?.to_string(),
                struct_id: req(PROFILE, m, "StructID", &what)?.to_string(),
                message_key: key.to_string(),
                structure,
                constraints: Vec::new(),
                segments: segments.clone(),
                datatypes: datatypes.clone(),
                value_sets: Vec::new(),
            });
        }
    }
    if profiles.is_empty() {
        return Err(fail(PROFILE, root, "Messages", "no Message element"));
    }
    Ok(profiles)
}

/// Indices are `u32` in the model; a file with four billion definitions is not a profile.
fn index(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// A `Field` (`is_field`) or `Component`.
fn element(
    node: XNode<'_, '_>,
    is_field: bool,
    dt_index: &HashMap<&str, u32>,
    what: &str,
) -> Result<Element, LoadError> {
    let name = req(PROFILE, node, "Name", what)?;
    let usage = usage(PROFILE, node, "Usage", what)?;
    let (min, max) = if is_field {
        occurs(node, what)?
    } else {
        // Components do not repeat; R makes one required.
        (u32::from(usage == Usage::R), Some(1))
    };
    let dt = req(PROFILE, node, "Datatype", what)?;
    let datatype = *dt_index.get(dt).ok_or_else(|| {
        fail(
            PROFILE,
            node,
            what,
            &format!("Datatype {} is not defined", quote(dt)),
        )
    })?;
    let length = |attr: &str| -> Result<Option<u32>, LoadError> {
        match opt(node, attr) {
            None | Some("") => Ok(None),
            Some(v) => number_or_star(PROFILE, node, attr, v, what),
        }
    };
    let min_length = length("MinLength")?;
    let max_length = length("MaxLength")?;
    let binding = match opt(node, "Binding") {
        None => None,
        Some(ids) => {
            let value_sets: Vec<String> = ids
                .split(':')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect();
            let strength = match opt(node, "BindingStrength") {
                None | Some("") => BindingStrength::Required,
                Some(code) => strength(code).ok_or_else(|| {
                    fail(
                        PROFILE,
                        node,
                        what,
                        &format!("unknown BindingStrength {}", quote(code)),
                    )
                })?,
            };
            let locations = match opt(node, "BindingLocation") {
                None | Some("") => Vec::new(),
                Some(loc) => locations(loc).ok_or_else(|| {
                    fail(
                        PROFILE,
                        node,
                        what,
                        &format!("bad BindingLocation {}", quote(loc)),
                    )
                })?,
            };
            (!value_sets.is_empty()).then_some(Binding {
                value_sets,
                strength,
                locations,
            })
        }
    };
    Ok(Element {
        name: name.to_string(),
        usage,
        min,
        max,
        datatype,
        min_length,
        max_length,
        binding,
        predicate: None,
    })
}

/// `Min` and `Max` of a field, segment reference or group.
fn occurs(node: XNode<'_, '_>, what: &str) -> Result<(u32, Option<u32>), LoadError> {
    let min = req(PROFILE, node, "Min", what)?;
    let max = req(PROFILE, node, "Max", what)?;
    Ok((
        number(PROFILE, node, "Min", min, what)?,
        number_or_star(PROFILE, node, "Max", max, what)?,
    ))
}

/// The children of a `Message` or `Group`.
fn nodes(
    parent: XNode<'_, '_>,
    seg_index: &HashMap<&str, u32>,
    what: &str,
    depth: usize,
) -> Result<Vec<Node>, LoadError> {
    if depth > MAX_DEPTH {
        return Err(fail(PROFILE, parent, what, "groups nested too deeply"));
    }
    let mut out = Vec::new();
    for n in elements(parent) {
        match n.tag_name().name() {
            "Segment" => {
                let r = req(PROFILE, n, "Ref", what)?;
                let what = format!("{what} segment {}", quote(r));
                let segment = *seg_index
                    .get(r)
                    .ok_or_else(|| fail(PROFILE, n, &what, "no Segment with this ID"))?;
                let (min, max) = occurs(n, &what)?;
                out.push(Node::Segment(SegRef {
                    segment,
                    usage: usage(PROFILE, n, "Usage", &what)?,
                    min,
                    max,
                }));
            }
            "Group" => {
                let key = req(PROFILE, n, "ID", what)?;
                let what = format!("{what} group {}", quote(key));
                let name = req(PROFILE, n, "Name", &what)?;
                let (min, max) = occurs(n, &what)?;
                out.push(Node::Group(Group {
                    name: name.to_string(),
                    key: key.to_string(),
                    usage: usage(PROFILE, n, "Usage", &what)?,
                    min,
                    max,
                    children: nodes(n, seg_index, &what, depth + 1)?,
                    predicates: Vec::new(),
                    constraints: Vec::new(),
                }));
            }
            other => {
                return Err(fail(
                    PROFILE,
                    n,
                    what,
                    &format!("unsupported element {} in a structure", quote(other)),
                ))
            }
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// The constraints file.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Section {
    Datatype,
    Segment,
    Group,
    Message,
}

impl Section {
    fn as_str(self) -> &'static str {
        match self {
            Section::Datatype => "Datatype",
            Section::Segment => "Segment",
            Section::Group => "Group",
            Section::Message => "Message",
        }
    }
}

#[derive(Debug)]
enum Items {
    Predicates(Vec<Predicate>),
    Constraints(Vec<Constraint>),
}

/// One `ByID`/`ByName` context with what it holds.
#[derive(Debug)]
struct Context {
    section: Section,
    by_id: bool,
    key: String,
    items: Items,
    /// XML elements inside: what copying the items to one more definition costs.
    weight: usize,
}

impl Context {
    fn len(&self) -> usize {
        match &self.items {
            Items::Predicates(v) => v.len(),
            Items::Constraints(v) => v.len(),
        }
    }

    /// `Segment ByID 'PID_IZ 1_5' (3 constraints)`, for notes.
    fn describe(&self) -> String {
        let kind = match self.items {
            Items::Predicates(_) => "predicate",
            Items::Constraints(_) => "constraint",
        };
        let n = self.len();
        format!(
            "{} {} {} ({n} {kind}{})",
            self.section.as_str(),
            if self.by_id { "ByID" } else { "ByName" },
            quote(&self.key),
            if n == 1 { "" } else { "s" }
        )
    }
}

fn read_contexts(text: &str) -> Result<Vec<Context>, LoadError> {
    let doc = parse_doc(CONSTRAINTS, text)?;
    let root = doc.root_element();
    if root.tag_name().name() != "ConformanceContext" {
        return Err(fail(
            CONSTRAINTS,
            root,
            "root element",
            &format!(
                "is {}, expected ConformanceContext",
                quote(root.tag_name().name())
            ),
        ));
    }
    let mut out = Vec::new();
    for (block, predicates) in [("Predicates", true), ("Constraints", false)] {
        for b in named(root, block) {
            for sec in elements(b) {
                let section = match sec.tag_name().name() {
                    "Datatype" => Section::Datatype,
                    "Segment" => Section::Segment,
                    "Group" => Section::Group,
                    "Message" => Section::Message,
                    other => {
                        return Err(fail(
                            CONSTRAINTS,
                            sec,
                            block,
                            &format!("unknown context {}", quote(other)),
                        ))
                    }
                };
                for ctx in elements(sec) {
                    let (by_id, attr) = match ctx.tag_name().name() {
                        "ByID" => (true, "ID"),
                        "ByName" => (false, "Name"),
                        other => {
                            return Err(fail(
                                CONSTRAINTS,
                                ctx,
                                &format!("{block} {}", section.as_str()),
                                &format!("unknown element {}", quote(other)),
                            ))
                        }
                    };
                    let key = req(
                        CONSTRAINTS,
                        ctx,
                        attr,
                        &format!("{block} {}", section.as_str()),
                    )?;
                    let what = format!(
                        "{} {} {}",
                        section.as_str(),
                        ctx.tag_name().name(),
                        quote(key)
                    );
                    let items = if predicates {
                        Items::Predicates(
                            named(ctx, "Predicate")
                                .map(|p| predicate(p, &what))
                                .collect::<Result<_, _>>()?,
                        )
                    } else {
                        Items::Constraints(
                            named(ctx, "Constraint")
                                .map(|c| constraint(c, &what))
                                .collect::<Result<_, _>>()?,
                        )
                    };
                    out.push(Context {
                        section,
                        by_id,
                        key: key.to_string(),
                        items,
                        weight: weight(ctx),
                    });
                }
            }
        }
    }
    Ok(out)
}

fn description(node: XNode<'_, '_>) -> String {
    child(node, "Description")
        .and_then(|d| d.text())
        .map(|t| t.trim().to_string())
        .unwrap_or_default()
}

/// The single expression inside a `Condition` or `Assertion`.
fn body(node: XNode<'_, '_>, holder: &'static str, what: &str) -> Result<Expr, LoadError> {
    let b = child(node, holder)
        .ok_or_else(|| fail(CONSTRAINTS, node, what, &format!("no {holder}")))?;
    let mut exprs = elements(b);
    match (exprs.next(), exprs.next()) {
        (Some(e), None) => expr(e, what, 0),
        _ => Err(fail(
            CONSTRAINTS,
            b,
            what,
            &format!("{holder} must hold exactly one expression"),
        )),
    }
}

fn predicate(node: XNode<'_, '_>, context: &str) -> Result<Predicate, LoadError> {
    let target_text = req(CONSTRAINTS, node, "Target", &format!("{context} predicate"))?;
    // The ID is optional in the schema; the target names the predicate well enough then.
    let id = opt(node, "ID")
        .filter(|s| !s.is_empty())
        .unwrap_or(target_text);
    let what = format!("{context} predicate {}", quote(id));
    Ok(Predicate {
        id: id.to_string(),
        target: path(CONSTRAINTS, node, "Target", &what)?,
        true_usage: usage(CONSTRAINTS, node, "TrueUsage", &what)?,
        false_usage: usage(CONSTRAINTS, node, "FalseUsage", &what)?,
        condition: body(node, "Condition", &what)?,
        description: description(node),
    })
}

fn constraint(node: XNode<'_, '_>, context: &str) -> Result<Constraint, LoadError> {
    let id = req(CONSTRAINTS, node, "ID", &format!("{context} constraint"))?;
    let what = format!("{context} constraint {}", quote(id));
    // No target: the statement is about the context itself.
    let target = match opt(node, "Target") {
        None | Some("") => Vec::new(),
        Some(_) => path(CONSTRAINTS, node, "Target", &what)?,
    };
    Ok(Constraint {
        id: id.to_string(),
        target,
        description: description(node),
        assertion: body(node, "Assertion", &what)?,
    })
}

fn operator(node: XNode<'_, '_>, what: &str) -> Result<Operator, LoadError> {
    let op = req(CONSTRAINTS, node, "Operator", what)?;
    Ok(match op {
        "EQ" => Operator::Eq,
        "NE" => Operator::Ne,
        "GT" => Operator::Gt,
        "LT" => Operator::Lt,
        "GE" => Operator::Ge,
        "LE" => Operator::Le,
        _ => {
            return Err(fail(
                CONSTRAINTS,
                node,
                what,
                &format!("unknown Operator {}", quote(op)),
            ))
        }
    })
}

fn csv<'a>(node: XNode<'a, '_>, what: &str) -> Result<Vec<&'a str>, LoadError> {
    Ok(req(CONSTRAINTS, node, "CSV", what)?
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect())
}

/// A required attribute as written: the values an expression compares with, and patterns,
/// are not trimmed (a space can be what is meant).
fn raw<'a>(node: XNode<'a, '_>, attr: &str, what: &str) -> Result<&'a str, LoadError> {
    node.attribute(attr).ok_or_else(|| {
        fail(
            CONSTRAINTS,
            node,
            what,
            &format!("missing attribute {attr}"),
        )
    })
}

/// One expression of NIST's `Expressions.xsd`; `what` names the predicate or constraint.
fn expr(node: XNode<'_, '_>, what: &str, depth: usize) -> Result<Expr, LoadError> {
    if depth > MAX_DEPTH {
        return Err(fail(
            CONSTRAINTS,
            node,
            what,
            "expression nested too deeply",
        ));
    }
    let f = CONSTRAINTS;
    let name = node.tag_name().name();
    let p = |attr: &str| path(f, node, attr, what);
    let once = || boolean(f, node, "AtLeastOnce", what);
    let operands = |min: usize, max: Option<usize>| -> Result<Vec<Expr>, LoadError> {
        let kids: Vec<XNode> = elements(node).collect();
        if kids.len() < min || max.is_some_and(|m| kids.len() > m) {
            let count = match max {
                Some(m) if m == min => format!("exactly {min}"),
                _ => format!("at least {min}"),
            };
            return Err(fail(
                f,
                node,
                what,
                &format!("{name} needs {count} operands, has {}", kids.len()),
            ));
        }
        kids.into_iter().map(|k| expr(k, what, depth + 1)).collect()
    };
    let pair = || -> Result<(Box<Expr>, Box<Expr>), LoadError> {
        let mut v = operands(2, Some(2))?;
        let b = v.pop();
        let a = v.pop();
        match (a, b) {
            (Some(a), Some(b)) => Ok((Box::new(a), Box::new(b))),
            _ => Err(fail(f, node, what, "missing operand")),
        }
    };
    Ok(match name {
        "Presence" => Expr::Presence { path: p("Path")? },
        "PlainText" => Expr::PlainText {
            path: p("Path")?,
            text: raw(node, "Text", what)?.to_string(),
            ignore_case: boolean(f, node, "IgnoreCase", what)?,
            at_least_once: once()?,
        },
        "Format" => Expr::Format {
            path: p("Path")?,
            regex: raw(node, "Regex", what)?.to_string(),
            at_least_once: once()?,
        },
        "StringList" => Expr::StringList {
            path: p("Path")?,
            values: csv(node, what)?.into_iter().map(String::from).collect(),
            at_least_once: once()?,
        },
        "NumberList" => Expr::NumberList {
            path: p("Path")?,
            values: csv(node, what)?
                .into_iter()
                .map(|v| {
                    v.parse::<f64>()
                        .ok()
                        .filter(|n| n.is_finite())
                        .ok_or_else(|| {
                            fail(
                                f,
                                node,
                                what,
                                &format!("CSV value {} is not a number", quote(v)),
                            )
                        })
                })
                .collect::<Result<_, _>>()?,
            at_least_once: once()?,
        },
        "SimpleValue" => Expr::SimpleValue {
            path: p("Path")?,
            operator: operator(node, what)?,
            value: raw(node, "Value", what)?.to_string(),
            kind: match opt(node, "Type") {
                None | Some("String") => ValueKind::String,
                Some("Number") => ValueKind::Number,
                Some(t) => return Err(fail(f, node, what, &format!("unknown Type {}", quote(t)))),
            },
        },
        "PathValue" => Expr::PathValue {
            path1: p("Path1")?,
            operator: operator(node, what)?,
            path2: p("Path2")?,
        },
        "SetID" => Expr::SetId { path: p("Path")? },
        "IZSetID" => Expr::IzSetId {
            parent: p("Parent")?,
            element: p("Element")?,
        },
        "ValueSet" => Expr::ValueSet {
            path: p("Path")?,
            value_set: req(f, node, "ValueSetID", what)?.to_string(),
            locations: match opt(node, "BindingLocation") {
                None | Some("") => Vec::new(),
                Some(loc) => locations(loc).ok_or_else(|| {
                    fail(
                        f,
                        node,
                        what,
                        &format!("bad BindingLocation {}", quote(loc)),
                    )
                })?,
            },
            strength: match opt(node, "BindingStrength") {
                None | Some("") => BindingStrength::Required,
                Some(code) => strength(code).ok_or_else(|| {
                    fail(
                        f,
                        node,
                        what,
                        &format!("unknown BindingStrength {}", quote(code)),
                    )
                })?,
            },
        },
        "AND" => {
            let (a, b) = pair()?;
            Expr::And(a, b)
        }
        "OR" => {
            let (a, b) = pair()?;
            Expr::Or(a, b)
        }
        "XOR" => {
            let (a, b) = pair()?;
            Expr::Xor(a, b)
        }
        "IMPLY" => {
            let (a, b) = pair()?;
            Expr::Imply(a, b)
        }
        "NOT" => {
            let mut v = operands(1, Some(1))?;
            match v.pop() {
                Some(e) => Expr::Not(Box::new(e)),
                None => return Err(fail(f, node, what, "missing operand")),
            }
        }
        "FORALL" => Expr::Forall(operands(1, None)?),
        "EXIST" => Expr::Exist(operands(1, None)?),
        "Plugin" => Expr::Plugin {
            class: req(f, node, "QualifiedClassName", what)?.to_string(),
        },
        other => {
            return Err(fail(
                f,
                node,
                what,
                &format!("unknown expression element {}", quote(other)),
            ))
        }
    })
}

/// Adds every context's predicates or constraints to each definition it names, in every
/// profile of the file; notes the contexts that name nothing. Definitions look their
/// contexts up by key, so the work is linear in the definitions plus the contexts.
fn attach(
    profiles: &mut [Profile],
    contexts: &[Context],
    budget: &mut Budget,
    notes: &mut Vec<String>,
) -> Result<(), LoadError> {
    let mut index: HashMap<(Section, bool, &str), Vec<usize>> = HashMap::new();
    for (i, c) in contexts.iter().enumerate() {
        if c.section == Section::Message && matches!(c.items, Items::Predicates(_)) {
            if c.len() > 0 {
                notes.push(format!(
                    "constraints: {}: predicates in the message context are not supported; \
                     ignored",
                    c.describe()
                ));
            }
            continue;
        }
        index
            .entry((c.section, c.by_id, c.key.as_str()))
            .or_default()
            .push(i);
    }
    // Which contexts name `keys` (`(by_id, key)` pairs), in file order, each once.
    let lookup = |section: Section, keys: &[(bool, &str)]| -> Vec<usize> {
        let mut hits: Vec<usize> = keys
            .iter()
            .filter_map(|&(by_id, key)| index.get(&(section, by_id, key)))
            .flatten()
            .copied()
            .collect();
        hits.sort_unstable();
        hits.dedup();
        hits
    };
    let mut matched = vec![false; contexts.len()];
    let mut apply = |hits: Vec<usize>,
                     predicates: &mut Vec<Predicate>,
                     constraints: &mut Vec<Constraint>|
     -> Result<(), LoadError> {
        for i in hits {
            let c = &contexts[i];
            budget.spend(CONSTRAINTS, c.weight)?;
            matched[i] = true;
            match &c.items {
                Items::Predicates(v) => predicates.extend(v.iter().cloned()),
                Items::Constraints(v) => constraints.extend(v.iter().cloned()),
            }
        }
        Ok(())
    };
    for p in profiles.iter_mut() {
        for d in &mut p.datatypes {
            let hits = lookup(Section::Datatype, &[(true, &d.key), (false, &d.name)]);
            apply(hits, &mut d.predicates, &mut d.constraints)?;
        }
        for s in &mut p.segments {
            let hits = lookup(Section::Segment, &[(true, &s.key), (false, &s.name)]);
            apply(hits, &mut s.predicates, &mut s.constraints)?;
        }
        // The CDC files key groups by `VXU_V04.ORDER`, which is both the ID and the Name;
        // accept either spelling in either kind of context.
        let mut result = Ok(());
        each_group(&mut p.structure, &mut |g| {
            if result.is_ok() {
                let (key, name) = (g.key.as_str(), g.name.as_str());
                let hits = lookup(
                    Section::Group,
                    &[(true, key), (true, name), (false, key), (false, name)],
                );
                result = apply(hits, &mut g.predicates, &mut g.constraints);
            }
        });
        result?;
        let hits = lookup(
            Section::Message,
            &[
                (true, &p.message_key),
                (false, &p.struct_id),
                (false, &p.name),
                (false, &p.id),
            ],
        );
        // Message-context predicates never reach the index, so this vector stays empty.
        let mut unused = Vec::new();
        apply(hits, &mut unused, &mut p.constraints)?;
    }
    for (c, hit) in contexts.iter().zip(matched) {
        let skipped = c.section == Section::Message && matches!(c.items, Items::Predicates(_));
        if !hit && !skipped {
            let kind = c.section.as_str().to_ascii_lowercase();
            notes.push(format!(
                "constraints: {}: no {kind} of the profile matches; ignored",
                c.describe()
            ));
        }
    }
    Ok(())
}

fn each_group(nodes: &mut [Node], f: &mut dyn FnMut(&mut Group)) {
    for n in nodes {
        if let Node::Group(g) = n {
            f(g);
            each_group(&mut g.children, f);
        }
    }
}

/// Points every conditional field and component at its predicate: the one of its owner whose
/// target is exactly that element (`5[1]`, or `5[*]`).
fn link_predicates(p: &mut Profile, notes: &mut Vec<String>) {
    let id = p.id.clone();
    for s in &mut p.segments {
        link(&mut s.fields, &s.predicates, &id, "segment", &s.key, notes);
    }
    for d in &mut p.datatypes {
        link(
            &mut d.components,
            &d.predicates,
            &id,
            "datatype",
            &d.key,
            notes,
        );
    }
}

fn link(
    elements: &mut [Element],
    predicates: &[Predicate],
    profile: &str,
    kind: &str,
    owner: &str,
    notes: &mut Vec<String>,
) {
    // Ordered, so the notes come out in the same order every time.
    let mut by_position: BTreeMap<u32, u32> = BTreeMap::new();
    for (i, pr) in predicates.iter().enumerate() {
        match pr.target[..] {
            [Step {
                position,
                instance: Some(1) | None,
            }] => {
                by_position.entry(position).or_insert(index(i));
            }
            _ => notes.push(format!(
                "profile {profile}: {kind} {} predicate {} does not target one of its own \
                 elements; it has no effect",
                quote(owner),
                quote(&pr.id)
            )),
        }
    }
    for (&pos, &i) in &by_position {
        let usage = (pos as usize)
            .checked_sub(1)
            .and_then(|i| elements.get(i))
            .map_or("absent", |e| e.usage.as_str());
        if usage != "C" {
            if let Some(pr) = predicates.get(i as usize) {
                notes.push(format!(
                    "profile {profile}: {kind} {} predicate {} targets element {pos}, which is \
                     not conditional (usage {usage}); it has no effect",
                    quote(owner),
                    quote(&pr.id)
                ));
            }
        }
    }
    let mut orphans = Vec::new();
    for (pos, e) in elements.iter_mut().enumerate() {
        if e.usage == Usage::C {
            e.predicate = by_position.get(&index(pos + 1)).copied();
            if e.predicate.is_none() {
                orphans.push((pos + 1).to_string());
            }
        }
    }
    if !orphans.is_empty() {
        notes.push(format!(
            "profile {profile}: {kind} {}: conditional (C) element{} {} without a predicate",
            quote(owner),
            if orphans.len() == 1 { "" } else { "s" },
            orphans.join(", ")
        ));
    }
}

/// Notes the value sets that bindings name but the library does not define (the validator
/// cannot check those bindings).
fn note_unknown_bindings(p: &Profile, notes: &mut Vec<String>) {
    let mut missing: Vec<&str> = p
        .segments
        .iter()
        .flat_map(|s| &s.fields)
        .chain(p.datatypes.iter().flat_map(|d| &d.components))
        .filter_map(|e| e.binding.as_ref())
        .flat_map(|b| &b.value_sets)
        .map(String::as_str)
        .filter(|id| p.value_set(id).is_none())
        .collect();
    missing.sort_unstable();
    missing.dedup();
    if !missing.is_empty() {
        notes.push(format!(
            "profile {}: bindings to value sets the library does not define: {}",
            p.id,
            missing.join(", ")
        ));
    }
}

// ---------------------------------------------------------------------------------------
// The value-set library.

/// The library, and its weight (elements) for the copy budget.
fn read_value_sets(
    text: &str,
    notes: &mut Vec<String>,
) -> Result<(Vec<ValueSet>, usize), LoadError> {
    let f = VALUE_SETS;
    let doc = parse_doc(f, text)?;
    let root = doc.root_element();
    if root.tag_name().name() != "ValueSetLibrary" {
        return Err(fail(
            f,
            root,
            "root element",
            &format!(
                "is {}, expected ValueSetLibrary",
                quote(root.tag_name().name())
            ),
        ));
    }
    let no_validation: HashSet<&str> = named(root, "NoValidation")
        .flat_map(|n| named(n, "BindingIdentifier"))
        .filter_map(|b| b.text())
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let mut sets: Vec<ValueSet> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for defs in named(root, "ValueSetDefinitions") {
        for d in named(defs, "ValueSetDefinition") {
            let id = req(f, d, "BindingIdentifier", "ValueSetDefinition")?;
            let what = format!("ValueSetDefinition {}", quote(id));
            if !seen.insert(id.to_string()) {
                notes.push(format!(
                    "value sets: {} is defined more than once; the first definition is used",
                    quote(id)
                ));
                continue;
            }
            let mut codes = Vec::new();
            for v in named(d, "ValueElement") {
                let value = req(f, v, "Value", &what)?;
                let excluded = match opt(v, "Usage") {
                    None | Some("" | "R" | "P") => false,
                    Some("E") => true,
                    Some(u) => {
                        return Err(fail(f, v, &what, &format!("unknown Usage {}", quote(u))))
                    }
                };
                codes.push(Code {
                    value: value.to_string(),
                    system: opt(v, "CodeSystem").unwrap_or("").to_string(),
                    excluded,
                });
            }
            // Stable sort, then keep the first of equal values. The NIST files repeat a few
            // codes verbatim; a repeat that says something different is worth a note.
            codes.sort_by(|a, b| a.value.cmp(&b.value));
            codes.dedup_by(|later, first| {
                let same = later.value == first.value;
                if same && (later.system != first.system || later.excluded != first.excluded) {
                    notes.push(format!(
                        "value sets: {} lists code {} twice, differently; the first is used",
                        quote(id),
                        quote(&first.value)
                    ));
                }
                same
            });
            sets.push(ValueSet {
                id: id.to_string(),
                name: opt(d, "Name").unwrap_or("").to_string(),
                no_validation: codes.is_empty() || no_validation.contains(id),
                open: opt(d, "Extensibility") == Some("Open"),
                codes,
            });
        }
    }
    for id in no_validation {
        if !seen.contains(id) {
            sets.push(ValueSet {
                id: id.to_string(),
                name: String::new(),
                no_validation: true,
                open: false,
                codes: Vec::new(),
            });
        }
    }
    sets.sort_by(|a, b| a.id.cmp(&b.id));
    Ok((sets, weight(root)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(position: u32, instance: Option<u32>) -> Step {
        Step { position, instance }
    }

    #[test]
    fn paths() {
        assert_eq!(
            parse_path("3[1].9[*].1[1]").unwrap(),
            vec![step(3, Some(1)), step(9, None), step(1, Some(1))]
        );
        assert_eq!(parse_path("12").unwrap(), vec![step(12, Some(1))]);
        assert_eq!(parse_path(" 2[3] ").unwrap(), vec![step(2, Some(3))]);
        assert_eq!(parse_path(".").unwrap(), vec![]);
        for bad in [
            "", "0[1]", "1[0]", "a[1]", "1[", "1[1", "1[x]", "1..2", "-1[1]", "1[1].",
        ] {
            assert!(parse_path(bad).is_err(), "{bad:?} should not parse");
        }
    }

    #[test]
    fn binding_locations() {
        assert_eq!(locations("1"), Some(vec![1]));
        assert_eq!(locations("1:4"), Some(vec![1, 4]));
        assert_eq!(locations("1:x"), None);
        assert_eq!(locations("0"), None);
    }

    fn parse_expr(xml: &str) -> Result<Expr, LoadError> {
        let doc = Document::parse(xml).unwrap();
        expr(doc.root_element(), "test constraint", 0)
    }

    #[test]
    fn simple_expressions() {
        match parse_expr(r#"<PlainText Path="2[1]" Text="NET" IgnoreCase="false"/>"#).unwrap() {
            Expr::PlainText {
                path,
                text,
                ignore_case,
                at_least_once,
            } => {
                assert_eq!(path, vec![step(2, Some(1))]);
                assert_eq!(text, "NET");
                assert!(!ignore_case && !at_least_once);
            }
            e => panic!("{e:?}"),
        }
        match parse_expr(r#"<StringList Path="3[1].20[1]" CSV="CP, PA" AtLeastOnce="true"/>"#)
            .unwrap()
        {
            Expr::StringList {
                values,
                at_least_once,
                ..
            } => {
                assert_eq!(values, ["CP", "PA"]);
                assert!(at_least_once);
            }
            e => panic!("{e:?}"),
        }
        match parse_expr(r#"<NumberList Path="1[1]" CSV="1, -2.5,3"/>"#).unwrap() {
            Expr::NumberList { values, .. } => assert_eq!(values, [1.0, -2.5, 3.0]),
            e => panic!("{e:?}"),
        }
        match parse_expr(r#"<SimpleValue Path="1[1]" Operator="GT" Value="0" Type="Number"/>"#)
            .unwrap()
        {
            Expr::SimpleValue {
                operator,
                kind,
                value,
                ..
            } => {
                assert_eq!(
                    (operator, kind, value.as_str()),
                    (Operator::Gt, ValueKind::Number, "0")
                );
            }
            e => panic!("{e:?}"),
        }
        match parse_expr(r#"<SimpleValue Path="1[1]" Operator="NE" Value="x"/>"#).unwrap() {
            Expr::SimpleValue { kind, .. } => assert_eq!(kind, ValueKind::String),
            e => panic!("{e:?}"),
        }
        match parse_expr(r#"<PathValue Path1="4[1].1[1]" Operator="EQ" Path2="3[1].1[1]"/>"#)
            .unwrap()
        {
            Expr::PathValue {
                path1,
                operator,
                path2,
            } => {
                assert_eq!(operator, Operator::Eq);
                assert_eq!(path1, vec![step(4, Some(1)), step(1, Some(1))]);
                assert_eq!(path2, vec![step(3, Some(1)), step(1, Some(1))]);
            }
            e => panic!("{e:?}"),
        }
        match parse_expr(r#"<IZSetID Parent="9[*]" Element="5[*].1[*].1[*]"/>"#).unwrap() {
            Expr::IzSetId { parent, element } => {
                assert_eq!(parent, vec![step(9, None)]);
                assert_eq!(element.len(), 3);
            }
            e => panic!("{e:?}"),
        }
        match parse_expr(
            r#"<ValueSet ValueSetID=" CVX " Path="5[1]" BindingLocation="1:4" BindingStrength="S"/>"#,
        )
        .unwrap()
        {
            Expr::ValueSet {
                value_set,
                locations,
                strength,
                ..
            } => {
                assert_eq!(value_set, "CVX");
                assert_eq!(locations, [1, 4]);
                assert_eq!(strength, BindingStrength::Suggested);
            }
            e => panic!("{e:?}"),
        }
        assert!(matches!(
            parse_expr(r#"<Format Path="1[1]" Regex="[0-9]+"/>"#).unwrap(),
            Expr::Format { ref regex, .. } if regex == "[0-9]+"
        ));
        assert!(matches!(
            parse_expr(r#"<SetID Path="1[1]"/>"#).unwrap(),
            Expr::SetId { .. }
        ));
        assert!(matches!(
            parse_expr(r#"<Plugin QualifiedClassName="a.b.C"/>"#).unwrap(),
            Expr::Plugin { ref class } if class == "a.b.C"
        ));
    }

    #[test]
    fn combinations() {
        let e = parse_expr(
            r#"<IMPLY>
                 <AND><Presence Path="1[1]"/><NOT><Presence Path="2[1]"/></NOT></AND>
                 <FORALL><Presence Path="3"/><Presence Path="4"/><Presence Path="5"/></FORALL>
               </IMPLY>"#,
        )
        .unwrap();
        let Expr::Imply(a, b) = e else { panic!() };
        let Expr::And(_, n) = *a else { panic!() };
        assert!(matches!(*n, Expr::Not(_)));
        assert!(matches!(*b, Expr::Forall(ref v) if v.len() == 3));
        assert!(matches!(
            parse_expr(r#"<XOR><Presence Path="1"/><Presence Path="2"/></XOR>"#).unwrap(),
            Expr::Xor(..)
        ));
        assert!(matches!(
            parse_expr(r#"<OR><Presence Path="1"/><Presence Path="2"/></OR>"#).unwrap(),
            Expr::Or(..)
        ));
        assert!(matches!(
            parse_expr(r#"<EXIST><Presence Path="1"/><Presence Path="2"/></EXIST>"#).unwrap(),
            Expr::Exist(ref v) if v.len() == 2
        ));
    }

    #[test]
    fn bad_expressions() {
        let err = |xml: &str| parse_expr(xml).unwrap_err().to_string();
        let e = err(r#"<Bogus Path="1[1]"/>"#);
        assert!(e.contains("unknown expression element 'Bogus'"), "{e}");
        assert!(e.contains("test constraint"), "{e}");
        let e = err(r#"<AND><Presence Path="1[1]"/></AND>"#);
        assert!(e.contains("AND needs exactly 2 operands, has 1"), "{e}");
        let e = err(r#"<NOT><Presence Path="1"/><Presence Path="2"/></NOT>"#);
        assert!(e.contains("NOT needs exactly 1"), "{e}");
        let e = err(r#"<SimpleValue Path="1[1]" Operator="ABOUT" Value="1"/>"#);
        assert!(e.contains("unknown Operator 'ABOUT'"), "{e}");
        let e = err(r#"<Presence/>"#);
        assert!(e.contains("missing attribute Path"), "{e}");
        let e = err(r#"<Presence Path="1[x]"/>"#);
        assert!(e.contains("bad path '1[x]'"), "{e}");
        let e = err(r#"<NumberList Path="1" CSV="1,two"/>"#);
        assert!(e.contains("'two' is not a number"), "{e}");
        let e = err(r#"<PlainText Path="1" Text="a" IgnoreCase="maybe"/>"#);
        assert!(e.contains("IgnoreCase 'maybe'"), "{e}");
        let deep = "<NOT>".repeat(100) + r#"<Presence Path="1"/>"# + &"</NOT>".repeat(100);
        assert!(err(&deep).contains("nested too deeply"));
    }

    /// A profile with `messages` messages sharing one segment of `fields` fields.
    fn many_messages(messages: usize, fields: usize) -> String {
        let mut x = String::from("<ConformanceProfile><Messages>");
        for i in 0..messages {
            x += &format!(
                r#"<Message ID="m{i}" Identifier="P{i}" Type="VXU" Event="V04" StructID="VXU_V04"><Segment Ref="S" Usage="R" Min="1" Max="1"/></Message>"#
            );
        }
        x += r#"</Messages><Segments><Segment ID="S" Name="ZZZ">"#;
        for _ in 0..fields {
            x += r#"<Field Name="f" Usage="O" Min="0" Max="1" Datatype="ST"/>"#;
        }
        x += r#"</Segment></Segments><Datatypes><Datatype ID="ST" Name="ST"/></Datatypes></ConformanceProfile>"#;
        x
    }

    #[test]
    fn copies_are_bounded() {
        let xml = many_messages(20, 100);
        let (profiles, _) = load_within(&xml, None, None, 10_000).unwrap();
        assert_eq!(profiles.len(), 20);
        assert_eq!(profiles[19].id, "P19");
        let e = load_within(&xml, None, None, 1_000).unwrap_err();
        assert_eq!(e.file, "profile");
        assert!(e.reason.contains("too large"), "{e}");
    }

    #[test]
    fn notes_name_what_cannot_take_effect() {
        let profile = many_messages(1, 3).replace(
            r#"<Field Name="f" Usage="O" Min="0" Max="1" Datatype="ST"/></Segment>"#,
            r#"<Field Name="f" Usage="C" Min="0" Max="1" Datatype="ST"/></Segment>"#,
        );
        let constraints = r#"<ConformanceContext>
          <Predicates>
            <Segment><ByName Name="ZZZ">
              <Predicate ID="p1" Target="1[1]" TrueUsage="R" FalseUsage="X">
                <Condition><Presence Path="2[1]"/></Condition></Predicate>
              <Predicate ID="p2" Target="2[1].1[1]" TrueUsage="R" FalseUsage="X">
                <Condition><Presence Path="2[1]"/></Condition></Predicate>
            </ByName></Segment>
            <Message><ByID ID="m0">
              <Predicate ID="p3" Target="1[1]" TrueUsage="R" FalseUsage="X">
                <Condition><Presence Path="1[1]"/></Condition></Predicate>
            </ByID></Message>
          </Predicates>
          <Constraints>
            <Segment><ByID ID="PID_X"><Constraint ID="c1">
              <Description>x</Description><Assertion><Presence Path="1"/></Assertion>
            </Constraint></ByID></Segment>
            <Group><ByName Name="ORDER"><Constraint ID="c2">
              <Description>x</Description><Assertion><Presence Path="1"/></Assertion>
            </Constraint></ByName></Group>
            <Message><ByName Name="VXU_V04"><Constraint ID="c3">
              <Description>x</Description><Assertion><Presence Path="1"/></Assertion>
            </Constraint></ByName></Message>
          </Constraints>
        </ConformanceContext>"#;
        let (profiles, notes) = load_with_notes(&profile, Some(constraints), None).unwrap();
        let p = &profiles[0];
        assert_eq!(p.constraints.len(), 1);
        assert_eq!(p.segments[0].predicates.len(), 2);
        assert_eq!(p.segments[0].fields[2].predicate, None);
        assert_eq!(
            notes,
            [
                "constraints: Message ByID 'm0' (1 predicate): predicates in the message \
                 context are not supported; ignored",
                "constraints: Segment ByID 'PID_X' (1 constraint): no segment of the profile \
                 matches; ignored",
                "constraints: Group ByName 'ORDER' (1 constraint): no group of the profile \
                 matches; ignored",
                "profile P0: segment 'S' predicate 'p2' does not target one of its own \
                 elements; it has no effect",
                "profile P0: segment 'S' predicate 'p1' targets element 1, which is not \
                 conditional (usage O); it has no effect",
                "profile P0: segment 'S': conditional (C) element 3 without a predicate",
            ]
        );
    }

    #[test]
    fn long_values_are_cut_in_errors() {
        let long = "x".repeat(500);
        let e = parse_expr(&format!(r#"<{long}/>"#))
            .unwrap_err()
            .to_string();
        assert!(e.len() < 200, "{e}");
    }
}

/// The CDC files as shipped: every profile loads, and the notes are exactly the known ones.
#[cfg(test)]
mod cdc {
    use super::*;

    fn read(sub: &str, stem: &str, suffix: &str) -> String {
        let path = format!(
            "{}/data/profiles/nist-iz-r1.5/{sub}/{stem}_{suffix}.xml",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    fn count_groups(nodes: &[Node], out: &mut (usize, usize, usize)) {
        for n in nodes {
            if let Node::Group(g) = n {
                out.0 += 1;
                out.1 += g.predicates.len();
                out.2 += g.constraints.len();
                count_groups(&g.children, out);
            }
        }
    }

    /// Prints the counts (`-- --nocapture`) and checks that the only notes are the known NIST
    /// gaps: conditional elements of base datatypes and a few unused segments without a
    /// predicate, and Z32's binding of IN1-15 to `HL0086_IZ` (a typo for `HL70086_IZ`).
    #[test]
    fn counts_and_notes() {
        let mut all_notes = Vec::new();
        for stem in [
            "VXU-Z22", "ACK-Z23", "QBP-Z34", "QBP-Z44", "RSP-Z31", "RSP-Z32", "RSP-Z33", "RSP-Z42",
        ] {
            let (profiles, notes) = load_with_notes(
                &read("profiles", stem, "Profile"),
                Some(&read("constraints", stem, "Constraints")),
                Some(&read("valuesets", stem, "ValueSetLibrary")),
            )
            .unwrap();
            for p in &profiles {
                let sp: usize = p.segments.iter().map(|s| s.predicates.len()).sum();
                let sc: usize = p.segments.iter().map(|s| s.constraints.len()).sum();
                let dp: usize = p.datatypes.iter().map(|s| s.predicates.len()).sum();
                let dc: usize = p.datatypes.iter().map(|s| s.constraints.len()).sum();
                let mut g = (0, 0, 0);
                count_groups(&p.structure, &mut g);
                let c_fields = p
                    .segments
                    .iter()
                    .flat_map(|s| &s.fields)
                    .filter(|e| e.usage == Usage::C)
                    .count();
                let c_linked = p
                    .segments
                    .iter()
                    .flat_map(|s| &s.fields)
                    .filter(|e| e.predicate.is_some())
                    .count();
                let c_comps = p
                    .datatypes
                    .iter()
                    .flat_map(|s| &s.components)
                    .filter(|e| e.usage == Usage::C)
                    .count();
                let c_comps_linked = p
                    .datatypes
                    .iter()
                    .flat_map(|s| &s.components)
                    .filter(|e| e.predicate.is_some())
                    .count();
                let nv = p.value_sets.iter().filter(|v| v.no_validation).count();
                println!(
                    "{} {stem}: segments {} datatypes {} | predicates seg {sp} dt {dp} group {} | \
                     constraints seg {sc} dt {dc} group {} msg {} | groups {} | C fields {c_fields} \
                     linked {c_linked}, C components {c_comps} linked {c_comps_linked} | value sets {} \
                     (no_validation {nv}), codes {}",
                    p.id,
                    p.segments.len(),
                    p.datatypes.len(),
                    g.1,
                    g.2,
                    p.constraints.len(),
                    g.0,
                    p.value_sets.len(),
                    p.value_sets.iter().map(|v| v.codes.len()).sum::<usize>(),
                );
            }
            for n in &notes {
                println!("  note: {n}");
            }
            all_notes.extend(notes);
        }
        let unexpected: Vec<&String> = all_notes
            .iter()
            .filter(|n| !n.contains("without a predicate"))
            .collect();
        assert_eq!(
            unexpected,
            ["profile Z32: bindings to value sets the library does not define: HL0086_IZ"]
        );
        assert_eq!(all_notes.len(), 38);
    }
}
