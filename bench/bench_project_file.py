"""Benchmark of reading the project file: the examples, and the hostile files that must be refused fast.

    python bench/bench_project_file.py [--runs 5]

Prints the median wall time (every run in brackets) of ``load_project`` on each bundled example
(YAML shape check + parse + schema validation) and of refusing a "billion laughs" alias bomb,
5,000-deep nesting and a 1 MB string aliased 30 times (each must end in a Chinese error).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _hostile(folder: Path) -> dict[str, Path]:
    base = (ROOT / "data" / "jianghan-2022.yaml").read_text(encoding="utf-8")
    bomb = "x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    for i in range(1, 10):
        bomb += f"x{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]\n"
    files = {
        "alias bomb (9^9)": base + bomb,
        "5,000-deep nesting": base + "glossary: {terms: " + "[" * 5000 + "]" * 5000 + "}\n",
        "1 MB string aliased 30 times": base + "glossary:\n  extra:\n  - {term: &t \"" + "x" * 1_000_000
        + "\", definition: y}\n" + "  - {term: *t, definition: y}\n" * 30,
    }
    out = {}
    for i, (label, text) in enumerate(files.items()):
        path = folder / f"hostile{i}.yaml"
        path.write_text(text, encoding="utf-8")
        out[label] = path
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    from reportgen.errors import ReportgenError
    from reportgen.project import load_project

    with tempfile.TemporaryDirectory() as tmp:
        cases = {f"load {n}": ROOT / "data" / f"{n}.yaml" for n in ("jianghan-2022", "xinzhou-2023")}
        cases.update({f"refuse {k}": v for k, v in _hostile(Path(tmp)).items()})
        for label, path in cases.items():
            times, message = [], ""
            for _ in range(args.runs):
                t0 = time.perf_counter()
                try:
                    load_project(path, check_output=False)
                except ReportgenError as exc:
                    message = str(exc)
                times.append(time.perf_counter() - t0)
            runs = " ".join(f"{t * 1000:.0f}" for t in times)
            print(f"{label:40s} {statistics.median(times) * 1000:8.1f} ms  [{runs}]")
            if message:
                print(f"    {message[:100]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
