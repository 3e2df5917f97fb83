#!/usr/bin/env python3
"""Writes the fuzz seed corpus (fuzz/corpus/) from the project's sample page plus hostile shapes.
Re-run after changing examples/data/sample_page.txt:  python3 fuzz/make_corpus.py
Files named regress-* are inputs the fuzzer once crashed on; they are kept by hand, not written here."""
import os

here = os.path.dirname(os.path.abspath(__file__))
page = open(os.path.join(here, "..", "examples", "data", "sample_page.txt"), "rb").read()
lines = page.split(b"\n")
head = b"\n".join(lines[:24]) + b"\n"
out = os.path.join(here, "corpus")
os.makedirs(out, exist_ok=True)


def doubled(line):
    return "".join(c * 2 for c in line.decode()).encode()


seeds = {
    "sample_page.txt": page,
    "crlf.txt": head.replace(b"\n", b"\r\n"),
    "lone_cr.txt": head.replace(b"\n", b"\r"),
    # stray byte, truncated 3-byte sequence, overlong, surrogate, byte past U+10FFFF
    "invalid.txt": head.replace("书屋".encode(), b"\xff\xe4\xb8").replace("，".encode(), b"\xc0\xaf", 2)
                   .replace("。".encode(), b"\xed\xa0\x80", 1) + b"\xf4\x90\x80\x80\n\xe4",
    "nul.txt": head.replace("， ".encode(), b"\x00", 3) + b"\x00\x00\n",
    "bom.txt": b"\xef\xbb\xbf" + head,
    "separators.txt": head.replace(b"\n\n", "\u2029".encode(), 1).replace(b"\n", "\u2028".encode(), 3)
                      .replace(b"\n", b"\f", 1),
    "doubled.txt": b"\n".join(doubled(l) for l in lines[:16]) + b"\n",
    "headlines.txt": "社社社区区区书书书屋屋屋\n迎迎来来夜夜读读客客\n常常\n谢谢谢谢\n1000\n……——\n\n".encode(),
    "punct.txt": ("，。、；：？！“”‘’（）《》【】…—·\n" * 8 + "\n" + "，" * 40 + "\n").encode(),
    "ascii.txt": b"Residents can now borrow books at night. The pilot, which opens\n"
                 b"32 reading rooms until 10 p.m., links them to the district\n\nlibrary (see p. 3).\n",
    "short_lines.txt": "".join(f"{a}{b}\n\n" for a, b in zip("社区书屋夜里也能借书", "读者居民晚上借还图")).encode(),
    "whitespace.txt": " \t\u3000\u00a0\n\n   \n\u3000\u3000\n".encode(),
    "credit_tail.txt": "2月8日晚， 居民在书屋内借书。 本报记者 林晓舟 摄\n\n本报讯 （记者 王 芳 通讯员 李\n义康） 当天，\n".encode(),
    "empty": b"",
}
for name, data in seeds.items():
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)
print(f"wrote {len(seeds)} seeds to {out}")
