"""预算: from the workbook's values to the public tables and every figure of the 公开说明.

The one place where 预算 figures are computed; the .docx, the .xlsx and the checks read the
:class:`Budget` object built here.  Only leaves are read: parents, totals and the derived tables
(收支总表, 财政拨款收支总表, 项目支出表, and 收入总表/支出总表 when not entered) are sums of
rounded leaves, so every identity of budget spec §2.11 holds by construction.
"""
from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources

import yaml

from ...compute import Change, FuncTable, Part, formula_apply, func_table, parts_of, rollup
from ...errors import InputError, Where
from ...money import ZERO, dsum, pct, q2
from ...numerals import cn_ordinal
from ...workbook.reader import WorkbookData
from . import schema as S


def load_formats() -> dict:
    import copy

    return copy.deepcopy(_formats())       # callers lay the project's profile over it


@functools.lru_cache(maxsize=1)
def _formats() -> dict:
    # read once per process: a district build reads it for every department
    with resources.files("reportgen.kinds.budget").joinpath("formats.yaml").open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def format_of(project) -> dict:
    """The format (A or B) of the project, with the project's ``profile`` keys laid over it."""
    formats = load_formats()
    name = str(project.profile.get("format", "A"))
    if name not in ("A", "B"):
        raise InputError(f"profile.format 只能是 A 或 B，现为“{name}”", project.where("profile"))
    fmt = dict(formats[name])
    for key, value in project.profile.items():
        if key != "format":
            fmt[key] = value
    fmt["name"] = name
    fmt["admin_cost_items"] = formats["admin_cost_items"]
    fmt["table_notes"] = formats["table_notes"]
    fmt["layout_only_columns"] = formats["layout_only_columns"]
    fmt["empty_notes"] = formats["empty_notes"]
    fmt["indicator_spellings"] = {**(formats.get("indicator_spellings") or {}), **(fmt.get("indicator_spellings") or {})}
    _check_project_keys(fmt, project)
    return fmt


def _check_project_keys(fmt: dict, project) -> None:
    """project_sources / project_info name 项目 sheet columns: a misspelt one is one message naming the key."""
    fields = {f.key for f in S.PROJECTS.columns}
    for item in fmt.get("project_sources") or []:
        if not isinstance(item, dict) or item.get("key") not in fields or not item.get("label"):
            raise InputError(f"profile.project_sources 的每一项须有 label 和 key（“项目”表的列：{'、'.join(sorted(fields))}），"
                             f"现为“{item}”", project.where("profile"))
    for row in fmt.get("project_info") or []:
        cells = row if isinstance(row, list) else [row]
        if not 1 <= len(cells) <= 3 or any(not isinstance(c, dict) or not c.get("label") or
                                           c.get("value") not in fields | PROJECT_INFO_EXTRA for c in cells):
            raise InputError(f"profile.project_info 的每一行须有 1 至 3 项 {{label, value}}，value 为“项目”表的列"
                             f"（{'、'.join(sorted(fields))}）或 {'、'.join(sorted(PROJECT_INFO_EXTRA))}，现为“{row}”",
                             project.where("profile"))


PROJECT_INFO_EXTRA = {"dept", "history"}      # the department's name; the 预算及执行情况 sentence


LAYOUT_KINDS = ("blocks", "vertical", "columns")


def layout_of(fmt: dict, tid: str, project) -> dict | None:
    """The format's own layout of a 公开表 (formats.yaml ``table_layouts``), or None for the default."""
    layout = (fmt.get("table_layouts") or {}).get(tid)
    if not layout:
        return None
    if layout.get("kind") not in LAYOUT_KINDS or not layout.get("id"):
        raise InputError(f"profile.table_layouts.{tid} 须有 id，kind 只能是 {'、'.join(LAYOUT_KINDS)}",
                         project.where("profile"))
    return layout


def default_sheet(sheet, hidden):
    """The sheet as a table's default layout prints it: without the ``hidden`` columns (formats.yaml
    ``layout_only_columns``), and computed columns without them in their formulas (they are zero there:
    :func:`check_columns` refuses an amount in a column the table does not print)."""
    hidden = set(hidden or ())
    if not hidden:
        return sheet
    cols = tuple(dataclasses.replace(c, formula=tuple(f for f in c.formula if f[0] not in hidden))
                 for c in sheet.columns if c.key not in hidden)
    return dataclasses.replace(sheet, columns=cols)


def printed_keys(table, layout: dict | None, fmt: dict) -> set[str]:
    """The column keys a table prints: its layout's, or the default layout's (the sheet's columns but the
    format-only ones)."""
    if layout is not None:
        return {c["key"] for c in layout["columns"]}
    hidden = (fmt.get("layout_only_columns") or {}).get(table.id)
    return {c.key for c in default_sheet(table.sheet, hidden).columns}


