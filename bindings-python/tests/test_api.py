"""Every item of the Python API (docs/BINDINGS-API.md), its errors, and the shipped stubs."""

import ast
import gc
import inspect
import json
import os
import pathlib
import shutil
import subprocess
import sys
import threading
import time

import pytest

import izkit

ROOT = pathlib.Path(__file__).resolve().parents[2]
PKG = pathlib.Path(izkit.__file__).resolve().parent

VXU = (
    "MSH|^~\\&|EHR|CLINIC|IIS|STATE|20240102||VXU^V04^VXU_V04|1|P|2.5.1\r"
    "PID|1||123^^^MR~456^^^SS||SECRETNAME^JANE^Q||20200101|F\r"
    "RXA|0|1|20240102||08^HepB^CVX|0.5|mL^^UCUM\r"
    "RXA|0|1|20240103||20^DTaP^CVX|0.5|mL^^UCUM\r"
)
# One non-ASCII character (2 UTF-8 bytes) before the fields read below: offsets are in bytes.
UNICODE = "MSH|^~\\&|A\rNTE|1||Zoë\rPID|1||X||DOE^JO&SUB\r"
LATIN1 = b"MSH|^~\\&|||||||ADT^A01|1|P|2.5.1||||||8859/1\rPID|1||||M\xfcller^Zo\xeb\r"
IG_FILE = ROOT / "core/tests/corpus/messages/cdc-ig-r1.5-appendix-a/001_VXU_Z22_2-Message-Example.hl7"


@pytest.fixture(params=[False, True], ids=["lazy", "indexed"])
def indexed(request):
    return request.param


# ---------------------------------------------------------------- parse and reads


def test_parse_str_and_read(indexed):
    msg = izkit.parse(VXU, indexed=indexed)
    assert isinstance(msg, izkit.Message)
    assert msg.get("PID-5.1") == "SECRETNAME"
    assert msg.get("RXA-5.1") == "08"
    assert msg.get("RXA-3") == "20240102"
    assert msg.get("RXA[2]-5.2") == "DTaP"
    assert msg.get("PID-3[2].1") == "456"
    assert msg.get("MSH-9") == "VXU^V04^VXU_V04"  # a composite comes back raw
    assert msg.get("MSH-1") == "|"
    assert msg.get("MSH-2") == "^~\\&"
    assert msg.get("PID-4") is None  # empty
    assert msg.get("PID-99") is None  # absent
    assert msg.get("ZZZ-1") is None  # no such segment
    assert msg.get("RXA[3]-1") is None


def test_get_raw_keeps_escapes(indexed):
    text = "MSH|^~\\&|A\rPID|1||||O\\T\\BRIEN^JO\r"
    msg = izkit.parse(text, indexed=indexed)
    assert msg.get("PID-5.1") == "O&BRIEN"
    assert msg.get_raw("PID-5.1") == "O\\T\\BRIEN"
    assert msg.get_raw("PID-5") == "O\\T\\BRIEN^JO"
    assert msg.get_raw("PID-6") is None


def test_get_all(indexed):
    msg = izkit.parse(VXU, indexed=indexed)
    assert msg.get_all("RXA-5.1") == ["08", "20"]
    assert msg.get_all("RXA[2]-5.1") == ["20"]
    assert msg.get_all("PID-3.1") == ["123", "456"]
    assert msg.get_all("PID-3[2].4") == ["SS"]
    assert msg.get_all("OBX-5") == []


def test_locate_method_and_function(indexed):
    msg = izkit.parse(VXU, indexed=indexed)
    at = VXU.index("JANE")
    assert msg.locate(at) == "PID-5.2"
    assert izkit.locate(msg, at) == "PID-5.2"
    assert msg.locate(VXU.index("20^DTaP")) == "RXA[2]-5.1"
    assert msg.locate(0) == "MSH"
    assert msg.locate(len(VXU) + 100) is None
    with pytest.raises(TypeError):
        izkit.locate("not a message", 0)


def test_offsets_are_utf8_bytes(indexed):
    msg = izkit.parse(UNICODE, indexed=indexed)
    data = UNICODE.encode("utf-8")
    assert msg.locate(data.index(b"DOE")) == "PID-5.1"
    assert msg.locate(data.index(b"JO")) == "PID-5.2.1"
    assert msg.locate(data.index(b"SUB")) == "PID-5.2.2"
    assert msg.get("NTE-3") == "Zoë"
    # Every segment's and field's range slices the UTF-8 text to its raw text.
    for seg in msg:
        start, end = seg.range
        assert data[start:end].decode("utf-8") == seg.raw
        for f in seg.fields:
            start, end = f.range
            assert data[start:end].decode("utf-8") == f.raw, f.path


