//! Rule conditions: parsed and checked from JSON at load time (every path, fact, value type,
//! jurisdiction and regex), evaluated against a message's facts at run time without
//! allocating, and described for the explanation of a decision.

use super::load::Loader;
use crate::error::Result;
use crate::route::facts::MsgFacts;
use crate::route::jurisdiction_data::VOCABULARY;
use crate::route::jurisdictions::Jurisdictions;
use crate::v2::{Message, Path};
use regex::Regex;
use serde_json::Value;
use std::fmt::Write;

/// A fact whose value is text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextFact {
    MessageType,
    Sender,
    Protection,
    RegistryStatus,
    HomeStatus,
    /// Any of the message's vaccine groups.
    VaccineGroup,
}

/// A fact whose value is a jurisdiction (or, for `administering`, several).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum JurFact {
    Home,
    Administering,
    SenderHome,
    Qpd8Home,
}

/// A fact that is true or false.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BoolFact {
    NewAdministration,
    AdministeringUnresolved,
    HomeIsAdministering,
}

/// The facts a condition may name, with their JSON names.
pub(crate) const FACTS: &str = "message_type, sender, protection, registry_status, home_status, \
vaccine_group, home, administering, sender_home, qpd8_home, age_years, new_administration, \
administering_unresolved, home_is_administering, and home.<fact> / administering.<fact> / \
sender_home.<fact> / qpd8_home.<fact> for law_authorizes, child_consent, adult_consent, \
reporting_mandate, data_sharing";

#[derive(Debug)]
pub(crate) enum TextTest {
    Exists(bool),
    In(Vec<String>),
    Matches(Regex),
    /// A regex that is plain text, perhaps anchored (`^ZZ0`, `EHR`, `^A1$`): the same answer
    /// by a string test, without the regex engine's per-search setup.
    Literal {
        text: String,
        start: bool,
        end: bool,
    },
}

/// The literal a regex pattern stands for, with whether it is anchored at the start and the
/// end: only letters, digits, `_`, `-` and spaces between an optional `^` and `$`, which no
/// regex syntax reads differently (no flags, no classes, no escapes).
fn literal(pattern: &str) -> Option<TextTest> {
    let (start, rest) = match pattern.strip_prefix('^') {
        Some(r) => (true, r),
        None => (false, pattern),
    };
    let (end, text) = match rest.strip_suffix('$') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    text.bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b' '))
        .then(|| TextTest::Literal {
            text: text.to_string(),
            start,
            end,
        })
}

#[derive(Debug, PartialEq, Eq)]
pub(crate) enum NumTest {
    Exists(bool),
    In(Vec<u32>),
    Lt(u32),
    Lte(u32),
    Gt(u32),
    Gte(u32),
}

/// A condition, compiled.
#[derive(Debug)]
pub(crate) enum Cond {
    True,
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
    /// `slot`: the path's index among the policy's distinct paths (see [`Cond::intern`]), so
    /// that a path several rules read is looked up once per message.
    Path {
        path: Path,
        /// The path as explanations write it (its `Display`), kept from load time.
        text: String,
        slot: usize,
        test: TextTest,
    },
    Text {
        fact: TextFact,
        test: TextTest,
    },
    /// `exists` (`None` in `ids` and the bool), or membership of the jurisdiction(s).
    Jur {
        fact: JurFact,
        exists: Option<bool>,
        ids: Vec<u16>,
    },
    Age(NumTest),
    Bool {
        fact: BoolFact,
        value: bool,
    },
    /// A table fact (index into `VOCABULARY`) of the jurisdiction(s) a fact names; `mask`
    /// has bit `i` for each accepted value `VOCABULARY[fact].1[i]`.
    JurTable {
        of: JurFact,
        fact: usize,
        mask: u8,
    },
}

fn jur_fact(name: &str) -> Option<JurFact> {
    Some(match name {
        "home" => JurFact::Home,
        "administering" => JurFact::Administering,
        "sender_home" => JurFact::SenderHome,
        "qpd8_home" => JurFact::Qpd8Home,
        _ => return None,
    })
}

