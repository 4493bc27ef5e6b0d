"""The figure manifest: every figure a build printed, and what changed since the last build.

``build`` writes ``<output stem>.manifest.json`` beside the document.  It lists each figure with
where it stands in the document (``表3 2010301 行政运行 基本支出``, ``第三部分 一、收支总计``)
and its printed value as a string.  It is made from the computed object (the tables and the
narrative figures of ``prepared.result``), never by reading the .docx back.

The next build compares its figures with the previous manifest and reports the difference::

    表3 2010301 行政运行 基本支出 705.74 → 710.00
    第三部分 一、收支总计 4,199.36 → 4,203.62（及 11 处百分比）

or ``无变化``.  Percentages that move with an amount are counted rather than listed.

A document kind may provide ``manifest_figures(result, project, outline)`` returning
``(where, value, kind)`` tuples; 决算 is described here, and any other kind falls back to a
generic walk of its tables and narrative figures.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from .money import fmt_amount, fmt_pct, q2

VERSION = 1
AMOUNT, PCT, COUNT, SCORE, TEXT = "amount", "pct", "count", "score", "text"
NONE = "（无）"


@dataclass(frozen=True)
class Figure:
    where: str
    value: str
    kind: str = AMOUNT
    source: str = ""          # “表3 支出决算表!D9” (entered), “计算：…” (computed) or “= 表1 …” (a printed cell)


def fmt(value, kind: str = AMOUNT) -> str:
    """A figure as the manifest stores it: amounts ``4,199.36``, percentages ``12.34%``."""
    if value is None:
        return "—"
    if kind == AMOUNT:
        return fmt_amount(value, True)
    if kind == PCT:
        return fmt_pct(value)
    if kind == COUNT:
        return str(int(value))
    if kind == SCORE:
        text = f"{q2(value):.2f}".rstrip("0").rstrip(".")
        return text or "0"
    return str(value)


# -- collecting ------------------------------------------------------------------------------

class _Collector:
    def __init__(self):
        self.items: list[Figure] = []
        self.seen: dict[str, str] = {}
        self.fallback: dict[str, str] = {}     # where → how it is computed, when no cell holds it

    def add(self, where: str, value, kind: str = AMOUNT, source: str = "") -> None:
        text = value if isinstance(value, str) else fmt(value, kind)
        where = " ".join(str(where).split())
        if where in self.seen:
            if self.seen[where] == text:
                return            # the same figure printed twice in one place: listed once
            n = 2
            while f"{where}（{n}）" in self.seen:
                n += 1
            where = f"{where}（{n}）"
        self.seen[where] = text
        self.items.append(Figure(where, text, kind, source))

    def change(self, where: str, change) -> None:
        """增加/减少 X 万元 and its rate, when the comparison is printed."""
        if change is None or not getattr(change, "known", False) or change.same:
            return
        self.add(f"{where}较上年增减", f"{change.word}{fmt_amount(change.abs, True)}", AMOUNT,
                 f"计算：{where} 本年数 − 上年数")
        if change.rate is not None:
            self.add(f"{where}较上年增减率", change.rate, PCT, f"计算：{where} 增减额 ÷ 上年数")


def figures(prepared) -> list[Figure]:
    """Every figure of the document of ``prepared`` (a :class:`~reportgen.build.Prepared`)."""
    result, project, outline = prepared.result, prepared.project, prepared.outline
    own = getattr(prepared.kind, "manifest_figures", None)
    c = _Collector()
    if own is not None:
        for item in own(result, project, outline):
            c.add(*item)
    elif project.kind == "决算":
        _final_accounts(c, result, project, outline, prepared.kind, getattr(prepared, "workbook", None))
    else:
        _generic(c, result, getattr(prepared, "workbook", None))
    return _sourced(c.items, prepared, c.fallback)


# -- sources: no fact without a source ----------------------------------------------------------

def _entered_cells(prepared) -> dict[tuple[str, str], str]:
    """(kind, printed value) → “sheet!cell” of every figure entered in the workbook."""
    from .workbook import schema as WS

    out: dict[tuple[str, str], str] = {}
    wb = getattr(prepared, "workbook", None)
    schema = getattr(prepared.kind, "SCHEMA", None)
    if wb is None or schema is None:
        return out

    def put(cell, kind):
        value = getattr(cell, "value", None)
        where = getattr(cell, "where", None)
        if value is None or isinstance(value, (bool, str)) or where is None or not where.cell:
            return
        out.setdefault((kind, fmt(value, kind)), f"{where.sheet}!{where.cell}")

    for sheet in schema.sheets:
        d = wb[sheet.name]
        if isinstance(sheet, WS.FuncTableSheet):
            for r in list(d.rows) + ([d.total] if d.total is not None else []):
                for cell in r.values.values():
                    put(cell, AMOUNT)
        elif isinstance(sheet, (WS.FixedTableSheet, WS.RowTableSheet)):
            for cell in d.values.values():
                put(cell, AMOUNT)
        elif isinstance(sheet, WS.EconTableSheet):
            for _n, cell in d.entries.values():
                put(cell, AMOUNT)
        elif isinstance(sheet, (WS.KVSheet, WS.ListSheet)):
            fields = sheet.fields if isinstance(sheet, WS.KVSheet) else sheet.columns
            kinds = {f.key: {WS.MONEY: AMOUNT, WS.INT: COUNT, WS.DEC: SCORE}.get(f.type) for f in fields}
            cells = ([(k, v) for k, v in d.values.items()] if isinstance(sheet, WS.KVSheet)
                     else [(k, v) for r in d.records for k, v in r.values.items()])
            for key, cell in cells:
                if kinds.get(key):
                    put(cell, kinds[key])
    return out


_NOT_WORDS = set("一二三四五六七八九十、，（）() 第行栏0123456789")
_TABLE_ATTRS = {"gpb", "basic", "fund", "soe", "income", "expense"}     # the 预算 tables of the generic walk


def _sourced(items: list[Figure], prepared, fallback: dict[str, str] | None = None) -> list[Figure]:
    """Every figure with its source: the entered cell it was read from, the printed table cell it
    repeats, or the computation that made it.  A figure left with an empty source has none: the
    fact-source test fails on it."""
    entered = _entered_cells(prepared)
    tables: dict[tuple[str, str], list[str]] = {}
    out = []
    for f in items:
        source = f.source
        if f.where.startswith("表") or f.where.split(" ", 1)[0] in _TABLE_ATTRS:
            tables.setdefault((f.kind, f.value), []).append(f.where)
            if not source:
                source = "计算：按表内行列关系汇总"
        if not source and f.kind == PCT:
            source = f"计算：{f.where}"
        if not source:
            if (f.kind, f.value) in tables:
                # the printed table cell that says the same thing (most words in common)
                label = set(f.where.split(" ", 1)[-1]) - _NOT_WORDS
                best = max(tables[(f.kind, f.value)], key=lambda w: len(set(w.split(" ", 1)[-1]) & label))
                source = f"= {best}"
            elif (f.kind, f.value) in entered:
                source = entered[(f.kind, f.value)]
            else:
                source = (fallback or {}).get(f.where, "")
        out.append(Figure(f.where, f.value, f.kind, source))
    return out


def _col_label(col) -> str:
    if col.label in ("小计", "合计") and col.group:
        return f"{col.group}{col.label}"
    return col.label


def _cell_source(data, row, col, value) -> str:
    """The entered cell of a classified table's printed cell, or how it was computed."""
    rows = {} if data is None else {r.code: r for r in data.rows}
    if data is not None and data.total is not None:
        rows[""] = data.total
    entered = rows.get(row.code)
    cell = entered.values.get(col.no) if entered is not None else None
    if cell is not None and cell.value is not None and fmt(cell.value) == fmt(value):
        return f"{cell.where.sheet}!{cell.where.cell}"
    if getattr(col, "computed", False) and row.level not in ("total", "class", "section"):
        return "计算：" + " ".join(("+" if sign > 0 else "−") + k for k, sign in col.formula).lstrip("+")
    if row.level in ("total", "class", "section"):
        return "计算：下属科目合计"
    return "计算：未填写（0）" if value == 0 else ""


