//! The FHIR R4 resources (and their backbone elements) izkit maps to and from HL7 v2.
//!
//! Every resource has `id`, `meta`, `extension` and `modifierExtension` typed; `text`,
//! `contained`, `language` and anything else are kept in `extra`.

use super::datatypes::*;
use super::macros::fhir_type;
use super::Resource;
use std::borrow::Cow;

fhir_type! {
    resource "Bundle"
    /// `Bundle`: a message (VXU, RSP → FHIR) or a collection.
    Bundle<'a> {
        /// Logical id.
        "id" id: Option<Cow<'a, str>>,
        /// `meta`.
        "meta" meta: Option<Meta<'a>>,
        /// `identifier` (from MSH-10).
        "identifier" identifier: Option<Identifier<'a>>,
        /// `type` (message | collection | searchset | ...).
        "type" type_: Option<Cow<'a, str>>,
        /// `timestamp` (instant).
        "timestamp" timestamp: Option<Cow<'a, str>>,
        /// `total`.
        "total" total: Option<u32>,
        /// `entry`.
        "entry" entry: Vec<BundleEntry<'a>>,
    }
}

fhir_type! {
    /// `Bundle.entry`.
    BundleEntry<'a> {
        /// `fullUrl`.
        "fullUrl" full_url: Option<Cow<'a, str>>,
        /// `resource`.
        "resource" resource: Option<Resource<'a>>,
    }
}

fhir_type! {
    resource "MessageHeader"
    /// `MessageHeader`: MSH of the v2 message.
    MessageHeader<'a> {
        /// Logical id.
        "id" id: Option<Cow<'a, str>>,
        /// `meta`.
        "meta" meta: Option<Meta<'a>>,
        /// `extension`.
        "extension" extension: Vec<Extension<'a>>,
        /// `modifierExtension`.
        "modifierExtension" modifier_extension: Vec<Extension<'a>>,
        /// `eventCoding` (MSH-9).
        "eventCoding" event_coding: Option<Coding<'a>>,
        /// `eventUri`.
        "eventUri" event_uri: Option<Cow<'a, str>>,
        /// `destination` (MSH-5/6).
        "destination" destination: Vec<MessageHeaderDestination<'a>>,
        /// `sender` (MSH-4).
        "sender" sender: Option<Reference<'a>>,
        /// `source` (MSH-3).
        "source" source: Option<MessageHeaderSource<'a>>,
        /// `reason`.
        "reason" reason: Option<CodeableConcept<'a>>,
        /// `response` (for an ACK: MSA).
        "response" response: Option<MessageHeaderResponse<'a>>,
        /// `focus`.
        "focus" focus: Vec<Reference<'a>>,
    }
}

fhir_type! {
    /// `MessageHeader.destination`.
    MessageHeaderDestination<'a> {
        /// `name`.
        "name" name: Option<Cow<'a, str>>,
        /// `target` (Device).
        "target" target: Option<Reference<'a>>,
        /// `endpoint` (url).
        "endpoint" endpoint: Option<Cow<'a, str>>,
        /// `receiver` (Organization).
        "receiver" receiver: Option<Reference<'a>>,
    }
}

fhir_type! {
    /// `MessageHeader.source`.
    MessageHeaderSource<'a> {
        /// `name`.
        "name" name: Option<Cow<'a, str>>,
        /// `software`.
        "software" software: Option<Cow<'a, str>>,
        /// `version`.
        "version" version: Option<Cow<'a, str>>,
        /// `endpoint` (url).
        "endpoint" endpoint: Option<Cow<'a, str>>,
    }
}

fhir_type! {
    /// `MessageHeader.response`.
    MessageHeaderResponse<'a> {
        /// `identifier` (the control id answered).
        "identifier" identifier: Option<Cow<'a, str>>,
        /// `code` (ok | transient-error | fatal-error).
        "code" code: Option<Cow<'a, str>>,
        /// `details` (OperationOutcome).
        "details" details: Option<Reference<'a>>,
        /// `extension` (izkit's `msa-1`: the exact MSA-1 code).
        "extension" extension: Vec<Extension<'a>>,
    }
}

