"""Writes cases/route.json and cases/redact.json: the Share cases of the behaviour suite, on
examples/messages/vxu-nist-multiple-doses.hl7 (a NIST test message, see examples/messages/SOURCES.md)
with its addresses, RXA-11 and PD1-12 edited as each case name says. Run from the repository root:
    python3 tests/behaviour/gen/route_cases.py
"""
import json, subprocess, sys
SRC = "examples/messages/vxu-nist-multiple-doses.hl7"
base = open(SRC, newline='').read()

def edit(text, seg, occ, field, value):
    segs = text.split('\r')
    n = 0
    for i, s in enumerate(segs):
        if s.startswith(seg + '|'):
            n += 1
            if n == occ:
                f = s.split('|')
                idx = field if seg != 'MSH' else field - 1
                while len(f) <= idx: f.append('')
                f[idx] = value
                segs[i] = '|'.join(f)
    return '\r'.join(segs)

def drop_orders(text, keep):
    # keep only ORDER groups whose 1-based index is in keep
    segs = [s for s in text.split('\r')]
    out, order = [], 0
    for s in segs:
        if s.startswith('ORC|'): order += 1
        if order == 0 or order in keep or s == '': out.append(s)
    return '\r'.join(out)

LA2_MD = '^^^NIST-Clinic-1^^^^^^^Baltimore^MD'
def admin_md(t):
    for k in (1, 2, 3): t = edit(t, 'RXA', k, 11, LA2_MD)
    return t
home_va = lambda t: edit(t, 'PID', 1, 11, '12 Main St^^Richmond^VA^23220^USA^H')
out = {}
out['base'] = base
out['md_va'] = home_va(admin_md(base))
out['md_va_protected'] = edit(out['md_va'], 'PD1', 1, 12, 'Y')
out['md_nohome'] = edit(admin_md(base), 'PID', 1, 11, '')
out['md_canada'] = edit(admin_md(base), 'PID', 1, 11, '1 Rue^^Montreal^QC^H2X^CAN^H')
out['md_md'] = edit(admin_md(base), 'PID', 1, 11, '12 Main St^^Baltimore^Maryland^21201^USA^H')
out['historical_va'] = home_va(drop_orders(base, {4, 5}))
out['nyc_fips'] = edit(admin_md(base), 'PID', 1, 11, '1 Main St^^Flushing^NY^11354^USA^H^^36081')
out['bad_then_home'] = edit(admin_md(base), 'PID', 1, 11, '1 Old Rd^^Dover^DE^19901^USA^BA~12 Main St^^Richmond^va^23220^USA^H')
I = out
secrets = ["Richardson", "20150415", "Blount", "Bozeman", "3123", "Main St", "Richmond", "5557690"]
def case(name, inp, expect, policy=None, reveal=False, extra=None):
    c = {"name": name, "input": I[inp] if inp in I else inp,
         "route": {"policy": policy, "reveal": reveal, "expect": expect}}
    if extra: c["route"].update(extra)
    return c
