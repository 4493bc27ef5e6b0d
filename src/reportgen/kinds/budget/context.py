"""预算: the context the Word template reads (arrangement only; figures come from .compute)."""
from __future__ import annotations

import datetime as _dt
import itertools
from decimal import Decimal

from ... import glossary as G
from ...money import ZERO, dsum, fmt_amount, q2
from ...numerals import cn_ordinal
from ...render.filters import Formats
from ...render.tables import func_rows
from . import schema as S
from .compute import Budget, layout_of, level2_name
from .outline import Outline


def table_notes(fmt: dict, tid: str, empty: bool = False) -> list[str]:
    """The notes under a table (formats.yaml ``table_notes`` / ``empty_notes``)."""
    if empty and tid in fmt["empty_notes"]:
        return [fmt["empty_notes"][tid]]
    return list(fmt["table_notes"].get(tid, []))


def _pairs(left: list[dict], right: list[dict]) -> list[dict]:
    rows = []
    for l_row, r_row in itertools.zip_longest(left, right):
        l_row = l_row or {"label": "", "v": None, "bold": False}
        r_row = r_row or {"label": "", "v": None, "bold": False}
        rows.append({"l_label": l_row["label"], "l_v": l_row["v"], "r_label": r_row["label"], "r_v": r_row["v"],
                     "bold": l_row.get("bold") or r_row.get("bold")})
    return rows


def _summary_rows(b: Budget) -> tuple[list[dict], list[dict]]:
    s = b.summary
    left = [{"label": label, "v": v} for label, v in s["income_rows"]]
    right = [{"label": r["label"], "v": r["amount"]} for r in s["class_rows"]]
    body = _pairs(left, right)
    foot = [
        {"l_label": "本年收入合计", "l_v": s["income_total"], "r_label": "本年支出合计", "r_v": s["expense_total"], "bold": True},
        {"l_label": "上年结转结余", "l_v": s["carry_in"], "r_label": "年终结转结余", "r_v": s["closing"], "bold": False},
        {"l_label": "收入总计", "l_v": s["income_grand"], "r_label": "支出总计", "r_v": s["expense_grand"], "bold": True},
    ]
    return body, foot


def _fiscal_rows(b: Budget) -> tuple[list[dict], list[dict]]:
    f = b.fiscal
    names = (("gpb", "一般公共预算拨款"), ("fund", "政府性基金预算拨款"), ("soe", "国有资本经营预算拨款"))
    left = [{"label": "一、本年收入", "v": f["income_total"], "bold": True}]
    left += [{"label": f"（{cn_ordinal(i)}）{n}", "v": f["this"][k]} for i, (k, n) in enumerate(names, start=1)]
    left += [{"label": "二、上年结转", "v": f["carry_total"], "bold": True}]
    left += [{"label": f"（{cn_ordinal(i)}）{n}", "v": f["prev"][k]} for i, (k, n) in enumerate(names, start=1)]
    right = [{"label": "一、本年支出", "v": f["expense_total"], "bold": True}]
    right += [{"label": c["label"], "v": c["amount"]} for c in f["classes"]]
    right += [{"label": "二、年终结转结余", "v": f["closing"], "bold": True}]
    foot = [{"l_label": "收入总计", "l_v": f["income_grand"], "r_label": "支出总计", "r_v": f["expense_grand"], "bold": True}]
    return _pairs(left, right), foot


