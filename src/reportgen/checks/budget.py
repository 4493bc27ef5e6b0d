"""Rules of the 预算 kind (budget spec §2.11 identities R1–R13 / X1–X12, §3 N-rules, §5.3)."""
from __future__ import annotations

import re
from decimal import Decimal

from ..errors import Where
from ..kinds.budget import schema as S
from ..kinds.budget.compute import SOURCE_KEYS, layout_of, printed_keys
from ..money import ZERO, dsum, q2
from .common import amount, check_classified, check_codes, near
from .engine import rule
from .text import lint_years

KIND = "预算"

LEVEL2 = {
    "产出指标": {"数量指标", "质量指标", "时效指标", "成本指标"},
    "效益指标": {"经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"},
    "满意度指标": {"社会公众或服务对象满意度指标"},      # other spellings: formats.yaml indicator_spellings
}


def _wb_where(prepared, sheet) -> Where:
    return Where(prepared.project.workbook.name, sheet.name)


@rule("B-TABLES", "预算表：栏次公式、类=Σ款=Σ项、合计（R6–R13）", KIND)
def tables(prepared, findings):
    b = prepared.result
    wb = prepared.workbook
    for sheet, table in ((S.GPB, b.gpb), (S.BASIC, b.basic), (S.FUND, b.fund), (S.SOE, b.soe),
                         (S.INCOME, b.income), (S.EXPENSE, b.expense)):
        if sheet in (S.INCOME, S.EXPENSE) and not (b.income_entered if sheet is S.INCOME else b.expense_entered):
            continue
        check_classified(prepared, findings, sheet, wb[sheet.name], table, sheet.name)
        check_codes(prepared, findings, sheet, wb[sheet.name], sheet.classification)


@rule("B-X", "表间关系：一般公共预算支出表与基本支出表、收入与支出、三公与经济科目（X1–X9）", KIND)
def cross(prepared, findings):
    b = prepared.result
    g, e = b.gpb.total, b.basic.total
    where = _wb_where(prepared, S.BASIC)
    if b.gpb_split:
        for key, label in (("personnel", "人员经费"), ("public", "公用经费")):
            near(findings, prepared, "X6", where, g[key], e[key],
                 f"一般公共预算支出表{label}合计 {amount(g[key])} 与基本支出表{label}合计 {amount(e[key])} 不一致")
    else:
        # one root cause, one message: the split is missing, and what is left out because of it
        findings.warn("B-SPLIT", _wb_where(prepared, S.GPB),
                      "一般公共预算支出表只填了基本支出小计，未分人员经费、公用经费：说明中按人员经费、公用经费分列的"
                      "句子不写，表中这两栏留空。如需写出，请按项级科目填写人员经费、公用经费两栏")
        near(findings, prepared, "X6", where, g["basic"], e["total"],
             f"一般公共预算支出表基本支出合计 {amount(g['basic'])} 与基本支出表合计 {amount(e['total'])} 不一致")
    for code, cls in (("301", "personnel"), ("303", "personnel"), ("302", "public")):
        row = b.basic.get(code)
        other = "public" if cls == "personnel" else "personnel"
        if row and row[other] != 0:
            findings.error("R11", row.where or where,
                           f"基本支出表 {code} {row.name} 的{'公用经费' if other == 'public' else '人员经费'}应为 0，"
                           f"现为 {amount(row[other])}")
    if b.income_entered and b.expense_entered:
        inc = {r.code: r for r in b.income.rows if r.level == "item"}
        exp = {r.code: r for r in b.expense.rows if r.level == "item"}
        for code in sorted(set(inc) | set(exp)):
            a = inc[code]["total"] if code in inc else ZERO
            c = exp[code]["total"] if code in exp else ZERO
            if a != c:
                findings.error("X3", (inc.get(code) or exp.get(code)).where or _wb_where(prepared, S.INCOME),
                               f"{code}：收入总表合计 {amount(a)} 与支出总表合计 {amount(c)} 不一致")
    if b.income_entered:
        for key, table, label in (("gpb", b.gpb, "一般公共预算"), ("fund", b.fund, "政府性基金预算"),
                                  ("soe", b.soe, "国有资本经营预算")):
            near(findings, prepared, "X2", _wb_where(prepared, S.INCOME), b.income.total[key], table.total["total"],
                 f"收入总表{label}拨款收入 {amount(b.income.total[key])} 与{label}支出 {amount(table.total['total'])} 不一致")
    run = b.basic.get("30231")
    if run is not None and b.sangong["run"] < run["public"]:
        findings.warn("X9", _wb_where(prepared, S.SANGONG),
                      f"三公表公务用车运行维护费 {amount(b.sangong['run'])} 小于基本支出表 30231 {amount(run['public'])}")
    # 结转下年 of 收支总表 (R4) and Σ 结转下年 of 支出总表 (R8), when the format prints that column: one quantity
    # printed twice (公开表1 / 公开表3), so a difference is an error
    if "carry_next" in printed_keys(b.expense, layout_of(b.fmt, "expense", prepared.project), b.fmt):
        closing = prepared.workbook[S.CARRY.name].cell("closing")
        column = b.expense.total["carry_next"]
        if closing is not None and closing.value is not None and closing.value != column:
            refs = {sec.id: sec.label or sec.caption for sec in prepared.outline.tables}
            findings.error("R4", closing.where,
                           f"结转结余表年终结转结余 {amount(closing.value)}（{refs.get('summary', '收支总表')}的结转下年）"
                           f"与支出总表“结转下年”合计 {amount(column)}（{refs.get('expense', '支出总表')}）不一致："
                           "请在支出总表按科目填写结转下年，两处应相等")
    if b.summary["income_grand"] != b.summary["expense_grand"]:
        findings.error("R5", _wb_where(prepared, S.CARRY),
                       f"收支总表收入总计 {amount(b.summary['income_grand'])} 与支出总计 {amount(b.summary['expense_grand'])} "
                       "不相等：请核对收入总表、支出总表和结转结余")


