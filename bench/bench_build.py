"""Benchmark of the build without PDF: read + compute + checks, then docx and xlsx rendering.

    python bench/bench_build.py [--runs 3]

Prints the median wall time of each step over the runs (every run in brackets), the first
(cold) run separately — it pays for imports, matplotlib's font lookup and the code tables — and
the peak memory: Python allocations (tracemalloc, a separate run because tracing slows it) and
the process's maximum resident set size.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _example import copy_example, fmt, timed  # noqa: E402


def max_rss_mib() -> float | None:
    try:
        import resource
    except ImportError:                      # Windows
        return None
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()

    t0 = time.perf_counter()
    from reportgen.build import prepare, render_outputs, write_atomic
    import_s = time.perf_counter() - t0

    with tempfile.TemporaryDirectory(prefix="reportgen-bench-") as tmp:
        project = copy_example(Path(tmp))

        # cold: the first time through in this process
        t0 = time.perf_counter()
        prepared = prepare(project)
        cold_prepare = time.perf_counter() - t0
        t0 = time.perf_counter()
        render_outputs(prepared, ("docx",))
        cold_docx = time.perf_counter() - t0

        med_prep, preps, prepared = timed(lambda: prepare(project), args.runs)
        med_docx, docxs, out_docx = timed(lambda: render_outputs(prepared, ("docx",)), args.runs)
        med_xlsx, xlsxs, out_xlsx = timed(lambda: render_outputs(prepared, ("xlsx",)), args.runs)
        out_dir = Path(tmp) / "out"
        med_write, writes, _ = timed(lambda: (write_atomic(out_dir / "a.docx", out_docx["docx"]),
                                              write_atomic(out_dir / "a.xlsx", out_xlsx["xlsx"])), args.runs)

        # peak memory of one full build (prepare + docx + xlsx) with allocation tracing on
        tracemalloc.start()
        p = prepare(project)
        render_outputs(p, ("docx", "xlsx"))
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rss = max_rss_mib()
        findings = len(p.findings)

    print(f"reportgen build benchmark — example jianghan-2022, {args.runs} runs")
    print(f"  import reportgen.build: {import_s:.2f} s")
    print(f"  read + compute + checks (prepare): median {med_prep:.3f} s [{fmt(preps)}]; "
          f"first run {cold_prepare:.3f} s; {findings} findings")
    print(f"  render docx (charts + docxtpl): median {med_docx:.3f} s [{fmt(docxs)}]; first run {cold_docx:.3f} s")
    print(f"  render xlsx: median {med_xlsx:.3f} s [{fmt(xlsxs)}]")
    print(f"  write both (atomic): median {med_write:.3f} s")
    print(f"  sizes: docx {len(out_docx['docx']) / 1024:.0f} KiB, xlsx {len(out_xlsx['xlsx']) / 1024:.0f} KiB")
    print(f"  peak Python allocations (tracemalloc, one build): {peak / (1024 * 1024):.1f} MiB")
    if rss is not None:
        print(f"  peak resident set size of the process (ru_maxrss): {rss:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
