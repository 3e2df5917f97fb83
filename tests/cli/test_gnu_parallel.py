#!/usr/bin/env python3
"""The README's scale-out recipe: `parallel --pipe --block 10M zhnorm --jsonl` over generated
records gives the same records as one zhnorm process, order aside. Skipped without GNU parallel."""
import os
import shutil
import subprocess
from clitest import SKIP, args, check, generate_records, run, tempdir

a = args()
parallel = shutil.which("parallel")
if not parallel:
    print("GNU parallel not installed (Debian package 'parallel'): skipped")
    raise SystemExit(SKIP)
with tempdir() as d:
    src = os.path.join(d, "records.jsonl")
    generate_records(src, 100000)
    _, whole, _ = run(a.cli, "--jsonl", src, check_rc=0)
    with open(src, "rb") as f:
        p = subprocess.run([parallel, "--will-cite", "--pipe", "--block", "10M", a.cli, "--jsonl"],
                           stdin=f, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    check(os.path.getsize(src) > 10_000_000, "the records fit in one --block: nothing was split")
    check(p.returncode == 0, f"parallel exited {p.returncode}: {p.stderr.decode(errors='replace')}")
    check(sorted(p.stdout.split(b"\n")) == sorted(whole.split(b"\n")),
          "parallel --pipe gives other records than one process")
print("ok")
