//! Compiles the data that is code into the library: the NIST conformance profiles
//! (`data/profiles/`), the CDC code tables (`data/tables/`) and the IIS jurisdictions
//! (`data/jurisdictions/`), each into a binary blob in
//! `OUT_DIR` that the library decodes once on first use. No XML or CSV is parsed at run time
//! for the built-ins.

// The library's own model and readers, shared with the build script so the built-ins and
// the run-time loaders can never disagree. They refer to each other as
// `crate::conformance::...`, which the re-exports below provide here too.
#[allow(dead_code, missing_docs)]
#[path = "src/conformance/model.rs"]
mod model_file;
#[allow(dead_code, missing_docs)]
#[path = "src/conformance/table_data.rs"]
mod table_data_file;
#[allow(dead_code, missing_docs)]
#[path = "src/conformance/xml.rs"]
mod xml_file;
mod conformance {
    pub(crate) use super::model_file as model;
    pub(crate) use super::table_data_file as table_data;
    pub(crate) use super::xml_file as xml;
}
#[allow(dead_code, missing_docs)]
#[path = "src/route/jurisdiction_data.rs"]
mod jurisdiction_data_file;
mod route {
    pub(crate) use super::jurisdiction_data_file as jurisdiction_data;
}

#[path = "build/fhir_vocab.rs"]
mod fhir_vocab;
#[path = "build/jurisdictions.rs"]
mod jurisdictions;
#[path = "build/profiles.rs"]
mod profiles;
#[path = "build/tables.rs"]
mod tables;

fn main() {
    profiles::compile();
    tables::compile();
    fhir_vocab::compile();
    jurisdictions::compile();
}
