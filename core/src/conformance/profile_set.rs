//! A set of message profiles ready to validate with: the model plus what is derived from it
//! once — compiled regular expressions, every binding resolved to its value sets, and each
//! value set's codes in a hash table — so validating never looks anything up by name.

use super::code_set::CodeSet;
use super::formats::NativeFormat;
use super::model::{Binding, Expr, Node, Profile, ProfileSetData, Usage};
use super::xml;
use crate::fasthash::FxBuild;
use crate::{Error, ErrorKind, Result};
use regex::Regex;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

/// A profile and what is derived from it once.
#[derive(Debug)]
pub(crate) struct CompiledProfile {
    pub(crate) profile: Profile,
    /// `Format` patterns, keyed by the address of the pattern text in `profile` (stable: the
    /// profile is never changed after this is built).
    pub(crate) formats: HashMap<usize, Format, FxBuild>,
    /// Bindings resolved, keyed by the address of the [`Binding`] in `profile`.
    pub(crate) bindings: HashMap<usize, ResolvedBinding, FxBuild>,
    /// `ValueSet` expressions resolved, keyed by the address of their value-set id in
    /// `profile`.
    pub(crate) value_set_exprs: HashMap<usize, ResolvedBinding, FxBuild>,
    /// Codes of each value set, in the order of `profile.value_sets`.
    pub(crate) code_sets: Vec<CodeSet>,
    /// For each segment definition, the fields (0-based, ascending) that can produce a finding
    /// when absent: required and conditional ones. The others cost nothing when not sent.
    pub(crate) absent_checks: Vec<Box<[u32]>>,
    /// The structure compiled for the structure matcher.
    pub(crate) struct_plan: super::structure::StructPlan,
    /// Index in `profile.value_sets` of the set the prose rules need when the profile
    /// declares IZ-24 ([`super::rules::iz24_vis_vaccines`]).
    pub(crate) iz24_vis_vaccines: Option<usize>,
    /// The format check of each datatype, in the order of `profile.datatypes`.
    pub(crate) primitive_kinds: Vec<super::primitives::Kind>,
    /// Whether each datatype is `varies` (OBX-5 takes its datatype from OBX-2), in the
    /// order of `profile.datatypes`: decided once, not by a name comparison per field.
    pub(crate) varies: Vec<bool>,
    /// Whether each datatype has components, in the order of `profile.datatypes`.
    pub(crate) composite: Vec<bool>,
    /// For each datatype, the (0-based) components that are required or conditional: the
    /// only ones to check when a value does not reach them.
    pub(crate) absent_components: Vec<Box<[u32]>>,
}

/// How a `Format` statement's pattern is checked.
#[derive(Debug)]
pub(crate) enum Format {
    /// By a native matcher (the profiles' date and OID patterns).
    Native(NativeFormat),
    /// By the regex `^(?:PATTERN)$`.
    Regex(Regex),
}

/// Where a binding's codes come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SetRef {
    /// A value set of the library (index), and whether it lists coding systems (HL70396).
    Library(u32, bool),
    /// The CVX code table.
    Cvx,
    /// The MVX code table.
    Mvx,
}

/// A binding with its value sets found: only those that can be checked.
#[derive(Debug, Clone, Default)]
pub(crate) struct ResolvedBinding {
    pub(crate) sets: Vec<SetRef>,
    /// True when every checkable set is open (a miss is a warning).
    pub(crate) all_open: bool,
    /// True when a set comes from the code tables (CVX, MVX, NDC), which `rules` checks.
    pub(crate) tables: bool,
}

impl CompiledProfile {
    /// The resolved form of a binding of this profile.
    pub(crate) fn binding(&self, b: &Binding) -> Option<&ResolvedBinding> {
        self.bindings.get(&(b as *const Binding as usize))
    }

    /// The resolved value sets of a `ValueSet` expression of this profile.
    pub(crate) fn value_set_expr(&self, id: &String) -> Option<&ResolvedBinding> {
        self.value_set_exprs.get(&(id as *const String as usize))
    }

