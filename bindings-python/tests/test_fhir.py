"""The Python face of the FHIR mapping: argument types, return types and errors. What the
Bundles and messages hold is checked by the behaviour suite (tests/behaviour/cases/fhir.json)
and by test_fhir_resources.py."""

import json
import pathlib

import pytest

import izkit

ROOT = pathlib.Path(__file__).resolve().parents[2]
VXU = (ROOT / "examples" / "messages" / "vxu-ig-example.hl7").read_bytes().decode("utf-8")


def test_to_fhir_returns_a_dict_and_to_fhir_json_its_text():
    msg = izkit.parse(VXU)
    b = izkit.to_fhir(msg)
    assert isinstance(b, dict)
    assert b["resourceType"] == "Bundle"
    text = izkit.to_fhir_json(msg)
    assert isinstance(text, str)
    assert json.loads(text) == b
    # Deterministic: the same message gives the same Bundle.
    assert izkit.to_fhir_json(izkit.parse(VXU, indexed=True)) == text
    assert izkit.to_fhir(msg, local_offset=-300)["resourceType"] == "Bundle"


def test_to_fhir_takes_a_message_and_keyword_options():
    with pytest.raises(TypeError):
        izkit.to_fhir(VXU)
    with pytest.raises(TypeError):
        izkit.to_fhir(izkit.parse(VXU), -300)
    with pytest.raises(TypeError):
        izkit.to_fhir(izkit.parse(VXU), local_offset="-05:00")


def test_to_fhir_errors_are_izkit_errors():
    adt = "MSH|^~\\&|EHR|CLINIC|IIS||20240102||ADT^A01^ADT_A01|1|P|2.5.1\rPID|1||1^^^MR||SECRET^J\r"
    with pytest.raises(izkit.IzkitError) as info:
        izkit.to_fhir(izkit.parse(adt))
    assert type(info.value) is izkit.IzkitError
    assert isinstance(info.value, ValueError)
    assert info.value.code == "to_fhir"
    assert "SECRET" not in str(info.value)


def test_from_fhir_takes_text_bytes_or_a_dict_and_returns_one_string():
    bundle = izkit.to_fhir(izkit.parse(VXU))
    opts = dict(control_id="C-1", timestamp="20260101120000+0000")
    text = izkit.from_fhir(bundle, **opts)
    assert isinstance(text, str)
    assert izkit.from_fhir(json.dumps(bundle), **opts) == text
    assert izkit.from_fhir(json.dumps(bundle).encode("utf-8"), **opts) == text
    msgs = izkit.parse_many(text)
    assert len(msgs) == 1
    assert msgs[0].get("MSH-9.1") == "VXU"
    assert msgs[0].get("MSH-10") == "C-1"
    assert msgs[0].get("MSH-7") == "20260101120000+0000"
    assert text.endswith("\r") and "\n" not in text
    with pytest.raises(TypeError):
        izkit.from_fhir(42)
    with pytest.raises(TypeError):
        izkit.from_fhir(bundle, "C-1")


def test_from_fhir_errors_are_izkit_errors():
    with pytest.raises(izkit.IzkitError) as info:
        izkit.from_fhir('{"resourceType": "Patient", "name": SECRET')
    assert type(info.value) is izkit.IzkitError
    assert info.value.code == "fhir_json"
    assert "SECRET" not in str(info.value)
    with pytest.raises(izkit.IzkitError) as info:
        izkit.from_fhir({"resourceType": "Observation", "status": "final"})
    assert info.value.code == "from_fhir"