def _final_accounts(c: _Collector, fa, project, outline, kind, wb=None) -> None:
    # 第二部分: the nine tables, in document order
    for sec in outline.tables:
        if outline.definitions[sec.id].from_:
            continue   # derived from 表5: the same figures
        tag = f"表{sec.no}"
        t = getattr(fa, sec.id)
        if sec.id in ("t2", "t3", "t5", "t7", "t8"):
            data = wb[t.sheet.name] if wb is not None else None
            for row in t.rows:
                name = "合计" if row.level == "total" else f"{row.code} {row.name}"
                for col in t.sheet.columns:
                    c.add(f"{tag} {name} {_col_label(col)}", row[col.key], AMOUNT, _cell_source(data, row, col, row[col.key]))
        elif sec.id in ("t1", "t4"):
            sheet = t.sheet
            for rows, side, cols in ((sheet.left_rows, t.left, sheet.left_columns),
                                     (sheet.right_rows, t.right, sheet.right_columns)):
                for frow in rows:
                    values = side.get(frow.no)
                    if not values:
                        continue
                    for col in cols:
                        if col.key not in values:
                            continue
                        suffix = "" if len(cols) == 1 else f" {_col_label(col)}"
                        c.add(f"{tag} 第{frow.no}行 {frow.label}{suffix}", values[col.key])
        elif sec.id == "t6":
            for _group, rows in t.blocks:
                for code, name, amount in rows:
                    c.add(f"{tag} {code} {name}", amount)
            c.add(f"{tag} 人员经费合计", t.personnel)
            c.add(f"{tag} 公用经费合计", t.public)
        else:
            sheet = next(sh for sh in kind.SCHEMA.sheets if getattr(sh, "table", "") == sec.id)
            for col in sheet.columns:
                c.add(f"{tag} {col.group} {col.label}（第{col.no}栏）", t[col.key])
            d = outline.definitions[sec.id]
            if d.extra_columns:            # the layout's added columns: the figures they print
                from .kinds.final_accounts.context import sangong_columns

                for col in (x for half in sangong_columns(fa, d) for x in half if x["extra"]):
                    if col["v"] is not None:
                        c.add(f"{tag} {col['half']} {col['label']}（第{col['no']}栏）", col["v"], AMOUNT,
                              fa.figures[col["key"]].source)

    # 第三部分: the narrative figures, by section
    s = fa.s
    budget_word = project.profile.get("budget_word", "年初预算")
    yoy = bool(project.profile.get("yoy_in_income_expense", False))
    for p, sid in _narrative_groups(outline):
        if sid == "total":
            c.add(f"{p}收支总计", s["total"]["total"])
            c.change(f"{p}收支总计", s["total"]["change"])
        elif sid in ("income", "expense"):
            g = s[sid]
            word = "收入" if sid == "income" else "支出"
            c.add(f"{p}本年{word}合计", g["total"])
            if yoy:
                c.change(f"{p}本年{word}合计", g["change"])
            for part in g["parts"]:
                c.add(f"{p}{part.name}", part.amount)
                c.add(f"{p}{part.name}占本年{word}比例", part.share, PCT)
        elif sid == "fiscal":
            g = s["fiscal"]
            c.add(f"{p}财政拨款收支总计", g["total"])
            c.change(f"{p}财政拨款收支总计", g["change"])
            c.add(f"{p}一般公共预算财政拨款收入", g["gpb_income"])
            c.change(f"{p}一般公共预算财政拨款收入", g["gpb_income_change"])
        elif sid == "gpb":
            g = s["gpb"]
            c.add(f"{p}一般公共预算财政拨款支出", g["total"])
            c.add(f"{p}一般公共预算财政拨款支出占本年支出合计比例", g["share"], PCT)
            c.change(f"{p}一般公共预算财政拨款支出", g["change"])
            for k in g["classes"]:
                c.add(f"{p}{k.name}（类）支出", k.amount)
                c.add(f"{p}{k.name}（类）支出占比", k.share, PCT)
                for i in k.children:
                    c.add(f"{p}{k.name}（类）{i.name}", i.amount)
            c.add(f"{p}一般公共预算财政拨款支出{budget_word}", g["budget"])
            c.add(f"{p}完成{budget_word}比例", g["completion"].rate, PCT)
            c.add(f"{p}基本支出", g["basic"])
            c.add(f"{p}项目支出", g["project"])
            for proj in g["projects"]:
                c.add(f"{p}项目 {proj['name']}", proj["amount"])
            for d in g["detail"]:
                c.add(f"{p}{d['short']}（类）{budget_word}", d["budget"])
                c.add(f"{p}{d['short']}（类）支出", d["actual"])
                c.add(f"{p}{d['short']}（类）完成{budget_word}比例", d["completion"].rate, PCT)
                for i in d["items"]:
                    c.add(f"{p}{d['short']}（类）{i.name}", i.amount)
        elif sid == "basic":
            g = s["basic"]
            c.add(f"{p}基本支出", g["total"])
            c.add(f"{p}人员经费", g["personnel"])
            c.add(f"{p}公用经费", g["public"])
        elif sid == "fund" and not s["fund"]["empty"]:
            g = s["fund"]
            for key, label in (("opening", "年初结转和结余"), ("income", "本年收入"), ("expense", "本年支出"),
                               ("basic", "基本支出"), ("project", "项目支出"), ("closing", "年末结转和结余")):
                c.add(f"{p}{label}", g[key])
        elif sid == "soe" and not s["soe"]["empty"]:
            g = s["soe"]
            for key, label in (("total", "本年支出"), ("basic", "基本支出"), ("project", "项目支出")):
                c.add(f"{p}{label}", g[key])
        elif sid == "sangong":
            _sangong(c, p, s["sangong"])
        elif sid == "admin":
            c.add(f"{p}机关运行经费", s["admin"]["amount"])
            c.change(f"{p}机关运行经费", s["admin"]["change"])
        elif sid == "procurement":
            g = s["procurement"]
            c.add(f"{p}政府采购支出总额", g["total"], AMOUNT, "计算：政府采购 货物 + 工程 + 服务支出")
            for cat in g["categories"]:
                c.add(f"{p}政府采购{cat['name']}支出", cat["amount"])
                c.add(f"{p}{cat['name']}采购授予中小企业合同金额占比", cat["sme_share"], PCT)
            c.add(f"{p}授予中小企业合同金额", g["sme"])
            c.add(f"{p}授予中小企业合同金额占比", g["sme_share"], PCT)
            c.add(f"{p}授予小微企业合同金额", g["micro"])
            c.add(f"{p}授予小微企业合同金额占比", g["micro_share"], PCT)
        elif sid == "assets":
            g = s["assets"]
            c.add(f"{p}车辆总数", g["vehicle_total"], COUNT)
            for label, n in g["vehicles"]:
                c.add(f"{p}{label}", n, COUNT)
            c.add(f"{p}单价50万元（含）以上通用设备", g["equip_general_50"], COUNT)
            c.add(f"{p}单价100万元（含）以上专用设备", g["equip_special_100"], COUNT)
        elif sid == "performance":
            _performance(c, p, s["performance"])
    _appendix(c, s["performance"])


