//! Share (routing): decides which IIS jurisdictions receive each message, explains why, and
//! renders the message as each destination gets it (issue 6; `docs/ROUTING.md`).
//!
//! - [`Jurisdictions`]: the IIS destinations and their facts, compiled in from
//!   `core/data/jurisdictions/` or loaded from CSV.
//! - [`Policy`]: rules as data (JSON), the built-in default policy, checked at load time.
//! - [`Router`]: a policy compiled for a table, reused across messages and threads;
//!   [`Router::decide`] gives the [`Decision`]s and the [`Facts`] they used,
//!   [`Router::route`] also renders each send through its transformations.
//!
//! ```
//! let text = "MSH|^~\\&|EHR|CLINIC|||20240102||VXU^V04^VXU_V04|1|P|2.5.1\r\
//!             PID|1||123^^^MR||DOE^JANE||20200101|F|||1 Main St^^Arlington^VA^22201^^H\r\
//!             RXA|0|1|20240102||08^HepB^CVX|0.5|mL^^UCUM||00^New^NIP001||^^^CLINIC^^^^^1 Elm St^^Bethesda^MD\r";
//! let msg = izkit::Message::parse(text)?;
//! let routing = izkit::route::route(&msg)?;
//! let sent: Vec<&str> = routing.sent_to().collect();
//! assert_eq!(sent, ["MD", "VA"]);
//! assert!(routing.decisions[0].hl7.as_deref().unwrap().contains("|ImmuNet|MD|"));
//! # Ok::<(), izkit::Error>(())
//! ```

mod engine;
mod explain;
mod facts;
pub(crate) mod jurisdiction_data;
mod jurisdictions;
mod policy;
mod raw;
mod resolve;
mod small;

pub use engine::{Decision, RouteOptions, Router, Routing};
pub use facts::{AdministeringFact, Facts};
pub use jurisdictions::{
    Consent, DataSharing, Jurisdiction, JurisdictionFacts, Jurisdictions, LawAuthorizes,
    ReportingMandate,
};
pub use policy::{Action, Policy, DEFAULT_POLICY_JSON};

use crate::error::Result;
use crate::v2::Message;

/// Routes `msg` with the default policy and the built-in jurisdictions, rendering each send.
pub fn route(msg: &Message<'_>) -> Result<Routing> {
    Router::builtin().route(msg, &RouteOptions::default())
}
