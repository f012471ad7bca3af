//! `izkit.MessageBuilder`: the core's [`izkit::OwnedMessage`], editable from Python.

use crate::error::{edit_err, parse_err};
use crate::message::{OneCell, PyMessage, Text};
use pyo3::prelude::*;

/// An editable HL7 v2 message.
///
/// ``MessageBuilder()`` starts a new message holding only ``MSH|^~\&``;
/// ``MessageBuilder(text)`` (or ``msg.to_builder()``) starts from an existing one, which is
/// kept byte for byte except where edited.
///
/// ``set`` escapes delimiters in the value; ``set_raw`` keeps them as structure. Missing fields,
/// repetitions, components and segments (the next occurrence of a segment) are created as
/// needed. ``str(builder)`` is the text; ``build()`` parses it into a ``Message``.
///
/// Every operation raises EditError when refused (e.g. editing MSH-1/MSH-2, removing MSH,
/// segment text that is not a segment) and PathError for a malformed path.
#[pyclass(name = "MessageBuilder", module = "izkit")]
pub struct PyMessageBuilder {
    inner: izkit::OwnedMessage,
}

impl PyMessageBuilder {
    /// Wraps an owned message.
    pub(crate) fn from_owned(inner: izkit::OwnedMessage) -> Self {
        PyMessageBuilder { inner }
    }
}

#[pymethods]
impl PyMessageBuilder {
    /// Starts from ``text`` (parsed; raises ParseError when malformed) or, when None, from a new
    /// message holding only ``MSH|^~\&``.
    #[new]
    #[pyo3(signature = (text = None))]
    fn new(py: Python<'_>, text: Option<&str>) -> PyResult<Self> {
        let inner = match text {
            Some(t) => izkit::OwnedMessage::parse(t).map_err(|e| parse_err(py, &e))?,
            None => izkit::OwnedMessage::new(),
        };
        Ok(PyMessageBuilder { inner })
    }

    /// Sets the value at ``path`` (e.g. ``"PID-5.1"``), escaping any delimiter in ``value``.
    /// A path without repetition and component replaces the whole field.
    #[pyo3(signature = (path, value))]
    fn set(&mut self, py: Python<'_>, path: &str, value: &str) -> PyResult<()> {
        self.inner.set(path, value).map_err(|e| edit_err(py, &e))
    }

    /// Sets raw text at ``path``: delimiters in ``raw`` are kept as structure
    /// (``set_raw("MSH-9", "VXU^V04^VXU_V04")``). ``raw`` may not hold a field separator, a
    /// segment terminator or a control character.
    #[pyo3(signature = (path, raw))]
    fn set_raw(&mut self, py: Python<'_>, path: &str, raw: &str) -> PyResult<()> {
        self.inner.set_raw(path, raw).map_err(|e| edit_err(py, &e))
    }

    /// Empties the part at ``path``; the parts after it keep their positions.
    #[pyo3(signature = (path))]
    fn clear(&mut self, py: Python<'_>, path: &str) -> PyResult<()> {
        self.inner.clear(path).map_err(|e| edit_err(py, &e))
    }

    /// Appends a segment given as raw text, e.g. ``"OBX|1|CE|64994-7^Eligibility^LN"``.
    #[pyo3(signature = (text))]
    fn add_segment(&mut self, py: Python<'_>, text: &str) -> PyResult<()> {
        self.inner.add_segment(text).map_err(|e| edit_err(py, &e))
    }

    /// Inserts a segment (raw text) at 0-based position ``index`` (MSH stays at 0).
    #[pyo3(signature = (index, text))]
    fn insert_segment(&mut self, py: Python<'_>, index: usize, text: &str) -> PyResult<()> {
        self.inner
            .insert_segment(index, text)
            .map_err(|e| edit_err(py, &e))
    }

    /// Removes the segment at 0-based position ``index`` (MSH cannot be removed).
    #[pyo3(signature = (index))]
    fn remove_segment(&mut self, py: Python<'_>, index: usize) -> PyResult<()> {
        self.inner
            .remove_segment(index)
            .map_err(|e| edit_err(py, &e))
    }

    /// Appends a repetition holding ``value`` (escaped) to the field ``path`` names
    /// (e.g. ``"PID-3"``).
    #[pyo3(signature = (path, value))]
    fn add_repetition(&mut self, py: Python<'_>, path: &str, value: &str) -> PyResult<()> {
        self.inner
            .add_repetition(path, value)
            .map_err(|e| edit_err(py, &e))
    }

    /// Removes the repetition ``path`` names (e.g. ``"PID-3[2]"``); later ones move up.
    #[pyo3(signature = (path))]
    fn remove_repetition(&mut self, py: Python<'_>, path: &str) -> PyResult<()> {
        self.inner
            .remove_repetition(path)
            .map_err(|e| edit_err(py, &e))
    }

    /// The value at ``path`` (escapes decoded), or None when absent or empty. Convenient, not
    /// fast: it serializes and parses the message; ``build()`` once to read many values.
    #[pyo3(signature = (path))]
    fn get(&self, py: Python<'_>, path: &str) -> PyResult<Option<String>> {
        self.inner.get(path).map_err(|e| parse_err(py, &e))
    }

    /// Parses the current text into a ``Message`` (raises ParseError if the edits left a
    /// message the parser refuses).
    fn build(&self, py: Python<'_>) -> PyResult<PyMessage> {
        OneCell::parse(Text::Owned(self.inner.to_string()), false)
            .map(PyMessage::one)
            .map_err(|e| parse_err(py, &e))
    }

    /// The message text, as it would be sent.
    fn __str__(&self) -> String {
        self.inner.to_string()
    }

    fn __repr__(&self) -> String {
        format!(
            "<izkit.MessageBuilder: {} segments>",
            self.inner.segment_count()
        )
    }
}
