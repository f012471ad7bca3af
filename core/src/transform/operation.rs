//! Operations (`do`): set, copy, clear, regex_replace, map, remove_segment, add_segment and
//! save, each compiled once and applied to the message as earlier operations left it.

use super::condition::regex;
use super::json::Json;
use super::path::{self, Location};
use super::work::{Fail, Work};
use super::Ctx;
use crate::error::Result;
use crate::v2::escape;
use regex::Regex;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

/// A value in a rule: a literal, or a state key saved earlier (`{"state": KEY}`).
#[derive(Debug, Clone)]
pub(crate) enum Val {
    Lit(String),
    /// The slot of a saved key; empty when the `save` did not run for this message.
    State(usize),
}

impl Val {
    pub(crate) fn get(&self, w: &Work<'_>) -> String {
        match self {
            Val::Lit(s) => s.clone(),
            Val::State(slot) => w.state.get(*slot).cloned().flatten().unwrap_or_default(),
        }
    }
}

/// A value: a string, a number (as written) or `{"state": KEY}` naming a key saved earlier.
pub(crate) fn value(at: &Json<'_>, ctx: &Ctx<'_>) -> Result<Val> {
    if let Some(key) = at.opt("state") {
        at.only(&["state"])?;
        let name = key.string()?;
        return ctx
            .keys
            .iter()
            .position(|k| k == name)
            .map(Val::State)
            .ok_or_else(|| {
                key.err(format!(
                    "state key \"{name}\" is not saved by an earlier operation"
                ))
            });
    }
    match at.v {
        serde_json::Value::Number(n) => Ok(Val::Lit(n.to_string())),
        _ => Ok(Val::Lit(at.string()?.to_string())),
    }
}

/// A path (izkit or terser).
pub(crate) fn location(at: &Json<'_>) -> Result<Location> {
    Location::parse(at.string()?).map_err(|e| at.err(e.kind.to_string()))
}

/// A path that names a field or a part of one, and may be written to.
fn target(at: &Json<'_>) -> Result<Location> {
    let loc = location(at)?;
    if loc.is_segment() {
        return Err(at.err("the path names a whole segment; a field is needed here"));
    }
    let header = matches!(loc.segment(), "MSH" | "BHS" | "FHS");
    if header && loc.path.field.is_some_and(|f| f <= 2) {
        return Err(at.err("MSH-1 and MSH-2 hold the delimiters and cannot be written"));
    }
    Ok(loc)
}

/// A path naming segments: `NTE` (every NTE), `NTE[2]`, or a terser path such as
/// `/ORDER(0)/OBSERVATION(1)/NTE`.
fn segment_target(at: &Json<'_>) -> Result<(Location, bool)> {
    let loc = location(at)?;
    if !loc.is_segment() {
        return Err(at.err("the path must name a segment (such as NTE or NTE[2]), not a field"));
    }
    if matches!(loc.segment(), "MSH" | "BHS" | "BTS" | "FHS" | "FTS") {
        return Err(at.err("header and envelope segments cannot be removed"));
    }
    let all = !at.string()?.starts_with('/') && loc.path.occurrence.is_none();
    Ok((loc, all))
}

/// An optional boolean member, false when absent.
fn flag(op: &Json<'_>, key: &str) -> Result<bool> {
    Ok(op
        .opt(key)
        .map(|r| r.boolean())
        .transpose()?
        .unwrap_or(false))
}

/// The `each` flag: the operation edits every segment with the path's id, so the path must be
/// an izkit path without an occurrence (`RXA-5.1`).
fn each(op: &Json<'_>, path: &Json<'_>) -> Result<bool> {
    let each = flag(op, "each")?;
    let text = path.string()?;
    let plain =
        !text.starts_with('/') && Location::parse(text).is_ok_and(|l| l.path.occurrence.is_none());
    if each && !plain {
        return Err(path.err(
            "with \"each\", the path is an izkit path without an occurrence, such as RXA-5.1",
        ));
    }
    Ok(each)
}