def test_str_encode_roundtrip():
    for text in (VXU, UNICODE, "\ufeffMSH|^~\\&|A\r\nPID|1\r\n\r\n", "\x0bMSH|^~\\&|A\rPID|1\r\x1c\r"):
        msg = izkit.parse(text)
        assert str(msg) == text
        assert msg.encode() == text.encode("utf-8")
        assert isinstance(msg.encode(), bytes)


def test_segments_len_iter(indexed):
    msg = izkit.parse(VXU, indexed=indexed)
    assert msg.segment_count == 4
    assert len(msg) == 4
    segs = msg.segments
    assert [s.id for s in segs] == ["MSH", "PID", "RXA", "RXA"]
    assert [s.id for s in msg] == ["MSH", "PID", "RXA", "RXA"]
    assert [s.index for s in segs] == [0, 1, 2, 3]
    assert [s.occurrence for s in segs] == [1, 1, 1, 2]
    rxa2 = segs[3]
    assert rxa2.raw == "RXA|0|1|20240103||20^DTaP^CVX|0.5|mL^^UCUM"
    start, end = rxa2.range
    assert VXU[start:end] == rxa2.raw
    assert isinstance(rxa2, izkit.Segment)
    it = iter(msg)
    assert next(it).id == "MSH"
    assert sum(1 for _ in it) == 3


def test_fields(indexed):
    msg = izkit.parse(VXU, indexed=indexed)
    msh, pid, rxa, rxa2 = msg.segments
    f = msh.fields
    assert f[0].path == "MSH-1" and f[0].raw == "|" and f[0].value == "|"
    assert f[1].path == "MSH-2" and f[1].value == "^~\\&"
    assert f[8].path == "MSH-9" and f[8].components == ["VXU", "V04", "VXU_V04"]
    pid3 = pid.fields[2]
    assert isinstance(pid3, izkit.Field)
    assert pid3.path == "PID-3"
    assert pid3.raw == "123^^^MR~456^^^SS"
    assert pid3.value == "123^^^MR~456^^^SS"
    assert pid3.repetitions == ["123^^^MR", "456^^^SS"]
    assert pid3.components == ["123", "", "", "MR"]
    start, end = pid3.range
    assert VXU[start:end] == pid3.raw
    assert pid.fields[1].value is None and pid.fields[1].raw == ""
    assert pid.fields[1].repetitions == [""]
    assert rxa2.fields[4].path == "RXA[2]-5"
    assert rxa2.fields[4].components == ["20", "DTaP", "CVX"]
    assert len(pid.fields) == 8


def test_views_keep_the_message_alive():
    seg = izkit.parse(VXU).segments[1]
    field = seg.fields[4]
    gc.collect()
    assert seg.raw.startswith("PID|1")
    assert field.components == ["SECRETNAME", "JANE", "Q"]


def test_reprs_hold_no_content():
    msg = izkit.parse(VXU)
    for r in (repr(msg), repr(msg.segments[1]), repr(msg.segments[1].fields[4])):
        assert "SECRETNAME" not in r
        assert r.startswith("<izkit.")
    assert repr(msg.segments[3]) == "<izkit.Segment RXA[2] at %d..%d>" % msg.segments[3].range


# ---------------------------------------------------------------- bytes input


def test_bytes_utf8_input(indexed):
    data = UNICODE.encode("utf-8")
    msg = izkit.parse(data, indexed=indexed)
    assert msg.get("NTE-3") == "Zoë"
    assert str(msg) == UNICODE
    assert msg.encode() == data


def test_bytes_encode_returns_the_input_object():
    data = VXU.encode("ascii")
    assert izkit.parse(data).encode() is data


def test_latin1_bytes_are_transcoded(indexed):
    msg = izkit.parse(LATIN1, indexed=indexed)
    assert msg.get("MSH-18") == "8859/1"
    assert msg.get("PID-5") == "Müller^Zoë"
    assert msg.get("PID-5.1") == "Müller"
    assert str(msg) == LATIN1.decode("latin-1")
    assert msg.encode() == LATIN1  # the original ISO-8859-1 bytes
    # Offsets refer to the UTF-8 text after transcoding.
    utf8 = LATIN1.decode("latin-1").encode("utf-8")
    assert msg.locate(utf8.index("Zoë".encode("utf-8"))) == "PID-5.2"
    assert msg.segments[1].range[1] == len(utf8) - 1


def test_latin1_without_declaration_is_invalid_utf8():
    data = LATIN1.replace(b"8859/1", b"")
    with pytest.raises(izkit.ParseError) as info:
        izkit.parse(data)
    assert info.value.code == "invalid_utf8"
    assert info.value.offset == data.index(b"\xfc")


