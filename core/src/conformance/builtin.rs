//! The compiled-in CDC IZ profiles: the postcard blob the build script writes from
//! `data/profiles/nist-iz-r1.5/` (see `build/profiles.rs`).

use super::model::ProfileSetData;

static BLOB: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/profiles.bin"));

/// Decodes the compiled-in profile set. [`ProfileSet::builtin`](super::ProfileSet::builtin)
/// calls this once and keeps the result.
///
/// This cannot fail at run time: the build script produced the blob from the same model
/// types with the same serializer, and the build itself fails when the XML does not load, so
/// a library that compiled carries a blob that decodes. A decode failure would mean a broken
/// build, which is what the `expect` says.
pub(crate) fn data() -> ProfileSetData {
    postcard::from_bytes(BLOB).expect("compiled-in profiles decode (written by build.rs)")
}
