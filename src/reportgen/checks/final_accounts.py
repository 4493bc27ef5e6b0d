"""Rules of the 决算 kind (final-accounts spec §2 notes, §2.10 cross-table identities, §3 and §5).

Totals the user entered (pasted 类/款/合计 rows, 表1/表4 rows, 表6 类 rows and footers, 表9
合计/小计) are compared with the figures computed from the 项 rows.  A difference within the
tolerance (尾数误差 of unit conversion, default 0.01) is a warning, a larger one an error.
"""
from __future__ import annotations

from decimal import Decimal

from ..errors import Where
from ..kinds.final_accounts import schema as S
from ..money import ZERO, dsum, q2
from .common import amount, check_classified, check_codes, compare, formula_text, near, norm_name, tolerance
from .engine import rule
from .text import lint_years

KIND = "决算"


_a = amount
_compare = compare
_tol = tolerance


@rule("T-FUNC", "功能分类表：栏次公式、类=Σ款=Σ项、合计", KIND)
def func_tables(prepared, findings):
    for sheet in (S.T2, S.T3, S.T5, S.T7, S.T8):
        check_classified(prepared, findings, sheet, prepared.workbook[sheet.name],
                         getattr(prepared.result, sheet.table), sheet.name.split(" ")[0])


@rule("T-FIXED", "表1、表4：行次公式与其他表的对应", KIND)
def fixed_tables(prepared, findings):
    fa = prepared.result
    wb = prepared.workbook
    for sheet, table in ((S.T1, fa.t1), (S.T4, fa.t4)):
        short = sheet.name.split(" ")[0]
        labels = {r.no: r.label for r in sheet.left_rows + sheet.right_rows}
        right_keys = {c.no: c.key for c in sheet.right_columns}
        left_nos = {r.no for r in sheet.left_rows}
        for (hangci, colno), cell in wb[sheet.name].values.items():
            if cell.value is None:
                continue
            if hangci in left_nos:
                computed = table.left.get(hangci, {}).get("amount", ZERO)
            else:
                computed = table.right.get(hangci, {}).get(right_keys.get(colno, "amount"), ZERO)
            _compare(findings, prepared, "T-ROW", cell.where, cell.value, computed,
                     f"{short} {hangci}行 {labels.get(hangci) or ''} 第{colno}栏".replace("  ", " "))
    # balances that cannot be negative: pointed at the 年末结转和结余 cell (row 60)
    def cell_where(sheet, hangci, colno):
        cell = wb[sheet.name].values.get((hangci, colno))
        return cell.where if cell is not None else Where(prepared.project.workbook.name, sheet.name)

    if fa.t1.value(60) < 0:
        findings.error("T1-BAL", cell_where(S.T1, 60, 2),
                       f"表1 年末结转和结余为负（{_a(fa.t1.value(60))}）：总计 {_a(fa.t1.value(31))} 小于本年支出合计 "
                       f"{_a(fa.t1.value(58))} 与结余分配之和，请核对表2/表3和第28、29、59行")
    for key, label in (("gpb", "一般公共预算"), ("fund", "政府性基金预算"), ("soe", "国有资本经营预算")):
        if fa.t4.right[60][key] < 0:
            colno = next(c.no for c in S.T4.right_columns if c.key == key)
            findings.error("T4-BAL", cell_where(S.T4, 60, colno),
                           f"表4 年末{label}财政拨款结转和结余为负（{_a(fa.t4.right[60][key])}）：收入与年初结转之和小于支出，"
                           "请核对表4第3、29、31行和表5、表7、表8")


@rule("T6", "表6：类=Σ款、人员经费合计、公用经费合计、与表5基本支出一致", KIND)
def table6(prepared, findings):
    fa = prepared.result
    data = prepared.workbook[S.T6.name]
    t6 = fa.t6
    for code, (name, cell) in data.entries.items():
        if len(code) == 3 and cell.value is not None:
            _compare(findings, prepared, "T6-SUM", cell.where, cell.value, t6.sums.get(code, ZERO),
                     f"表6 {code} {name}", "下属款级科目合计", t6.leaf_counts.get(code, 0))
    for label in ("人员经费合计", "公用经费合计"):
        cell = data.totals.get(label)
        if cell is not None and cell.value is not None:
            how = "301 + 303" if label == "人员经费合计" else "302 + 310"
            _compare(findings, prepared, "T6-TOTAL", cell.where, cell.value, t6.sums.get(label, ZERO),
                     f"表6 {label}", how, t6.leaf_counts.get(label, 0))
    basic = fa.t5.total["basic"]
    if fa.t6.total != basic:
        diff = q2(fa.t6.total - basic)
        where = Where(prepared.project.workbook.name, S.T6.name)
        msg = (f"表6 人员经费 {_a(fa.t6.personnel)} + 公用经费 {_a(fa.t6.public)} = {_a(fa.t6.total)}，"
               f"与表5 基本支出 {_a(basic)} 不一致（差 {_a(abs(diff))}）")
        (findings.warn if abs(diff) <= _tol(prepared) else findings.error)("X7", where, msg)