def check_columns(table, layout: dict | None, project, fmt: dict) -> None:
    """A column of the table that has an amount must be printed, alone or inside a printed subtotal other than
    the row total (基本支出 = 人员经费 + 公用经费): a layout that leaves it out is an error."""
    shown = printed_keys(table, layout, fmt)
    covered = {k for c in table.sheet.columns[1:] if c.key in shown and c.computed for k, _s in c.formula}
    lost = [c for c in table.sheet.columns if c.key not in shown | covered and table.total.values.get(c.key, ZERO) != 0]
    if not lost:
        return
    labels = "、".join(c.group if c.label == "小计" and c.group else c.label for c in lost)
    hidden = set((fmt.get("layout_only_columns") or {}).get(table.id) or ())
    if layout is None and {c.key for c in lost} <= hidden:
        # a column only another format prints (B's 结转下年 in a Format A workbook): the clerk's fix is in
        # the workbook, as the sheet's own 填报说明 says — not in the project file
        raise InputError(f"“{labels}”栏有金额，但本格式的{table.sheet.title}不列这一栏（只有别的格式列出，见该表的填报说明）："
                         f"请删去这些金额，或在项目文件中改用列出这一栏的格式",
                         Where(file=project.workbook.name, sheet=table.sheet.title))
    raise InputError(f"{table.sheet.title}的“{labels}”有金额，但本格式的该表没有这一栏；"
                     f"请在项目文件 profile.table_layouts.{table.id} 中加入", project.where("profile"))


@dataclass
class Budget:
    year: int
    fmt: dict
    gpb: FuncTable
    basic: FuncTable
    fund: FuncTable
    soe: FuncTable
    income: FuncTable
    expense: FuncTable
    sangong: dict
    summary: dict = field(default_factory=dict)
    fiscal: dict = field(default_factory=dict)
    projects: list = field(default_factory=list)
    s: dict = field(default_factory=dict)
    used_item_codes: list = field(default_factory=list)
    income_entered: bool = False
    expense_entered: bool = False
    gpb_split: bool = True          # 一般公共预算支出表 entered with 人员经费/公用经费 columns
    economic: dict = field(default_factory=dict)


def _reasons(wb) -> dict[str, str]:
    return {r.get("key"): (r.get("text") or "").strip().rstrip("。；;") for r in wb[S.REASONS.name].records}


def _derived(sheet, leaves: dict[str, dict[str, Decimal]], name_of, parents=None) -> FuncTable:
    """A table derived from others: leaves summed, and every parent/合计 taken from the printed
    parents of its source tables (``parents``), so one quantity prints the same in every table."""
    keys = [c.key for c in sheet.columns]
    full = {code: formula_apply(sheet.columns, vals) for code, vals in leaves.items()}
    sums: dict = {}
    return FuncTable(sheet.table, sheet, rollup(full, keys, name_of, None, parents, sheet.columns, sums), full, sums)


def _printed_parents(sources) -> dict[str, dict[str, Decimal]]:
    """{parent code ("" = 合计): {derived key: Σ printed source values}} for (table, {derived key: source key})."""
    out: dict[str, dict[str, Decimal]] = {}
    for table, mapping in sources:
        for row in table.rows:
            if row.level == "item" or (row.level != "total" and row.code in table.leaves):
                continue
            acc = out.setdefault(row.code, {})
            for key, src in mapping.items():
                acc[key] = acc.get(key, ZERO) + row[src]
    return out


