"""预算: the public tables as sheet specifications for :mod:`reportgen.render.xlsx`."""
from __future__ import annotations

import dataclasses

from openpyxl import Workbook

from ...render.xlsx import HEADER_TOP, SheetSpec, func_rows_with_formulas, func_spec, resolve, write_sheet
from . import schema as S
from .compute import default_sheet, layout_of
from .context import _fiscal_rows, _project_rows, _summary_rows, block_rows, table_notes, vertical_rows


def _columns_spec(table, lay, sec, entity, unit, notes) -> SheetSpec:
    """A coded table with a formats.yaml column set: the same header cells as the .docx; parents SUM their
    children; a computed column is its formula when every column it adds up is in the set."""
    cols = lay["columns"]
    kinds = [c.get("kind", "amount") for c in cols]
    lead = [c for c, k in zip(cols, kinds) if k != "amount"]
    keys = [c["key"] for c, k in zip(cols, kinds) if k == "amount"]
    if kinds[len(lead):] != ["amount"] * len(keys):
        raise ValueError(f"layout {lay['id']}: amount columns must come last")
    grouped = any(c.get("group") for c in cols)
    h1 = [c.get("group") or c["label"] for c in cols]
    header = [h1, [c["label"] if c.get("group") else None for c in cols]] if grouped else [h1]
    merges = []
    if grouped:
        i = 0
        while i < len(cols):
            g = cols[i].get("group")
            j = i
            while g and j + 1 < len(cols) and cols[j + 1].get("group") == g:
                j += 1
            merges.append((1, i + 1, 1, j + 1) if g else (1, i + 1, 2, i + 1))
            i = j + 1
        merges = [m for m in merges if m[1] != m[3] or m[0] != m[2]]
    computed = {c.key: list(c.formula) for c in table.sheet.columns if c.computed}
    formulas = {k: f for k, f in computed.items() if k in keys and all(d in keys for d, _s in f)}
    first = HEADER_TOP + len(header)
    rows = []
    for raw in resolve(func_rows_with_formulas(table.rows, keys, formulas), keys, formulas, first, len(lead) + 1):
        code, name, values = raw[0], raw[1], raw[2:]
        row = {"code": code, "name": name}
        rows.append([row.get(c.get("kind")) for c in lead] + values)
    return SheetSpec(name=sec.caption_short, title=sec.caption, entity=entity, unit=unit, header=header,
                     merges=merges, rows=rows, widths=[{"code": 12, "name": 34}.get(c.get("kind"), 12) for c in lead]
                     + [14] * len(keys), notes=list(notes), amount_cols=set(range(len(lead) + 1, len(cols) + 1)))


def _blocks_spec(b, tid, lay, sec, entity, unit, notes) -> SheetSpec:
    body, foot = block_rows(b, tid, lay)
    h1, h2, merges, amount_cols, widths, col = [], [], [], set(), [], 1
    for bl in lay["blocks"]:
        n = len(bl["columns"])
        h1 += [bl["title"]] + [None] * (n - 1)
        h2 += list(bl["columns"])
        if n > 1:
            merges.append((1, col, 1, col + n - 1))
        amount_cols.update(range(col + 1, col + n))
        widths += [34] + [14] * (n - 1)
        col += n
    return SheetSpec(name=sec.caption_short, title=sec.caption, entity=entity, unit=unit, header=[h1, h2],
                     merges=merges, rows=[r["c"] for r in body + foot], widths=widths, notes=list(notes),
                     amount_cols=amount_cols)


def _vertical_spec(b, lay, sec, entity, unit) -> SheetSpec:
    return SheetSpec(name=sec.caption_short, title=sec.caption, entity=entity, unit=unit, header=[list(lay["columns"])],
                     merges=[], rows=[r["c"] for r in vertical_rows(b, lay)], widths=[34, 14, 50],
                     notes=list(lay.get("notes") or []), amount_cols={2})


