//! Findings: what validation reports, in the terms an ACK needs (HL7 table 0357 code, CDC
//! table 0533 application code, severity, ERL location) plus an izkit path and a rule id.
//!
//! A finding's text is built from the rule and the profile's element names only, never from
//! the message's values, so reports are safe to log.

use serde::{Deserialize, Serialize};
use std::fmt;

/// How bad a finding is (HL7 table 0516: `E`, `W`, `I`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The message (or part of it) must be rejected.
    Error,
    /// Accepted, but something is wrong or was ignored.
    Warning,
    /// For information only.
    Information,
}

impl Severity {
    /// The HL7 table 0516 code: `E`, `W` or `I`.
    pub fn hl7_code(self) -> &'static str {
        match self {
            Severity::Error => "E",
            Severity::Warning => "W",
            Severity::Information => "I",
        }
    }

    /// Reads an HL7 table 0516 code.
    pub fn from_hl7_code(code: &str) -> Option<Severity> {
        match code {
            "E" => Some(Severity::Error),
            "W" => Some(Severity::Warning),
            "I" => Some(Severity::Information),
            _ => None,
        }
    }

    /// `error`, `warning` or `information`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "information",
        }
    }
}

/// HL7 table 0357 (message error condition codes) as used by the IG.
pub mod hl7_error {
    /// Message accepted.
    pub const ACCEPTED: u16 = 0;
    /// Segment sequence error (also: required segment missing, unexpected segment).
    pub const SEGMENT_SEQUENCE: u16 = 100;
    /// Required field missing.
    pub const REQUIRED_FIELD_MISSING: u16 = 101;
    /// Data type error (format, length, cardinality, not-supported element present,
    /// conformance statement not met).
    pub const DATA_TYPE: u16 = 102;
    /// Table value not found.
    pub const TABLE_VALUE_NOT_FOUND: u16 = 103;
    /// Unsupported message type.
    pub const UNSUPPORTED_MESSAGE_TYPE: u16 = 200;
    /// Unsupported event code.
    pub const UNSUPPORTED_EVENT: u16 = 201;
    /// Unsupported processing id.
    pub const UNSUPPORTED_PROCESSING_ID: u16 = 202;
    /// Unsupported version id.
    pub const UNSUPPORTED_VERSION: u16 = 203;
    /// Unknown key identifier.
    pub const UNKNOWN_KEY: u16 = 204;
    /// Duplicate key identifier.
    pub const DUPLICATE_KEY: u16 = 205;
    /// Application record locked.
    pub const RECORD_LOCKED: u16 = 206;
    /// Application internal error.
    pub const INTERNAL: u16 = 207;

    /// The table's text for a code (`Required field missing`).
    pub fn text(code: u16) -> &'static str {
        match code {
            0 => "Message accepted",
            100 => "Segment sequence error",
            101 => "Required field missing",
            102 => "Data type error",
            103 => "Table value not found",
            200 => "Unsupported message type",
            201 => "Unsupported event code",
            202 => "Unsupported processing id",
            203 => "Unsupported version id",
            204 => "Unknown key identifier",
            205 => "Duplicate key identifier",
            206 => "Application record locked",
            207 => "Application internal error",
            _ => "Application error",
        }
    }
}

/// CDC table 0533 (application error codes) as listed in the IG.
pub mod app_error {
    /// Illogical date error (e.g. a date after the message date, or before birth).
    pub const ILLOGICAL_DATE: u8 = 1;
    /// Invalid date (not a date, or the wrong format).
    pub const INVALID_DATE: u8 = 2;
    /// Illogical value error (fields that contradict each other).
    pub const ILLOGICAL_VALUE: u8 = 3;
    /// Invalid value (wrong format or not allowed here).
    pub const INVALID_VALUE: u8 = 4;
    /// Table value not found.
    pub const TABLE_VALUE_NOT_FOUND: u8 = 5;
    /// Required observation missing.
    pub const REQUIRED_OBSERVATION_MISSING: u8 = 6;

    /// The table's text for a code.
    pub fn text(code: u8) -> &'static str {
        match code {
            1 => "Illogical Date error",
            2 => "Invalid Date",
            3 => "Illogical Value error",
            4 => "Invalid value",
            5 => "Table value not found",
            6 => "Required observation missing",
            _ => "Application error",
        }
    }
}

/// Where a finding is: an element of the message in HL7 ERL terms. Positions are 1-based;
/// `None` means the location stops at the level above.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Location {
    /// Segment id (`RXA`).
    pub segment: String,
    /// Which occurrence of that segment id in the message (ERL.2, `RXA[2]`).
    pub sequence: u32,
    /// Field (ERL.3).
    pub field: Option<u32>,
    /// Field repetition (ERL.4).
    pub repetition: Option<u32>,
    /// Component (ERL.5).
    pub component: Option<u32>,
    /// Subcomponent (ERL.6).
    pub subcomponent: Option<u32>,
}

impl Location {
    /// A whole segment.
    pub fn segment(id: &str, sequence: u32) -> Location {
        Location {
            segment: id.to_string(),
            sequence,
            ..Location::default()
        }
    }

    /// The ERL form `RXA^1^5^1^1` (ERL.1 to ERL.6; a field location always names its
    /// repetition, as the IG's examples do).
    pub fn erl(&self) -> String {
        let mut s = format!("{}^{}", self.segment, self.sequence);
        if let Some(f) = self.field {
            s.push_str(&format!("^{f}^{}", self.repetition.unwrap_or(1)));
            if let Some(c) = self.component {
                s.push_str(&format!("^{c}"));
                if let Some(sc) = self.subcomponent {
                    s.push_str(&format!("^{sc}"));
                }
            }
        }
        s
    }

