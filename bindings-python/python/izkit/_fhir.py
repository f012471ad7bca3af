"""``to_fhir``, ``to_fhir_json`` and ``from_fhir``: conversions around the Rust core's FHIR R4
mapping (``docs/FHIR-MAPPING.md``).

The core writes a Bundle as JSON text, which ``to_fhir`` reads with ``json.loads``; ``from_fhir``
hands the core JSON text (``json.dumps`` of a dict) and joins the messages it returns. No logic
lives here: every element of the Bundle and every field of the messages is the core's.
"""

import json
from typing import Any, Dict, Mapping, Optional, Union

from . import _izkit


def to_fhir_json(msg: "_izkit.Message", *, local_offset: Optional[int] = None) -> str:
    """The FHIR R4 Bundle of ``msg`` as compact JSON text, exactly as the core writes it
    (decimals keep their digits: ``0.50``). See ``to_fhir``."""
    return _izkit._to_fhir(msg, local_offset)


def to_fhir(msg: "_izkit.Message", *, local_offset: Optional[int] = None) -> Dict[str, Any]:
    """The FHIR R4 Bundle of ``msg`` (a ``Message``: a VXU, an RSP, an ACK, a QBP) as a dict.

    A VXU gives a ``message`` Bundle of MessageHeader, Patient, RelatedPerson, Immunization,
    Practitioner, Organization, Location and Observation entries; an RSP Z32/Z42 also
    ImmunizationEvaluation and ImmunizationRecommendation; an ACK or RSP Z33 an
    OperationOutcome; a QBP a Parameters. ``local_offset`` (minutes east of UTC, e.g. ``-300``) is written on v2
    times that carry no offset; by default such times keep their date only. Decimals are
    Python floats (``0.5``); ``to_fhir_json`` keeps their digits. Raises IzkitError with code
    ``"to_fhir"`` for a message the mapping does not cover (an ADT) or that lacks what it needs.
    """
    return json.loads(_izkit._to_fhir(msg, local_offset))


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
    """The HL7 v2 messages of a FHIR R4 resource, as one ``str``.

    ``resource`` is JSON text (``str``, or UTF-8 ``bytes``) or a dict: a Bundle (one VXU Z22
    per Patient, with its Immunizations), an Immunization with a contained Patient, a Patient
    (a QBP Z44, or Z34 with ``query_profile="Z34"``) or a Parameters with a patient (a QBP
    Z44). The messages are returned back to back, each one's segments ended by ``\\r``:
    ``izkit.parse_many(text)`` splits them, ``izkit.parse(text)`` reads the one a Patient or an
    Immunization gives.

    The keywords set MSH-3, MSH-4, MSH-5, MSH-6 (HD as v2 text, e.g.
    ``"MYEHR^2.16.840.1.113883.3.72^ISO"``; default: what a Bundle's MessageHeader says, else
    empty), MSH-10 (default: derived from the content), MSH-7
    (``"YYYYMMDDHHMMSS+0000"``; default: now) and MSH-11 (default ``"P"``). Raises IzkitError
    with code ``"fhir_json"`` for text that is not FHIR JSON and ``"from_fhir"`` for resources
    that cannot be mapped (no Patient, no Immunization); the message names elements and
    positions, never values.
    """
    if isinstance(resource, Mapping):
        text = json.dumps(resource)
    elif isinstance(resource, bytes):
        text = resource.decode("utf-8")
    elif isinstance(resource, str):
        text = resource
    else:
        raise TypeError(
            "from_fhir() takes JSON text (str or bytes) or a dict, not %s" % type(resource).__name__
        )
    messages = _izkit._from_fhir(
        text,
        sending_application,
        sending_facility,
        receiving_application,
        receiving_facility,
        control_id,
        timestamp,
        processing_id,
        query_profile,
    )
    return "".join(messages)