# fragments of one figure group (a custom fragment has none)
_GROUP = {"gpb_overall": "gpb", "gpb_structure": "gpb", "gpb_detail": "gpb",
          "sangong_overall": "sangong", "sangong_detail": "sangong",
          "perf_work": "performance", "perf_overall": "performance", "perf_projects": "performance",
          "perf_application": "performance"}


def _narrative_groups(outline):
    """(label prefix, figure group) for each group of narrative figures, in document order: the
    prefix is where the group's first fragment stands (第三部分 五、)."""
    seen = set()
    out = []

    def frags(sec):
        for b in outline.blocks.get(sec.id, []):
            if b.fragment:
                yield b.fragment
        for child in sec.children:
            yield from frags(child)

    for part, sec in outline.sections():
        for name in frags(sec):
            group = _GROUP.get(name, name)
            if group not in seen:
                seen.add(group)
                out.append((f"{part.number.strip()} {sec.number}", group))
    return out


def _sangong(c: _Collector, p: str, g: dict) -> None:
    for key in ("total", "abroad", "vehicle", "reception"):
        item = g[key]
        label = item["label"]
        c.add(f"{p}{label}预算", item["budget"])
        c.add(f"{p}{label}决算", item["actual"])
        c.add(f"{p}{label}完成预算比例", item["completion"].rate, PCT)
        c.change(f"{p}{label}", item["change"])
    c.add(f"{p}公务用车购置费", g["purchase"]["actual"])
    c.add(f"{p}公务用车运行维护费", g["run"]["actual"])
    for key, label in (("abroad_groups", "因公出国（境）团组数"), ("abroad_persons", "因公出国（境）人次"),
                       ("vehicles_bought", "购置（更新）公务用车数"), ("fleet", "公务用车保有量")):
        c.add(f"{p}{label}", g[key], COUNT)
    for name, value in g["run_items"]:
        c.add(f"{p}公务用车运行维护费 {name}", value)
    for name, value in g["abroad_items"]:
        c.add(f"{p}因公出国（境）费 {name}", value)
    for r in g["reception_items"]:
        c.add(f"{p}公务接待费 {r['category']}", r["amount"])
        c.add(f"{p}公务接待费 {r['category']} 批次", r["batches"], COUNT)
        c.add(f"{p}公务接待费 {r['category']} 人次", r["persons"], COUNT)
        c.add(f"{p}公务接待费 {r['category']} 陪同人次", r["escorts"], COUNT)


