#!/usr/bin/env python3
"""Markdown throughput tables from a zhnorm_bench run (the README's "Throughput" section).

usage: tools/bench_table.py RESULTS.json          (from zhnorm_bench --benchmark_out=RESULTS.json)
       tools/bench_table.py --run path/to/zhnorm_bench [benchmark flags...]

Table 1: the seed page, bytes/second of each benchmark and its ratio to BM_memcpy/seed.
Table 2: every input, bytes/second and the per-byte cost relative to the same benchmark on the seed
(1.0x = as cheap per byte as the seed; the throughput issue asks for at most 3x).
"""
import json, re, subprocess, sys, tempfile

ORDER = ["BM_memcpy", "BM_load", "BM_pipeline", "BM_normalize", "BM_collapse_doubled", "BM_line_join", "BM_fullwidth_spacing",
         "BM_credits"]
INPUTS = ["seed", "huge_line", "doubled", "punct", "ascii", "short_lines"]


def load(argv):
    if argv and argv[0] == "--run":
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            subprocess.run([argv[1], f"--benchmark_out={out.name}", "--benchmark_out_format=json", *argv[2:]],
                           check=True, stdout=subprocess.DEVNULL)
            return json.load(open(out.name))
    if len(argv) != 1:
        sys.exit(__doc__)
    return json.load(open(argv[0]))


def human(bps):
    for unit, scale in (("GiB/s", 2 ** 30), ("MiB/s", 2 ** 20)):
        if bps >= scale:
            return f"{bps / scale:.2f} {unit}"
    return f"{bps / 2 ** 10:.1f} KiB/s"


def main():
    data = load(sys.argv[1:])
    rate = {}
    for b in data["benchmarks"]:
        if b.get("run_type") == "aggregate" and b.get("aggregate_name") != "mean":
            continue
        name = re.sub(r"/(iterations|min_time|repeats):[^/]*", "", b["run_name"] if "run_name" in b else b["name"])
        bench, _, inp = name.partition("/")
        rate[bench, inp] = b["bytes_per_second"]
    ctx = data.get("context", {})
    print(f"Machine: {ctx.get('num_cpus', '?')} CPUs at {ctx.get('mhz_per_cpu', '?')} MHz, "
          f"build type {ctx.get('library_build_type', '?')} (of libbenchmark), {ctx.get('date', '')}\n")
    mem = rate.get(("BM_memcpy", "seed"))
    print("| benchmark (seed, >= 1 MiB) | throughput | × memcpy |")
    print("|---|---:|---:|")
    for bench in ORDER:
        r = rate.get((bench, "seed"))
        if r is not None:
            print(f"| `{bench}/seed` | {human(r)} | {r / mem:.4f} |" if mem else f"| `{bench}/seed` | {human(r)} | |")
    print()
    inputs = [i for i in INPUTS if any((b, i) in rate for b in ORDER)]
    print("| benchmark | " + " | ".join(inputs) + " |")
    print("|---|" + "---:|" * len(inputs))
    for bench in ORDER[1:]:
        seed = rate.get((bench, "seed"))
        cells = []
        for i in inputs:
            r = rate.get((bench, i))
            cells.append("" if r is None else human(r) + (f" ({seed / r:.1f}x)" if seed and i != "seed" else ""))
        print(f"| `{bench}` | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
