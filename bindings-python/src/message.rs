//! `izkit.Message`, `izkit.Segment` and `izkit.Field`: a parsed message and views into it.
//!
//! # One buffer per message
//!
//! [`izkit::Message`] borrows its input. A `Message` object owns that input once — the Python
//! `str` or `bytes` object itself where possible ([`PyBackedStr`] / [`PyBackedBytes`] keep the
//! Python object alive and point into its data), or a Rust `String` when the core had to
//! transcode ISO-8859-1 — and keeps the core's parse result next to it in a [`self_cell!`], so
//! the borrowed `izkit::Message<'_>` lives exactly as long as its buffer. Every read (`get`,
//! `get_raw`, `locate`, ...) is one call into the core on that parse result: no re-parse and no
//! copy of the message; only the returned value becomes a new Python `str`.
//!
//! `parse_many` parses a whole batch with the GIL released; its messages share the batch's single
//! buffer and parse result through an [`Arc`], each object holding its index.
//!
//! `Segment` and `Field` objects hold a reference to their `Message` and a position, and ask
//! the core for their text on each access.

use crate::error::parse_err;
use izkit::v2::decode_bytes;
use pyo3::prelude::*;
use pyo3::pybacked::{PyBackedBytes, PyBackedStr};
use pyo3::types::{PyBytes, PyDict, PyList, PyString};
use pyo3::{intern, IntoPyObjectExt};
use self_cell::self_cell;
use std::borrow::Cow;
use std::sync::Arc;

/// The text a message (or a batch) was parsed from; the owner in the self-referential cells.
pub(crate) enum Text {
    /// A Python `str` as UTF-8. Built against the 3.9 stable ABI, [`PyBackedStr`] holds the
    /// `bytes` object of its one UTF-8 encoding (the 3.9 limited API cannot borrow a `str`'s data).
    Str(PyBackedStr),
    /// A Python `bytes` object that is valid UTF-8 (or ASCII): parsed in place.
    Utf8(PyBackedBytes),
    /// A Python `bytes` object in ISO-8859-1, transcoded by the core to `text`.
    Latin1 {
        /// The UTF-8 text the core made (offsets refer to it).
        text: String,
        /// The bytes as given, returned by `encode()`.
        original: PyBackedBytes,
    },
    /// Text made in Rust (by `MessageBuilder.build()`).
    Owned(String),
}

/// Why building a cell stopped.
pub(crate) enum BuildError {
    /// The core refused the input.
    Core(izkit::Error),
    /// The bytes are ISO-8859-1 and were transcoded: build again from this text.
    Transcoded(String),
}

impl From<izkit::Error> for BuildError {
    fn from(e: izkit::Error) -> Self {
        BuildError::Core(e)
    }
}

impl Text {
    /// The text to parse. For `Utf8` the core's `decode_bytes` checks the bytes (and looks at
    /// MSH-18); when it transcodes, the caller rebuilds from [`BuildError::Transcoded`].
    fn as_text(&self) -> Result<&str, BuildError> {
        match self {
            Text::Str(s) => Ok(s),
            Text::Utf8(b) => match decode_bytes(b)? {
                Cow::Borrowed(s) => Ok(s),
                Cow::Owned(s) => Err(BuildError::Transcoded(s)),
            },
            Text::Latin1 { text, .. } | Text::Owned(text) => Ok(text),
        }
    }
}

/// A borrowed core message.
type Msg<'a> = izkit::Message<'a>;
/// The borrowed core messages of a batch.
type Msgs<'a> = Vec<izkit::Message<'a>>;

self_cell!(
    /// One message and the buffer it borrows.
    pub(crate) struct OneCell {
        owner: Text,
        #[covariant]
        dependent: Msg,
    }
);

self_cell!(
    /// The messages of one `parse_many` input and the buffer they borrow.
    pub(crate) struct ManyCell {
        owner: Text,
        #[covariant]
        dependent: Msgs,
    }
);

fn parse_lazy(t: &Text) -> Result<Msg<'_>, BuildError> {
    Ok(izkit::Message::parse(t.as_text()?)?)
}

fn parse_indexed(t: &Text) -> Result<Msg<'_>, BuildError> {
    Ok(izkit::Message::parse_indexed(t.as_text()?)?)
}

fn parse_all(t: &Text) -> Result<Msgs<'_>, BuildError> {
    Ok(izkit::parse_many(t.as_text()?)?)
}