fhir_type! {
    resource "Patient"
    /// `Patient`: PID and PD1.
    Patient<'a> {
        /// Logical id.
        "id" id: Option<Cow<'a, str>>,
        /// `meta` (PD1-12 protection goes to `meta.security`).
        "meta" meta: Option<Meta<'a>>,
        /// `extension`.
        "extension" extension: Vec<Extension<'a>>,
        /// `modifierExtension`.
        "modifierExtension" modifier_extension: Vec<Extension<'a>>,
        /// `identifier` (PID-3).
        "identifier" identifier: Vec<Identifier<'a>>,
        /// `active`.
        "active" active: Option<bool>,
        /// `name` (PID-5, PID-9).
        "name" name: Vec<HumanName<'a>>,
        /// `telecom` (PID-13, PID-14).
        "telecom" telecom: Vec<ContactPoint<'a>>,
        /// `gender` (PID-8).
        "gender" gender: Option<Cow<'a, str>>,
        /// `birthDate` (PID-7).
        "birthDate" birth_date: Option<Cow<'a, str>>,
        /// `deceasedBoolean` (PID-30).
        "deceasedBoolean" deceased_boolean: Option<bool>,
        /// `deceasedDateTime` (PID-29).
        "deceasedDateTime" deceased_date_time: Option<Cow<'a, str>>,
        /// `address` (PID-11).
        "address" address: Vec<Address<'a>>,
        /// `maritalStatus`.
        "maritalStatus" marital_status: Option<CodeableConcept<'a>>,
        /// `multipleBirthBoolean` (PID-24).
        "multipleBirthBoolean" multiple_birth_boolean: Option<bool>,
        /// `multipleBirthInteger` (PID-25).
        "multipleBirthInteger" multiple_birth_integer: Option<i64>,
        /// `contact`.
        "contact" contact: Vec<PatientContact<'a>>,
        /// `communication` (PID-15).
        "communication" communication: Vec<PatientCommunication<'a>>,
        /// `generalPractitioner` (PD1-3, PD1-4).
        "generalPractitioner" general_practitioner: Vec<Reference<'a>>,
        /// `managingOrganization`.
        "managingOrganization" managing_organization: Option<Reference<'a>>,
    }
}

fhir_type! {
    /// `Patient.contact`.
    PatientContact<'a> {
        /// `relationship`.
        "relationship" relationship: Vec<CodeableConcept<'a>>,
        /// `name`.
        "name" name: Option<HumanName<'a>>,
        /// `telecom`.
        "telecom" telecom: Vec<ContactPoint<'a>>,
        /// `address`.
        "address" address: Option<Address<'a>>,
        /// `gender`.
        "gender" gender: Option<Cow<'a, str>>,
        /// `organization`.
        "organization" organization: Option<Reference<'a>>,
        /// `period`.
        "period" period: Option<Period<'a>>,
    }
}

fhir_type! {
    /// `Patient.communication` / `RelatedPerson.communication`.
    PatientCommunication<'a> {
        /// `language`.
        "language" language: Option<CodeableConcept<'a>>,
        /// `preferred`.
        "preferred" preferred: Option<bool>,
    }
}

