//! The exception hierarchy and the one place where an [`izkit::Error`] becomes a Python exception.
//!
//! ```text
//! ValueError
//! └── izkit.IzkitError        code, offset, path, line (raised as such for an unknown profile
//!     │                       and by the FHIR mapping: to_fhir, fhir_json, from_fhir)
//!     ├── izkit.ParseError    the input could not be parsed
//!     ├── izkit.PathError     a path such as "PID-5.1" is malformed
//!     └── izkit.EditError     a builder operation was refused
//! ```
//!
//! `str(e)` is the core's message, which is built from the rule broken and positions only, never
//! from message content; nothing is added here.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::{create_exception, intern};

create_exception!(
    izkit,
    IzkitError,
    PyValueError,
    "Root of every izkit error (a ValueError).\n\n\
     Attributes: ``code`` (stable snake_case kind, e.g. ``\"control_character\"``), ``offset`` \
     (0-based byte offset into the UTF-8 text of the input), ``path`` (HL7 path such as \
     ``\"RXA[2]-5.1\"``, or None) and ``line`` (1-based). The message never contains field content."
);
create_exception!(
    izkit,
    ParseError,
    IzkitError,
    "The input is not a well-formed HL7 v2 message (or batch); see ``code``, ``offset``, ``path``."
);
create_exception!(
    izkit,
    PathError,
    IzkitError,
    "A path such as ``\"PID-5.1\"`` or ``\"RXA[2]-5.1\"`` is malformed (code ``\"invalid_path\"``)."
);
create_exception!(
    izkit,
    EditError,
    IzkitError,
    "A MessageBuilder operation was refused (code ``\"edit\"``, or e.g. ``\"invalid_segment_id\"`` \
     for segment text that is not a segment)."
);

/// Which operation failed: it decides the exception class of errors that are not path errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Context {
    /// Parsing an input or reading a parsed message.
    Parse,
    /// A builder operation (`set`, `add_segment`, ...).
    Edit,
    /// Validation (`validate` with an unknown profile) and the FHIR mapping (`to_fhir`,
    /// `from_fhir`): a plain `IzkitError`.
    Conformance,
}

/// Converts a core error into the matching Python exception, carrying `code`, `offset`, `path`
/// and `line` as attributes. `invalid_path` is always a `PathError`; otherwise the context picks
/// `EditError` (builder operations) or `ParseError` (everything else).
pub(crate) fn to_py(py: Python<'_>, e: &izkit::Error, ctx: Context) -> PyErr {
    let text = e.to_string();
    let err = if e.code() == "invalid_path" {
        PathError::new_err(text)
    } else if ctx == Context::Conformance {
        IzkitError::new_err(text)
    } else if ctx == Context::Edit {
        EditError::new_err(text)
    } else {
        ParseError::new_err(text)
    };
    let value = err.value(py);
    let set = || -> PyResult<()> {
        value.setattr(intern!(py, "code"), e.code())?;
        value.setattr(intern!(py, "offset"), e.offset)?;
        value.setattr(intern!(py, "path"), e.path.as_deref())?;
        value.setattr(intern!(py, "line"), e.line)?;
        Ok(())
    };
    match set() {
        Ok(()) => err,
        Err(failed) => failed,
    }
}

/// `to_py` for parse and read errors.
pub(crate) fn parse_err(py: Python<'_>, e: &izkit::Error) -> PyErr {
    to_py(py, e, Context::Parse)
}

/// `to_py` for builder operations.
pub(crate) fn edit_err(py: Python<'_>, e: &izkit::Error) -> PyErr {
    to_py(py, e, Context::Edit)
}

/// `to_py` for validation and the FHIR mapping.
pub(crate) fn conformance_err(py: Python<'_>, e: &izkit::Error) -> PyErr {
    to_py(py, e, Context::Conformance)
}

/// A `ValueError` for an argument of `validate` or `ack` that cannot be converted.
pub(crate) fn conformance_value_err(text: &str) -> PyErr {
    PyValueError::new_err(text.to_string())
}

/// Adds the exception classes to the module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("IzkitError", py.get_type::<IzkitError>())?;
    m.add("ParseError", py.get_type::<ParseError>())?;
    m.add("PathError", py.get_type::<PathError>())?;
    m.add("EditError", py.get_type::<EditError>())?;
    Ok(())
}
