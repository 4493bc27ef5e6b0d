"""决算: the nine public tables as sheet specifications for :mod:`reportgen.render.xlsx`."""
from __future__ import annotations

import copy

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from ...render.xlsx import HEADER_TOP, SheetSpec, func_spec, write_sheet
from .context import _derived_rows, sangong_columns, table_notes


def _fixed_spec(table, sec, entity, unit) -> SheetSpec:
    sheet = table.sheet
    lc, rc = sheet.left_columns, sheet.right_columns
    nl, nr = len(lc), len(rc)
    h1 = [sheet.left_header, None, None, sheet.right_header, None] + [None] * nr
    h2 = ["项目", "行次"] + [c.label for c in lc] + ["项目", "行次"] + [c.label for c in rc]
    h3 = ["栏次", None] + [c.no for c in lc] + ["栏次", None] + [c.no for c in rc]
    merges = [(1, 1, 1, 2 + nl), (1, 3 + nl, 1, 4 + nl + nr)]
    header = [h1, h2, h3]
    if nr > 1:
        # 表4: 决算数 spans the four 支出 columns; 项目/行次/决算数 span two header rows
        h2 = ["项目", "行次"] + [c.label for c in lc] + ["项目", "行次", rc[0].group] + [None] * (nr - 1)
        h2b = [None] * (4 + nl) + [c.label for c in rc]
        header = [h1, h2, h2b, h3]
        merges += [(2, 1, 3, 1), (2, 2, 3, 2), (2, 3, 3, 3), (2, 4, 3, 4), (2, 5, 3, 5), (2, 6, 2, 5 + nr)]
    first = HEADER_TOP + len(header)
    left_rows = list(sheet.left_rows)
    right_rows = list(sheet.right_rows)
    n = max(len(left_rows), len(right_rows))
    row_of_left = {r.no: first + i for i, r in enumerate(left_rows)}
    row_of_right = {r.no: first + i for i, r in enumerate(right_rows)}
    lcol = get_column_letter(3)
    rcols = {c.key: get_column_letter(6 + i) for i, c in enumerate(rc)}

    def lref(no):
        return f"{lcol}{row_of_left[no]}"

    def rref(no, key):
        return f"{rcols[key]}{row_of_right[no]}"

    # formulas of the table notes (表1 / 表4)
    if table.id == "t1":
        lf = {27: "=" + "+".join(lref(k) for k in range(1, 9)), 31: f"={lref(27)}+{lref(28)}+{lref(29)}"}
        rf = {58: {"amount": f"=SUM({rref(32, 'amount')}:{rref(57, 'amount')})"},
              60: {"amount": f"={lref(31)}-{rref(58, 'amount')}-{rref(59, 'amount')}"},
              62: {"amount": f"={rref(58, 'amount')}+{rref(59, 'amount')}+{rref(60, 'amount')}"}}
    else:
        lf = {27: f"={lref(1)}+{lref(2)}+{lref(3)}", 28: f"={lref(29)}+{lref(30)}+{lref(31)}",
              32: f"={lref(27)}+{lref(28)}"}
        rf = {59: {k: f"=SUM({rref(33, k)}:{rref(58, k)})" for k in rcols},
              64: {k: f"={rref(59, k)}+{rref(60, k)}" for k in rcols}}
    rows = []
    for i in range(n):
        left = left_rows[i] if i < len(left_rows) else None
        right = right_rows[i] if i < len(right_rows) else None
        line = []
        if left:
            line += [left.label or None, left.no, lf.get(left.no, table.left.get(left.no, {}).get("amount"))]
        else:
            line += [None, None, None]
        if right:
            vals = table.right.get(right.no, {})
            line += [right.label or None, right.no]
            for c in rc:
                if right.no in rf:
                    line.append(rf[right.no][c.key])
                elif c.computed and table.id == "t4" and right.no in vals:
                    r = row_of_right[right.no]
                    line.append("=" + "+".join(f"{rcols[d]}{r}" for d, _s in c.formula))
                else:
                    line.append(vals.get(c.key))
        else:
            line += [None, None] + [None] * nr
        rows.append(line)
    widths = [34, 6] + [14] * nl + [34, 6] + [14] * nr
    amount = set(range(3, 3 + nl)) | set(range(6, 6 + nr))
    return SheetSpec(name=sec.caption_short, title=sec.caption, entity=entity, unit=unit,
                     header=header, merges=merges, rows=rows, widths=widths,
                     notes=sec.notes, amount_cols=amount)


