//! Operations (`do`): set, copy, clear, regex_replace, map, remove_segment, add_segment and
//! save, each compiled once and applied to the message as earlier operations left it.

use super::condition::regex;
use super::json::Json;
use super::path::{self, Location};
use super::work::{Fail, Work};
use super::Ctx;
use crate::error::Result;
use regex::Regex;
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

/// A compiled operation.
#[derive(Debug, Clone)]
pub(crate) enum Op {
    Set {
        to: Location,
        value: Val,
        raw: bool,
    },
    Copy {
        from: Location,
        to: Location,
        required: bool,
    },
    Clear(Location),
    RegexReplace {
        at: Location,
        re: Regex,
        replacement: String,
    },
    Map {
        at: Location,
        table: Arc<HashMap<String, String>>,
        default: Option<Val>,
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
            allow(&["value", "raw"])?;
            Op::Set {
                to: target(&arg)?,
                value: value(&at.req("value")?, ctx)?,
                raw: at
                    .opt("raw")
                    .map(|r| r.boolean())
                    .transpose()?
                    .unwrap_or(false),
            }
        }
        "copy" => {
            allow(&["to", "required"])?;
            Op::Copy {
                from: target(&arg)?,
                to: target(&at.req("to")?)?,
                required: at
                    .opt("required")
                    .map(|r| r.boolean())
                    .transpose()?
                    .unwrap_or(false),
            }
        }
        "clear" => {
            allow(&[])?;
            Op::Clear(target(&arg)?)
        }
        "regex_replace" => {
            allow(&["regex", "replacement"])?;
            Op::RegexReplace {
                at: target(&arg)?,
                re: regex(&at.req("regex")?)?,
                replacement: at.req("replacement")?.string()?.to_string(),
            }
        }
        "map" => {
            allow(&["table", "default"])?;
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

impl Op {
    /// The operation's name as written in policies.
    pub(crate) fn name(&self) -> &'static str {
        match self {
            Op::Set { .. } => "set",
            Op::Copy { .. } => "copy",
            Op::Clear(_) => "clear",
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
            Op::Set { to, value, raw } => {
                let v = value.get(w);
                if *raw {
                    let d = *w.delimiters();
                    if v.bytes()
                        .any(|b| b == d.field || (b < 0x20 && b != b'\t') || b == 0x7F)
                    {
                        return Err(Fail::new(
                            "a raw value may not hold a field separator or control character",
                            to,
                        ));
                    }
                    w.write_raw(to, &v, false)
                } else {
                    w.write(to, &v)
                }
            }
            Op::Copy { from, to, required } => match w.read_raw(from) {
                Some(raw) => w.write_raw(to, &raw, false),
                None if *required => Err(Fail::new("the source value is absent", from)),
                None => w.write_raw(to, "", true),
            },
            Op::Clear(at) => w.write_raw(at, "", true),
            Op::RegexReplace {
                at,
                re,
                replacement,
            } => {
                let Some(v) = w.read(at) else {
                    return Ok(());
                };
                let out = re.replace_all(&v, replacement.as_str());
                if out == v {
                    return Ok(());
                }
                let out = out.into_owned();
                w.write(at, &out)
            }
            Op::Map { at, table, default } => {
                let Some(v) = w.read(at) else {
                    return Ok(());
                };
                match (table.get(&v), default) {
                    (Some(to), _) => w.write(at, &to.clone()),
                    (None, Some(d)) => {
                        let d = d.get(w);
                        w.write(at, &d)
                    }
                    (None, None) => Ok(()),
                }
            }
            Op::RemoveSegment { at, all } => {
                let idx = w.resolve_all(at, *all);
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