def test_unsupported_charset():
    data = LATIN1.replace(b"8859/1", b"EBCDIC")
    with pytest.raises(izkit.ParseError) as info:
        izkit.parse(data)
    assert info.value.code == "unsupported_charset"
    assert info.value.path == "MSH-18"


def test_parse_rejects_other_types():
    for bad in (None, 42, ["MSH"], bytearray(b"MSH|^~\\&\r")):
        with pytest.raises(TypeError):
            izkit.parse(bad)
    with pytest.raises(TypeError):
        izkit.parse_many(3.5)
    with pytest.raises(TypeError):
        izkit.parse(VXU, True)  # indexed is keyword-only


def test_str_that_is_not_unicode_text():
    # A lone surrogate has no UTF-8 form: Python's own UnicodeEncodeError (a ValueError).
    with pytest.raises(UnicodeEncodeError):
        izkit.parse("MSH|^~\\&|A\rPID|1||\ud800\r")


def test_messages_are_shared_across_threads():
    msg = izkit.parse(VXU)
    results = []

    def read():
        for _ in range(2000):
            results.append((msg.get("PID-5.1"), msg.locate(VXU.index("JANE"))))

    threads = [threading.Thread(target=read) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert set(results) == {("SECRETNAME", "PID-5.2")}
    assert len(results) == 8000


# ---------------------------------------------------------------- parse_many


def test_parse_many_str():
    text = VXU + VXU.replace("SECRETNAME", "OTHER")
    msgs = izkit.parse_many(text)
    assert len(msgs) == 2
    assert [m.get("PID-5.1") for m in msgs] == ["SECRETNAME", "OTHER"]
    assert "".join(str(m) for m in msgs) == text
    assert all(isinstance(m, izkit.Message) for m in msgs)
    # Each message is independent of the list and of the others.
    second = msgs[1]
    del msgs
    gc.collect()
    assert second.get("PID-5.1") == "OTHER"
    other = VXU.replace("SECRETNAME", "OTHER")
    assert second.locate(other.index("JANE")) == "PID-5.2"  # offsets are per message
    assert len(second.segments) == 4


def test_parse_many_frames_and_batches():
    framed = "\x0b" + VXU + "\x1c\r"
    assert len(izkit.parse_many(framed * 3)) == 3
    batch = "FHS|^~\\&\rBHS|^~\\&\r" + VXU + VXU + "BTS|2\rFTS|1\r"
    msgs = izkit.parse_many(batch)
    assert len(msgs) == 2
    assert msgs[1].get("RXA[2]-5.1") == "20"
    with pytest.raises(izkit.ParseError) as info:
        izkit.parse_many(batch.replace("BTS|2", "BTS|3"))
    assert info.value.code == "batch_count"
    assert info.value.path == "BTS-1"
    assert info.value.offset == batch.index("BTS|2") + 4


def test_parse_many_error_offset_is_in_the_whole_input():
    bad = VXU.replace("SECRETNAME", "SEC\x01RETNAME")
    with pytest.raises(izkit.ParseError) as info:
        izkit.parse_many(VXU + bad)
    e = info.value
    assert e.code == "control_character"
    assert e.offset == len(VXU) + bad.index("\x01")
    assert e.path == "PID-5.1"
    assert e.line == 6
    assert "SECRET" not in str(e)
    with pytest.raises(izkit.ParseError) as info:
        izkit.parse_many("")
    assert info.value.code == "empty"


def test_parse_many_bytes():
    data = (VXU + UNICODE).encode("utf-8")
    msgs = izkit.parse_many(data)
    assert [m.encode() for m in msgs] == [VXU.encode(), UNICODE.encode("utf-8")]
    assert msgs[1].get("NTE-3") == "Zoë"


def test_parse_many_latin1_bytes_encode_each_original():
    second = b"MSH|^~\\&|B\rNTE|1||\xe9t\xe9\r"
    msgs = izkit.parse_many(LATIN1 + second)
    assert len(msgs) == 2
    assert msgs[0].get("PID-5.1") == "Müller"
    assert msgs[1].get("NTE-3") == "été"
    assert [m.encode() for m in msgs] == [LATIN1, second]


def test_parse_many_releases_the_gil():
    """While one thread is inside parse_many, another thread keeps running Python code."""
    # Few, long messages (~33 MB in all): a long call that makes only eight Python objects, so
    # no Python code (a GC finalizer, say) runs inside it by accident.
    one = "MSH|^~\\&|A\r" + ("OBX|1|ST|X||" + "v" * 60 + "\r") * 55_000
    data = (one * 8).encode("ascii")  # bytes: no UTF-8 copy made while holding the GIL
    span = {}
    ticks = []
    done = threading.Event()

    def work():
        span["start"] = time.perf_counter()
        msgs = izkit.parse_many(data)
        span["end"] = time.perf_counter()
        span["count"] = len(msgs)
        done.set()

    interval = sys.getswitchinterval()
    sys.setswitchinterval(0.0005)
    gc.disable()
    try:
        t = threading.Thread(target=work)
        t.start()
        while not done.is_set():
            ticks.append(time.perf_counter())
        t.join()
    finally:
        gc.enable()
        sys.setswitchinterval(interval)
    assert span["count"] == 8
    start, end = span["start"], span["end"]
    inside = [start] + [x for x in ticks if start < x < end] + [end]
    # The time the main thread was running Python code during the call: the sum of the short
    # steps between its ticks (a long step is a pause: waiting for the GIL or for a CPU).
    running = sum(b - a for a, b in zip(inside, inside[1:]) if b - a < 0.002)
    # Holding the GIL, the call would let the main thread run only around its entry and exit
    # (a switch interval each); released, the main thread runs for a good share of the call
    # even on a busy machine.
    assert running > 0.03 * (end - start), (running, end - start)


# ---------------------------------------------------------------- to_dict


def test_to_dict_shape(indexed):
    msg = izkit.parse("MSH|^~\\&|A\rPID|1||X^^^MR~Y||DOE^JO&SUB|\\T\\\r", indexed=indexed)
    assert msg.to_dict() == {
        "segments": [
            {"id": "MSH", "fields": [[[["|"]]], [[["^~\\&"]]], [[["A"]]]]},
            {
                "id": "PID",
                "fields": [
                    [[["1"]]],
                    [[[""]]],
                    [[["X"], [""], [""], ["MR"]], [["Y"]]],
                    [[[""]]],
                    [[["DOE"], ["JO", "SUB"]]],
                    [[["&"]]],
                ],
            },
        ]
    }


def cli():
    found = os.environ.get("IZKIT_CLI")
    if found and os.path.exists(found):
        return found
    for profile in ("debug", "release"):
        cand = ROOT / "target" / profile / "izkit"
        if cand.exists():
            return str(cand)
    return shutil.which("izkit")


CLI_FILES = [
    IG_FILE,
    ROOT / "examples/messages/two-messages.hl7",
    ROOT / "examples/messages/rsp-z32-history.hl7",
]


@pytest.mark.parametrize("path", CLI_FILES, ids=lambda p: p.name)
def test_to_dict_equals_cli_parse_json(path):
    exe = cli()
    if exe is None:
        pytest.skip("izkit CLI not built (ci.sh builds it and sets IZKIT_CLI)")
    out = subprocess.run([exe, "parse", "--json", str(path)], check=True, capture_output=True)
    lines = [json.loads(line) for line in out.stdout.decode("utf-8").splitlines() if line]
    msgs = izkit.parse_many(path.read_bytes())
    assert len(lines) == len(msgs) >= 1
    for line, msg in zip(lines, msgs):
        assert msg.to_dict() == {"segments": line["segments"]}
        assert izkit.parse(str(msg), indexed=True).to_dict() == {"segments": line["segments"]}


# ---------------------------------------------------------------- errors


def test_parse_error_attributes(indexed):
    bad = VXU.replace("SECRETNAME", "SEC\x01RETNAME")
    with pytest.raises(izkit.ParseError) as info:
        izkit.parse(bad, indexed=indexed)
    e = info.value
    assert isinstance(e, izkit.IzkitError)
    assert isinstance(e, ValueError)
    assert e.code == "control_character"
    assert e.offset == bad.index("\x01")
    assert e.path == "PID-5.1"
    assert e.line == 2
    assert "SECRET" not in str(e) and "RETNAME" not in str(e)
    assert str(e) == "byte %d: PID-5.1: control character 0x01 is not allowed" % e.offset


def test_parse_error_without_path():
    with pytest.raises(izkit.ParseError) as info:
        izkit.parse("PID|1\r")
    e = info.value
    assert (e.code, e.offset, e.path, e.line) == ("not_msh", 0, None, 1)
    with pytest.raises(izkit.ParseError) as info:
        izkit.parse("")
    assert info.value.code == "empty"
    with pytest.raises(izkit.ParseError) as info:
        izkit.parse(b"")
    assert info.value.code == "empty"


def test_path_errors(indexed):
    msg = izkit.parse(VXU, indexed=indexed)
    for call in (msg.get, msg.get_raw, msg.get_all):
        with pytest.raises(izkit.PathError) as info:
            call("pid-5")
        assert info.value.code == "invalid_path"
        assert isinstance(info.value, izkit.IzkitError)
        assert isinstance(info.value, ValueError)
        assert not isinstance(info.value, izkit.ParseError)
        assert isinstance(info.value.offset, int)
        assert isinstance(info.value.line, int)
    with pytest.raises(izkit.PathError):
        izkit.MessageBuilder().set("PID-0", "x")
    with pytest.raises(izkit.PathError):
        izkit.MessageBuilder().get("PID-")


def test_edit_errors():
    b = izkit.MessageBuilder(VXU)
    with pytest.raises(izkit.EditError) as info:
        b.set("MSH-2", "x")
    assert info.value.code == "edit"
    assert not isinstance(info.value, izkit.ParseError)
    with pytest.raises(izkit.EditError) as info:
        b.remove_segment(0)
    assert info.value.code == "edit"
    with pytest.raises(izkit.EditError) as info:
        b.add_segment("pid|1")
    assert info.value.code == "invalid_segment_id"
    with pytest.raises(izkit.EditError) as info:
        b.add_segment("OBX|1|ST|X||SECRET\x02VALUE")
    assert info.value.code == "control_character"
    assert "SECRET" not in str(info.value)
    with pytest.raises(izkit.EditError) as info:
        b.set_raw("PID-5.1", "a|b")
    assert info.value.code == "edit"
    with pytest.raises(izkit.EditError):
        b.remove_segment(99)
    with pytest.raises(izkit.EditError):
        b.remove_repetition("PID-3")
    assert str(b) == VXU  # refused edits change nothing


def test_exception_hierarchy():
    assert issubclass(izkit.IzkitError, ValueError)
    for cls in (izkit.ParseError, izkit.PathError, izkit.EditError):
        assert issubclass(cls, izkit.IzkitError)
        assert cls.__module__ == "izkit"
        assert cls.__doc__


def test_builder_parse_error():
    with pytest.raises(izkit.ParseError) as info:
        izkit.MessageBuilder("PID|1\r")
    assert info.value.code == "not_msh"


# ---------------------------------------------------------------- builder


def test_builder_new_message():
    b = izkit.MessageBuilder()
    assert str(b) == "MSH|^~\\&\r"
    b.set_raw("MSH-9", "VXU^V04^VXU_V04")
    b.set("MSH-12", "2.5.1")
    b.set("PID-5.1", "O'Brien & Sons")
    b.set("PID-3[2].1", "X2")
    assert str(b) == "MSH|^~\\&|||||||VXU^V04^VXU_V04|||2.5.1\rPID|||~X2||O'Brien \\T\\ Sons\r"
    assert b.get("PID-5.1") == "O'Brien & Sons"
    msg = b.build()
    assert isinstance(msg, izkit.Message)
    assert msg.get("MSH-9.2") == "V04"
    assert msg.encode() == str(b).encode()


def test_builder_edits_and_segment_ops():
    b = izkit.MessageBuilder(VXU)
    b.set("PID-5.2", "JO")
    b.clear("PID-7")
    b.remove_repetition("PID-3[1]")
    b.add_repetition("PID-3", "789")
    b.insert_segment(1, "PD1|||||||||||02")
    b.remove_segment(4)  # the second RXA
    b.add_segment("OBX|1|CE|64994-7^Eligibility^LN")
    msg = b.build()
    assert [s.id for s in msg] == ["MSH", "PD1", "PID", "RXA", "OBX"]
    assert msg.get("PID-5.2") == "JO"
    assert msg.get("PID-7") is None
    assert msg.get("PID-8") == "F"
    assert msg.get_all("PID-3.1") == ["456", "789"]
    assert msg.get("PD1-11") == "02"
    assert msg.get("OBX-3.2") == "Eligibility"
    assert b.get("RXA[2]-1") is None


def test_to_builder_copies():
    msg = izkit.parse(VXU)
    b = msg.to_builder()
    assert isinstance(b, izkit.MessageBuilder)
    assert str(b) == VXU
    b.set("PID-5.1", "NEW")
    assert msg.get("PID-5.1") == "SECRETNAME"  # the message is unchanged
    assert b.build().get("PID-5.1") == "NEW"
    # From a batch and from bytes too.
    assert str(izkit.parse_many(VXU + VXU)[1].to_builder()) == VXU
    assert str(izkit.parse(LATIN1).to_builder()) == LATIN1.decode("latin-1")
    assert repr(b) == "<izkit.MessageBuilder: 4 segments>"


def test_builder_keyword_arguments():
    b = izkit.MessageBuilder(text=None)
    b.set(path="PID-5.1", value="A")
    b.insert_segment(index=1, text="NTE|1")
    assert str(b) == "MSH|^~\\&\rNTE|1\rPID|||||A\r"


# ---------------------------------------------------------------- the package surface

PUBLIC = [
    "Decision",
    "EditError",
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


def test_package_surface():
    for name in PUBLIC:
        assert hasattr(izkit, name), name
        assert name in izkit.__all__
    assert izkit.Message.__module__ == "izkit"
    assert izkit.__version__
    assert (PKG / "py.typed").exists()
    assert (PKG / "__init__.pyi").exists()


def test_docstrings_come_from_rust():
    for obj in (
        izkit.parse,
        izkit.parse_many,
        izkit.locate,
        izkit.Message,
        izkit.Message.get,
        izkit.Message.get_raw,
        izkit.Message.get_all,
        izkit.Message.locate,
        izkit.Message.to_dict,
        izkit.Message.encode,
        izkit.Message.to_builder,
        izkit.Segment,
        izkit.Field,
        izkit.MessageBuilder,
        izkit.MessageBuilder.set,
        izkit.MessageBuilder.build,
        izkit.validate,
        izkit.validate_report,
        izkit.ack,
        izkit.Finding,
        izkit.Finding.to_dict,
        izkit.Report,
    ):
        assert obj.__doc__ and len(obj.__doc__) > 20, obj


def stub_tree():
    return ast.parse((PKG / "__init__.pyi").read_text(encoding="utf-8"))


def stub_params(fn):
    a = fn.args
    names = [x.arg for x in a.posonlyargs + a.args]
    return [n for n in names if n != "self"], [x.arg for x in a.kwonlyargs]


def runtime_params(obj):
    sig = inspect.signature(obj)
    pos = [
        p.name
        for p in sig.parameters.values()
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.name not in ("self", "$self")
    ]
    kw = [p.name for p in sig.parameters.values() if p.kind == p.KEYWORD_ONLY]
    return pos, kw


def test_stubs_match_the_module():
    tree = stub_tree()
    functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    classes = {n.name: n for n in tree.body if isinstance(n, ast.ClassDef)}
    assert set(functions) | set(classes) == set(PUBLIC)
    for name, fn in functions.items():
        assert stub_params(fn) == runtime_params(getattr(izkit, name)), name
    for name, cls in classes.items():
        runtime = getattr(izkit, name)
        for item in cls.body:
            if isinstance(item, ast.FunctionDef):
                attr = getattr(runtime, item.name)
                is_property = any(
                    isinstance(d, ast.Name) and d.id == "property" for d in item.decorator_list
                )
                if is_property:
                    assert not callable(attr), "%s.%s" % (name, item.name)
                elif item.name == "__new__":
                    assert stub_params(item)[0][1:] == runtime_params(runtime)[0], name
                elif any(
                    isinstance(d, ast.Name) and d.id == "classmethod" for d in item.decorator_list
                ):
                    # The stub names `cls`; the bound classmethod does not.
                    got = stub_params(item)
                    assert (got[0][1:], got[1]) == runtime_params(attr), "%s.%s" % (name, item.name)
                elif not item.name.startswith("__"):
                    assert stub_params(item) == runtime_params(attr), "%s.%s" % (name, item.name)
        # Every public runtime member is in the stub.
        members = {m for m in dir(runtime) if not m.startswith("_")} - set(dir(ValueError))
        stubbed = {
            i.name if isinstance(i, ast.FunctionDef) else i.target.id
            for i in cls.body
            if isinstance(i, (ast.FunctionDef, ast.AnnAssign))
        }
        assert members <= stubbed, "%s: %s not in the stub" % (name, members - stubbed)


# ---------------------------------------------------------------- validate and ack

# A VXU that meets Z22 (the NIST test tool's, trimmed to one historical dose).
GOOD_VXU = (
    "MSH|^~\\&|NISTEHRAPP|NISTEHRFAC|NISTIISAPP|NISTIISFAC|20150624073733.994-0500||"
    "VXU^V04^VXU_V04|NIST-1|P|2.5.1|||ER|AL|||||Z22^CDCPHINVS|NISTEHRFAC|NISTIISFAC\r"
    "PID|1||3123^^^NIST-MPI-1^MR||SECRETNAME^Russell^Clint^^^^L|Billington^^^^^^M|20150415|M||"
    "1002-5^American Indian or Alaska Native^CDCREC|543 Blount Drive^^Bozeman^MT^59715^USA^P||"
    "^PRN^PH^^^406^5557690|||||||||2186-5^Not Hispanic or Latino^CDCREC||N|1|||||N\r"
    "PD1|||||||||||02^Reminder/recall - any method^HL70215|N|20150624|||A|20150415|20150624\r"
    "ORC|RE||31528^NIST-AA-IZ-2|||||||7824^Jackson^Lily^Suzanne^^^^^NIST-PI-1^L^^^PRN|||||||"
    "NISTEHRFAC^NISTEHRFacility^HL70362\r"
    "RXA|0|1|20150416||45^Hep B, unspecified formulation^CVX|999|||01^Historical Administration"
    "^NIP001|||||||||||CP|A\r"
)
NO_NAME = GOOD_VXU.replace("SECRETNAME^Russell^Clint^^^^L", "")
TODAY = "2026-11-25"


def test_validate_returns_finding_dataclasses(indexed):
    msg = izkit.parse(NO_NAME, indexed=indexed)
    findings = izkit.validate(msg, today=TODAY)
    assert isinstance(findings, list) and findings
    f = next(f for f in findings if f.code == 101 and f.location == "PID^1^5^1")
    assert isinstance(f, izkit.Finding)
    assert f.severity == "error" and f.path == "PID[1]-5"
    assert isinstance(f.text, str) and f.text
    with pytest.raises(AttributeError):
        f.code = 102  # frozen
    d = f.to_dict()
    assert list(d) == ["severity", "code", "app_code", "rule", "location", "path", "text", "range"]
    assert izkit.Finding.from_dict(d) == f
    assert json.loads(json.dumps(d)) == d
    report = izkit.validate_report(msg, today=TODAY)
    assert isinstance(report, izkit.Report)
    assert report.profile == "Z22" and report.findings == findings
    assert report.to_dict()["findings"] == [x.to_dict() for x in findings]
    assert repr(f).startswith("Finding(")


def test_validate_a_good_message_has_no_errors():
    findings = izkit.validate(izkit.parse(GOOD_VXU), "Z22", today=TODAY)
    assert [f for f in findings if f.severity == "error"] == []
    # Without today the system clock is read: same findings for a message of 2015.
    assert izkit.validate(izkit.parse(GOOD_VXU)) == findings


def test_validate_errors():
    msg = izkit.parse(GOOD_VXU)
    with pytest.raises(izkit.IzkitError) as info:
        izkit.validate(msg, "Z99")
    assert type(info.value) is izkit.IzkitError
    assert info.value.code == "unknown_profile"
    with pytest.raises(ValueError) as bad_day:
        izkit.validate(msg, today="25/11/2026")
    assert "YYYY-MM-DD" in str(bad_day.value)
    with pytest.raises(TypeError):
        izkit.validate("MSH|^~\\&|A\r")


NIST = ROOT / "core" / "data" / "profiles" / "nist-iz-r1.5"
TABLES = ROOT / "core" / "data" / "tables"


def z22_sources(profile_edit=lambda xml: xml):
    read = lambda p: p.read_text(encoding="utf-8")
    return (
        profile_edit(read(NIST / "profiles" / "VXU-Z22_Profile.xml")),
        read(NIST / "constraints" / "VXU-Z22_Constraints.xml"),
        read(NIST / "valuesets" / "VXU-Z22_ValueSetLibrary.xml"),
    )


def test_validator_with_a_local_profile():
    tighten = lambda xml: xml.replace(
        '<Field Name="Ethnic Group" Usage="RE"', '<Field Name="Ethnic Group" Usage="R"', 1
    )
    local = izkit.Validator(profiles=[z22_sources(tighten)])
    assert sorted(local.profile_ids) == sorted(izkit.Validator().profile_ids)
    assert "Z22" in local.profile_ids
    msg = izkit.parse(GOOD_VXU).to_builder()
    msg.set("PID-22", "")
    msg = msg.build()
    where = lambda fs: [f for f in fs if f.code == 101 and f.location == "PID^1^22^1"]
    assert where(izkit.validate(msg, today=TODAY)) == []
    assert where(izkit.Validator().validate(msg, today=TODAY)) == []
    found = where(local.validate(msg, today=TODAY))
    assert len(found) == 1 and found[0].severity == "error"
    report = local.validate_report(msg, "Z22", today=TODAY)
    assert isinstance(report, izkit.Report) and report.profile == "Z22"
    assert report.findings == local.validate(msg, "Z22", today=TODAY)
    # A list works as a tuple; the unchanged Z22 finds what the built-in one finds.
    assert izkit.Validator([list(z22_sources())]).validate(msg, today=TODAY) == izkit.validate(
        msg, today=TODAY
    )
    assert "izkit.Validator" in repr(local)


def test_validator_with_local_tables():
    cvx = (TABLES / "cvx.csv").read_text(encoding="utf-8")
    mvx = (TABLES / "mvx.csv").read_text(encoding="utf-8")
    without_45 = "".join(l + "\n" for l in cvx.splitlines() if not l.startswith("45,"))
    msg = izkit.parse(GOOD_VXU)
    rules = lambda fs: {f.rule for f in fs}
    same = izkit.Validator(tables=(cvx, mvx, None))
    assert "izkit:rxa-5-cvx-unknown" not in rules(same.validate(msg, today=TODAY))
    local = izkit.Validator(tables=(without_45, mvx, None))
    assert "izkit:rxa-5-cvx-unknown" in rules(local.validate(msg, today=TODAY))


def test_validator_errors():
    for kwargs, code in (
        ({"profiles": [("<ConformanceProfile", None, None)]}, "profile_load"),
        ({"tables": ("not a table\n", "mvx\n", None)}, "table_load"),
    ):
        with pytest.raises(izkit.IzkitError) as info:
            izkit.Validator(**kwargs)
        assert type(info.value) is izkit.IzkitError
        assert info.value.code == code
    v = izkit.Validator()
    with pytest.raises(izkit.IzkitError) as info:
        v.validate(izkit.parse(GOOD_VXU), "Z99")
    assert info.value.code == "unknown_profile"
    with pytest.raises(ValueError):
        v.validate(izkit.parse(GOOD_VXU), today="25/11/2026")
    with pytest.raises(TypeError):
        izkit.Validator(profiles=[(1, None, None)])


def test_findings_never_hold_patient_data():
    bad = GOOD_VXU.replace("20150415|M", "SECRETDATE|SECRETSEX")
    findings = izkit.validate(izkit.parse(bad), today=TODAY)
    assert findings
    assert "SECRET" not in json.dumps([f.to_dict() for f in findings])


def test_ack_takes_findings_dicts_or_a_report():
    msg = izkit.parse(NO_NAME)
    report = izkit.validate_report(msg, today=TODAY)
    opts = dict(control_id="ACK-1", timestamp="20260101120000+0000")
    a1 = izkit.ack(msg, report.findings, **opts)
    a2 = izkit.ack(msg, [f.to_dict() for f in report.findings], **opts)
    a3 = izkit.ack(msg, report, **opts)
    assert isinstance(a1, izkit.Message)
    assert str(a1) == str(a2) == str(a3)
    assert a1.get("MSA-1") == "AE"
    assert a1.get("MSA-2") == "NIST-1"
    assert a1.get("MSH-10") == "ACK-1"
    assert a1.get("MSH-7") == "20260101120000+0000"
    assert "SECRETNAME" not in str(a1)
    good = izkit.parse(GOOD_VXU)
    ok = izkit.ack(good, izkit.validate(good, today=TODAY))
    assert ok.get("MSA-1") == "AA"
    assert ok.get("MSH-7") is not None and ok.get("MSH-10") is not None
    assert izkit.ack(good, []).get("MSA-1") == "AA"
    # The acknowledgement is a message like any other.
    assert izkit.parse(str(ok)).get("MSH-9") == ok.get("MSH-9")


def test_ack_refuses_what_is_not_a_finding():
    msg = izkit.parse(GOOD_VXU)
    good = {"severity": "error", "code": 101, "text": "x", "location": "PID^1^5^1"}
    izkit.ack(msg, [good])  # optional keys may be left out
    for bad in (
        {"severity": "fatal", "code": 101, "text": "SECRETNAME"},
        {"severity": "error", "code": "SECRETNAME", "text": "x"},
        {"severity": "error", "code": 101, "text": "x", "location": "SECRETNAME"},
        {"code": 101},
    ):
        with pytest.raises(ValueError) as info:
            izkit.ack(msg, [good, bad])
        assert "findings[1]" in str(info.value)
        assert "SECRETNAME" not in str(info.value)
    with pytest.raises(TypeError):
        izkit.ack(msg, [42])


@pytest.mark.parametrize("path", CLI_FILES[:2], ids=lambda p: p.name)
def test_validate_equals_cli_validate_json(path):
    exe = cli()
    if exe is None:
        pytest.skip("izkit CLI not built (ci.sh builds it and sets IZKIT_CLI)")
    out = subprocess.run(
        [exe, "validate", "--json", "--today", TODAY, str(path)], capture_output=True
    )
    assert out.returncode in (0, 1), out.stderr
    lines = [json.loads(line) for line in out.stdout.decode("utf-8").splitlines() if line]
    msgs = izkit.parse_many(path.read_bytes())
    assert len(lines) == len(msgs) >= 1
    for line, msg in zip(lines, msgs):
        report = izkit.validate_report(msg, today=TODAY)
        assert report.profile == line["profile"]
        assert [f.to_dict() for f in report.findings] == line["findings"]
