#!/usr/bin/env bash
# Re-typesets the shared gold pages at other column widths (tests/heldout/rewrap.py) and grades the
# CLI on them with corpus_gate.py. Exits 77 (skipped) when SHARED has no corpus.
# usage: tests/heldout/run.sh ZHNORM_CLI SHARED_DIR SEED [corpus_gate.py --min/--max ...]
set -euo pipefail
cli=$1 shared=$2 seed=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd)
[ -d "$shared/corpus/gold" ] || { echo "skipped: $shared/corpus/gold is absent"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
python3 "$here/rewrap.py" "$shared/corpus/gold" "$tmp" --seed "$seed"
python3 "$here/../corpus_gate.py" --cli "$cli" --shared "$shared" --corpus "$tmp" "$@"
