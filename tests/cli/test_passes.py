#!/usr/bin/env python3
"""--passes runs only the listed passes (aliases or full names), --no-PASS switches one off,
--set PASS.OPTION=VALUE sets a documented option, --list-passes shows them all."""
import json
from clitest import args, check, jsonl, run

a = args()
page = "党党员员干干部部带带头头\n谢谢\n社区工作开展\n".encode()


def texts(*opts, data=page):
    _, out, _ = run(a.cli, *opts, stdin=data, check_rc=0)
    return [b["text"] for b in jsonl(out)]


def counts(*opts):
    rec = json.dumps({"id": 1, "text": page.decode()}, ensure_ascii=False).encode()
    _, out, _ = run(a.cli, "--jsonl", *opts, stdin=rec, check_rc=0)
    return jsonl(out)[0]["counts"]


check(texts()[0] == "党员干部带头", "the default pipeline does not collapse")
check(texts("--no-collapse")[0] == "党党员员干干部部带带头头", "--no-collapse still collapses")
check(texts("--no-collapse_doubled")[0] == "党党员员干干部部带带头头", "--no-<full name> is not accepted")
check(texts("--passes", "join,spacing,credits")[0] == "党党员员干干部部带带头头", "--passes without collapse collapses")
check(list(counts("--passes", "collapse")) == ["collapse_doubled"], f"--passes collapse: {counts('--passes', 'collapse')}")
check("collapse_doubled" not in counts("--no-collapse"), "--no-collapse: the pass still counted edits")
check(list(counts("--passes", "collapse_doubled,credits")) in (["collapse_doubled"], ["collapse_doubled", "credits"]),
      "full names in --passes")
# Options: `谢谢` is a real reduplication kept by min_chars=3; min_chars=1 collapses it.
thanks = "社区工作开展\n谢谢\n".encode()
check(texts("--passes", "collapse", data=thanks)[1] == "谢谢", "谢谢 collapsed by default")
check(texts("--passes", "collapse", "--set", "collapse.min_chars=1", data=thanks)[1] == "谢",
      "--set collapse.min_chars=1 had no effect")
two = "党党员员干干部部\n带带头头清清积积雪雪\n".encode()
check(len(texts("--passes", "collapse", data=two)) == 1, "two doubled lines are not merged by default")
check(len(texts("--set", "collapse.merge_adjacent=false", "--passes", "collapse", data=two)) == 2,
      "--set collapse.merge_adjacent=false had no effect")
check(texts("--set", "collapse_doubled.max_repeat=1")[0] == "党党员员干干部部带带头头", "--set max_repeat=1 had no effect")
spaced = "获悉 ，该区\n".encode()
check(texts("--passes", "spacing", data=spaced) == ["获悉，该区"], "spacing alone does not remove the space")
check(texts("--passes", "spacing", "--set", "spacing.space_at_punct=false", data=spaced) == ["获悉 ，该区"],
      "--set spacing.space_at_punct=false had no effect")
rc, out, _ = run(a.cli, "--list-passes", "--set", "collapse.min_chars=5", "--no-credits", check_rc=0)
listing = out.decode()
for name in ("collapse_doubled", "line_join", "fullwidth_spacing", "credits"):
    check(name in listing, f"--list-passes does not list {name}")
check("collapse.min_chars=5" in listing and "credits (alias credits) [disabled]" in listing, listing)
print("ok")