def _block_sources(b: Budget, tid: str) -> tuple[dict, dict]:
    """Row lists and totals a ``blocks`` layout (formats.yaml table_layouts) draws from: 收支总表 or
    财政拨款收支总表 as 收入 / 支出（功能分类）/ 支出（部门预算经济分类） blocks."""
    fmt, e = b.fmt, b.economic
    labels = {**dict(S.INCOME_SOURCES), **(fmt.get("income_labels") or {})}
    pattern = fmt.get("class_label", "{code}{name}")
    if tid == "summary":
        s = b.summary
        income = [{"label": f"{cn_ordinal(i)}、{labels[k]}", "amount": b.income.total.values.get(k)}
                  for i, k in enumerate(fmt.get("income_table_rows") or fmt["income_rows"], start=1)]
        function = [{"label": pattern.format(code=r["code"], name=r["name"]), "amount": r["amount"]}
                    for r in s["class_rows"]]
        econ_total = e["totals"]["amount"]
        totals = {"income": {"amount": s["income_total"]}, "expense": {"amount": s["expense_total"]},
                  "economic": {"amount": econ_total}, "carry_in": {"amount": s["carry_in"]},
                  "closing": {"amount": s["closing"]}, "income_grand": {"amount": s["income_grand"]},
                  "expense_grand": {"amount": s["expense_grand"]},
                  "economic_grand": {"amount": None if econ_total is None else econ_total + s["closing"]}}
    else:
        f = b.fiscal
        keys = fmt.get("fiscal_income_rows") or ["gpb", "fund", "soe"]
        income = [{"label": f"{cn_ordinal(i)}、{labels[k]}", "amount": f["this"][k]} for i, k in enumerate(keys, start=1)]
        function = [{"label": pattern.format(code=c["code"], name=c["name"]), "amount": c["amount"], "gpb": c["gpb"],
                     "fund": c["fund"]} for c in f["classes"]]
        this = {k: f["this"][k] for k in ("gpb", "fund")}
        spent = {k: dsum(c[k] for c in f["classes"]) for k in ("gpb", "fund")}
        closing = {k: q2(this[k] + f["prev"][k] - spent[k]) for k in ("gpb", "fund")}
        grand = {k: q2(this[k] + f["prev"][k]) for k in ("gpb", "fund")}
        econ = {k: e["totals"][k] for k in ("gpb", "fund")}
        totals = {"income": {"amount": dsum(f["this"][k] for k in keys)}, "expense": spent, "economic": econ,
                  "carry_in": {"amount": dsum(f["prev"][k] for k in keys)}, "closing": closing,
                  "income_grand": {"amount": dsum(f["this"][k] + f["prev"][k] for k in keys)},
                  "expense_grand": grand,
                  "economic_grand": {k: None if econ[k] is None else q2(econ[k] + closing[k]) for k in econ}}
    return {"income": income, "function": function, "economic": e["rows"]}, totals


def block_rows(b: Budget, tid: str, layout: dict) -> tuple[list[dict], list[dict]]:
    """Body and footer rows of a ``blocks`` layout: ``c`` = the cells left to right (a label, then the
    block's value columns); a block shorter than the others is padded with empty cells."""
    sources, totals = _block_sources(b, tid)
    blocks = layout["blocks"]
    lists = [sources[bl["rows"]] for bl in blocks]
    body = []
    for i in range(max(len(rows) for rows in lists)):
        cells: list = []
        for bl, rows in zip(blocks, lists):
            r = rows[i] if i < len(rows) else None
            cells.append(r["label"] if r else "")
            cells += [r.get(k) if r else None for k in bl["values"]]
        body.append({"c": cells})
    foot = []
    for line in layout.get("footer") or []:
        cells = []
        for bl, item in zip(blocks, line):
            cells.append(item["label"])
            cells += [totals[item["total"]].get(k) for k in bl["values"]]
        foot.append({"c": cells})
    return body, foot


def vertical_rows(b: Budget, layout: dict) -> list[dict]:
    """A ``vertical`` layout (公开表7): 项目 | 本年预算数 | 情况说明 (the reason entered, else blank)."""
    reasons = b.s.get("reasons", {})
    return [{"c": [r["label"], b.sangong[r["key"]], reasons.get(r.get("reason"), "") if r.get("reason") else ""]}
            for r in layout["rows"]]


