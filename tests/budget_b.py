"""Reading the Format B 公开表 of a built 预算 (shared by the Format B test modules)."""
from __future__ import annotations

import re

from docx.table import Table
from docx.text.paragraph import Paragraph


def public_tables(doc) -> dict[int, Table]:
    """公开表N → the first table after its label paragraph."""
    out, label = {}, None
    for block in doc.iter_inner_content():
        if isinstance(block, Paragraph):
            m = re.fullmatch(r"公开表(\d+)", block.text.strip())
            if m:
                label = int(m.group(1))
        elif label is not None:
            out[label] = block
            label = None
    return out


def grid(table: Table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def sheet(wb, n: int):
    """The .xlsx sheet of 公开表N."""
    return next(ws for ws in wb.worksheets if ws.title.split(" ", 1)[0] == f"公开表{n}")


def xrow(ws, r: int) -> list:
    return [ws.cell(row=r, column=c).value for c in range(1, ws.max_column + 1)]
