//! Parse limits: plain struct with `Default` and chained setters.
//!
//! The defaults accept every real message izkit has seen (including OBX segments carrying
//! base64 documents) while bounding the work and memory one hostile input can cause.

/// Limits applied while parsing. Every check is linear in the input size.
///
/// ```
/// let opts = izkit::ParseOptions::default().max_segments(500);
/// assert_eq!(opts.max_segments, 500);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseOptions {
    /// Largest message accepted, in bytes (default 64 MiB; at most 1 GiB, since offsets are
    /// stored in 30 bits inside the full index).
    pub max_message_size: usize,
    /// Most segments in one message (default 1,000,000).
    pub max_segments: usize,
    /// Longest field, in bytes (default 32 MiB).
    pub max_field_length: usize,
}

/// The hard cap on message size: offsets in the full index are 30-bit.
pub const HARD_MAX_MESSAGE_SIZE: usize = 1 << 30;

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions {
            max_message_size: 64 << 20,
            max_segments: 1_000_000,
            max_field_length: 32 << 20,
        }
    }
}

impl ParseOptions {
    /// Sets [`ParseOptions::max_message_size`] (capped at 1 GiB).
    pub fn max_message_size(mut self, bytes: usize) -> Self {
        self.max_message_size = bytes.min(HARD_MAX_MESSAGE_SIZE);
        self
    }

    /// Sets [`ParseOptions::max_segments`].
    pub fn max_segments(mut self, n: usize) -> Self {
        self.max_segments = n;
        self
    }

    /// Sets [`ParseOptions::max_field_length`].
    pub fn max_field_length(mut self, bytes: usize) -> Self {
        self.max_field_length = bytes;
        self
    }
}
