//! The FHIR Bundles the FHIR → v2 benchmarks read: the shape an EHR sends (Patient with race,
//! ethnicity, address, phone; a RelatedPerson; two Immunizations, one administered with performer,
//! location, manufacturer, route, site, eligibility, funding and a VIS, one historical; the
//! Practitioner, Organization and Location they reference). About 4.9 KB of JSON each; names,
//! dates and vaccines vary with the bundle number.

/// Number of Bundles the FHIR → v2 benchmarks convert.
pub const BUNDLES: usize = 1000;

const FAMILY: [&str; 8] = [
    "Richardson",
    "O'Brien",
    "Nguyen",
    "García",
    "Smith",
    "Johnson",
    "Lee",
    "Patel",
];
const GIVEN: [&str; 8] = [
    "Russell", "Ann", "Minh", "José", "Mary", "Robert", "Min-jun", "Priya",
];
/// (CVX, NDC, name, MVX, manufacturer)
const VACCINES: [(&str, &str, &str, &str, &str); 4] = [
    (
        "120",
        "49281-0560-05",
        "DTaP-Hib-IPV",
        "PMC",
        "Sanofi Pasteur",
    ),
    (
        "116",
        "00006-4047-20",
        "Rotavirus, pentavalent",
        "MSD",
        "Merck and Co., Inc.",
    ),
    (
        "133",
        "00005-1971-01",
        "Pneumococcal conjugate PCV 13",
        "PFR",
        "Pfizer, Inc",
    ),
    (
        "08",
        "58160-0820-11",
        "Hep B, adolescent or pediatric",
        "SKB",
        "GlaxoSmithKline",
    ),
];

