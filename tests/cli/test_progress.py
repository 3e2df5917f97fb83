#!/usr/bin/env python3
"""Progress: nothing on stderr when it is not a terminal unless --progress; a redrawn line with
rate on a terminal; --quiet turns it off."""
import os
import pty
import subprocess
from clitest import args, check, run

a = args()
data = ("社区工作开展\n" * 1000).encode()
rc, out, err = run(a.cli, stdin=data, check_rc=0)
check(err == "", f"stderr is not a terminal, yet: {err!r}")
rc, out, err = run(a.cli, "--progress", stdin=data, check_rc=0)
check("zhnorm: " in err and "MB/s" in err and "1 pages" in err, f"--progress: {err!r}")
rc, out, err = run(a.cli, "--progress", "--quiet", stdin=data, check_rc=0)
check(err == "", f"--quiet: {err!r}")

master, slave = pty.openpty()
p = subprocess.Popen([a.cli, "--jsonl"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=slave)
os.close(slave)
p.communicate(b'{"id":1,"text":"abc"}\n')
shown = b""
while True:
    try:
        chunk = os.read(master, 4096)
    except OSError:
        break
    if not chunk:
        break
    shown += chunk
os.close(master)
check(p.returncode == 0, f"exit {p.returncode} with a terminal on stderr")
check(b"\rzhnorm: " in shown and b"1 records" in shown, f"no progress line on a terminal: {shown!r}")
print("ok")
