//! RSP Z42 content (HL7 ImmDS conventions): the evaluation OBX of an administered dose →
//! `ImmunizationEvaluation` (or `Immunization.protocolApplied`), and the forecast OBX under
//! the `998` (no vaccine administered) RXA → one `ImmunizationRecommendation`.
//!
//! OBX are grouped by OBX-4 within their ORDER group, so both layouts IIS send work: one `998`
//! RXA with many OBX-4 groups, or many `998` RXAs. Status codes (59783-1, 59781-5) are kept as
//! sent, whatever local table they come from.

use crate::fasthash::FxMap;
use std::borrow::Cow;

use super::dates;
use super::immunization::{
    display_reference, loinc, obx_code, obx_group, value_concept, value_date, VACCINE_TYPE,
};
use super::structure::Order;
use super::structure::Seg;
use super::types::{code_of, first, read, IZKIT_EXT};
use super::{reference, Ctx};
use crate::datatypes::{Cwe, Timestamp};
use crate::fhir::model::{
    CodeableConcept, DateCriterion, Extension, Immunization, ImmunizationEvaluation,
    ImmunizationProtocolApplied, ImmunizationRecommendation,
    ImmunizationRecommendationRecommendation, Observation,
};

const VACCINE_DUE: &str = "30979-9";
const DOSE_NUMBER: &str = "30973-2";
const DOSES_IN_SERIES: &str = "59782-3";
const SCHEDULE: &str = "59779-9";
const SERIES: &str = "59780-7";
const VALIDITY: &str = "59781-5";
const REASON: &str = "30982-3";
const STATUS: &str = "59783-1";
/// The forecast dates, each a `dateCriterion`.
const DATE_CODES: [&str; 4] = ["30980-7", "30981-5", "59778-1", "59777-3"];

/// True for the OBX-3 codes of a dose's evaluation.
pub(crate) fn is_evaluation_code(c: &str) -> bool {
    matches!(
        c,
        VALIDITY | SERIES | DOSE_NUMBER | DOSES_IN_SERIES | SCHEDULE | VACCINE_TYPE | REASON
    )
}

/// True when the ORDER group is a forecast: its RXA-5 is CVX `998` (no vaccine administered).
pub(crate) fn is_forecast(cx: &Ctx<'_>, o: &Order<'_>) -> bool {
    o.rxa
        .as_ref()
        .and_then(|rxa| read::<Cwe>(rxa, 5, &cx.d))
        .is_some_and(|c| c.identifier.as_deref().map(str::trim) == Some("998"))
}

/// A dose number: `doseNumberPositiveInt` when a positive integer, else the text.
fn dose_number(obx: &Seg<'_>, cx: &Ctx<'_>) -> (Option<u32>, Option<Cow<'static, str>>) {
    match first(obx, 5, &cx.d) {
        Some(v) => match v.trim().parse::<u32>() {
            Ok(n) if n > 0 => (Some(n), None),
            _ => (None, Some(Cow::Owned(v.trim().to_owned()))),
        },
        None => (None, None),
    }
}

/// The evaluation OBX of one administered dose, by OBX-4.
#[derive(Default)]
pub(crate) struct Evaluations<'s> {
    groups: Vec<Vec<Seg<'s>>>,
    index: FxMap<&'s str, usize>,
    /// How many OBX name a vaccine type (30956-7) and a dose validity (59781-5).
    vaccine_types: usize,
    validities: usize,
}

impl<'s> Evaluations<'s> {
    /// Adds one OBX to its OBX-4 group.
    pub fn add(&mut self, group: &'s str, code_: &str, obx: &Seg<'s>) {
        self.vaccine_types += usize::from(code_ == VACCINE_TYPE);
        self.validities += usize::from(code_ == VALIDITY);
        let next = self.groups.len();
        let i = *self.index.entry(group).or_insert(next);
        if i == next {
            self.groups.push(Vec::new());
        }
        self.groups[i].push(*obx);
    }