fhir_type! {
    resource "RelatedPerson"
    /// `RelatedPerson`: NK1.
    RelatedPerson<'a> {
        /// Logical id.
        "id" id: Option<Cow<'a, str>>,
        /// `meta`.
        "meta" meta: Option<Meta<'a>>,
        /// `extension`.
        "extension" extension: Vec<Extension<'a>>,
        /// `modifierExtension`.
        "modifierExtension" modifier_extension: Vec<Extension<'a>>,
        /// `identifier` (NK1-33).
        "identifier" identifier: Vec<Identifier<'a>>,
        /// `active`.
        "active" active: Option<bool>,
        /// `patient`.
        "patient" patient: Option<Reference<'a>>,
        /// `relationship` (NK1-3).
        "relationship" relationship: Vec<CodeableConcept<'a>>,
        /// `name` (NK1-2).
        "name" name: Vec<HumanName<'a>>,
        /// `telecom` (NK1-5, NK1-6).
        "telecom" telecom: Vec<ContactPoint<'a>>,
        /// `gender` (NK1-15).
        "gender" gender: Option<Cow<'a, str>>,
        /// `birthDate` (NK1-16).
        "birthDate" birth_date: Option<Cow<'a, str>>,
        /// `address` (NK1-4).
        "address" address: Vec<Address<'a>>,
        /// `period` (NK1-8/9).
        "period" period: Option<Period<'a>>,
        /// `communication` (NK1-20).
        "communication" communication: Vec<PatientCommunication<'a>>,
    }
}

fhir_type! {
    resource "Practitioner"
    /// `Practitioner`: an XCN (RXA-10, ORC-10, ORC-12).
    Practitioner<'a> {
        /// Logical id.
        "id" id: Option<Cow<'a, str>>,
        /// `meta`.
        "meta" meta: Option<Meta<'a>>,
        /// `extension`.
        "extension" extension: Vec<Extension<'a>>,
        /// `modifierExtension`.
        "modifierExtension" modifier_extension: Vec<Extension<'a>>,
        /// `identifier`.
        "identifier" identifier: Vec<Identifier<'a>>,
        /// `active`.
        "active" active: Option<bool>,
        /// `name`.
        "name" name: Vec<HumanName<'a>>,
        /// `telecom`.
        "telecom" telecom: Vec<ContactPoint<'a>>,
        /// `address`.
        "address" address: Vec<Address<'a>>,
        /// `gender`.
        "gender" gender: Option<Cow<'a, str>>,
        /// `birthDate`.
        "birthDate" birth_date: Option<Cow<'a, str>>,
    }
}

fhir_type! {
    resource "PractitionerRole"
    /// `PractitionerRole`.
    PractitionerRole<'a> {
        /// Logical id.
        "id" id: Option<Cow<'a, str>>,
        /// `meta`.
        "meta" meta: Option<Meta<'a>>,
        /// `extension`.
        "extension" extension: Vec<Extension<'a>>,
        /// `modifierExtension`.
        "modifierExtension" modifier_extension: Vec<Extension<'a>>,
        /// `identifier`.
        "identifier" identifier: Vec<Identifier<'a>>,
        /// `active`.
        "active" active: Option<bool>,
        /// `period`.
        "period" period: Option<Period<'a>>,
        /// `practitioner`.
        "practitioner" practitioner: Option<Reference<'a>>,
        /// `organization`.
        "organization" organization: Option<Reference<'a>>,
        /// `code` (role).
        "code" code: Vec<CodeableConcept<'a>>,
        /// `location`.
        "location" location: Vec<Reference<'a>>,
    }
}

fhir_type! {
    resource "Organization"
    /// `Organization`: a facility (MSH-4, RXA-11.4, PD1-3) or a manufacturer (RXA-17).
    Organization<'a> {
        /// Logical id.
        "id" id: Option<Cow<'a, str>>,
        /// `meta`.
        "meta" meta: Option<Meta<'a>>,
        /// `extension`.
        "extension" extension: Vec<Extension<'a>>,
        /// `modifierExtension`.
        "modifierExtension" modifier_extension: Vec<Extension<'a>>,
        /// `identifier`.
        "identifier" identifier: Vec<Identifier<'a>>,
        /// `active`.
        "active" active: Option<bool>,
        /// `type`.
        "type" type_: Vec<CodeableConcept<'a>>,
        /// `name`.
        "name" name: Option<Cow<'a, str>>,
        /// `alias`.
        "alias" alias: Vec<Cow<'a, str>>,
        /// `telecom`.
        "telecom" telecom: Vec<ContactPoint<'a>>,
        /// `address`.
        "address" address: Vec<Address<'a>>,
    }
}