/// Builds a cell from `text` with `$build`; bytes that turn out to be ISO-8859-1 are built
/// again from the core's transcoded text.
macro_rules! build_cell {
    ($cell:ty, $text:expr, $build:expr) => {
        match <$cell>::try_new_or_recover($text, $build) {
            Ok(cell) => Ok(cell),
            Err((_, BuildError::Core(e))) => Err(e),
            Err((Text::Utf8(original), BuildError::Transcoded(text))) => {
                <$cell>::try_new(Text::Latin1 { text, original }, $build).map_err(|e| match e {
                    BuildError::Core(e) => e,
                    BuildError::Transcoded(_) => unreachable!("transcoded text is UTF-8"),
                })
            }
            Err(_) => unreachable!("only bytes are transcoded"),
        }
    };
}

impl OneCell {
    /// Parses `text` (lazily, or with the full index).
    pub(crate) fn parse(text: Text, indexed: bool) -> Result<OneCell, izkit::Error> {
        if indexed {
            build_cell!(OneCell, text, parse_indexed)
        } else {
            build_cell!(OneCell, text, parse_lazy)
        }
    }
}

impl ManyCell {
    /// Parses every message of `text` (several messages, MLLP frames, batch files).
    pub(crate) fn parse(text: Text) -> Result<ManyCell, izkit::Error> {
        build_cell!(ManyCell, text, parse_all)
    }
}

/// Where a `Message` object's parse result lives.
enum Inner {
    /// Its own buffer (`parse`, `MessageBuilder.build`).
    One(OneCell),
    /// Message `index` of a batch (`parse_many`).
    Many { batch: Arc<ManyCell>, index: usize },
}

/// A parsed HL7 v2 message (from ``izkit.parse``, ``izkit.parse_many`` or
/// ``MessageBuilder.build``).
///
/// The message keeps its input as one buffer and answers every read from it without copying
/// the message. Paths are HL7's, 1-based: ``"PID-5.1"``, ``"RXA[2]-5.1"`` (second RXA),
/// ``"PID-3[2].1"`` (second repetition); byte offsets and ranges are 0-based, in bytes of the
/// UTF-8 text.
///
/// ``str(msg)`` is the text, byte for byte as given; ``msg.encode()`` the input bytes;
/// ``len(msg)`` and ``msg.segment_count`` the number of segments; iterating yields ``Segment``
/// objects.
#[pyclass(name = "Message", module = "izkit", frozen)]
pub struct PyMessage {
    inner: Inner,
}

impl PyMessage {
    /// Wraps a parsed single message.
    pub(crate) fn one(cell: OneCell) -> Self {
        PyMessage {
            inner: Inner::One(cell),
        }
    }

    /// Every message of a parsed batch.
    pub(crate) fn many(batch: ManyCell) -> Vec<Self> {
        let batch = Arc::new(batch);
        (0..batch.borrow_dependent().len())
            .map(|index| PyMessage {
                inner: Inner::Many {
                    batch: Arc::clone(&batch),
                    index,
                },
            })
            .collect()
    }

    /// The core's view of this message.
    #[inline]
    pub(crate) fn view(&self) -> &izkit::Message<'_> {
        match &self.inner {
            Inner::One(cell) => cell.borrow_dependent(),
            Inner::Many { batch, index } => &batch.borrow_dependent()[*index],
        }
    }
}

/// `None` for `None`, else a new `str`.
#[inline]
fn opt_str<'py>(py: Python<'py>, s: Option<&str>) -> Option<Bound<'py, PyString>> {
    s.map(|s| PyString::new(py, s))
}