@rule("B-PRIOR", "上年预算：一般公共预算等于分项之和（A：人员类 + 公用经费运转类 + 特定目标类；B：基本 + 项目）；"
                 "项目上年数等于各项目上年预算之和（N-4, E07）", KIND)
def prior(prepared, findings):
    b = prepared.result
    kv = prepared.workbook[S.PRIOR.name]
    labels = {f.key: f.label for f in S.PRIOR.fields}
    # the parts are the format's (formats.yaml prior_parts): its narrative compares each with the year
    keys = list(b.fmt.get("prior_parts") or [])
    parts = [kv.get(k) for k in keys]
    total = kv.get("gpb")
    if keys and total is not None and all(p is not None for p in parts):
        s = dsum(parts)
        if s != total:
            # the narrative prints the total and each part against this year: a reader adds them up (错误)
            findings.error("N4-PRIOR", kv.cell("gpb").where,
                           f"上年一般公共预算财政拨款支出 {amount(total)} 不等于{'、'.join(labels[k] for k in keys)}"
                           f"上年数之和 {amount(s)}")
    spec = b.fmt.get("prior_projects") or {}
    if spec.get("field") not in labels:
        return
    label = spec.get("label") or labels[spec["field"]]
    cats = b.fmt.get("project_categories") or {}
    field_prev = kv.get(spec["field"])
    mine = [p for p in b.projects if cats.get(p["category"], "project") == "project"]
    known = [p["prev1"] for p in mine if p["prev1"] is not None]
    if field_prev is not None and known:
        s = dsum(known)
        if s != field_prev:
            findings.warn("N4-PROJECTS", kv.cell(spec["field"]).where,
                          f"{label}上年预算 {amount(field_prev)} 与各项目上年预算之和 {amount(s)} 相差 "
                          f"{amount(abs(field_prev - s))}：请在“项目”表中列出上年有、本年已结束的项目（本年预算填 0）")