def _performance(c: _Collector, p: str, g: dict) -> None:
    o = g["overall"]
    c.add(f"{p}绩效自评项目个数", g["count"], COUNT)
    c.add(f"{p}绩效自评资金", g["evaluated"], AMOUNT, "计算：项目支出表 各项目执行数之和")
    c.add(f"{p}绩效自评资金占项目支出比例", g["evaluated_share"], PCT)
    c.add(f"{p}部门整体绩效自评得分", o["score"], SCORE, "计算：预算执行得分 + 各年度目标得分")
    c.add(f"{p}预算执行情况得分", o["exec_score"], SCORE, "计算：预算执行得分 = 20 × 执行数 ÷ 预算数（不超过20分）")
    c.add(f"{p}整体支出资金", o["actual"])
    c.add(f"{p}整体支出预算执行率", o["rate"], PCT)
    c.add(f"{p}整体绩效指标个数", o["count"], COUNT, "计算：整体绩效指标表的行数")
    for level, n in o["counts"].items():
        c.add(f"{p}{level}个数", n, COUNT, f"计算：整体绩效指标表中一级指标为{level}的行数")
    c.add(f"{p}完成指标个数", o["done"], COUNT, "计算：得分达到分值的指标个数")
    for proj in g["projects"]:
        c.add(f"{p}项目 {proj['name']} 全年预算数", proj["budget"])
        c.add(f"{p}项目 {proj['name']} 执行数", proj["amount"])
        c.add(f"{p}项目 {proj['name']} 完成预算比例", proj["rate"], PCT)


