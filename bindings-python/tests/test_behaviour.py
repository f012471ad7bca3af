"""Runs the language-neutral behaviour suite (tests/behaviour/cases/*.json at the repository
root) against the Python bindings, exactly as core/tests/behaviour.rs does against the Rust core.

Single-message cases run twice, through ``parse(..., indexed=False)`` and ``indexed=True``.
Validation cases compare ``Finding.to_dict()`` (the JSON contract) with the expectations; ack
cases hand ``ack`` the case's findings as dicts, or the ``Finding`` objects ``validate`` made.
``input_hex`` cases go through the bytes entry point (``parse(bytes)``), which transcodes
ISO-8859-1.
"""

import json
import pathlib

import pytest

import izkit

ROOT = pathlib.Path(__file__).resolve().parents[2]
CASES_DIR = ROOT / "tests" / "behaviour" / "cases"


def load_cases():
    out = []
    for f in sorted(CASES_DIR.glob("*.json")):
        suite = json.loads(f.read_text(encoding="utf-8"))
        for case in suite["cases"]:
            out.append(pytest.param(case, id="%s: %s" % (f.stem, case["name"])))
    return out


CASES = load_cases()


def test_the_suite_is_there():
    assert len(CASES) >= 30, "the suite has %d cases" % len(CASES)


def case_input(case):
    """The case's input: str for ``input`` / ``input_file``, bytes for ``input_hex``."""
    if "input" in case:
        return case["input"]
    if "input_file" in case:
        # Bytes decoded as UTF-8 without newline translation, as Rust's read_to_string.
        return (ROOT / case["input_file"]).read_bytes().decode("utf-8")
    return bytes.fromhex(case["input_hex"])


def check_error(name, e, want, case):
    assert isinstance(e, izkit.IzkitError), name
    assert isinstance(e, ValueError), name
    assert e.code == want["code"], "%s: code (%s)" % (name, e)
    if "offset" in want:
        assert e.offset == want["offset"], "%s: offset" % name
    if "path" in want:
        assert e.path == want["path"], "%s: path" % name
    secret = case.get("no_text_in_error")
    if secret is not None:
        assert secret not in str(e), "%s: error echoes content" % name
    # The class follows the code: parse errors are ParseError, path errors PathError.
    if e.code == "invalid_path":
        assert isinstance(e, izkit.PathError), name
    else:
        assert isinstance(e, izkit.ParseError), name


def check_message(name, msg, data, expect):
    if expect.get("roundtrip") is True:
        if isinstance(data, str):
            assert str(msg) == data, "%s: roundtrip" % name
            assert msg.encode() == data.encode("utf-8"), "%s: roundtrip (encode)" % name
        else:
            assert msg.encode() == data, "%s: roundtrip (encode)" % name
    if "segments" in expect:
        assert msg.segment_count == expect["segments"], "%s: segments" % name
        assert len(msg) == expect["segments"], "%s: len" % name
    for path, want in expect.get("get", {}).items():
        assert msg.get(path) == want, "%s: get %s" % (name, path)
    for path, want in expect.get("get_raw", {}).items():
        assert msg.get_raw(path) == want, "%s: get_raw %s" % (name, path)
    for path, want in expect.get("get_all", {}).items():
        assert msg.get_all(path) == want, "%s: get_all %s" % (name, path)
    for offset, want in expect.get("locate", []):
        assert msg.locate(offset) == want, "%s: locate %d" % (name, offset)
        assert izkit.locate(msg, offset) == want, "%s: izkit.locate %d" % (name, offset)
    for path, code in expect.get("get_error", {}).items():
        with pytest.raises(izkit.IzkitError) as info:
            msg.get(path)
        assert info.value.code == code, "%s: get_error %s" % (name, path)
    for path in expect.get("present", []):
        assert msg.get(path) is not None, "%s: %s is empty" % (name, path)


FINDING_KEYS = ["app_code", "code", "location", "path", "range", "rule", "severity", "text"]


def matches(finding, pattern):
    return all(k in finding and finding[k] == v for k, v in pattern.items())