def compute(wb: WorkbookData, project, codes) -> Budget:
    year = project.year
    fmt = format_of(project)
    ftable, etable = codes["function"], codes["economic"]

    def name_of(code: str) -> str:
        return ftable.name(code, year) or ""

    def econ_name(code: str) -> str:
        name = etable.name(code, year)
        if name:
            return name
        for row in wb[S.BASIC.name].rows:
            if row.code == code:
                return row.name
        return ""

    gpb, gpb_split = _gpb_table(wb[S.GPB.name], name_of)
    basic = func_table(wb[S.BASIC.name], S.BASIC, econ_name, leaf_len=5)
    fund = func_table(wb[S.FUND.name], S.FUND, name_of)
    soe = func_table(wb[S.SOE.name], S.SOE, name_of)

    # 收入总表 / 支出总表: entered, or derived from the fiscal tables
    income_data = wb[S.INCOME.name]
    income_entered = any(len(r.code) == 7 for r in income_data.rows)
    if income_entered:
        income = func_table(income_data, S.INCOME, name_of)
    else:
        leaves: dict[str, dict[str, Decimal]] = {}
        for table, key in ((gpb, "gpb"), (fund, "fund"), (soe, "soe")):
            for code, vals in table.leaves.items():
                leaves.setdefault(code, {})[key] = vals["total"]
        income = _derived(S.INCOME, leaves, name_of,
                          _printed_parents(((gpb, {"gpb": "total"}), (fund, {"fund": "total"}), (soe, {"soe": "total"}))))
    expense_data = wb[S.EXPENSE.name]
    expense_entered = any(len(r.code) == 7 for r in expense_data.rows)
    if expense_entered:
        expense = func_table(expense_data, S.EXPENSE, name_of)
    else:
        leaves = {}
        for code, vals in gpb.leaves.items():
            leaves.setdefault(code, {"basic": ZERO, "project": ZERO})
            leaves[code]["basic"] += vals["basic"]
            leaves[code]["project"] += vals["project"]
        for table in (fund, soe):
            for code, vals in table.leaves.items():
                leaves.setdefault(code, {"basic": ZERO, "project": ZERO})
                leaves[code]["basic"] += vals["basic"]
                leaves[code]["project"] += vals["project"]
        expense = _derived(S.EXPENSE, leaves, name_of,
                           _printed_parents([(t, {"basic": "basic", "project": "project"}) for t in (gpb, fund, soe)]))

    t3 = wb[S.SANGONG.name].values
    sg_leaves = {c.key: t3[c.no].amount for c in S.SANGONG.columns if not c.computed and c.no in t3}
    sangong = formula_apply(S.SANGONG.columns, sg_leaves)

    b = Budget(year, fmt, gpb, basic, fund, soe, income, expense, sangong,
               income_entered=income_entered, expense_entered=expense_entered, gpb_split=gpb_split)
    carry = wb[S.CARRY.name]
    b.summary = _summary(b, carry, fmt, name_of)
    b.fiscal = _fiscal(b, carry, fmt, name_of)
    b.economic = _economic(b, wb, fmt, econ_name)
    for tid, table in (("income", income), ("expense", expense), ("gpb", gpb), ("basic", basic), ("fund", fund),
                       ("soe", soe)):
        layout = layout_of(fmt, tid, project)
        if layout is None or layout["kind"] == "columns":
            check_columns(table, layout, project, fmt)
    b.projects = _projects(wb, name_of, fmt, year)
    b.used_item_codes = sorted({r.code for t in (gpb, fund, soe, income, expense) for r in t.rows if r.level == "item"})
    b.s = _narrative(b, wb, project, name_of)
    return b


def _gpb_table(data, name_of) -> tuple[FuncTable, bool]:
    """The 一般公共预算支出表 and whether it has the 人员经费/公用经费 split.

    A published table may give the 基本支出 as one column: then the entered 小计 is the leaf value,
    人员经费 and 公用经费 stay unknown (zero in the table, None in the narrative), and the
    sentences that need them are left out (one B-SPLIT finding says so).
    """
    by_no = {c.no: c.key for c in S.GPB.columns}
    no = {key: n for n, key in by_no.items()}
    leaf_rows = [r for r in data.rows if len(r.code) == 7]

    def entered(row, key):
        cell = row.values.get(no[key])
        return cell is not None and cell.value is not None

    split = any(entered(r, k) for r in leaf_rows for k in ("personnel", "public"))
    if split or not any(entered(r, "basic") for r in leaf_rows):
        return func_table(data, S.GPB, name_of), True
    leaves: dict[str, dict[str, Decimal]] = {}
    wheres = {}
    for r in leaf_rows:
        basic = r.values[no["basic"]].amount if entered(r, "basic") else ZERO
        project = r.values[no["project"]].amount if entered(r, "project") else ZERO
        leaves[r.code] = {"total": q2(basic + project), "basic": basic, "personnel": ZERO, "public": ZERO,
                          "project": project}
        wheres[r.code] = r.where
    keys = [c.key for c in S.GPB.columns]
    return FuncTable(S.GPB.table, S.GPB, rollup(leaves, keys, name_of, wheres), leaves), False


def _class_label(i: int, fmt: dict) -> str:
    n = cn_ordinal(i)
    if i > 20 and fmt.get("class_ordinal_21") == "廿":
        n = "廿" + (cn_ordinal(i - 20) if i > 20 else "")
    return n