    /// The compiled form of a `Format` pattern of this profile.
    pub(crate) fn format(&self, pattern: &str) -> Option<&Format> {
        self.formats.get(&(pattern.as_ptr() as usize))
    }

    /// Resolves value-set ids (CVX and MVX to the code tables).
    pub(crate) fn resolve_sets(&self, ids: &[String]) -> ResolvedBinding {
        let mut r = ResolvedBinding {
            all_open: true,
            ..ResolvedBinding::default()
        };
        for id in ids {
            match id.as_str() {
                "CVX" => {
                    r.sets.push(SetRef::Cvx);
                    r.all_open = false;
                    r.tables = true;
                }
                "MVX" => {
                    r.sets.push(SetRef::Mvx);
                    r.all_open = false;
                    r.tables = true;
                }
                _ if id.starts_with("NDC") => r.tables = true,
                _ => {
                    let Ok(i) = self
                        .profile
                        .value_sets
                        .binary_search_by(|v| v.id.as_str().cmp(id))
                    else {
                        continue;
                    };
                    let vs = &self.profile.value_sets[i];
                    if vs.no_validation {
                        continue;
                    }
                    r.all_open &= vs.open;
                    r.sets
                        .push(SetRef::Library(i as u32, id.starts_with("HL70396")));
                }
            }
        }
        r
    }
}

/// Message profiles to validate against, keyed by their identifier (`Z22`).
#[derive(Debug, Clone, Default)]
pub struct ProfileSet {
    pub(crate) profiles: Vec<Arc<CompiledProfile>>,
}

impl ProfileSet {
    /// The eight CDC IZ profiles of IG R1.5 (NIST, 2016), compiled into the library.
    pub fn builtin() -> &'static ProfileSet {
        static SET: OnceLock<ProfileSet> = OnceLock::new();
        SET.get_or_init(|| {
            ProfileSet::from_data(super::builtin::data())
                .expect("compiled-in profiles are valid (checked by the build)")
        })
    }

    /// Loads the message profiles of one NIST profile XML file, with its constraints file
    /// and value-set library (either may be absent). Jurisdictions publish local profiles in
    /// this format.
    pub fn from_xml(
        profile_xml: &str,
        constraints_xml: Option<&str>,
        value_sets_xml: Option<&str>,
    ) -> Result<ProfileSet> {
        let mut set = ProfileSet::default();
        set.add_xml(profile_xml, constraints_xml, value_sets_xml)?;
        Ok(set)
    }

    /// Adds the profiles of one more NIST profile XML file; a profile with an id already in
    /// the set replaces it.
    pub fn add_xml(
        &mut self,
        profile_xml: &str,
        constraints_xml: Option<&str>,
        value_sets_xml: Option<&str>,
    ) -> Result<()> {
        let profiles = xml::load(profile_xml, constraints_xml, value_sets_xml).map_err(|e| {
            Error::new(
                ErrorKind::ProfileLoad {
                    reason: e.to_string(),
                },
                0,
            )
        })?;
        for p in profiles {
            self.insert(compile(p)?);
        }
        Ok(())
    }

    /// Adds every profile of a folder laid out as NIST publishes them (and as
    /// `core/data/profiles/nist-iz-r1.5/` is): `profiles/NAME_Profile.xml`, with
    /// `constraints/NAME_Constraints.xml` and `valuesets/NAME_ValueSetLibrary.xml` when they
    /// exist. Profiles whose id is already in the set replace it. Returns how many profile
    /// files were read. I/O failures are `ErrorKind::Io`; bad XML is `ErrorKind::ProfileLoad`
    /// naming the file.
    pub fn add_dir(&mut self, dir: &std::path::Path) -> Result<usize> {
        let io = |e: std::io::Error| {
            Error::new(
                ErrorKind::Io {
                    reason: e.kind().to_string(),
                },
                0,
            )
        };
        let mut names: Vec<String> = std::fs::read_dir(dir.join("profiles"))
            .map_err(io)?
            .filter_map(|e| e.ok())
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| n.ends_with("_Profile.xml"))
            .collect();
        names.sort();
        let optional = |path: std::path::PathBuf| -> Result<Option<String>> {
            match std::fs::read_to_string(path) {
                Ok(text) => Ok(Some(text)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(io(e)),
            }
        };
        for name in &names {
            let stem = name.trim_end_matches("_Profile.xml");
            let profile = std::fs::read_to_string(dir.join("profiles").join(name)).map_err(io)?;
            let constraints = optional(
                dir.join("constraints")
                    .join(format!("{stem}_Constraints.xml")),
            )?;
            let value_sets = optional(
                dir.join("valuesets")
                    .join(format!("{stem}_ValueSetLibrary.xml")),
            )?;
            self.add_xml(&profile, constraints.as_deref(), value_sets.as_deref())
                .map_err(|mut e| {
                    if let ErrorKind::ProfileLoad { reason } = &mut e.kind {
                        *reason = format!("{name}: {reason}");
                    }
                    e
                })?;
        }
        Ok(names.len())
    }

    fn from_data(data: ProfileSetData) -> Result<ProfileSet> {
        let mut set = ProfileSet::default();
        for p in data.profiles {
            set.insert(compile(p)?);
        }
        Ok(set)
    }

    fn insert(&mut self, p: CompiledProfile) {
        let p = Arc::new(p);
        match self
            .profiles
            .iter_mut()
            .find(|q| q.profile.id == p.profile.id)
        {
            Some(slot) => *slot = p,
            None => self.profiles.push(p),
        }
    }

    /// The profile identifiers in the set (`Z22`, `Z23`, ...).
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.profiles.iter().map(|p| p.profile.id.as_str())
    }

    /// A profile's model, by identifier.
    pub fn get(&self, id: &str) -> Option<&Profile> {
        self.compiled(id).map(|c| &c.profile)
    }

    pub(crate) fn compiled(&self, id: &str) -> Option<&Arc<CompiledProfile>> {
        self.profiles.iter().find(|p| p.profile.id == id)
    }
}

