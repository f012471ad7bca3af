//! The routing engine: evaluates a compiled policy against one message's facts and turns the
//! rules that fired into one decision per destination, with the precedence hold > deny >
//! send, the sharing matrix, deny by default, and the guarantee that every message gets at
//! least one send or hold.

use super::explain;
use super::facts::{self, Facts};
use super::jurisdictions::Jurisdictions;
use super::policy::{Action, Compiled, Dest, Policy, Rule};
use super::small::SmallList;
use crate::error::Result;
use crate::transform::Transforms;
use crate::v2::Message;
use serde::Serialize;
use std::cell::OnceCell;
use std::sync::Arc;

/// How [`Router::route`] works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RouteOptions {
    /// Render the message as sent (`hl7`) for each send. Default true.
    pub render: bool,
    /// Let the facts and reasons show address values (state and city as written, values of
    /// paths a rule reads). Default false: no message content beyond codes. Never names,
    /// dates or identifiers either way.
    pub reveal: bool,
    /// "Today" for the transformations' date preconditions; `None` reads the system clock
    /// (on `wasm32-unknown-unknown`, which has none, the WASM binding passes the host's date).
    pub today: Option<chrono::NaiveDate>,
}

impl Default for RouteOptions {
    fn default() -> Self {
        RouteOptions {
            render: true,
            reveal: false,
            today: None,
        }
    }
}

/// The outcome for one destination (or, with `destination` `None`, the whole message).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    /// A jurisdiction id, or `None` for a hold of the whole message.
    pub destination: Option<String>,
    /// `send`, `deny` or `hold`.
    pub action: Action,
    /// Why, one line per rule or fact that produced the decision.
    pub reasons: Vec<String>,
    /// The ids of the rules that produced it (`default/send-home`; `sharing` for the matrix,
    /// `deny-by-default` and `hold-by-default` for the engine's own defaults).
    pub rules: Vec<String>,
    /// The message as sent to this destination (sends only, when rendering).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hl7: Option<String>,
}

/// All decisions for one message and the facts they were made of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Routing {
    /// One per destination considered, plus a hold for the whole message when there is one.
    pub decisions: Vec<Decision>,
    /// The derived facts (no patient data unless revealed).
    pub facts: Facts,
}

impl Routing {
    /// The destinations sent to, in decision order.
    pub fn sent_to(&self) -> impl Iterator<Item = &str> + '_ {
        self.decisions
            .iter()
            .filter(|d| d.action == Action::Send)
            .filter_map(|d| d.destination.as_deref())
    }

    /// The decision for a destination, if any.
    pub fn decision(&self, destination: &str) -> Option<&Decision> {
        self.decisions
            .iter()
            .find(|d| d.destination.as_deref() == Some(destination))
    }

    /// Whether the whole message is held.
    pub fn held(&self) -> bool {
        self.decisions
            .iter()
            .any(|d| d.destination.is_none() && d.action == Action::Hold)
    }
}

/// A policy compiled for one jurisdictions table: built once, shared across threads, reused
/// for every message.
#[derive(Debug, Clone)]
pub struct Router {
    policy: Arc<Compiled>,
    jurisdictions: Jurisdictions,
}

/// The rules (indexes) that gave one destination one action.
type Rules = SmallList<usize, 8>;

/// One rule's effect on one destination.
#[derive(Debug, Clone, Copy, Default)]
struct Hit {
    dest: u16,
    rule: usize,
    /// The action, or `None` for a send rule that did not fire (the destination was
    /// considered).
    action: Option<Action>,
}

impl Router {
    /// A router for `policy` over `jurisdictions` (the policy is recompiled when it was
    /// loaded with another table; fails when that table lacks a jurisdiction it names).
    pub fn new(policy: &Policy, jurisdictions: &Jurisdictions) -> Result<Router> {
        let p = policy.with_jurisdictions(jurisdictions)?;
        Ok(Router {
            policy: p.compiled,
            jurisdictions: p.jurisdictions,
        })
    }