@rule("T9", "表9：合计=出国+公务用车+接待，小计=购置+运行", KIND)
def table9(prepared, findings):
    fa = prepared.result
    data = prepared.workbook[S.T9.name]
    for col in S.T9.columns:
        cell = data.values.get(col.no)
        if col.computed and cell is not None and cell.value is not None:
            how = formula_text(S.T9, fa.t9.values, col)
            _compare(findings, prepared, "T9-SUM", cell.where, cell.value, fa.t9[col.key],
                     f"表9 第{col.no}栏 {col.group}{col.label}", how)


@rule("X", "表间关系：表3与表5、表9与表6", KIND)
def cross_tables(prepared, findings):
    fa = prepared.result
    wb_name = prepared.project.workbook.name
    t3 = {r.code: r for r in fa.t3.rows if r.code}
    for row in fa.t5.rows:
        if row.level != "item":
            continue
        other = t3.get(row.code)
        if other is None:
            findings.error("X8", row.where or Where(wb_name, S.T5.name),
                           f"表5 有科目 {row.code} {row.name}，表3 中没有（一般公共预算支出必须包含在支出决算表中）")
            continue
        for key, label in (("basic", "基本支出"), ("project", "项目支出")):
            if other[key] < row[key]:
                findings.error("X8", row.where or Where(wb_name, S.T5.name),
                               f"{row.code} {row.name} {label}：表5 {_a(row[key])} 大于表3 {_a(other[key])}")
    t1 = fa.t1
    no_carry = all(t1.value(n) == 0 for n in (28, 29, 59, 60))
    if no_carry:
        t2 = {r.code: r for r in fa.t2.rows if r.level == "item"}
        for code in sorted(set(t2) | {c for c, r in t3.items() if r.level == "item"}):
            a = t2[code]["total"] if code in t2 else ZERO
            b = t3[code]["total"] if code in t3 else ZERO
            if a != b:
                where = (t2[code].where if code in t2 else t3[code].where) or Where(wb_name)
                findings.error("X11", where, f"{code}：无结转结余时收入（表2 {_a(a)}）应等于支出（表3 {_a(b)}）")
    t6 = fa.t6.amounts
    t9 = fa.t9
    t9_cells = prepared.workbook[S.T9.name].values
    for col, code, label in (("a_run", "30231", "公务用车运行维护费"), ("a_reception", "30217", "公务接待费"),
                             ("a_abroad", "30212", "因公出国（境）费用"), ("a_purchase", "31013", "公务用车购置")):
        if t9[col] < t6.get(code, ZERO):
            no = S.T9.column(col).no
            findings.warn("X12", t9_cells[no].where if no in t9_cells else Where(wb_name, S.T9.name),
                          f"表9 {label} 决算 {_a(t9[col])} 小于表6 {code} 基本支出中的 {_a(t6.get(code, ZERO))}"
                          "（表9 含项目支出，应不小于表6）")


@rule("CODE-CLASS", "项级科目所属的类在表1/表4的26类之中", KIND)
def code_classes(prepared, findings):
    from ..kinds.common import CLASSES_26

    listed = {code for code, _n in CLASSES_26}
    fa = prepared.result
    for table, sheet in ((fa.t2, S.T2), (fa.t3, S.T3), (fa.t5, S.T5), (fa.t7, S.T7), (fa.t8, S.T8)):
        for row in table.rows:
            if row.level == "class" and row.code not in listed:
                findings.error("CODE-CLASS", row.where or Where(prepared.project.workbook.name, sheet.name),
                               f"{sheet.name.split(' ')[0]} 类 {row.code} {row.name} 不在表1/表4的26个支出功能分类中，"
                               "其金额无法列入表1、表4；请核对科目编码")


