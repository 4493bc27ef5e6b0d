"""预算: the public tables as sheet specifications for :mod:`reportgen.render.xlsx`."""
from __future__ import annotations

from openpyxl import Workbook

from ...render.xlsx import HEADER_TOP, SheetSpec, func_spec, write_sheet
from . import schema as S
from .context import _fiscal_rows, _project_rows, _summary_rows, table_notes


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
        if tid == "summary":
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
            spec = func_spec(table, sec, entity, unit, notes)
        write_sheet(wb, spec)
    wb.calculation.fullCalcOnLoad = True
    return wb
