"""Type stubs for izkit: US immunization HL7 v2.5.1 messages (the Rust core's Python bindings).

Paths are HL7's, 1-based: ``"PID-5.1"``, ``"RXA[2]-5.1"`` (second RXA), ``"PID-3[2].1"`` (second
repetition), ``"PID-5.1.2"`` (subcomponent). Byte offsets and ranges are 0-based, in bytes of the
UTF-8 text of the message.
"""

from typing import Any, Dict, Iterable, Iterator, List, Mapping, Optional, Tuple, Union, final

__version__: str
__all__ = [
    "EditError",
    "Field",
    "Finding",
    "IzkitError",
    "Message",
    "MessageBuilder",
    "ParseError",
    "PathError",
    "Report",
    "Segment",
    "Validator",
    "__version__",
    "ack",
    "from_fhir",
    "locate",
    "parse",
    "parse_many",
    "to_fhir",
    "to_fhir_json",
    "validate",
    "validate_report",
]

class IzkitError(ValueError):
    """Root of every izkit error (a ValueError).

    ``str(e)`` names the rule broken and where; it never contains message content. Raised as
    such (code ``"unknown_profile"``) by ``validate`` for a forced profile the library lacks, by
    ``Validator`` for profiles or tables that do not load (``"profile_load"``,
    ``"table_load"``), and by the FHIR mapping (``"to_fhir"``, ``"fhir_json"``,
    ``"from_fhir"``).
    """

    code: str
    """Stable snake_case kind, e.g. ``"control_character"``, ``"invalid_path"``, ``"edit"``."""
    offset: int
    """0-based byte offset into the UTF-8 text of the input (after ISO-8859-1 transcoding)."""
    path: Optional[str]
    """HL7 path of the problem, e.g. ``"RXA[2]-5.1"``, or None."""
    line: int
    """1-based line (segment) number of the problem."""

class ParseError(IzkitError):
    """The input is not a well-formed HL7 v2 message (or batch)."""

class PathError(IzkitError):
    """A path is malformed (code ``"invalid_path"``)."""

class EditError(IzkitError):
    """A MessageBuilder operation was refused (code ``"edit"``, or e.g. ``"invalid_segment_id"``)."""

@final
class Field:
    """One field of a Segment."""

    @property
    def path(self) -> str:
        """The field's HL7 path, e.g. ``"PID-5"`` or ``"RXA[2]-5"``."""
    @property
    def raw(self) -> str:
        """The raw text, escapes not decoded (``""`` when empty)."""
    @property
    def value(self) -> Optional[str]:
        """None when empty; escapes decoded for a plain field, raw text for a composite."""
    @property
    def range(self) -> Tuple[int, int]:
        """``(start, end)``: 0-based byte offsets of the field in the message text."""
    @property
    def repetitions(self) -> List[str]:
        """The value of each repetition, in order (``""`` for an empty one)."""
    @property
    def components(self) -> List[str]:
        """The value of each component of the first repetition (``""`` for an empty one)."""

@final
class Segment:
    """One segment of a Message."""

    @property
    def id(self) -> str:
        """The three-character segment id, e.g. ``"PID"``."""
    @property
    def index(self) -> int:
        """0-based position of the segment in the message."""
    @property
    def occurrence(self) -> int:
        """1-based occurrence among segments with the same id (``RXA[2]`` has 2)."""
    @property
    def raw(self) -> str:
        """The segment's raw text, id included, terminator excluded."""
    @property
    def range(self) -> Tuple[int, int]:
        """``(start, end)``: 0-based byte offsets of the segment in the message text."""
    @property
    def fields(self) -> List[Field]:
        """The fields, in order, from field 1 (for MSH: MSH-1, the field separator)."""