/// The destination words a rule's `to` may use besides a jurisdiction id.
pub(crate) fn destination_fact(name: &str) -> Option<JurFact> {
    jur_fact(name)
}

impl JurFact {
    pub(crate) fn name(self) -> &'static str {
        match self {
            JurFact::Home => "home",
            JurFact::Administering => "administering",
            JurFact::SenderHome => "sender_home",
            JurFact::Qpd8Home => "qpd8_home",
        }
    }

    /// Calls `each` with every jurisdiction the fact names in this message.
    pub(crate) fn for_each(self, f: &MsgFacts<'_>, mut each: impl FnMut(u16)) {
        match self {
            JurFact::Home => f.home.index().into_iter().for_each(each),
            JurFact::SenderHome => f.sender_home.into_iter().for_each(each),
            JurFact::Qpd8Home => f.qpd8.index().into_iter().for_each(each),
            JurFact::Administering => {
                for a in f.admins.iter() {
                    if let Some(j) = a.jurisdiction {
                        each(j);
                    }
                }
            }
        }
    }

    fn any(self, f: &MsgFacts<'_>, mut pred: impl FnMut(u16) -> bool) -> bool {
        let mut hit = false;
        self.for_each(f, |j| hit = hit || pred(j));
        hit
    }
}

const TEXT_FACTS: [(&str, TextFact); 6] = [
    ("message_type", TextFact::MessageType),
    ("sender", TextFact::Sender),
    ("protection", TextFact::Protection),
    ("registry_status", TextFact::RegistryStatus),
    ("home_status", TextFact::HomeStatus),
    ("vaccine_group", TextFact::VaccineGroup),
];

const BOOL_FACTS: [(&str, BoolFact); 3] = [
    ("new_administration", BoolFact::NewAdministration),
    (
        "administering_unresolved",
        BoolFact::AdministeringUnresolved,
    ),
    ("home_is_administering", BoolFact::HomeIsAdministering),
];

/// The operators a leaf condition may use.
const OPERATORS: [&str; 8] = [
    "equals", "in", "exists", "matches", "lt", "lte", "gt", "gte",
];