def _econ_spec(t6, sec, entity, unit) -> SheetSpec:
    blocks = [rows for _g, rows in t6.blocks]
    h1 = ["人员经费", None, None, "公用经费", None, None, None, None, None]
    h2 = ["经济分类科目编码", "科目名称", "决算数"] * 3
    merges = [(1, 1, 1, 3), (1, 4, 1, 9)]
    first = HEADER_TOP + 2
    n = max(len(b) for b in blocks)
    pos = {}
    for b, rows in enumerate(blocks):
        for i, (code, _name, _amt) in enumerate(rows):
            pos[code] = (first + i, get_column_letter(3 + 3 * b))
    lines = []
    for i in range(n):
        line = []
        for b, rows in enumerate(blocks):
            if i < len(rows):
                code, name, amount = rows[i]
                if len(code) == 3:
                    kids = [f"{col}{r}" for c, (r, col) in pos.items() if len(c) == 5 and c[:3] == code]
                    line += [code, name, "=" + ("+".join(kids) if kids else "0")]
                else:
                    line += [code, name, amount]
            else:
                line += [None, None, None]
        lines.append(line)
    ref = {c: f"{col}{r}" for c, (r, col) in pos.items()}
    footer = [None, "人员经费合计", f"={ref['301']}+{ref['303']}", None, "公用经费合计", None, None, None,
              f"={ref['302']}+{ref.get('310', '0')}"]
    lines.append(footer)
    return SheetSpec(name=sec.caption_short, title=sec.caption, entity=entity, unit=unit, header=[h1, h2],
                     merges=merges, rows=lines, widths=[10, 26, 12] * 3, notes=sec.notes,
                     amount_cols={3, 6, 9})


def _t9_spec(fa, d, sec, entity, unit, vehicle, vehicle_run) -> SheetSpec:
    """The 三公 table: each half's six columns, then the layout's extra columns (``extra_columns``)
    after 公务接待费; 合计 and 小计 are formulas of the 三公 items, an extra figure not entered stays
    blank."""
    halves = sangong_columns(fa, d)
    h1, h2, h3, merges, row = [], [], [], [], []
    r = HEADER_TOP + 4
    letter = {}
    start = 1
    for half, cols in zip(("预算数", "决算数"), halves):
        n = len(cols)
        h1 += [half] + [None] * (n - 1)
        h2 += ["合计", "因公出国（境）费", vehicle, None, None, "公务接待费"] + [c["label"] for c in cols[6:]]
        h3 += [None, None, "小计", "公务用车购置费", vehicle_run, None] + [None] * (n - 6)
        merges += [(1, start, 1, start + n - 1), (2, start, 3, start), (2, start + 1, 3, start + 1),
                   (2, start + 2, 2, start + 4), (2, start + 5, 3, start + 5)]
        merges += [(2, start + k, 3, start + k) for k in range(6, n)]
        letter.update({c["key"]: get_column_letter(start + k) for k, c in enumerate(cols) if not c["extra"]})
        for c in cols:
            if c["formula"]:
                row.append("=" + "+".join(f"{letter[k]}{r}" for k, _s in c["formula"]))
            else:
                row.append(c["v"])
        start += n
    ncol = start - 1
    return SheetSpec(name=sec.caption_short, title=sec.caption, entity=entity, unit=unit,
                     header=[h1, h2, h3, list(range(1, ncol + 1))], merges=merges, rows=[row],
                     widths=[12] * ncol, notes=sec.notes, amount_cols=set(range(1, ncol + 1)))


def _derived_spec(fa, sec, d, entity, unit) -> SheetSpec:
    """A table the layout derives from a 功能分类 table: its chosen columns, as values."""
    cols = d.columns
    header = [["功能分类科目编码", "科目名称"] + [c.label for c in cols], ["类 款 项", "栏次"] + list(range(1, len(cols) + 1))]
    rows = [[r["code"] or None, r["name"]] + [r["v"][c.key] for c in cols] for r in _derived_rows(fa, d)]
    return SheetSpec(name=sec.caption_short, title=sec.caption, entity=entity, unit=unit, header=header, merges=[],
                     rows=rows, widths=[12, 34] + [14] * len(cols), notes=sec.notes,
                     amount_cols=set(range(3, 3 + len(cols))))


def build_workbook(fa, project, outline, labels) -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    entity = labels["entity_line"]
    unit = labels["unit"]
    for sec in outline.tables:
        d = outline.definitions[sec.id]
        sec = copy.copy(sec)                       # the sheet's title: the caption, or the heading's name
        sec.caption = sec.caption or sec.name
        sec.caption_short = f"表{sec.no} {sec.name}"[:31]
        sec.notes = table_notes(outline, sec.id, True)
        if d.from_ and d.columns:
            write_sheet(wb, _derived_spec(fa, sec, d, entity, unit))
            continue
        src = d.from_ or sec.id                    # a copy of a standard table under another id
        t = getattr(fa, src)
        if src in ("t2", "t3", "t5", "t7", "t8"):
            after = []
            empty_text = d.empty_text or outline.table_defs[src].empty_text
            if t.empty and empty_text:
                after = [outline._text(empty_text, "tables", sec.id, "empty_text")]
            spec = func_spec(t, sec, entity, unit, sec.notes, after)
        elif src in ("t1", "t4"):
            spec = _fixed_spec(t, sec, entity, unit)
        elif src == "t6":
            spec = _econ_spec(t, sec, entity, unit)
        else:
            spec = _t9_spec(fa, d, sec, entity, unit, labels["vehicle"], labels["vehicle_run"])
        write_sheet(wb, spec)
    wb.calculation.fullCalcOnLoad = True
    return wb
