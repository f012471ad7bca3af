//! The FHIR R4 resources (and their backbone elements) izkit maps to and from HL7 v2.
//!
//! Every resource has `id`, `meta`, `extension` and `modifierExtension` typed; `text`,
//! `contained`, `language` and anything else are kept in `extra`.

use super::datatypes::*;
use super::macros::fhir_type;
use super::Resource;

fhir_type! {
    resource "Bundle"
    /// `Bundle`: a message (VXU, RSP → FHIR) or a collection.
    Bundle {
        /// Logical id.
        "id" id: Option<String>,
        /// `meta`.
        "meta" meta: Option<Meta>,
        /// `identifier` (from MSH-10).
        "identifier" identifier: Option<Identifier>,
        /// `type` (message | collection | searchset | ...).
        "type" type_: Option<String>,
        /// `timestamp` (instant).
        "timestamp" timestamp: Option<String>,
        /// `total`.
        "total" total: Option<u32>,
        /// `entry`.
        "entry" entry: Vec<BundleEntry>,
    }
}

fhir_type! {
    /// `Bundle.entry`.
    BundleEntry {
        /// `fullUrl`.
        "fullUrl" full_url: Option<String>,
        /// `resource`.
        "resource" resource: Option<Resource>,
    }
}

fhir_type! {
    resource "MessageHeader"
    /// `MessageHeader`: MSH of the v2 message.
    MessageHeader {
        /// Logical id.
        "id" id: Option<String>,
        /// `meta`.
        "meta" meta: Option<Meta>,
        /// `extension`.
        "extension" extension: Vec<Extension>,
        /// `modifierExtension`.
        "modifierExtension" modifier_extension: Vec<Extension>,
        /// `eventCoding` (MSH-9).
        "eventCoding" event_coding: Option<Coding>,
        /// `eventUri`.
        "eventUri" event_uri: Option<String>,
        /// `destination` (MSH-5/6).
        "destination" destination: Vec<MessageHeaderDestination>,
        /// `sender` (MSH-4).
        "sender" sender: Option<Reference>,
        /// `source` (MSH-3).
        "source" source: Option<MessageHeaderSource>,
        /// `reason`.
        "reason" reason: Option<CodeableConcept>,
        /// `response` (for an ACK: MSA).
        "response" response: Option<MessageHeaderResponse>,
        /// `focus`.
        "focus" focus: Vec<Reference>,
    }
}

fhir_type! {
    /// `MessageHeader.destination`.
    MessageHeaderDestination {
        /// `name`.
        "name" name: Option<String>,
        /// `target` (Device).
        "target" target: Option<Reference>,
        /// `endpoint` (url).
        "endpoint" endpoint: Option<String>,
        /// `receiver` (Organization).
        "receiver" receiver: Option<Reference>,
    }
}

fhir_type! {
    /// `MessageHeader.source`.
    MessageHeaderSource {
        /// `name`.
        "name" name: Option<String>,
        /// `software`.
        "software" software: Option<String>,
        /// `version`.
        "version" version: Option<String>,
        /// `endpoint` (url).
        "endpoint" endpoint: Option<String>,
    }
}

fhir_type! {
    /// `MessageHeader.response`.
    MessageHeaderResponse {
        /// `identifier` (the control id answered).
        "identifier" identifier: Option<String>,
        /// `code` (ok | transient-error | fatal-error).
        "code" code: Option<String>,
        /// `details` (OperationOutcome).
        "details" details: Option<Reference>,
        /// `extension` (izkit's `msa-1`: the exact MSA-1 code).
        "extension" extension: Vec<Extension>,
    }
}