def _project_rows(b: Budget) -> list[dict]:
    rows = []
    keys = ("gpb", "fund", "soe", "special", "unit", "carry")
    tot = {k: ZERO for k in keys}
    for p in b.projects:
        src = {k: p["src"]["src_" + k] or ZERO for k in ("gpb", "fund", "special", "unit")}
        vals = {"gpb": src["gpb"], "fund": src["fund"], "soe": ZERO, "special": src["special"], "unit": src["unit"],
                "carry": ZERO}
        for k in keys:
            tot[k] += vals[k]
        rows.append({"category": p["category"], "name": p["name"], "code": p["func_code"], "func": p["func_name"],
                     "total": p["amount"], **vals})
    total = {"category": "", "name": "合计", "code": "", "func": "", "total": dsum(p["amount"] for p in b.projects),
             **{k: v for k, v in tot.items()}}
    return [total] + rows


def _glossary(project, b: Budget, codes) -> list[dict]:
    fmt = b.fmt
    glossary = dict(project.glossary)
    glossary.setdefault("terms", fmt.get("glossary_terms"))

    class _P:  # the glossary builder reads project.glossary and project.where
        pass

    p = _P()
    p.glossary, p.year, p.where = glossary, project.year, project.where
    entries = G.build("预算", p, [], codes["function"], {}, code_list=False)
    pattern = fmt.get("glossary_numbering", "{cn}、")
    for i, e in enumerate(entries, start=1):
        e["number"] = pattern.format(cn=cn_ordinal(i), n=i)
        lines = [line.strip() for line in e["definition"].split("\n") if line.strip()]
        e["first"] = lines[0] if lines else ""
        e["more"] = lines[1:]
    return entries


def _b_indicators(projects: list[dict], fmt: dict) -> None:
    """Format B names the indicator levels differently (项目产出/项目效益, 01产出数量 …): mapped here
    from the one stored classification, so an indicator is classified once for both formats."""
    l1 = fmt.get("indicator_level1") or {}
    l2 = fmt.get("indicator_level2") or {}
    for p in projects:
        p["b_indicators"] = [dict(i, level1_b=l1.get(i["level1"], i["level1"]), level2_b=level2_name(fmt, l2, i["level2"]))
                             for i in p["annual"] or p["long"]]


def _project_info(p: dict, fmt: dict, project) -> list[list[dict]]:
    """The 项目基本信息表 rows (formats.yaml ``project_info``): each cell ``label``, ``key`` and ``text`` (the
    field's entered text, blank when not entered, an amount as the tables print it (1,597.67) and a date
    as 2022年10月12日; ``history`` is worded by the template from ``p.history``)."""
    names = {"Y": project.year, "Y1": project.year - 1, "Y_2": project.year - 2}
    def text(key: str) -> str:
        if key == "history":
            return ""
        if key == "dept":
            return project.department
        value = p[key] if key in p else p["record"].get(key)      # a column the project record does not carry
        if value is None:
            return ""
        if isinstance(value, Decimal):       # an amount column (项目总预算 …): as the tables print it
            return fmt_amount(value)
        if isinstance(value, _dt.date):      # 申报日期: as the document writes dates
            return Formats.date(value)
        return str(value)

    rows = []
    for row in fmt.get("project_info") or []:
        cells = row if isinstance(row, list) else [row]
        rows.append([{"label": str(c["label"]).format(**names), "key": c["value"], "text": text(c["value"])}
                     for c in cells])
    return rows


def table_order(projects: list[dict]) -> list[dict]:
    """The projects that get their own tables (单独列表 ≠ 否), in 表序 order; those without 表序 follow in
    the order of the 项目 sheet (the 部门整体 table always lists them in that order)."""
    mine = [p for p in projects if p["tables"]]
    return sorted(mine, key=lambda p: (p["table_order"] is None, p["table_order"] or 0))


