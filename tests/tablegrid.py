"""Reading the tables of a generated document back, for the table acceptance tests of every kind.

A table becomes a ``Grid`` of ``GCell`` rows, whatever the file format:

* a .docx table through python-docx, merged cells resolved through the table grid (``docx_grid``);
* a .xlsx sheet after a LibreOffice recalculation with a private profile (``recalculate_with_libreoffice``;
  totals are formulas and openpyxl cannot evaluate them): the rows between the ``部门…`` line and the
  first ``注`` / ``备注`` line (``xlsx_grid``), number formats and formulas from the original file.

``Grid.amount_problem`` tells whether a cell displays an amount the way every table must: 2 decimals
with thousands separators, zero shown as a blank.  ``Checker`` collects every mismatch of one table so
that a failure lists them all.

Which tables there are, how they are labelled and what they must contain stays in the test modules.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pytest
from docx.table import Table, _Cell

FORMATS = ["docx", "xlsx"]
AMOUNT_DISPLAY = re.compile(r"^-?\d{1,3}(,\d{3})*\.\d{2}$")  # 2 decimals, thousands separator


def norm(text) -> str:
    """Text without any whitespace (the documents print e.g. "合 计", "总 计")."""
    return re.sub(r"\s+", "", "" if text is None else str(text))


# =============================================================================================
# A table as a grid of cells, independent of the file format
# =============================================================================================


@dataclass
class GCell:
    col: int  # first grid column (0-based)
    span: int  # number of grid columns covered
    text: str  # displayed text (docx) / value as text (xlsx)
    value: object = None  # xlsx: the (recalculated) value
    number_format: str = "General"  # xlsx: number format of the original file
    formula: str | None = None  # xlsx: formula in the original file
    where: str = ""  # xlsx: cell coordinate, for messages

    def covers(self, col: int) -> bool:
        return self.col <= col < self.col + self.span


EMPTY = GCell(col=-1, span=0, text="")


@dataclass
class Grid:
    fmt: str  # "docx" or "xlsx"
    rows: list[list[GCell]] = field(default_factory=list)

    def at(self, r: int, col: int) -> GCell:
        for cell in self.rows[r]:
            if cell.covers(col):
                return cell
        return EMPTY

    def texts(self, r: int) -> list[str]:
        return [norm(c.text) for c in self.rows[r]]

    def find_row(self, match, start: int = 0) -> int:
        """The first row from ``start`` with a cell ``match`` (a str), or whose texts satisfy ``match``."""
        pred = match if callable(match) else (lambda texts: match in texts)
        for r in range(start, len(self.rows)):
            if pred(self.texts(r)):
                return r
        what = "matching row" if callable(match) else f"row with a cell {match!r}"
        raise AssertionError(f"({self.fmt}) no {what} in the table")

    def amount_problem(self, cell: GCell, want: Decimal | None) -> str | None:
        """None if ``cell`` displays ``want`` (None = blank), else a description of what it shows."""
        return docx_amount_problem(cell, want) if self.fmt == "docx" else xlsx_amount_problem(cell, want)


def docx_amount_problem(cell: GCell, want: Decimal | None) -> str | None:
    got = cell.text.strip()
    if want is None:
        return None if got == "" else f"expected blank, got {got!r}"
    shown = f"{want:,.2f}"
    if got != shown:
        return f"expected {shown}, got {got or 'blank'!r}"
    return None


def zero_hidden(number_format: str) -> bool:
    """True if the number format displays zero as nothing (an empty third section)."""
    sections = number_format.split(";")
    return len(sections) >= 3 and sections[2].strip().strip('"') == ""


def _is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def xlsx_amount_problem(cell: GCell, want: Decimal | None) -> str | None:
    v = cell.value
    where = f"[{cell.where}]"
    if isinstance(v, str) and v.strip() == "":
        v = None
    if want is None:
        if v is None:
            return None
        if _is_number(v) and v == 0:
            if zero_hidden(cell.number_format):
                return None
            return f"{where} expected blank, got 0 displayed with format {cell.number_format!r}"
        return f"{where} expected blank, got {v!r}"
    if not _is_number(v):
        return f"{where} expected {want:,.2f}, got {v!r}"
    if abs(Decimal(repr(v)) - want) > Decimal("0.000001"):
        return f"{where} expected {want:,.2f}, got {v!r}"
    if not cell.number_format.split(";")[0].startswith("#,##0.00"):
        return f"{where} value {want} shown with format {cell.number_format!r}, not '#,##0.00'"
    return None


def docx_display_problems(grids: dict[str, Grid]) -> list[str]:
    """Every cell of the named .docx grids that shows a figure other than as e.g. 1,234.56 (2 decimals,
    thousands separators) or that shows zero instead of a blank."""
    bad = []
    for name, grid in grids.items():
        for r, row in enumerate(grid.rows):
            for cell in row:
                t = cell.text.strip()
                if "." in t and not AMOUNT_DISPLAY.match(t):
                    why = " has no thousands separator" if re.fullmatch(r"-?\d{4,}\.\d\d", t) else ""
                    bad.append(f"{name} row {r}: {t!r}{why}")
                if AMOUNT_DISPLAY.match(t) and Decimal(t.replace(",", "")) == 0:
                    bad.append(f"{name} row {r}: zero displayed as {t!r} instead of blank")
    return bad


class Checker:
    """Collects every mismatch of one table so a failure lists them all.

    ``name`` names the table in messages; labels are compared after ``norm`` (a subclass may compare
    with a normaliser of its own).
    """

    norm = staticmethod(norm)

    def __init__(self, name: str, grid: Grid):
        self.name, self.grid = name, grid
        self.errors: list[str] = []
        self.figures = 0  # non-blank reference amounts compared
        self.blanks = 0  # blank reference amount cells checked
        self.labels = 0  # codes / names / labels compared

    def label(self, where: str, got, want) -> None:
        self.labels += 1
        if self.norm(got) != self.norm(want):
            self.errors.append(f"{where}: expected {want!r}, got {got!r}")

    def amount(self, where: str, cell: GCell, want: Decimal | None) -> None:
        if want is None:
            self.blanks += 1
        else:
            self.figures += 1
        problem = self.grid.amount_problem(cell, want)
        if problem:
            self.errors.append(f"{where}: {problem}")

    def fail(self, message: str) -> None:
        self.errors.append(message)

    def done(self) -> None:
        head = f"{self.name} ({self.grid.fmt})"
        print(f"{head}: {self.figures} figures, {self.blanks} blank cells, {self.labels} labels compared")
        assert not self.errors, f"{head}: {len(self.errors)} cell(s) differ from the reference:\n  " + \
            "\n  ".join(f"{head} {e}" for e in self.errors)


# =============================================================================================
# Reading a .docx table
# =============================================================================================


def docx_grid(table: Table) -> Grid:
    grid = Grid("docx")
    for tr in table._tbl.tr_lst:
        col = tr.grid_before
        cells = []
        for tc in tr.tc_lst:
            span = tc.grid_span
            cells.append(GCell(col=col, span=span, text=_Cell(tc, table).text))
            col += span
        grid.rows.append(cells)
    return grid


# =============================================================================================
# Reading a .xlsx sheet (after a LibreOffice recalculation)
# =============================================================================================

# Force LibreOffice to recalculate every formula on load (never trust cached values).
LO_REGISTRY = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">\
<value>0</value></prop></item>
</oor:items>
"""