fhir_type! {
    resource "Location"
    /// `Location`: where a dose was given (RXA-11, RXA-27/28).
    Location<'a> {
        /// Logical id.
        "id" id: Option<Cow<'a, str>>,
        /// `meta`.
        "meta" meta: Option<Meta<'a>>,
        /// `extension`.
        "extension" extension: Vec<Extension<'a>>,
        /// `modifierExtension`.
        "modifierExtension" modifier_extension: Vec<Extension<'a>>,
        /// `identifier`.
        "identifier" identifier: Vec<Identifier<'a>>,
        /// `status`.
        "status" status: Option<Cow<'a, str>>,
        /// `name`.
        "name" name: Option<Cow<'a, str>>,
        /// `description`.
        "description" description: Option<Cow<'a, str>>,
        /// `mode` (instance | kind).
        "mode" mode: Option<Cow<'a, str>>,
        /// `type`.
        "type" type_: Vec<CodeableConcept<'a>>,
        /// `telecom`.
        "telecom" telecom: Vec<ContactPoint<'a>>,
        /// `address`.
        "address" address: Option<Address<'a>>,
        /// `managingOrganization`.
        "managingOrganization" managing_organization: Option<Reference<'a>>,
        /// `partOf`.
        "partOf" part_of: Option<Reference<'a>>,
    }
}

fhir_type! {
    resource "Immunization"
    /// `Immunization`: one ORDER group (ORC, RXA, RXR and the OBX the CDC IG ties to a dose).
    Immunization<'a> {
        /// Logical id.
        "id" id: Option<Cow<'a, str>>,
        /// `meta`.
        "meta" meta: Option<Meta<'a>>,
        /// `extension`.
        "extension" extension: Vec<Extension<'a>>,
        /// `modifierExtension`.
        "modifierExtension" modifier_extension: Vec<Extension<'a>>,
        /// `identifier` (ORC-2 PLAC, ORC-3 FILL).
        "identifier" identifier: Vec<Identifier<'a>>,
        /// `status` (completed | entered-in-error | not-done).
        "status" status: Option<Cow<'a, str>>,
        /// `statusReason` (RXA-18).
        "statusReason" status_reason: Option<CodeableConcept<'a>>,
        /// `vaccineCode` (RXA-5).
        "vaccineCode" vaccine_code: Option<CodeableConcept<'a>>,
        /// `patient`.
        "patient" patient: Option<Reference<'a>>,
        /// `encounter`.
        "encounter" encounter: Option<Reference<'a>>,
        /// `occurrenceDateTime` (RXA-3).
        "occurrenceDateTime" occurrence_date_time: Option<Cow<'a, str>>,
        /// `occurrenceString`.
        "occurrenceString" occurrence_string: Option<Cow<'a, str>>,
        /// `recorded` (RXA-22 / ORC-9).
        "recorded" recorded: Option<Cow<'a, str>>,
        /// `primarySource` (RXA-9 = 00).
        "primarySource" primary_source: Option<bool>,
        /// `reportOrigin` (RXA-9 01–08).
        "reportOrigin" report_origin: Option<CodeableConcept<'a>>,
        /// `location` (RXA-11).
        "location" location: Option<Reference<'a>>,
        /// `manufacturer` (RXA-17).
        "manufacturer" manufacturer: Option<Reference<'a>>,
        /// `lotNumber` (RXA-15).
        "lotNumber" lot_number: Option<Cow<'a, str>>,
        /// `expirationDate` (RXA-16).
        "expirationDate" expiration_date: Option<Cow<'a, str>>,
        /// `site` (RXR-2).
        "site" site: Option<CodeableConcept<'a>>,
        /// `route` (RXR-1).
        "route" route: Option<CodeableConcept<'a>>,
        /// `doseQuantity` (RXA-6/7).
        "doseQuantity" dose_quantity: Option<Quantity<'a>>,
        /// `performer` (RXA-10 AP, ORC-12 OP, ORC-10 EP).
        "performer" performer: Vec<ImmunizationPerformer<'a>>,
        /// `note`.
        "note" note: Vec<Annotation<'a>>,
        /// `reasonCode` (RXA-19).
        "reasonCode" reason_code: Vec<CodeableConcept<'a>>,
        /// `reasonReference`.
        "reasonReference" reason_reference: Vec<Reference<'a>>,
        /// `isSubpotent` (RXA-20 = PA).
        "isSubpotent" is_subpotent: Option<bool>,
        /// `subpotentReason`.
        "subpotentReason" subpotent_reason: Vec<CodeableConcept<'a>>,
        /// `education` (VIS OBX 69764-9 / 29768-9 / 29769-7 / 30956-7).
        "education" education: Vec<ImmunizationEducation<'a>>,
        /// `programEligibility` (OBX 64994-7).
        "programEligibility" program_eligibility: Vec<CodeableConcept<'a>>,
        /// `fundingSource` (OBX 30963-3).
        "fundingSource" funding_source: Option<CodeableConcept<'a>>,
        /// `reaction`.
        "reaction" reaction: Vec<ImmunizationReaction<'a>>,
        /// `protocolApplied`.
        "protocolApplied" protocol_applied: Vec<ImmunizationProtocolApplied<'a>>,
    }
}

