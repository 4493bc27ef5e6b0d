"""Acceptance: nothing the narrative prints is typed into a template or the data.

A copy of the 江汉区 example gets ONE 项 amount changed — 2010301 行政运行 基本支出 705.74 → 710.00
(+4.26) — consistently in 表2 (本年收入合计, 财政拨款收入), 表3 (本年支出合计, 基本支出) and 表5 (小计,
基本支出), with 表6 30101 基本工资 149.16 → 153.42 so that 表5 基本支出 = 表6 人员 + 公用 still holds.
Every pasted total the program can compute itself is removed (表2/3/5 类/款/合计 rows, 表1/表4
totals, 表6 类 rows and footers), so the build has to recompute them.  Then every dependent figure
must follow; the expected values are hand-computed below (Decimal, ROUND_HALF_UP).

    new 合计        = 4,199.36 − 705.74 + 710.00 = 4,203.62
    new 201         = 976.10 + 4.26 = 980.36
    new 基本支出     = 1,054.43 + 4.26 = 1,058.69      (项目支出 unchanged 3,144.93)
    new 人员经费     = 964.61 + 4.26 = 968.87          (公用经费 unchanged 89.82)
"""
from __future__ import annotations

import re
import warnings
from decimal import ROUND_HALF_UP, Decimal

import openpyxl
import pytest
from docx import Document

from conftest import copy_example

D = Decimal

OLD, NEW = D("705.74"), D("710.00")
DELTA = NEW - OLD                                   # 4.26


def _pct(a, b) -> Decimal:
    return (D(a) * 100 / D(b)).quantize(D("0.01"), rounding=ROUND_HALF_UP)


def _q(x: Decimal) -> Decimal:
    return x.quantize(D("0.01"), rounding=ROUND_HALF_UP)


# hand arithmetic -------------------------------------------------------------------------------
TOTAL = D("4203.62")           # 4,199.36 + 4.26
C201 = D("980.36")             # 976.10 + 4.26
BASIC = D("1058.69")           # 1,054.43 + 4.26
PROJECT = D("3144.93")
PERSONNEL = D("968.87")        # 872.94 + 4.26 + 91.67
PRIOR = D("1813.95")
CHANGE = D("2389.67")          # 4,203.62 − 1,813.95
GROWTH = D("131.74")           # 2,389.67 / 1,813.95 = 131.7385% → 131.74%
SH_BASIC = D("25.19")          # 1,058.69 / 4,203.62 = 25.1852% → 25.19%
SH_PROJECT = D("74.81")        # 3,144.93 / 4,203.62 = 74.8148% → 74.81%
COMPLETION = D("107.02")       # 4,203.62 / 3,927.98 = 107.0173% → 107.02%
C201_COMPLETION = D("110.97")  # 980.36 / 883.46 = 110.9682% → 110.97%
CLASS_SHARES = {               # each class of 表5 / 4,203.62
    "201": ("980.36", D("23.32")),    # 23.3218%
    "208": ("121.11", D("2.88")),     # 2.8811%
    "210": ("72.69", D("1.73")),      # 1.7292%
    "213": ("2907.92", D("69.18")),   # 69.1766%
    "221": ("121.54", D("2.89")),     # 2.8913%
}
RATE = D("99.94")              # 整体 执行率 4,203.62 / 4,206.19 = 99.9389% → 99.94%
EXEC_SCORE = D("19.99")        # 20 × 4,203.62 / 4,206.19 = 19.98778 → 19.99
SCORE = D("99.99")             # 19.99 + 80


def test_hand_arithmetic_is_consistent():
    assert D("4199.36") + DELTA == TOTAL
    assert D("976.10") + DELTA == C201
    assert D("1054.43") + DELTA == BASIC
    assert BASIC + PROJECT == TOTAL
    assert D("872.94") + DELTA + D("91.67") == PERSONNEL
    assert PERSONNEL + D("89.82") == BASIC
    assert TOTAL - PRIOR == CHANGE
    assert _pct(CHANGE, PRIOR) == GROWTH
    assert _pct(BASIC, TOTAL) == SH_BASIC and _pct(PROJECT, TOTAL) == SH_PROJECT
    assert _pct(TOTAL, "3927.98") == COMPLETION
    assert _pct(C201, "883.46") == C201_COMPLETION
    for amount, share in CLASS_SHARES.values():
        assert _pct(amount, TOTAL) == share
    assert sum(D(a) for a, _s in CLASS_SHARES.values()) == TOTAL
    assert _pct(TOTAL, "4206.19") == RATE
    assert _q(D(20) * TOTAL / D("4206.19")) == EXEC_SCORE
    assert EXEC_SCORE + 80 == SCORE


