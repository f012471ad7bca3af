//! The one error type of izkit: a kind, where it happened (byte offset, line, segment index,
//! HL7 path) and never any field content.
//!
//! Error text is built only from the rule that was broken and from positions, so it is safe to
//! log: no patient data (names, dates, identifiers) can reach it.

use serde::Serialize;
use std::fmt;

/// What went wrong. Messages name the rule broken, never the offending content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input holds no message at all.
    #[error("input is empty")]
    Empty,
    /// The input (after an optional BOM or MLLP start byte) does not start with `MSH`.
    #[error("message does not start with MSH")]
    NotMsh,
    /// MSH ends before the field separator and encoding characters.
    #[error("MSH segment is too short to hold its encoding characters")]
    MshTooShort,
    /// A delimiter in MSH-1/MSH-2 is not a legal delimiter character.
    #[error("invalid delimiter character for the {which}")]
    InvalidDelimiter {
        /// Which delimiter (field separator, component separator, ...).
        which: &'static str,
    },
    /// Two delimiters in MSH-1/MSH-2 are the same character.
    #[error("the {which} repeats another delimiter")]
    DuplicateDelimiter {
        /// Which delimiter repeats an earlier one.
        which: &'static str,
    },
    /// A segment id is not three characters `[A-Z][A-Z0-9]{2}` followed by a field separator.
    #[error("segment id is not three characters [A-Z][A-Z0-9]{{2}}")]
    InvalidSegmentId,
    /// A control character other than CR, LF and TAB.
    #[error("control character 0x{byte:02X} is not allowed")]
    ControlCharacter {
        /// The byte value (a control character is not patient data).
        byte: u8,
    },
    /// The message exceeds [`crate::ParseOptions::max_message_size`].
    #[error("message is larger than the limit of {limit} bytes")]
    MessageTooLarge {
        /// The configured limit.
        limit: usize,
    },
    /// The message has more segments than [`crate::ParseOptions::max_segments`].
    #[error("message has more than {limit} segments")]
    TooManySegments {
        /// The configured limit.
        limit: usize,
    },
    /// A field exceeds [`crate::ParseOptions::max_field_length`].
    #[error("field is longer than the limit of {limit} bytes")]
    FieldTooLong {
        /// The configured limit.
        limit: usize,
    },
    /// Bytes that are not valid UTF-8 for a message declared (or assumed) UTF-8/ASCII.
    #[error("bytes are not valid UTF-8")]
    InvalidUtf8,
    /// MSH-18 names a character set izkit cannot read.
    #[error("unsupported character set in MSH-18")]
    UnsupportedCharset,
    /// An MLLP frame is broken (missing start block, end block or trailing CR).
    #[error("broken MLLP frame: {reason}")]
    Mllp {
        /// What is wrong with the frame.
        reason: &'static str,
    },
    /// A batch/file envelope is broken (BTS without BHS, nesting, ...).
    #[error("broken batch envelope: {reason}")]
    Batch {
        /// What is wrong with the envelope.
        reason: &'static str,
    },
    /// BTS-1 or FTS-1 does not match the number of messages or batches seen.
    #[error("{segment}-1 declares {declared} but {actual} were found")]
    BatchCount {
        /// `BTS` or `FTS`.
        segment: &'static str,
        /// The count the trailer declares.
        declared: u64,
        /// The count actually found.
        actual: u64,
    },
    /// A path such as `PID-5.1` could not be parsed.
    #[error("invalid path: {reason}")]
    InvalidPath {
        /// What is wrong with the path.
        reason: &'static str,
    },
    /// A value does not have the form its datatype requires.
    #[error("malformed {datatype} value: {reason}")]
    Datatype {
        /// The HL7 datatype (`TS`, `NM`, ...).
        datatype: &'static str,
        /// The rule broken.
        reason: &'static str,
    },
    /// A builder operation cannot be carried out.
    #[error("cannot edit message: {reason}")]
    Edit {
        /// Why.
        reason: &'static str,
    },
    /// A conformance profile set (NIST XML) could not be loaded. The reason names the file
    /// kind and the element; profiles hold no patient data.
    #[error("cannot load conformance profile: {reason}")]
    ProfileLoad {
        /// What is wrong, and where in the profile files.
        reason: String,
    },
    /// A code table (CVX, MVX, vaccine groups) could not be loaded.
    #[error("cannot load code table: {reason}")]
    TableLoad {
        /// What is wrong, and where in the table.
        reason: String,
    },
    /// The profile asked for is not in the profile set.
    #[error("unknown conformance profile")]
    UnknownProfile,
    /// A message read as an acknowledgement (ACK, or RSP) has no MSA segment, or its MSA-1
    /// is not an acknowledgement code.
    #[error("not an acknowledgement: {reason}")]
    NotAnAcknowledgement {
        /// What is missing.
        reason: &'static str,
    },
    /// A v2 message cannot be mapped to FHIR (a message type the mapping does not cover, a
    /// segment it needs missing). The reason names segments and fields, never values.
    #[error("cannot map to FHIR: {reason}")]
    ToFhir {
        /// What is missing or unsupported, and where.
        reason: String,
    },
    /// FHIR JSON cannot be read: not JSON, or an element of the wrong type. The reason gives
    /// the line and column, never the value.
    #[error("cannot read FHIR JSON: {reason}")]
    FhirJson {
        /// What is wrong, and where.
        reason: String,
    },
    /// FHIR resources cannot be mapped to a v2 message (no Immunization, no Patient, a
    /// required element missing). The reason names the element (`Immunization.vaccineCode`),
    /// never its value.
    #[error("cannot map FHIR to v2: {reason}")]
    FromFhir {
        /// What is missing or unsupported, and where.
        reason: String,
    },
    /// A Share policy, a transformation set or a jurisdictions table cannot be loaded: unknown
    /// path, fact or jurisdiction, a bad regex, a malformed file. `location` says where in the
    /// file (a JSON pointer such as `/rules/3/when/all/1`, with line and column when known).
    #[error("invalid policy at {location}: {reason}")]
    PolicyLoad {
        /// Where in the policy file.
        location: String,
        /// What is wrong (never message content).
        reason: String,
    },
    /// A transformation operation could not be carried out on a message (a path that does not
    /// exist where a value is required, an invalid result). The path is in [`Error::path`].
    #[error("transformation failed: {reason}")]
    Transform {
        /// Which operation (by its index and name) and why.
        reason: String,
    },
    /// Reading input failed.
    #[error("I/O error: {reason}")]
    Io {
        /// The error kind reported by the operating system.
        reason: String,
    },
}