fhir_type! {
    /// `Immunization.performer`.
    ImmunizationPerformer<'a> {
        /// `function` (v2-0443 AP / OP / EP).
        "function" function: Option<CodeableConcept<'a>>,
        /// `actor`.
        "actor" actor: Option<Reference<'a>>,
    }
}

fhir_type! {
    /// `Immunization.education`: one Vaccine Information Statement.
    ImmunizationEducation<'a> {
        /// `documentType` (the VIS GS1 barcode string).
        "documentType" document_type: Option<Cow<'a, str>>,
        /// `reference` (uri).
        "reference" reference: Option<Cow<'a, str>>,
        /// `publicationDate` (dateTime).
        "publicationDate" publication_date: Option<Cow<'a, str>>,
        /// `presentationDate` (dateTime).
        "presentationDate" presentation_date: Option<Cow<'a, str>>,
        /// `extension` (izkit's `vis-vaccine-type`: OBX 30956-7 of the VIS group).
        "extension" extension: Vec<Extension<'a>>,
    }
}

fhir_type! {
    /// `Immunization.reaction`.
    ImmunizationReaction<'a> {
        /// `date`.
        "date" date: Option<Cow<'a, str>>,
        /// `detail` (Observation).
        "detail" detail: Option<Reference<'a>>,
        /// `reported`.
        "reported" reported: Option<bool>,
    }
}

fhir_type! {
    /// `Immunization.protocolApplied`.
    ImmunizationProtocolApplied<'a> {
        /// `series`.
        "series" series: Option<Cow<'a, str>>,
        /// `authority`.
        "authority" authority: Option<Reference<'a>>,
        /// `targetDisease`.
        "targetDisease" target_disease: Vec<CodeableConcept<'a>>,
        /// `doseNumberPositiveInt`.
        "doseNumberPositiveInt" dose_number_positive_int: Option<u32>,
        /// `doseNumberString`.
        "doseNumberString" dose_number_string: Option<Cow<'a, str>>,
        /// `seriesDosesPositiveInt`.
        "seriesDosesPositiveInt" series_doses_positive_int: Option<u32>,
        /// `seriesDosesString`.
        "seriesDosesString" series_doses_string: Option<Cow<'a, str>>,
    }
}

