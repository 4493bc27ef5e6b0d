"""决算: from the workbook's values to the nine tables and every figure of 第三部分.

This is the one place where 决算 figures are computed.  The .docx tables, the narrative, the
charts, the .xlsx and the checks all read the :class:`FinalAccounts` object built here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ...compute import HALF_CENT, Change, Completion, FuncTable, Part, formula_apply, func_table, parts_of
from ...money import ZERO, dsum, pct, q2
from ...workbook.reader import WorkbookData
from ..common import CLASSES_26
from . import schema as S


@dataclass
class FixedTable:
    """表1 / 表4: values by 行次 (and 栏次 key for 表4's expenditure block)."""

    id: str
    sheet: S.FixedTableSheet
    left: dict[int, dict[str, Decimal]]
    right: dict[int, dict[str, Decimal]]

    def value(self, hangci: int, key: str = "amount") -> Decimal:
        side = self.left if hangci in self.left else self.right
        return side.get(hangci, {}).get(key, ZERO)


@dataclass
class EconTable:
    amounts: dict[str, Decimal]                       # every 款 and 类 code → amount
    names: dict[str, str]
    blocks: list[tuple[str, list[tuple[str, str, Decimal]]]]   # (group, [(code, name, amount)])
    personnel: Decimal
    public: Decimal
    sums: dict[str, Decimal] = field(default_factory=dict)   # 类 and 人员/公用经费合计 from the 款 (for the checks)
    leaf_counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> Decimal:
        return q2(self.personnel + self.public)

    def nonzero_names(self, classes: tuple[str, ...]) -> list[str]:
        return [name for _g, rows in self.blocks for code, name, amount in rows
                if len(code) == 5 and code[:3] in classes and amount != 0]


@dataclass
class RowTable:
    values: dict[str, Decimal]

    def __getitem__(self, key: str) -> Decimal:
        return self.values.get(key, ZERO)


@dataclass
class FinalAccounts:
    """Everything the 决算 document prints, computed once."""

    year: int
    t1: FixedTable
    t2: FuncTable
    t3: FuncTable
    t4: FixedTable
    t5: FuncTable
    t6: EconTable
    t7: FuncTable
    t8: FuncTable
    t9: RowTable
    s: dict = field(default_factory=dict)          # narrative figures by section
    # the figures a layout's table may add as columns (schema.TABLE_FIGURES): value, or None when
    # not entered (the cell stays blank and a check says where to enter it), and where it came from
    figures: dict = field(default_factory=dict)
    used_item_codes: list[str] = field(default_factory=list)


def _econ(data, sheet: S.EconTableSheet, capital_rows) -> EconTable:
    entered = {code: cell.amount for code, (_name, cell) in data.entries.items() if len(code) == 5}
    names = {}
    blocks = []
    amounts: dict[str, Decimal] = {}
    # 万元 input: a pasted 类 row or 人员/公用经费合计 within the 尾数 of its n 款 (n × 0.005) is printed as
    # entered (the official rounding); 元 input keeps the 款 exact and rounds every cell from the 元 sum
    exact_input = any(v.as_tuple().exponent < -2 for v in entered.values())
    typed = {code: cell.amount for code, (_name, cell) in data.entries.items()
             if len(code) == 3 and cell.value is not None}
    typed.update({label: cell.amount for label, cell in data.totals.items() if cell.value is not None})
    sums: dict[str, Decimal] = {}
    counts: dict[str, int] = {}

    filled = {code for code, (_name, cell) in data.entries.items() if len(code) == 5 and cell.value is not None}

    def authoritative(key: str, prefixes: tuple[str, ...]) -> Decimal:
        mine = [v for c, v in entered.items() if c[:3] in prefixes and c in filled]
        sums[key], counts[key] = dsum(mine), len(mine)          # rounded from the exact sum
        value = typed.get(key)
        if value is not None and not exact_input and abs(q2(value) - sums[key]) <= HALF_CENT * len(mine):
            return q2(value)
        return sums[key]

    for cls in ("301", "302", "303", "310"):
        amounts[cls] = authoritative(cls, (cls,))
    amounts.update({code: q2(v) for code, v in entered.items()})
    known = set()
    for group, rows in sheet.blocks:
        out_rows = []
        for code, name in rows:
            known.add(code)          # a layout row left out stays out (not appended again below)
            if code.startswith("310") and len(code) == 5 and capital_rows is not None \
                    and code not in capital_rows and entered.get(code, ZERO) == 0:
                continue
            known.add(code)
            names[code] = name
            out_rows.append((code, name, amounts.get(code, ZERO)))
        blocks.append((group, out_rows))
    # 款 codes entered that the fixed layout does not list: append to their class's block
    for code, value in sorted(entered.items()):
        if code in known:
            continue
        name = data.entries[code][0]
        names[code] = name
        for _group, out_rows in blocks:
            if out_rows and out_rows[0][0] == code[:3]:
                out_rows.append((code, name, q2(value)))
                break
    personnel = authoritative("人员经费合计", ("301", "303"))
    public = authoritative("公用经费合计", ("302", "310"))
    return EconTable(amounts, names, blocks, personnel, public, sums, counts)


def _reasons(wb: WorkbookData) -> tuple[dict[str, str], dict[str, str]]:
    general, by_code = {}, {}
    for rec in wb[S.REASONS.name].records:
        key, code, text = rec.get("key"), rec.get("code"), rec.get("text")
        text = (text or "").strip().rstrip("。；;")
        if code:
            by_code[code] = text
        else:
            general[key] = text
    return general, by_code


def compute(wb: WorkbookData, project, codes) -> FinalAccounts:
    year = project.year
    ftable = codes["function"]

    def name_of(code: str) -> str:
        name = ftable.name(code, year)
        if name:
            return name
        for sheet in (S.T2, S.T3, S.T5, S.T7, S.T8):
            for row in wb[sheet.name].rows:
                if row.code == code and row.name:
                    return row.name
        return ""

    t2 = func_table(wb[S.T2.name], S.T2, name_of)
    t3 = func_table(wb[S.T3.name], S.T3, name_of)
    t5 = func_table(wb[S.T5.name], S.T5, name_of)
    t7 = func_table(wb[S.T7.name], S.T7, name_of)
    t8 = func_table(wb[S.T8.name], S.T8, name_of)
    capital = project.profile.get("table6_capital_rows")
    t6 = _econ(wb[S.T6.name], S.T6, set(map(str, capital)) if capital else None)

    t1_in = wb[S.T1.name].values
    t4_in = wb[S.T4.name].values

    def entered(values, hangci, col):
        cell = values.get((hangci, col))
        return cell.amount if cell is not None else ZERO

    # 表1 收入
    r2 = t7.total["income"]
    r3 = entered(t4_in, 3, 1)
    t2tot = t2.total
    left1 = {
        1: q2(t2tot["fiscal"] - r2 - r3), 2: r2, 3: r3,
        4: t2tot["upper"], 5: t2tot["business"], 6: t2tot["operating"],
        7: t2tot["affiliated"], 8: t2tot["other"],
    }
    left1[27] = dsum(left1[n] for n in range(1, 9))
    left1[28] = entered(t1_in, 28, 1)
    left1[29] = entered(t1_in, 29, 1)
    left1[31] = dsum((left1[27], left1[28], left1[29]))
    right1 = {}
    for k, (code, _label) in enumerate(CLASSES_26, start=1):
        row = t3.get(code)
        right1[31 + k] = row["total"] if row else ZERO
    right1[58] = dsum(right1[31 + k] for k in range(1, 27))
    right1[59] = entered(t1_in, 59, 2)
    right1[60] = q2(left1[31] - right1[58] - right1[59])
    right1[62] = dsum((right1[58], right1[59], right1[60]))
    t1 = FixedTable("t1", S.T1, {n: {"amount": v} for n, v in left1.items()},
                    {n: {"amount": v} for n, v in right1.items()})

    # 表4 财政拨款
    left4 = {1: left1[1], 2: left1[2], 3: left1[3]}
    left4[27] = dsum((left4[1], left4[2], left4[3]))
    left4[29] = entered(t4_in, 29, 1)
    left4[30] = t7.total["opening"]
    left4[31] = entered(t4_in, 31, 1)
    left4[28] = dsum((left4[29], left4[30], left4[31]))
    left4[32] = dsum((left4[27], left4[28]))
    right4: dict[int, dict[str, Decimal]] = {}
    for k, (code, _label) in enumerate(CLASSES_26, start=1):
        g = t5.get(code)
        f = t7.get(code)
        s = t8.get(code)
        vals = {"gpb": g["total"] if g else ZERO, "fund": f["expense"] if f else ZERO,
                "soe": s["total"] if s else ZERO}
        vals["subtotal"] = dsum(vals.values())
        right4[32 + k] = vals
    keys4 = ("subtotal", "gpb", "fund", "soe")
    right4[59] = {key: dsum(right4[32 + k][key] for k in range(1, 27)) for key in keys4}
    closing = {
        "gpb": q2(left4[1] + left4[29] - right4[59]["gpb"]),
        "fund": q2(left4[2] + left4[30] - right4[59]["fund"]),
        "soe": q2(left4[3] + left4[31] - right4[59]["soe"]),
    }
    closing["subtotal"] = dsum(closing.values())
    right4[60] = closing
    right4[64] = {key: q2(right4[59][key] + right4[60][key]) for key in keys4}
    t4 = FixedTable("t4", S.T4, {n: {"amount": v} for n, v in left4.items()}, right4)

    # 表9
    t9_in = wb[S.T9.name].values
    leaves9 = {c.key: t9_in[c.no].amount for c in S.T9.columns if not c.computed and c.no in t9_in}
    t9 = RowTable(formula_apply(S.T9.columns, leaves9))

    fa = FinalAccounts(year, t1, t2, t3, t4, t5, t6, t7, t8, t9)
    fa.used_item_codes = sorted({r.code for t in (t2, t3, t5, t7, t8) for r in t.rows if r.level == "item"})
    fa.s = _narrative(fa, wb, project, codes, name_of)
    fa.figures = _table_figures(fa, wb)
    fa.s["figures"] = {k: f.value for k, f in fa.figures.items()}
    return fa


@dataclass
class TableFigureValue:
    value: Decimal | None
    cell: object            # the workbook cell (value and where) it was read from, if any
    source: str             # for the manifest: “sheet!cell” or the computation


def _table_figures(fa: FinalAccounts, wb: WorkbookData) -> dict[str, TableFigureValue]:
    out = {}
    for f in S.TABLE_FIGURES:
        kv = wb[f.sheet]
        cell = kv.cell(f.field)
        value = kv.get(f.field)
        source = f"{cell.where.sheet}!{cell.where.cell}" if value is not None and cell.where.cell else ""
        if value is None and f.key == "admin_cost":      # 机关运行经费 left blank: 表6 公用经费合计
            value, source = fa.s["admin"]["amount"], f"计算：{f.default}"
        out[f.key] = TableFigureValue(value, cell, source)
    return out


def _strip_zhichu(name: str) -> str:
    return name[:-2] if name.endswith("支出") else name


def _narrative(fa: FinalAccounts, wb: WorkbookData, project, codes, name_of) -> dict:
    """Every figure of 第三部分, by section.  Templates only word and lay them out."""
    prior = wb[S.PRIOR.name]
    reasons, reasons_by_code = _reasons(wb)
    t1, t3, t4, t5, t6, t9 = fa.t1, fa.t3, fa.t4, fa.t5, fa.t6, fa.t9

    def prev(key):
        v = prior.get(key)
        return v if v is not None else None

    s: dict = {"reasons": reasons}
    # 一、收入支出决算总体情况
    total = t1.value(31)
    s["total"] = {"total": total, "income_total": total, "expense_total": t1.value(62),
                  "change": Change(total, prev("total")), "reason": reasons.get("收支总计较上年", "")}
    # 二、收入
    income = t1.value(27)
    fiscal = dsum((t1.value(1), t1.value(2), t1.value(3)))
    inc_items = [("财政拨款收入", fiscal), ("上级补助收入", t1.value(4)), ("事业收入", t1.value(5)),
                 ("经营收入", t1.value(6)), ("附属单位上缴收入", t1.value(7)), ("其他收入", t1.value(8))]
    keep_zero = bool(project.profile.get("list_zero_items"))
    s["income"] = {"total": income, "parts": parts_of(inc_items, income, keep_zero),
                   "change": Change(income, prev("income_total")),
                   "reason": reasons.get("本年收入合计较上年", "")}
    # 三、支出
    expense = t1.value(58)
    tot3 = t3.total
    exp_items = [("基本支出", tot3["basic"]), ("项目支出", tot3["project"]), ("上缴上级支出", tot3["to_upper"]),
                 ("经营支出", tot3["operating"]), ("对附属单位补助支出", tot3["to_affiliated"])]
    s["expense"] = {"total": expense, "parts": parts_of(exp_items, expense, keep_zero),
                    "change": Change(expense, prev("expense_total")),
                    "reason": reasons.get("本年支出合计较上年", "")}
    # 四、财政拨款收支总体
    ft = t4.value(32)
    s["fiscal"] = {"total": ft, "change": Change(ft, prev("fiscal_total")),
                   "reason": reasons.get("财政拨款收支总计较上年", ""),
                   "gpb_income": t4.value(1), "gpb_income_change": Change(t4.value(1), prev("gpb_income")),
                   "gpb_income_reason": reasons.get("一般公共预算财政拨款收入较上年", "")}
    # 五、一般公共预算财政拨款支出
    ge = t5.total["total"]
    classes = []
    for row in t5.classes():
        items = tuple(Part(r.name, r["total"], pct(r["total"], row["total"]), r.code)
                      for r in t5.children(row.code) if r["total"] != 0)
        classes.append(Part(_strip_zhichu(row.name), row["total"], pct(row["total"], ge), row.code, items))
    budget_total, budget_total_entered, detail = _budget_detail(wb, t5, name_of, reasons_by_code)
    projects = []
    for rec in wb[S.PROJECTS.name].records:
        projects.append({
            "name": rec.get("name"), "eval_name": rec.get("eval_name") or rec.get("name"),
            "code": rec.get("code") or "", "budget": rec.get("budget", ZERO), "amount": rec.get("amount", ZERO),
            "completion": Completion(rec.get("amount", ZERO), rec.get("budget", ZERO)),
            "use": _clean(rec.get("use")), "effect": _clean(rec.get("effect")),
            "output": _clean(rec.get("output")), "record": rec,
        })
    s["gpb"] = {
        "total": ge, "share": pct(ge, expense), "change": Change(ge, prev("gpb_expense")),
        "reason": reasons.get("一般公共预算财政拨款支出较上年", ""),
        "classes": classes, "budget": budget_total, "budget_entered": budget_total_entered,
        "completion": Completion(ge, budget_total if budget_total is not None else ZERO),
        "basic": t5.total["basic"], "project": t5.total["project"],
        "projects": projects, "projects_total": dsum(p["amount"] for p in projects),
        "detail": detail,
    }
    # 六、基本支出
    s["basic"] = {"total": t5.total["basic"], "personnel": t6.personnel, "public": t6.public,
                  "personnel_items": t6.nonzero_names(("301", "303")),
                  "public_items": t6.nonzero_names(("302", "310"))}
    # 七、八
    t7tot, t8tot = fa.t7.total, fa.t8.total
    s["fund"] = {"empty": fa.t7.empty, **{k: t7tot[k] for k in ("opening", "income", "expense", "basic", "project", "closing")}}
    s["soe"] = {"empty": fa.t8.empty, **{k: t8tot[k] for k in ("total", "basic", "project")}}
    # 九、三公
    s["sangong"] = _sangong(t9, wb, prior, reasons)
    # 十、机关运行经费
    admin_in = wb[S.ADMIN_COST.name].get("amount")
    admin = admin_in if admin_in is not None else t6.public
    s["admin"] = {"amount": admin, "entered": admin_in is not None, "change": Change(admin, prev("admin_cost")),
                  "reason": reasons.get("机关运行经费较上年", ""), "public": t6.public}
    # 十一、政府采购
    s["procurement"] = _procurement(wb[S.PROCUREMENT.name])
    # 十二、国有资产
    assets = wb[S.ASSETS.name]
    free = [(r.get("type"), r.get("count")) for r in wb[S.VEHICLES.name].records]
    vehicles = free or [(label, assets.get(key)) for key, label in S.VEHICLE_TYPES if assets.get(key) is not None]
    # nothing entered stays None: the sentence is left out (never “无车辆” for what nobody entered)
    s["assets"] = {"vehicles": [(label, n) for label, n in vehicles if n],
                   "vehicle_total": sum(n for _l, n in vehicles) if vehicles else None,
                   "other_note": assets.get("v_other_note") or "",
                   "equip_general_50": assets.get("equip_general_50"),
                   "equip_special_100": assets.get("equip_special_100")}
    # 十三、绩效
    s["performance"] = _performance(fa, wb, projects, s["gpb"]["project"])
    s["charts"] = {
        "total": {"prev": prior.get("total"), "income": total, "expense": t1.value(62)},
        "fiscal": {"prev": prior.get("fiscal_total"), "income": ft, "expense": t4.value(64, "subtotal")},
    }
    return s


_GROUP_SPLIT = re.compile(r"[、,，+＋/;；\s]+")


def _budget_detail(wb, t5, name_of, reasons_by_code):
    """年初预算 by 类 (entered at 类, 款 or 项 level, or for a group of 类 such as “201、208”).

    A 类 with spending and no budget keeps ``budget`` None: its budget clause is left out, never
    printed as 0.  The total budget is known when a 合计 row is entered or every 类 with spending
    has a budget (alone or in a group); otherwise it is None and the sentence that needs it is
    left out.
    """
    by_code: dict[str, Decimal] = {}
    groups: list[dict] = []
    budget_total_entered = None
    for rec in wb[S.BUDGET.name].records:
        raw = rec.get("code") or ""
        codes = [c for c in _GROUP_SPLIT.split(raw) if c]
        if len(codes) > 1:
            classes = tuple(dict.fromkeys(c[:3] for c in codes))
            groups.append({"classes": classes, "amount": rec.get("amount", ZERO), "key": raw})
        elif codes:
            by_code[codes[0]] = by_code.get(codes[0], ZERO) + rec.get("amount", ZERO)
        elif (rec.get("name") or "").replace(" ", "") in ("合计", "总计"):
            budget_total_entered = rec.get("amount")
    budget_by_class: dict[str, Decimal] = {}
    for code, amount in by_code.items():
        # count each amount once: a code is summed only if no longer code below it was entered
        if any(other != code and other.startswith(code) for other in by_code):
            continue
        budget_by_class[code[:3]] = budget_by_class.get(code[:3], ZERO) + amount
    in_group = {c: g for g in groups for c in g["classes"]}
    detail = []
    done_groups = set()

    def reason_for(codes):
        for c in codes:
            if reasons_by_code.get(c):
                return reasons_by_code[c]
        return ""

    for code in sorted(set(budget_by_class) | {r.code for r in t5.classes()} | set(in_group)):
        g = in_group.get(code)
        if g is not None:
            if id(g) in done_groups:
                continue
            done_groups.add(id(g))
            codes = g["classes"]
            budget = g["amount"] + dsum(budget_by_class.get(c, ZERO) for c in codes)
        else:
            codes = (code,)
            budget = budget_by_class.get(code)
        rows = [t5.get(c) for c in codes]
        actual = dsum(r["total"] for r in rows if r)
        if actual == 0 and not budget:
            continue
        items = tuple(Part(r.name, r["total"], None, r.code) for c in codes for r in t5.children(c) if r["total"] != 0)
        shorts = [_strip_zhichu(name_of(c)) for c in codes]
        # a reason may be entered against the 类, a 款 or a 项 of it, or the group as typed
        below = [k for k in reasons_by_code if any(k.startswith(c) for c in codes)]
        reason = reasons_by_code.get(g["key"], "") if g is not None else ""
        reason = reason or reason_for(codes) or reason_for(sorted(below))
        detail.append({
            "code": "、".join(codes), "codes": codes, "name": "、".join(name_of(c) for c in codes),
            "short": "、".join(shorts), "budget": budget, "actual": actual,
            "completion": Completion(actual, budget if budget is not None else ZERO),
            "reason": reason, "items": items,
        })
    total = None
    if (budget_by_class or groups) and all(d["budget"] is not None for d in detail):
        total = dsum(d["budget"] for d in detail)
    if total is None:
        total = budget_total_entered
    return total, budget_total_entered, detail


def _clean(text) -> str:
    return (text or "").strip().rstrip("。")


def _sangong(t9: RowTable, wb, prior, reasons) -> dict:
    items = {}
    spec = (
        ("total", "“三公”经费", "b_total", "a_total", None),
        ("abroad", "因公出国（境）费", "b_abroad", "a_abroad", ("sg_abroad",)),
        ("vehicle", "公务用车购置及运行维护费", "b_vehicle", "a_vehicle", ("sg_purchase", "sg_run")),
        ("purchase", "公务用车购置费", "b_purchase", "a_purchase", ("sg_purchase",)),
        ("run", "公务用车运行维护费", "b_run", "a_run", ("sg_run",)),
        ("reception", "公务接待费", "b_reception", "a_reception", ("sg_reception",)),
    )
    prior_leaf = {k: prior.get(k) for k in ("sg_abroad", "sg_purchase", "sg_run", "sg_reception")}
    # a prior total published without its split is entered as such (sg_total, sg_vehicle)
    prior_whole = {"total": prior.get("sg_total"), "vehicle": prior.get("sg_vehicle")}
    for key, label, b, a, pkeys in spec:
        if pkeys is None:
            pkeys = ("sg_abroad", "sg_purchase", "sg_run", "sg_reception")
        pvals = [prior_leaf[k] for k in pkeys]
        p = None if any(v is None for v in pvals) else dsum(pvals)
        if p is None:
            p = prior_whole.get(key)
        items[key] = {
            "label": label, "budget": t9[b], "actual": t9[a],
            "completion": Completion(t9[a], t9[b]), "change": Change(t9[a], p),
            "reason_budget": reasons.get(f"{label}决算与预算差异", ""),
            "reason_prior": reasons.get(f"{label}较上年", ""),
        }
    detail = wb[S.SANGONG.name]
    run_items = [(r.get("item"), r.get("amount", ZERO)) for r in wb[S.VEHICLE_RUN.name].records]
    abroad_items = [(r.get("item"), r.get("amount", ZERO)) for r in wb[S.ABROAD.name].records]
    # counts not entered stay None: their clause is left out, never printed as 0
    reception = [{"category": r.get("category"), "amount": r.get("amount", ZERO), "purpose": _clean(r.get("purpose")),
                  "batches": r.get("batches"), "persons": r.get("persons"), "escorts": r.get("escorts")}
                 for r in wb[S.RECEPTION.name].records]
    items.update({
        "abroad_groups": detail.get("abroad_groups"), "abroad_persons": detail.get("abroad_persons"),
        "vehicles_bought": detail.get("vehicles_bought"), "fleet": detail.get("fleet"),
        "run_items": [(n, v) for n, v in run_items if v != 0],
        "abroad_items": [(n, v) for n, v in abroad_items if v != 0],
        "reception_items": [r for r in reception if r["amount"] != 0],
    })
    return items


def _procurement(kv) -> dict:
    g, w, sv = (kv.get("goods") or ZERO), (kv.get("works") or ZERO), (kv.get("services") or ZERO)
    sg, sw, ss = (kv.get("sme_goods") or ZERO), (kv.get("sme_works") or ZERO), (kv.get("sme_services") or ZERO)
    total = dsum((g, w, sv))
    sme = dsum((sg, sw, ss))
    micro = kv.get("micro") or ZERO
    cats = [{"name": name, "amount": amt, "sme": s_amt, "sme_share": pct(s_amt, amt)}
            for name, amt, s_amt in (("货物", g, sg), ("工程", w, sw), ("服务", sv, ss)) if amt != 0]
    return {"total": total, "goods": g, "works": w, "services": sv, "categories": cats,
            "sme": sme, "sme_share": pct(sme, total), "micro": micro, "micro_share": pct(micro, sme)}


def _indicator_counts(indicators) -> dict:
    counts = {"产出指标": 0, "效益指标": 0, "满意度指标": 0}
    for ind in indicators:
        counts[ind["level1"]] = counts.get(ind["level1"], 0) + 1
    return counts


def _indicator(rec) -> dict:
    weight, score = rec.get("weight", ZERO), rec.get("score", ZERO)
    return {"level1": rec.get("level1"), "level2": rec.get("level2"), "level3": rec.get("level3"),
            "target": rec.get("target"), "actual": rec.get("actual"), "weight": weight, "score": score,
            "done": score >= weight, "record": rec}


def exec_score(actual: Decimal, budget: Decimal) -> Decimal:
    """预算执行得分 = 20 × 执行率, capped at 20 (备注 1); rounded, never truncated (E11)."""
    if budget == 0:
        return ZERO
    return min(Decimal(20), q2(Decimal(20) * actual / budget)).quantize(Decimal("0.01"))


def _performance(fa: FinalAccounts, wb, projects, project_total) -> dict:
    overall_kv = wb[S.OVERALL.name]
    goals = [{"no": r.get("no"), "weight": r.get("weight", ZERO), "text": r.get("text") or "", "record": r}
             for r in wb[S.OVERALL_GOALS.name].records]
    inds = [dict(_indicator(r), goal=r.get("goal")) for r in wb[S.OVERALL_INDICATORS.name].records]
    for g in goals:
        g["indicators"] = [i for i in inds if i["goal"] == g["no"]]
        entered = g["record"].get("score")
        # a goal published with its score but no indicators keeps the entered score
        g["score"] = dsum(i["score"] for i in g["indicators"]) if g["indicators"] or entered is None else entered
    budget = overall_kv.get("budget") or ZERO
    actual = fa.t1.value(58)
    es = exec_score(actual, budget)
    counts = _indicator_counts(inds)
    overall = {
        "unit_name": overall_kv.get("unit_name") or "", "date": overall_kv.get("date"),
        "grade": overall_kv.get("grade") or "", "budget": budget, "actual": actual,
        "rate": pct(actual, budget), "exec_score": es,
        "score": q2(es + dsum(g["score"] for g in goals)) if goals else q2(es + dsum(i["score"] for i in inds)),
        "basic": fa.t5.total["basic"], "project": fa.t5.total["project"],
        "goals": goals, "indicators": inds, "count": len(inds), "counts": counts,
        "done": sum(1 for i in inds if i["done"]),
        "deviation": overall_kv.get("deviation") or "", "improve": overall_kv.get("improve") or "",
    }
    pinds = [_indicator(r) | {"project": r.get("project")} for r in wb[S.PROJECT_INDICATORS.name].records]
    ptables = []
    for p in projects:
        rec = p["record"]
        mine = [i for i in pinds if i["project"] == p["name"]]
        es_p = exec_score(p["amount"], p["budget"])
        goal_score = rec.get("goal_score") or ZERO
        ptables.append({
            **{k: v for k, v in p.items() if k != "record"},
            "department": rec.get("department") or "", "implementer": rec.get("implementer") or "",
            "type": rec.get("type") or "", "date": rec.get("date"),
            "sources": [("部门预算项目", rec.get("src_dept")), ("专项资金", rec.get("src_special")),
                        ("上级转移支付项目", rec.get("src_transfer"))],
            "goal": rec.get("goal") or "", "achieved": rec.get("achieved") or "",
            "goal_score": goal_score, "exec_score": es_p, "rate": pct(p["amount"], p["budget"]),
            "indicators": mine, "indicator_score": dsum(i["score"] for i in mine),
            "score": q2(es_p + goal_score + dsum(i["score"] for i in mine)),
            "deviation": rec.get("deviation") or "", "improve": rec.get("improve") or "",
        })
    evaluated = dsum(p["amount"] for p in projects)
    return {"overall": overall, "projects": ptables, "count": len(projects), "evaluated": evaluated,
            "evaluated_share": pct(evaluated, project_total)}
