#!/usr/bin/env python3
"""Held-out proxy pages: re-typesets the blocks of each gold page the way a PDF extractor would
give them at another column width (11 to 16 ems), or as a wide one-paragraph-per-line page, with
the defects zhnorm repairs (extraction spaces at punctuation, blank lines at column breaks,
doubled headlines, credits at the end of captions, half-width punctuation), deterministically
from a seed. The expected output is the gold page itself, so score.py can grade the result.

usage: rewrap.py GOLD_DIR OUT_DIR [--seed N] [--variants K]
writes OUT_DIR/raw/<page>-<variant>.txt and OUT_DIR/gold/<page>-<variant>.txt (temporary files,
never committed: they are derived from the shared gold pages).
"""
import os, random, sys

CLOSING = set("，。、；：？！”’）》〉】〕」』…")
OPENING = set("“‘（《〈【〔「『")
HALF = {"，": ",", "；": ";", "：": ":", "？": "?", "！": "!", "（": "(", "）": ")"}


def parse(path):
    blocks = []
    for raw in open(path, encoding="utf-8").read().splitlines():
        if not raw.strip():
            continue
        tag, _, body = raw.partition(" ")
        if tag == "@":
            blocks[-1]["notes"].append(raw)
            continue
        blocks.append({"tag": tag, "text": body, "notes": []})
    return blocks


def ems(ch):
    return 0.5 if ord(ch) < 0x2000 and ch != "·" else 1.0


def spaced_punct(text, rng, stretch):
    """Extraction spaces after (and on stretched lines before) full-width punctuation."""
    out = []
    for i, ch in enumerate(text):
        if ch in "，、；：" and stretch and rng.random() < 0.15:
            out.append(" ")
        out.append(ch)
        if ch in "，、。；：）”" and i + 1 < len(text) and rng.random() < stretch:
            out.append(" ")
    return "".join(out)


def wrap(text, width, rng, indent=2.0):
    lines, cur, col = [], [], indent
    chars = list(text)
    i = 0
    while i < len(chars):
        ch = chars[i]
        cur.append(ch)
        col += ems(ch)
        i += 1
        if col >= width - 0.25 and i < len(chars):
            # line-breaking rules: closing punctuation never starts a line
            while i < len(chars) and chars[i] in CLOSING:
                cur.append(chars[i])
                i += 1
            if i < len(chars):
                lines.append("".join(cur))
                cur, col = [], 0.0
    if cur:
        lines.append("".join(cur))
    # an extraction space falls at the end of a line, never at the start of the next
    for k in range(1, len(lines)):
        while lines[k].startswith(" "):
            lines[k] = lines[k][1:]
            lines[k - 1] += " "
    return [l for l in lines if l.strip()]


def doubled(text, k):
    return "".join(ch * k if not ch.isspace() else ch for ch in text)


def render(blocks, rng, width):
    """One page as an extractor gives it. width=None: wide page, one paragraph per line."""
    out = []  # list of lines; "" is a blank line
    stretch = rng.choice([0.0, 0.35, 0.6]) if width else 0.0
    half = width is None and rng.random() < 0.5
    column_left = rng.randint(8, 30)
    i = 0
    while i < len(blocks):
        b = blocks[i]
        text = b["text"]
        if b["tag"] == "H":
            if out and out[-1] != "":
                out.append("")
            if rng.random() < 0.2 and " " not in text:
                k = rng.choice([2, 2, 3, 4])
                d = doubled(text, k)
                if rng.random() < 0.5 and len(text) > 8:
                    cut = len(text) // 2 * k
                    out.extend([d[:cut], d[cut:]])
                else:
                    out.append(d)
            else:
                out.append((" " if rng.random() < 0.15 else "") + text)
            out.append("")
            i += 1
            continue
        if b["tag"] == "C":
            prev_is_caption = i > 0 and blocks[i - 1]["tag"] in "Pp" and out and out[-1] != ""
            if prev_is_caption and rng.random() < 0.4:
                out[-1] = out[-1] + " " + text
            else:
                if out and out[-1] != "":
                    out.append("")
                out.append(text)
                out.append("")
            i += 1
            continue
        body = text
        if body.startswith("本报讯（"):
            body = "本报讯 （" + body[len("本报讯（"):]
            close = body.find("）")
            if close > 0:
                body = body[:close] + " ）"[rng.random() < 0.7:] + " " + body[close + 1:]
        if half:
            body = "".join(HALF.get(ch, ch) for ch in body)
        if width is None:
            out.append(body)
            out.append("")
            i += 1
            continue
        lines = wrap(spaced_punct(body, rng, stretch), width, rng)
        if rng.random() < 0.3:
            lines[0] = " " + lines[0]
        for line in lines:
            out.append(line)
            column_left -= 1
            if column_left <= 0:
                out.append("")  # a column break, wherever it falls
                column_left = rng.randint(8, 30)
        if rng.random() < 0.5:
            out.append("")
        i += 1
    return "\n".join(out).strip("\n") + "\n"


def main(argv):
    gold_dir, out_dir = argv[0], argv[1]
    seed = int(argv[argv.index("--seed") + 1]) if "--seed" in argv else 1
    variants = int(argv[argv.index("--variants") + 1]) if "--variants" in argv else 7
    os.makedirs(os.path.join(out_dir, "raw"), exist_ok=True)
    os.makedirs(os.path.join(out_dir, "gold"), exist_ok=True)
    widths = [11, 12, 13, 14, 15, 16, None]
    for name in sorted(os.listdir(gold_dir)):
        if not name.endswith(".txt"):
            continue
        blocks = parse(os.path.join(gold_dir, name))
        gold_text = open(os.path.join(gold_dir, name), encoding="utf-8").read()
        for v in range(variants):
            rng = random.Random(seed * 1000 + v * 31 + sum(map(ord, name)) % 997)
            width = widths[v % len(widths)]
            stem = f"{name[:-4]}-{v}"
            with open(os.path.join(out_dir, "raw", stem + ".txt"), "w", encoding="utf-8") as f:
                f.write(render(blocks, rng, width))
            with open(os.path.join(out_dir, "gold", stem + ".txt"), "w", encoding="utf-8") as f:
                f.write(gold_text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