def _appendix(c: _Collector, g: dict) -> None:
    """第六部分 附件: the self-evaluation tables."""
    o = g["overall"]
    p = "第六部分 整体绩效自评表 "
    c.add(f"{p}自评得分", o["score"], SCORE, "计算：预算执行得分 + 各年度目标得分")
    c.add(f"{p}基本支出总额", o["basic"])
    c.add(f"{p}项目支出总额", o["project"])
    c.add(f"{p}预算数", o["budget"])
    c.add(f"{p}执行数", o["actual"])
    c.add(f"{p}执行率", o["rate"], PCT)
    c.add(f"{p}预算执行得分", o["exec_score"], SCORE, "计算：预算执行得分 = 20 × 执行数 ÷ 预算数（不超过20分）")
    for goal in o["goals"]:
        c.add(f"{p}年度目标{goal['no']} 分值", goal["weight"], SCORE)
        for n, ind in enumerate(goal["indicators"], start=1):
            c.add(f"{p}年度目标{goal['no']} 指标{n} {ind['level3']} 分值", ind["weight"], SCORE)
            c.add(f"{p}年度目标{goal['no']} 指标{n} {ind['level3']} 得分", ind["score"], SCORE)
    for i, proj in enumerate(g["projects"], start=1):
        p = f"第六部分 项目绩效自评表（{i}）{proj['eval_name']} "
        c.add(f"{p}自评得分", proj["score"], SCORE, "计算：预算执行得分 + 总目标得分 + 指标得分")
        for name, amount in proj["sources"]:
            if amount is not None:
                c.add(f"{p}资金来源 {name}", amount)
        c.add(f"{p}预算数", proj["budget"])
        c.add(f"{p}执行数", proj["amount"])
        c.add(f"{p}执行率", proj["rate"], PCT)
        c.add(f"{p}预算执行得分", proj["exec_score"], SCORE, "计算：预算执行得分 = 20 × 执行数 ÷ 预算数（不超过20分）")
        c.add(f"{p}总目标得分", proj["goal_score"], SCORE)
        for ind in proj["indicators"]:
            c.add(f"{p}{ind['level3']} 分值", ind["weight"], SCORE)
            c.add(f"{p}{ind['level3']} 得分", ind["score"], SCORE)


def _generic(c: _Collector, result, wb=None) -> None:
    """Any other kind: classified tables (``rows`` of code/name/values) and every Decimal of ``s``."""
    from .compute import FuncTable

    for name, value in sorted(vars(result).items()) if hasattr(result, "__dict__") else ():
        if isinstance(value, FuncTable):
            try:
                data = wb[value.sheet.name] if wb is not None else None
            except KeyError:
                data = None
            cols = {col.key: col for col in getattr(value.sheet, "columns", ())}
            for row in value.rows:
                label = "合计" if row.level == "total" else f"{row.code} {row.name}"
                for key, amount in row.values.items():
                    source = _cell_source(data, row, cols[key], amount) if key in cols else ""
                    c.add(f"{name} {label} {key}", amount, AMOUNT, source or "计算：由其他表生成")
    s = getattr(result, "s", None)
    if isinstance(s, dict):
        _walk(c, "说明", s, 0)


