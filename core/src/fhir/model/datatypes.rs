//! FHIR R4 general-purpose datatypes: the parts of them the v2 mapping reads and writes.

use super::macros::fhir_type;
use super::Decimal;

fhir_type! {
    /// `Extension`: a URL and one value (only the value types izkit uses are typed; any other
    /// `value[x]` is kept in `extra`).
    Extension {
        /// `url`: what the extension means.
        "url" url: Option<String>,
        /// Nested extensions (complex extensions such as US Core race).
        "extension" extension: Vec<Extension>,
        /// `valueString`.
        "valueString" value_string: Option<String>,
        /// `valueCode`.
        "valueCode" value_code: Option<String>,
        /// `valueBoolean`.
        "valueBoolean" value_boolean: Option<bool>,
        /// `valueInteger`.
        "valueInteger" value_integer: Option<i64>,
        /// `valueDecimal`.
        "valueDecimal" value_decimal: Option<Decimal>,
        /// `valueDate`.
        "valueDate" value_date: Option<String>,
        /// `valueDateTime`.
        "valueDateTime" value_date_time: Option<String>,
        /// `valueUri`.
        "valueUri" value_uri: Option<String>,
        /// `valueCoding`.
        "valueCoding" value_coding: Option<Coding>,
        /// `valueCodeableConcept`.
        "valueCodeableConcept" value_codeable_concept: Option<CodeableConcept>,
        /// `valueIdentifier`.
        "valueIdentifier" value_identifier: Option<Identifier>,
        /// `valueReference`.
        "valueReference" value_reference: Option<Reference>,
        /// `valueAddress`.
        "valueAddress" value_address: Option<Address>,
        /// `valuePeriod`.
        "valuePeriod" value_period: Option<Period>,
    }
}

fhir_type! {
    /// `Meta`: resource metadata; izkit puts PD1-12 (protection) in `security`.
    Meta {
        /// `versionId`.
        "versionId" version_id: Option<String>,
        /// `lastUpdated` (instant).
        "lastUpdated" last_updated: Option<String>,
        /// `source` (uri).
        "source" source: Option<String>,
        /// `profile` (canonical URLs).
        "profile" profile: Vec<String>,
        /// `security` labels.
        "security" security: Vec<Coding>,
        /// `tag`s.
        "tag" tag: Vec<Coding>,
    }
}

fhir_type! {
    /// `Coding`: a code in a code system.
    Coding {
        /// `extension`.
        "extension" extension: Vec<Extension>,
        /// `system` (uri).
        "system" system: Option<String>,
        /// `version`.
        "version" version: Option<String>,
        /// `code`.
        "code" code: Option<String>,
        /// `display`.
        "display" display: Option<String>,
        /// `userSelected`.
        "userSelected" user_selected: Option<bool>,
    }
}

fhir_type! {
    /// `CodeableConcept`: codings and/or text.
    CodeableConcept {
        /// `extension`.
        "extension" extension: Vec<Extension>,
        /// `coding`.
        "coding" coding: Vec<Coding>,
        /// `text`.
        "text" text: Option<String>,
    }
}

fhir_type! {
    /// `Identifier`: a business identifier.
    Identifier {
        /// `extension`.
        "extension" extension: Vec<Extension>,
        /// `use` (usual | official | temp | secondary | old).
        "use" use_: Option<String>,
        /// `type`.
        "type" type_: Option<CodeableConcept>,
        /// `system` (uri).
        "system" system: Option<String>,
        /// `value`.
        "value" value: Option<String>,
        /// `period`.
        "period" period: Option<Period>,
        /// `assigner` (Reference(Organization)).
        "assigner" assigner: Option<Box<Reference>>,
    }
}

fhir_type! {
    /// `Reference`: a link to another resource.
    Reference {
        /// `extension`.
        "extension" extension: Vec<Extension>,
        /// `reference` (literal: `Patient/1`, `urn:uuid:...`).
        "reference" reference: Option<String>,
        /// `type` (the target's resource type, as a URI).
        "type" type_: Option<String>,
        /// `identifier` (logical reference).
        "identifier" identifier: Option<Identifier>,
        /// `display`.
        "display" display: Option<String>,
    }
}

fhir_type! {
    /// `Period`: a start and/or an end.
    Period {
        /// `start` (dateTime).
        "start" start: Option<String>,
        /// `end` (dateTime).
        "end" end: Option<String>,
    }
}

fhir_type! {
    /// `HumanName`.
    HumanName {
        /// `extension`.
        "extension" extension: Vec<Extension>,
        /// `use` (usual | official | temp | nickname | anonymous | old | maiden).
        "use" use_: Option<String>,
        /// `text`.
        "text" text: Option<String>,
        /// `family`.
        "family" family: Option<String>,
        /// `given` names, in order.
        "given" given: Vec<String>,
        /// `prefix`es.
        "prefix" prefix: Vec<String>,
        /// `suffix`es.
        "suffix" suffix: Vec<String>,
        /// `period`.
        "period" period: Option<Period>,
    }
}

fhir_type! {
    /// `Address`.
    Address {
        /// `extension`.
        "extension" extension: Vec<Extension>,
        /// `use` (home | work | temp | old | billing).
        "use" use_: Option<String>,
        /// `type` (postal | physical | both).
        "type" type_: Option<String>,
        /// `text`.
        "text" text: Option<String>,
        /// `line`s.
        "line" line: Vec<String>,
        /// `city`.
        "city" city: Option<String>,
        /// `district` (county).
        "district" district: Option<String>,
        /// `state`.
        "state" state: Option<String>,
        /// `postalCode`.
        "postalCode" postal_code: Option<String>,
        /// `country`.
        "country" country: Option<String>,
        /// `period`.
        "period" period: Option<Period>,
    }
}

fhir_type! {
    /// `ContactPoint`: a phone number, email address ...
    ContactPoint {
        /// `extension`.
        "extension" extension: Vec<Extension>,
        /// `system` (phone | fax | email | pager | url | sms | other).
        "system" system: Option<String>,
        /// `value`.
        "value" value: Option<String>,
        /// `use` (home | work | temp | old | mobile).
        "use" use_: Option<String>,
        /// `rank`.
        "rank" rank: Option<u32>,
        /// `period`.
        "period" period: Option<Period>,
    }
}

fhir_type! {
    /// `Quantity` (also used for `SimpleQuantity`).
    Quantity {
        /// `value`.
        "value" value: Option<Decimal>,
        /// `comparator`.
        "comparator" comparator: Option<String>,
        /// `unit` (display text).
        "unit" unit: Option<String>,
        /// `system` (uri, e.g. UCUM).
        "system" system: Option<String>,
        /// `code`.
        "code" code: Option<String>,
    }
}

fhir_type! {
    /// `Annotation`: a note.
    Annotation {
        /// `authorString`.
        "authorString" author_string: Option<String>,
        /// `authorReference`.
        "authorReference" author_reference: Option<Reference>,
        /// `time` (dateTime).
        "time" time: Option<String>,
        /// `text` (markdown).
        "text" text: Option<String>,
    }
}