fhir_type! {
    resource "Patient"
    /// `Patient`: PID and PD1.
    Patient {
        /// Logical id.
        "id" id: Option<String>,
        /// `meta` (PD1-12 protection goes to `meta.security`).
        "meta" meta: Option<Meta>,
        /// `extension`.
        "extension" extension: Vec<Extension>,
        /// `modifierExtension`.
        "modifierExtension" modifier_extension: Vec<Extension>,
        /// `identifier` (PID-3).
        "identifier" identifier: Vec<Identifier>,
        /// `active`.
        "active" active: Option<bool>,
        /// `name` (PID-5, PID-9).
        "name" name: Vec<HumanName>,
        /// `telecom` (PID-13, PID-14).
        "telecom" telecom: Vec<ContactPoint>,
        /// `gender` (PID-8).
        "gender" gender: Option<String>,
        /// `birthDate` (PID-7).
        "birthDate" birth_date: Option<String>,
        /// `deceasedBoolean` (PID-30).
        "deceasedBoolean" deceased_boolean: Option<bool>,
        /// `deceasedDateTime` (PID-29).
        "deceasedDateTime" deceased_date_time: Option<String>,
        /// `address` (PID-11).
        "address" address: Vec<Address>,
        /// `maritalStatus`.
        "maritalStatus" marital_status: Option<CodeableConcept>,
        /// `multipleBirthBoolean` (PID-24).
        "multipleBirthBoolean" multiple_birth_boolean: Option<bool>,
        /// `multipleBirthInteger` (PID-25).
        "multipleBirthInteger" multiple_birth_integer: Option<i64>,
        /// `contact`.
        "contact" contact: Vec<PatientContact>,
        /// `communication` (PID-15).
        "communication" communication: Vec<PatientCommunication>,
        /// `generalPractitioner` (PD1-3, PD1-4).
        "generalPractitioner" general_practitioner: Vec<Reference>,
        /// `managingOrganization`.
        "managingOrganization" managing_organization: Option<Reference>,
    }
}

fhir_type! {
    /// `Patient.contact`.
    PatientContact {
        /// `relationship`.
        "relationship" relationship: Vec<CodeableConcept>,
        /// `name`.
        "name" name: Option<HumanName>,
        /// `telecom`.
        "telecom" telecom: Vec<ContactPoint>,
        /// `address`.
        "address" address: Option<Address>,
        /// `gender`.
        "gender" gender: Option<String>,
        /// `organization`.
        "organization" organization: Option<Reference>,
        /// `period`.
        "period" period: Option<Period>,
    }
}

fhir_type! {
    /// `Patient.communication` / `RelatedPerson.communication`.
    PatientCommunication {
        /// `language`.
        "language" language: Option<CodeableConcept>,
        /// `preferred`.
        "preferred" preferred: Option<bool>,
    }
}

fhir_type! {
    resource "RelatedPerson"
    /// `RelatedPerson`: NK1.
    RelatedPerson {
        /// Logical id.
        "id" id: Option<String>,
        /// `meta`.
        "meta" meta: Option<Meta>,
        /// `extension`.
        "extension" extension: Vec<Extension>,
        /// `modifierExtension`.
        "modifierExtension" modifier_extension: Vec<Extension>,
        /// `identifier` (NK1-33).
        "identifier" identifier: Vec<Identifier>,
        /// `active`.
        "active" active: Option<bool>,
        /// `patient`.
        "patient" patient: Option<Reference>,
        /// `relationship` (NK1-3).
        "relationship" relationship: Vec<CodeableConcept>,
        /// `name` (NK1-2).
        "name" name: Vec<HumanName>,
        /// `telecom` (NK1-5, NK1-6).
        "telecom" telecom: Vec<ContactPoint>,
        /// `gender` (NK1-15).
        "gender" gender: Option<String>,
        /// `birthDate` (NK1-16).
        "birthDate" birth_date: Option<String>,
        /// `address` (NK1-4).
        "address" address: Vec<Address>,
        /// `period` (NK1-8/9).
        "period" period: Option<Period>,
        /// `communication` (NK1-20).
        "communication" communication: Vec<PatientCommunication>,
    }
}