def check_findings(name, profile, findings, expect):
    """``findings`` as dicts (the JSON contract)."""
    for f in findings:
        assert sorted(f) == FINDING_KEYS, "%s: the keys of a finding" % name
    if "profile" in expect:
        assert profile == expect["profile"], "%s: profile" % name
    shown = json.dumps(findings, indent=1)
    for pattern in expect.get("findings_include", []):
        assert any(matches(f, pattern) for f in findings), "%s: no finding matches %s: %s" % (
            name,
            pattern,
            shown,
        )
    for pattern in expect.get("findings_exclude", []):
        assert not any(matches(f, pattern) for f in findings), "%s: a finding matches %s: %s" % (
            name,
            pattern,
            shown,
        )
    sev = expect.get("findings_exclude_severity")
    if sev is not None:
        assert all(f["severity"] != sev for f in findings), "%s: severity %s: %s" % (name, sev, shown)
    if "findings_count" in expect:
        assert len(findings) == expect["findings_count"], "%s: findings_count: %s" % (name, shown)
    secret = expect.get("no_text_in_findings")
    if secret is not None:
        assert secret not in json.dumps(findings), "%s: findings echo content" % name


def source(spec, key):
    """``spec[key]`` as text, or the file ``spec[key + "_file"]`` names; None when neither."""
    if key in spec:
        return spec[key]
    if key + "_file" in spec:
        return (ROOT / spec[key + "_file"]).read_bytes().decode("utf-8")
    return None


def make_validator(opts):
    """``izkit.Validator`` for a case with local ``profiles`` / ``tables``, else the module
    (whose ``validate`` and ``validate_report`` use the built-in ones)."""
    if "profiles" not in opts and "tables" not in opts:
        return izkit
    profiles = None
    if "profiles" in opts:
        profiles = []
        for p in opts["profiles"]:
            xml = source(p, "profile")
            for old, new in p.get("replace", []):
                assert old in xml, "replace: %s is not in the profile" % old
                xml = xml.replace(old, new, 1)
            profiles.append((xml, source(p, "constraints"), source(p, "value_sets")))
    tables = None
    if "tables" in opts:
        t = opts["tables"]
        cvx = source(t, "cvx")
        for code in t.get("drop_cvx", []):
            cvx = "".join(
                line + "\n" for line in cvx.splitlines() if not line.startswith(code + ",")
            )
        tables = (cvx, source(t, "mvx"), source(t, "groups"))
    v = izkit.Validator(profiles, tables)
    assert "Z22" in v.profile_ids
    return v


def run_validate(case):
    name = case["name"]
    expect = case["expect"]
    opts = case["validate"]
    data = case_input(case)
    for how, indexed in (("lazy", False), ("indexed", True)):
        label = "%s (%s)" % (name, how)
        msg = izkit.parse(data, indexed=indexed)
        try:
            v = make_validator(opts)
            report = v.validate_report(msg, opts.get("profile"), today=opts.get("today"))
        except izkit.IzkitError as e:
            assert "error" in expect, "%s: unexpected error %s" % (label, e)
            want = expect["error"]
            assert type(e) is izkit.IzkitError, label
            assert e.code == want["code"], "%s: code (%s)" % (label, e)
            secret = case.get("no_text_in_error")
            if secret is not None:
                assert secret not in str(e), "%s: error echoes content" % label
            continue
        assert "error" not in expect, "%s: expected an error" % label
        assert all(isinstance(f, izkit.Finding) for f in report.findings), label
        findings = [f.to_dict() for f in report.findings]
        check_findings(label, report.profile, findings, expect)
        # validate() is the report's findings; from_dict(to_dict()) gives the same finding.
        assert v.validate(msg, opts.get("profile"), today=opts.get("today")) == report.findings
        assert [izkit.Finding.from_dict(d) for d in findings] == report.findings, label


def run_ack(case):
    name = case["name"]
    expect = case["expect"]
    spec = case["ack"]
    msg = izkit.parse(case_input(case))
    if "findings" in spec:
        findings = spec["findings"]
    else:
        opts = spec["validate"]
        findings = izkit.validate(msg, opts.get("profile"), today=opts.get("today"))
    out = izkit.ack(
        msg, findings, control_id=spec.get("control_id"), timestamp=spec.get("timestamp")
    )
    assert isinstance(out, izkit.Message), name
    check_message(name, out, str(out), expect)
    secret = expect.get("no_text_in_ack")
    if secret is not None:
        assert secret not in str(out), "%s: the ACK echoes content" % name