#[pymethods]
impl PyMessage {
    /// The value at ``path`` with escapes decoded (``\F\`` → ``|``), or None when the part is
    /// absent or empty. A composite (e.g. ``"PID-5"``) comes back as its raw text.
    /// Occurrence and repetition default to the first: ``"RXA-5.1"`` is ``"RXA[1]-5[1].1"``.
    ///
    /// Raises PathError for a malformed path.
    #[pyo3(signature = (path))]
    fn get<'py>(
        &self,
        py: Python<'py>,
        path: PyBackedStr,
    ) -> PyResult<Option<Bound<'py, PyString>>> {
        let v = self.view().get(&path).map_err(|e| parse_err(py, &e))?;
        Ok(opt_str(py, v.as_deref()))
    }

    /// The raw text at ``path`` as it is in the message (escapes not decoded), or None when
    /// absent or empty. Raises PathError for a malformed path.
    #[pyo3(signature = (path))]
    fn get_raw<'py>(
        &self,
        py: Python<'py>,
        path: PyBackedStr,
    ) -> PyResult<Option<Bound<'py, PyString>>> {
        let v = self.view().get_raw(&path).map_err(|e| parse_err(py, &e))?;
        Ok(opt_str(py, v))
    }

    /// Every value at ``path``: all occurrences of the segment unless the path names one
    /// (``"RXA[2]-5.1"``), and all repetitions of the field unless it names one. Escapes are
    /// decoded; empty values are left out. Raises PathError for a malformed path.
    #[pyo3(signature = (path))]
    fn get_all(&self, py: Python<'_>, path: PyBackedStr) -> PyResult<Vec<String>> {
        let v = self.view().get_all(&path).map_err(|e| parse_err(py, &e))?;
        Ok(v.into_iter().map(Cow::into_owned).collect())
    }

    /// The path of the deepest part holding byte ``offset`` (0-based, into the UTF-8 text), e.g.
    /// ``"PID-5.2"``, or None when the offset lies outside every segment. A delimiter belongs to
    /// the part it opens; a segment terminator to its segment.
    #[pyo3(signature = (offset))]
    fn locate(&self, offset: usize) -> Option<String> {
        self.view().locate(offset).map(|p| p.to_string())
    }

    /// The message as plain data, the shape of ``izkit parse --json``:
    /// ``{"segments": [{"id": "PID", "fields": [[[["subcomponent", ...], ...], ...], ...]}]}``.
    ///
    /// A field is a list of repetitions, a repetition a list of components, a component a list
    /// of subcomponent strings (escapes decoded, ``""`` when empty). Fields start at field 1
    /// (MSH-1, the field separator, for MSH).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let tree = self.view().to_tree();
        let segments = PyList::empty(py);
        for seg in tree.segments {
            let d = PyDict::new(py);
            d.set_item(intern!(py, "id"), seg.id)?;
            d.set_item(intern!(py, "fields"), seg.fields)?;
            segments.append(d)?;
        }
        let out = PyDict::new(py);
        out.set_item(intern!(py, "segments"), segments)?;
        Ok(out)
    }

    /// Every segment, in order, as a list of ``Segment``.
    #[getter]
    fn segments(slf: &Bound<'_, Self>) -> Vec<PySegment> {
        let n = slf.get().view().segment_count();
        (0..n)
            .map(|index| PySegment {
                msg: slf.clone().unbind(),
                index,
            })
            .collect()
    }

    /// The number of segments (same as ``len(msg)``).
    #[getter]
    fn segment_count(&self) -> usize {
        self.view().segment_count()
    }

    fn __len__(&self) -> usize {
        self.view().segment_count()
    }

    fn __iter__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let list = PyList::new(slf.py(), Self::segments(slf))?;
        Ok(list.try_iter()?.into_any())
    }

    /// The message text, byte for byte as parsed (for bytes input: the UTF-8 text after any
    /// ISO-8859-1 transcoding).
    fn __str__(&self) -> &str {
        self.view().as_str()
    }

    fn __repr__(&self) -> String {
        let m = self.view();
        format!(
            "<izkit.Message: {} segments, {} bytes>",
            m.segment_count(),
            m.as_str().len()
        )
    }

    /// The input bytes, exactly: for ``bytes`` input the bytes given (ISO-8859-1 stays
    /// ISO-8859-1), for ``str`` input its UTF-8 encoding.
    fn encode<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match &self.inner {
            Inner::One(cell) => match cell.borrow_owner() {
                Text::Utf8(b) | Text::Latin1 { original: b, .. } => {
                    b.clone_ref(py).into_bound_py_any(py)
                }
                Text::Str(_) | Text::Owned(_) => {
                    Ok(PyBytes::new(py, self.view().as_bytes()).into_any())
                }
            },
            Inner::Many { batch, .. } => {
                let m = self.view().as_str();
                match batch.borrow_owner() {
                    // Transcoding made one character of each byte: character positions in the
                    // text are byte positions in the original.
                    Text::Latin1 { text, original } => {
                        let start = m.as_ptr() as usize - text.as_ptr() as usize;
                        let from = text[..start].chars().count();
                        let to = from + m.chars().count();
                        Ok(PyBytes::new(py, &original[from..to]).into_any())
                    }
                    _ => Ok(PyBytes::new(py, m.as_bytes()).into_any()),
                }
            }
        }
    }

    /// An editable copy of this message (``MessageBuilder``); the message itself does not
    /// change.
    fn to_builder(&self) -> crate::builder::PyMessageBuilder {
        crate::builder::PyMessageBuilder::from_owned(self.view().to_owned_message())
    }
}

/// One segment of a ``Message``.
///
/// ``id`` (``"PID"``), ``index`` (0-based position in the message), ``occurrence`` (1-based
/// among segments with the same id: the second RXA has occurrence 2), ``raw`` (its text,
/// terminator excluded), ``range`` (``(start, end)`` byte offsets into the message text) and
/// ``fields`` (a list of ``Field``, from field 1; MSH-1 is the field separator).
#[pyclass(name = "Segment", module = "izkit", frozen)]
pub struct PySegment {
    msg: Py<PyMessage>,
    index: usize,
}

