//! The explanation of a decision: each reason names the rule (or the engine default) and the
//! facts it used — jurisdiction codes, where in the message they came from, ages, codes — and
//! never patient data unless the caller reveals address values.

use super::engine::{action_word, Decision};
use super::facts::{admin_source, home_source, MsgFacts};
use super::jurisdictions::Jurisdictions;
use super::policy::{Action, Compiled, Dest, JurFact};
use super::resolve::Place;
use crate::v2::Message;
use std::fmt::Write;

/// Everything an explanation reads.
pub(crate) struct Ctx<'a, 'm> {
    pub msg: &'a Message<'m>,
    pub facts: &'a MsgFacts<'a>,
    pub jurisdictions: &'a Jurisdictions,
    pub policy: &'a Compiled,
    pub reveal: bool,
}

impl Ctx<'_, '_> {
    /// `<rule id>: <the rule's reason> — <why the destination> ; when <facts read>`.
    pub(crate) fn rule_reason(&self, rule: usize, dest: Option<u16>) -> String {
        let r = &self.policy.rules[rule];
        let mut out = String::with_capacity(128);
        out.push_str(&r.id);
        out.push(':');
        if !r.reason.is_empty() {
            out.push(' ');
            out.push_str(&r.reason);
        }
        if let (Dest::Fact(fact), Some(d)) = (r.to, dest) {
            out.push_str(" — ");
            self.provenance(fact, d, &mut out);
        }
        let mut when = String::new();
        r.cond.describe(
            self.msg,
            self.facts,
            self.jurisdictions,
            self.reveal,
            &mut when,
        );
        if !when.is_empty() {
            out.push_str("; when ");
            out.push_str(&when);
        }
        out
    }

    /// Why `d` is the jurisdiction `fact` names.
    fn provenance(&self, fact: JurFact, d: u16, out: &mut String) {
        let id = &self.jurisdictions.at(d).id;
        let f = self.facts;
        let _ = match fact {
            JurFact::Home => match f.home {
                Place::Found(_, via) => write!(
                    out,
                    "{id} is the patient's home ({})",
                    home_source(f.home_rep, via)
                ),
                _ => write!(out, "{id} is the patient's home"),
            },
            JurFact::SenderHome => write!(
                out,
                "{id} is the sender's home jurisdiction (policy `sender`)"
            ),
            JurFact::Qpd8Home => write!(out, "{id} is the home of the QPD-8 patient address"),
            JurFact::Administering => {
                let mut first = true;
                for a in f.admins.iter().filter(|a| a.jurisdiction == Some(d)) {
                    if !first {
                        out.push_str(", ");
                    }
                    first = false;
                    let _ = write!(
                        out,
                        "RXA[{}] administered in {id} ({})",
                        a.rxa,
                        admin_source(a)
                    );
                }
                Ok(())
            }
        };
    }
}

/// Deny by default: a destination some rule could have sent to, that none did.
pub(crate) fn deny_by_default(ctx: &Ctx<'_, '_>, dest: u16, considered: &[usize]) -> Decision {
    let id = ctx.jurisdictions.at(dest).id.clone();
    let mut reasons = vec![format!("deny by default: no rule sends to {id}")];
    for &r in considered {
        let mut s = format!("{} did not apply", ctx.policy.rules[r].id);
        let mut when = String::new();
        ctx.policy.rules[r].cond.describe(
            ctx.msg,
            ctx.facts,
            ctx.jurisdictions,
            ctx.reveal,
            &mut when,
        );
        if !when.is_empty() {
            let _ = write!(s, " ({when})");
        }
        reasons.push(s);
    }
    Decision {
        destination: Some(id),
        action: Action::Deny,
        reasons,
        rules: vec!["deny-by-default".to_string()],
        hl7: None,
    }
}

/// The sources of a message's data for the sharing matrix: its administering jurisdictions,
/// else (historical records, queries) the sender's home; empty when neither is known.
pub(crate) fn sources(f: &MsgFacts<'_>) -> Vec<u16> {
    let mut out: Vec<u16> = Vec::new();
    for a in &f.admins {
        if let Some(j) = a.jurisdiction {
            if !out.contains(&j) {
                out.push(j);
            }
        }
    }
    if out.is_empty() {
        out.extend(f.sender_home);
    }
    out
}

/// A deny when the sharing matrix forbids sending to `dest` from any source of the data.
pub(crate) fn sharing_denial(
    ctx: &Ctx<'_, '_>,
    sharing: &super::policy::Sharing,
    dest: u16,
    send: &[usize],
) -> Option<Decision> {
    let src = sources(ctx.facts);
    let j = ctx.jurisdictions;
    let id = &j.at(dest).id;
    let mut reasons = Vec::new();
    if src.is_empty() {
        if !sharing.allows(None, dest) {
            reasons.push(format!(
                "sharing: the policy's sharing matrix does not let data of unknown origin go to {id}"
            ));
        }
    } else {
        for s in src {
            if !sharing.allows(Some(s), dest) {
                reasons.push(format!(
                    "sharing: the policy's sharing matrix does not let data from {} go to {id}",
                    j.at(s).id
                ));
            }
        }
    }
    if reasons.is_empty() {
        return None;
    }
    for &r in send {
        let rule = &ctx.policy.rules[r];
        reasons.push(format!(
            "(overrides {} of {})",
            action_word(rule.action),
            rule.id
        ));
    }
    Some(Decision {
        destination: Some(id.clone()),
        action: Action::Deny,
        reasons,
        rules: vec!["sharing".to_string()],
        hl7: None,
    })
}

/// The hold for a message no rule sends anywhere and nothing holds: never a silent drop.
pub(crate) fn nothing_sent(ctx: &Ctx<'_, '_>) -> Decision {
    let kind = ctx.facts.message_type.as_deref().unwrap_or("(none)");
    Decision {
        destination: None,
        action: Action::Hold,
        reasons: vec![format!(
            "hold by default: no rule sends this message anywhere (message type {kind}, home {}); \
             it is held, not dropped",
            ctx.facts.home.status()
        )],
        rules: vec!["hold-by-default".to_string()],
        hl7: None,
    }
}
