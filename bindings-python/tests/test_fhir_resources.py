"""Every Bundle izkit makes from the corpus, checked by an independent FHIR R4 implementation.

``fhir.resources`` 5.1.1 (installed by ``ci.sh``) holds models generated from the FHIR R4 4.0.1
specification. Building a model from a dict validates it: every element must be one the
resource or datatype defines (an unknown or misspelled key is an error), of the right JSON type,
with the right cardinality (a list where the spec says 0..*, a single value where it says 0..1),
and every 1..1 element present. Dates and times that ``isodate`` cannot read are only logged by
the library, so the log is captured here and such a warning fails the test too.

The walk covers every message of ``core/tests/corpus/messages`` whose MSH-9.1 is VXU, RSP, ACK
or QBP (every type the mapping covers: a QBP becomes a Parameters), with both ``LocalTime``
modes, and counts what it checked: a test that checked nothing fails.
"""

import importlib
import logging
import pathlib

import pytest

import izkit

fhir_resources = pytest.importorskip("fhir.resources", reason="ci.sh installs fhir.resources==5.1.1")
from fhir.resources.bundle import Bundle  # noqa: E402
from fhir.resources.fhirabstractbase import FHIRValidationError  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPUS = ROOT / "core" / "tests" / "corpus" / "messages"
MAPPED = ("VXU", "RSP", "ACK", "QBP")


def corpus_messages():
    """``(label, Message)`` for every corpus message of a mapped type, in file order, and the
    files that do not parse (two izgateway-java RSPs whose text has a broken segment id: they
    are the parser's test material, not a mapping's)."""
    out = []
    malformed = []
    for path in sorted(CORPUS.rglob("*.hl7")):
        label = str(path.relative_to(CORPUS))
        try:
            msgs = izkit.parse_many(path.read_bytes())
        except izkit.ParseError:
            malformed.append(label)
            continue
        for i, msg in enumerate(msgs, 1):
            if msg.get("MSH-9.1") in MAPPED:
                out.append(("%s #%d" % (label, i), msg))
    return out, malformed


MESSAGES, MALFORMED = corpus_messages()


def model_class(resource_type):
    """The fhir.resources class of a resource type (``Immunization`` in ``immunization.py``)."""
    module = importlib.import_module("fhir.resources." + resource_type.lower())
    return getattr(module, resource_type)


class Warnings(logging.Handler):
    """Collects what fhir.resources logs (unreadable dates, non-strict errors)."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.records = []

    def emit(self, record):
        self.records.append(record.getMessage())


@pytest.fixture
def fhir_log():
    handler = Warnings()
    logger = logging.getLogger("fhir.resources")
    logger.addHandler(handler)
    # The modules log through their own loggers (fhir.resources.fhirdate, ...), children of
    # this one; make sure warnings are not filtered before they reach the handler.
    old = logger.level
    logger.setLevel(logging.WARNING)
    yield handler
    logger.setLevel(old)
    logger.removeHandler(handler)


def test_the_corpus_has_the_mapped_messages():
    counts = {t: sum(1 for _, m in MESSAGES if m.get("MSH-9.1") == t) for t in MAPPED}
    # 62 VXU, 19 RSP (21 files, 2 malformed), 26 ACK and 11 QBP when this was written; the
    # corpus only grows.
    assert counts["VXU"] >= 62 and counts["RSP"] >= 19, counts
    assert counts["ACK"] >= 26 and counts["QBP"] >= 11, counts
    assert len(MALFORMED) <= 2, MALFORMED


@pytest.mark.parametrize("local_offset", [None, -300], ids=["date-only", "offset"])
def test_every_corpus_bundle_is_valid_fhir_r4(local_offset, fhir_log):
    checked = 0
    entries = 0
    failures = []
    for label, msg in MESSAGES:
        try:
            d = izkit.to_fhir(msg, local_offset=local_offset)
        except izkit.IzkitError as e:
            failures.append("%s: to_fhir failed: %s" % (label, e))
            continue
        before = len(fhir_log.records)
        try:
            bundle = Bundle(d)
        except FHIRValidationError as e:
            failures.append("%s: Bundle: %s" % (label, e))
            continue
        for i, entry in enumerate(d.get("entry", [])):
            resource = entry["resource"]
            rt = resource["resourceType"]
            try:
                model_class(rt)(resource)
            except (FHIRValidationError, ImportError, AttributeError) as e:
                failures.append("%s: entry[%d] %s: %s" % (label, i, rt, e))
            entries += 1
        for w in fhir_log.records[before:]:
            failures.append("%s: fhir.resources warning: %s" % (label, w))
        assert bundle.type == d["type"]
        checked += 1
    assert not failures, "%d problems:\n%s" % (len(failures), "\n".join(failures))
    assert checked == len(MESSAGES)
    assert checked >= 62 + 19 + 26 + 11, checked
    assert entries > checked, "Bundles with entries"