def run_many(name, case, data, expect):
    try:
        msgs = izkit.parse_many(data)
    except izkit.IzkitError as e:
        assert "error" in expect, "%s: unexpected error %s" % (name, e)
        check_error(name, e, expect["error"], case)
        return
    assert "error" not in expect, "%s: expected an error" % name
    if "count" in expect:
        assert len(msgs) == expect["count"], "%s: count" % name
    if expect.get("roundtrip") is True:
        if isinstance(data, str):
            assert "".join(str(m) for m in msgs) == data, "%s: roundtrip" % name
        assert b"".join(m.encode() for m in msgs) == (
            data.encode("utf-8") if isinstance(data, str) else data
        ), "%s: roundtrip (encode)" % name
    for m, e in zip(msgs, expect.get("messages", [])):
        check_message(name, m, str(m), e)


def run_parse(case):
    name = case["name"]
    expect = case["expect"]
    data = case_input(case)
    if case.get("many") is True:
        run_many(name, case, data, expect)
        return
    for how, indexed in (("lazy", False), ("indexed", True)):
        label = "%s (%s)" % (name, how)
        try:
            msg = izkit.parse(data, indexed=indexed)
        except izkit.IzkitError as e:
            assert "error" in expect, "%s: unexpected error %s" % (label, e)
            check_error(label, e, expect["error"], case)
            continue
        assert "error" not in expect, "%s: expected an error" % label
        check_message(label, msg, data, expect)


def run_build(case):
    name = case["name"]
    expect = case["expect"]
    src = case["build"]["from"]
    b = izkit.MessageBuilder(src) if src is not None else izkit.MessageBuilder()
    for i, op in enumerate(case["build"]["ops"]):
        kind, args = op[0], op[1:]
        method = {
            "set": b.set,
            "set_raw": b.set_raw,
            "clear": b.clear,
            "add_segment": b.add_segment,
            "insert_segment": b.insert_segment,
            "remove_segment": b.remove_segment,
            "add_repetition": b.add_repetition,
            "remove_repetition": b.remove_repetition,
        }.get(kind)
        assert method is not None, "%s: unknown op %s" % (name, kind)
        try:
            method(*args)
        except izkit.IzkitError as e:
            assert expect.get("op") == i, "%s: op %d failed: %s" % (name, i, e)
            want = expect["error"]
            assert e.code == want["code"], "%s: code (%s)" % (name, e)
            if "offset" in want:
                assert e.offset == want["offset"], "%s: offset" % name
            if "path" in want:
                assert e.path == want["path"], "%s: path" % name
            # Builder refusals are EditError; a malformed path is a PathError.
            cls = izkit.PathError if e.code == "invalid_path" else izkit.EditError
            assert isinstance(e, cls), "%s: %s is not %s" % (name, type(e), cls)
            secret = case.get("no_text_in_error")
            if secret is not None:
                assert secret not in str(e), "%s: error echoes content" % name
            return
    assert "error" not in expect, "%s: expected an error" % name
    if "text" in expect:
        assert str(b) == expect["text"], "%s: text" % name
        assert str(b.build()) == expect["text"], "%s: build" % name
    for path, want in expect.get("get", {}).items():
        assert b.get(path) == want, "%s: get %s" % (name, path)
        assert b.build().get(path) == want, "%s: build().get %s" % (name, path)


MISSING = object()


def fhir_path(bundle, path):
    """The value at a case's JSON path (see the README), or MISSING."""
    cur = bundle
    for i, step in enumerate(path.split(".")):
        name, index = step, None
        if "[" in step:
            name, rest = step.split("[", 1)
            index = int(rest.rstrip("]"))
        if i == 0 and name[:1].isupper():
            found = [e["resource"] for e in bundle.get("entry", []) if e["resource"]["resourceType"] == name]
            k = index or 0
            if k >= len(found):
                return MISSING
            cur = found[k]
            continue
        if not isinstance(cur, dict) or name not in cur:
            return MISSING
        cur = cur[name]
        if index is not None:
            if not isinstance(cur, list) or index >= len(cur):
                return MISSING
            cur = cur[index]
    return cur


def fhir_expected(bundle, want):
    """``want`` with ``"%ref:TYPE"`` replaced by the fullUrl of the first entry of that type."""
    if isinstance(want, str) and want.startswith("%ref:"):
        ty = want[len("%ref:"):]
        for e in bundle.get("entry", []):
            if e["resource"]["resourceType"] == ty:
                return e["fullUrl"]
        return MISSING
    return want