impl Loader<'_> {
    /// Compiles the condition at `ptr`.
    pub(crate) fn cond(&self, v: &Value, ptr: &str) -> Result<Cond> {
        let Some(o) = v.as_object() else {
            return Err(self.fail(ptr, "a condition is an object"));
        };
        for key in ["all", "any"] {
            if let Some(list) = o.get(key) {
                self.only(o, ptr, &[key])?;
                let Some(items) = list.as_array() else {
                    return Err(
                        self.fail(&format!("{ptr}/{key}"), "expected an array of conditions")
                    );
                };
                let mut out = Vec::with_capacity(items.len());
                for (i, c) in items.iter().enumerate() {
                    out.push(self.cond(c, &format!("{ptr}/{key}/{i}"))?);
                }
                return Ok(if key == "all" {
                    Cond::All(out)
                } else {
                    Cond::Any(out)
                });
            }
        }
        if let Some(inner) = o.get("not") {
            self.only(o, ptr, &["not"])?;
            return Ok(Cond::Not(Box::new(
                self.cond(inner, &format!("{ptr}/not"))?,
            )));
        }
        let ops: Vec<&str> = OPERATORS
            .iter()
            .copied()
            .filter(|k| o.contains_key(*k))
            .collect();
        if ops.len() != 1 {
            return Err(self.fail(
                ptr,
                "a condition is all, any, not, or a path or fact with exactly one operator \
                 (equals, in, exists, matches, lt, lte, gt, gte)",
            ));
        }
        let op = ops[0];
        let arg = &o[op];
        let arg_ptr = format!("{ptr}/{op}");
        if let Some(p) = o.get("path") {
            self.only(o, ptr, &["path", op])?;
            let text = p
                .as_str()
                .ok_or_else(|| self.fail(&format!("{ptr}/path"), "a path is a string"))?;
            let path = Path::parse(text).map_err(|e| {
                self.fail(
                    &format!("{ptr}/path"),
                    &format!("not an izkit path: {}", e.kind),
                )
            })?;
            return Ok(Cond::Path {
                text: path.to_string(),
                path,
                slot: 0,
                test: self.text_test(op, arg, &arg_ptr, None)?,
            });
        }
        let Some(name) = o.get("fact") else {
            return Err(self.fail(ptr, "a leaf condition names a `path` or a `fact`"));
        };
        self.only(o, ptr, &["fact", op])?;
        let fact_ptr = format!("{ptr}/fact");
        let name = name
            .as_str()
            .ok_or_else(|| self.fail(&fact_ptr, "a fact is a string"))?;
        if let Some((_, f)) = TEXT_FACTS.iter().find(|(n, _)| *n == name) {
            let vocab: Option<&[&str]> = match f {
                TextFact::HomeStatus => Some(&["resolved", "missing", "outside_us", "unresolved"]),
                _ => None,
            };
            let mut test = self.text_test(op, arg, &arg_ptr, vocab)?;
            if *f == TextFact::VaccineGroup {
                test = self.groups(test, &arg_ptr)?;
            }
            return Ok(Cond::Text { fact: *f, test });
        }
        if let Some((_, f)) = BOOL_FACTS.iter().find(|(n, _)| *n == name) {
            let value = match (op, arg) {
                ("equals", Value::Bool(b)) | ("exists", Value::Bool(b)) => *b,
                _ => return Err(self.fail(&arg_ptr, "this fact takes `equals` with true or false")),
            };
            return Ok(Cond::Bool { fact: *f, value });
        }
        if name == "age_years" {
            return self.age(op, arg, &arg_ptr).map(Cond::Age);
        }
        if let Some(f) = jur_fact(name) {
            return self.jur(f, op, arg, &arg_ptr);
        }
        if let Some((of, fact)) = name.split_once('.') {
            if let (Some(of), Some(k)) = (
                jur_fact(of),
                VOCABULARY.iter().position(|(n, _)| *n == fact),
            ) {
                let TextTest::In(values) =
                    self.text_test(op, arg, &arg_ptr, Some(VOCABULARY[k].1))?
                else {
                    return Err(self.fail(&arg_ptr, "a jurisdiction fact takes `equals` or `in`"));
                };
                let mask = values
                    .iter()
                    .filter_map(|v| VOCABULARY[k].1.iter().position(|x| x == v))
                    .fold(0u8, |m, i| m | 1 << i);
                return Ok(Cond::JurTable { of, fact: k, mask });
            }
        }
        Err(self.fail(&fact_ptr, &format!("unknown fact; the facts are {FACTS}")))
    }

    /// Refuses members other than `allowed`.
    pub(crate) fn only(
        &self,
        o: &serde_json::Map<String, Value>,
        ptr: &str,
        allowed: &[&str],
    ) -> Result<()> {
        match o.keys().find(|k| !allowed.contains(&k.as_str())) {
            Some(k) => Err(self.fail(&format!("{ptr}/{}", escape(k)), "unexpected member here")),
            None => Ok(()),
        }
    }

    fn strings(&self, arg: &Value, ptr: &str) -> Result<Vec<String>> {
        let bad = || self.fail(ptr, "expected a string or an array of strings");
        match arg {
            Value::String(s) => Ok(vec![s.clone()]),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    v.as_str()
                        .map(str::to_string)
                        .ok_or_else(|| self.fail(&format!("{ptr}/{i}"), "expected a string"))
                })
                .collect(),
            _ => Err(bad()),
        }
    }

    fn text_test(
        &self,
        op: &str,
        arg: &Value,
        ptr: &str,
        vocab: Option<&[&str]>,
    ) -> Result<TextTest> {
        let test = match op {
            "exists" => TextTest::Exists(
                arg.as_bool()
                    .ok_or_else(|| self.fail(ptr, "`exists` takes true or false"))?,
            ),
            "equals" if !arg.is_string() => return Err(self.fail(ptr, "expected a string")),
            "in" if !arg.is_array() => return Err(self.fail(ptr, "expected an array of strings")),
            "equals" | "in" => TextTest::In(self.strings(arg, ptr)?),
            "matches" => {
                let pattern = arg
                    .as_str()
                    .ok_or_else(|| self.fail(ptr, "a regex is a string"))?;
                let re = regex::RegexBuilder::new(pattern)
                    .size_limit(1 << 20)
                    .build()
                    .map_err(|_| self.fail(ptr, "not a valid regular expression"))?;
                literal(pattern).unwrap_or(TextTest::Matches(re))
            }
            _ => return Err(self.fail(ptr, "this operator does not apply to text")),
        };
        if let (Some(vocab), TextTest::In(values)) = (vocab, &test) {
            if let Some(i) = values.iter().position(|v| !vocab.contains(&v.as_str())) {
                let at = if arg.is_array() {
                    format!("{ptr}/{i}")
                } else {
                    ptr.to_string()
                };
                return Err(self.fail(&at, &format!("not one of {}", vocab.join(", "))));
            }
        }
        Ok(test)
    }

    /// Vaccine groups must be CDC group names (any case; kept in CDC's spelling).
    fn groups(&self, test: TextTest, ptr: &str) -> Result<TextTest> {
        let TextTest::In(values) = test else {
            return Ok(test);
        };
        let known = self.group_names();
        let mut out = Vec::with_capacity(values.len());
        for (i, v) in values.iter().enumerate() {
            let Some(g) = known.iter().find(|g| g.eq_ignore_ascii_case(v)) else {
                let at = if values.len() > 1 {
                    format!("{ptr}/{i}")
                } else {
                    ptr.to_string()
                };
                return Err(self.fail(&at, "not a CDC vaccine group name (cvx-vaccine-group.csv)"));
            };
            out.push(g.to_string());
        }
        Ok(TextTest::In(out))
    }

    fn age(&self, op: &str, arg: &Value, ptr: &str) -> Result<NumTest> {
        let num = |v: &Value, p: &str| {
            v.as_u64()
                .and_then(|n| u32::try_from(n).ok())
                .ok_or_else(|| self.fail(p, "expected a whole number of years"))
        };
        Ok(match op {
            "exists" => NumTest::Exists(
                arg.as_bool()
                    .ok_or_else(|| self.fail(ptr, "`exists` takes true or false"))?,
            ),
            "equals" => NumTest::In(vec![num(arg, ptr)?]),
            "in" => {
                let items = arg
                    .as_array()
                    .ok_or_else(|| self.fail(ptr, "expected an array of numbers"))?;
                let mut out = Vec::with_capacity(items.len());
                for (i, v) in items.iter().enumerate() {
                    out.push(num(v, &format!("{ptr}/{i}"))?);
                }
                NumTest::In(out)
            }
            "lt" => NumTest::Lt(num(arg, ptr)?),
            "lte" => NumTest::Lte(num(arg, ptr)?),
            "gt" => NumTest::Gt(num(arg, ptr)?),
            "gte" => NumTest::Gte(num(arg, ptr)?),
            _ => {
                return Err(self.fail(
                    ptr,
                    "age_years takes equals, in, exists, lt, lte, gt or gte",
                ))
            }
        })
    }

    fn jur(&self, fact: JurFact, op: &str, arg: &Value, ptr: &str) -> Result<Cond> {
        match op {
            "exists" => Ok(Cond::Jur {
                fact,
                exists: Some(
                    arg.as_bool()
                        .ok_or_else(|| self.fail(ptr, "`exists` takes true or false"))?,
                ),
                ids: Vec::new(),
            }),
            "equals" | "in" => {
                if (op == "equals") != arg.is_string() {
                    let want = if op == "equals" {
                        "a jurisdiction id"
                    } else {
                        "an array of jurisdiction ids"
                    };
                    return Err(self.fail(ptr, &format!("expected {want}")));
                }
                let names = self.strings(arg, ptr)?;
                let mut ids = Vec::with_capacity(names.len());
                for (i, n) in names.iter().enumerate() {
                    let at = if arg.is_array() {
                        format!("{ptr}/{i}")
                    } else {
                        ptr.to_string()
                    };
                    ids.push(self.jurisdiction(n, &at)?);
                }
                Ok(Cond::Jur {
                    fact,
                    exists: None,
                    ids,
                })
            }
            _ => Err(self.fail(ptr, "a jurisdiction fact takes equals, in or exists")),
        }
    }
}