@rule("B-STAFF", "人员编制：各“其中”之和等于总数（N-1.3）", KIND)
def staff(prepared, findings):
    kv = prepared.workbook[S.STAFF.name]

    def val(k):
        return kv.get(k)

    checks = (("quota", ("quota_admin", "quota_inst"), "总编制人数"),
              ("actual", ("actual_admin", "actual_worker", "actual_inst"), "在职实有人数"),
              ("retired", ("retired_li", "retired_tui"), "离退休人员"))
    for total, parts, label in checks:
        if val(total) is None or all(val(p) is None for p in parts):
            continue
        s = sum(val(p) or 0 for p in parts)
        complete = all(val(p) is not None for p in parts)
        # a partly published “其中” may add up to less than the total, never to more
        if (s != val(total)) if complete else (s > val(total)):
            findings.error("N13-STAFF", kv.cell(total).where, f"{label} {val(total)} 人，其中各项之和为 {s} 人")
    if val("actual_civil") is not None and val("actual_inst") is not None and val("actual_civil") > val("actual_inst"):
        findings.error("N13-STAFF", kv.cell("actual_civil").where,
                       f"参照公务员法管理 {val('actual_civil')} 人，多于事业编制实有 {val('actual_inst')} 人")


@rule("B-PROJECTS", "项目：明细和资金来源之和等于当年预算，项目合计等于项目支出（X8）", KIND)
def projects(prepared, findings):
    b = prepared.result
    wb = prepared.workbook
    names = [p["name"] for p in b.projects]
    for p in b.projects:
        rec = p["record"]
        if names.count(p["name"]) > 1:
            findings.error("P-NAME", rec.where, f"项目名称“{p['name']}”重复")
        if p["lines"] and p["lines_total"] != p["amount"]:
            findings.error("P-LINES", rec.where, f"项目“{p['name']}”支出明细之和 {amount(p['lines_total'])} "
                                                 f"与当年预算 {amount(p['amount'])} 不一致")
        if any(v is not None for _n, v in p["sources"]) and p["sources_total"] != p["amount"]:
            findings.error("P-SOURCES", rec.where, f"项目“{p['name']}”资金来源之和 {amount(p['sources_total'])} "
                                                   f"与当年预算 {amount(p['amount'])} 不一致")
        if rec.get("prior") and p["prev1"] is not None:
            findings.error("P-PRIOR", rec.cell("prior").where,
                           f"项目“{p['name']}”已填上年预算 {amount(p['prev1'])}，“上年情况”应留空（填“{rec.get('prior')}”只用于上年预算留空时）")
        if p["prev1"] is None and p["prev2"] is not None and rec.get("prior") != "不详":
            said = "“上年情况”填了“新增”，但" if rec.get("prior") == "新增" else ""
            findings.info("P-GAP", rec.cell("prev1").where,
                          f"项目“{p['name']}”{said}填了{b.year - 2}年预算，{b.year - 1}年预算留空：文中只写{b.year - 2}年的预算，"
                          "不称“新增项目”。如上年有预算，请填写")
        for year, key, budget_key in ((b.year - 2, "prev2_exec", "prev2"), (b.year - 1, "prev1_exec", "prev1")):
            if p[key] is not None and p[budget_key] is None:
                findings.error("P-EXEC", rec.cell(key).where,
                               f"项目“{p['name']}”填了{year}年执行数 {amount(p[key])}，但{year}年预算留空：请填写该年预算，"
                               "或删去执行数")
        if not p["code"] and b.fmt.get("project_code_printed", True):
            findings.warn("P-CODE", rec.cell("code").where, f"项目“{p['name']}”没有项目编码（E11）")
        if p["total_budget"] < p["amount"]:
            findings.error("P-TOTAL", rec.where, f"项目“{p['name']}”总预算 {amount(p['total_budget'])} 小于当年预算")
        if p["func_code"] and not b.gpb.get(p["func_code"]):
            findings.error("P-FUNC", rec.cell("func_code").where,
                           f"项目“{p['name']}”的功能科目 {p['func_code']} 在一般公共预算支出表中没有金额")
    orders: dict = {}
    for p in b.projects:
        if p["table_order"] is not None and not p["tables"]:
            findings.warn("P-ORDER", p["record"].cell("table_order").where,
                          f"项目“{p['name']}”的“单独列表”为“否”（没有项目表），表序 {p['table_order']} 不起作用")
        elif p["table_order"] is not None:
            orders.setdefault(p["table_order"], []).append(p)
    for no, same in orders.items():
        if len(same) > 1:
            findings.error("P-ORDER", same[1]["record"].cell("table_order").where,
                           f"表序 {no} 重复：项目“{same[0]['name']}”和“{same[1]['name']}”；每个项目的表序应不同")
    _sources_of_the_format(prepared, findings)
    cats = b.fmt.get("project_categories") or {}
    for p in b.projects:
        if p["category"] not in cats:
            findings.warn("P-CATEGORY", p["record"].cell("category").where,
                          f"项目“{p['name']}”的支出项目类别“{p['category']}”不是格式 {b.fmt['name']} 的项目类别"
                          f"（可选：{'、'.join(cats)}）；按项目支出统计")
    column_words = {"personnel": "人员经费", "public": "公用经费", "project": "项目支出"}
    for key in dict.fromkeys(cats.values()):
        names_of = [c for c, k in cats.items() if k == key]
        mine = [p for p in b.projects if cats.get(p["category"], "project") == key]
        if key != "project" and not b.gpb_split:
            continue            # no 人员经费/公用经费 to compare with (B-SPLIT)
        if key == "project" or mine:
            total = dsum(p["amount"] for p in mine)
            near(findings, prepared, "X8", _wb_where(prepared, S.PROJECTS), total, b.gpb.total[key],
                 f"{'、'.join(names_of)}项目当年预算之和 {amount(total)} 与一般公共预算支出表"
                 f"{column_words[key]} {amount(b.gpb.total[key])} 不一致", len(mine))
    owners = set(names) | {"部门整体"}
    for rec in wb[S.PROCUREMENT.name].records:
        if rec.get("project") and rec.get("project") not in names:
            findings.error("P-PROC", rec.cell("project").where, f"政府采购中的项目“{rec.get('project')}”不在“项目”表中")
    for rec in wb[S.PROJECT_LINES.name].records:
        if rec.get("project") not in names:
            findings.error("P-LINES", rec.cell("project").where, f"项目支出明细中的项目“{rec.get('project')}”不在“项目”表中")
    goals = {r.get("no") for r in wb[S.OVERALL_GOALS.name].records}
    for rec in wb[S.INDICATORS.name].records:
        owner = rec.get("owner")
        if owner not in owners:
            findings.error("I-OWNER", rec.cell("owner").where, f"绩效指标的所属“{owner}”既不是“部门整体”也不是项目名称")
        if owner == "部门整体" and rec.get("goal") not in goals:
            findings.error("I-GOAL", rec.cell("goal").where, f"部门整体绩效指标的目标序号 {rec.get('goal')} 不在“整体绩效目标”表中")