def _summary(b: Budget, carry, fmt, name_of) -> dict:
    """收支总表: income by source (收入总表 totals), expenditure by 类 (支出总表), carry-over."""
    labels = dict(S.INCOME_SOURCES)
    income_rows = [(f"{cn_ordinal(i)}、{labels[key]}", b.income.total[key])
                   for i, key in enumerate(fmt["income_rows"], start=1)]
    not_listed = [key for key, _ in S.INCOME_SOURCES if key not in fmt["income_rows"] and b.income.total[key] != 0]
    if not_listed:
        raise InputError(f"收入来源 {'、'.join(labels[k] for k in not_listed)} 有金额，但本格式的收支总表没有该行；"
                         "请在项目文件 profile.income_rows 中加入", None)
    income_total = dsum(v for _l, v in income_rows)
    carry_in = dsum((carry.get("carry_gpb") or ZERO, carry.get("carry_fund") or ZERO,
                     carry.get("carry_soe") or ZERO, b.income.total["carry"]))
    fund_balance = b.income.total["fund_balance"]      # 用事业基金弥补收支差额 (B 公开表2; zero in A's tables)
    class_rows = []
    listed = set()
    for i, code in enumerate(fmt["class_rows"], start=1):
        code = str(code)
        listed.add(code)
        row = b.expense.get(code)
        class_rows.append({"label": f"{_class_label(i, fmt)}、{name_of(code)}", "code": code, "name": name_of(code),
                           "amount": spent(row) if row else ZERO})
    missing = [r.code for r in b.expense.classes() if r.code not in listed and spent(r) != 0]
    if missing:
        raise InputError(f"支出功能分类 {'、'.join(missing)} 有金额，但本格式的收支总表没有该类；"
                         "请在项目文件 profile.class_rows 中加入", None)
    expense_total = dsum(r["amount"] for r in class_rows)
    # 结转下年: the 结转结余 sheet's 年终结转结余, else the 支出总表's 结转下年 column (the check R4
    # compares the two when the format prints that column)
    closing = carry.get("closing")
    if closing is None:
        closing = b.expense.total["carry_next"]
    return {
        "income_rows": income_rows, "income_total": income_total, "carry_in": carry_in, "fund_balance": fund_balance,
        "income_grand": q2(income_total + carry_in + fund_balance),                       # R3
        "class_rows": class_rows, "expense_total": expense_total, "closing": closing,
        "expense_grand": q2(expense_total + closing),                                     # R4
    }


def spent(row) -> Decimal:
    """A 支出总表 row's spending of the year: its 合计 less 结转下年 (R8 counts 结转下年 in the 合计 of B's 公开表3;
    收支总表's function rows are 本年支出, R4 adds 结转下年 below 本年支出合计)."""
    return q2(row["total"] - row["carry_next"])


def _fiscal(b: Budget, carry, fmt, name_of) -> dict:
    """财政拨款收支总表: 本年收入 by fund, 上年结转 by fund, expenditure by 类, 年终结转结余."""
    this = {"gpb": b.gpb.total["total"], "fund": b.fund.total["total"], "soe": b.soe.total["total"]}
    prev = {"gpb": carry.get("carry_gpb") or ZERO, "fund": carry.get("carry_fund") or ZERO,
            "soe": carry.get("carry_soe") or ZERO}
    income_total = dsum(this.values())
    carry_total = dsum(prev.values())
    classes = []
    for i, code in enumerate(fmt["class_rows"], start=1):
        code = str(code)
        amount = dsum(t.get(code)["total"] if t.get(code) else ZERO for t in (b.gpb, b.fund, b.soe))
        classes.append({"label": f"（{_class_label(i, fmt)}）{name_of(code)}", "code": code, "name": name_of(code),
                        "amount": amount,
                        "gpb": b.gpb.get(code)["total"] if b.gpb.get(code) else ZERO,
                        "fund": b.fund.get(code)["total"] if b.fund.get(code) else ZERO})
    expense_total = dsum(c["amount"] for c in classes)
    grand = q2(income_total + carry_total)
    return {"this": this, "prev": prev, "income_total": income_total, "carry_total": carry_total,
            "income_grand": grand, "classes": classes, "expense_total": expense_total,
            "closing": q2(grand - expense_total), "expense_grand": grand}