@rule("CODE", "科目编码：未知编码、名称与代码表不一致、项不在所列款下", KIND)
def codes(prepared, findings):
    year = prepared.project.year
    etable = prepared.codes["economic"]
    wb = prepared.workbook
    for sheet in (S.T2, S.T3, S.T5, S.T7, S.T8):
        check_codes(prepared, findings, sheet, wb[sheet.name], "function")
    for code, (name, cell) in wb[S.T6.name].entries.items():
        entry = etable.entry(code, year)
        if entry is None:
            findings.error("CODE-UNKNOWN", cell.where, f"经济分类科目编码 {code}（{name}）不在科目代码表中")
        elif name and norm_name(name) != norm_name(entry.name):
            other = etable.other_editions(code, name, year)
            edition = f"（“{name}”是{other[0].editions}科目表的名称）" if other else ""
            findings.warn("CODE-NAME", cell.where, f"{code} 的科目名称为“{name}”，{year}年科目表为“{entry.name}”{edition}")




@rule("BUDGET", "年初预算：合计与分项一致，有支出的类有预算", KIND)
def budget(prepared, findings):
    g = prepared.result.s["gpb"]
    sheet = prepared.workbook[S.BUDGET.name]
    if g["budget_entered"] is not None and g["budget"] is not None and g["budget_entered"] != g["budget"]:
        rec = next((r for r in sheet.records if not r.get("code")), None)
        findings.error("BUDGET-SUM", rec.cell("amount").where if rec else sheet.where,
                       f"年初预算合计为 {_a(g['budget_entered'])}，各科目之和为 {_a(g['budget'])}")
    for d in g["detail"]:
        if d["budget"] is None and d["actual"] != 0:
            findings.warn("BUDGET-MISSING", sheet.where,
                          f"{d['code']} {d['name']} 有支出决算 {_a(d['actual'])}，但未填年初预算数"
                          "（说明中该类不写年初预算和完成比例）")


@rule("REASON", "主要原因：每个说明的增减变化都有原因", KIND)
def reasons(prepared, findings):
    s = prepared.result.s
    where = prepared.workbook[S.REASONS.name].where
    threshold = Decimal(prepared.project.reason_threshold or "0")

    def need(change, key, label):
        if not change.known or change.same:
            return
        if change.rate is not None and change.rate < threshold:
            return
        if not s["reasons"].get(key):
            findings.warn("REASON-MISSING", where,
                          f"{label}{change.word} {_a(change.abs)} 万元，“主要原因”表中没有{_q(key)}的原因")

    need(s["total"]["change"], "收支总计较上年", "收、支总计较上年")
    need(s["fiscal"]["change"], "财政拨款收支总计较上年", "财政拨款收、支总计较上年")
    need(s["fiscal"]["gpb_income_change"], "一般公共预算财政拨款收入较上年", "一般公共预算财政拨款收入较上年")
    need(s["gpb"]["change"], "一般公共预算财政拨款支出较上年", "一般公共预算财政拨款支出较上年")
    need(s["admin"]["change"], "机关运行经费较上年", "机关运行经费较上年")
    for key in ("total", "abroad", "vehicle", "reception"):
        item = s["sangong"][key]
        need(item["change"], f"{item['label']}较上年", f"{item['label']}较上年")
        c = item["completion"]
        if c.diff != 0 and item["budget"] != 0 and not item["reason_budget"]:
            findings.warn("REASON-MISSING", where,
                          f"{item['label']}决算数{c.word}预算数，“主要原因”表中没有{_q(item['label'] + '决算与预算差异')}的原因")
    # a reason entered against a code (类, 款, 项 or a group) that no explained item covers would be lost
    detail = s["gpb"]["detail"]
    for rec in prepared.workbook[S.REASONS.name].records:
        code = rec.get("code")
        if not code:
            continue
        if not any(code == d["code"].replace("、", "") or code == d["code"] or code in d["codes"]
                   or any(code.startswith(c) for c in d["codes"]) or _same_group(code, d["codes"]) for d in detail):
            findings.warn("REASON-UNUSED", rec.where,
                          f"“主要原因”中科目编码 {code} 的原因没有对应的说明（{code} 在表5中没有支出、也没有年初预算），不会写入文档")
    for d in detail:
        if d["budget"] and d["completion"].diff > 0 and not d["reason"]:
            findings.warn("REASON-MISSING", where,
                          f"{d['code']} {d['name']} 支出决算大于年初预算，“主要原因”表中没有该科目编码的“支出决算与年初预算差异”原因")


def _q(key: str) -> str:
    """A 说明事项 in quotes, unless it brings its own (“三公”经费较上年: never ““三公”…”)."""
    return key if "“" in key else f"“{key}”"


