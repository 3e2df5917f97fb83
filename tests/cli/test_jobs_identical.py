#!/usr/bin/env python3
"""--jsonl -j 2 over 100k generated records gives byte-identical output to -j 1: one output record
per input record, in input order. Also page mode over several files."""
import os
from clitest import args, check, generate_records, jsonl, run, tempdir, write

a = args()
with tempdir() as d:
    src = os.path.join(d, "records.jsonl")
    generate_records(src, 100000)
    _, one, _ = run(a.cli, "--jsonl", "-j", "1", src, check_rc=0)
    _, two, _ = run(a.cli, "--jsonl", "-j", "2", src, check_rc=0)
    check(one == two, "-j 2 output differs from -j 1")
    lines = one.split(b"\n")
    check(len(lines) == 100001 and lines[-1] == b"", f"{len(lines) - 1} output records for 100000 inputs")
    first, last = jsonl(lines[0]), jsonl(lines[-2])
    check(first[0]["id"] == 0 and last[0]["id"] == 99999, "records are out of order")
    # Stdin streams the same way (a tenth of the records, to keep the test fast).
    with open(src, "rb") as f:
        head = b"".join(f.readline() for _ in range(10000))
    _, piped, _ = run(a.cli, "--jsonl", "-j", "2", stdin=head, check_rc=0)
    check(piped == b"\n".join(lines[:10000]) + b"\n", "stdin output differs from file output")

    # Page mode: many files, output in argument order whatever -j.
    files = [write(os.path.join(d, f"p{i}.txt"), f"第{i}页社区工作开展\n\n居民服务{i}。\n") for i in range(50)]
    _, p1, _ = run(a.cli, "-j", "1", *files, check_rc=0)
    _, p2, _ = run(a.cli, "-j", "2", *files, check_rc=0)
    check(p1 == p2, "page mode: -j 2 output differs from -j 1")
    check(jsonl(p1)[0]["text"].startswith("第0页"), "page mode: first block is not from the first file")
print("ok")
