"""Helpers shared by the CLI tests: run the zhnorm binary, fail with a message, skip (exit 77)."""
import argparse
import json
import os
import subprocess
import sys
import tempfile

SKIP = 77


def args():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True, help="path of the zhnorm binary")
    return ap.parse_args()


def run(cli, *argv, stdin=None, check_rc=None):
    """Runs zhnorm with bytes on stdin; returns (rc, stdout bytes, stderr text)."""
    p = subprocess.run([cli, *argv], input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    err = p.stderr.decode("utf-8", "replace")
    if check_rc is not None and p.returncode != check_rc:
        fail(f"zhnorm {' '.join(argv)}: exit {p.returncode}, expected {check_rc}; stderr:\n{err}")
    return p.returncode, p.stdout, err


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)


def jsonl(data):
    """Parses JSON Lines output (bytes), failing on invalid UTF-8 or JSON."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        fail(f"output is not valid UTF-8: {e}")
    out = []
    for i, line in enumerate(text.splitlines(), 1):
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError as e:
            fail(f"output line {i} is not JSON: {e}: {line[:200]}")
    return out


def tempdir():
    return tempfile.TemporaryDirectory(prefix="zhnorm-cli-")


def write(path, data):
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def generate_records(path, count, seed=1):
    """Small one-paragraph pages (about 140 bytes a record), so 100k records stay fast in Debug."""
    here = os.path.dirname(os.path.abspath(__file__))
    subprocess.run([sys.executable, os.path.join(here, "gen_records.py"), "--count", str(count),
                    "--seed", str(seed), "--paragraphs", "1", "--sentences", "2", "--out", path], check=True)