def _same_group(code: str, classes) -> bool:
    import re

    parts = [p for p in re.split(r"[、,，+＋/;；\s]+", code) if p]
    return len(parts) > 1 and tuple(dict.fromkeys(p[:3] for p in parts)) == tuple(classes)


@rule("DETAIL", "明细之和等于表中数：三公明细、项目支出、政府采购、车辆", KIND)
def details(prepared, findings):
    fa = prepared.result
    s = fa.s
    wb = prepared.workbook
    sg = s["sangong"]
    for sheet, items, col, label in (
        (S.VEHICLE_RUN, sg["run_items"], "a_run", "公务用车运行维护费明细"),
        (S.RECEPTION, [(r["category"], r["amount"]) for r in sg["reception_items"]], "a_reception", "公务接待明细"),
        (S.ABROAD, sg["abroad_items"], "a_abroad", "因公出国费用明细"),
    ):
        total = dsum(v for _n, v in items)
        # a breakdown is optional (many published documents give none); entered, it must add up
        if items and total != fa.t9[col]:
            findings.error("DETAIL-SUM", wb[sheet.name].where,
                           f"{label}合计 {_a(total)} 与表9 {_a(fa.t9[col])} 不一致")
    if sg["vehicles_bought"] is not None and (sg["vehicles_bought"] > 0) != (fa.t9["a_purchase"] > 0):
        cell = wb[S.SANGONG.name].cell("vehicles_bought")
        findings.warn("DETAIL-VEHICLE", cell.where if cell is not None else wb[S.SANGONG.name].where,
                      f"购置（更新）公务用车 {sg['vehicles_bought']} 辆，而表9 公务用车购置费为 {_a(fa.t9['a_purchase'])}")
    assets = s["assets"]
    if sg["fleet"] is not None and assets["vehicle_total"] is not None and assets["vehicle_total"] < sg["fleet"]:
        findings.warn("DETAIL-FLEET", wb[S.ASSETS.name].where,
                      f"国有资产共有车辆 {assets['vehicle_total']} 辆，少于公务用车保有量 {sg['fleet']} 辆")
    g = s["gpb"]
    if g["projects"]:
        # each project rounded to 0.01 on its own: their sum may differ by n × 0.005 (a 尾数)
        near(findings, prepared, "DETAIL-PROJECTS", wb[S.PROJECTS.name].where, g["projects_total"], g["project"],
             f"项目支出各项目执行数之和 {_a(g['projects_total'])} 与表5 项目支出 {_a(g['project'])} 不一致",
             len(g["projects"]))
    for p in g["projects"]:
        rec = p["record"]
        srcs = [rec.get(k) for k in ("src_dept", "src_special", "src_transfer")]
        if any(v is not None for v in srcs) and dsum(v or ZERO for v in srcs) != p["budget"]:
            findings.error("DETAIL-SOURCES", rec.where,
                           f"项目“{p['name']}”资金来源之和 {_a(dsum(v or ZERO for v in srcs))} 与全年预算数 {_a(p['budget'])} 不一致")
        if p["code"] and not any(r.code == p["code"] for r in fa.t5.rows):
            findings.error("DETAIL-CODE", rec.cell("code").where,
                           f"项目“{p['name']}”的功能分类科目 {p['code']} 在表5中没有支出")
    proc = s["procurement"]
    kv = wb[S.PROCUREMENT.name]
    sme_keys = {"货物": "sme_goods", "工程": "sme_works", "服务": "sme_services"}
    for c in proc["categories"]:
        if c["sme"] > c["amount"]:
            cell = kv.cell(sme_keys[c["name"]])
            findings.error("DETAIL-SME", cell.where if cell is not None else kv.where, f"{c['name']}采购授予中小企业合同金额 {_a(c['sme'])} 大于{c['name']}支出 {_a(c['amount'])}")
    if proc["micro"] > proc["sme"]:
        findings.error("DETAIL-SME", kv.cell("micro").where,
                       f"授予小微企业合同金额 {_a(proc['micro'])} 大于授予中小企业合同金额 {_a(proc['sme'])}")
    admin = s["admin"]
    if admin["entered"] and admin["amount"] != admin["public"]:
        findings.warn("X-ADMIN", wb[S.ADMIN_COST.name].cell("amount").where,
                      f"机关运行经费 {_a(admin['amount'])} 与表6 公用经费合计 {_a(admin['public'])} 不一致，请在说明中解释")