/// Escapes a member name for a JSON pointer.
pub(crate) fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

impl TextTest {
    /// Whether two tests give the same answer for every value (regexes by their pattern).
    fn same(&self, other: &TextTest) -> bool {
        match (self, other) {
            (TextTest::Exists(a), TextTest::Exists(b)) => a == b,
            (TextTest::In(a), TextTest::In(b)) => a == b,
            (TextTest::Matches(a), TextTest::Matches(b)) => a.as_str() == b.as_str(),
            (
                TextTest::Literal {
                    text: a,
                    start: s,
                    end: e,
                },
                TextTest::Literal {
                    text: b,
                    start: t,
                    end: f,
                },
            ) => a == b && s == t && e == f,
            _ => false,
        }
    }

    fn eval(&self, v: Option<&str>) -> bool {
        match self {
            TextTest::Exists(want) => v.is_some() == *want,
            TextTest::In(values) => v.is_some_and(|v| values.iter().any(|x| x == v)),
            TextTest::Matches(re) => v.is_some_and(|v| re.is_match(v)),
            TextTest::Literal { text, start, end } => v.is_some_and(|v| match (start, end) {
                (true, true) => v == text,
                (true, false) => v.starts_with(text.as_str()),
                (false, true) => v.ends_with(text.as_str()),
                (false, false) => v.contains(text.as_str()),
            }),
        }
    }
}