def _economic(b: Budget, wb, fmt, econ_name) -> dict:
    """支出（部门预算经济分类）of 公开表1/4 (spec §2.1 B, X10): per economic 类, 基本支出 from the
    基本支出表 plus project spending from the optional sheet 项目支出经济分类.

    A part without a source stays unknown (None, printed blank), never 0: without the sheet the
    project part is unknown whenever there is project spending; the 基本支出 of non-一般公共预算
    money has no economic split in the workbook, so the all-money column is unknown when there is any.
    """
    codes = [str(c) for c in fmt.get("economic_rows") or []]
    sheet = wb[S.PROJECT_ECON.name]
    entered = bool(sheet.records)
    keys = ("gpb", "fund", "other")
    proj: dict[str, dict[str, Decimal]] = {}
    for r in sheet.records:
        acc = proj.setdefault((r.get("econ_code") or "")[:3], {k: ZERO for k in keys})
        for k in keys:
            acc[k] += r.get(k) or ZERO
    project_known = entered or b.expense.total["project"] == 0
    gpb_known = project_known
    fund_known = project_known and b.fund.total["basic"] == 0
    all_known = project_known and b.expense.total["basic"] == b.gpb.total["basic"]
    rows = []
    for code in codes:
        basic = b.basic.get(code)
        p = proj.get(code, {k: ZERO for k in keys})
        gpb = q2((basic["total"] if basic else ZERO) + p["gpb"])
        rows.append({"code": code, "label": fmt.get("class_label", "{code}{name}").format(code=code, name=econ_name(code)),
                     "gpb": gpb if gpb_known else None, "fund": p["fund"] if fund_known else None,
                     "amount": q2(gpb + p["fund"] + p["other"]) if all_known else None})

    def total(key):
        vals = [r[key] for r in rows]
        return None if any(v is None for v in vals) else dsum(vals)

    return {"rows": rows, "entered": entered, "project_known": project_known,
            "totals": {k: total(k) for k in ("amount", "gpb", "fund")},
            "unlisted": sorted(c for c in proj if c not in codes and any(proj[c].values())),
            "project_sum": {k: dsum(v[k] for v in proj.values()) for k in keys},
            "where": sheet.where}


SOURCE_KEYS = tuple(c.key for c in S.PROJECTS.columns if c.key.startswith("src_"))   # every 资金来源 column


def _projects(wb, name_of, fmt: dict, year: int) -> list[dict]:
    lines = wb[S.PROJECT_LINES.name].records
    procurement = wb[S.PROCUREMENT.name].records
    indicators = wb[S.INDICATORS.name].records
    out = []
    for rec in wb[S.PROJECTS.name].records:
        name = rec.get("name")
        mine = [r for r in lines if r.get("project") == name]
        # the format's 资金来源 rows (formats.yaml project_sources): label and the column it reads
        sources = [(item["label"], rec.get(item["key"])) for item in fmt.get("project_sources") or []]
        amount = rec.get("amount", ZERO)
        prev1, prev2 = rec.get("prev1"), rec.get("prev2")
        # {Y-2}-{Y-1}年预算及执行情况: a year is printed when its budget is known, its 执行 clause when entered
        history = [{"year": y, "budget": budget, "exec": rec.get(key)}
                   for y, budget, key in ((year - 2, prev2, "prev2_exec"), (year - 1, prev1, "prev1_exec"))
                   if budget is not None]
        out.append({
            "name": name, "code": rec.get("code") or "", "category": rec.get("category"),
            "func_code": rec.get("func_code") or "", "func_name": name_of(rec.get("func_code") or ""),
            "amount": amount, "total_budget": rec.get("total_budget") if rec.get("total_budget") is not None else amount,
            "prev1": prev1, "prev2": prev2, "change": Change(amount, prev1) if prev1 is not None else None,
            "prior_unknown": prev1 is None and rec.get("prior") == "不详",
            "tables": rec.get("tables") != "否",
            "change_reason": (rec.get("change_reason") or "").strip().rstrip("。"),
            "purpose": (rec.get("purpose") or "").strip().rstrip("。"),
            "attribute": rec.get("attribute") or "", "start_year": rec.get("start_year"), "end_year": rec.get("end_year"),
            "department": rec.get("department") or "", "executor": rec.get("executor") or "",
            "leader": rec.get("leader") or "", "phone": rec.get("phone") or "", "address": rec.get("address") or "",
            "leader2": rec.get("leader2") or "", "phone2": rec.get("phone2") or "",
            "prev1_exec": rec.get("prev1_exec"), "prev2_exec": rec.get("prev2_exec"), "history": history,
            "table_order": rec.get("table_order"),
            "src": {k: rec.get(k) for k in SOURCE_KEYS},
            "postcode": rec.get("postcode") or "", "basis": rec.get("basis") or "", "plan": rec.get("plan") or "",
            "related_functions": rec.get("related_functions") or "", "rectification": rec.get("rectification") or "",
            "goal_name": rec.get("goal_name") or name, "goal_text": rec.get("goal_text") or "",
            "sources": sources, "sources_total": dsum(v or ZERO for _n, v in sources),
            "lines": [{k: r.get(k) for k in ("activity", "content", "econ", "amount", "basis", "note")} for r in mine],
            "lines_total": dsum(r.get("amount", ZERO) for r in mine),
            "procurement": [{k: r.get(k) for k in ("item", "category", "quantity", "amount", "sme")}
                            for r in procurement if r.get("project") == name],
            "long": [_ind(r) for r in indicators if r.get("owner") == name and r.get("kind") == "长期"],
            "annual": [_ind(r) for r in indicators if r.get("owner") == name and r.get("kind") == "年度"],
            "date": rec.get("date"), "record": rec,
        })
    return out