@rule("PERF", "绩效自评表：分值、得分、权重之和", KIND)
def performance(prepared, findings):
    perf = prepared.result.s["performance"]
    wb = prepared.workbook
    o = perf["overall"]
    if o["goals"]:
        total_w = dsum(g["weight"] for g in o["goals"])
        if total_w + 20 != 100:
            findings.error("PERF-WEIGHT", wb[S.OVERALL_GOALS.name].where,
                           f"整体绩效各年度目标分值之和为 {total_w}，加预算执行 20 分应为 100 分")
        for g in o["goals"]:
            if not g["indicators"]:
                if g["score"] > g["weight"]:
                    findings.error("PERF-SCORE", g["record"].cell("score").where,
                                   f"年度目标{g['no']} 得分 {g['score']} 超过分值 {g['weight']}")
                continue
            w = dsum(i["weight"] for i in g["indicators"])
            if w != g["weight"]:
                findings.error("PERF-WEIGHT", g["record"].where,
                               f"年度目标{g['no']} 分值 {g['weight']}，其指标分值之和为 {w}")
    for ind in o["indicators"] + [i for p in perf["projects"] for i in p["indicators"]]:
        if ind["score"] > ind["weight"]:
            findings.error("PERF-SCORE", ind["record"].cell("score").where,
                           f"指标“{ind['level3']}”得分 {ind['score']} 超过分值 {ind['weight']}")
    names = {p["name"] for p in perf["projects"]}
    records = {p["name"]: p["record"] for p in prepared.result.s["gpb"]["projects"]}
    for rec in wb[S.PROJECT_INDICATORS.name].records:
        if rec.get("project") not in names:
            findings.error("PERF-PROJECT", rec.cell("project").where,
                           f"项目绩效指标中的项目“{rec.get('project')}”不在“项目支出”表中")
    form = prepared.outline.layout.performance_form        # the scale of the layout's 自评表
    points, goal_points = (form.indicator_points, form.goal_points if form.goal_row else 0) if form else (60, 20)
    for p in perf["projects"]:
        if p["indicators"]:
            w = dsum(i["weight"] for i in p["indicators"])
            if w != points:
                findings.error("PERF-WEIGHT", wb[S.PROJECT_INDICATORS.name].where,
                               f"项目“{p['name']}”年度绩效指标分值之和为 {w}，应为 {points} 分")
        if p["goal_score"] > goal_points:
            rec = records.get(p["name"])
            cell = rec.cell("goal_score") if rec is not None else None
            text = (f"项目“{p['name']}”总目标得分 {p['goal_score']} 超过 {goal_points} 分" if goal_points else
                    f"项目“{p['name']}”填了总目标得分 {p['goal_score']}，但布局的自评表没有总目标一行（performance_form）")
            findings.error("PERF-SCORE", cell.where if cell is not None else wb[S.PROJECTS.name].where, text)


@rule("LAYOUT-FIG", "布局的表所加列（extra_columns）需要的数字已填写", KIND)
def layout_figures(prepared, findings):
    """A column the layout adds to a table prints a figure of the workbook; when that figure is not
    entered its cells stay blank (never an invented 0) and this warning says where to enter it.  A
    warning, not an error: the figure is an optional input and the rest of the document is right,
    but a published table with a blank where an amount belongs needs the clerk's attention (a
    department with no such spending enters 0)."""
    outline = prepared.outline
    figures = prepared.result.figures
    by_key = {f.key: f for f in S.TABLE_FIGURES}
    for sec in outline.tables:
        d = outline.definitions[sec.id]
        for col in d.extra_columns or []:
            for half, key in (("预算数", col.budget), ("决算数", col.actual)):
                if key is None or figures[key].value is not None:
                    continue
                spec = by_key[key]
                sheet = S.SCHEMA.sheet(spec.sheet)
                label = next(f.label for f in sheet.fields if f.key == spec.field)
                cell = figures[key].cell
                where = cell.where if cell is not None and cell.where.cell else Where(prepared.project.workbook.name, spec.sheet)
                todo = (f"请在工作表“{spec.sheet}”的“{label}”行填写" if prepared.workbook[spec.sheet].present else
                        f"工作簿中没有工作表“{spec.sheet}”，请从 reportgen init 生成的空白工作簿复制该表，"
                        f"在“{label}”行填写")
                findings.warn("LAYOUT-FIG", where,
                              f"《{sec.name}》的“{col.label}”列（{half}）没有数字，表中留空：{todo}（未发生的填 0）")


@rule("TEXT", "文字：职能不为空、年份", KIND)
def texts(prepared, findings):
    project = prepared.project
    if not project.texts.get("functions"):
        findings.error("TEXT-EMPTY", project.where("texts"), "texts.functions（部门主要职能）不能为空")
    lint_years(prepared, findings)