def check_bundle(name, b, expect):
    types = [e["resource"]["resourceType"] for e in b.get("entry", [])]
    if "resource_count" in expect:
        assert len(types) == expect["resource_count"], "%s: resource_count %s" % (name, types)
    if "types" in expect:
        assert types == expect["types"], "%s: types" % name
    for t in expect.get("types_include", []):
        assert t in types, "%s: no %s in %s" % (name, t, types)
    for t, n in expect.get("type_counts", {}).items():
        assert types.count(t) == n, "%s: type_counts %s in %s" % (name, t, types)
    for path, want in expect.get("paths", {}).items():
        got = fhir_path(b, path)
        want = fhir_expected(b, want)
        if want is None:
            assert got is MISSING, "%s: path %s is %r, want absent" % (name, path, got)
        else:
            # bool is an int in Python: compare JSON texts so True != 1.
            assert json.dumps(got if got is not MISSING else None, sort_keys=True) == json.dumps(
                want, sort_keys=True
            ), "%s: path %s is %r, want %r" % (name, path, None if got is MISSING else got, want)
    for path, n in expect.get("counts", {}).items():
        got = fhir_path(b, path)
        assert (len(got) if isinstance(got, list) else 0) == n, "%s: counts %s" % (name, path)


def check_root_error(label, e, expect, case):
    """An error the FHIR mapping raised: the root class itself, with the expected code."""
    assert "error" in expect, "%s: unexpected error %s" % (label, e)
    assert type(e) is izkit.IzkitError, label
    assert e.code == expect["error"]["code"], "%s: code (%s)" % (label, e)
    secret = case.get("no_text_in_error")
    if secret is not None:
        assert secret not in str(e), "%s: error echoes content" % label


def run_fhir(case):
    name = case["name"]
    bundle = None
    if "to_fhir" in case:
        spec = case["to_fhir"]
        expect = spec["expect"]
        offset = spec["options"].get("local_offset")
        made = []
        for how, indexed in (("lazy", False), ("indexed", True)):
            label = "%s (to_fhir, %s)" % (name, how)
            msg = izkit.parse(case_input(case), indexed=indexed)
            try:
                b = izkit.to_fhir(msg, local_offset=offset)
            except izkit.IzkitError as e:
                check_root_error(label, e, expect, case)
                continue
            assert "error" not in expect, "%s: expected an error" % label
            assert isinstance(b, dict), label
            assert json.loads(izkit.to_fhir_json(msg, local_offset=offset)) == b, label
            check_bundle(label, b, expect)
            made.append(b)
        if len(made) == 2:
            assert made[0] == made[1], "%s: the same Bundle from both parses" % name
        bundle = made[-1] if made else None
    if "from_fhir" not in case:
        return
    spec = case["from_fhir"]
    label = "%s (from_fhir)" % name
    expect = spec["expect"]
    if spec.get("input_from") == "to_fhir":
        inputs = [bundle, json.dumps(bundle)]
    elif "input_text" in spec:
        inputs = [spec["input_text"], spec["input_text"].encode("utf-8")]
    else:
        inputs = [spec["input"], json.dumps(spec["input"])]
    opts = spec["options"]
    results = []
    for resource in inputs:
        try:
            results.append(izkit.from_fhir(resource, **opts))
        except izkit.IzkitError as e:
            check_root_error(label, e, expect, case)
    if "error" in expect:
        assert not results, "%s: expected an error" % label
        return
    # A dict and its JSON text give the same messages.
    assert results[0] == results[1], label
    text = results[0]
    assert isinstance(text, str), label
    msgs = izkit.parse_many(text)
    assert "".join(str(m) for m in msgs) == text, label
    for m in msgs:
        assert str(m).endswith("\r"), "%s: segments end with CR" % label
    if "messages" in expect:
        assert len(msgs) == expect["messages"], "%s: messages" % label
    check_message(label, msgs[0], str(msgs[0]), expect)
    if "validate_no_errors" in expect:
        today = expect["validate_no_errors"]["today"]
        for m in msgs:
            errors = [f for f in izkit.validate(m, today=today) if f.severity == "error"]
            assert not errors, "%s: validation errors %s" % (label, errors)


