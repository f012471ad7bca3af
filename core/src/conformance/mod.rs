//! Conformance validation against NIST HL7 v2 conformance profiles, CDC code tables and the
//! CDC IG's prose rules, and the acknowledgements (Z23 ACK, RSP Z33) that report the result.
//!
//! - [`ProfileSet`]: message profiles in NIST's XML format (profile, constraints and
//!   value-set library). The eight CDC IZ profiles of IG R1.5 (Z22, Z23, Z31, Z32, Z33, Z34,
//!   Z42, Z44) are compiled in; [`ProfileSet::from_xml`] loads others at run time.
//! - [`CodeTables`]: CDC CVX and MVX with status and vaccine groups (compiled in, replaceable).
//! - [`rules`]: what is checked beyond the profiles (CVX/MVX against the code tables, the IG's
//!   prose rules), each rule with its id, severity and ACK codes.
//! - [`Validator`]: selects the profile (MSH-21, else MSH-9, or forced), checks structure,
//!   usage, cardinality, length, datatypes, value sets, predicates and conformance
//!   statements, then the code tables and the IG's prose rules; collects every [`Finding`].
//! - [`build_ack`]: the Z23 ACK (or, for a query that fails, the RSP Z33) for a message and
//!   its findings; [`Acknowledgement`] reads one back.
//!
//! ```
//! let vxu = "MSH|^~\\&|EHR|CLINIC|IIS|STATE|20240102120000-0500||VXU^V04^VXU_V04|42|P|2.5.1|||ER|AL|||||Z22^CDCPHINVS\r\
//!            PID|1||123^^^MYEHR^MR||DOE^JANE^^^^^L||20200101|F\r";
//! let msg = izkit::Message::parse(vxu)?;
//! let report = izkit::conformance::validate(&msg, None)?;
//! assert_eq!(report.profile, "Z22");
//! for f in &report.findings {
//!     println!("{} {} {} {}", f.severity.as_str(), f.code, f.path(), f.text);
//! }
//! # Ok::<(), izkit::Error>(())
//! ```

mod ack;
mod builtin;
pub(crate) mod code_set;
mod engine;
mod expr;
mod finding;
mod formats;
pub mod model;
mod primitives;
mod profile_set;
pub mod rules;
mod scan;
mod select;
mod structure;
pub(crate) mod table_data;
mod tables;
mod validator;
mod xml;

pub use ack::{
    build_ack, write_ack, AckCode, AckError, AckOptions, Acknowledgement, MessageType, QueryAck,
    QueryStatus,
};
pub(crate) use ack::{push_escaped, push_now, push_num, push_raw, Esc};
pub use finding::{app_error, hl7_error, Finding, Location, Report, Severity};
pub use profile_set::ProfileSet;
pub use tables::{CodeStatus, CodeTables, CvxCode, MvxCode};
pub(crate) use validator::today_from_clock;
pub use validator::{validate, Validator};
