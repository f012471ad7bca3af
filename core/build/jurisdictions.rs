//! Compiles the IIS jurisdictions table in `data/jurisdictions/` (`iis-jurisdictions.csv` and the
//! derived MSH-5/MSH-6 values in `receivers.csv`) into `OUT_DIR/jurisdictions.bin`: postcard-encoded
//! rows that `Jurisdictions::builtin()` decodes once. Bad data stops the build with the file,
//! line and column at fault.

use crate::route::jurisdiction_data::{self, JURISDICTIONS_FILE, RECEIVERS_FILE};
use std::path::PathBuf;

/// Reads and checks the two files and writes `jurisdictions.bin`.
pub fn compile() {
    let manifest =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let dir = manifest.join("data").join("jurisdictions");
    println!("cargo:rerun-if-changed={}", dir.display());
    let read = |name: &str| {
        let path = dir.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read jurisdictions file {}: {e}", path.display()))
    };
    let table = read(JURISDICTIONS_FILE);
    let receivers = read(RECEIVERS_FILE);
    let rows = jurisdiction_data::read(&table, Some(&receivers))
        .unwrap_or_else(|e| panic!("invalid jurisdictions table in data/jurisdictions: {e}"));
    if rows.is_empty() {
        panic!("the jurisdictions table in data/jurisdictions must not be empty");
    }
    let bytes = postcard::to_stdvec(&rows).expect("jurisdictions serialize");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let path = out.join("jurisdictions.bin");
    std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}