@final
class Message:
    """A parsed HL7 v2 message (from parse, parse_many or MessageBuilder.build).

    ``str(msg)`` is the text byte for byte; ``encode()`` the input bytes; ``len(msg)`` the number
    of segments; iterating yields Segment objects.
    """

    def get(self, path: str) -> Optional[str]:
        """The value at ``path``, escapes decoded; None when absent or empty.

        Raises PathError for a malformed path.
        """
    def get_raw(self, path: str) -> Optional[str]:
        """The raw text at ``path`` (escapes not decoded); None when absent or empty."""
    def get_all(self, path: str) -> List[str]:
        """Every value at ``path``: all occurrences and repetitions unless the path names one.

        Empty values are left out.
        """
    def locate(self, offset: int) -> Optional[str]:
        """The path of the deepest part holding byte ``offset``, or None outside every segment."""
    def to_dict(self) -> Dict[str, List[Dict[str, Any]]]:
        """``{"segments": [{"id": str, "fields": [[[[str]]]]}]}``, the shape of ``izkit parse --json``.

        Each segment dict is ``{"id": str, "fields": List[List[List[List[str]]]]}``: fields,
        repetitions, components, subcomponents (decoded, ``""`` when empty).
        """
    @property
    def segments(self) -> List[Segment]:
        """Every segment, in order."""
    @property
    def segment_count(self) -> int:
        """The number of segments."""
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[Segment]: ...
    def __str__(self) -> str: ...
    def encode(self) -> bytes:
        """The input bytes exactly (bytes input as given, ISO-8859-1 included; str input as UTF-8)."""
    def to_builder(self) -> "MessageBuilder":
        """An editable copy of this message."""

@final
class MessageBuilder:
    """An editable HL7 v2 message: a new one (``MSH|^~\\&`` only) or one parsed from ``text``.

    Operations raise EditError when refused and PathError for a malformed path.
    """

    def __new__(cls, text: Optional[str] = None) -> "MessageBuilder":
        """Starts from ``text`` (raises ParseError when malformed) or from ``MSH|^~\\&``."""
    def set(self, path: str, value: str) -> None:
        """Sets the value at ``path``, escaping delimiters in ``value``."""
    def set_raw(self, path: str, raw: str) -> None:
        """Sets raw text at ``path``; its delimiters are kept as structure."""
    def clear(self, path: str) -> None:
        """Empties the part at ``path``."""
    def add_segment(self, text: str) -> None:
        """Appends a segment given as raw text, e.g. ``"OBX|1|CE|..."``."""
    def insert_segment(self, index: int, text: str) -> None:
        """Inserts a segment at 0-based position ``index`` (MSH stays at 0)."""
    def remove_segment(self, index: int) -> None:
        """Removes the segment at 0-based position ``index`` (not MSH)."""
    def add_repetition(self, path: str, value: str) -> None:
        """Appends a repetition holding ``value`` (escaped) to the field ``path`` names."""
    def remove_repetition(self, path: str) -> None:
        """Removes the repetition ``path`` names, e.g. ``"PID-3[2]"``."""
    def get(self, path: str) -> Optional[str]:
        """The value at ``path`` (escapes decoded), or None. Serializes and parses: not fast."""
    def build(self) -> Message:
        """Parses the current text into a Message (raises ParseError if it is malformed)."""
    def __str__(self) -> str: ...

def parse(data: Union[str, bytes], *, indexed: bool = False) -> Message:
    """Parses one message (str, or bytes: UTF-8, or ISO-8859-1 when MSH-18 says ``8859/1``).

    ``indexed=True`` builds a full index of every delimiter up front. Raises ParseError.
    """

def parse_many(data: Union[str, bytes]) -> List[Message]:
    """Parses every message (back to back, MLLP frames, batch files), with the GIL released.

    The messages share the input's buffer. Raises ParseError at the first error, with ``offset``
    relative to the whole input; each message's own offsets are relative to its text.
    """

def locate(msg: Message, offset: int) -> Optional[str]:
    """The path of the deepest part of ``msg`` holding byte ``offset``; ``msg.locate(offset)``."""

@final
class Finding:
    """One problem (or note) found by ``validate``: a frozen dataclass, plain data.

    The fields are the JSON contract of ``izkit validate --json``.
    """

    severity: str
    """``"error"``, ``"warning"`` or ``"information"``."""
    code: int
    """HL7 table 0357 code: 100 segment sequence, 101 required field missing, 102 data type,
    103 table value not found, 200 message type, 201 event, 202 processing id, 203 version, ..."""
    app_code: Optional[int]
    """CDC table 0533 application error code (1 illogical date, 2 invalid date, ...), or None."""
    rule: Optional[str]
    """The conformance statement or predicate id (``"IZ-43"``), or None."""
    location: Optional[str]
    """Where, as an HL7 ERL (``"PID^1^5^1"``), or None for the whole message."""
    path: Optional[str]
    """Where, as an izkit path (``"PID[1]-5"``), or None."""
    text: str
    """What is wrong, in words built from the rule and element names: never message content."""
    range: Optional[Tuple[int, int]]
    """``(start, end)`` byte range of the element at fault in the message text, or None."""
    def __init__(
        self,
        severity: str,
        code: int,
        app_code: Optional[int],
        rule: Optional[str],
        location: Optional[str],
        path: Optional[str],
        text: str,
        range: Optional[Tuple[int, int]],
    ) -> None: ...
    def to_dict(self) -> Dict[str, Any]:
        """The JSON contract's dict (``range`` as a list)."""
    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Finding":
        """A finding from the JSON contract's dict."""