/// What the expressions of a profile need prepared: `Format` patterns and `ValueSet` ids.
enum Prepared<'a> {
    Pattern(&'a str),
    ValueSet(&'a String),
}

/// Compiles every `Format` pattern of a profile once (anchored: NIST matches whole values),
/// resolves every binding and `ValueSet` expression to its value sets, and hashes the codes.
fn compile(profile: Profile) -> Result<CompiledProfile> {
    let mut formats = HashMap::default();
    let mut patterns = Vec::new();
    for s in &profile.segments {
        collect(s.constraints.iter().map(|c| &c.assertion), &mut patterns);
        collect(s.predicates.iter().map(|c| &c.condition), &mut patterns);
    }
    for d in &profile.datatypes {
        collect(d.constraints.iter().map(|c| &c.assertion), &mut patterns);
        collect(d.predicates.iter().map(|c| &c.condition), &mut patterns);
    }
    collect(
        profile.constraints.iter().map(|c| &c.assertion),
        &mut patterns,
    );
    fn groups<'a>(nodes: &'a [Node], out: &mut Vec<Prepared<'a>>) {
        for n in nodes {
            if let Node::Group(g) = n {
                collect(g.constraints.iter().map(|c| &c.assertion), out);
                collect(g.predicates.iter().map(|c| &c.condition), out);
                groups(&g.children, out);
            }
        }
    }
    groups(&profile.structure, &mut patterns);
    let mut by_text: HashMap<&str, Regex> = HashMap::new();
    let mut set_exprs: Vec<(usize, String)> = Vec::new();
    for item in patterns {
        let pat = match item {
            Prepared::Pattern(p) => p,
            Prepared::ValueSet(id) => {
                set_exprs.push((id as *const String as usize, id.clone()));
                continue;
            }
        };
        if let Some(native) = NativeFormat::recognize(pat) {
            formats.insert(pat.as_ptr() as usize, Format::Native(native));
            continue;
        }
        let re = match by_text.get(pat) {
            Some(re) => re.clone(),
            None => {
                let re = Regex::new(&format!("^(?:{pat})$")).map_err(|_| {
                    Error::new(
                        ErrorKind::ProfileLoad {
                            reason: format!("profile {}: invalid Format regex", profile.id),
                        },
                        0,
                    )
                })?;
                by_text.insert(pat, re.clone());
                re
            }
        };
        formats.insert(pat.as_ptr() as usize, Format::Regex(re));
    }
    drop(by_text);
    let code_sets = profile
        .value_sets
        .iter()
        .map(|vs| CodeSet::new(vs.codes.iter().map(|c| (c.value.as_str(), c.excluded))))
        .collect();
    let segment_ids: Vec<[u8; 3]> = profile
        .segments
        .iter()
        .map(|s| super::structure::id3(&s.name))
        .collect();
    let struct_plan = super::structure::plan(&profile, &segment_ids);
    let absent_checks = profile
        .segments
        .iter()
        .map(|s| {
            (0u32..)
                .zip(&s.fields)
                .filter(|(_, f)| !matches!(f.usage, Usage::O | Usage::RE | Usage::X))
                .map(|(i, _)| i)
                .collect()
        })
        .collect();
    let iz24_vis_vaccines = super::rules::iz24_vis_vaccines(&profile)
        .and_then(|vs| profile.value_sets.iter().position(|v| std::ptr::eq(v, vs)));
    let primitive_kinds = profile
        .datatypes
        .iter()
        .map(|d| super::primitives::kind(&d.name))
        .collect();
    let varies = profile
        .datatypes
        .iter()
        .map(|d| d.name.eq_ignore_ascii_case("varies"))
        .collect();
    let composite = profile
        .datatypes
        .iter()
        .map(|d| !d.components.is_empty())
        .collect();
    let absent_components = profile
        .datatypes
        .iter()
        .map(|d| {
            (0u32..)
                .zip(&d.components)
                .filter(|(_, c)| matches!(c.usage, Usage::R | Usage::C))
                .map(|(i, _)| i)
                .collect()
        })
        .collect();
    let mut cp = CompiledProfile {
        profile,
        formats,
        bindings: HashMap::default(),
        value_set_exprs: HashMap::default(),
        code_sets,
        absent_checks,
        struct_plan,
        iz24_vis_vaccines,
        primitive_kinds,
        varies,
        composite,
        absent_components,
    };
    // Addresses of the bindings inside the profile, which stays where it is from now on.
    let mut all: Vec<(usize, Vec<String>)> = Vec::new();
    let mut add = |els: &[super::model::Element]| {
        for e in els {
            if let Some(b) = &e.binding {
                all.push((b as *const Binding as usize, b.value_sets.clone()));
            }
        }
    };
    for s in &cp.profile.segments {
        add(&s.fields);
    }
    for d in &cp.profile.datatypes {
        add(&d.components);
    }
    let resolved: Vec<(usize, ResolvedBinding)> = all
        .into_iter()
        .map(|(k, ids)| (k, cp.resolve_sets(&ids)))
        .collect();
    cp.bindings.extend(resolved);
    let resolved: Vec<(usize, ResolvedBinding)> = set_exprs
        .into_iter()
        .map(|(k, id)| (k, cp.resolve_sets(std::slice::from_ref(&id))))
        .collect();
    cp.value_set_exprs.extend(resolved);
    Ok(cp)
}

fn collect<'a>(exprs: impl Iterator<Item = &'a Expr>, out: &mut Vec<Prepared<'a>>) {
    fn walk<'a>(e: &'a Expr, out: &mut Vec<Prepared<'a>>) {
        match e {
            Expr::Format { regex, .. } => out.push(Prepared::Pattern(regex)),
            Expr::ValueSet { value_set, .. } => out.push(Prepared::ValueSet(value_set)),
            Expr::And(a, b) | Expr::Or(a, b) | Expr::Xor(a, b) | Expr::Imply(a, b) => {
                walk(a, out);
                walk(b, out);
            }
            Expr::Not(a) => walk(a, out),
            Expr::Forall(v) | Expr::Exist(v) => v.iter().for_each(|e| walk(e, out)),
            _ => {}
        }
    }
    for e in exprs {
        walk(e, out);
    }
}