    /// The izkit path `RXA[1]-5.1` (the occurrence is always written; a repetition only
    /// when it is not the first).
    pub fn path(&self) -> String {
        let mut s = format!("{}[{}]", self.segment, self.sequence);
        if let Some(f) = self.field {
            s.push_str(&format!("-{f}"));
            if let Some(r) = self.repetition.filter(|&r| r != 1) {
                s.push_str(&format!("[{r}]"));
            }
            if let Some(c) = self.component {
                s.push_str(&format!(".{c}"));
                if let Some(sc) = self.subcomponent {
                    s.push_str(&format!(".{sc}"));
                }
            }
        }
        s
    }

    /// Reads an ERL string (`RXA^1^5^1^1`); `None` when ERL.1 is not a segment id.
    pub fn from_erl(erl: &str, component_sep: char) -> Option<Location> {
        let mut parts = erl.split(component_sep);
        let segment = parts.next()?.trim();
        if segment.len() != 3 {
            return None;
        }
        let mut num = || -> Option<u32> { parts.next().and_then(|p| p.trim().parse().ok()) };
        Some(Location {
            segment: segment.to_string(),
            sequence: num().unwrap_or(1),
            field: num(),
            repetition: num(),
            component: num(),
            subcomponent: num(),
        })
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.path())
    }
}

/// One problem (or note) found in a message.
///
/// Serializes to the shape of `izkit validate --json` and of the bindings' plain objects:
/// `{"severity","code","app_code","rule","location","path","text","range"}`, where
/// `location` is the ERL string (`RXA^1^5^1^1`) and `path` the izkit path (`RXA[1]-5.1`);
/// reading that shape back ignores `path` (it follows from `location`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(into = "FindingJson", try_from = "FindingJson")]
pub struct Finding {
    /// Error, warning or information.
    pub severity: Severity,
    /// HL7 table 0357 code (see [`hl7_error`]).
    pub code: u16,
    /// CDC table 0533 application error code where one fits (see [`app_error`]).
    pub app_code: Option<u8>,
    /// The conformance statement or predicate id (`IZ-43`, `[XCN_IZ]9[1]`), or an izkit rule
    /// id (`izkit:rxa-3-future`) for the IG's prose rules; `None` for plain usage,
    /// cardinality, length and binding checks.
    pub rule: Option<String>,
    /// Where, as an ERL location; `None` for message-level findings with no element.
    pub location: Option<Location>,
    /// What, in words built from the rule and element names: never message content.
    pub text: String,
    /// 0-based byte range in the message of the element found at fault, when it exists.
    pub range: Option<(usize, usize)>,
}

impl Finding {
    /// A finding with no application code, rule or range.
    pub fn new(severity: Severity, code: u16, location: Option<Location>, text: String) -> Self {
        Finding {
            severity,
            code,
            app_code: None,
            rule: None,
            location,
            text,
            range: None,
        }
    }

    /// Sets the CDC table 0533 application code.
    pub fn with_app_code(mut self, app: u8) -> Self {
        self.app_code = Some(app);
        self
    }

    /// Sets the rule id.
    pub fn with_rule(mut self, rule: impl Into<String>) -> Self {
        self.rule = Some(rule.into());
        self
    }

    /// Sets the byte range.
    pub fn with_range(mut self, range: std::ops::Range<usize>) -> Self {
        self.range = Some((range.start, range.end));
        self
    }

    /// ERL form of the location (`RXA^1^5^1^1`), empty when there is none.
    pub fn erl(&self) -> String {
        self.location
            .as_ref()
            .map(Location::erl)
            .unwrap_or_default()
    }

    /// izkit path of the location (`RXA[1]-5.1`), empty when there is none.
    pub fn path(&self) -> String {
        self.location
            .as_ref()
            .map(Location::path)
            .unwrap_or_default()
    }

    /// True for error severity.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The serialized form of a [`Finding`].
#[derive(Serialize, Deserialize)]
struct FindingJson {
    severity: Severity,
    code: u16,
    #[serde(default)]
    app_code: Option<u8>,
    #[serde(default)]
    rule: Option<String>,
    #[serde(default)]
    location: Option<String>,
    #[serde(default)]
    path: Option<String>,
    #[serde(default)]
    text: String,
    #[serde(default)]
    range: Option<(usize, usize)>,
}

impl From<Finding> for FindingJson {
    fn from(f: Finding) -> Self {
        FindingJson {
            severity: f.severity,
            code: f.code,
            app_code: f.app_code,
            rule: f.rule,
            path: f.location.as_ref().map(Location::path),
            location: f.location.as_ref().map(Location::erl),
            text: f.text,
            range: f.range,
        }
    }
}

impl TryFrom<FindingJson> for Finding {
    type Error = String;

    fn try_from(j: FindingJson) -> Result<Self, String> {
        let location = match j.location.as_deref().filter(|s| !s.is_empty()) {
            None => None,
            Some(erl) => Some(
                Location::from_erl(erl, '^')
                    .ok_or_else(|| "location is not an ERL such as RXA^1^5^1^1".to_string())?,
            ),
        };
        Ok(Finding {
            severity: j.severity,
            code: j.code,
            app_code: j.app_code,
            rule: j.rule,
            location,
            text: j.text,
            range: j.range,
        })
    }
}

/// The result of validating one message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// The profile the message was validated against (`Z22`); empty when none could be
    /// selected (the findings then say why).
    pub profile: String,
    /// Every finding, in message order.
    pub findings: Vec<Finding>,
}

impl Report {
    /// True when any finding has error severity.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(Finding::is_error)
    }
}
