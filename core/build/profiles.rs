//! Compiles the eight CDC IZ profiles of IG R1.5 (NIST's XML, in
//! `data/profiles/nist-iz-r1.5/`) into `OUT_DIR/profiles.bin`, a postcard blob of
//! [`ProfileSetData`] that `src/conformance/builtin.rs` decodes at run time.
//!
//! The XML goes through the same reader as `ProfileSet::from_xml` (`src/conformance/xml.rs`),
//! so a broken data file, or a reader change that cannot read the CDC files any more, fails
//! the build instead of shipping a library whose built-in profiles do not load.

use crate::conformance::model::ProfileSetData;
use crate::conformance::xml;
use std::path::{Path, PathBuf};

/// The data directory, relative to the crate.
const DIR: &str = "data/profiles/nist-iz-r1.5";

/// File-name stems of the profiles, in the order the set lists them: `{stem}_Profile.xml`,
/// `{stem}_Constraints.xml`, `{stem}_ValueSetLibrary.xml`.
const PROFILES: [&str; 8] = [
    "VXU-Z22", "ACK-Z23", "QBP-Z34", "QBP-Z44", "RSP-Z31", "RSP-Z32", "RSP-Z33", "RSP-Z42",
];

/// Reads the eight profiles and writes `OUT_DIR/profiles.bin`; panics (failing the build)
/// with the file and the reason when anything cannot be read.
pub fn compile() {
    let manifest = PathBuf::from(env("CARGO_MANIFEST_DIR"));
    let out = PathBuf::from(env("OUT_DIR"));
    let dir = manifest.join(DIR);
    // Cargo scans a watched directory recursively, so the data directory covers every file.
    for watched in [
        dir.clone(),
        manifest.join("src/conformance/model.rs"),
        manifest.join("src/conformance/xml.rs"),
        manifest.join("build/profiles.rs"),
        manifest.join("build.rs"),
    ] {
        println!("cargo:rerun-if-changed={}", watched.display());
    }

    let mut data = ProfileSetData::default();
    for stem in PROFILES {
        let profile_path = dir.join("profiles").join(format!("{stem}_Profile.xml"));
        let constraints_path = dir
            .join("constraints")
            .join(format!("{stem}_Constraints.xml"));
        let value_sets_path = dir
            .join("valuesets")
            .join(format!("{stem}_ValueSetLibrary.xml"));
        let profile = read(&profile_path);
        let constraints = read(&constraints_path);
        let value_sets = read(&value_sets_path);
        let profiles = xml::load(&profile, Some(&constraints), Some(&value_sets))
            .unwrap_or_else(|e| panic!("built-in profile {stem} does not load: {e}"));
        data.profiles.extend(profiles);
    }

    let blob = postcard::to_stdvec(&data)
        .unwrap_or_else(|e| panic!("cannot serialize the built-in profiles: {e}"));
    let target = out.join("profiles.bin");
    std::fs::write(&target, blob)
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", target.display()));
}

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("cargo sets {name} for build scripts"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| {
        panic!(
            "cannot read built-in profile data {}: {e} (the files ship in core/{DIR})",
            path.display()
        )
    })
}
