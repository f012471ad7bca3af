//! The HL7 v2 syntax layer: delimiters, escapes, paths, zero-copy parsing into borrowed views,
//! `locate(offset)`, the owned builder and byte-exact serializer, character sets, MLLP frames,
//! batch files and streams of many messages.
//!
//! Start with [`Message::parse`] (one message) or [`parse_many`] / [`MessageReader`] (many).

pub mod charset;
pub mod delimiters;
pub mod escape;
pub mod message;
pub mod options;
pub mod path;
mod scan;
pub mod stream;
pub(crate) mod swar;
pub mod tree;
pub mod view;
pub mod writer;

pub use charset::{declared_charset, decode_bytes, Charset};
pub use delimiters::Delimiters;
pub use message::Message;
pub use options::ParseOptions;
pub use path::Path;
pub use scan::Terminator;
pub use stream::{
    parse_many, parse_many_with, BatchTracker, Item, ItemKind, MessageReader, Splitter,
};
pub use tree::{SegmentTree, Tree};
pub use view::{Component, Field, Node, Repetition, Segment, Subcomponent};
pub use writer::OwnedMessage;