def _sources_of_the_format(prepared, findings) -> None:
    """A project's 资金来源 entered only in the columns of the other format: the tables would print them blank."""
    b = prepared.result
    mine = [item["key"] for item in b.fmt.get("project_sources") or []]
    labels = {f.key: f.label for f in S.PROJECTS.columns}
    others = [k for k in SOURCE_KEYS if k not in mine]
    lost = [p for p in b.projects if all(p["src"].get(k) is None for k in mine)
            and any(p["src"].get(k) for k in others)]
    if lost:
        entered = [k for k in others if any(p["src"].get(k) for p in lost)]
        findings.warn("P-SOURCES-FORMAT", lost[0]["record"].where,
                      f"{len(lost)} 个项目的资金来源只填在“{'”“'.join(labels[k] for k in entered)}”列，格式 {b.fmt['name']} "
                      f"的项目表读“{'”“'.join(labels[k] for k in mine)}”列：这些项目的资金来源金额留空，请在这些列中填写")


@rule("B-INDICATORS", "绩效指标：一级/二级指标的归属、指标值（§5.3, E35–E38）", KIND)
def indicators(prepared, findings):
    spellings = prepared.result.fmt.get("indicator_spellings") or {}
    for rec in prepared.workbook[S.INDICATORS.name].records:
        l1, l2, name = rec.get("level1"), rec.get("level2"), rec.get("level3") or ""
        if l1 in LEVEL2 and spellings.get(l2, l2) not in LEVEL2[l1]:      # 服务对象满意度 …: indicator_spellings
            findings.warn("I-LEVEL2", rec.cell("level2").where,
                          f"二级指标“{l2}”不属于一级指标“{l1}”（可选：{'、'.join(sorted(LEVEL2[l1]))}）")
        if "满意度" in name and l1 != "满意度指标":
            findings.warn("I-SATISFACTION", rec.cell("level1").where, f"满意度指标“{name}”应归入一级指标“满意度指标”（E38）")
        for key in ("value", "prev1", "prev2"):
            text = rec.get(key) or ""
            m = re.search(r"(\d+(?:\.\d+)?)\s*%", text)
            if m and float(m.group(1)) > 100 and not any(w in name for w in ("增长", "增加", "提高")):
                findings.warn("I-VALUE", rec.cell(key).where, f"指标“{name}”的值“{text}”超过 100%，请核对单位（E35）")
            if re.fullmatch(r"0?\.\d+|1", text.strip()) and any(w in name for w in ("率", "度")):
                findings.warn("I-VALUE", rec.cell(key).where, f"指标“{name}”的值“{text}”像是比例，请写成百分数（E36）")


