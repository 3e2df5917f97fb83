#!/usr/bin/env python3
"""Record mode: bad JSON, a missing or non-string text field, a non-object record and invalid
UTF-8 are reported with their line numbers and skipped, the rest is processed, and a summary is
printed; --strict fails the run at the first one. Also the record shape and the field options."""
import json
from clitest import args, check, jsonl, run

a = args()
good = lambda i, t: json.dumps({"id": i, "text": t}, ensure_ascii=False).encode()
lines = [
    good(1, "社区工作开展\n"),                          # 1
    b'{"id": 2, "text": "unterminated',                # 2 bad JSON
    good(3, "居民服务。\n"),                             # 3
    b'{"id": 4, "text": "\xff\xfe bad bytes"}',        # 4 invalid UTF-8
    b'{"id": 5}',                                      # 5 no text field
    b'{"id": 6, "text": 42}',                          # 6 text not a string
    b'[1, 2]',                                         # 7 not an object
    b'',                                               # 8 blank: not a record
    good(9, "街街道道交交通通城城市市\n"),               # 9
]
data = b"\n".join(lines) + b"\n"
rc, out, err = run(a.cli, "--jsonl", "-j", "2", stdin=data)
check(rc == 0, f"exit {rc} with malformed records skipped, expected 0")
recs = jsonl(out)
check([r["id"] for r in recs] == [1, 3, 9], f"processed ids {[r['id'] for r in recs]}, expected [1, 3, 9]")
for line in (2, 4, 5, 6, 7):
    check(f"<stdin>:{line}:" in err, f"line {line} is not reported: {err!r}")
check("<stdin>:8:" not in err and "<stdin>:1:" not in err, f"a good or blank line was reported: {err!r}")
check("invalid UTF-8" in err, f"invalid UTF-8 is not named as such: {err!r}")
check("skipped 5 malformed record(s) of 8" in err, f"no summary: {err!r}")

# Record shape.
r = recs[2]
check(list(r.keys()) == ["id", "text", "blocks", "people", "counts"], f"record keys {list(r.keys())}")
check(r["blocks"][0] == {"kind": "headline", "text": "街道交通城市", "source": [0, 36]}, f"block {r['blocks'][0]}")
check(r["text"] == "街道交通城市", f"text {r['text']!r}")
check(r["counts"].get("collapse_doubled") == 1, f"counts {r['counts']}")

# --strict: the run stops at the first malformed record, after writing the ones before it.
rc, out, err = run(a.cli, "--jsonl", "--strict", "-j", "2", stdin=data)
check(rc == 1, f"--strict: exit {rc}, expected 1")
check([r["id"] for r in jsonl(out)] == [1], "--strict: records before the bad one are not all written")
check("<stdin>:2:" in err and "<stdin>:4:" not in err, f"--strict: {err!r}")

# Other field names, and other fields kept.
data = json.dumps({"doc": "a-1", "body": "社区工作开展\n", "lang": "zh"}, ensure_ascii=False).encode() + b"\n"
rc, out, err = run(a.cli, "--jsonl", "--text-field", "body", "--id-field", "doc", stdin=data, check_rc=0)
r = jsonl(out)[0]
check(r["doc"] == "a-1" and r["body"] == "社区工作开展" and "lang" not in r, f"field options: {r}")
rc, out, err = run(a.cli, "--jsonl", "--text-field", "body", "--id-field", "doc", "--keep-fields", stdin=data,
                   check_rc=0)
r = jsonl(out)[0]
check(list(r.keys())[:3] == ["doc", "body", "lang"] and r["lang"] == "zh", f"--keep-fields: {r}")
# A record without the id field gets a null id; CRLF line ends are fine.
rc, out, err = run(a.cli, "--jsonl", stdin=b'{"text": "abc"}\r\n{"text": "def"}', check_rc=0)
recs = jsonl(out)
check(len(recs) == 2 and recs[0]["id"] is None and recs[1]["text"] == "def", f"no id / CRLF / no final newline: {recs}")
print("ok")
