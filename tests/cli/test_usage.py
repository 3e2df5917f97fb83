#!/usr/bin/env python3
"""--help exits 0, an unknown option or bad value exits 2, a missing file exits 1 naming it while
the other files are still processed."""
import os
from clitest import args, check, jsonl, run, tempdir, write

a = args()
rc, out, _ = run(a.cli, "--help", check_rc=0)
check(b"--jsonl" in out and b"--explain" in out and b"-j" in out, "--help does not list the modes")
for bad in (["--no-such-option"], ["--format", "xml"], ["-j", "x"], ["--passes", "nope"],
            ["--set", "collapse.nope=1"], ["--set", "collapse.min_chars=abc"], ["--no-nothing"],
            ["--jsonl", "--format", "text"], ["--text-field"]):
    rc, out, err = run(a.cli, *bad, stdin=b"")
    check(rc == 2, f"{bad}: exit {rc}, expected 2")
    check(out == b"", f"{bad}: wrote to stdout")
    check(err.startswith("zhnorm: "), f"{bad}: no message on stderr: {err!r}")

with tempdir() as d:
    good = write(os.path.join(d, "good.txt"), "社区工作开展\n")
    missing = os.path.join(d, "missing.txt")
    rc, out, err = run(a.cli, missing, good)
    check(rc == 1, f"missing file: exit {rc}, expected 1")
    check(missing in err, f"the error does not name the file: {err!r}")
    blocks = jsonl(out)
    check(len(blocks) == 1 and blocks[0]["text"] == "社区工作开展", "the readable file after it was not processed")
    rc, out, err = run(a.cli, "--jsonl", missing)
    check(rc == 1 and missing in err, f"--jsonl missing file: exit {rc}, stderr {err!r}")
    # A directory cannot be read as a page.
    rc, out, err = run(a.cli, d)
    check(rc == 1 and d in err, f"directory: exit {rc}, stderr {err!r}")
print("ok")