def _pair_spec(sec, entity, unit, body, foot, notes) -> SheetSpec:
    """收支总表 / 财政拨款收支总表: 收入 | 预算数 | 支出 | 预算数; totals as SUM formulas."""
    first = HEADER_TOP + 2
    rows = [[r["l_label"] or None, r["l_v"], r["r_label"] or None, r["r_v"]] for r in body]
    n = len(rows)
    for r in foot:
        rows.append([r["l_label"], r["l_v"], r["r_label"], r["r_v"]])
    if sec.id == "fiscal":
        # left: 一、本年收入 = (一)+(二)+(三); 二、上年结转 likewise; right: 一、本年支出 = Σ 类
        r = first
        rows[0][1] = f"=SUM(B{r + 1}:B{r + 3})"
        rows[4][1] = f"=SUM(B{r + 5}:B{r + 7})"
        classes = [i for i, row in enumerate(body) if row["r_label"].startswith("（")]
        rows[0][3] = f"=SUM(D{r + min(classes)}:D{r + max(classes)})"
        closing = max(classes) + 1
        rows[n][1] = f"=B{r}+B{r + 4}"
        rows[n][3] = f"=D{r}+D{r + closing}"
    if sec.id == "summary":
        # 本年收入合计 / 本年支出合计 = SUM of the rows above; 总计 = 合计 + 结转
        income_rows = [i for i, r in enumerate(body) if r["l_label"]]
        rows[n][1] = f"=SUM(B{first}:B{first + max(income_rows)})" if income_rows else 0
        rows[n][3] = f"=SUM(D{first}:D{first + n - 1})"
        rows[n + 2][1] = f"=B{first + n}+B{first + n + 1}"
        rows[n + 2][3] = f"=D{first + n}+D{first + n + 1}"
    return SheetSpec(name=sec.caption_short, title=sec.caption, entity=entity, unit=unit,
                     header=[["收入", None, "支出", None], ["项目", "预算数", "项目", "预算数"]],
                     merges=[(1, 1, 1, 2), (1, 3, 1, 4)], rows=rows, widths=[34, 14, 34, 14],
                     notes=notes, amount_cols={2, 4})


def _sangong_spec(sec, entity, unit, values) -> SheetSpec:
    cols = S.SANGONG.columns
    r = HEADER_TOP + 2
    row = []
    letters = {c.key: chr(ord("A") + c.no - 1) for c in cols}
    for c in cols:
        row.append("=" + "+".join(f"{letters[k]}{r}" for k, _s in c.formula) if c.computed else values[c.key])
    return SheetSpec(name=sec.caption_short, title=sec.caption, entity=entity, unit=unit,
                     header=[["“三公”经费合计", "因公出国（境）费", "公务用车购置及运行维护费", None, None, "公务接待费"],
                             [None, None, "小计", "公务用车购置费", "公务用车运行维护费", None]],
                     merges=[(1, 1, 2, 1), (1, 2, 2, 2), (1, 3, 1, 5), (1, 6, 2, 6)], rows=[row],
                     widths=[14] * 6, amount_cols=set(range(1, 7)))


def _projects_spec(sec, entity, unit, rows) -> SheetSpec:
    header = [["项目类别", "项目名称", "科目编码", "科目名称", "合计", "一般公共预算拨款", "政府性基金预算拨款",
               "国有资本经营预算拨款", "财政专户管理资金", "单位资金", "上年结转"]]
    first = HEADER_TOP + 1
    out = []
    for i, r in enumerate(rows):
        line = [r["category"] or None, r["name"], r["code"] or None, r["func"] or None]
        if i == 0:
            last = first + len(rows) - 1
            line += [f"=SUM({c}{first + 1}:{c}{last})" for c in "EFGHIJK"]
        else:
            line += [f"=SUM(F{first + i}:K{first + i})"] + [r[k] for k in ("gpb", "fund", "soe", "special", "unit", "carry")]
        out.append(line)
    return SheetSpec(name=sec.caption_short, title=sec.caption, entity=entity, unit=unit, header=header,
                     merges=[], rows=out, widths=[10, 30, 10, 20] + [12] * 7, amount_cols=set(range(5, 12)))


def build_workbook(b, project, outline, labels) -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    entity = f"{labels['entity']}{project.department}"
    unit = labels["unit"]
    for sec in outline.tables:
        tid = sec.id
        lay = layout_of(b.fmt, tid, project)
        if lay and lay["kind"] == "blocks":
            spec = _blocks_spec(b, tid, lay, sec, entity, unit, [])
        elif lay and lay["kind"] == "vertical":
            spec = _vertical_spec(b, lay, sec, entity, unit)
        elif lay:
            table = getattr(b, tid)
            notes = table_notes(b.fmt, tid, empty=table.empty)
            spec = _columns_spec(table, lay, sec, entity, unit, notes)
        elif tid == "summary":
            body, foot = _summary_rows(b)
            spec = _pair_spec(sec, entity, unit, body, foot, table_notes(b.fmt, "summary"))
        elif tid == "fiscal":
            body, foot = _fiscal_rows(b)
            spec = _pair_spec(sec, entity, unit, body, foot, [])
        elif tid == "sangong":
            spec = _sangong_spec(sec, entity, unit, b.sangong)
        elif tid == "projects":
            spec = _projects_spec(sec, entity, unit, _project_rows(b))
        else:
            table = getattr(b, tid)
            notes = table_notes(b.fmt, tid, empty=table.empty)
            shown = default_sheet(table.sheet, (b.fmt.get("layout_only_columns") or {}).get(tid))
            spec = func_spec(dataclasses.replace(table, sheet=shown), sec, entity, unit, notes)
        write_sheet(wb, spec)
    wb.calculation.fullCalcOnLoad = True
    return wb
