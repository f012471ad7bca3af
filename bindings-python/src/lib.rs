//! Python bindings of izkit (`import izkit`): US immunization HL7 v2.5.1 messages.
//!
//! Thin by design: every behaviour is the core's (`izkit`); this crate converts inputs, outputs
//! and errors. The API is `docs/BINDINGS-API.md` at the repository root:
//!
//! - `parse` and `parse_many` (the latter with the GIL released) make [`message::PyMessage`]
//!   objects, which keep one buffer each (see [`message`]);
//! - `locate` is `msg.locate(offset)` as a function;
//! - [`builder::PyMessageBuilder`] edits and builds messages;
//! - [`conformance`] validates messages and builds acknowledgements (findings cross as JSON
//!   text; `python/izkit/_conformance.py` makes them dataclasses);
//! - [`fhir`] maps messages to FHIR R4 Bundles and FHIR back to messages (JSON text crosses;
//!   `python/izkit/_fhir.py` makes it dicts);
//! - [`route`] decides which IIS jurisdictions get a message (the routing crosses as JSON text;
//!   `python/izkit/_route.py` makes it dataclasses) and redacts messages for logs;
//! - [`error`] holds the exception hierarchy rooted at `izkit.IzkitError(ValueError)`.
//!
//! The Python package (`python/izkit/`) re-exports this module (`izkit._izkit`) and ships the
//! type stubs.

pub mod builder;
pub mod conformance;
pub mod error;
pub mod fhir;
pub mod message;
pub mod route;

use message::{ManyCell, OneCell, PyMessage, PySegment, Text};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::pybacked::{PyBackedBytes, PyBackedStr};
use pyo3::types::{PyBytes, PyString};

/// The input of `parse` / `parse_many`: a `str`, or `bytes` read through the core's bytes entry
/// point (ISO-8859-1 transcoded when MSH-18 declares it).
fn input_text(data: &Bound<'_, PyAny>, func: &str) -> PyResult<Text> {
    if let Ok(s) = data.cast::<PyString>() {
        return Ok(Text::Str(PyBackedStr::try_from(s.clone())?));
    }
    if let Ok(b) = data.cast::<PyBytes>() {
        return Ok(Text::Utf8(PyBackedBytes::from(b.clone())));
    }
    let kind = data.get_type().name()?;
    Err(PyTypeError::new_err(format!(
        "{func}() expects str or bytes, not {kind}"
    )))
}

/// Parses one HL7 v2 message and returns a ``Message``.
///
/// ``data`` is a ``str`` or ``bytes``. Bytes are read as UTF-8, or as ISO-8859-1 when MSH-18
/// says ``8859/1`` (transcoded; ``msg.encode()`` still returns the bytes given). A BOM, an MLLP
/// frame and trailing whitespace are kept and round-trip.
///
/// ``indexed=False`` (the default) records segment boundaries and splits fields on demand — the
/// fast path to read a few fields. ``indexed=True`` also builds an index of every delimiter,
/// which pays off when reading most of the message. Both answer every read identically.
///
/// Raises ParseError (with ``code``, ``offset``, ``path``, ``line``) when the input is not a
/// well-formed message.
#[pyfunction]
#[pyo3(signature = (data, *, indexed = false))]
fn parse(data: &Bound<'_, PyAny>, indexed: bool) -> PyResult<PyMessage> {
    let text = input_text(data, "parse")?;
    OneCell::parse(text, indexed)
        .map(PyMessage::one)
        .map_err(|e| error::parse_err(data.py(), &e))
}

/// Parses every message in ``data`` (``str`` or ``bytes``): messages back to back, MLLP
/// frames, or batch files (FHS/BHS ... BTS/FTS, whose counts are checked). Returns a list of
/// ``Message``; their texts joined give back the input's messages byte for byte.
///
/// The work runs with the GIL released. The messages share one buffer, the input's, which is
/// freed with the last of them. Raises ParseError at the first error, with ``offset`` relative
/// to the whole input; each message's own offsets (``locate``, ranges) are relative to its text.
#[pyfunction]
#[pyo3(signature = (data))]
fn parse_many(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Vec<PyMessage>> {
    let text = input_text(data, "parse_many")?;
    let batch = py
        .detach(move || ManyCell::parse(text))
        .map_err(|e| error::parse_err(py, &e))?;
    Ok(PyMessage::many(batch))
}

/// The path of the deepest part of ``msg`` holding byte ``offset`` (0-based, into the UTF-8
/// text), e.g. ``"PID-5.2"``, or None outside every segment. Same as ``msg.locate(offset)``.
#[pyfunction]
#[pyo3(signature = (msg, offset))]
fn locate(msg: &Bound<'_, PyMessage>, offset: usize) -> Option<String> {
    msg.get().view().locate(offset).map(|p| p.to_string())
}

/// izkit: US immunization HL7 v2.5.1 messages — parse, read by path, locate, build, validate,
/// acknowledge, map to and from FHIR R4.
#[pymodule(name = "_izkit")]
fn izkit_module(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(parse, m)?)?;
    m.add_function(wrap_pyfunction!(parse_many, m)?)?;
    m.add_function(wrap_pyfunction!(locate, m)?)?;
    m.add_function(wrap_pyfunction!(conformance::validate, m)?)?;
    m.add_function(wrap_pyfunction!(conformance::ack, m)?)?;
    m.add_function(wrap_pyfunction!(fhir::to_fhir, m)?)?;
    m.add_function(wrap_pyfunction!(fhir::from_fhir, m)?)?;
    m.add_function(wrap_pyfunction!(route::route, m)?)?;
    m.add_function(wrap_pyfunction!(route::redact, m)?)?;
    m.add_class::<PyMessage>()?;
    m.add_class::<PySegment>()?;
    m.add_class::<message::PyField>()?;
    m.add_class::<builder::PyMessageBuilder>()?;
    m.add_class::<conformance::PyValidator>()?;
    m.add_class::<route::PyRouter>()?;
    error::register(m)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
