"""izkit: US immunization HL7 v2.5.1 messages — parse, read by path, locate, build.

The implementation is the Rust core (``izkit._izkit``); this package re-exports it. See
``docs/BINDINGS-API.md`` for the API shared with Node and WASM.
"""

from ._izkit import (
    EditError,
    Field,
    IzkitError,
    Message,
    MessageBuilder,
    ParseError,
    PathError,
    Segment,
    __version__,
    locate,
    parse,
    parse_many,
)

__all__ = [
    "EditError",
    "Field",
    "IzkitError",
    "Message",
    "MessageBuilder",
    "ParseError",
    "PathError",
    "Segment",
    "__version__",
    "locate",
    "parse",
    "parse_many",
]