# figures of the generic walk that are computed, by the last word of their path
_COMPUTED = {"share": "计算：占比", "basic_share": "计算：占比", "project_share": "计算：占比",
             "long_until": "计算：年度 + 2", "years": "计算：年度 − 2、年度 − 1",
             "year": "计算：年度 − 2 或 年度 − 1（项目的预算及执行情况）"}


def _walk(c: _Collector, path: str, node, depth: int, hint: str = "") -> None:
    if depth > 6:
        return
    words = path.split()
    key = next((w for w in reversed(words) if not w.isdigit()), "")
    hint = _COMPUTED.get(key, hint)
    if isinstance(node, Decimal):
        c.add(path, node)
        c.fallback[path] = hint
    elif isinstance(node, bool) or node is None:
        return
    elif isinstance(node, int):
        c.add(path, node, COUNT)
        c.fallback[path] = hint
    elif isinstance(node, dict):
        if ("lines" in node or "categories" in node) and "total" in node:
            hint = "计算：各明细行之和"
        for k, v in node.items():
            _walk(c, f"{path} {k}", v, depth + 1, hint if k in ("total",) else "")
    elif isinstance(node, (list, tuple)):
        for i, v in enumerate(node, start=1):
            _walk(c, f"{path} {i}", v, depth + 1, hint)
    elif hasattr(node, "__dataclass_fields__"):
        code = getattr(node, "code", "")
        for k in node.__dataclass_fields__:
            if k not in ("where", "record", "sheet"):
                sub = f"计算：科目 {code} 等的合计" if code and k == "amount" else ""
                _walk(c, f"{path} {k}", getattr(node, k), depth + 1, sub)


# -- reading, writing, comparing -------------------------------------------------------------

def manifest_path(output_dir: Path, stem: str) -> Path:
    return Path(output_dir) / f"{stem}.manifest.json"


def dumps(items: list[Figure], document: str = "") -> bytes:
    data = {"reportgen_manifest": VERSION, "document": document,
            "figures": [{"where": f.where, "value": f.value, "kind": f.kind, "source": f.source} for f in items]}
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def load(path: Path) -> list[Figure] | None:
    """The figures of a previous manifest; ``None`` if there is none or it cannot be read."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if data.get("reportgen_manifest") != VERSION:
            return None
        return [Figure(str(f["where"]), str(f["value"]), str(f.get("kind", AMOUNT))) for f in data["figures"]]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def diff(old: list[Figure], new: list[Figure]) -> list[str]:
    """The change lines between two manifests: ``where old → new``, percentages counted.

    Returns ``["无变化"]`` when nothing moved.
    """
    before = {f.where: f for f in old}
    after = {f.where: f for f in new}
    lines: list[str] = []
    pcts: list[str] = []
    for f in new:
        prev = before.get(f.where)
        if prev is not None and prev.value == f.value:
            continue
        line = f"{f.where} {prev.value if prev else NONE} → {f.value}"
        (pcts if f.kind == PCT else lines).append(line)
    for f in old:
        if f.where not in after:
            line = f"{f.where} {f.value} → {NONE}"
            (pcts if f.kind == PCT else lines).append(line)
    if not lines and not pcts:
        return ["无变化"]
    if not lines:
        return pcts
    if pcts:
        lines[-1] += f"（及 {len(pcts)} 处百分比）"
    return lines


@dataclass
class Update:
    """What a build did to the manifest: its path, the change lines (``None`` on the first build)."""

    path: Path
    figures: int
    changes: list[str] | None


def update(prepared, path: Path, write) -> Update:
    """Compare the figures of ``prepared`` with the manifest at ``path``, then replace it.

    ``write(path, data)`` writes atomically (``build.write_atomic``).
    """
    items = figures(prepared)
    old = load(path) if Path(path).exists() else None
    changes = diff(old, items) if old is not None else None
    write(Path(path), dumps(items, prepared.project.stem))
    return Update(Path(path), len(items), changes)


def report(upd: Update) -> list[str]:
    """The lines ``reportgen build`` prints about the manifest."""
    if upd.changes is None:
        return [f"已记录本次生成的 {upd.figures} 个数字；下次生成时将列出与本次相比变化的数字。"]
    if upd.changes == ["无变化"]:
        return ["无变化"]
    return ["与上次生成相比，以下数字有变化："] + upd.changes