@rule("B-TEXT", "文字：年份、空缺", KIND)
def texts(prepared, findings):
    lint_years(prepared, findings)


@rule("B-ECON", "支出（部门预算经济分类）：基本支出表 + 项目支出经济分类 = 本年支出合计（X10）", KIND)
def economic(prepared, findings):
    b = prepared.result
    e = b.economic
    if not b.fmt.get("economic_rows"):
        return                      # the format has no economic block
    where = _wb_where(prepared, S.PROJECT_ECON)
    refs = "、".join(sec.label or sec.caption for sec in prepared.outline.tables if sec.id in ("summary", "fiscal"))
    if not e["project_known"]:
        findings.warn("X10-MISSING", where,
                      f"{refs}的“支出（部门预算经济分类）”栏没有项目支出按经济分类的金额（项目支出 "
                      f"{amount(b.expense.total['project'])} 万元），该栏金额留空：请增加工作表“{S.PROJECT_ECON.name}”，"
                      "按经济分类科目填写各项目支出")
        return
    for code in e["unlisted"]:
        findings.error("X10", where, f"工作表“{S.PROJECT_ECON.name}”中经济分类 {code} 有金额，但{refs}的经济分类栏"
                                     "没有该类：请核对科目编码，或在项目文件 profile.economic_rows 中加入")
    checks = (("amount", b.summary["expense_total"], "本年支出合计", "（全部资金）"),
              ("gpb", b.gpb.total["total"], "一般公共预算支出合计", "（一般公共预算）"),
              ("fund", b.fund.total["total"], "政府性基金预算支出合计", "（政府性基金预算）"))
    for key, expected, label, col in checks:
        got = e["totals"][key]
        if got is not None:
            near(findings, prepared, "X10", where, got, expected,
                 f"经济分类栏{col}合计 {amount(got)}（基本支出表 + 工作表“{S.PROJECT_ECON.name}”）与{label} "
                 f"{amount(expected)} 不一致：各项目按经济分类的金额之和应等于项目支出")