impl ErrorKind {
    /// A stable, machine-readable code for this kind (`not_msh`, `control_character`, ...),
    /// used as the `code` attribute of binding exceptions.
    pub fn code(&self) -> &'static str {
        match self {
            ErrorKind::Empty => "empty",
            ErrorKind::NotMsh => "not_msh",
            ErrorKind::MshTooShort => "msh_too_short",
            ErrorKind::InvalidDelimiter { .. } => "invalid_delimiter",
            ErrorKind::DuplicateDelimiter { .. } => "duplicate_delimiter",
            ErrorKind::InvalidSegmentId => "invalid_segment_id",
            ErrorKind::ControlCharacter { .. } => "control_character",
            ErrorKind::MessageTooLarge { .. } => "message_too_large",
            ErrorKind::TooManySegments { .. } => "too_many_segments",
            ErrorKind::FieldTooLong { .. } => "field_too_long",
            ErrorKind::InvalidUtf8 => "invalid_utf8",
            ErrorKind::UnsupportedCharset => "unsupported_charset",
            ErrorKind::Mllp { .. } => "mllp",
            ErrorKind::Batch { .. } => "batch",
            ErrorKind::BatchCount { .. } => "batch_count",
            ErrorKind::InvalidPath { .. } => "invalid_path",
            ErrorKind::Datatype { .. } => "datatype",
            ErrorKind::Edit { .. } => "edit",
            ErrorKind::Io { .. } => "io",
            ErrorKind::ProfileLoad { .. } => "profile_load",
            ErrorKind::TableLoad { .. } => "table_load",
            ErrorKind::UnknownProfile => "unknown_profile",
            ErrorKind::NotAnAcknowledgement { .. } => "not_an_acknowledgement",
            ErrorKind::ToFhir { .. } => "to_fhir",
            ErrorKind::FhirJson { .. } => "fhir_json",
            ErrorKind::FromFhir { .. } => "from_fhir",
            ErrorKind::PolicyLoad { .. } => "policy_load",
            ErrorKind::Transform { .. } => "transform",
        }
    }
}

/// An izkit error: what went wrong and where.
///
/// `offset` is a 0-based byte offset into the input as given (after transcoding, for the bytes
/// entry point); `line` is 1-based and counts segment terminators; `segment` is the 0-based index
/// of the segment in the message; `path` is an HL7 path such as `RXA[2]-5.1` (1-based).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Error {
    /// What went wrong.
    pub kind: ErrorKind,
    /// 0-based byte offset of the problem in the input.
    pub offset: usize,
    /// 1-based line (segment) number of the problem.
    pub line: usize,
    /// 0-based index of the segment holding the problem, when known.
    pub segment: Option<usize>,
    /// HL7 path of the problem (`RXA[2]-5.1`), when known.
    pub path: Option<String>,
}

impl Error {
    /// A new error of `kind` at byte `offset` (line 1, no segment, no path).
    pub fn new(kind: ErrorKind, offset: usize) -> Self {
        Error {
            kind,
            offset,
            line: 1,
            segment: None,
            path: None,
        }
    }

    /// Sets the line number.
    pub fn with_line(mut self, line: usize) -> Self {
        self.line = line;
        self
    }

    /// Sets the segment index.
    pub fn with_segment(mut self, segment: usize) -> Self {
        self.segment = Some(segment);
        self
    }

    /// Sets the HL7 path.
    pub fn with_path(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Shifts the byte offset by `base` (used when a message sits inside a larger input).
    pub fn shifted(mut self, base: usize) -> Self {
        self.offset += base;
        self
    }

    /// The stable code of the kind (see [`ErrorKind::code`]).
    pub fn code(&self) -> &'static str {
        self.kind.code()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "byte {}", self.offset)?;
        if let Some(p) = &self.path {
            write!(f, ": {p}")?;
        }
        write!(f, ": {}", self.kind)
    }
}

impl std::error::Error for Error {}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::new(
            ErrorKind::Io {
                reason: e.kind().to_string(),
            },
            0,
        )
    }
}

/// `Result` with izkit's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
