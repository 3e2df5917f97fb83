#!/usr/bin/env python3
"""Runs the zhnorm CLI over the sample pages in SHARED/corpus/raw, checks every output line against
the JSONL schema, scores the pages with SHARED/eval/score.py and fails when a figure falls below
(or, for error counts, rises above) the floor it is given. Exits 77 (CTest: skipped) when SHARED
is absent, so a checkout without the sample corpus still passes.

usage: corpus_gate.py --cli ZHNORM --shared DIR [--corpus DIR] [--schema-only] [--min KEY=VALUE ...] [--max KEY=VALUE ...]
"""
import argparse, json, os, subprocess, sys, tempfile

KINDS = {"headline", "paragraph", "credit"}


def check_schema(path, lines):
    for n, raw in enumerate(lines, 1):
        obj = json.loads(raw)
        keys = list(obj)
        assert keys[:2] == ["kind", "text"] and keys[-1] == "source", f"{path}:{n}: key order {keys}"
        assert obj["kind"] in KINDS, f"{path}:{n}: kind {obj['kind']!r}"
        assert isinstance(obj["text"], str) and obj["text"].strip(), f"{path}:{n}: empty text"
        src = obj["source"]
        assert isinstance(src, list) and len(src) == 2 and 0 <= src[0] <= src[1], f"{path}:{n}: source {src}"
        for key in ("byline", "credit"):
            if key in obj:
                assert (key == "byline") == (obj["kind"] == "paragraph"), f"{path}:{n}: {key} on a {obj['kind']}"
                assert obj[key] and all(set(p) == {"role", "name"} and p["role"] and p["name"] for p in obj[key]), \
                    f"{path}:{n}: {key} {obj[key]}"
        assert set(keys) <= {"kind", "text", "byline", "credit", "source"}, f"{path}:{n}: keys {keys}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--shared", required=True)
    ap.add_argument("--corpus", help="a folder with raw/ and gold/ (default: SHARED/corpus)")
    ap.add_argument("--schema-only", action="store_true")
    ap.add_argument("--min", action="append", default=[])
    ap.add_argument("--max", action="append", default=[])
    args = ap.parse_args()
    corpus = args.corpus or os.path.join(args.shared, "corpus")
    raw_dir = os.path.join(corpus, "raw")
    if not os.path.isdir(raw_dir):
        print(f"skipped: {raw_dir} is absent")
        return 77
    out_dir = tempfile.mkdtemp(prefix="zhnorm-corpus-")
    for name in sorted(os.listdir(raw_dir)):
        if not name.endswith(".txt"):
            continue
        res = subprocess.run([args.cli, os.path.join(raw_dir, name)], capture_output=True, timeout=60)
        if res.returncode != 0:
            print(f"FAIL {name}: exit {res.returncode}: {res.stderr.decode(errors='replace')}")
            return 1
        text = res.stdout.decode("utf-8")
        lines = [l for l in text.splitlines() if l.strip()]
        check_schema(name, lines)
        with open(os.path.join(out_dir, name[:-4] + ".jsonl"), "w", encoding="utf-8") as f:
            f.write(text)
    print(f"schema ok for every page in {raw_dir}")
    if args.schema_only:
        return 0
    score = subprocess.run([sys.executable, os.path.join(args.shared, "eval", "score.py"), "--dir",
                            os.path.join(corpus, "gold"), out_dir, "--json"],
                           capture_output=True, check=True)
    figures = json.loads(score.stdout)["all"]
    print(json.dumps(figures, ensure_ascii=False))
    failed = False
    for spec, better in [(s, "min") for s in args.min] + [(s, "max") for s in args.max]:
        key, _, value = spec.partition("=")
        got, want = figures[key], float(value)
        ok = got >= want if better == "min" else got <= want
        print(f"{'ok  ' if ok else 'FAIL'} {key} = {got} ({'>=' if better == 'min' else '<='} {want})")
        failed |= not ok
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
