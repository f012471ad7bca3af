//! The conformance-profile model: what a NIST HL7 v2 profile set says, with every reference
//! resolved to an index so the validator never looks anything up by name.
//!
//! One [`Profile`] is one message profile (Z22, Z23, ...) together with its segment and
//! datatype definitions, its predicates and conformance statements (from the constraints
//! file) and its value-set library. The types are plain data (serde) because the build script
//! compiles the eight CDC profiles into a binary blob with them (see `build.rs`), and the same
//! types come out of [`crate::conformance::ProfileSet::from_xml`] at run time.
//!
//! This file is also compiled into the build script (`#[path]`), so it uses nothing from the
//! crate: only `std` and `serde`.

use serde::{Deserialize, Serialize};

/// Usage of an element (segment, group, field, component) as the profile declares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Usage {
    /// Required.
    R,
    /// Required but may be empty.
    RE,
    /// Optional (also used for `B`, backward compatibility).
    O,
    /// Not supported: must not be sent.
    X,
    /// Conditional: the usage comes from the element's predicate.
    C,
}

impl Usage {
    /// Reads the profile spelling (`R`, `RE`, `O`, `X`, `C`, `B`, `W`, `CE`).
    pub fn from_code(code: &str) -> Option<Usage> {
        Some(match code {
            "R" => Usage::R,
            "RE" => Usage::RE,
            "O" | "B" | "W" => Usage::O,
            "X" => Usage::X,
            "C" | "CE" => Usage::C,
            _ => return None,
        })
    }

    /// The profile spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Usage::R => "R",
            Usage::RE => "RE",
            Usage::O => "O",
            Usage::X => "X",
            Usage::C => "C",
        }
    }
}

/// A profile set: the message profiles one loads together (the eight CDC IZ profiles, or a
/// jurisdiction's local ones).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ProfileSetData {
    /// The profiles, in load order.
    pub profiles: Vec<Profile>,
}

/// One message profile with everything it refers to.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Profile {
    /// The profile identifier as it appears in MSH-21.1 (`Z22`). Taken from the profile
    /// XML's `Identifier` attribute, falling back to its `ID`.
    pub id: String,
    /// The message's `Name` attribute (`Unsolicited Immunization Update`).
    pub name: String,
    /// MSH-9.1 (`VXU`).
    pub msg_type: String,
    /// MSH-9.2 (`V04`).
    pub event: String,
    /// MSH-9.3 (`VXU_V04`).
    pub struct_id: String,
    /// The `ID` attribute of the `<Message>` element (constraints are keyed by it).
    pub message_key: String,
    /// The message's top-level structure.
    pub structure: Vec<Node>,
    /// Conformance statements in the message context (paths start at the message's children).
    pub constraints: Vec<Constraint>,
    /// Segment definitions referenced by [`SegRef::segment`].
    pub segments: Vec<SegmentDef>,
    /// Datatype definitions referenced by [`Element::datatype`].
    pub datatypes: Vec<DatatypeDef>,
    /// The value-set library, sorted by [`ValueSet::id`] so lookups can binary-search.
    pub value_sets: Vec<ValueSet>,
}

/// A child in a message or group structure.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Node {
    /// A segment reference.
    Segment(SegRef),
    /// A nested group.
    Group(Group),
}

/// A segment's place in a structure.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SegRef {
    /// Index into [`Profile::segments`].
    pub segment: u32,
    /// Usage at this place.
    pub usage: Usage,
    /// Minimum occurrences.
    pub min: u32,
    /// Maximum occurrences; `None` for `*`.
    pub max: Option<u32>,
}

/// A group of segments (`VXU_V04.ORDER`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Group {
    /// The group's name as written in the profile (`VXU_V04.ORDER`).
    pub name: String,
    /// The group's `ID` attribute (constraints may be keyed by it or by the name).
    pub key: String,
    /// Usage.
    pub usage: Usage,
    /// Minimum occurrences.
    pub min: u32,
    /// Maximum occurrences; `None` for `*`.
    pub max: Option<u32>,
    /// Children in order.
    pub children: Vec<Node>,
    /// Predicates whose target is inside this group (paths start at the group's children).
    pub predicates: Vec<Predicate>,
    /// Conformance statements in this group's context.
    pub constraints: Vec<Constraint>,
}

