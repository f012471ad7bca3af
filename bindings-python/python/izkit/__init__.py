"""izkit: US immunization HL7 v2.5.1 messages — parse, read by path, locate, build, validate
against the CDC IG R1.5 profiles, acknowledge, map to and from FHIR R4, route to IIS jurisdictions.

The implementation is the Rust core (``izkit._izkit``); this package re-exports it, turns
validation findings into dataclasses (``izkit._conformance``) and FHIR JSON into dicts
(``izkit._fhir``) and routings into dataclasses (``izkit._route``). See ``docs/BINDINGS-API.md`` for
the API shared with Node and WASM.
"""

from ._conformance import Finding, Report, Validator, ack, validate, validate_report
from ._fhir import from_fhir, to_fhir, to_fhir_json
from ._route import Decision, Policy, Routing, redact, route, route_report
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
    "Decision",
    "Field",
    "Finding",
    "IzkitError",
    "Message",
    "MessageBuilder",
    "ParseError",
    "PathError",
    "Policy",
    "Report",
    "Routing",
    "Segment",
    "Validator",
    "__version__",
    "ack",
    "from_fhir",
    "locate",
    "parse",
    "parse_many",
    "redact",
    "route",
    "route_report",
    "to_fhir",
    "to_fhir_json",
    "validate",
    "validate_report",
]
