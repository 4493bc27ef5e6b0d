"""The public tables as a formatted Excel workbook.

Each table is a sheet with its merged headers, ``#,##0.00`` amounts, borders and print setup
(one page wide).  Totals are live formulas (SUM of the rows below them, or the column formula of
the table's note), so a reviewer can audit them in Excel; the values they compute equal the
figures printed in the .docx, which a test verifies by recalculating with LibreOffice.
"""
from __future__ import annotations

from copy import copy
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.merge import MergedCellRange

from ..compute import Row

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD = Font(name="宋体", bold=True, size=10)
BODY = Font(name="宋体", size=10)
TITLE = Font(name="黑体", size=14)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="center")
FMT = "#,##0.00;-#,##0.00;"     # zero shows blank, like the published tables
HEADER_TOP = 3                  # first header row (row 1 title, row 2 department and unit)


@dataclass
class SheetSpec:
    """What the renderer needs to lay out one table."""

    name: str
    title: str
    entity: str
    unit: str
    header: list[list[Any]]                   # header rows (None = empty cell)
    merges: list[tuple[int, int, int, int]]   # (row, col, row2, col2), 1-based within the header
    rows: list[list[Any]]                     # data rows: values, or "=FORMULA" strings with {r} for row
    widths: list[float]
    notes: list[str] = field(default_factory=list)
    amount_cols: set[int] = field(default_factory=set)   # 1-based columns holding amounts
    after: list[str] = field(default_factory=list)


_SIDES = ("top", "left", "right", "bottom")


def merge(ws, row: int, col: int, row2: int, col2: int, edges: dict) -> None:
    """Merge a range as ``ws.merge_cells`` does — the other cells become empty MergedCells, and those
    on the range's edge carry the top-left cell's border on that edge, so a merged header keeps its
    frame — at a fraction of its cost: openpyxl adds each edge border to each cell one side at a time
    (a Border built, hashed and looked up per side and cell: a third of the .xlsx of a district
    build's document); here the style of each kind of edge cell is made once per sheet (``edges``).
    A test reads the merged ranges and borders back."""
    start = ws.cell(row=row, column=col)
    rng = MergedCellRange.__new__(MergedCellRange)
    CellRange.__init__(rng, min_col=col, min_row=row, max_col=col2, max_row=row2)
    rng.ws, rng.start_cell = ws, start
    ws.merged_cells.add(rng)
    frame = start.border
    for r in range(row, row2 + 1):
        for c in range(col, col2 + 1):
            if r == row and c == col:
                continue
            on = (r == row, c == col, c == col2, r == row2)
            key = (start._style.borderId, on)
            style = edges.get(key)
            if style is None:
                sides = {name: getattr(frame, name) for name, edge in zip(_SIDES, on)
                         if edge and getattr(frame, name) is not None and getattr(frame, name).style is not None}
                style = edges[key] = StyleArray()
                if sides:
                    style.borderId = ws.parent._borders.add(Border(**sides))
            cell = MergedCell(ws, row=r, column=c)
            cell._style = copy(style)
            ws._cells[(r, c)] = cell


def write_sheet(wb: Workbook, spec: SheetSpec):
    ws = wb.create_sheet(spec.name[:31])
    edges: dict = {}                     # the MergedCell style of each kind of edge cell, for merge()
    ncol = len(spec.widths)
    ws.cell(row=1, column=1, value=spec.title).font = TITLE
    ws.cell(row=1, column=1).alignment = CENTER
    merge(ws, 1, 1, 1, ncol, edges)
    ws.row_dimensions[1].height = 28
    ws.cell(row=2, column=1, value=spec.entity).font = BODY
    ws.cell(row=2, column=ncol, value=spec.unit).font = BODY
    ws.cell(row=2, column=ncol).alignment = Alignment(horizontal="right")
    top = 3
    for i, hrow in enumerate(spec.header):
        for j, v in enumerate(hrow):
            c = ws.cell(row=top + i, column=1 + j, value=v)
            c.font, c.alignment, c.border = HEAD, CENTER, BORDER
    for r1, c1, r2, c2 in spec.merges:
        merge(ws, top + r1 - 1, c1, top + r2 - 1, c2, edges)
    first = top + len(spec.header)
    styled: dict[bool, object] = {}      # amount column? → the style of the first such cell
    for i, row in enumerate(spec.rows):
        r = first + i
        for j, v in enumerate(row):
            if isinstance(v, str) and v.startswith("="):
                v = v.format(r=r, first=first)
            c = ws.cell(row=r, column=1 + j, value=v)
            amount = (1 + j) in spec.amount_cols
            if amount in styled:         # openpyxl looks each style up anew: copy the first cell's
                c._style = copy(styled[amount])
                continue
            c.border, c.font = BORDER, BODY
            if amount:
                c.number_format = FMT
                c.alignment = RIGHT
            else:
                c.alignment = LEFT
            styled[amount] = c._style
    r = first + len(spec.rows)
    for text in spec.notes + spec.after:
        ws.cell(row=r, column=1, value=text).font = Font(name="宋体", size=9)
        merge(ws, r, 1, r, ncol, edges)
        ws.cell(row=r, column=1).alignment = LEFT
        ws.row_dimensions[r].height = 15 if len(text) < 60 else 30
        r += 1
    for j, w in enumerate(spec.widths):
        ws.column_dimensions[get_column_letter(1 + j)].width = w
    ws.freeze_panes = ws.cell(row=first, column=1)
    ws.print_title_rows = f"{top}:{first - 1}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    return ws