# ---- 项目主要支出方向和用途 (spec §5.1 B “Extra checks for B-style inputs”) ------------------------------
# The 用途 of a project is printed in the 部门整体绩效目标申报表 next to 项目本年度预算, often as an itemized
# breakdown “1、{item}{x}万元；2、…” with unit-price formulas “0.5万元/人/月×10人×12月=60万元”.  Only text that
# holds such amounts is checked: a free sentence without amounts gives no finding.

_NUM = r"\d+(?:\.\d+)?"
_MARK = r"(?:\d+[、．.](?!\d)|[（(]\d+[)）])"
_ITEM = re.compile(rf"(?:^|(?<=[；;。，,：:\s])){_MARK}")       # “1、” “2.” “（3）” opening an item
_AMOUNT = re.compile(rf"({_NUM})\s*(万元|元)")
_TIMES = re.compile(r"[×xX*＊]")
_FORMULA = re.compile(rf"([^；;，,。：:\n=＝]*?{_NUM}[^；;，,。：:\n=＝]*?)[=＝]\s*({_NUM})\s*(万元|元)")
_MONEY_UNIT = {"万元": Decimal(10000), "元": Decimal(1)}


def purpose_items(text: str) -> list[tuple[str, Decimal]] | None:
    """The numbered items of a breakdown that state an amount: (item text, amount in 万元).  An item runs from
    its number to the next item's.  Its amount is the result of its formula (“…=60万元”) or else its one
    amount; a unit price (“0.5万元/人”) is not an item's amount.  An item with two amounts and no result
    (“会议费20万元（含场地费2万元）”) cannot be read for sure: then the breakdown is not summed (None)."""
    starts = [m.start() for m in _ITEM.finditer(text)]
    out = []
    for i, start in enumerate(starts):
        seg = text[start:starts[i + 1] if i + 1 < len(starts) else len(text)]
        result = re.search(rf"[=＝]\s*({_NUM})\s*(万元|元)[^=＝]*$", seg)
        if result:
            value, unit = result.group(1), result.group(2)
        else:
            amounts = [m for m in _AMOUNT.finditer(seg) if not seg[m.end():m.end() + 1] in ("/", "／")]
            if not amounts:
                continue
            if len(amounts) > 1:
                return None
            value, unit = amounts[0].group(1), amounts[0].group(2)
        if len(value.split(".")[0]) > 12:
            return None                 # no amount has so many digits: not a breakdown to add up
        out.append((seg.strip(), Decimal(value) * _MONEY_UNIT[unit] / _MONEY_UNIT["万元"]))
    return out


def unit_price_formulas(text: str) -> list[tuple[str, list[Decimal], Decimal, Decimal]]:
    """Each product “a×b×…=r万元” of the text: (formula text, factors, their product in the result's unit, stated r).
    The factors are the last number before the first “×” (the price: “工资0.5万元/人/月”) and the first number of
    each term after one (“10人”, “12月”); a factor in 元 with a result in 万元 (or the reverse) is converted,
    whichever term carries it.  A chain with a sum, a division or a percentage in it is not a unit-price
    formula and is left alone, as is one whose numbers are too long to be amounts."""
    out = []
    for m in _FORMULA.finditer(text):
        terms = _TIMES.split(m.group(1))
        result, unit = Decimal(m.group(2)), m.group(3)
        if len(terms) < 2:
            continue
        price = list(re.finditer(_NUM, terms[0]))
        rest = [re.search(_NUM, t) for t in terms[1:]]
        if not price or not all(rest):
            continue
        start = price[-1].start()
        chain = m.group(1)[start:].strip()
        if re.search(r"[+＋÷%％]|[-－−](?=\s*\d)", chain) or max(len(x) for x in re.findall(r"\d+", chain + m.group(2))) > 12:
            continue
        factors = [Decimal(price[-1].group())] + [Decimal(r.group()) for r in rest]
        product = Decimal(1)
        for f in factors:
            product *= f
        units = [_AMOUNT.match(terms[0], start)] + [_AMOUNT.match(t, r.start()) for t, r in zip(terms[1:], rest)]
        for money in (u for u in units if u):       # each factor's own unit (元 or 万元) against the result's
            product = product * _MONEY_UNIT[money.group(2)] / _MONEY_UNIT[unit]
        out.append((f"{chain}={m.group(2)}{unit}", factors, q2(product), result))
    return out