fhir_type! {
    resource "Practitioner"
    /// `Practitioner`: an XCN (RXA-10, ORC-10, ORC-12).
    Practitioner {
        /// Logical id.
        "id" id: Option<String>,
        /// `meta`.
        "meta" meta: Option<Meta>,
        /// `extension`.
        "extension" extension: Vec<Extension>,
        /// `modifierExtension`.
        "modifierExtension" modifier_extension: Vec<Extension>,
        /// `identifier`.
        "identifier" identifier: Vec<Identifier>,
        /// `active`.
        "active" active: Option<bool>,
        /// `name`.
        "name" name: Vec<HumanName>,
        /// `telecom`.
        "telecom" telecom: Vec<ContactPoint>,
        /// `address`.
        "address" address: Vec<Address>,
        /// `gender`.
        "gender" gender: Option<String>,
        /// `birthDate`.
        "birthDate" birth_date: Option<String>,
    }
}

fhir_type! {
    resource "PractitionerRole"
    /// `PractitionerRole`.
    PractitionerRole {
        /// Logical id.
        "id" id: Option<String>,
        /// `meta`.
        "meta" meta: Option<Meta>,
        /// `extension`.
        "extension" extension: Vec<Extension>,
        /// `modifierExtension`.
        "modifierExtension" modifier_extension: Vec<Extension>,
        /// `identifier`.
        "identifier" identifier: Vec<Identifier>,
        /// `active`.
        "active" active: Option<bool>,
        /// `period`.
        "period" period: Option<Period>,
        /// `practitioner`.
        "practitioner" practitioner: Option<Reference>,
        /// `organization`.
        "organization" organization: Option<Reference>,
        /// `code` (role).
        "code" code: Vec<CodeableConcept>,
        /// `location`.
        "location" location: Vec<Reference>,
    }
}

fhir_type! {
    resource "Organization"
    /// `Organization`: a facility (MSH-4, RXA-11.4, PD1-3) or a manufacturer (RXA-17).
    Organization {
        /// Logical id.
        "id" id: Option<String>,
        /// `meta`.
        "meta" meta: Option<Meta>,
        /// `extension`.
        "extension" extension: Vec<Extension>,
        /// `modifierExtension`.
        "modifierExtension" modifier_extension: Vec<Extension>,
        /// `identifier`.
        "identifier" identifier: Vec<Identifier>,
        /// `active`.
        "active" active: Option<bool>,
        /// `type`.
        "type" type_: Vec<CodeableConcept>,
        /// `name`.
        "name" name: Option<String>,
        /// `alias`.
        "alias" alias: Vec<String>,
        /// `telecom`.
        "telecom" telecom: Vec<ContactPoint>,
        /// `address`.
        "address" address: Vec<Address>,
    }
}

fhir_type! {
    resource "Location"
    /// `Location`: where a dose was given (RXA-11, RXA-27/28).
    Location {
        /// Logical id.
        "id" id: Option<String>,
        /// `meta`.
        "meta" meta: Option<Meta>,
        /// `extension`.
        "extension" extension: Vec<Extension>,
        /// `modifierExtension`.
        "modifierExtension" modifier_extension: Vec<Extension>,
        /// `identifier`.
        "identifier" identifier: Vec<Identifier>,
        /// `status`.
        "status" status: Option<String>,
        /// `name`.
        "name" name: Option<String>,
        /// `description`.
        "description" description: Option<String>,
        /// `mode` (instance | kind).
        "mode" mode: Option<String>,
        /// `type`.
        "type" type_: Vec<CodeableConcept>,
        /// `telecom`.
        "telecom" telecom: Vec<ContactPoint>,
        /// `address`.
        "address" address: Option<Address>,
        /// `managingOrganization`.
        "managingOrganization" managing_organization: Option<Reference>,
        /// `partOf`.
        "partOf" part_of: Option<Reference>,
    }
}

