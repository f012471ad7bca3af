"""``route``, ``route_report``, ``Policy`` and ``redact``: conversions around the Rust core's
Share routing (``docs/ROUTING.md``) and safe logging.

The core returns a routing as JSON text (the shape of ``izkit route --json``); this module turns
it into ``Decision`` and ``Routing`` dataclasses. No logic lives here: which jurisdictions get a
message, the reasons, the facts and the message each destination receives are all the core's.
"""

import json
from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Optional, Union

from . import _izkit


@dataclass(frozen=True)
class Decision:
    """What happens to a message for one destination.

    ``destination`` is a jurisdiction id (``"MD"``, ``"NYC"``), or None when the whole message
    is held; ``action`` is ``"send"``, ``"deny"`` or ``"hold"``; ``reasons`` say why in words
    (rule ids and facts, never patient data); ``rules`` are the ids of the policy rules that
    produced the decision; ``hl7`` is the message as that destination receives it (after its
    transformations, MSH-5/MSH-6 set from the jurisdictions table), only for ``"send"``.
    """

    destination: Optional[str]
    action: str
    reasons: List[str]
    rules: List[str]
    hl7: Optional[str]

    def to_dict(self) -> Dict[str, Any]:
        """The decision as the JSON contract's dict (``hl7`` left out when None)."""
        d: Dict[str, Any] = {
            "destination": self.destination,
            "action": self.action,
            "reasons": list(self.reasons),
            "rules": list(self.rules),
        }
        if self.hl7 is not None:
            d["hl7"] = self.hl7
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Decision":
        """A decision from the JSON contract's dict."""
        return cls(
            destination=d.get("destination"),
            action=d["action"],
            reasons=list(d.get("reasons", [])),
            rules=list(d.get("rules", [])),
            hl7=d.get("hl7"),
        )


@dataclass(frozen=True)
class Routing:
    """The result of routing one message: its ``decisions`` (at least one: a send or a hold)
    and the derived ``facts`` they were made from (home and administering jurisdictions,
    message type, protection indicator, ...; no patient data unless ``reveal=True``)."""

    decisions: List[Decision]
    facts: Dict[str, Any]

    def to_dict(self) -> Dict[str, Any]:
        """``{"decisions": [...], "facts": {...}}``."""
        return {"decisions": [d.to_dict() for d in self.decisions], "facts": dict(self.facts)}


for _cls in (Decision, Routing):
    _cls.__module__ = "izkit"


def _routing(text: str) -> Routing:
    d = json.loads(text)
    return Routing(
        decisions=[Decision.from_dict(x) for x in d.get("decisions", [])],
        facts=d.get("facts") or {},
    )


def _text(source: Union[str, bytes, Mapping[str, Any], None], what: str) -> Optional[str]:
    if source is None:
        return None
    if isinstance(source, Mapping):
        return json.dumps(source)
    if isinstance(source, bytes):
        return source.decode("utf-8")
    if isinstance(source, str):
        return source
    raise TypeError("%s takes text (str or bytes)%s, not %s" % (
        what, " or a dict" if what == "policy" else "", type(source).__name__))


class Policy:
    """A Share policy and the jurisdictions table it routes with, loaded, checked and compiled
    once — build one and route many messages with it (it is safe to share between threads).

    ``policy`` is the policy as JSON text (``str``/``bytes``) or a dict, in the format of
    ``docs/ROUTING.md`` (``{"extends": "default", "rules": [...]}`` adds rules to the built-in
    policy); None is the built-in default policy. ``jurisdictions`` replaces the built-in table
    of IIS jurisdictions (CSV text with the columns of ``core/data/jurisdictions/``). Raises
    IzkitError with code ``"policy_load"`` (the message says where in the file) or
    ``"table_load"``.
    """

    __slots__ = ("_router",)

    def __init__(
        self,
        policy: Union[str, bytes, Mapping[str, Any], None] = None,
        *,
        jurisdictions: Union[str, bytes, None] = None,
    ) -> None:
        self._router = _izkit._Router(_text(policy, "policy"), _text(jurisdictions, "jurisdictions"))

    @classmethod
    def from_file(cls, path: str, *, jurisdictions: Optional[str] = None) -> "Policy":
        """Reads the policy JSON file ``path`` (and the jurisdictions CSV file, when given)."""
        with open(path, "rb") as f:
            policy = f.read()
        table = None
        if jurisdictions is not None:
            with open(jurisdictions, "rb") as f:
                table = f.read()
        return cls(policy, jurisdictions=table)

    def route(self, msg: "_izkit.Message", *, reveal: bool = False) -> List[Decision]:
        """The decisions for ``msg`` under this policy (see ``izkit.route``)."""
        return _routing(self._router.route(msg, reveal)).decisions

    def route_report(self, msg: "_izkit.Message", *, reveal: bool = False) -> Routing:
        """The decisions and facts for ``msg`` under this policy (see ``izkit.route_report``)."""
        return _routing(self._router.route(msg, reveal))


Policy.__module__ = "izkit"


def route_report(
    msg: "_izkit.Message", policy: Optional[Policy] = None, *, reveal: bool = False
) -> Routing:
    """The Share decisions for ``msg`` (a parsed ``Message``) with the facts they came from.
    ``policy`` is a ``Policy`` (default: the built-in policy and jurisdictions). ``reveal=True``
    lets facts show address parts (city, county); names, dates and identifiers never appear.
    Raises IzkitError with code ``"transform"`` when a destination's transformation fails."""
    if policy is None:
        return _routing(_izkit._route(msg, reveal))
    if not isinstance(policy, Policy):
        raise TypeError("policy must be an izkit.Policy (build it once: izkit.Policy(text))")
    return policy.route_report(msg, reveal=reveal)


def route(
    msg: "_izkit.Message", policy: Optional[Policy] = None, *, reveal: bool = False
) -> List[Decision]:
    """The Share decisions for ``msg``: which IIS jurisdictions receive it (``"send"``, with
    the message as sent in ``hl7``), which do not (``"deny"``) and, when nothing can be decided
    safely, one ``"hold"`` with ``destination`` None. See ``route_report`` for the facts."""
    return route_report(msg, policy, reveal=reveal).decisions


def redact(msg: "_izkit.Message") -> str:
    """``msg`` as text safe for logs: MSH, MSA, QAK and ERR kept, every other value masked,
    the segment and delimiter skeleton left in place (segments end with ``\\r``)."""
    return _izkit._redact(msg)