/// The values of a policy's distinct paths in one message, each read on first use.
pub(crate) type PathValues<'m> = [std::cell::OnceCell<Option<std::borrow::Cow<'m, str>>>];

impl Cond {
    /// Whether two conditions are the same test (same answer for every message).
    pub(crate) fn same(&self, other: &Cond) -> bool {
        let all =
            |a: &[Cond], b: &[Cond]| a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.same(y));
        match (self, other) {
            (Cond::True, Cond::True) => true,
            (Cond::All(a), Cond::All(b)) | (Cond::Any(a), Cond::Any(b)) => all(a, b),
            (Cond::Not(a), Cond::Not(b)) => a.same(b),
            (
                Cond::Path {
                    path: p, test: t, ..
                },
                Cond::Path {
                    path: q, test: u, ..
                },
            ) => p == q && t.same(u),
            (Cond::Text { fact: f, test: t }, Cond::Text { fact: g, test: u }) => {
                f == g && t.same(u)
            }
            (
                Cond::Jur {
                    fact: f,
                    exists: e,
                    ids: i,
                },
                Cond::Jur {
                    fact: g,
                    exists: x,
                    ids: k,
                },
            ) => f == g && e == x && i == k,
            (Cond::Age(a), Cond::Age(b)) => a == b,
            (Cond::Bool { fact: f, value: v }, Cond::Bool { fact: g, value: w }) => {
                f == g && v == w
            }
            (
                Cond::JurTable {
                    of: o,
                    fact: f,
                    mask: m,
                },
                Cond::JurTable {
                    of: p,
                    fact: g,
                    mask: n,
                },
            ) => o == p && f == g && m == n,
            _ => false,
        }
    }

    /// Gives each path condition its slot in `paths` (the policy's distinct paths, added to).
    pub(crate) fn intern(&mut self, paths: &mut Vec<Path>) {
        match self {
            Cond::All(c) | Cond::Any(c) => c.iter_mut().for_each(|c| c.intern(paths)),
            Cond::Not(c) => c.intern(paths),
            Cond::Path { path, slot, .. } => {
                *slot = match paths.iter().position(|p| p == path) {
                    Some(i) => i,
                    None => {
                        paths.push(*path);
                        paths.len() - 1
                    }
                };
            }
            _ => {}
        }
    }

    /// Whether the condition holds for this message; `paths` caches the values of the
    /// policy's paths (one cell per slot).
    pub(crate) fn eval<'m>(
        &self,
        msg: &'m Message<'_>,
        f: &MsgFacts<'_>,
        j: &Jurisdictions,
        paths: &PathValues<'m>,
    ) -> bool {
        match self {
            Cond::True => true,
            Cond::All(c) => c.iter().all(|c| c.eval(msg, f, j, paths)),
            Cond::Any(c) => c.iter().any(|c| c.eval(msg, f, j, paths)),
            Cond::Not(c) => !c.eval(msg, f, j, paths),
            Cond::Path {
                path, slot, test, ..
            } => eval_path(msg, path, *slot, test, paths),
            leaf => leaf.eval_fact(f, j),
        }
    }

    /// A leaf over the message's facts (kept apart from the path reads, whose message
    /// access would otherwise make every evaluation pay for a large stack frame).
    #[inline]
    fn eval_fact(&self, f: &MsgFacts<'_>, j: &Jurisdictions) -> bool {
        match self {
            Cond::Text { fact, test } => match fact {
                TextFact::VaccineGroup => match test {
                    TextTest::Exists(want) => f.groups.is_empty() != *want,
                    _ => f.groups.iter().any(|g| test.eval(Some(g))),
                },
                _ => test.eval(text_fact(*fact, f)),
            },
            Cond::Jur { fact, exists, ids } => match exists {
                Some(want) => fact.any(f, |_| true) == *want,
                None => fact.any(f, |x| ids.contains(&x)),
            },
            Cond::Age(t) => match (t, f.age_years) {
                (NumTest::Exists(want), a) => a.is_some() == *want,
                (_, None) => false,
                (NumTest::In(v), Some(a)) => v.contains(&a),
                (NumTest::Lt(n), Some(a)) => a < *n,
                (NumTest::Lte(n), Some(a)) => a <= *n,
                (NumTest::Gt(n), Some(a)) => a > *n,
                (NumTest::Gte(n), Some(a)) => a >= *n,
            },
            Cond::Bool { fact, value } => bool_fact(*fact, f) == *value,
            Cond::JurTable { of, fact, mask } => {
                of.any(f, |x| mask & (1 << j.at(x).facts.index(*fact)) != 0)
            }
            // Composites and paths are evaluated by `eval`.
            Cond::True | Cond::All(_) | Cond::Any(_) | Cond::Not(_) | Cond::Path { .. } => false,
        }
    }

    /// Appends to `out` the facts this condition reads, with their values for this message
    /// (codes only; a path's value only when `reveal`); the description starts at `start`
    /// in `out` (facts are separated, not preceded, by `, `). Written piece by piece: this runs
    /// for every reason of every decision, where the formatting machinery costs several
    /// times the text it writes.
    pub(crate) fn describe(
        &self,
        msg: &Message<'_>,
        f: &MsgFacts<'_>,
        j: &Jurisdictions,
        reveal: bool,
        out: &mut String,
        start: usize,
    ) {
        match self {
            Cond::True => {}
            Cond::All(c) | Cond::Any(c) => c
                .iter()
                .for_each(|c| c.describe(msg, f, j, reveal, out, start)),
            Cond::Not(c) => c.describe(msg, f, j, reveal, out, start),
            Cond::Path { path, text, .. } => {
                let v = msg.query(path).and_then(|n| n.value());
                sep(out, start);
                out.push_str(text);
                match (reveal, v) {
                    (_, None) => out.push_str(" empty"),
                    (true, Some(v)) => {
                        let _ = write!(out, " = {v:?}");
                    }
                    (false, Some(_)) => out.push_str(" present"),
                }
            }
            Cond::Text { fact, .. } => {
                let name = TEXT_FACTS
                    .iter()
                    .find(|(_, t)| t == fact)
                    .map_or("", |(n, _)| n);
                sep(out, start);
                if *fact == TextFact::VaccineGroup {
                    let _ = write!(out, "vaccine_group = {:?}", f.groups.as_slice());
                } else {
                    out.push_str(name);
                    match text_fact(*fact, f) {
                        Some(v) => {
                            out.push_str(" = ");
                            out.push_str(v);
                        }
                        None => out.push_str(" empty"),
                    }
                }
            }
            Cond::Jur { fact, .. } => jur_list(out, start, fact.name(), None, *fact, f, j, None),
            Cond::Age(_) => {
                sep(out, start);
                match f.age_years {
                    Some(a) => {
                        out.push_str("age_years = ");
                        push_number(out, a);
                    }
                    None => out.push_str("age_years unknown"),
                }
            }
            Cond::Bool { fact, .. } => {
                let name = BOOL_FACTS
                    .iter()
                    .find(|(_, b)| b == fact)
                    .map_or("", |(n, _)| n);
                sep(out, start);
                out.push_str(name);
                out.push_str(if bool_fact(*fact, f) {
                    " = true"
                } else {
                    " = false"
                });
            }
            Cond::JurTable { of, fact, .. } => {
                let label = VOCABULARY[*fact].0;
                jur_list(out, start, of.name(), Some(label), *of, f, j, Some(*fact));
            }
        }
    }
}