/// A compiled operation.
#[derive(Debug, Clone)]
pub(crate) enum Op {
    Set {
        to: Location,
        value: Val,
        raw: bool,
        each: bool,
    },
    Copy {
        from: Location,
        to: Location,
        required: bool,
    },
    Clear {
        at: Location,
        each: bool,
    },
    RegexReplace {
        at: Location,
        re: Regex,
        replacement: String,
        each: bool,
    },
    Map {
        at: Location,
        table: Arc<HashMap<String, String>>,
        default: Option<Val>,
        each: bool,
    },
    RemoveSegment {
        at: Location,
        all: bool,
    },
    AddSegment {
        text: String,
        after: Option<Location>,
    },
    Save {
        from: Location,
        slot: usize,
    },
}

const KINDS: &[&str] = &[
    "set",
    "copy",
    "clear",
    "regex_replace",
    "map",
    "remove_segment",
    "add_segment",
    "save",
];

/// Compiles one operation object; `extra` are keys the object may also hold (a shorthand
/// rule's `name` and `when`).
pub(crate) fn compile(at: &Json<'_>, ctx: &mut Ctx<'_>, extra: &[&str]) -> Result<Op> {
    let members = at.object()?;
    let kinds: Vec<&str> = members
        .iter()
        .map(|(k, _)| *k)
        .filter(|k| KINDS.contains(k))
        .collect();
    let [kind] = kinds.as_slice() else {
        return Err(at.err(format!(
            "an operation has exactly one of: {}",
            KINDS.join(", ")
        )));
    };
    let arg = at.req(kind)?;
    let allow = |keys: &[&str]| -> Result<()> {
        let mut all = vec![*kind];
        all.extend_from_slice(keys);
        all.extend_from_slice(extra);
        at.only(&all)
    };
    Ok(match *kind {
        "set" => {
            allow(&["value", "raw", "each"])?;
            Op::Set {
                to: target(&arg)?,
                value: value(&at.req("value")?, ctx)?,
                raw: flag(at, "raw")?,
                each: each(at, &arg)?,
            }
        }
        "copy" => {
            allow(&["to", "required"])?;
            Op::Copy {
                from: target(&arg)?,
                to: target(&at.req("to")?)?,
                required: flag(at, "required")?,
            }
        }
        "clear" => {
            allow(&["each"])?;
            Op::Clear {
                at: target(&arg)?,
                each: each(at, &arg)?,
            }
        }
        "regex_replace" => {
            allow(&["regex", "replacement", "each"])?;
            Op::RegexReplace {
                at: target(&arg)?,
                re: regex(&at.req("regex")?)?,
                replacement: at.req("replacement")?.string()?.to_string(),
                each: each(at, &arg)?,
            }
        }
        "map" => {
            allow(&["table", "default", "each"])?;
            let table = at.req("table")?;
            let name = table.string()?;
            Op::Map {
                at: target(&arg)?,
                table: ctx
                    .tables
                    .get(name)
                    .cloned()
                    .ok_or_else(|| table.err(format!("no code table \"{name}\" in the policy")))?,
                default: at.opt("default").map(|d| value(&d, ctx)).transpose()?,
                each: each(at, &arg)?,
            }
        }
        "remove_segment" => {
            allow(&[])?;
            let (at, all) = segment_target(&arg)?;
            Op::RemoveSegment { at, all }
        }
        "add_segment" => {
            allow(&["after"])?;
            let text = arg.string()?;
            let b = text.as_bytes();
            let ok = path::starts_with_segment_id(b)
                && b.get(3).is_none_or(|c| c.is_ascii_punctuation())
                && !b.iter().any(|&c| (c < 0x20 && c != b'\t') || c == 0x7F);
            if !ok {
                return Err(arg.err(
                    "expected one segment: an id [A-Z][A-Z0-9]{2}, then fields, no line breaks",
                ));
            }
            if matches!(&text[..3], "MSH" | "BHS" | "BTS" | "FHS" | "FTS") {
                return Err(arg.err("header and envelope segments cannot be added"));
            }
            let after = at.opt("after").map(|a| location(&a)).transpose()?;
            if let Some(a) = &after {
                if !a.is_segment() {
                    return Err(at
                        .req("after")?
                        .err("the path must name a segment (such as RXA or RXA[2])"));
                }
            }
            Op::AddSegment {
                text: text.to_string(),
                after,
            }
        }
        _ => {
            allow(&["as"])?;
            let from = target(&arg)?;
            let key = at.req("as")?.string()?.to_string();
            let slot = match ctx.keys.iter().position(|k| *k == key) {
                Some(s) => s,
                None => {
                    ctx.keys.push(key);
                    ctx.keys.len() - 1
                }
            };
            Op::Save { from, slot }
        }
    })
}

