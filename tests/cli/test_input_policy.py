#!/usr/bin/env python3
"""A page with invalid bytes, NULs and CRLFs: under the default replace policy zhnorm exits 0,
writes valid UTF-8 JSONL that still holds all the valid text, marks each replacement with U+FFFD
and notes the file, count and first offset on stderr; under --strict it names the file and offset,
exits 1 and goes on with the next file."""
import os
from clitest import args, check, jsonl, run, tempdir, write

a = args()
valid = ["社区志愿者开展服务活动", "居民表示满意。", "Hello world 2022", "街道工作推进"]
raw = (valid[0].encode() + b"\xff" + b"\r\n" +
       valid[1].encode() + b"\x00\r\n" +
       b"\xe4\xb8" + b" " + valid[2].encode() + b"\r\n\r\n" +   # a truncated sequence
       valid[3].encode() + b"\xc0\xaf\r\n")                       # an overlong encoding: two bad bytes
first_bad = len(valid[0].encode())


def subsequence(needle, hay):
    it = iter(hay)
    return all(c in it for c in needle)


with tempdir() as d:
    bad = write(os.path.join(d, "bad.txt"), raw)
    good = write(os.path.join(d, "good.txt"), "社区工作开展\n")
    rc, out, err = run(a.cli, bad)
    check(rc == 0, f"replace: exit {rc}, expected 0; {err}")
    blocks = jsonl(out)  # fails on invalid UTF-8 or JSON
    text = "".join(b["text"] for b in blocks)
    flat = "".join(c for c in text if not c.isspace())
    for v in valid:
        check(subsequence("".join(c for c in v if not c.isspace()), flat), f"lost valid text {v!r} in {text!r}")
    check("\x00" in text, "the NUL byte was not kept")
    check(text.count("\ufffd") == 4, f"{text.count(chr(0xFFFD))} U+FFFD marks, expected 4 (one per bad sequence)")
    check(bad in err and "replaced 4 invalid UTF-8" in err and f"byte offset {first_bad}" in err,
          f"replace note: {err!r}")
    for b in blocks:  # source ranges are input byte ranges
        s, e = b["source"]
        check(0 <= s <= e <= len(raw), f"source {b['source']} outside the input")
    rc, out, err = run(a.cli, "--quiet", bad)
    check(rc == 0 and err == "", f"--quiet still notes: {err!r}")

    rc, out, err = run(a.cli, "--strict", bad, good)
    check(rc == 1, f"strict: exit {rc}, expected 1")
    check(bad in err and f"offset {first_bad}" in err, f"strict: the error does not name file and offset: {err!r}")
    blocks = jsonl(out)
    check([b["text"] for b in blocks] == ["社区工作开展"], f"strict: the good file was not processed alone: {blocks}")

    # Empty and whitespace-only input, and a BOM.
    for data in (b"", b" \n\r\n\t\n", b"\xef\xbb\xbf"):
        rc, out, err = run(a.cli, stdin=data)
        check(rc == 0 and out == b"", f"input {data!r}: exit {rc}, output {out!r}")
print("ok")
