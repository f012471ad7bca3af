//! Compiles the data that is code into the library: the NIST conformance profiles
//! (`data/profiles/`) and the CDC code tables (`data/tables/`), each into a binary blob in
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

#[path = "build/fhir_vocab.rs"]
mod fhir_vocab;
#[path = "build/profiles.rs"]
mod profiles;
#[path = "build/tables.rs"]
mod tables;

fn main() {
    profiles::compile();
    tables::compile();
    fhir_vocab::compile();
}