fhir_type! {
    resource "ImmunizationEvaluation"
    /// `ImmunizationEvaluation`: an IIS's evaluation of one dose (RSP Z42, OBX 59781-5 ...).
    ImmunizationEvaluation<'a> {
        /// Logical id.
        "id" id: Option<Cow<'a, str>>,
        /// `meta`.
        "meta" meta: Option<Meta<'a>>,
        /// `extension`.
        "extension" extension: Vec<Extension<'a>>,
        /// `modifierExtension`.
        "modifierExtension" modifier_extension: Vec<Extension<'a>>,
        /// `identifier`.
        "identifier" identifier: Vec<Identifier<'a>>,
        /// `status` (completed | entered-in-error).
        "status" status: Option<Cow<'a, str>>,
        /// `patient`.
        "patient" patient: Option<Reference<'a>>,
        /// `date`.
        "date" date: Option<Cow<'a, str>>,
        /// `authority`.
        "authority" authority: Option<Reference<'a>>,
        /// `targetDisease`.
        "targetDisease" target_disease: Option<CodeableConcept<'a>>,
        /// `immunizationEvent`.
        "immunizationEvent" immunization_event: Option<Reference<'a>>,
        /// `doseStatus`.
        "doseStatus" dose_status: Option<CodeableConcept<'a>>,
        /// `doseStatusReason`.
        "doseStatusReason" dose_status_reason: Vec<CodeableConcept<'a>>,
        /// `description`.
        "description" description: Option<Cow<'a, str>>,
        /// `series`.
        "series" series: Option<Cow<'a, str>>,
        /// `doseNumberPositiveInt`.
        "doseNumberPositiveInt" dose_number_positive_int: Option<u32>,
        /// `doseNumberString`.
        "doseNumberString" dose_number_string: Option<Cow<'a, str>>,
        /// `seriesDosesPositiveInt`.
        "seriesDosesPositiveInt" series_doses_positive_int: Option<u32>,
        /// `seriesDosesString`.
        "seriesDosesString" series_doses_string: Option<Cow<'a, str>>,
    }
}

fhir_type! {
    resource "ImmunizationRecommendation"
    /// `ImmunizationRecommendation`: an IIS forecast (RSP Z42).
    ImmunizationRecommendation<'a> {
        /// Logical id.
        "id" id: Option<Cow<'a, str>>,
        /// `meta`.
        "meta" meta: Option<Meta<'a>>,
        /// `extension`.
        "extension" extension: Vec<Extension<'a>>,
        /// `modifierExtension`.
        "modifierExtension" modifier_extension: Vec<Extension<'a>>,
        /// `identifier`.
        "identifier" identifier: Vec<Identifier<'a>>,
        /// `patient`.
        "patient" patient: Option<Reference<'a>>,
        /// `date`.
        "date" date: Option<Cow<'a, str>>,
        /// `authority` (the schedule's author, e.g. ACIP).
        "authority" authority: Option<Reference<'a>>,
        /// `recommendation`.
        "recommendation" recommendation: Vec<ImmunizationRecommendationRecommendation<'a>>,
    }
}

fhir_type! {
    /// `ImmunizationRecommendation.recommendation`: one forecast group (OBX-4).
    ImmunizationRecommendationRecommendation<'a> {
        /// `extension`.
        "extension" extension: Vec<Extension<'a>>,
        /// `vaccineCode`.
        "vaccineCode" vaccine_code: Vec<CodeableConcept<'a>>,
        /// `targetDisease`.
        "targetDisease" target_disease: Option<CodeableConcept<'a>>,
        /// `contraindicatedVaccineCode`.
        "contraindicatedVaccineCode" contraindicated_vaccine_code: Vec<CodeableConcept<'a>>,
        /// `forecastStatus` (59783-1).
        "forecastStatus" forecast_status: Option<CodeableConcept<'a>>,
        /// `forecastReason` (30982-3).
        "forecastReason" forecast_reason: Vec<CodeableConcept<'a>>,
        /// `dateCriterion` (30980-7, 30981-5, 59778-1, 59777-3).
        "dateCriterion" date_criterion: Vec<DateCriterion<'a>>,
        /// `description`.
        "description" description: Option<Cow<'a, str>>,
        /// `series`.
        "series" series: Option<Cow<'a, str>>,
        /// `doseNumberPositiveInt` (30973-2).
        "doseNumberPositiveInt" dose_number_positive_int: Option<u32>,
        /// `doseNumberString`.
        "doseNumberString" dose_number_string: Option<Cow<'a, str>>,
        /// `seriesDosesPositiveInt`.
        "seriesDosesPositiveInt" series_doses_positive_int: Option<u32>,
        /// `seriesDosesString`.
        "seriesDosesString" series_doses_string: Option<Cow<'a, str>>,
        /// `supportingImmunization`.
        "supportingImmunization" supporting_immunization: Vec<Reference<'a>>,
        /// `supportingPatientInformation`.
        "supportingPatientInformation" supporting_patient_information: Vec<Reference<'a>>,
    }
}