def recalculate_with_libreoffice(xlsx: Path, workdir: Path, timeout: int = 120) -> Path:
    """Round-trip ``xlsx`` through LibreOffice (private profile) so every formula carries its value.

    Fails (never skips) when LibreOffice is missing, times out after ``timeout`` seconds or fails.
    """
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.fail(
            "LibreOffice (soffice) is not installed: it is required to recalculate the formulas of the "
            "generated .xlsx (CI installs it; locally: apt-get install libreoffice-calc)",
            pytrace=False,
        )
    profile = workdir / "lo-profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(LO_REGISTRY, encoding="utf-8")
    outdir = workdir / "recalculated"
    outdir.mkdir(exist_ok=True)
    cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
           "--convert-to", "xlsx", "--outdir", str(outdir), str(xlsx)]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        pytest.fail(f"LibreOffice did not convert {xlsx.name} within {timeout} s: {' '.join(cmd)}",
                    pytrace=False)
    out = outdir / xlsx.name
    if proc.returncode != 0 or not out.exists():
        pytest.fail(f"LibreOffice failed to recalculate {xlsx.name} (rc={proc.returncode}):\n"
                    f"{proc.stdout}\n{proc.stderr}", pytrace=False)
    return out


def cell_text(value) -> str:
    """A cell value as text (whole floats without ".0")."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _first_text(ws, r: int) -> str:
    for c in range(1, ws.max_column + 1):
        t = norm(cell_text(ws.cell(r, c).value))
        if t:
            return t
    return ""


def xlsx_entity_row(ws) -> int:
    """The row of the ``部门：`` / ``部门/单位：`` line above the table."""
    r = next((r for r in range(1, ws.max_row + 1) if _first_text(ws, r).startswith("部门")), None)
    assert r is not None, f"sheet {ws.title!r}: no '部门：' or '部门/单位：' line above the table"
    return r


def xlsx_grid(ws_orig, ws_values=None) -> Grid:
    """The table of a sheet: rows after the ``部门…：`` line up to the first ``注``/``备注`` line.

    Values come from ``ws_values`` (the recalculated copy) when given; number formats and formulas
    always from the original file.
    """
    ws_values = ws_values if ws_values is not None else ws_orig
    spans: dict[tuple[int, int], int] = {}
    covered: set[tuple[int, int]] = set()
    for rng in ws_orig.merged_cells.ranges:
        spans[(rng.min_row, rng.min_col)] = rng.max_col - rng.min_col + 1
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                if (r, c) != (rng.min_row, rng.min_col):
                    covered.add((r, c))
    start = xlsx_entity_row(ws_orig)
    end = next((r for r in range(start + 1, ws_orig.max_row + 1)
                if _first_text(ws_orig, r).startswith(("注", "备注"))), ws_orig.max_row + 1)
    grid = Grid("xlsx")
    for r in range(start + 1, end):
        cells = []
        for c in range(1, ws_orig.max_column + 1):
            if (r, c) in covered:
                continue
            orig = ws_orig.cell(r, c)
            value = ws_values.cell(r, c).value
            formula = orig.value if isinstance(orig.value, str) and orig.value.startswith("=") else None
            cells.append(GCell(col=c - 1, span=spans.get((r, c), 1), text=cell_text(value), value=value,
                               number_format=orig.number_format, formula=formula, where=orig.coordinate))
        grid.rows.append(cells)
    return grid


def xlsx_title(ws, norm=norm) -> str:
    """The first non-blank cell of the first three rows (the title line of a table sheet)."""
    return next((norm(ws.cell(r, c).value) for r in range(1, 4) for c in range(1, ws.max_column + 1)
                 if norm(ws.cell(r, c).value)), "")


def xlsx_sheets(wb, titles: dict[int, str], norm=norm) -> dict[int, object]:
    """{n: worksheet}: a sheet is table n when its title line is ``titles[n]`` (compared after ``norm``)."""
    found = {}
    for ws in wb.worksheets:
        title = xlsx_title(ws, norm)
        for n, expected in titles.items():
            if title == norm(expected):
                assert n not in found, f".xlsx: two sheets carry the title {expected!r}"
                found[n] = ws
    return found