fhir_type! {
    resource "Immunization"
    /// `Immunization`: one ORDER group (ORC, RXA, RXR and the OBX the CDC IG ties to a dose).
    Immunization {
        /// Logical id.
        "id" id: Option<String>,
        /// `meta`.
        "meta" meta: Option<Meta>,
        /// `extension`.
        "extension" extension: Vec<Extension>,
        /// `modifierExtension`.
        "modifierExtension" modifier_extension: Vec<Extension>,
        /// `identifier` (ORC-2 PLAC, ORC-3 FILL).
        "identifier" identifier: Vec<Identifier>,
        /// `status` (completed | entered-in-error | not-done).
        "status" status: Option<String>,
        /// `statusReason` (RXA-18).
        "statusReason" status_reason: Option<CodeableConcept>,
        /// `vaccineCode` (RXA-5).
        "vaccineCode" vaccine_code: Option<CodeableConcept>,
        /// `patient`.
        "patient" patient: Option<Reference>,
        /// `encounter`.
        "encounter" encounter: Option<Reference>,
        /// `occurrenceDateTime` (RXA-3).
        "occurrenceDateTime" occurrence_date_time: Option<String>,
        /// `occurrenceString`.
        "occurrenceString" occurrence_string: Option<String>,
        /// `recorded` (RXA-22 / ORC-9).
        "recorded" recorded: Option<String>,
        /// `primarySource` (RXA-9 = 00).
        "primarySource" primary_source: Option<bool>,
        /// `reportOrigin` (RXA-9 01–08).
        "reportOrigin" report_origin: Option<CodeableConcept>,
        /// `location` (RXA-11).
        "location" location: Option<Reference>,
        /// `manufacturer` (RXA-17).
        "manufacturer" manufacturer: Option<Reference>,
        /// `lotNumber` (RXA-15).
        "lotNumber" lot_number: Option<String>,
        /// `expirationDate` (RXA-16).
        "expirationDate" expiration_date: Option<String>,
        /// `site` (RXR-2).
        "site" site: Option<CodeableConcept>,
        /// `route` (RXR-1).
        "route" route: Option<CodeableConcept>,
        /// `doseQuantity` (RXA-6/7).
        "doseQuantity" dose_quantity: Option<Quantity>,
        /// `performer` (RXA-10 AP, ORC-12 OP, ORC-10 EP).
        "performer" performer: Vec<ImmunizationPerformer>,
        /// `note`.
        "note" note: Vec<Annotation>,
        /// `reasonCode` (RXA-19).
        "reasonCode" reason_code: Vec<CodeableConcept>,
        /// `reasonReference`.
        "reasonReference" reason_reference: Vec<Reference>,
        /// `isSubpotent` (RXA-20 = PA).
        "isSubpotent" is_subpotent: Option<bool>,
        /// `subpotentReason`.
        "subpotentReason" subpotent_reason: Vec<CodeableConcept>,
        /// `education` (VIS OBX 69764-9 / 29768-9 / 29769-7 / 30956-7).
        "education" education: Vec<ImmunizationEducation>,
        /// `programEligibility` (OBX 64994-7).
        "programEligibility" program_eligibility: Vec<CodeableConcept>,
        /// `fundingSource` (OBX 30963-3).
        "fundingSource" funding_source: Option<CodeableConcept>,
        /// `reaction`.
        "reaction" reaction: Vec<ImmunizationReaction>,
        /// `protocolApplied`.
        "protocolApplied" protocol_applied: Vec<ImmunizationProtocolApplied>,
    }
}

fhir_type! {
    /// `Immunization.performer`.
    ImmunizationPerformer {
        /// `function` (v2-0443 AP / OP / EP).
        "function" function: Option<CodeableConcept>,
        /// `actor`.
        "actor" actor: Option<Reference>,
    }
}

fhir_type! {
    /// `Immunization.education`: one Vaccine Information Statement.
    ImmunizationEducation {
        /// `documentType` (the VIS GS1 barcode string).
        "documentType" document_type: Option<String>,
        /// `reference` (uri).
        "reference" reference: Option<String>,
        /// `publicationDate` (dateTime).
        "publicationDate" publication_date: Option<String>,
        /// `presentationDate` (dateTime).
        "presentationDate" presentation_date: Option<String>,
        /// `extension` (izkit's `vis-vaccine-type`: OBX 30956-7 of the VIS group).
        "extension" extension: Vec<Extension>,
    }
}

