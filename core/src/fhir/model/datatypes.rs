//! FHIR R4 general-purpose datatypes: the parts of them the v2 mapping reads and writes.

use super::macros::fhir_type;
use super::Decimal;
use std::borrow::Cow;

fhir_type! {
    /// `Extension`: a URL and one value (only the value types izkit uses are typed; any other
    /// `value[x]` is kept in `extra`).
    Extension<'a> {
        /// `url`: what the extension means.
        "url" url: Option<Cow<'a, str>>,
        /// Nested extensions (complex extensions such as US Core race).
        "extension" extension: Vec<Extension<'a>>,
        /// `valueString`.
        "valueString" value_string: Option<Cow<'a, str>>,
        /// `valueCode`.
        "valueCode" value_code: Option<Cow<'a, str>>,
        /// `valueBoolean`.
        "valueBoolean" value_boolean: Option<bool>,
        /// `valueInteger`.
        "valueInteger" value_integer: Option<i64>,
        /// `valueDecimal`.
        "valueDecimal" value_decimal: Option<Decimal>,
        /// `valueDate`.
        "valueDate" value_date: Option<Cow<'a, str>>,
        /// `valueDateTime`.
        "valueDateTime" value_date_time: Option<Cow<'a, str>>,
        /// `valueUri`.
        "valueUri" value_uri: Option<Cow<'a, str>>,
        /// `valueCoding`.
        "valueCoding" value_coding: Option<Coding<'a>>,
        /// `valueCodeableConcept`.
        "valueCodeableConcept" value_codeable_concept: Option<CodeableConcept<'a>>,
        /// `valueIdentifier`.
        "valueIdentifier" value_identifier: Option<Identifier<'a>>,
        /// `valueReference`.
        "valueReference" value_reference: Option<Reference<'a>>,
        /// `valueAddress`.
        "valueAddress" value_address: Option<Address<'a>>,
        /// `valuePeriod`.
        "valuePeriod" value_period: Option<Period<'a>>,
    }
}

fhir_type! {
    /// `Meta`: resource metadata; izkit puts PD1-12 (protection) in `security`.
    Meta<'a> {
        /// `versionId`.
        "versionId" version_id: Option<Cow<'a, str>>,
        /// `lastUpdated` (instant).
        "lastUpdated" last_updated: Option<Cow<'a, str>>,
        /// `source` (uri).
        "source" source: Option<Cow<'a, str>>,
        /// `profile` (canonical URLs).
        "profile" profile: Vec<Cow<'a, str>>,
        /// `security` labels.
        "security" security: Vec<Coding<'a>>,
        /// `tag`s.
        "tag" tag: Vec<Coding<'a>>,
    }
}

fhir_type! {
    /// `Coding`: a code in a code system.
    Coding<'a> {
        /// `extension`.
        "extension" extension: Vec<Extension<'a>>,
        /// `system` (uri).
        "system" system: Option<Cow<'a, str>>,
        /// `version`.
        "version" version: Option<Cow<'a, str>>,
        /// `code`.
        "code" code: Option<Cow<'a, str>>,
        /// `display`.
        "display" display: Option<Cow<'a, str>>,
        /// `userSelected`.
        "userSelected" user_selected: Option<bool>,
    }
}

fhir_type! {
    /// `CodeableConcept`: codings and/or text.
    CodeableConcept<'a> {
        /// `extension`.
        "extension" extension: Vec<Extension<'a>>,
        /// `coding`.
        "coding" coding: Vec<Coding<'a>>,
        /// `text`.
        "text" text: Option<Cow<'a, str>>,
    }
}

fhir_type! {
    /// `Identifier`: a business identifier.
    Identifier<'a> {
        /// `extension`.
        "extension" extension: Vec<Extension<'a>>,
        /// `use` (usual | official | temp | secondary | old).
        "use" use_: Option<Cow<'a, str>>,
        /// `type`.
        "type" type_: Option<CodeableConcept<'a>>,
        /// `system` (uri).
        "system" system: Option<Cow<'a, str>>,
        /// `value`.
        "value" value: Option<Cow<'a, str>>,
        /// `period`.
        "period" period: Option<Period<'a>>,
        /// `assigner` (Reference(Organization)).
        "assigner" assigner: Option<Box<Reference<'a>>>,
    }
}

