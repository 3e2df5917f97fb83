#!/usr/bin/env python3
"""--explain lists each pass's edits with input byte offsets, rule, before -> after, and the
per-pass counts; --format jsonl gives the same as JSON. Run on a hand-made page and, when the
sample corpus is there, on every sample page."""
import glob
import json
import os
import re
import sys
from clitest import args, check, jsonl, run, tempdir, write

a = args()
PASSES = ["collapse_doubled", "line_join", "fullwidth_spacing", "credits"]
page = ("党党员员干干部部带带头头\n"
        "　　本报讯（记者 赵思远）近日 ，社区志愿\n"
        "者开展服务活动 。\n")
raw = page.encode()


def check_explained(path, data):
    rc, out, err = run(a.cli, "--explain", "--format", "jsonl", path, check_rc=0)
    pages = jsonl(out)
    check(len(pages) == 1, f"{path}: {len(pages)} explain objects")
    p = pages[0]
    check(p["range"] == [0, len(data)], f"{path}: range {p['range']}")
    for e in p["edits"]:
        check(e["pass"] in PASSES and e["rule"], f"{path}: edit without pass or rule: {e}")
        s, t = e["source"]
        check(0 <= s <= t <= len(data), f"{path}: edit source {e['source']} outside the input")
        check(e["before"] != e["after"], f"{path}: an edit that changes nothing: {e}")
    for name, n in p["counts"].items():
        listed = sum(1 for e in p["edits"] if e["pass"] == name)
        check(name in PASSES and n >= listed, f"{path}: count {name}={n} but {listed} edits listed")
    return p


with tempdir() as d:
    f = write(os.path.join(d, "page.txt"), raw)
    p = check_explained(f, raw)
    collapse = [e for e in p["edits"] if e["pass"] == "collapse_doubled"]
    check(len(collapse) == 1, f"collapse edits: {collapse}")
    e = collapse[0]
    check(e["before"] == "党党员员干干部部带带头头" and e["after"] == "党员干部带头", f"collapse edit {e}")
    check(raw[e["source"][0]:e["source"][1]].decode() == e["before"], f"collapse edit offsets {e['source']}")

    rc, out, err = run(a.cli, "--explain", f, check_rc=0)
    text = out.decode()
    check(text.startswith(f"== {f}\n"), f"no page header: {text[:100]!r}")
    check(re.search(r"^collapse_doubled: 1 edit$", text, re.M), f"no count line: {text!r}")
    check(f'  0-{len("党党员员干干部部带带头头".encode())}  collapse_repeated_characters: '
          '"党党员员干干部部带带头头" -> "党员干部带头"' in text, f"no edit line: {text!r}")
    for name in PASSES:
        check(re.search(rf"^{name}: ", text, re.M), f"pass {name} missing from the explanation")
    rc, out, err = run(a.cli, "--explain", "--no-spacing", f, check_rc=0)
    check("fullwidth_spacing: disabled" in out.decode(), "a disabled pass is not shown as such")

    # Record mode: --explain adds the edits to each record.
    rec = json.dumps({"id": 1, "text": page}, ensure_ascii=False).encode() + b"\n"
    rc, out, err = run(a.cli, "--jsonl", "--explain", stdin=rec, check_rc=0)
    r = jsonl(out)[0]
    check(any(e["rule"] == "collapse_repeated_characters" for e in r["edits"]), f"record edits: {r.get('edits')}")

shared = os.environ.get("ZHNORM_SHARED_DIR", "")
for path in sorted(glob.glob(os.path.join(shared, "corpus", "raw", "*.txt"))) if shared else []:
    with open(path, "rb") as fh:
        check_explained(path, fh.read())
print("ok")
