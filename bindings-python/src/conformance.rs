//! `validate` and `ack`: the core's [`izkit::conformance`] for Python.
//!
//! Findings cross the boundary as JSON text, in the shape `izkit validate --json` prints (the
//! serde form of [`izkit::conformance::Finding`]): `serde_json` writes it here and the package's
//! Python half (`python/izkit/_conformance.py`) reads it into `Finding` dataclasses, and back
//! for `ack`. Conversion only: which profile, which findings and what the acknowledgement says
//! are the core's.

use crate::error::{conformance_err, conformance_value_err};
use crate::message::{OneCell, PyMessage, Text};
use izkit::conformance::{build_ack, AckOptions, CodeTables, Finding, ProfileSet, Validator};
use pyo3::prelude::*;

/// `today="YYYY-MM-DD"` as a date.
fn parse_today(today: Option<&str>) -> PyResult<Option<chrono::NaiveDate>> {
    today
        .map(|t| {
            chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d")
                .map_err(|_| conformance_value_err("today must be a date written YYYY-MM-DD"))
        })
        .transpose()
}

/// Validates ``msg`` with ``validator`` (with the GIL released) and returns the report as JSON
/// text: ``{"profile": "Z22", "findings": [...]}``.
fn report_json(
    py: Python<'_>,
    validator: &Validator,
    msg: &Bound<'_, PyMessage>,
    profile: Option<&str>,
    today: Option<&str>,
) -> PyResult<String> {
    let mut validator = validator.clone();
    if let Some(day) = parse_today(today)? {
        validator = validator.with_today(day);
    }
    let view = msg.get().view();
    let report = py
        .detach(|| validator.validate(view, profile))
        .map_err(|e| conformance_err(py, &e))?;
    serde_json::to_string(&report).map_err(|_| conformance_value_err("cannot write the report"))
}

/// Validates ``msg`` against the built-in profiles and tables; the report as JSON text. Used by
/// ``izkit.validate_report``.
#[pyfunction]
#[pyo3(name = "_validate", signature = (msg, profile = None, today = None))]
pub(crate) fn validate(
    py: Python<'_>,
    msg: &Bound<'_, PyMessage>,
    profile: Option<&str>,
    today: Option<&str>,
) -> PyResult<String> {
    report_json(py, &Validator::new(), msg, profile, today)
}

/// One profile given to ``Validator``: ``(profile_xml, constraints_xml, value_sets_xml)``.
type ProfileSource = (String, Option<String>, Option<String>);
/// The code tables given to ``Validator``: ``(cvx_csv, mvx_csv, groups_csv)``.
type TableSource = (String, String, Option<String>);

/// The native half of ``izkit.Validator``: a core [`Validator`] with a jurisdiction's profiles
/// (added to the built-in ones) and code tables (replacing the built-in ones).
#[pyclass(name = "_Validator", module = "izkit._izkit", frozen)]
pub struct PyValidator {
    inner: Validator,
}

#[pymethods]
impl PyValidator {
    /// Loads the profiles and tables (with the GIL released); raises IzkitError with code
    /// ``profile_load`` or ``table_load``.
    #[new]
    #[pyo3(signature = (profiles = None, tables = None))]
    fn new(
        py: Python<'_>,
        profiles: Option<Vec<ProfileSource>>,
        tables: Option<TableSource>,
    ) -> PyResult<Self> {
        let built = py.detach(|| -> izkit::Result<Validator> {
            let mut v = Validator::new();
            if let Some(list) = &profiles {
                let mut set = ProfileSet::builtin().clone();
                for (profile, constraints, value_sets) in list {
                    set.add_xml(profile, constraints.as_deref(), value_sets.as_deref())?;
                }
                v = v.with_profiles(set);
            }
            if let Some((cvx, mvx, groups)) = &tables {
                v = v.with_tables(CodeTables::from_csv(cvx, mvx, groups.as_deref())?);
            }
            Ok(v)
        });
        built
            .map(|inner| PyValidator { inner })
            .map_err(|e| conformance_err(py, &e))
    }

    /// The report of ``msg`` as JSON text (see ``_validate``).
    #[pyo3(signature = (msg, profile = None, today = None))]
    fn validate(
        &self,
        py: Python<'_>,
        msg: &Bound<'_, PyMessage>,
        profile: Option<&str>,
        today: Option<&str>,
    ) -> PyResult<String> {
        report_json(py, &self.inner, msg, profile, today)
    }

    /// The ids of the profiles this validator knows.
    #[getter]
    fn profile_ids(&self) -> Vec<String> {
        self.inner.profiles().ids().map(str::to_string).collect()
    }
}

/// Builds the acknowledgement of ``msg`` for the findings given as JSON text (a list of
/// finding objects). Used by ``izkit.ack``.
#[pyfunction]
#[pyo3(name = "_ack", signature = (msg, findings, control_id = None, timestamp = None))]
pub(crate) fn ack(
    py: Python<'_>,
    msg: &Bound<'_, PyMessage>,
    findings: &str,
    control_id: Option<String>,
    timestamp: Option<String>,
) -> PyResult<PyMessage> {
    let items: Vec<serde_json::Value> = serde_json::from_str(findings)
        .map_err(|_| conformance_value_err("findings must be a list of findings"))?;
    let findings = items
        .into_iter()
        .enumerate()
        .map(|(i, v)| {
            // The serde message could quote a value; say which item and what shape instead.
            serde_json::from_value::<Finding>(v).map_err(|_| {
                conformance_value_err(&format!(
                    "findings[{i}] is not a finding: it needs severity (error, warning or \
                     information), code (a number), text, and location as an ERL such as \
                     PID^1^5^1 or None"
                ))
            })
        })
        .collect::<PyResult<Vec<Finding>>>()?;
    let opts = AckOptions {
        control_id,
        timestamp,
        ..AckOptions::default()
    };
    let text = build_ack(msg.get().view(), &findings, &opts).to_string();
    OneCell::parse(Text::Owned(text), false)
        .map(PyMessage::one)
        .map_err(|e| crate::error::parse_err(py, &e))
}