/// A path condition: the path's value is read on first use in this message (`paths` has one
/// cell per distinct path of the policy), then shared by every rule that reads it.
#[inline(never)]
fn eval_path<'m>(
    msg: &'m Message<'_>,
    path: &Path,
    slot: usize,
    test: &TextTest,
    paths: &PathValues<'m>,
) -> bool {
    let read = || msg.query(path).and_then(|n| n.value());
    match paths.get(slot) {
        Some(cell) => test.eval(cell.get_or_init(read).as_deref()),
        None => test.eval(read().as_deref()),
    }
}

/// Writes `, ` between described facts (the description starts at `start` in `out`).
fn sep(out: &mut String, start: usize) {
    if out.len() > start {
        out.push_str(", ");
    }
}

/// Appends `n` in decimal (as `Display` writes it).
pub(crate) fn push_number(out: &mut String, n: u32) {
    let mut digits = [0u8; 10];
    let mut i = digits.len();
    let mut n = n;
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[i..] {
        out.push(char::from(d));
    }
}

/// `<label> = <jurisdictions>` (`<label>.<fact>` for a table fact, each jurisdiction then
/// with its value), each listed once, or `<label> unresolved`.
#[allow(clippy::too_many_arguments)]
fn jur_list(
    out: &mut String,
    start: usize,
    label: &str,
    sub: Option<&str>,
    of: JurFact,
    f: &MsgFacts<'_>,
    j: &Jurisdictions,
    table: Option<usize>,
) {
    sep(out, start);
    out.push_str(label);
    if let Some(sub) = sub {
        out.push('.');
        out.push_str(sub);
    }
    // The distinct jurisdictions, in order (a message names a handful: no set needed).
    // Items are distinct exactly when their jurisdictions are: the value is a function of it.
    let mut seen: [u16; 8] = [0; 8];
    let mut n_seen = 0usize;
    let mut more: Vec<u16> = Vec::new();
    let mut any = false;
    of.for_each(f, |x| {
        if seen[..n_seen].contains(&x) || more.contains(&x) {
            return;
        }
        if n_seen < seen.len() {
            seen[n_seen] = x;
            n_seen += 1;
        } else {
            more.push(x);
        }
        out.push_str(if any { " " } else { " = " });
        any = true;
        let jur = j.at(x);
        out.push_str(&jur.id);
        if let Some(k) = table {
            out.push(' ');
            out.push_str(jur.facts.value(k));
        }
    });
    if !any {
        out.push_str(" unresolved");
    }
}

fn text_fact<'a>(fact: TextFact, f: &'a MsgFacts<'_>) -> Option<&'a str> {
    match fact {
        TextFact::MessageType => f.message_type.as_deref(),
        TextFact::Sender => f.sender.as_deref(),
        TextFact::Protection => f.protection.as_deref(),
        TextFact::RegistryStatus => f.registry_status.as_deref(),
        TextFact::HomeStatus => Some(f.home.status()),
        TextFact::VaccineGroup => None,
    }
}

fn bool_fact(fact: BoolFact, f: &MsgFacts<'_>) -> bool {
    match fact {
        BoolFact::NewAdministration => f.new_administration(),
        BoolFact::AdministeringUnresolved => f.admin_unresolved(),
        BoolFact::HomeIsAdministering => f.home.index().is_some_and(|h| f.administered_in(h)),
    }
}
