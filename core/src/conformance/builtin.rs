//! PLACEHOLDER (helper A replaces): the compiled-in CDC profiles.
use super::model::ProfileSetData;

static BLOB: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/profiles.bin"));

/// Decodes the compiled-in profile set.
pub(crate) fn data() -> ProfileSetData {
    postcard::from_bytes(BLOB).expect("compiled-in profiles decode")
}