/// Bundle number `i`.
pub fn bundle(i: usize) -> String {
    let family = FAMILY[i % 8];
    let given = GIVEN[(i / 8) % 8];
    let (cvx, ndc, vname, mvx, mname) = VACCINES[i % 4];
    let year = 2015 + i % 8;
    let month = 1 + i % 12;
    let day = 1 + i % 28;
    let gender = if i.is_multiple_of(2) {
        "female"
    } else {
        "male"
    };
    format!(
        r#"{{"resourceType": "Bundle", "type": "collection", "entry": [
  {{"fullUrl": "urn:uuid:p-{i}", "resource": {{"resourceType": "Patient", "id": "p{i}",
    "extension": [
      {{"url": "http://hl7.org/fhir/us/core/StructureDefinition/us-core-race",
        "extension": [{{"url": "ombCategory", "valueCoding": {{"system": "urn:oid:2.16.840.1.113883.6.238", "code": "2106-3", "display": "White"}}}},
                      {{"url": "text", "valueString": "White"}}]}},
      {{"url": "http://hl7.org/fhir/us/core/StructureDefinition/us-core-ethnicity",
        "extension": [{{"url": "ombCategory", "valueCoding": {{"system": "urn:oid:2.16.840.1.113883.6.238", "code": "2186-5", "display": "Not Hispanic or Latino"}}}},
                      {{"url": "text", "valueString": "Not Hispanic or Latino"}}]}},
      {{"url": "http://hl7.org/fhir/StructureDefinition/patient-mothersMaidenName", "valueString": "Billington"}},
      {{"url": "https://izkit.dev/fhir/StructureDefinition/pd1-protection-indicator", "valueCode": "N"}},
      {{"url": "https://izkit.dev/fhir/StructureDefinition/pd1-protection-indicator-date", "valueDate": "{year}-{month:02}-{day:02}"}}],
    "identifier": [{{"system": "urn:oid:2.16.840.1.113883.3.72.5", "assigner": {{"display": "MYEHR"}},
                    "type": {{"coding": [{{"system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "MR"}}]}},
                    "value": "MRN{i:06}"}}],
    "active": true,
    "name": [{{"use": "official", "family": "{family}", "given": ["{given}", "Q"]}}],
    "telecom": [{{"system": "phone", "use": "home", "value": "406555{i:04}"}}],
    "gender": "{gender}", "birthDate": "{year}-{month:02}-{day:02}",
    "address": [{{"use": "home", "line": ["{i} Main Street"], "city": "Bozeman", "state": "MT",
                 "postalCode": "59715", "country": "USA"}}],
    "multipleBirthBoolean": false}}}},
  {{"fullUrl": "urn:uuid:m-{i}", "resource": {{"resourceType": "RelatedPerson",
    "patient": {{"reference": "urn:uuid:p-{i}"}},
    "relationship": [{{"coding": [{{"system": "http://terminology.hl7.org/CodeSystem/v2-0063", "code": "MTH", "display": "Mother"}}]}}],
    "name": [{{"family": "{family}", "given": ["Maria"]}}]}}}},
  {{"fullUrl": "urn:uuid:i1-{i}", "resource": {{"resourceType": "Immunization", "status": "completed",
    "identifier": [{{"type": {{"coding": [{{"system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "FILL"}}]}},
                    "system": "urn:oid:2.16.840.1.113883.3.72.9", "value": "F{i}"}}],
    "vaccineCode": {{"coding": [{{"system": "http://hl7.org/fhir/sid/cvx", "code": "{cvx}", "display": "{vname}"}},
                               {{"system": "http://hl7.org/fhir/sid/ndc", "code": "{ndc}"}}]}},
    "patient": {{"reference": "urn:uuid:p-{i}"}},
    "occurrenceDateTime": "{y2}-{month:02}-{day:02}T10:15:00-05:00",
    "recorded": "{y2}-{month:02}-{day:02}T11:00:00-05:00",
    "primarySource": true,
    "location": {{"reference": "urn:uuid:loc"}},
    "manufacturer": {{"reference": "urn:uuid:org-{mvx}"}},
    "lotNumber": "LOT{i}", "expirationDate": "{y3}-12-31",
    "site": {{"coding": [{{"system": "http://terminology.hl7.org/CodeSystem/v2-0163", "code": "LA", "display": "Left Arm"}}]}},
    "route": {{"coding": [{{"system": "http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl", "code": "C28161", "display": "Intramuscular"}}]}},
    "doseQuantity": {{"value": 0.5, "unit": "mL", "system": "http://unitsofmeasure.org", "code": "mL"}},
    "performer": [{{"function": {{"coding": [{{"system": "http://terminology.hl7.org/CodeSystem/v2-0443", "code": "AP"}}]}},
                    "actor": {{"reference": "urn:uuid:nurse"}}}},
                  {{"function": {{"coding": [{{"system": "http://terminology.hl7.org/CodeSystem/v2-0443", "code": "OP"}}]}},
                    "actor": {{"reference": "urn:uuid:nurse"}}}}],
    "programEligibility": [{{"coding": [{{"system": "http://terminology.hl7.org/CodeSystem/v2-0064", "code": "V02", "display": "VFC eligible - Medicaid/Medicaid Managed Care"}}]}}],
    "fundingSource": {{"coding": [{{"system": "urn:oid:2.16.840.1.114222.4.5.274", "code": "VXC50", "display": "Public"}}]}},
    "education": [{{"documentType": "253088698300017211160720", "presentationDate": "{y2}-{month:02}-{day:02}"}}]}}}},
  {{"fullUrl": "urn:uuid:i2-{i}", "resource": {{"resourceType": "Immunization", "status": "completed",
    "vaccineCode": {{"coding": [{{"system": "http://hl7.org/fhir/sid/cvx", "code": "45", "display": "Hep B, unspecified formulation"}}]}},
    "patient": {{"reference": "urn:uuid:p-{i}"}},
    "occurrenceDateTime": "{y2}-{month:02}-{day:02}",
    "primarySource": false}}}},
  {{"fullUrl": "urn:uuid:nurse", "resource": {{"resourceType": "Practitioner",
    "identifier": [{{"system": "urn:hl7v2:hd:NIST-PI-1", "value": "7824",
                    "type": {{"coding": [{{"system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "PRN"}}]}}}}],
    "name": [{{"family": "Jackson", "given": ["Lily", "Suzanne"]}}]}}}},
  {{"fullUrl": "urn:uuid:loc", "resource": {{"resourceType": "Location", "name": "NIST-Clinic-1"}}}},
  {{"fullUrl": "urn:uuid:org-{mvx}", "resource": {{"resourceType": "Organization", "name": "{mname}",
    "identifier": [{{"system": "http://hl7.org/fhir/sid/mvx", "value": "{mvx}"}}]}}}}
]}}"#,
        y2 = year + 1,
        y3 = year + 3,
    )
}
