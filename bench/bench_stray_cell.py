"""Benchmark of the reader against one stray value far outside a table (issue 10).

    python bench/bench_stray_cell.py [--runs 3]

For a stray value at 表3!H20000, 表3!H200000 and 表3!XFD1048576 (and the unchanged example as the
baseline) prints the median wall time of ``prepare`` (read + compute + checks, what ``reportgen
check`` does) and the warning that names the cell.  Target: every case under 2 s — the reader
visits the cells that hold something, never the sheet's whole dimension.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _example import copy_example, fmt, timed  # noqa: E402

SHEET = "表3 支出决算表"
CASES = [None, "H20000", "H200000", "XFD1048576"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()

    import openpyxl

    from reportgen.build import prepare

    worst = 0.0
    with tempfile.TemporaryDirectory(prefix="bench-stray-") as tmp:
        for ref in CASES:
            project = copy_example(Path(tmp) / (ref or "baseline"))
            if ref:
                book = project.parent / "jianghan-2022.xlsx"
                wb = openpyxl.load_workbook(book)
                wb[SHEET][ref] = 12.5
                wb.save(book)
            med, times, prepared = timed(lambda: prepare(project), args.runs)
            worst = max(worst, med)
            warning = next((str(f) for f in prepared.findings if f.rule == "R-OUTSIDE"), "（无警告）")
            print(f"{ref or '无多余值':>12}: {med:.2f} s  [{fmt(times)}]  {warning[:60]}")
    print(f"最慢 {worst:.2f} s（目标 < 2 s）：{'达标' if worst < 2 else '未达标'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
