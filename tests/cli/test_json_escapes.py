#!/usr/bin/env python3
"""Page mode writes its blocks without a JSON library: every line must be the same JSON, byte for
byte, that a JSON library writes for the same block (compact, UTF-8 kept, `"` `\\` and control
characters escaped), and the blocks must equal those record mode writes for the same page."""
import json
from clitest import args, check, jsonl, run

a = args()
controls = "".join(chr(c) for c in range(1, 32) if chr(c) not in "\n\r\f\v\x1c\x1d\x1e\x85")
page = ("本报讯（记者 赵思远）北京\"引号\"和\\反斜杠，" + controls + "以及\x7f结束。\n\n"
        "He said \"yes\" \\ no\ttab.\n\n"
        "本报记者 林晓舟 摄\n")
rc, out, err = run(a.cli, stdin=page.encode(), check_rc=0)
lines = out.decode("utf-8").splitlines()
blocks = jsonl(out)
check(len(blocks) >= 3, f"expected at least 3 blocks, got {blocks}")
for line, b in zip(lines, blocks):
    want = json.dumps(b, ensure_ascii=False, separators=(",", ":"))
    check(line == want, f"block line differs from a JSON library's:\n  {line!r}\n  {want!r}")
check(any('\\"' in l and "\\\\" in l for l in lines), f"quotes and backslashes not escaped: {lines}")
check(any("\\u0001" in l for l in lines), f"control characters not escaped as \\u00XX: {lines}")

record = json.dumps({"id": 7, "text": page}, ensure_ascii=False) + "\n"
rc, out, err = run(a.cli, "--jsonl", stdin=record.encode(), check_rc=0)
rec = jsonl(out)[0]
check(rec["blocks"] == blocks, f"page mode and record mode blocks differ:\n{blocks}\n{rec['blocks']}")
print("ok")