fhir_type! {
    /// `ImmunizationRecommendation.recommendation.dateCriterion`.
    DateCriterion<'a> {
        /// `code` (a LOINC date code).
        "code" code: Option<CodeableConcept<'a>>,
        /// `value` (dateTime).
        "value" value: Option<Cow<'a, str>>,
    }
}

fhir_type! {
    resource "Observation"
    /// `Observation`: an OBX that is not mapped onto an Immunization.
    Observation<'a> {
        /// Logical id.
        "id" id: Option<Cow<'a, str>>,
        /// `meta`.
        "meta" meta: Option<Meta<'a>>,
        /// `extension`.
        "extension" extension: Vec<Extension<'a>>,
        /// `modifierExtension`.
        "modifierExtension" modifier_extension: Vec<Extension<'a>>,
        /// `identifier`.
        "identifier" identifier: Vec<Identifier<'a>>,
        /// `partOf` (the Immunization of the ORDER group).
        "partOf" part_of: Vec<Reference<'a>>,
        /// `status` (OBX-11).
        "status" status: Option<Cow<'a, str>>,
        /// `category`.
        "category" category: Vec<CodeableConcept<'a>>,
        /// `code` (OBX-3).
        "code" code: Option<CodeableConcept<'a>>,
        /// `subject`.
        "subject" subject: Option<Reference<'a>>,
        /// `focus`.
        "focus" focus: Vec<Reference<'a>>,
        /// `effectiveDateTime` (OBX-14).
        "effectiveDateTime" effective_date_time: Option<Cow<'a, str>>,
        /// `issued`.
        "issued" issued: Option<Cow<'a, str>>,
        /// `performer`.
        "performer" performer: Vec<Reference<'a>>,
        /// `valueQuantity` (NM, SN).
        "valueQuantity" value_quantity: Option<Quantity<'a>>,
        /// `valueCodeableConcept` (CE, CWE).
        "valueCodeableConcept" value_codeable_concept: Option<CodeableConcept<'a>>,
        /// `valueString` (ST, TX, FT).
        "valueString" value_string: Option<Cow<'a, str>>,
        /// `valueBoolean`.
        "valueBoolean" value_boolean: Option<bool>,
        /// `valueInteger`.
        "valueInteger" value_integer: Option<i64>,
        /// `valueDateTime` (DT, TS, DTM).
        "valueDateTime" value_date_time: Option<Cow<'a, str>>,
        /// `valuePeriod`.
        "valuePeriod" value_period: Option<Period<'a>>,
        /// `dataAbsentReason`.
        "dataAbsentReason" data_absent_reason: Option<CodeableConcept<'a>>,
        /// `interpretation`.
        "interpretation" interpretation: Vec<CodeableConcept<'a>>,
        /// `note`.
        "note" note: Vec<Annotation<'a>>,
        /// `method` (OBX-17).
        "method" method: Option<CodeableConcept<'a>>,
        /// `component`.
        "component" component: Vec<ObservationComponent<'a>>,
    }
}