fhir_type! {
    /// `Reference`: a link to another resource.
    Reference<'a> {
        /// `extension`.
        "extension" extension: Vec<Extension<'a>>,
        /// `reference` (literal: `Patient/1`, `urn:uuid:...`).
        "reference" reference: Option<Cow<'a, str>>,
        /// `type` (the target's resource type, as a URI).
        "type" type_: Option<Cow<'a, str>>,
        /// `identifier` (logical reference).
        "identifier" identifier: Option<Identifier<'a>>,
        /// `display`.
        "display" display: Option<Cow<'a, str>>,
    }
}

fhir_type! {
    /// `Period`: a start and/or an end.
    Period<'a> {
        /// `start` (dateTime).
        "start" start: Option<Cow<'a, str>>,
        /// `end` (dateTime).
        "end" end: Option<Cow<'a, str>>,
    }
}

fhir_type! {
    /// `HumanName`.
    HumanName<'a> {
        /// `extension`.
        "extension" extension: Vec<Extension<'a>>,
        /// `use` (usual | official | temp | nickname | anonymous | old | maiden).
        "use" use_: Option<Cow<'a, str>>,
        /// `text`.
        "text" text: Option<Cow<'a, str>>,
        /// `family`.
        "family" family: Option<Cow<'a, str>>,
        /// `given` names, in order.
        "given" given: Vec<Cow<'a, str>>,
        /// `prefix`es.
        "prefix" prefix: Vec<Cow<'a, str>>,
        /// `suffix`es.
        "suffix" suffix: Vec<Cow<'a, str>>,
        /// `period`.
        "period" period: Option<Period<'a>>,
    }
}

fhir_type! {
    /// `Address`.
    Address<'a> {
        /// `extension`.
        "extension" extension: Vec<Extension<'a>>,
        /// `use` (home | work | temp | old | billing).
        "use" use_: Option<Cow<'a, str>>,
        /// `type` (postal | physical | both).
        "type" type_: Option<Cow<'a, str>>,
        /// `text`.
        "text" text: Option<Cow<'a, str>>,
        /// `line`s.
        "line" line: Vec<Cow<'a, str>>,
        /// `city`.
        "city" city: Option<Cow<'a, str>>,
        /// `district` (county).
        "district" district: Option<Cow<'a, str>>,
        /// `state`.
        "state" state: Option<Cow<'a, str>>,
        /// `postalCode`.
        "postalCode" postal_code: Option<Cow<'a, str>>,
        /// `country`.
        "country" country: Option<Cow<'a, str>>,
        /// `period`.
        "period" period: Option<Period<'a>>,
    }
}

fhir_type! {
    /// `ContactPoint`: a phone number, email address ...
    ContactPoint<'a> {
        /// `extension`.
        "extension" extension: Vec<Extension<'a>>,
        /// `system` (phone | fax | email | pager | url | sms | other).
        "system" system: Option<Cow<'a, str>>,
        /// `value`.
        "value" value: Option<Cow<'a, str>>,
        /// `use` (home | work | temp | old | mobile).
        "use" use_: Option<Cow<'a, str>>,
        /// `rank`.
        "rank" rank: Option<u32>,
        /// `period`.
        "period" period: Option<Period<'a>>,
    }
}

fhir_type! {
    /// `Quantity` (also used for `SimpleQuantity`).
    Quantity<'a> {
        /// `value`.
        "value" value: Option<Decimal>,
        /// `comparator`.
        "comparator" comparator: Option<Cow<'a, str>>,
        /// `unit` (display text).
        "unit" unit: Option<Cow<'a, str>>,
        /// `system` (uri, e.g. UCUM).
        "system" system: Option<Cow<'a, str>>,
        /// `code`.
        "code" code: Option<Cow<'a, str>>,
    }
}

fhir_type! {
    /// `Annotation`: a note.
    Annotation<'a> {
        /// `authorString`.
        "authorString" author_string: Option<Cow<'a, str>>,
        /// `authorReference`.
        "authorReference" author_reference: Option<Reference<'a>>,
        /// `time` (dateTime).
        "time" time: Option<Cow<'a, str>>,
        /// `text` (markdown).
        "text" text: Option<Cow<'a, str>>,
    }
}