    /// Maps each group (all the OBX as one group when they name at most one vaccine type and
    /// one validity: senders number OBX-4 loosely, and one antigen is one evaluation): with a
    /// dose validity (59781-5) → an ImmunizationEvaluation entry;
    /// else with a dose number (30973-2) → `imm.protocolApplied`; else its OBX are returned
    /// (to become Observations).
    pub fn finish(
        self,
        cx: &mut Ctx<'s>,
        imm_url: &str,
        patient: &str,
        imm: &mut Immunization<'s>,
    ) -> Vec<Seg<'s>> {
        let d = cx.d;
        let mut leftover = Vec::new();
        let groups = if self.vaccine_types <= 1 && self.validities <= 1 {
            vec![self.groups.into_iter().flatten().collect()]
        } else {
            self.groups
        };
        for group in groups {
            let mut g = DoseGroup::default();
            for obx in &group {
                match obx_code(obx, &d).as_deref() {
                    Some(VACCINE_TYPE) => g.target = value_concept(obx, &d),
                    Some(SCHEDULE) => g.schedule = read::<Cwe>(obx, 5, &d).map(Cwe::into_owned),
                    Some(DOSE_NUMBER) => g.dose = dose_number(obx, cx),
                    Some(DOSES_IN_SERIES) => g.doses = dose_number(obx, cx),
                    Some(SERIES) => {
                        g.series = first(obx, 5, &d).map(|s| Cow::Owned(s.into_owned()))
                    }
                    Some(VALIDITY) => g.validity = value_concept(obx, &d),
                    Some(REASON) => g.reasons.extend(value_concept(obx, &d)),
                    _ => {}
                }
            }
            let authority = g.schedule.as_ref().and_then(|c| {
                super::types::own(&c.text)
                    .or_else(|| super::types::own(&c.identifier))
                    .map(display_reference)
            });
            if let Some(status) = g.validity {
                let (id, url) = cx.new_id("ImmunizationEvaluation");
                let mut e = ImmunizationEvaluation {
                    id: Some(id.into()),
                    status: Some("completed".into()),
                    patient: Some(reference(patient.into())),
                    authority,
                    target_disease: g.target.or_else(|| imm.vaccine_code.clone()),
                    immunization_event: Some(reference(imm_url.into())),
                    dose_status: Some(status),
                    dose_status_reason: g.reasons,
                    series: g.series,
                    dose_number_positive_int: g.dose.0,
                    dose_number_string: g.dose.1,
                    series_doses_positive_int: g.doses.0,
                    series_doses_string: g.doses.1,
                    ..ImmunizationEvaluation::default()
                };
                if let Some(cc) = g.schedule.as_ref().and_then(super::types::codeable) {
                    e.extension.push(schedule_ext(cc));
                }
                cx.push(url, e.into());
            } else if g.dose.0.is_some() || g.dose.1.is_some() {
                imm.protocol_applied.push(ImmunizationProtocolApplied {
                    series: g.series,
                    authority,
                    target_disease: g.target.into_iter().collect(),
                    dose_number_positive_int: g.dose.0,
                    dose_number_string: g.dose.1,
                    series_doses_positive_int: g.doses.0,
                    series_doses_string: g.doses.1,
                    ..ImmunizationProtocolApplied::default()
                });
            } else {
                leftover.extend(group);
            }
        }
        leftover
    }
}

/// What one OBX-4 group says about a dose.
#[derive(Default)]
struct DoseGroup<'s> {
    target: Option<CodeableConcept<'s>>,
    schedule: Option<Cwe<'s>>,
    dose: (Option<u32>, Option<Cow<'static, str>>),
    doses: (Option<u32>, Option<Cow<'static, str>>),
    series: Option<Cow<'static, str>>,
    validity: Option<CodeableConcept<'s>>,
    reasons: Vec<CodeableConcept<'s>>,
}

/// izkit's `forecast-schedule` extension (OBX 59779-9).
fn schedule_ext<'s>(cc: CodeableConcept<'s>) -> Extension<'s> {
    Extension {
        url: Some(super::types::cat(IZKIT_EXT, "forecast-schedule")),
        value_codeable_concept: Some(cc),
        ..Extension::default()
    }
}

/// The forecast of one patient: its recommendations, by ORDER group and OBX-4.
#[derive(Default)]
pub(crate) struct Forecast<'s> {
    recs: Vec<ImmunizationRecommendationRecommendation<'s>>,
    index: FxMap<(usize, &'s str), usize>,
    orders: usize,
    date: Option<Cow<'static, str>>,
    authority: Option<Cow<'s, str>>,
    others: Vec<Seg<'s>>,
}