    /// A router from texts, as the bindings and `izkit route` receive them: a policy as JSON
    /// (`None`: the default policy) over a jurisdictions table as CSV (`None`: the built-in
    /// table). Errors are [`ErrorKind::PolicyLoad`](crate::ErrorKind::PolicyLoad) with the place
    /// in the file.
    pub fn from_texts(
        policy_json: Option<&str>,
        jurisdictions_csv: Option<&str>,
    ) -> Result<Router> {
        let loaded;
        let table = match jurisdictions_csv {
            Some(csv) => {
                loaded = Jurisdictions::from_csv(csv)?;
                &loaded
            }
            None => Jurisdictions::builtin(),
        };
        let policy = match policy_json {
            Some(json) => Policy::from_json(json, table)?,
            None => Policy::default(),
        };
        Router::new(&policy, table)
    }

    /// The default policy over the built-in jurisdictions.
    pub fn builtin() -> &'static Router {
        static ROUTER: std::sync::OnceLock<Router> = std::sync::OnceLock::new();
        ROUTER.get_or_init(|| {
            Router::new(&Policy::default(), Jurisdictions::builtin())
                .expect("the default policy compiles against the built-in jurisdictions")
        })
    }

    /// The jurisdictions table this router uses.
    pub fn jurisdictions(&self) -> &Jurisdictions {
        &self.jurisdictions
    }

    /// Decides where `msg` goes and why, without rendering.
    pub fn decide(&self, msg: &Message<'_>) -> Result<Routing> {
        Ok(self.decide_with(msg, false))
    }

    /// Decides, and renders the message as sent for each send (per [`RouteOptions`]).
    /// A failing transformation fails the whole routing.
    pub fn route(&self, msg: &Message<'_>, opts: &RouteOptions) -> Result<Routing> {
        let mut routing = self.decide_with(msg, opts.reveal);
        if opts.render {
            let empty = Transforms::empty();
            // One clock read per message, not per destination.
            let today = opts.today.or_else(crate::conformance::today_from_clock);
            for d in &mut routing.decisions {
                let Some(dest) = d.destination.as_deref() else {
                    continue;
                };
                let Some(i) = self.jurisdictions.index_of(dest) else {
                    continue;
                };
                if d.action != Action::Send {
                    continue;
                }
                let j = self.jurisdictions.at(i);
                let t = self.policy.transforms(i).unwrap_or(&empty);
                let header = (
                    j.receiving_application.as_str(),
                    j.receiving_facility.as_str(),
                );
                d.hl7 = Some(t.apply_on(msg, Some(header), today)?);
            }
        }
        Ok(routing)
    }

    fn decide_with(&self, msg: &Message<'_>, reveal: bool) -> Routing {
        let j = &self.jurisdictions;
        let p = &self.policy;
        let f = facts::compute(msg, j, p);
        let mut hits: SmallList<Hit, 16> = SmallList::default();
        let mut message_holds: SmallList<usize, 4> = SmallList::default();
        // One cell per distinct path of the policy: on the stack for the usual few.
        let on_stack: [OnceCell<_>; 8] = std::array::from_fn(|_| OnceCell::new());
        let on_heap: Vec<OnceCell<_>>;
        let paths: &[OnceCell<_>] = if p.paths.len() <= on_stack.len() {
            &on_stack[..p.paths.len()]
        } else {
            on_heap = p.paths.iter().map(|_| OnceCell::new()).collect();
            &on_heap
        };
        // Each rule's answer, for the rules that share an earlier rule's condition.
        let mut answers: SmallList<bool, 64> = SmallList::default();
        for (ri, rule) in p.rules.iter().enumerate() {
            let on = match rule.same_as.and_then(|k| answers.as_slice().get(k)) {
                Some(&on) => on,
                None => rule.cond.eval(msg, &f, j, paths),
            };
            answers.push(on);
            let action = on.then_some(rule.action);
            match rule.to {
                Dest::Message => {
                    if on {
                        message_holds.push(ri);
                    }
                }
                Dest::Jur(d) => {
                    if on {
                        hits.push(Hit {
                            dest: d,
                            rule: ri,
                            action,
                        });
                    }
                }
                Dest::Fact(fact) => {
                    if on || rule.action == Action::Send {
                        fact.for_each(&f, |d| {
                            hits.push(Hit {
                                dest: d,
                                rule: ri,
                                action,
                            })
                        });
                    }
                }
            }
        }
        let ctx = explain::Ctx {
            msg,
            facts: &f,
            jurisdictions: j,
            policy: p,
            reveal,
        };
        let mut decisions = Vec::with_capacity(4);
        if !message_holds.is_empty() {
            decisions.push(Decision {
                destination: None,
                action: Action::Hold,
                reasons: message_holds
                    .iter()
                    .map(|&r| ctx.rule_reason(r, None))
                    .collect(),
                rules: message_holds
                    .iter()
                    .map(|&r| p.rules[r].id.clone())
                    .collect(),
                hl7: None,
            });
        }
        // Destinations in the order rules first named them.
        let mut order: SmallList<u16, 8> = SmallList::default();
        for h in hits.iter() {
            if !order.contains(&h.dest) {
                order.push(h.dest);
            }
        }
        for &dest in order.iter() {
            let of = |a: Option<Action>| -> Rules {
                let mut v = Rules::default();
                for h in hits.iter().filter(|h| h.dest == dest && h.action == a) {
                    if !v.contains(&h.rule) {
                        v.push(h.rule);
                    }
                }
                v
            };
            decisions.push(self.settle(
                &ctx,
                dest,
                [
                    of(Some(Action::Hold)),
                    of(Some(Action::Deny)),
                    of(Some(Action::Send)),
                    of(None),
                ],
                !message_holds.is_empty(),
                message_holds.as_slice(),
            ));
        }
        let any = decisions
            .iter()
            .any(|d| matches!(d.action, Action::Send | Action::Hold));
        if !any {
            decisions.insert(0, explain::nothing_sent(&ctx));
        }
        Routing {
            decisions,
            facts: Facts::from_msg(&f, j, reveal),
        }
    }

    /// The decision for one destination from the rules that named it: `[hold, deny, send,
    /// considered]` rule indexes.
    fn settle(
        &self,
        ctx: &explain::Ctx<'_, '_>,
        dest: u16,
        [hold, deny, send, considered]: [Rules; 4],
        message_held: bool,
        message_holds: &[usize],
    ) -> Decision {
        let p = &self.policy;
        let id = self.jurisdictions.at(dest).id.clone();
        let from_rules = |action: Action, rules: &[usize], overridden: &[usize]| {
            let mut reasons: Vec<String> = rules
                .iter()
                .map(|&r| ctx.rule_reason(r, Some(dest)))
                .collect();
            for &r in overridden {
                reasons.push(overrides(&p.rules[r]));
            }
            Decision {
                destination: Some(id.clone()),
                action,
                reasons,
                rules: rules.iter().map(|&r| p.rules[r].id.clone()).collect(),
                hl7: None,
            }
        };
        let (hold, deny, send) = (hold.as_slice(), deny.as_slice(), send.as_slice());
        if !hold.is_empty() {
            let mut over = deny.to_vec();
            over.extend(send);
            return from_rules(Action::Hold, hold, &over);
        }
        if !deny.is_empty() {
            return from_rules(Action::Deny, deny, send);
        }
        if send.is_empty() {
            return explain::deny_by_default(ctx, dest, considered.as_slice());
        }
        if let Some(sharing) = &p.sharing {
            if let Some(d) = explain::sharing_denial(ctx, sharing, dest, send) {
                return d;
            }
        }
        if message_held {
            let mut d = from_rules(Action::Hold, message_holds, send);
            d.reasons.insert(
                0,
                format!("the whole message is held, so nothing goes to {id}"),
            );
            return d;
        }
        from_rules(Action::Send, send, &[])
    }
}

/// `(overrides <action> of <rule id>)`: a rule the decision's rules won over.
pub(crate) fn overrides(rule: &Rule) -> String {
    let word = action_word(rule.action);
    let mut s = String::with_capacity(rule.id.len() + word.len() + 16);
    s.push_str("(overrides ");
    s.push_str(word);
    s.push_str(" of ");
    s.push_str(&rule.id);
    s.push(')');
    s
}

pub(crate) fn action_word(a: Action) -> &'static str {
    match a {
        Action::Send => "send",
        Action::Deny => "deny",
        Action::Hold => "hold",
    }
}
