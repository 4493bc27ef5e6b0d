"""Filling the blank input workbook (``blank_workbook(SCHEMA)``) of an example: shared by
tools/make_example_jianghan.py and tools/make_example_xinzhou.py.

Cells are located by content (栏次, 合计, labels, header names), not by fixed coordinates.  The
scripts put ``src`` on ``sys.path`` before importing this module.
"""
from __future__ import annotations

from decimal import Decimal

from reportgen.money import q2
from reportgen.workbook.reader import norm


def M(text: str) -> Decimal:
    """An amount in 万元 as printed (2 places)."""
    return q2(Decimal(text.replace(",", "")))


def to_amount(value):
    """A cell amount: None for a blank, a Decimal kept, anything else read as printed (``M``)."""
    if value is None or value == "":
        return None
    return value if isinstance(value, Decimal) else M(str(value))


def lanci_columns(ws, count: int) -> tuple[int, dict[int, int]]:
    """The 栏次 row: the row where 1…count stand left to right; returns (row, {栏次: column})."""
    for row in range(1, 15):
        found = {}
        for col in range(1, ws.max_column + 1):
            v = ws.cell(row=row, column=col).value
            if isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= count and v not in found:
                found[v] = col
        if len(found) == count and sorted(found, key=found.get) == list(range(1, count + 1)):
            return row, found
    raise SystemExit(f"{ws.title}: 栏次 row not found")


def fill_func(ws, sheet, rows: list[tuple], total: dict[int, object] | None = None) -> None:
    """Function/economic tables: ``total`` {栏次: amount} on the 合计 row (name cell “合计”), then
    one row per (code, name, {栏次: amount}) from the row after it."""
    lanci_row, colmap = lanci_columns(ws, len(sheet.columns))
    total_row = next(r for r in range(lanci_row + 1, ws.max_row + 1) if norm(ws.cell(row=r, column=2).value) == "合计")
    for k, value in (total or {}).items():
        ws.cell(row=total_row, column=colmap[k], value=to_amount(value))
    for r, (code, name, amounts) in enumerate(rows, start=total_row + 1):
        ws.cell(row=r, column=1, value=code)
        ws.cell(row=r, column=2, value=name)
        for k, value in amounts.items():
            ws.cell(row=r, column=colmap[k], value=to_amount(value))


def fill_row(ws, sheet, values: dict[int, object]) -> None:
    """One-row tables (三公): {栏次: amount} on the data row under the 栏次 row."""
    lanci_row, colmap = lanci_columns(ws, len(sheet.columns))
    for k, value in values.items():
        ws.cell(row=lanci_row + 1, column=colmap[k], value=to_amount(value))


def fill_kv(ws, sheet, values: dict[str, object]) -> None:
    """KV sheets: the label in column A, the value in column B."""
    types = {f.label: f.type for f in sheet.fields}
    rows = {norm(ws.cell(row=r, column=1).value): r for r in range(1, ws.max_row + 1)}
    for label, value in values.items():
        if label not in types:
            raise SystemExit(f"{ws.title}: unknown field {label}")
        r = rows[norm(label)]
        if types[label] == "money":
            value = to_amount(value)
        ws.cell(row=r, column=2, value=value)


def fill_list(ws, sheet, records: list[dict[str, object]]) -> None:
    """List sheets: header row 3 (column labels), one record per row from row 4."""
    header = {norm(ws.cell(row=3, column=c).value): c for c in range(1, ws.max_column + 1)}
    types = {f.label: f.type for f in sheet.columns}
    for r, rec in enumerate(records, start=4):
        for label, value in rec.items():
            if label not in types:
                raise SystemExit(f"{ws.title}: unknown column {label}")
            if types[label] == "money":
                value = to_amount(value)
            ws.cell(row=r, column=header[norm(label)], value=value)