impl<'s> Forecast<'s> {
    /// Adds the OBX of one forecast ORDER group.
    pub fn add(&mut self, cx: &Ctx<'s>, o: &Order<'s>) {
        let d = cx.d;
        let order = self.orders;
        self.orders += 1;
        if self.date.is_none() {
            self.date = o
                .rxa
                .as_ref()
                .and_then(|rxa| read::<Timestamp>(rxa, 3, &d))
                .map(|t| dates::date_time(&t, cx.local));
        }
        // One vaccine type in the group: all its OBX are one recommendation, whatever their
        // OBX-4 (senders number them loosely); several: grouped by OBX-4.
        let types = o
            .obx
            .iter()
            .filter(|obx| {
                obx_code(obx, &d).is_some_and(|c| matches!(&*c, VACCINE_TYPE | VACCINE_DUE))
            })
            .count();
        for obx in &o.obx {
            let Some(c) = obx_code(obx, &d) else {
                self.others.push(*obx);
                continue;
            };
            let group = if types <= 1 { "" } else { obx_group(obx) };
            let next = self.recs.len();
            let i = *self.index.entry((order, group)).or_insert(next);
            if i == next {
                self.recs
                    .push(ImmunizationRecommendationRecommendation::default());
            }
            let r = &mut self.recs[i];
            match &*c {
                VACCINE_TYPE | VACCINE_DUE => r.vaccine_code.extend(value_concept(obx, &d)),
                c if DATE_CODES.contains(&c) => {
                    if let Some(value) = value_date(cx, obx) {
                        r.date_criterion.push(DateCriterion {
                            code: Some(loinc(c)),
                            value: Some(value),
                            ..DateCriterion::default()
                        });
                    }
                }
                DOSE_NUMBER => {
                    (r.dose_number_positive_int, r.dose_number_string) = dose_number(obx, cx);
                }
                DOSES_IN_SERIES => {
                    (r.series_doses_positive_int, r.series_doses_string) = dose_number(obx, cx);
                }
                STATUS => r.forecast_status = value_concept(obx, &d),
                REASON => r.forecast_reason.extend(value_concept(obx, &d)),
                SERIES => r.series = first(obx, 5, &d).map(|s| Cow::Owned(s.into_owned())),
                SCHEDULE => {
                    if let Some(cwe) = read::<Cwe>(obx, 5, &d) {
                        if self.authority.is_none() {
                            self.authority =
                                super::types::own(&cwe.text).or_else(|| code_of(&cwe.identifier));
                        }
                        if let Some(cc) = super::types::codeable(&cwe) {
                            r.extension.push(schedule_ext(cc));
                        }
                    }
                }
                _ => self.others.push(*obx),
            }
        }
    }

    /// Adds the ImmunizationRecommendation (when there is a forecast) and Observations for
    /// the forecast OBX it does not map.
    pub fn finish(self, cx: &mut Ctx<'s>, patient: &str) {
        // A group whose OBX all went elsewhere is not a recommendation.
        let recs: Vec<_> = self
            .recs
            .into_iter()
            .filter(|r| *r != ImmunizationRecommendationRecommendation::default())
            .map(|mut r| {
                // forecastStatus is required: without 59783-1, data-absent-reason.
                if r.forecast_status.is_none() {
                    r.forecast_status = Some(super::types::absent_concept());
                }
                r
            })
            .collect();
        if !recs.is_empty() {
            let (id, url) = cx.new_id("ImmunizationRecommendation");
            let r = ImmunizationRecommendation {
                id: Some(id.into()),
                patient: Some(reference(patient.into())),
                date: self.date,
                authority: self.authority.map(display_reference),
                recommendation: recs,
                ..ImmunizationRecommendation::default()
            };
            cx.push(url, r.into());
        }
        for obx in &self.others {
            let (id, url) = cx.new_id("Observation");
            let o = super::immunization::observation(cx, obx, id, patient, None);
            cx.push(url, Observation::into(o));
        }
    }
}
