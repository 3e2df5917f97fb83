#!/usr/bin/env python3
"""Writes N synthetic page records as JSON Lines: hard-wrapped paragraphs, doubled headlines,
bylines and credits made from a small hand-made vocabulary (no corpus text)."""
import argparse
import json
import random

WORDS = ["社区", "工作", "服务", "群众", "街道", "志愿者", "发展", "城市", "建设", "活动", "居民",
         "企业", "项目", "推进", "开展", "文化", "交通", "保障", "安全", "环境", "今年", "近日",
         "记者", "了解", "表示", "计划", "完成", "提升", "2022年", "3月", "10万", "N95口罩"]
PUNCT = ["，", "，", "、", "。"]
NAMES = ["王小明", "李华", "张伟", "刘洋", "陈静", "赵思远"]


def sentence(rng):
    s = "".join(rng.choice(WORDS) for _ in range(rng.randint(3, 9)))
    return s + rng.choice(PUNCT)


def wrap(text, width, indent):
    lines, cur = [], "　　" if indent else ""
    for ch in text:
        cur += ch
        if len(cur) >= width:
            lines.append(cur)
            cur = ""
    if cur:
        lines.append(cur)
    return lines


def page(rng, paragraphs, sentences):
    out = []
    if rng.random() < 0.5:
        head = "".join(rng.choice(WORDS) for _ in range(3))
        out.append("".join(c * 2 for c in head))
    for p in range(rng.randint(1, paragraphs)):
        body = "".join(sentence(rng) for _ in range(rng.randint(1, sentences)))
        if p == 0 and rng.random() < 0.5:
            body = "本报讯（记者 " + rng.choice(NAMES) + "）" + body
        body = body.rstrip("，、。") + "。"
        out.extend(wrap(body, 14, True))
    if rng.random() < 0.3:
        out.append("本报记者 " + rng.choice(NAMES) + " 摄")
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=100000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--paragraphs", type=int, default=2, help="at most this many paragraphs a page")
    ap.add_argument("--sentences", type=int, default=3, help="at most this many sentences a paragraph")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    with open(a.out, "w", encoding="utf-8") as f:
        for i in range(a.count):
            f.write(json.dumps({"id": i, "text": page(rng, a.paragraphs, a.sentences)}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
