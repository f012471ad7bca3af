//! The explanation of a decision: each reason names the rule (or the engine default) and the
//! facts it used — jurisdiction codes, where in the message they came from, ages, codes — and
//! never patient data unless the caller reveals address values.

use super::engine::{overrides, Decision};
use super::facts::{admin_source, push_home_source, MsgFacts};
use super::jurisdictions::Jurisdictions;
use super::policy::{push_number, Action, Compiled, Dest, JurFact};
use super::resolve::Place;
use crate::v2::Message;

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
    /// Written piece by piece into one string sized up front: reasons are built for every
    /// decision of every message.
    pub(crate) fn rule_reason(&self, rule: usize, dest: Option<u16>) -> String {
        let r = &self.policy.rules[rule];
        let mut out =
            String::with_capacity(r.id.len() + r.reason.len() + 96 + 48 * self.facts.admins.len());
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
        // The condition's facts go after `; when `, which stays only when there are any.
        out.push_str("; when ");
        let at = out.len();
        r.cond.describe(
            self.msg,
            self.facts,
            self.jurisdictions,
            self.reveal,
            &mut out,
            at,
        );
        if out.len() == at {
            out.truncate(at - "; when ".len());
        }
        out
    }

    /// Why `d` is the jurisdiction `fact` names.
    fn provenance(&self, fact: JurFact, d: u16, out: &mut String) {
        let id = self.jurisdictions.at(d).id.as_str();
        let f = self.facts;
        match fact {
            JurFact::Home => {
                out.push_str(id);
                out.push_str(" is the patient's home");
                if let Place::Found(_, via) = f.home {
                    out.push_str(" (");
                    push_home_source(out, f.home_rep, via);
                    out.push(')');
                }
            }
            JurFact::SenderHome => {
                out.push_str(id);
                out.push_str(" is the sender's home jurisdiction (policy `sender`)");
            }
            JurFact::Qpd8Home => {
                out.push_str(id);
                out.push_str(" is the home of the QPD-8 patient address");
            }
            JurFact::Administering => {
                let mut first = true;
                for a in f.admins.iter().filter(|a| a.jurisdiction == Some(d)) {
                    if !first {
                        out.push_str(", ");
                    }
                    first = false;
                    out.push_str("RXA[");
                    push_number(out, a.rxa);
                    out.push_str("] administered in ");
                    out.push_str(id);
                    out.push_str(" (");
                    out.push_str(admin_source(a));
                    out.push(')');
                }
            }
        }
    }
}

/// Deny by default: a destination some rule could have sent to, that none did.
pub(crate) fn deny_by_default(ctx: &Ctx<'_, '_>, dest: u16, considered: &[usize]) -> Decision {
    let id = ctx.jurisdictions.at(dest).id.clone();
    let mut reasons = Vec::with_capacity(1 + considered.len());
    reasons.push(format!("deny by default: no rule sends to {id}"));
    for &r in considered {
        let rule = &ctx.policy.rules[r];
        let mut s = String::with_capacity(rule.id.len() + 64);
        s.push_str(&rule.id);
        s.push_str(" did not apply (");
        let at = s.len();
        rule.cond.describe(
            ctx.msg,
            ctx.facts,
            ctx.jurisdictions,
            ctx.reveal,
            &mut s,
            at,
        );
        if s.len() == at {
            s.truncate(at - " (".len());
        } else {
            s.push(')');
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
    for a in f.admins.iter() {
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
        reasons.push(overrides(&ctx.policy.rules[r]));
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