fhir_type! {
    /// `Observation.component`.
    ObservationComponent<'a> {
        /// `code`.
        "code" code: Option<CodeableConcept<'a>>,
        /// `valueQuantity`.
        "valueQuantity" value_quantity: Option<Quantity<'a>>,
        /// `valueCodeableConcept`.
        "valueCodeableConcept" value_codeable_concept: Option<CodeableConcept<'a>>,
        /// `valueString`.
        "valueString" value_string: Option<Cow<'a, str>>,
        /// `valueDateTime`.
        "valueDateTime" value_date_time: Option<Cow<'a, str>>,
        /// `dataAbsentReason`.
        "dataAbsentReason" data_absent_reason: Option<CodeableConcept<'a>>,
    }
}

fhir_type! {
    resource "OperationOutcome"
    /// `OperationOutcome`: an ACK's or RSP Z33's errors.
    OperationOutcome<'a> {
        /// Logical id.
        "id" id: Option<Cow<'a, str>>,
        /// `meta`.
        "meta" meta: Option<Meta<'a>>,
        /// `extension`.
        "extension" extension: Vec<Extension<'a>>,
        /// `modifierExtension`.
        "modifierExtension" modifier_extension: Vec<Extension<'a>>,
        /// `issue`.
        "issue" issue: Vec<OperationOutcomeIssue<'a>>,
    }
}

fhir_type! {
    /// `OperationOutcome.issue`: one ERR.
    OperationOutcomeIssue<'a> {
        /// `extension`.
        "extension" extension: Vec<Extension<'a>>,
        /// `severity` (fatal | error | warning | information).
        "severity" severity: Option<Cow<'a, str>>,
        /// `code` (an IssueType).
        "code" code: Option<Cow<'a, str>>,
        /// `details` (ERR-3, ERR-5).
        "details" details: Option<CodeableConcept<'a>>,
        /// `diagnostics` (ERR-8).
        "diagnostics" diagnostics: Option<Cow<'a, str>>,
        /// `location` (ERR-2, as an HL7 path).
        "location" location: Vec<Cow<'a, str>>,
        /// `expression`.
        "expression" expression: Vec<Cow<'a, str>>,
    }
}

fhir_type! {
    resource "Parameters"
    /// `Parameters`: the query parameters of a QBP (FHIR → QBP Z34/Z44).
    Parameters<'a> {
        /// Logical id.
        "id" id: Option<Cow<'a, str>>,
        /// `meta`.
        "meta" meta: Option<Meta<'a>>,
        /// `parameter`.
        "parameter" parameter: Vec<ParametersParameter<'a>>,
    }
}

fhir_type! {
    /// `Parameters.parameter`.
    ParametersParameter<'a> {
        /// `name`.
        "name" name: Option<Cow<'a, str>>,
        /// `valueString`.
        "valueString" value_string: Option<Cow<'a, str>>,
        /// `valueCode`.
        "valueCode" value_code: Option<Cow<'a, str>>,
        /// `valueDate`.
        "valueDate" value_date: Option<Cow<'a, str>>,
        /// `valueDateTime`.
        "valueDateTime" value_date_time: Option<Cow<'a, str>>,
        /// `valueBoolean`.
        "valueBoolean" value_boolean: Option<bool>,
        /// `valueInteger`.
        "valueInteger" value_integer: Option<i64>,
        /// `valueUri`.
        "valueUri" value_uri: Option<Cow<'a, str>>,
        /// `valueIdentifier`.
        "valueIdentifier" value_identifier: Option<Identifier<'a>>,
        /// `valueReference`.
        "valueReference" value_reference: Option<Reference<'a>>,
        /// `valueHumanName`.
        "valueHumanName" value_human_name: Option<HumanName<'a>>,
        /// `valueAddress`.
        "valueAddress" value_address: Option<Address<'a>>,
        /// `valueContactPoint`.
        "valueContactPoint" value_contact_point: Option<ContactPoint<'a>>,
        /// `valueCoding`.
        "valueCoding" value_coding: Option<Coding<'a>>,
        /// `valueCodeableConcept`.
        "valueCodeableConcept" value_codeable_concept: Option<CodeableConcept<'a>>,
        /// `resource`.
        "resource" resource: Option<Resource<'a>>,
        /// `part`.
        "part" part: Vec<ParametersParameter<'a>>,
    }
}