def routing_policy(spec):
    """The ``izkit.Policy`` a route case asks for, or None for the built-in one."""
    policy = spec.get("policy")
    table = spec.get("jurisdictions")
    if "jurisdictions_file" in spec:
        table = (ROOT / spec["jurisdictions_file"]).read_text(encoding="utf-8")
    if policy is None and table is None:
        return None
    return izkit.Policy(policy, jurisdictions=table)


def check_routing(label, routing, expect):
    decisions = [d.to_dict() for d in routing.decisions]
    assert decisions, "%s: at least one decision" % label
    for d in decisions:
        assert set(d) <= {"destination", "action", "reasons", "rules", "hl7"}, label
        assert d["action"] in ("send", "deny", "hold"), label
        assert d["reasons"], "%s: every decision says why" % label
        assert ("hl7" in d) == (d["action"] == "send"), "%s: hl7 only for send" % label
    if "decisions" in expect:
        got = [[d["destination"], d["action"]] for d in decisions]
        assert got == expect["decisions"], "%s: decisions %s" % (label, got)
    by_dest = {("-" if d["destination"] is None else d["destination"]): d for d in decisions}
    for dest, rules in expect.get("rules_include", {}).items():
        for r in rules:
            assert r in by_dest[dest]["rules"], "%s: %s rules %s" % (label, dest, by_dest[dest]["rules"])
    for dest, paths in expect.get("hl7", {}).items():
        sent = izkit.parse(by_dest[dest]["hl7"])
        for path, value in paths.items():
            assert sent.get(path) == value, "%s: %s %s" % (label, dest, path)
    for key, value in expect.get("facts", {}).items():
        assert routing.facts.get(key) == value, "%s: fact %s = %r" % (label, key, routing.facts.get(key))
    trace = json.dumps({"d": [{k: v for k, v in d.items() if k != "hl7"} for d in decisions],
                        "f": routing.facts})
    for secret in expect.get("no_text_in_trace", []):
        assert secret not in trace, "%s: the trace shows %r" % (label, secret)


def run_route(case):
    name = case["name"]
    spec = case["route"]
    expect = spec["expect"]
    try:
        policy = routing_policy(spec)
    except izkit.IzkitError as e:
        check_root_error("%s (policy)" % name, e, expect, case)
        if "error_text" in expect:
            assert expect["error_text"] in str(e), "%s: error says where (%s)" % (name, e)
        return
    made = []
    for how, indexed in (("lazy", False), ("indexed", True)):
        label = "%s (route, %s)" % (name, how)
        msg = izkit.parse(case_input(case), indexed=indexed)
        try:
            routing = izkit.route_report(msg, policy, reveal=spec.get("reveal", False))
        except izkit.IzkitError as e:
            check_root_error(label, e, expect, case)
            if "error_text" in expect:
                assert expect["error_text"] in str(e), "%s: error text (%s)" % (label, e)
            continue
        assert "error" not in expect, "%s: expected an error" % label
        assert [d.to_dict() for d in izkit.route(msg, policy, reveal=spec.get("reveal", False))] == [
            d.to_dict() for d in routing.decisions], label
        if policy is not None:
            assert policy.route_report(msg, reveal=spec.get("reveal", False)) == routing, label
        check_routing(label, routing, expect)
        made.append(routing)
    if len(made) == 2:
        assert made[0] == made[1], "%s: the same routing from both parses" % name


def run_redact(case):
    name = case["name"]
    expect = case["redact"]["expect"]
    texts = []
    for indexed in (False, True):
        texts.append(izkit.redact(izkit.parse(case_input(case), indexed=indexed)))
    assert texts[0] == texts[1], "%s: the same text from both parses" % name
    text = texts[0]
    assert isinstance(text, str), name
    if "text" in expect:
        assert text == expect["text"], name
    for secret in expect.get("no_text", []):
        assert secret not in text, "%s: redacted text shows %r" % (name, secret)
    check_message("%s (redacted)" % name, izkit.parse(text), text, expect)


@pytest.mark.parametrize("case", CASES)
def test_case(case):
    if "route" in case:
        run_route(case)
    elif "redact" in case:
        run_redact(case)
    elif "to_fhir" in case or "from_fhir" in case:
        run_fhir(case)
    elif "build" in case:
        run_build(case)
    elif "validate" in case:
        run_validate(case)
    elif "ack" in case:
        run_ack(case)
    else:
        run_parse(case)