/// Rewrites the value at `at` in each target segment: `f` gets the present (non-empty)
/// value and returns the new one, or `None` to leave it.
fn rewrite(
    w: &mut Work<'_>,
    at: &Location,
    each: bool,
    mut f: impl FnMut(&Work<'_>, &str) -> Option<String>,
) -> Result<(), Fail> {
    for i in w.targets(at, each).unwrap_or_default() {
        let Some(v) = w.read_in(i, at) else {
            continue;
        };
        if let Some(new) = f(w, &v) {
            w.write_in(i, at, &new)?;
        }
    }
    Ok(())
}

impl Op {
    /// The operation's name as written in policies.
    pub(crate) fn name(&self) -> &'static str {
        match self {
            Op::Set { .. } => "set",
            Op::Copy { .. } => "copy",
            Op::Clear { .. } => "clear",
            Op::RegexReplace { .. } => "regex_replace",
            Op::Map { .. } => "map",
            Op::RemoveSegment { .. } => "remove_segment",
            Op::AddSegment { .. } => "add_segment",
            Op::Save { .. } => "save",
        }
    }

    /// Applies the operation.
    pub(crate) fn apply(&self, w: &mut Work<'_>) -> Result<(), Fail> {
        match self {
            Op::Set {
                to,
                value,
                raw,
                each,
            } => {
                let v = value.get(w);
                let text = if *raw {
                    let d = *w.delimiters();
                    if v.bytes()
                        .any(|b| b == d.field || (b < 0x20 && b != b'\t') || b == 0x7F)
                    {
                        return Err(Fail::new(
                            "a raw value may not hold a field separator or control character",
                            to,
                        ));
                    }
                    v
                } else {
                    escape::encode(&v, w.delimiters()).into_owned()
                };
                let Some(targets) = w.targets(to, *each) else {
                    return Err(Fail::new("the segment is not in the message", to));
                };
                for i in targets {
                    w.write_raw_in(i, to, &text)?;
                }
                Ok(())
            }
            Op::Copy { from, to, required } => match w.read_raw(from) {
                Some(raw) => w.write_raw(to, &raw, false),
                None if *required => Err(Fail::new("the source value is absent", from)),
                None => w.write_raw(to, "", true),
            },
            Op::Clear { at, each } => {
                for i in w.targets(at, *each).unwrap_or_default() {
                    w.write_raw_in(i, at, "")?;
                }
                Ok(())
            }
            Op::RegexReplace {
                at,
                re,
                replacement,
                each,
            } => rewrite(w, at, *each, |_, v| {
                match re.replace_all(v, replacement.as_str()) {
                    Cow::Owned(out) => Some(out),
                    Cow::Borrowed(_) => None,
                }
            }),
            // Unmapped without a default: left as it is.
            Op::Map {
                at,
                table,
                default,
                each,
            } => rewrite(w, at, *each, |w, v| match (table.get(v), default) {
                (Some(to), _) => Some(to.clone()),
                (None, Some(d)) => Some(d.get(w)),
                (None, None) => None,
            }),
            Op::RemoveSegment { at, all } => {
                let idx = w.targets(at, *all).unwrap_or_default();
                w.remove(&idx);
                Ok(())
            }
            Op::AddSegment { text, after } => {
                let index = match after {
                    None => w.segment_count(),
                    Some(a) => match w.resolve(a) {
                        Some(i) => i + 1,
                        None => {
                            return Err(Fail::new(
                                "the segment to add after is not in the message",
                                a,
                            ))
                        }
                    },
                };
                w.insert(index, text);
                Ok(())
            }
            Op::Save { from, slot } => {
                let v = w.read(from).unwrap_or_default();
                if let Some(s) = w.state.get_mut(*slot) {
                    *s = Some(v);
                }
                Ok(())
            }
        }
    }
}
