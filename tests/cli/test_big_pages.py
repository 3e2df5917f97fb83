#!/usr/bin/env python3
"""Pages bigger than --chunk-size are processed in pieces cut at safe boundaries with offsets of
the whole file: cutting at form feeds changes nothing line-based, cuts after a sentence-ending blank line or
at a plain newline keep every block's source right, and one line longer than the limit is one
piece. Also -j 2 over pieces gives the same bytes as -j 1."""
import os
import random
from clitest import args, check, jsonl, run, tempdir, write

a = args()
rng = random.Random(7)
WORDS = ["社区", "工作", "服务", "群众", "街道", "志愿者", "发展", "城市", "建设", "活动", "2022年"]


def para():
    lines, cur = [], "　　"
    for _ in range(rng.randint(20, 60)):
        cur += rng.choice(WORDS)
        if len(cur) >= 14:
            lines.append(cur)
            cur = ""
    return lines + [cur + "。"]


def check_sources(raw, blocks, what):
    for b in blocks:
        s, e = b["source"]
        check(0 <= s < e <= len(raw), f"{what}: source {b['source']} outside the input")
        src = "".join(c for c in raw[s:e].decode("utf-8", "replace") if not c.isspace())
        txt = "".join(c for c in b["text"] if not c.isspace())
        check(src[:1] == txt[:1] and src[-1:] == txt[-1:], f"{what}: block {b} does not match its source {src[:20]!r}")


with tempdir() as d:
    # Pages separated by form feeds. Passes may use page-wide statistics, so only a line-based
    # pass gives the same output whole and cut; with all passes, sources must stay right.
    ff = "\f".join("\n".join(["街街道道交交通通城城市市"] + sum((para() for _ in range(5)), [])) + "\n"
                   for _ in range(150)).encode()
    f = write(os.path.join(d, "ff.txt"), ff)
    check(len(ff) > 8 * 16384, "the form-feed page is too small to be cut")
    _, whole, _ = run(a.cli, "-j", "1", "--passes", "collapse", f, check_rc=0)
    _, pieces, _ = run(a.cli, "-j", "1", "--passes", "collapse", "--chunk-size", "16K", f, check_rc=0)
    check(pieces == whole, "cutting at form feeds changed the output of a line-based pass")
    _, pieces1, _ = run(a.cli, "-j", "1", "--chunk-size", "16K", f, check_rc=0)
    _, pieces2, _ = run(a.cli, "-j", "2", "--chunk-size", "16K", f, check_rc=0)
    check(pieces2 == pieces1, "-j 2 over pieces differs from -j 1")
    check_sources(ff, jsonl(pieces1), "form feeds")

    # Paragraphs separated by blank lines, and no blank lines at all: sources stay right.
    for name, sep in (("blank", "\n\n"), ("plain", "\n")):
        raw = sep.join("\n".join(para()) for _ in range(300)).encode() + b"\n"
        f = write(os.path.join(d, name + ".txt"), raw)
        _, out, _ = run(a.cli, "--chunk-size", "16K", f, check_rc=0)
        blocks = jsonl(out)
        check_sources(raw, blocks, name)
        total = "".join(c for c in raw.decode() if not c.isspace())
        got = "".join(c for b in blocks for c in b["text"] if not c.isspace())
        check(got == total, f"{name}: text lost or changed when cut in pieces")

    # One line longer than the limit: one piece, whole.
    line = ("社区服务" * 20000 + "。").encode()
    f = write(os.path.join(d, "line.txt"), line + b"\n")
    _, out, _ = run(a.cli, "--chunk-size", "16K", f, check_rc=0)
    blocks = jsonl(out)
    check(len(blocks) == 1 and blocks[0]["source"] == [0, len(line)], f"long line: {[b['source'] for b in blocks]}")

    # Explain on a cut page names each piece's byte range.
    _, out, _ = run(a.cli, "--explain", "--chunk-size", "16K", os.path.join(d, "ff.txt"), check_rc=0)
    check(" bytes 0-" in out.decode(), "explain does not name the pieces")
print("ok")