def _ind(r) -> dict:
    return {k: r.get(k) or "" for k in ("goal_name", "level1", "level2", "level3", "value", "prev2", "prev1", "basis")} | {
        "goal": r.get("goal"), "record": r}


def _narrative(b: Budget, wb, project, name_of) -> dict:
    fmt = b.fmt
    prior = wb[S.PRIOR.name]
    reasons = _reasons(wb)
    s: dict = {"reasons": reasons}

    def prev(key):
        return prior.get(key)

    # 一（三） 人员
    st = wb[S.STAFF.name]
    s["staff"] = {k: st.get(k) for k, *_ in ((f.key,) for f in S.STAFF.fields)}
    # 三、总体安排
    summ = b.summary
    income_parts = [(label.split("、", 1)[1], amount) for label, amount in summ["income_rows"]]
    fiscal_income = dsum(v for (label, v) in income_parts if label in ("一般公共预算拨款收入", "政府性基金预算拨款收入",
                                                                          "国有资本经营预算拨款收入"))
    others = [(label, v) for label, v in income_parts
              if label not in ("一般公共预算拨款收入", "政府性基金预算拨款收入", "国有资本经营预算拨款收入") and v != 0]
    classes = [Part(r.name, spent(r), pct(spent(r), spent(b.expense.total)), r.code)
               for r in b.expense.classes() if spent(r) != 0]
    econ_classes = [Part(r.name, r["total"], None, r.code) for r in b.basic.classes()]
    s["overview"] = {
        "income": summ["income_total"], "fiscal": fiscal_income, "other_income": others,
        "income_parts": parts_of(income_parts, summ["income_total"]),
        "expense": summ["expense_total"], "classes": classes, "econ_classes": econ_classes,
        "basic": b.expense.total["basic"], "project": b.expense.total["project"],
        "basic_share": pct(b.expense.total["basic"], summ["expense_total"]),
        "project_share": pct(b.expense.total["project"], summ["expense_total"]),
        "total_change": Change(summ["income_grand"], prev("total")),
        "total_reason": reasons.get("部门预算总额较上年", ""),
    }
    # 四、一般公共预算 (A: 项目化口径)
    g = b.gpb.total
    personnel, public, special = g["personnel"], g["public"], g["project"]
    if not b.gpb_split:
        personnel = public = None
    specials = [p for p in b.projects if p["category"] == "特定目标类"]
    s["gpb"] = {
        "total": g["total"], "change": Change(g["total"], prev("gpb")),
        "reason": reasons.get("一般公共预算财政拨款支出较上年", ""),
        "split": b.gpb_split,
        "personnel": personnel,
        "personnel_change": Change(personnel, prev("personnel_projects")) if personnel is not None else None,
        "personnel_reason": reasons.get("人员类项目支出较上年", ""),
        "e301": b.basic.get("301")["total"] if b.basic.get("301") else ZERO,
        "e303": b.basic.get("303")["total"] if b.basic.get("303") else ZERO,
        "public": public,
        "public_change": Change(public, prev("public_projects")) if public is not None else None,
        "public_reason": reasons.get("公用经费运转类项目支出较上年", ""),
        "special": special, "special_change": Change(special, prev("special_projects")),
        "special_reason": reasons.get("特定目标类项目支出较上年", ""),
        "special_projects": specials,
        "basic": g["basic"], "basic_change": Change(g["basic"], prev("basic")),
        "basic_reason": reasons.get("基本支出较上年", ""),
        "project": g["project"], "project_change": Change(g["project"], prev("project")),
        "project_reason": reasons.get("项目支出较上年", ""),
        "project_items": [Part(r.name, r["project"], None, r.code) for r in b.gpb.rows
                          if r.level == "item" and r["project"] != 0],
        "personnel_items": _econ_names(b, "301") + _econ_names(b, "303"),
        "e301_items": _econ_names(b, "301"), "e303_items": _econ_names(b, "303"),
        "public_items": _econ_names(b, "302") + _econ_names(b, "310"),
    }
    # 五、三公
    sg = b.sangong
    prev_leaf = {k: prev(f"sg_{k}") for k in ("abroad", "purchase", "run", "reception")}

    def sg_prev(*keys):
        vals = [prev_leaf[k] for k in keys]
        if any(v is None for v in vals):
            # a prior total published without its split (sg_total, sg_vehicle); otherwise unknown
            whole = {("abroad", "purchase", "run", "reception"): "sg_total", ("purchase", "run"): "sg_vehicle"}.get(keys)
            return prev(whole) if whole else None
        return dsum(vals)

    s["sangong"] = {
        "total": sg["total"], "total_change": Change(sg["total"], sg_prev("abroad", "purchase", "run", "reception")),
        "total_reason": reasons.get("“三公”经费较上年", ""),
        "abroad": sg["abroad"], "abroad_change": Change(sg["abroad"], sg_prev("abroad")),
        "abroad_reason": reasons.get("因公出国（境）费较上年", ""),
        "vehicle": sg["vehicle"], "vehicle_change": Change(sg["vehicle"], sg_prev("purchase", "run")),
        "purchase": sg["purchase"], "purchase_change": Change(sg["purchase"], sg_prev("purchase")),
        "purchase_reason": reasons.get("公务用车购置费较上年", ""),
        "run": sg["run"], "run_change": Change(sg["run"], sg_prev("run")),
        "run_reason": reasons.get("公务用车运行维护费较上年", ""),
        "reception": sg["reception"], "reception_change": Change(sg["reception"], sg_prev("reception")),
        "reception_reason": reasons.get("公务接待费较上年", ""),
    }
    # 六、七
    s["fund"] = {"empty": b.fund.empty, "total": b.fund.total["total"],
                 "items": [Part(r.name, r["total"], None, r.code) for r in b.fund.rows if r.level == "item"]}
    s["soe"] = {"empty": b.soe.empty, "total": b.soe.total["total"],
                "items": [Part(r.name, r["total"], None, r.code) for r in b.soe.rows if r.level == "item"]}
    # 八（一）机关运行经费: the 302 款 of the 基本支出表's 公用经费 column, with the narrative names
    items = []
    seen = set()
    for spec in fmt["admin_cost_items"]:
        amount = dsum(b.basic.get(c)["public"] if b.basic.get(c) else ZERO for c in spec["codes"])
        seen.update(spec["codes"])
        if amount != 0:
            items.append(Part(spec["name"], amount, None, spec["codes"][0]))
    for r in b.basic.rows:
        if r.level == "section" and r.code.startswith("302") and r.code not in seen and r["public"] != 0:
            items.append(Part(r.name, r["public"], None, r.code))
    admin_total = dsum(p.amount for p in items)
    s["admin"] = {"total": admin_total, "items": items, "change": Change(admin_total, prev("admin_cost")),
                  "civil_units": (project.texts.get("org") or {}).get("civil_units", 0)}
    # 八（二）政府采购
    proc = wb[S.PROCUREMENT.name].records
    cats = []
    for cat in ("货物", "工程", "服务"):
        lines = [r for r in proc if r.get("category") == cat]
        total = dsum(r.get("amount", ZERO) for r in lines)
        if total != 0:
            cats.append({"name": cat, "total": total,
                         "lines": [{"name": r.get("project") or r.get("item"), "amount": r.get("amount", ZERO)}
                                   for r in lines]})
    s["procurement"] = {"total": dsum(c["total"] for c in cats), "categories": cats,
                        "sme": dsum(r.get("sme") or ZERO for r in proc)}
    # 八（三）资产
    assets = wb[S.ASSETS.name]
    free = [(r.get("type"), r.get("count")) for r in wb[S.VEHICLES.name].records]
    vehicles = free or [(label, assets.get(key)) for key, label in S.VEHICLE_TYPES]
    known = [n for _l, n in vehicles if n is not None]
    # nothing entered: no vehicle sentence (never “共有车辆0辆”)
    s["assets"] = {"vehicles": [(label, n) for label, n in vehicles if n],
                   "vehicle_total": sum(known) if known else None, "equipment": assets.get("equipment")}
    # 八（四）绩效目标
    with_goals = [p for p in b.projects if p["long"] or p["annual"]]
    s["perf_goals"] = {"amount": dsum(p["amount"] for p in with_goals), "count": len(with_goals),
                       "all": len(with_goals) == len(b.projects)}
    s["services"] = {"amount": wb[S.SERVICES.name].get("amount") or ZERO}
    s["performance"] = _overall(b, wb, project)
    return s


