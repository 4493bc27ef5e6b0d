"""Benchmark of the PDF step (issue 6): build the example (docx + xlsx), then LibreOffice.

    python bench/bench_pdf.py [--runs 3]

Prints the wall time of each step (median of the runs, every run in brackets) and the page count.
The PDF step is ``reportgen.render.pdf.convert``: one LibreOffice start, 目录 updated twice, the
.docx written back and the PDF exported; each run starts from a fresh copy of the built .docx.
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _example import copy_example, fmt, timed  # noqa: E402


def page_count(pdf: Path) -> int:
    if shutil.which("pdfinfo"):
        out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        m = re.search(r"^Pages:\s+(\d+)", out, re.M)
        if m:
            return int(m.group(1))
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()

    from reportgen.build import build
    from reportgen.render.pdf import PdfError, convert, find_soffice

    soffice = find_soffice()
    if soffice is None:
        print("LibreOffice (soffice) not found: sudo apt-get install libreoffice-writer-nogui python3-uno "
              "fonts-noto-cjk", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="reportgen-bench-") as tmp:
        tmp = Path(tmp)
        project = copy_example(tmp / "project")
        quiet = lambda *a: None  # noqa: E731

        t0 = time.perf_counter()
        _, written = build(project, formats=("docx", "xlsx"), echo=quiet)
        first = time.perf_counter() - t0
        med_build, builds, (_, written) = timed(
            lambda: build(project, formats=("docx", "xlsx"), echo=quiet), args.runs)

        fresh = written["docx"].read_bytes()
        n = {"i": 0}
        warnings: list[str] = []

        def pdf_step():
            n["i"] += 1
            docx = tmp / f"run{n['i']}.docx"
            docx.write_bytes(fresh)                 # convert() updates the .docx in place
            pdf = tmp / f"run{n['i']}.pdf"
            warnings[:] = convert(docx, pdf)
            return pdf

        try:
            med_pdf, pdfs, pdf = timed(pdf_step, args.runs)
        except PdfError as exc:
            print(f"PDF step failed: {exc}", file=sys.stderr)
            return 1
        pages = page_count(pdf)
        size = pdf.stat().st_size

    print(f"reportgen PDF benchmark — example jianghan-2022, {args.runs} runs, LibreOffice {soffice}")
    print(f"  build docx+xlsx (read, compute, checks, render, write): median {med_build:.2f} s "
          f"[{fmt(builds)}]; first run in this process {first:.2f} s")
    print(f"  PDF step (LibreOffice: open, 目录 x2, save .docx, export PDF): median {med_pdf:.2f} s [{fmt(pdfs)}]")
    print(f"  total build --pdf ≈ {med_build + med_pdf:.2f} s")
    print(f"  PDF: {pages} pages, {size / 1024:.0f} KiB")
    for w in warnings:
        print(f"  提示：{w}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