@rule("B-PURPOSE", "项目主要支出方向和用途：分项金额之和等于项目本年度预算，单价公式的计算结果等于所写金额（§5.1）", KIND)
def purposes(prepared, findings):
    b = prepared.result
    for p in b.projects:
        rec = p["record"]
        text = rec.get("purpose") or ""
        if not text.strip():
            continue
        cell = rec.cell("purpose")
        where = cell.where if cell is not None else rec.where
        # both are printed side by side in the 部门整体绩效目标申报表 (项目本年度预算 | 项目主要支出方向和用途),
        # and a reader who adds up the items sees a mismatch; but the amounts are read out of free wording,
        # which no parser reads for certain, so a mismatch is a warning to look at, never a refusal to build
        for formula, factors, product, stated in unit_price_formulas(text):
            if product != q2(stated):
                findings.warn("P-FORMULA", where,
                               f"项目“{p['name']}”的用途中“{formula}”：{'×'.join(_plain(f) for f in factors)} = "
                               f"{amount(product)}，与所写 {amount(stated)} 不一致（差 {amount(abs(product - stated))}）")
        items = purpose_items(text)
        if items:
            total = q2(dsum(a for _t, a in items))
            if total != p["amount"]:
                findings.warn("P-PURPOSE", where,
                               f"项目“{p['name']}”的用途中 {len(items)} 项分项金额之和 {amount(total)} 万元与项目本年度预算 "
                               f"{amount(p['amount'])} 万元不一致（差 {amount(abs(total - p['amount']))}）")


def _plain(d: Decimal) -> str:
    """0.5, 10, 12 as typed (no trailing zeros)."""
    t = format(d.normalize(), "f")
    return t


@rule("B-OVERALL-FUNDS", "部门整体绩效目标申报表：部门总体资金情况的每一格都有数字（§5.1 B）", KIND)
def overall_funds(prepared, findings):
    b = prepared.result
    if not b.fmt.get("overall_funds_complete"):
        return
    perf = b.s["performance"]
    kv = prepared.workbook[S.PRIOR.name]
    labels = {f.key: f.label for f in S.PRIOR.fields}
    column = perf["prev_labels"][0]
    for block, word in (("income", "收入构成"), ("spend", "支出构成")):
        for r in perf[block]:
            key = r.get("prev1_field")
            if r["prev1"] is None and key:
                cell = kv.cell(key)
                # a blank cell, not a mismatch: a warning, as X10-MISSING for the economic block's blank cells
                findings.warn("OVERALL-FUNDS", cell.where if cell is not None else kv.where,
                              f"部门整体绩效目标申报表“部门总体资金情况”{word}“{r['label']}”的“{column}”没有数字，"
                              f"该格留空：请在“{S.PRIOR.name}”表填写“{labels[key]}”")
    # the printed 收入构成 column adds up: its rows and 合计 stand one above the other in the same column
    *parts, total = perf["income"]
    if total["prev1"] is not None and all(r["prev1"] is not None for r in parts):
        got = dsum(r["prev1"] for r in parts)
        if q2(got) != q2(total["prev1"]):
            cell = kv.cell(total.get("prev1_field") or "")
            terms = " + ".join(f"{r['label']} {amount(r['prev1'])}" for r in parts)
            findings.error("OVERALL-FUNDS-SUM", cell.where if cell is not None else kv.where,
                           f"部门整体绩效目标申报表“部门总体资金情况”收入构成的“{column}”：{terms} = {amount(got)}，"
                           f"合计为 {amount(total['prev1'])}（差 {amount(abs(got - total['prev1']))}）")