# --- the changed copy ----------------------------------------------------------------------------

FUNC_SHEETS = ("表2 收入决算表", "表3 支出决算表", "表5 一般公共预算财政拨款支出决算表")


def _change_workbook(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl: comments on merged header cells
        wb = openpyxl.load_workbook(path)
    changed = 0
    for name in FUNC_SHEETS:
        ws = wb[name]
        for r in range(1, ws.max_row + 1):
            code, label = ws.cell(r, 1).value, ws.cell(r, 2).value
            code = str(code) if code is not None else ""
            if code == "2010301":
                # 表2: C 本年收入合计, D 财政拨款收入; 表3: C 本年支出合计, D 基本支出; 表5: C 小计, D 基本支出
                assert D(str(ws.cell(r, 3).value)) == OLD and D(str(ws.cell(r, 4).value)) == OLD
                ws.cell(r, 3).value = float(NEW)
                ws.cell(r, 4).value = float(NEW)
                changed += 1
            elif len(code) in (3, 5) or label == "合计":
                # a pasted 类/款/合计 row: remove it, the program sums the 项 rows itself
                for c in range(1, ws.max_column + 1):
                    cell = ws.cell(r, c)
                    if not isinstance(cell, openpyxl.cell.cell.MergedCell):
                        cell.value = None
    assert changed == 3
    # 表1 / 表4: keep only the rows the user has to fill, drop every pasted total
    ws = wb["表1 收入支出决算总表"]
    for r in range(6, ws.max_row + 1):
        if ws.cell(r, 2).value not in (28, 29):
            ws.cell(r, 3).value = None
        if ws.cell(r, 5).value != 59:
            ws.cell(r, 6).value = None
    ws = wb["表4 财政拨款收入支出决算总表"]
    for r in range(6, ws.max_row + 1):
        if ws.cell(r, 2).value not in (3, 29, 31):
            ws.cell(r, 3).value = None
        for c in range(6, 10):
            ws.cell(r, c).value = None
    # 表6: 30101 基本工资 149.16 → 153.42 (+4.26); 301 class row and the two footers removed (recomputed)
    ws = wb["表6 一般公共预算财政拨款基本支出决算明细表"]
    assert ws["A6"].value == "30101" and D(str(ws["C6"].value)) == D("149.16")
    ws["C6"].value = 153.42
    assert ws["A5"].value == "301" and ws["B33"].value == "人员经费合计" and ws["E33"].value == "公用经费合计"
    ws["C5"].value = None
    ws["C33"].value = None
    ws["F33"].value = None
    wb.save(path)


@pytest.fixture(scope="module")
def changed(tmp_path_factory):
    from reportgen.build import build

    folder = tmp_path_factory.mktemp("follow")
    project = copy_example(folder)
    _change_workbook(folder / "jianghan-2022.xlsx")
    prepared, written = build(project, formats=("docx", "xlsx"))   # no force: the edit keeps every check clean
    doc = Document(str(written["docx"]))
    paras = [p.text for p in doc.paragraphs]
    cells = [c.text.strip() for t in doc.tables for row in t.rows for c in row.cells]
    return prepared, paras, cells


@pytest.fixture(scope="module")
def paras(changed):
    return changed[1]


@pytest.fixture(scope="module")
def s(changed):
    return changed[0].result.s


def _para(paras, anchor):
    hits = [p for p in paras if anchor in p]
    assert hits, f"no paragraph contains {anchor!r}"
    return hits[0]


def assert_clause(paras, anchor, expected):
    """Some paragraph contains ``expected``; on failure show the paragraphs containing ``anchor``."""
    if any(expected in p for p in paras):
        return
    near = [p for p in paras if anchor in p]
    pytest.fail(f"\nexpected clause: {expected}\ngot paragraph(s): " + "\n                  ".join(near or ["(none)"]))


# --- the build ------------------------------------------------------------------------------------


def test_build_has_no_errors(changed):
    assert changed[0].findings.errors == []


def test_tables_recomputed(changed):
    fa = changed[0].result
    assert fa.t5.get("2010301")["basic"] == NEW
    assert fa.t5.total["total"] == TOTAL and fa.t5.total["basic"] == BASIC and fa.t5.total["project"] == PROJECT
    assert fa.t5.get("201")["total"] == C201 and fa.t5.get("20103")["total"] == C201
    assert fa.t3.total["total"] == TOTAL and fa.t2.total["total"] == TOTAL
    assert fa.t1.value(27) == fa.t1.value(31) == fa.t1.value(58) == fa.t1.value(62) == TOTAL
    assert fa.t1.value(32) == C201                     # 表1 行32 一般公共服务支出
    assert fa.t4.value(32) == fa.t4.value(64, "subtotal") == TOTAL
    assert fa.t6.personnel == PERSONNEL and fa.t6.total == BASIC


def test_tables_in_docx_follow(changed):
    cells = changed[2]
    for new in ("4,203.62", "980.36", "710.00", "1,058.69", "743.35", "968.87", "877.20", "153.42"):
        # 743.35 = 201 基本 739.09 + 4.26; 877.20 = 表6 301 872.94 + 4.26
        assert new in cells, new


# --- 第三部分 sentences ---------------------------------------------------------------------------


def test_s1_total_follows(paras):
    assert_clause(paras, "收、支总计均为",
                  "2022年度收、支总计均为4,203.62万元。与2021年度相比，收、支总计各增加2,389.67万元，增长131.74%，")


def test_s2_income_follows(paras):
    assert_clause(paras, "年度收入合计", "2022年度收入合计4,203.62万元。其中：财政拨款收入4,203.62万元，占本年收入100.00%。")


def test_s3_expense_structure_follows(paras):
    assert_clause(paras, "年度支出合计", "2022年度支出合计4,203.62万元。其中：基本支出1,058.69万元，占本年支出25.19%；"
                                   "项目支出3,144.93万元，占本年支出74.81%。")


def test_s4_fiscal_follows(paras):
    assert_clause(paras, "财政拨款收、支总计",
                  "2022年度财政拨款收、支总计均为4,203.62万元，比2021年增加2,389.67万元，增长131.74%。")
    assert_clause(paras, "财政拨款收入中", "一般公共预算财政拨款收入4,203.62万元，比2021年度决算数增加2,389.67万元，增长131.74%。")


def test_s5_1_follows(paras):
    assert_clause(paras, "占本年支出合计的", "2022年度一般公共预算财政拨款支出4,203.62万元，占本年支出合计的100.00%。"
                                      "与2021年度相比，一般公共预算财政拨款支出增加2,389.67万元，增长131.74%。")


@pytest.mark.parametrize("code", list(CLASS_SHARES))
def test_s5_2_class_shares_follow(paras, code):
    names = {"201": "一般公共服务", "208": "社会保障和就业", "210": "卫生健康", "213": "农林水", "221": "住房保障"}
    amount, share = CLASS_SHARES[code]
    shown = f"{D(amount):,.2f}"
    assert_clause(paras, "主要用于以下方面", f"{names[code]}（类）支出{shown}万元，占{share}%，主要用于")


def test_s5_2_item_follows(paras):
    p = _para(paras, "主要用于以下方面")
    assert p.startswith("2022年度一般公共预算财政拨款支出4,203.62万元，主要用于以下方面：")
    assert "主要用于行政运行710.00万元，一般行政管理事务134.23万元" in p


def test_s5_3_completion_follows(paras):
    assert_clause(paras, "年初预算为3,927.98万元",
                  "2022年度一般公共预算财政拨款支出年初预算为3,927.98万元，支出决算为4,203.62万元，完成年初预算的107.02%。"
                  "其中：基本支出1,058.69万元，项目支出3,144.93万元。")
    assert_clause(paras, "1. 一般公共服务（类）支出中",
                  "1. 一般公共服务（类）支出中行政运行710.00万元，一般行政管理事务134.23万元，其他政府办公厅（室）及相关机构事务支出"
                  "136.13万元。年初预算为883.46万元，支出决算为980.36万元，完成年初预算的110.97%，")


def test_s6_basic_follows(paras):
    assert_clause(paras, "基本支出1,058.69万元，其中", "2022年度一般公共预算财政拨款基本支出1,058.69万元，其中：")
    assert_clause(paras, "人员经费", "人员经费968.87万元，主要包括：")
    assert_clause(paras, "公用经费89.82万元", "公用经费89.82万元，主要包括：")


def test_s13_overall_self_evaluation_follows(paras):
    assert_clause(paras, "整体支出绩效自评", "资金4,203.62万元，预算执行率99.94%，得分99.99分，")
    assert_clause(paras, "共涉及项目", "部门整体绩效自评得分99.99分，其中预算执行情况得分19.99分，")
    assert _para(paras, "单位名称（盖章）：").endswith("自评得分：99.99")


def test_unchanged_figures_stay(paras):
    """Figures that do not depend on 2010301 keep their values (the edit is local)."""
    assert_clause(paras, "机关运行经费支出", "机关运行经费支出89.82万元，比2021年度增加27.99万元，增长45.27%。")
    assert_clause(paras, "“三公”经费财政拨款支出预算", "完成预算的55.28%；较上年增加0.66万元，增长12.20%。")
    assert_clause(paras, "5. 住房保障（类）支出中", "完成年初预算的99.31%")
    assert_clause(paras, "共涉及项目", "资金3,144.94万元")  # Σ project 执行数, not touched


# --- charts -----------------------------------------------------------------------------------------


def test_chart_values_follow(s):
    assert s["charts"]["total"] == {"prev": PRIOR, "income": TOTAL, "expense": TOTAL}
    assert s["charts"]["fiscal"] == {"prev": PRIOR, "income": TOTAL, "expense": TOTAL}
    assert [(p.name, p.amount, p.share) for p in s["income"]["parts"]] == [("财政拨款收入", TOTAL, D("100.00"))]
    assert [(p.name, p.amount, p.share) for p in s["expense"]["parts"]] == [
        ("基本支出", BASIC, SH_BASIC), ("项目支出", PROJECT, SH_PROJECT)]


def test_narrative_figures_follow(s):
    assert s["total"]["change"].delta == CHANGE and s["total"]["change"].rate == GROWTH
    assert s["fiscal"]["change"].delta == CHANGE and s["fiscal"]["change"].rate == GROWTH
    assert s["gpb"]["completion"].rate == COMPLETION
    d201 = next(d for d in s["gpb"]["detail"] if d["code"] == "201")
    assert d201["actual"] == C201 and d201["completion"].rate == C201_COMPLETION
    assert {c.code: c.share for c in s["gpb"]["classes"]} == {k: v[1] for k, v in CLASS_SHARES.items()}
    o = s["performance"]["overall"]
    assert (o["actual"], o["rate"], o["exec_score"], o["score"]) == (TOTAL, RATE, EXEC_SCORE, SCORE)


# --- the old values are gone ------------------------------------------------------------------------

GONE = [
    "4,199.36",   # 合计 / 收支总计 / 财政拨款收支总计 / 整体 执行数
    "2,385.41",   # change vs 1,813.95
    "131.50%",    # growth
    "1,054.43",   # 基本支出
    "25.11%", "74.89%",
    "106.91%",    # completion
    "976.10",     # 201
    "23.24%", "69.25%",   # 201 and 213 shares
    "110.49%",    # 201 completion
    "705.74",     # the changed leaf
    "739.09",     # 201 基本支出
    "964.61",     # 人员经费
    "872.94",     # 表6 301
    "99.84%", "19.97", "99.97",   # 整体 执行率, 预算执行得分, total score
]


@pytest.mark.parametrize("old", GONE)
def test_old_value_gone(changed, old):
    _prepared, paras, cells = changed
    where = [t for t in paras + cells if old in t]
    assert not where, f"{old} still printed in: {where[:3]}"
