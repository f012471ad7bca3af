//! `route` and `redact`: the core's Share routing ([`izkit::route`]) and safe logging
//! ([`izkit::redact()`]) for Python.
//!
//! A routing crosses as JSON text in the shape `izkit route --json` prints (the serde form of
//! [`izkit::route::Routing`]); the package's Python half (`python/izkit/_route.py`) reads it
//! into `Decision` / `Routing` dataclasses. Conversion only: which jurisdictions get a message,
//! and why, is the core's.

use crate::error::conformance_err;
use crate::message::PyMessage;
use izkit::route::{RouteOptions, Router};
use pyo3::prelude::*;

/// Routes ``msg`` with ``router`` (the GIL released); the routing as JSON text.
fn routing_json(
    py: Python<'_>,
    router: &Router,
    msg: &Bound<'_, PyMessage>,
    reveal: bool,
) -> PyResult<String> {
    let opts = RouteOptions {
        reveal,
        ..RouteOptions::default()
    };
    let view = msg.get().view();
    let routing = py
        .detach(|| router.route(view, &opts))
        .map_err(|e| conformance_err(py, &e))?;
    serde_json::to_string(&routing)
        .map_err(|_| pyo3::exceptions::PyValueError::new_err("cannot write the routing"))
}

/// The routing of ``msg`` under the built-in Share policy, as JSON text. Used by
/// ``izkit.route``.
#[pyfunction]
#[pyo3(name = "_route", signature = (msg, reveal = false))]
pub(crate) fn route(py: Python<'_>, msg: &Bound<'_, PyMessage>, reveal: bool) -> PyResult<String> {
    routing_json(py, Router::builtin(), msg, reveal)
}

/// ``msg`` with every value outside MSH, MSA, QAK and ERR masked. Used by ``izkit.redact``.
#[pyfunction]
#[pyo3(name = "_redact")]
pub(crate) fn redact(msg: &Bound<'_, PyMessage>) -> String {
    izkit::redact(msg.get().view())
}

/// The native half of ``izkit.Policy``: a policy (JSON text, or the built-in one) and a
/// jurisdictions table (CSV text, or the built-in one), loaded, checked and compiled once.
#[pyclass(name = "_Router", module = "izkit._izkit", frozen)]
pub struct PyRouter {
    inner: Router,
}

#[pymethods]
impl PyRouter {
    /// Loads and compiles (the GIL released); raises IzkitError with code ``policy_load`` (the
    /// message names the place in the file) or ``table_load``.
    #[new]
    #[pyo3(signature = (policy = None, jurisdictions = None))]
    fn new(
        py: Python<'_>,
        policy: Option<String>,
        jurisdictions: Option<String>,
    ) -> PyResult<Self> {
        let built = py.detach(|| -> izkit::Result<Router> {
            Router::from_texts(policy.as_deref(), jurisdictions.as_deref())
        });
        built
            .map(|inner| PyRouter { inner })
            .map_err(|e| conformance_err(py, &e))
    }

    /// The routing of ``msg`` as JSON text (see ``_route``).
    #[pyo3(signature = (msg, reveal = false))]
    fn route(&self, py: Python<'_>, msg: &Bound<'_, PyMessage>, reveal: bool) -> PyResult<String> {
        routing_json(py, &self.inner, msg, reveal)
    }
}