@final
class Report:
    """What ``validate_report`` returns: a frozen dataclass."""

    profile: str
    """The profile validated against (``"Z22"``); ``""`` when none could be chosen."""
    findings: List[Finding]
    """Every finding, in message order."""
    def __init__(self, profile: str, findings: List[Finding]) -> None: ...
    def to_dict(self) -> Dict[str, Any]:
        """``{"profile": str, "findings": [dict, ...]}``."""

def validate_report(
    msg: Message, profile: Optional[str] = None, *, today: Optional[str] = None
) -> Report:
    """Validates ``msg`` against the CDC IG R1.5 profiles: the profile used and the findings.

    ``profile`` forces a profile id (``"Z22"``); by default MSH-21, else MSH-9, chooses it.
    ``today="YYYY-MM-DD"`` fixes the date for the rules about future dates (default: the system
    clock). Raises IzkitError (code ``"unknown_profile"``) for an unknown forced profile.
    """

def validate(
    msg: Message, profile: Optional[str] = None, *, today: Optional[str] = None
) -> List[Finding]:
    """The findings of ``validate_report(msg, profile, today=today)``."""

@final
class Validator:
    """Validates messages against the CDC IG R1.5 profiles and code tables, or a jurisdiction's.

    ``profiles``: ``(profile_xml, constraints_xml, value_sets_xml)`` tuples of NIST profile XML
    text (the last two may be None), added to the built-in profiles (a known id is replaced).
    ``tables``: ``(cvx_csv, mvx_csv, groups_csv)``, the CDC code tables as CSV text, replacing
    the built-in ones. Raises IzkitError with code ``"profile_load"`` or ``"table_load"``.
    """

    def __init__(
        self,
        profiles: Optional[Iterable[Tuple[str, Optional[str], Optional[str]]]] = None,
        tables: Optional[Tuple[str, str, Optional[str]]] = None,
    ) -> None: ...
    @property
    def profile_ids(self) -> List[str]:
        """The ids of the profiles this validator knows (``"Z22"``, ...)."""
    def validate_report(
        self, msg: Message, profile: Optional[str] = None, *, today: Optional[str] = None
    ) -> Report:
        """``validate_report`` with this validator's profiles and tables."""
    def validate(
        self, msg: Message, profile: Optional[str] = None, *, today: Optional[str] = None
    ) -> List[Finding]:
        """``validate`` with this validator's profiles and tables."""

def ack(
    msg: Message,
    findings: Union[Report, Iterable[Union[Finding, Mapping[str, Any]]]],
    *,
    control_id: Optional[str] = None,
    timestamp: Optional[str] = None,
) -> Message:
    """The acknowledgement of ``msg`` for ``findings``: a Z23 ACK (MSA-1 AA, AE or AR, one ERR
    per finding) or, for a query that fails, an RSP Z33.

    ``control_id`` and ``timestamp`` set MSH-10 and MSH-7 (default: generated, and now). Raises
    ValueError for a finding without the finding shape.
    """

def to_fhir(msg: Message, *, local_offset: Optional[int] = None) -> Dict[str, Any]:
    """The FHIR R4 Bundle of ``msg`` (a VXU, an RSP, an ACK, a QBP) as a dict (``docs/FHIR-MAPPING.md``).

    A VXU gives a ``message`` Bundle of MessageHeader, Patient, RelatedPerson, Immunization,
    Practitioner, Organization, Location and Observation entries; an RSP Z32/Z42 also
    ImmunizationEvaluation and ImmunizationRecommendation; an ACK or RSP Z33 an
    OperationOutcome; a QBP a Parameters. ``local_offset`` (minutes east of UTC, e.g. ``-300``) is written on v2
    times without an offset; by default such times keep their date only. Decimals are floats
    (``to_fhir_json`` keeps their digits). Raises IzkitError with code ``"to_fhir"`` for a
    message the mapping does not cover or that lacks what it needs.
    """

