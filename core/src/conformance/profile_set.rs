//! A set of message profiles ready to validate with: the model plus what is derived from it
//! once (compiled regular expressions).

use super::model::{Expr, Profile, ProfileSetData};
use super::xml;
use crate::{Error, ErrorKind, Result};
use regex::Regex;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

/// A profile and its compiled `Format` patterns.
#[derive(Debug)]
pub(crate) struct CompiledProfile {
    pub(crate) profile: Profile,
    pub(crate) regexes: HashMap<String, Regex>,
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

/// Compiles every `Format` pattern of a profile once (anchored: NIST matches whole values).
fn compile(profile: Profile) -> Result<CompiledProfile> {
    let mut regexes = HashMap::new();
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
    fn groups<'a>(nodes: &'a [super::model::Node], out: &mut Vec<&'a str>) {
        for n in nodes {
            if let super::model::Node::Group(g) = n {
                collect(g.constraints.iter().map(|c| &c.assertion), out);
                collect(g.predicates.iter().map(|c| &c.condition), out);
                groups(&g.children, out);
            }
        }
    }
    groups(&profile.structure, &mut patterns);
    for pat in patterns {
        if regexes.contains_key(pat) {
            continue;
        }
        let re = Regex::new(&format!("^(?:{pat})$")).map_err(|_| {
            Error::new(
                ErrorKind::ProfileLoad {
                    reason: format!("profile {}: invalid Format regex", profile.id),
                },
                0,
            )
        })?;
        regexes.insert(pat.to_string(), re);
    }
    Ok(CompiledProfile { profile, regexes })
}

fn collect<'a>(exprs: impl Iterator<Item = &'a Expr>, out: &mut Vec<&'a str>) {
    fn walk<'a>(e: &'a Expr, out: &mut Vec<&'a str>) {
        match e {
            Expr::Format { regex, .. } => out.push(regex),
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