fhir_type! {
    /// `Immunization.reaction`.
    ImmunizationReaction {
        /// `date`.
        "date" date: Option<String>,
        /// `detail` (Observation).
        "detail" detail: Option<Reference>,
        /// `reported`.
        "reported" reported: Option<bool>,
    }
}

fhir_type! {
    /// `Immunization.protocolApplied`.
    ImmunizationProtocolApplied {
        /// `series`.
        "series" series: Option<String>,
        /// `authority`.
        "authority" authority: Option<Reference>,
        /// `targetDisease`.
        "targetDisease" target_disease: Vec<CodeableConcept>,
        /// `doseNumberPositiveInt`.
        "doseNumberPositiveInt" dose_number_positive_int: Option<u32>,
        /// `doseNumberString`.
        "doseNumberString" dose_number_string: Option<String>,
        /// `seriesDosesPositiveInt`.
        "seriesDosesPositiveInt" series_doses_positive_int: Option<u32>,
        /// `seriesDosesString`.
        "seriesDosesString" series_doses_string: Option<String>,
    }
}

fhir_type! {
    resource "ImmunizationEvaluation"
    /// `ImmunizationEvaluation`: an IIS's evaluation of one dose (RSP Z42, OBX 59781-5 ...).
    ImmunizationEvaluation {
        /// Logical id.
        "id" id: Option<String>,
        /// `meta`.
        "meta" meta: Option<Meta>,
        /// `extension`.
        "extension" extension: Vec<Extension>,
        /// `modifierExtension`.
        "modifierExtension" modifier_extension: Vec<Extension>,
        /// `identifier`.
        "identifier" identifier: Vec<Identifier>,
        /// `status` (completed | entered-in-error).
        "status" status: Option<String>,
        /// `patient`.
        "patient" patient: Option<Reference>,
        /// `date`.
        "date" date: Option<String>,
        /// `authority`.
        "authority" authority: Option<Reference>,
        /// `targetDisease`.
        "targetDisease" target_disease: Option<CodeableConcept>,
        /// `immunizationEvent`.
        "immunizationEvent" immunization_event: Option<Reference>,
        /// `doseStatus`.
        "doseStatus" dose_status: Option<CodeableConcept>,
        /// `doseStatusReason`.
        "doseStatusReason" dose_status_reason: Vec<CodeableConcept>,
        /// `description`.
        "description" description: Option<String>,
        /// `series`.
        "series" series: Option<String>,
        /// `doseNumberPositiveInt`.
        "doseNumberPositiveInt" dose_number_positive_int: Option<u32>,
        /// `doseNumberString`.
        "doseNumberString" dose_number_string: Option<String>,
        /// `seriesDosesPositiveInt`.
        "seriesDosesPositiveInt" series_doses_positive_int: Option<u32>,
        /// `seriesDosesString`.
        "seriesDosesString" series_doses_string: Option<String>,
    }
}

fhir_type! {
    resource "ImmunizationRecommendation"
    /// `ImmunizationRecommendation`: an IIS forecast (RSP Z42).
    ImmunizationRecommendation {
        /// Logical id.
        "id" id: Option<String>,
        /// `meta`.
        "meta" meta: Option<Meta>,
        /// `extension`.
        "extension" extension: Vec<Extension>,
        /// `modifierExtension`.
        "modifierExtension" modifier_extension: Vec<Extension>,
        /// `identifier`.
        "identifier" identifier: Vec<Identifier>,
        /// `patient`.
        "patient" patient: Option<Reference>,
        /// `date`.
        "date" date: Option<String>,
        /// `authority` (the schedule's author, e.g. ACIP).
        "authority" authority: Option<Reference>,
        /// `recommendation`.
        "recommendation" recommendation: Vec<ImmunizationRecommendationRecommendation>,
    }
}

