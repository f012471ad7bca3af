//! Compiles the CDC code tables in `data/tables/` (CVX, MVX and CVX-to-vaccine-group CSV files)
//! into `OUT_DIR/tables.bin`: a postcard-encoded `TableData` that `CodeTables::builtin()` decodes
//! once. Bad data stops the build with the file, line and column at fault, so a broken table
//! can never ship.

use crate::conformance::table_data::{self, CVX_FILE, GROUPS_FILE, MVX_FILE};
use std::path::{Path, PathBuf};

/// Reads the three tables, checks them and writes `tables.bin`.
pub fn compile() {
    let manifest =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let dir = manifest.join("data").join("tables");
    // The folder too, so that adding or removing a file reruns the script.
    println!("cargo:rerun-if-changed={}", dir.display());
    let cvx = read(&dir, CVX_FILE);
    let mvx = read(&dir, MVX_FILE);
    let groups = read(&dir, GROUPS_FILE);
    let data = table_data::read(&cvx, &mvx, Some(&groups)).unwrap_or_else(|e| {
        panic!(
            "invalid code table in {}: {e}",
            dir.strip_prefix(&manifest).unwrap_or(&dir).display()
        )
    });
    if data.cvx.is_empty() || data.mvx.is_empty() {
        panic!("the CVX and MVX tables in data/tables must not be empty");
    }
    let bytes = postcard::to_stdvec(&data).expect("code tables serialize");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let path = out.join("tables.bin");
    std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

fn read(dir: &Path, name: &str) -> String {
    let path = dir.join(name);
    println!("cargo:rerun-if-changed={}", path.display());
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read code table {}: {e}", path.display()))
}