def to_fhir_json(msg: Message, *, local_offset: Optional[int] = None) -> str:
    """``to_fhir`` as the core's compact JSON text (decimals keep their digits)."""

def from_fhir(
    resource: Union[str, bytes, Mapping[str, Any]],
    *,
    sending_application: Optional[str] = None,
    sending_facility: Optional[str] = None,
    receiving_application: Optional[str] = None,
    receiving_facility: Optional[str] = None,
    control_id: Optional[str] = None,
    timestamp: Optional[str] = None,
    processing_id: Optional[str] = None,
    query_profile: Optional[str] = None,
) -> str:
    """The HL7 v2 messages of a FHIR R4 resource (JSON text or a dict), back to back in one
    ``str``, each one's segments ended by ``\\r`` (``parse_many`` splits them).

    A Bundle gives one VXU Z22 per Patient with its Immunizations; an Immunization with a
    contained Patient one VXU; a Patient a QBP Z44 (``query_profile="Z34"``: Z34); a Parameters
    with a patient a QBP Z44. The keywords set MSH-3/4/5/6 (HD as v2 text), MSH-10 (default:
    derived from the content), MSH-7 (default: now) and MSH-11 (default ``"P"``). Raises
    IzkitError with code ``"fhir_json"`` (not FHIR JSON) or ``"from_fhir"`` (cannot be mapped).
    """

@final
class Decision:
    """What happens to a message for one destination: ``destination`` a jurisdiction id
    (``"MD"``, ``"NYC"``) or None when the whole message is held; ``action`` ``"send"``,
    ``"deny"`` or ``"hold"``; ``reasons`` in words (never patient data); ``rules`` the policy
    rule ids; ``hl7`` the message as sent (only for ``"send"``)."""

    destination: Optional[str]
    action: str
    reasons: List[str]
    rules: List[str]
    hl7: Optional[str]
    def __init__(
        self,
        destination: Optional[str],
        action: str,
        reasons: List[str],
        rules: List[str],
        hl7: Optional[str],
    ) -> None: ...
    def to_dict(self) -> Dict[str, Any]:
        """The decision as the JSON contract's dict (``hl7`` left out when None)."""
    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Decision:
        """A decision from the JSON contract's dict."""

@final
class Routing:
    """The decisions for one message and the derived facts they were made from."""

    decisions: List[Decision]
    facts: Dict[str, Any]
    def __init__(self, decisions: List[Decision], facts: Dict[str, Any]) -> None: ...
    def to_dict(self) -> Dict[str, Any]:
        """``{"decisions": [...], "facts": {...}}``."""

@final
class Policy:
    """A Share policy (JSON text or a dict in the format of ``docs/ROUTING.md``; None: the
    built-in policy) and the jurisdictions table (CSV text; None: built in), loaded, checked and
    compiled once. Raises IzkitError with code ``"policy_load"`` (saying where in the file) or
    ``"table_load"``."""

    def __init__(
        self,
        policy: Union[str, bytes, Mapping[str, Any], None] = None,
        *,
        jurisdictions: Union[str, bytes, None] = None,
    ) -> None: ...
    @classmethod
    def from_file(cls, path: str, *, jurisdictions: Optional[str] = None) -> Policy:
        """Reads the policy JSON file (and the jurisdictions CSV file, when given)."""
    def route(self, msg: Message, *, reveal: bool = False) -> List[Decision]:
        """The decisions for ``msg`` under this policy."""
    def route_report(self, msg: Message, *, reveal: bool = False) -> Routing:
        """The decisions and facts for ``msg`` under this policy."""

def route(
    msg: Message, policy: Optional[Policy] = None, *, reveal: bool = False
) -> List[Decision]:
    """The Share decisions for ``msg``: ``"send"`` (with the message as sent in ``hl7``),
    ``"deny"``, or one ``"hold"`` with ``destination`` None when nothing can be decided safely.
    ``policy`` default: the built-in policy. Raises IzkitError with code ``"transform"`` when a
    destination's transformation fails."""

def route_report(
    msg: Message, policy: Optional[Policy] = None, *, reveal: bool = False
) -> Routing:
    """``route`` with the derived facts (``reveal=True``: facts may show address parts)."""

def redact(msg: Message) -> str:
    """``msg`` as text safe for logs: MSH, MSA, QAK and ERR kept, every other value masked."""