def _econ_names(b: Budget, cls: str) -> list[str]:
    return [r.name for r in b.basic.rows if r.level == "section" and r.code.startswith(cls) and r["total"] != 0]


def _overall(b: Budget, wb, project) -> dict:
    """部门整体支出绩效目标表: money blocks from the tables, goals and indicators from the workbook."""
    prior = wb[S.PRIOR.name]
    prior2 = wb[S.PRIOR2.name]
    fiscal = dsum(b.fiscal["this"].values())
    special = b.income.total["special"]
    unit = dsum(b.income.total[k] for k in ("business", "operating", "upper", "affiliated", "other"))
    income_total = dsum((fiscal, special, unit))
    g = b.gpb.total
    pers, oper, spec = g["personnel"], g["public"], g["project"]
    expense_total = dsum((g["basic"], spec))
    if not b.gpb_split:
        pers = oper = None          # unknown: the cells stay blank

    def row(label, amount, total, p2, p1):
        share = pct(amount, total) if amount is not None else None
        return {"label": label, "amount": amount, "share": share, "prev2": p2, "prev1": p1}

    income = [row("财政拨款", fiscal, income_total, prior2.get("fiscal"), prior.get("gpb")),
              row("财政专户管理资金", special, income_total, prior2.get("special"), None),
              row("单位资金", unit, income_total, prior2.get("unit"), None)]
    income.append(row("合计", income_total, income_total, _sum_or_none(r["prev2"] for r in income),
                      _sum_or_none(r["prev1"] for r in income)))
    l1 = b.fmt.get("indicator_level1") or {}
    l2 = b.fmt.get("overall_indicator_level2") or {}

    def ind(i) -> dict:
        d = _ind(i)
        return d | {"level1": l1.get(d["level1"], d["level1"]), "level2": level2_name(b.fmt, l2, d["level2"])}

    if b.fmt.get("spending") == "basic_project":
        # B (spec §5.1): 财政拨款 / 其他资金; 基本支出 / 项目支出 of all money; one column 上年预算安排情况
        # each 上年 cell names the 上年预算数 field it comes from (``prev1_field``), for the check that every
        # cell of the block has a figure (formats.yaml overall_funds_complete)
        other = q2(special + unit)
        fiscal_prev = prior.get("fiscal")
        if fiscal_prev is None and b.fund.empty and b.soe.empty:
            fiscal_prev = prior.get("gpb")          # only 一般公共预算 money: its 上年 figure is the 财政拨款
        income = [row("财政拨款", fiscal, income_total, None, fiscal_prev) | {"prev1_field": "fiscal"},
                  row("其他资金", other, income_total, None, prior.get("other_funds")) | {"prev1_field": "other_funds"}]
        income.append(row("合计", income_total, income_total, None, prior.get("total")) | {"prev1_field": "total"})
        e = b.expense.total
        spend_total = q2(e["basic"] + e["project"])
        spend = [row("基本支出", e["basic"], spend_total, None, prior.get("basic")) | {"prev1_field": "basic"},
                 row("项目支出", e["project"], spend_total, None, prior.get("project")) | {"prev1_field": "project"}]
        spend.append(row("合计", spend_total, spend_total, None, _sum_or_none_all(r["prev1"] for r in spend)))
        prev_labels = ["上年预算安排情况"]
    else:
        spend = [row("人员类项目支出", pers, expense_total, prior2.get("personnel_projects"), prior.get("personnel_projects")),
                 row("运转类项目支出", oper, expense_total, prior2.get("public_projects"), prior.get("public_projects")),
                 row("特定目标类项目支出", spec, expense_total, prior2.get("special_projects"), prior.get("special_projects"))]
        spend.append(row("合计", expense_total, expense_total, _sum_or_none(r["prev2"] for r in spend),
                         _sum_or_none(r["prev1"] for r in spend)))
        prev_labels = [f"{project.year - 2}年", f"{project.year - 1}年"]
    kv = wb[S.OVERALL.name]
    goals = []
    inds = wb[S.INDICATORS.name].records
    for r in wb[S.OVERALL_GOALS.name].records:
        no = r.get("no")
        goals.append({"no": no, "short": r.get("short") or "", "long": r.get("long") or "", "annual": r.get("annual") or "",
                      "long_indicators": [ind(i) for i in inds if i.get("owner") == "部门整体" and i.get("kind") == "长期"
                                          and i.get("goal") == no],
                      "annual_indicators": [ind(i) for i in inds if i.get("owner") == "部门整体"
                                            and i.get("kind") == "年度" and i.get("goal") == no]})
    return {"income": income, "spend": spend, "goals": goals, "date": kv.get("date"),
            "filler": kv.get("filler") or "", "phone": kv.get("phone") or "",
            "long_until": project.year + 2, "years": (project.year - 2, project.year - 1), "prev_labels": prev_labels,
            "labels": b.fmt.get("overall_labels") or {}, "annual_history": b.fmt.get("overall_annual_history", True)}


def level2_name(fmt: dict, mapping: dict, entered: str) -> str:
    """The 二级指标 name a format prints: ``mapping`` (a format's indicator_level2) looked up under the entered
    spelling, else under its spec name (formats.yaml indicator_spellings); unmapped names print as entered."""
    if entered in mapping:
        return mapping[entered]
    spec = (fmt.get("indicator_spellings") or {}).get(entered)
    return mapping.get(spec, entered) if spec else entered


def _sum_or_none_all(values):
    """The sum when every value is known, else None (a part unknown leaves the total unknown)."""
    values = list(values)
    return None if any(v is None for v in values) else dsum(values)


def _sum_or_none(values):
    values = list(values)
    if all(v is None for v in values):
        return None
    return dsum(v or ZERO for v in values)