fhir_type! {
    /// `ImmunizationRecommendation.recommendation`: one forecast group (OBX-4).
    ImmunizationRecommendationRecommendation {
        /// `extension`.
        "extension" extension: Vec<Extension>,
        /// `vaccineCode`.
        "vaccineCode" vaccine_code: Vec<CodeableConcept>,
        /// `targetDisease`.
        "targetDisease" target_disease: Option<CodeableConcept>,
        /// `contraindicatedVaccineCode`.
        "contraindicatedVaccineCode" contraindicated_vaccine_code: Vec<CodeableConcept>,
        /// `forecastStatus` (59783-1).
        "forecastStatus" forecast_status: Option<CodeableConcept>,
        /// `forecastReason` (30982-3).
        "forecastReason" forecast_reason: Vec<CodeableConcept>,
        /// `dateCriterion` (30980-7, 30981-5, 59778-1, 59777-3).
        "dateCriterion" date_criterion: Vec<DateCriterion>,
        /// `description`.
        "description" description: Option<String>,
        /// `series`.
        "series" series: Option<String>,
        /// `doseNumberPositiveInt` (30973-2).
        "doseNumberPositiveInt" dose_number_positive_int: Option<u32>,
        /// `doseNumberString`.
        "doseNumberString" dose_number_string: Option<String>,
        /// `seriesDosesPositiveInt`.
        "seriesDosesPositiveInt" series_doses_positive_int: Option<u32>,
        /// `seriesDosesString`.
        "seriesDosesString" series_doses_string: Option<String>,
        /// `supportingImmunization`.
        "supportingImmunization" supporting_immunization: Vec<Reference>,
        /// `supportingPatientInformation`.
        "supportingPatientInformation" supporting_patient_information: Vec<Reference>,
    }
}

fhir_type! {
    /// `ImmunizationRecommendation.recommendation.dateCriterion`.
    DateCriterion {
        /// `code` (a LOINC date code).
        "code" code: Option<CodeableConcept>,
        /// `value` (dateTime).
        "value" value: Option<String>,
    }
}

fhir_type! {
    resource "Observation"
    /// `Observation`: an OBX that is not mapped onto an Immunization.
    Observation {
        /// Logical id.
        "id" id: Option<String>,
        /// `meta`.
        "meta" meta: Option<Meta>,
        /// `extension`.
        "extension" extension: Vec<Extension>,
        /// `modifierExtension`.
        "modifierExtension" modifier_extension: Vec<Extension>,
        /// `identifier`.
        "identifier" identifier: Vec<Identifier>,
        /// `partOf` (the Immunization of the ORDER group).
        "partOf" part_of: Vec<Reference>,
        /// `status` (OBX-11).
        "status" status: Option<String>,
        /// `category`.
        "category" category: Vec<CodeableConcept>,
        /// `code` (OBX-3).
        "code" code: Option<CodeableConcept>,
        /// `subject`.
        "subject" subject: Option<Reference>,
        /// `focus`.
        "focus" focus: Vec<Reference>,
        /// `effectiveDateTime` (OBX-14).
        "effectiveDateTime" effective_date_time: Option<String>,
        /// `issued`.
        "issued" issued: Option<String>,
        /// `performer`.
        "performer" performer: Vec<Reference>,
        /// `valueQuantity` (NM, SN).
        "valueQuantity" value_quantity: Option<Quantity>,
        /// `valueCodeableConcept` (CE, CWE).
        "valueCodeableConcept" value_codeable_concept: Option<CodeableConcept>,
        /// `valueString` (ST, TX, FT).
        "valueString" value_string: Option<String>,
        /// `valueBoolean`.
        "valueBoolean" value_boolean: Option<bool>,
        /// `valueInteger`.
        "valueInteger" value_integer: Option<i64>,
        /// `valueDateTime` (DT, TS, DTM).
        "valueDateTime" value_date_time: Option<String>,
        /// `valuePeriod`.
        "valuePeriod" value_period: Option<Period>,
        /// `dataAbsentReason`.
        "dataAbsentReason" data_absent_reason: Option<CodeableConcept>,
        /// `interpretation`.
        "interpretation" interpretation: Vec<CodeableConcept>,
        /// `note`.
        "note" note: Vec<Annotation>,
        /// `method` (OBX-17).
        "method" method: Option<CodeableConcept>,
        /// `component`.
        "component" component: Vec<ObservationComponent>,
    }
}