/// A segment definition (`PID_IZ 1_5`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SegmentDef {
    /// The definition's id in the profile (`PID_IZ 1_5`).
    pub key: String,
    /// The three-letter segment id (`PID`).
    pub name: String,
    /// Fields in order (field 1 first).
    pub fields: Vec<Element>,
    /// Predicates for conditional fields (paths relative to the segment).
    pub predicates: Vec<Predicate>,
    /// Conformance statements in the segment's context.
    pub constraints: Vec<Constraint>,
}

/// A datatype definition, possibly a flavor (`CX_IZ` of `CX`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DatatypeDef {
    /// The flavor id (`CX_IZ`).
    pub key: String,
    /// The base HL7 datatype name (`CX`).
    pub name: String,
    /// Components in order; empty for a primitive datatype.
    pub components: Vec<Element>,
    /// Predicates for conditional components (paths relative to the datatype instance).
    pub predicates: Vec<Predicate>,
    /// Conformance statements in this datatype's context.
    pub constraints: Vec<Constraint>,
}

/// A field of a segment or a component of a datatype.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Element {
    /// The element's name (`Patient Identifier List`).
    pub name: String,
    /// Usage.
    pub usage: Usage,
    /// Minimum repetitions (components: 0, or 1 when R).
    pub min: u32,
    /// Maximum repetitions; `None` for `*` (components: `Some(1)`).
    pub max: Option<u32>,
    /// Index into [`Profile::datatypes`].
    pub datatype: u32,
    /// Minimum length, when declared.
    pub min_length: Option<u32>,
    /// Maximum length; `None` when not declared or `*`.
    pub max_length: Option<u32>,
    /// A value-set binding, when declared.
    pub binding: Option<Binding>,
    /// Index into the owner's predicates for a `C` element, when one is defined.
    pub predicate: Option<u32>,
}

/// How an element is bound to value sets.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Binding {
    /// Value-set ids (the `Binding` attribute may list several, `:`-separated).
    pub value_sets: Vec<String>,
    /// `R` required, `S` suggested, `U` undetermined.
    pub strength: BindingStrength,
    /// Component positions checked (1-based); empty means the element's own value.
    pub locations: Vec<u32>,
}

/// Binding strength.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum BindingStrength {
    /// A value outside the set is an error.
    Required,
    /// A value outside the set is a warning.
    Suggested,
    /// Not checked.
    Undetermined,
}

/// A conditional usage: `TrueUsage` when the condition holds, else `FalseUsage`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Predicate {
    /// The predicate's id in the constraints file (`[XCN_IZ]9[1]`).
    pub id: String,
    /// The element it governs, relative to the context.
    pub target: Vec<Step>,
    /// Usage when the condition is true.
    pub true_usage: Usage,
    /// Usage when the condition is false.
    pub false_usage: Usage,
    /// The condition.
    pub condition: Expr,
    /// The profile's description (no message content).
    pub description: String,
}

/// A conformance statement (`IZ-43`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Constraint {
    /// The statement id (`IZ-43`), trimmed.
    pub id: String,
    /// The element it is reported against, relative to the context.
    pub target: Vec<Step>,
    /// The profile's description (no message content).
    pub description: String,
    /// The assertion that must hold.
    pub assertion: Expr,
}

/// One step of a profile path such as `3[1].9[*].1[1]`: a child position and which instances.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    /// 1-based position (field, component, subcomponent, or child of a group).
    pub position: u32,
    /// Which instance: `Some(n)` the n-th (1-based), `None` all (`*`).
    pub instance: Option<u32>,
}

/// Comparison operators of `SimpleValue` and `PathValue`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Operator {
    /// Equal.
    Eq,
    /// Not equal.
    Ne,
    /// Greater than.
    Gt,
    /// Less than.
    Lt,
    /// Greater or equal.
    Ge,
    /// Less or equal.
    Le,
}

/// How `SimpleValue` compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ValueKind {
    /// As numbers.
    Number,
    /// As strings.
    String,
}

