//! `to_fhir` and `from_fhir`: the core's [`izkit::fhir`] mapping for Python.
//!
//! The core writes a Bundle as JSON text and reads FHIR from JSON text; this module passes that
//! text across (with the GIL released while the core works) and the package's Python half
//! (`python/izkit/_fhir.py`) turns it into dicts with `json.loads` and back with `json.dumps`.
//! Conversion only: what the Bundle or the messages hold is the core's.

use crate::error::conformance_err;
use crate::message::PyMessage;
use izkit::fhir::{FromFhirOptions, LocalTime, ToFhirOptions};
use pyo3::prelude::*;

/// The Bundle of ``msg`` as compact JSON text. ``local_offset``: minutes east of UTC given to
/// v2 times without an offset (None: such times keep their date only). Used by
/// ``izkit.to_fhir`` and ``izkit.to_fhir_json``.
#[pyfunction]
#[pyo3(name = "_to_fhir", signature = (msg, local_offset = None))]
pub(crate) fn to_fhir(
    py: Python<'_>,
    msg: &Bound<'_, PyMessage>,
    local_offset: Option<i32>,
) -> PyResult<String> {
    let opts = ToFhirOptions {
        local_time: local_offset.map_or(LocalTime::DateOnly, LocalTime::Offset),
    };
    let view = msg.get().view();
    py.detach(|| izkit::fhir::to_fhir_json(view, &opts))
        .map_err(|e| conformance_err(py, &e))
}

/// The v2 messages (VXU or QBP) of the FHIR resource given as JSON text, each a ``str`` whose
/// segments end with CR. Used by ``izkit.from_fhir``.
#[pyfunction]
#[pyo3(
    name = "_from_fhir",
    signature = (json, sending_application = None, sending_facility = None,
                 receiving_application = None, receiving_facility = None, control_id = None,
                 timestamp = None, processing_id = None, query_profile = None)
)]
#[allow(clippy::too_many_arguments)]
pub(crate) fn from_fhir(
    py: Python<'_>,
    json: &str,
    sending_application: Option<String>,
    sending_facility: Option<String>,
    receiving_application: Option<String>,
    receiving_facility: Option<String>,
    control_id: Option<String>,
    timestamp: Option<String>,
    processing_id: Option<String>,
    query_profile: Option<String>,
) -> PyResult<Vec<String>> {
    let opts = FromFhirOptions {
        sending_application,
        sending_facility,
        receiving_application,
        receiving_facility,
        control_id,
        timestamp,
        processing_id,
        query_profile,
    };
    py.detach(|| izkit::fhir::from_fhir_json(json, &opts))
        .map_err(|e| conformance_err(py, &e))
}