fhir_type! {
    /// `Observation.component`.
    ObservationComponent {
        /// `code`.
        "code" code: Option<CodeableConcept>,
        /// `valueQuantity`.
        "valueQuantity" value_quantity: Option<Quantity>,
        /// `valueCodeableConcept`.
        "valueCodeableConcept" value_codeable_concept: Option<CodeableConcept>,
        /// `valueString`.
        "valueString" value_string: Option<String>,
        /// `valueDateTime`.
        "valueDateTime" value_date_time: Option<String>,
        /// `dataAbsentReason`.
        "dataAbsentReason" data_absent_reason: Option<CodeableConcept>,
    }
}

fhir_type! {
    resource "OperationOutcome"
    /// `OperationOutcome`: an ACK's or RSP Z33's errors.
    OperationOutcome {
        /// Logical id.
        "id" id: Option<String>,
        /// `meta`.
        "meta" meta: Option<Meta>,
        /// `extension`.
        "extension" extension: Vec<Extension>,
        /// `modifierExtension`.
        "modifierExtension" modifier_extension: Vec<Extension>,
        /// `issue`.
        "issue" issue: Vec<OperationOutcomeIssue>,
    }
}

fhir_type! {
    /// `OperationOutcome.issue`: one ERR.
    OperationOutcomeIssue {
        /// `extension`.
        "extension" extension: Vec<Extension>,
        /// `severity` (fatal | error | warning | information).
        "severity" severity: Option<String>,
        /// `code` (an IssueType).
        "code" code: Option<String>,
        /// `details` (ERR-3, ERR-5).
        "details" details: Option<CodeableConcept>,
        /// `diagnostics` (ERR-8).
        "diagnostics" diagnostics: Option<String>,
        /// `location` (ERR-2, as an HL7 path).
        "location" location: Vec<String>,
        /// `expression`.
        "expression" expression: Vec<String>,
    }
}

fhir_type! {
    resource "Parameters"
    /// `Parameters`: the query parameters of a QBP (FHIR → QBP Z34/Z44).
    Parameters {
        /// Logical id.
        "id" id: Option<String>,
        /// `meta`.
        "meta" meta: Option<Meta>,
        /// `parameter`.
        "parameter" parameter: Vec<ParametersParameter>,
    }
}

fhir_type! {
    /// `Parameters.parameter`.
    ParametersParameter {
        /// `name`.
        "name" name: Option<String>,
        /// `valueString`.
        "valueString" value_string: Option<String>,
        /// `valueCode`.
        "valueCode" value_code: Option<String>,
        /// `valueDate`.
        "valueDate" value_date: Option<String>,
        /// `valueDateTime`.
        "valueDateTime" value_date_time: Option<String>,
        /// `valueBoolean`.
        "valueBoolean" value_boolean: Option<bool>,
        /// `valueInteger`.
        "valueInteger" value_integer: Option<i64>,
        /// `valueUri`.
        "valueUri" value_uri: Option<String>,
        /// `valueIdentifier`.
        "valueIdentifier" value_identifier: Option<Identifier>,
        /// `valueReference`.
        "valueReference" value_reference: Option<Reference>,
        /// `valueHumanName`.
        "valueHumanName" value_human_name: Option<HumanName>,
        /// `valueAddress`.
        "valueAddress" value_address: Option<Address>,
        /// `valueContactPoint`.
        "valueContactPoint" value_contact_point: Option<ContactPoint>,
        /// `valueCoding`.
        "valueCoding" value_coding: Option<Coding>,
        /// `valueCodeableConcept`.
        "valueCodeableConcept" value_codeable_concept: Option<CodeableConcept>,
        /// `resource`.
        "resource" resource: Option<Resource>,
        /// `part`.
        "part" part: Vec<ParametersParameter>,
    }
}