def build_context(b: Budget, project, codes, embeds, charts: dict, outline: Outline) -> dict:
    fmt = b.fmt
    _b_indicators(b.projects, fmt)
    for n, p in enumerate(b.projects, start=1):
        p["overall_name"] = str(fmt.get("overall_project_name", "{name}")).format(n=n, name=p["name"])
        p["info"] = _project_info(p, fmt, project)
    tables = {}
    for sec in outline.tables:
        tid = sec.id
        entry = {"section": sec, "notes": table_notes(fmt, tid), "layout": ""}
        if tid == "summary" and "special" not in fmt["income_rows"]:
            entry["notes"] = []          # the note explains 财政专户管理资金收入, a row this format has not
        layout = layout_of(fmt, tid, project)
        if layout:
            entry["layout"] = layout["id"]
        if layout and layout["kind"] == "blocks":
            entry["rows"], entry["foot"] = block_rows(b, tid, layout)
        elif layout and layout["kind"] == "vertical":
            entry["rows"] = vertical_rows(b, layout)
            entry["notes"] = list(layout.get("notes") or [])
        elif tid == "summary":
            entry["rows"], entry["foot"] = _summary_rows(b)
        elif tid == "fiscal":
            entry["rows"], entry["foot"] = _fiscal_rows(b)
        elif tid == "sangong":
            entry["v"] = b.sangong
        elif tid == "projects":
            entry["rows"] = _project_rows(b)
        else:
            table = getattr(b, tid)
            entry["rows"] = func_rows(table.rows)
            entry["empty"] = table.empty
            if table.empty:
                entry["notes"] = table_notes(fmt, tid, empty=True)
        tables[tid] = entry
    refs = {sec.id: (sec.label or sec.caption) for sec in outline.tables}
    texts = dict(project.texts)
    for key, default in (("functions", []), ("functions_intro", ""), ("goals", []), ("uses", {}), ("overall", {}),
                         ("contact", {}), ("org", {})):
        texts.setdefault(key, default)
    if isinstance(texts["goals"], str):
        texts["goals"] = [texts["goals"]]
    org = dict(texts["org"])
    org.setdefault("plates", [])
    org.setdefault("units", [])
    org.setdefault("offices", None)     # not entered: the 内设 clause is left out
    org.setdefault("party_committee", False)
    texts["org"] = org
    uses = dict(texts["uses"])
    uses.setdefault("salary", "")
    uses.setdefault("family", "")
    texts["uses"] = uses
    overall = dict(texts["overall"])
    overall.setdefault("functions", [])
    overall.setdefault("tasks", [])
    texts["overall"] = overall
    contact = dict(texts["contact"])
    for k in ("address", "person", "phone"):
        contact.setdefault(k, "")
    texts["contact"] = contact
    return {
        "Y": project.year, "Y1": project.year - 1, "dept": project.department, "short": project.short_name,
        "phone": project.phone or contact["phone"],
        "fmt": {k: fmt.get(k) for k in ("name", "cover", "toc", "spending", "contact_placement", "economic_list",
                                        "project_tables")},
        "title": f"{project.department}{project.year}年部门预算",        # the document Title property
        "cover": {"line1": project.department, "line2": f"{project.year}年部门预算"},
        "toc": outline.toc(),
        "parts": outline.parts,
        "tables": tables,
        "refs": refs,
        "labels": {"entity": fmt.get("entity_label", "部门/单位："), "unit": fmt.get("unit_label", "单位：万元"),
                   "compare": str(fmt.get("compare", "比上年预算")).format(Y1=project.year - 1),
                   "same": str(fmt.get("same", "与上年预算持平")).format(Y1=project.year - 1),
                   "vehicle": "公务用车购置及运行维护费", "vehicle_run": "公务用车运行维护费"},
        "s": b.s,
        "projects": b.projects,
        "table_projects": table_order(b.projects),      # “单独列表”=否: no tables of its own; 表序
        "project_funds_labels": {k: (str(v).format(Y=project.year) if isinstance(v, str) else v)
                                 for k, v in (fmt.get("project_funds_labels") or {}).items()},
        "texts": texts,
        "glossary": _glossary(project, b, codes),
        "charts": charts,
        "perf_titles": {k: str(v).format(Y=project.year) for k, v in fmt["performance_table_titles"].items()},
    }