def func_rows_with_formulas(rows: list[Row], keys: list[str], formulas: dict[str, list[tuple[str, int]]]
                            ) -> list[list[Any]]:
    """Classified rows with placeholders: parent rows SUM their children, computed columns
    apply the table's column formula.  :func:`resolve` turns placeholders into cell formulas once
    the first data row is known.  ``rows`` is the 合计 row then the hierarchy (compute.rollup)."""
    index = {r.code: i for i, r in enumerate(rows)}
    out = []
    for row in rows:
        line: list[Any] = [row.code or "合计", row.name if row.code else ""]
        children = []
        if row.level == "total":
            children = [index[r.code] for r in rows if r.level == "class"]
        elif row.level == "class":
            children = [index[r.code] for r in rows if r.level == "section" and r.code[:3] == row.code]
        elif row.level == "section":
            children = [index[r.code] for r in rows if r.level == "item" and r.code[:5] == row.code]
        for k in keys:
            value = row.values.get(k)
            # a formula only where it gives the printed figure: an entered (authoritative) total that
            # differs from its leaves by a 尾数 is written as the figure itself
            if children and value == sum((rows[c].values.get(k) or 0 for c in children), 0):
                line.append(("SUMREF", k, children))
            elif not children and k in formulas and value == sum(
                    ((row.values.get(d) or 0) * s for d, s in formulas[k]), 0):
                line.append(("COLF", k))
            else:
                line.append(value)
        out.append(line)
    return out


def resolve(spec_rows: list[list[Any]], keys: list[str], formulas: dict[str, list[tuple[str, int]]],
            first_row: int, first_col: int = 3) -> list[list[Any]]:
    col_of = {k: get_column_letter(first_col + i) for i, k in enumerate(keys)}
    out = []
    for i, line in enumerate(spec_rows):
        r = first_row + i
        new = []
        for v in line:
            if isinstance(v, tuple) and v and v[0] == "SUMREF":
                _tag, k, children = v
                new.append("=" + "+".join(f"{col_of[k]}{first_row + c}" for c in children))
            elif isinstance(v, tuple) and v and v[0] == "COLF":
                k = v[1]
                terms = "".join(("+" if s > 0 else "-") + f"{col_of[d]}{r}" for d, s in formulas[k])
                new.append("=" + terms.lstrip("+"))
            else:
                new.append(v)
        out.append(new)
    return out


def func_spec(table, sec, entity, unit, notes, after=()) -> SheetSpec:
    """A classified table (FuncTable) as a sheet: 科目编码 | 科目名称 | amount columns in 栏次 order,
    grouped headers merged, parents as SUM formulas, computed columns as their formulas."""
    sheet = table.sheet
    cols = sheet.columns
    has_groups = any(c.group for c in cols)
    code_label = "功能分类科目编码" if sheet.classification == "function" else "经济分类科目编码"
    h1 = [code_label, "科目名称"] + [c.group or c.label for c in cols]
    h2 = [None, None] + [c.label if c.group else None for c in cols]
    h3 = ["类 款 项", "栏次"] + [c.no for c in cols]
    header = [h1, h2, h3] if has_groups else [h1, h3]
    merges = []
    if has_groups:
        merges += [(1, 1, 2, 1), (1, 2, 2, 2)]
        i = 0
        while i < len(cols):
            if cols[i].group:
                j = i
                while j + 1 < len(cols) and cols[j + 1].group == cols[i].group:
                    j += 1
                if j > i:
                    merges.append((1, 3 + i, 1, 3 + j))
                i = j + 1
            else:
                merges.append((1, 3 + i, 2, 3 + i))
                i += 1
    keys = [c.key for c in cols]
    formulas = {c.key: list(c.formula) for c in cols if c.computed}
    raw = func_rows_with_formulas(table.rows, keys, formulas)
    rows = resolve(raw, keys, formulas, HEADER_TOP + len(header))
    return SheetSpec(name=sec.caption_short, title=sec.caption, entity=entity, unit=unit, header=header,
                     merges=merges, rows=rows, widths=[12, 34] + [14] * len(cols),
                     notes=list(notes), amount_cols=set(range(3, 3 + len(cols))), after=list(after))