impl PySegment {
    fn with<T>(&self, f: impl FnOnce(izkit::Segment<'_>) -> T) -> T {
        let seg = self
            .msg
            .get()
            .view()
            .segment(self.index)
            .expect("a Segment object is made only for an existing segment");
        f(seg)
    }
}

#[pymethods]
impl PySegment {
    /// The three-character segment id, e.g. ``"PID"``.
    #[getter]
    fn id(&self) -> String {
        self.with(|s| s.id().to_string())
    }

    /// 0-based position of the segment in the message.
    #[getter]
    fn index(&self) -> usize {
        self.index
    }

    /// 1-based occurrence among segments with the same id (``RXA[2]`` has occurrence 2).
    #[getter]
    fn occurrence(&self) -> usize {
        self.with(|s| s.occurrence())
    }

    /// The segment's raw text, id included, terminator excluded.
    #[getter]
    fn raw(&self) -> String {
        self.with(|s| s.as_str().to_string())
    }

    /// ``(start, end)``: 0-based byte offsets of the segment in the message text.
    #[getter]
    fn range(&self) -> (usize, usize) {
        self.with(|s| (s.range().start, s.range().end))
    }

    /// The fields, in order, as a list of ``Field`` (field 1 first; for MSH that is MSH-1).
    #[getter]
    fn fields(&self, py: Python<'_>) -> Vec<PyField> {
        let n = self.with(|s| s.field_count());
        (1..=n)
            .map(|number| PyField {
                msg: self.msg.clone_ref(py),
                segment: self.index,
                number,
            })
            .collect()
    }

    fn __repr__(&self) -> String {
        self.with(|s| {
            let p = izkit::Path::new(s.id()).occurrence(s.occurrence());
            format!(
                "<izkit.Segment {p} at {}..{}>",
                s.range().start,
                s.range().end
            )
        })
    }
}

/// One field of a ``Segment``.
///
/// ``path`` (e.g. ``"RXA[2]-5"``), ``raw`` (text as in the message), ``value`` (escapes decoded
/// for a plain field, raw text for a composite; None when empty), ``range`` (``(start, end)``
/// byte offsets), ``repetitions`` (the value of each repetition) and ``components`` (the value of
/// each component of the first repetition); list items are ``""`` when empty.
#[pyclass(name = "Field", module = "izkit", frozen)]
pub struct PyField {
    msg: Py<PyMessage>,
    segment: usize,
    number: usize,
}

impl PyField {
    fn with<T>(&self, f: impl FnOnce(izkit::Field<'_>) -> T) -> T {
        let field = self
            .msg
            .get()
            .view()
            .segment(self.segment)
            .and_then(|s| s.field(self.number))
            .expect("a Field object is made only for an existing field");
        f(field)
    }
}

/// A value for a list: `""` when empty.
fn leaf(v: Option<Cow<'_, str>>) -> String {
    v.map(Cow::into_owned).unwrap_or_default()
}

#[pymethods]
impl PyField {
    /// The field's HL7 path, e.g. ``"PID-5"`` or ``"RXA[2]-5"``.
    #[getter]
    fn path(&self) -> String {
        self.with(|f| f.path().to_string())
    }

    /// The raw text, escapes not decoded (``""`` when empty).
    #[getter]
    fn raw(&self) -> String {
        self.with(|f| f.as_str().to_string())
    }

    /// The value: None when empty; escapes decoded for a plain field, raw text for a composite.
    #[getter]
    fn value(&self) -> Option<String> {
        self.with(|f| f.value().map(Cow::into_owned))
    }

    /// ``(start, end)``: 0-based byte offsets of the field in the message text.
    #[getter]
    fn range(&self) -> (usize, usize) {
        self.with(|f| (f.range().start, f.range().end))
    }

    /// The value of each repetition, in order (``""`` for an empty one).
    #[getter]
    fn repetitions(&self) -> Vec<String> {
        self.with(|f| f.repetitions().map(|r| leaf(r.value())).collect())
    }

    /// The value of each component of the first repetition, in order (``""`` for an empty one).
    #[getter]
    fn components(&self) -> Vec<String> {
        self.with(|f| match f.repetition(1) {
            Some(r) => r.components().map(|c| leaf(c.value())).collect(),
            None => Vec::new(),
        })
    }

    fn __repr__(&self) -> String {
        self.with(|f| {
            format!(
                "<izkit.Field {} at {}..{}>",
                f.path(),
                f.range().start,
                f.range().end
            )
        })
    }
}
