"""``validate``, ``validate_report`` and ``ack``: conversions around the Rust core's conformance
validation and acknowledgement builder.

The core returns a report as JSON text (the shape of ``izkit validate --json``); this module
turns it into ``Finding`` dataclasses, and findings back into JSON for ``ack``. No logic lives
here: the profile chosen, the findings and the acknowledgement are all the core's.
"""

import json
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple, Union

from . import _izkit

_KEYS = ("severity", "code", "app_code", "rule", "location", "path", "text", "range")


@dataclass(frozen=True)
class Finding:
    """One problem (or note) found in a message, as plain data.

    ``severity`` is ``"error"``, ``"warning"`` or ``"information"``; ``code`` the HL7 table 0357
    code (101 required field missing, 102 data type, 103 table value, 200 message type, ...);
    ``app_code`` the CDC table 0533 application code or None; ``rule`` the conformance statement
    id (``"IZ-43"``) or None; ``location`` the HL7 ERL (``"PID^1^5^1"``) and ``path`` the izkit
    path (``"PID[1]-5"``), or None for the whole message; ``text`` says what is wrong without
    quoting the message; ``range`` is the ``(start, end)`` byte range of the element at fault,
    or None.
    """

    severity: str
    code: int
    app_code: Optional[int]
    rule: Optional[str]
    location: Optional[str]
    path: Optional[str]
    text: str
    range: Optional[Tuple[int, int]]

    def to_dict(self) -> Dict[str, Any]:
        """The finding as the JSON contract's dict (``range`` a list), e.g. for ``json.dumps``."""
        d = {k: getattr(self, k) for k in _KEYS}
        if self.range is not None:
            d["range"] = list(self.range)
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Finding":
        """A finding from the JSON contract's dict (missing optional keys are None)."""
        r = d.get("range")
        return cls(
            severity=d["severity"],
            code=d["code"],
            app_code=d.get("app_code"),
            rule=d.get("rule"),
            location=d.get("location"),
            path=d.get("path"),
            text=d.get("text", ""),
            range=None if r is None else (r[0], r[1]),
        )


@dataclass(frozen=True)
class Report:
    """The result of validating one message: the ``profile`` it was validated against (``"Z22"``;
    ``""`` when none could be chosen, the findings then say why) and its ``findings`` in
    message order."""

    profile: str
    findings: List[Finding]

    def to_dict(self) -> Dict[str, Any]:
        """``{"profile": ..., "findings": [...]}`` (findings as ``Finding.to_dict()``)."""
        return {"profile": self.profile, "findings": [f.to_dict() for f in self.findings]}


for _cls in (Finding, Report):
    _cls.__module__ = "izkit"


def validate_report(
    msg: "_izkit.Message", profile: Optional[str] = None, *, today: Optional[str] = None
) -> Report:
    """Validates ``msg`` against the CDC IG R1.5 profiles; returns the profile used and the
    findings.

    ``profile`` forces a profile id (``"Z22"``); by default it is chosen from MSH-21, else from
    MSH-9. ``today`` (``"YYYY-MM-DD"``) fixes the date the rules about future dates compare with
    (default: the system clock). Raises IzkitError with code ``"unknown_profile"`` for a forced
    profile the library does not have, and ValueError for a malformed ``today``.
    """
    return _report(_izkit._validate(msg, profile, today))


def validate(
    msg: "_izkit.Message", profile: Optional[str] = None, *, today: Optional[str] = None
) -> List[Finding]:
    """The findings of ``validate_report(msg, profile, today=today)``: a list of ``Finding``."""
    return validate_report(msg, profile, today=today).findings


class Validator:
    """Validates messages against the CDC IG R1.5 profiles and code tables, or a jurisdiction's.

    ``profiles`` is a list of ``(profile_xml, constraints_xml, value_sets_xml)`` tuples of
    NIST profile XML text (the last two may be None), added to the built-in profiles: a profile
    whose id is already known replaces it. ``tables`` is ``(cvx_csv, mvx_csv, groups_csv)``,
    the CDC code tables as CSV text (``groups_csv`` may be None), replacing the built-in ones.
    Raises IzkitError with code ``"profile_load"`` or ``"table_load"`` when they do not load.
    A validator is immutable and can be shared between threads.
    """

    __slots__ = ("_native",)

    def __init__(
        self,
        profiles: Optional[Iterable[Tuple[str, Optional[str], Optional[str]]]] = None,
        tables: Optional[Tuple[str, str, Optional[str]]] = None,
    ) -> None:
        if profiles is not None:
            profiles = [tuple(p) for p in profiles]
        if tables is not None:
            tables = tuple(tables)
        self._native = _izkit._Validator(profiles, tables)

    @property
    def profile_ids(self) -> List[str]:
        """The ids of the profiles this validator knows (``"Z22"``, ...)."""
        return self._native.profile_ids

    def validate_report(
        self, msg: "_izkit.Message", profile: Optional[str] = None, *, today: Optional[str] = None
    ) -> Report:
        """``izkit.validate_report`` with this validator's profiles and tables."""
        return _report(self._native.validate(msg, profile, today))

    def validate(
        self, msg: "_izkit.Message", profile: Optional[str] = None, *, today: Optional[str] = None
    ) -> List[Finding]:
        """``izkit.validate`` with this validator's profiles and tables."""
        return self.validate_report(msg, profile, today=today).findings

    def __repr__(self) -> str:
        return "<izkit.Validator: %d profiles>" % len(self.profile_ids)


Validator.__module__ = "izkit"


def _report(text: str) -> Report:
    data = json.loads(text)
    return Report(
        profile=data["profile"], findings=[Finding.from_dict(f) for f in data["findings"]]
    )


def _as_dict(f: Union[Finding, Mapping[str, Any]]) -> Mapping[str, Any]:
    if isinstance(f, Finding):
        return f.to_dict()
    if isinstance(f, Mapping):
        return f
    raise TypeError("ack() takes findings as Finding objects or dicts, not %s" % type(f).__name__)


def ack(
    msg: "_izkit.Message",
    findings: Union[Report, Iterable[Union[Finding, Mapping[str, Any]]]],
    *,
    control_id: Optional[str] = None,
    timestamp: Optional[str] = None,
) -> "_izkit.Message":
    """The acknowledgement of ``msg`` for ``findings`` (from ``validate``: ``Finding`` objects,
    their dicts, or a ``Report``): a Z23 ACK with MSA-1 AA, AE or AR and one ERR per finding,
    or, for a query that fails, an RSP Z33. Returns a ``Message``.

    ``control_id`` and ``timestamp`` (``"YYYYMMDDHHMMSS+0000"``) set MSH-10 and MSH-7 of the
    acknowledgement (default: generated, and now). Raises ValueError for a finding that does not
    have the finding shape.
    """
    if isinstance(findings, Report):
        findings = findings.findings
    payload = json.dumps([dict(_as_dict(f)) for f in findings])
    return _izkit._ack(msg, payload, control_id, timestamp)