MD_HOME = {"extends": "default", "sender": {"home": "MD"}}
cases = [
 case("default: NIST VXU whose doses name no state, no sender home: held, nothing sent (its address is type P: no home)", "base",
      {"decisions": [[None, "hold"]], "rules_include": {"-": ["default/hold-unresolved-administering"]},
       "facts": {"home": None, "message_type": "VXU"}, "no_text_in_trace": secrets}),
 case("default: given in MD (RXA-11.12), home VA: sent to both, MSH-5/MSH-6 from the table", "md_va",
      {"decisions": [["MD", "send"], ["VA", "send"]],
       "rules_include": {"MD": ["default/send-administering"], "VA": ["default/send-home"]},
       "hl7": {"MD": {"MSH-5": "ImmuNet", "MSH-6": "MD", "PID-5.1": "Richardson", "MSH-10": "NIST-IZ-AD-1.1_Send_V04_Z22"},
               "VA": {"MSH-5": "VIIS", "MSH-6": "VA", "RXA-5.1": "49281-0560-05"}},
       "facts": {"home": "VA", "protection": "N", "registry_status": "A"}, "no_text_in_trace": secrets}),
 case("default: PD1-12 = Y: only the administering jurisdiction; the home is denied", "md_va_protected",
      {"decisions": [["MD", "send"], ["VA", "deny"]], "rules_include": {"VA": ["default/protect-home"]},
       "facts": {"protection": "Y"}, "no_text_in_trace": secrets}),
 case("default: no home address: only the administering jurisdiction", "md_nohome",
      {"decisions": [["MD", "send"]], "no_text_in_trace": secrets}),
 case("default: home outside the US (CAN): only the administering jurisdiction", "md_canada",
      {"decisions": [["MD", "send"]], "facts": {"home": None}, "no_text_in_trace": secrets + ["Montreal"]}),
 case("default: home (full state name) is where it was given: one send", "md_md",
      {"decisions": [["MD", "send"]], "facts": {"home": "MD"}}),
 case("default: historical doses only (RXA-9 01): the home jurisdiction only", "historical_va",
      {"decisions": [["VA", "send"]], "rules_include": {"VA": ["default/send-home"]}}),
 case("default: home in Queens by county FIPS (XAD-9): New York City's IIS, not NYSIIS", "nyc_fips",
      {"decisions": [["MD", "send"], ["NYC", "send"]], "facts": {"home": "NYC"}, "no_text_in_trace": ["Flushing"]}),
 case("default: a bad address (BA) is skipped; the next home address counts (state in lower case)", "bad_then_home",
      {"decisions": [["MD", "send"], ["VA", "send"]], "no_text_in_trace": ["Dover", "Old Rd"]}),
 case("policy: the sender's home resolves doses without a state", "base",
      {"decisions": [["MD", "send"]]}, policy=MD_HOME),
 case("policy: per-destination transforms (izkit and terser paths) after the MSH-5/MSH-6 default", "md_va",
      {"decisions": [["MD", "send"], ["VA", "send"]],
       "hl7": {"VA": {"MSH-11": "T", "MSH-6": "VA", "RXA-5.1": "49281-0560-05"}, "MD": {"MSH-11": "P", "PID-5.1": "Richardson"}}},
      policy={"extends": "default", "destinations": {"VA": {"transforms": [{"set": "/MSH-11", "value": "T"}]}}}),
 case("policy: a jurisdiction fact as a condition (adults to an opt-in home are denied; a child is not)", "nyc_fips",
      {"decisions": [["MD", "send"], ["NYC", "send"]]},
      policy={"extends": "default", "rules": [{"id": "adults-opt-in", "action": "deny", "to": "home",
              "when": {"all": [{"fact": "age_years", "gte": 19}, {"fact": "home.adult_consent", "equals": "opt-in"}]}}]}),
 case("policy: the sharing matrix forbids MD -> VA: denied, naming the matrix", "md_va",
      {"decisions": [["MD", "send"], ["VA", "deny"]], "rules_include": {"VA": ["sharing"]}},
      policy={"extends": "default", "sharing": {"default": "allow", "matrix": {"MD": {"VA": "deny"}}}}),
 case("policy: an unknown fact is rejected at load with its place in the file", "md_va",
      {"error": {"code": "policy_load"}, "error_text": "/rules/0/when/fact"},
      policy={"rules": [{"id": "a", "action": "hold", "when": {"fact": "moon_phase", "equals": "full"}}]}),
 case("policy: an unknown jurisdiction is rejected at load", "md_va",
      {"error": {"code": "policy_load"}, "error_text": "/rules/0/to"},
      policy={"rules": [{"id": "a", "action": "send", "to": "ZZ"}]}),
 case("policy: a bad regex in a transformation is rejected at load", "md_va",
      {"error": {"code": "policy_load"}, "error_text": "/destinations/VA/transforms/0"},
      policy={"extends": "default", "destinations": {"VA": {"transforms": [{"regex_replace": "PID-5.1", "regex": "(x", "replacement": ""}]}}}),
 case("policy: a transformation that fails fails the routing (set into a segment the message lacks)", "md_va",
      {"error": {"code": "transform"}},
      policy={"extends": "default", "destinations": {"VA": {"transforms": [{"set": "ZZZ-1", "value": "x"}]}}}),
]
json.dump({"suite": "route", "cases": cases}, open('/work/main/tests/behaviour/cases/route.json', 'w'), indent=2, ensure_ascii=False)
red = [
 {"name": "VXU: MSH kept, every other value masked, the skeleton kept",
  "input_file": "examples/messages/vxu-nist-multiple-doses.hl7",
  "redact": {"expect": {"segments": 34, "get": {"MSH-9.1": "VXU", "MSH-10": "NIST-IZ-AD-1.1_Send_V04_Z22", "PID-5.1": "***", "PID-7": "***", "RXA[2]-5.1": "***", "PID-2": None},
             "no_text": secrets[:5] + ["Pentacel", "526434"]}}},
 {"name": "ACK: MSA and ERR kept whole",
  "input": "MSH|^~\\&|IIS|ST|EHR|CLINIC|20240102||ACK^V04^ACK|A1|P|2.5.1\rMSA|AE|42\rERR||PID^1^5^1|101^Required field missing^HL70357|E\r",
  "redact": {"expect": {"text": "MSH|^~\\&|IIS|ST|EHR|CLINIC|20240102||ACK^V04^ACK|A1|P|2.5.1\rMSA|AE|42\rERR||PID^1^5^1|101^Required field missing^HL70357|E\r"}}},
 {"name": "a mask never adds structure: * as a delimiter gives XXX",
  "input": "MSH|*~\\&|A|B\rPID|1||7*8~9\r",
  "redact": {"expect": {"text": "MSH|*~\\&|A|B\rPID|XXX||XXX*XXX~XXX\r", "segments": 2}}},
]
json.dump({"suite": "redact", "cases": red}, open('/work/main/tests/behaviour/cases/redact.json', 'w'), indent=2, ensure_ascii=False)