/// The profile expression language (NIST `Expressions.xsd`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Expr {
    /// The element is present (non-empty).
    Presence {
        /// Where.
        path: Vec<Step>,
    },
    /// Every (or, with `at_least_once`, some) value at the path equals `text`.
    PlainText {
        /// Where.
        path: Vec<Step>,
        /// The expected text.
        text: String,
        /// Compare ignoring ASCII case.
        ignore_case: bool,
        /// Pass when at least one value matches.
        at_least_once: bool,
    },
    /// Every value matches the regular expression (whole-value match).
    Format {
        /// Where.
        path: Vec<Step>,
        /// The pattern as written in the profile.
        regex: String,
        /// Pass when at least one value matches.
        at_least_once: bool,
    },
    /// Every value is one of `values`.
    StringList {
        /// Where.
        path: Vec<Step>,
        /// Allowed values.
        values: Vec<String>,
        /// Pass when at least one value matches.
        at_least_once: bool,
    },
    /// Every value is one of the numbers in `values`.
    NumberList {
        /// Where.
        path: Vec<Step>,
        /// Allowed numbers.
        values: Vec<f64>,
        /// Pass when at least one value matches.
        at_least_once: bool,
    },
    /// Every value compares to a constant.
    SimpleValue {
        /// Where.
        path: Vec<Step>,
        /// How.
        operator: Operator,
        /// The constant.
        value: String,
        /// As numbers or strings.
        kind: ValueKind,
    },
    /// The value at `path1` compares to the value at `path2`.
    PathValue {
        /// Left.
        path1: Vec<Step>,
        /// How.
        operator: Operator,
        /// Right.
        path2: Vec<Step>,
    },
    /// The instances at `path` (in a repeating context) are numbered 1, 2, 3, ...
    SetId {
        /// Where.
        path: Vec<Step>,
    },
    /// NIST's IZ variant: the values at `element` are numbered 1, 2, 3, ... either across
    /// the whole message or within each `parent` instance.
    IzSetId {
        /// The repeating parent.
        parent: Vec<Step>,
        /// The numbered element, relative to the parent.
        element: Vec<Step>,
    },
    /// Every value at `path` is in the value set.
    ValueSet {
        /// Where.
        path: Vec<Step>,
        /// The value-set id.
        value_set: String,
        /// Component positions checked (empty: the value itself).
        locations: Vec<u32>,
        /// Strength.
        strength: BindingStrength,
    },
    /// Both hold.
    And(Box<Expr>, Box<Expr>),
    /// Either holds.
    Or(Box<Expr>, Box<Expr>),
    /// Exactly one holds.
    Xor(Box<Expr>, Box<Expr>),
    /// If the first holds, the second must.
    Imply(Box<Expr>, Box<Expr>),
    /// It does not hold.
    Not(Box<Expr>),
    /// All hold.
    Forall(Vec<Expr>),
    /// At least one holds.
    Exist(Vec<Expr>),
    /// A Java plug-in of NIST's tool, named by class. izkit implements the ones the CDC
    /// profiles use natively; an unknown plug-in always passes and is reported once at load.
    Plugin {
        /// The qualified class name.
        class: String,
    },
}

/// A value set of the library.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ValueSet {
    /// The binding identifier (`HL70001_IZ`).
    pub id: String,
    /// Its name.
    pub name: String,
    /// True when the library lists it under `NoValidation`, or it has no codes (locally
    /// defined sets such as `HL70361_IZ`): bindings to it are not checked.
    pub no_validation: bool,
    /// `Open` sets accept other codes (a finding is at most a warning).
    pub open: bool,
    /// Codes, sorted by value.
    pub codes: Vec<Code>,
}

/// One code of a value set.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Code {
    /// The code (`F`).
    pub value: String,
    /// The code system (`HL70001`).
    pub system: String,
    /// `R` required/permitted (`P`) or `E` excluded; excluded codes fail the binding.
    pub excluded: bool,
}

impl ValueSet {
    /// The code entry with this value, if any.
    pub fn find(&self, value: &str) -> Option<&Code> {
        self.codes
            .binary_search_by(|c| c.value.as_str().cmp(value))
            .ok()
            .map(|i| &self.codes[i])
    }
}

impl Profile {
    /// The value set with this id, if the library has it.
    pub fn value_set(&self, id: &str) -> Option<&ValueSet> {
        self.value_sets
            .binary_search_by(|v| v.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.value_sets[i])
    }
}
