"""Acceptance: every computed figure of 第三部分 of the 江汉区 2022 example, checked against hand arithmetic.

Expected values are typed here from arithmetic on the reference tables
(/work/shared/reference/jianghan-2022-final-accounts.txt, 表1–表9, and the example workbook's
上年决算数 / 年初预算数 / 三公 / 采购 / 资产 / 绩效 sheets), Decimal ROUND_HALF_UP to 2 places:

    pct(a, b) = round_half_up(a / b × 100, 2)

The comment next to each expectation shows the arithmetic; ``_pct`` below re-does it so that a
typo in an expected constant is caught too.  Nothing is copied from the generator's output.

E-numbers refer to /work/shared/docs/final-accounts.md §6.1 (errors of the published document
that the generator must make impossible).
"""
from __future__ import annotations

import re
from pathlib import Path
from decimal import ROUND_HALF_UP, Decimal

import openpyxl
import pytest
import yaml
from docx import Document


D = Decimal
DATA = Path(__file__).resolve().parents[1] / "data"


def _pct(a: str, b: str) -> Decimal:
    return (D(a) * 100 / D(b)).quantize(D("0.01"), rounding=ROUND_HALF_UP)


def _q(x: Decimal) -> Decimal:
    return x.quantize(D("0.01"), rounding=ROUND_HALF_UP)


# --- document access ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def styled(jianghan_docx):
    """(style name, text) of every body paragraph, in order."""
    doc = Document(str(jianghan_docx))
    return [(p.style.name, p.text) for p in doc.paragraphs]


@pytest.fixture(scope="module")
def table_cells(jianghan_docx):
    doc = Document(str(jianghan_docx))
    return [c.text.strip() for t in doc.tables for row in t.rows for c in row.cells]


def _is_heading(style: str) -> bool:
    return style.startswith("Heading")


def _part_bounds(styled, prefix: str) -> tuple[int, int]:
    """Index range of a Part (第X部分) in the body (the Heading 1 paragraph, not the 目录 entry)."""
    start = next(i for i, (s, t) in enumerate(styled) if s == "Heading 1" and t.startswith(prefix))
    end = next((i for i in range(start + 1, len(styled)) if styled[i][0] == "Heading 1"), len(styled))
    return start, end


@pytest.fixture(scope="module")
def part3_styled(styled):
    a, b = _part_bounds(styled, "第三部分")
    return styled[a:b]


@pytest.fixture(scope="module")
def part3(part3_styled):
    """Non-empty paragraphs of 第三部分 (headings included)."""
    return [t for _s, t in part3_styled if t.strip()]


@pytest.fixture(scope="module")
def sections(part3_styled):
    """Heading text → the non-heading paragraphs that follow it (up to the next heading)."""
    out: dict[str, list[str]] = {}
    current = None
    for style, text in part3_styled:
        if _is_heading(style):
            current = text
            out[current] = []
        elif current is not None and text.strip():
            out[current].append(text)
    return out


def _sec(sections, heading: str) -> list[str]:
    hits = [k for k in sections if k == heading]
    assert hits, f"heading {heading!r} not found; headings are: {list(sections)}"
    return sections[hits[0]]


def _para(paras: list[str], anchor: str) -> str:
    hits = [p for p in paras if anchor in p]
    assert hits, f"no paragraph contains {anchor!r}; paragraphs:\n" + "\n".join(paras)
    return hits[0]


def assert_clause(paras: list[str], anchor: str, expected: str) -> None:
    """Some paragraph contains ``expected`` verbatim; on failure show the paragraphs containing ``anchor``."""
    if any(expected in p for p in paras):
        return
    near = [p for p in paras if anchor in p] or paras
    pytest.fail(f"\nexpected clause: {expected}\ngot paragraph(s): " + "\n                  ".join(near))


def assert_paragraph(paras: list[str], expected: str) -> None:
    """Some paragraph equals ``expected`` exactly; on failure show those sharing its first 8 characters."""
    if expected in paras:
        return
    near = [p for p in paras if p[:8] == expected[:8]] or paras
    pytest.fail(f"\nexpected paragraph: {expected}\ngot paragraph(s):   " + "\n                    ".join(near))


# --- 一、收入支出决算总体情况说明 -----------------------------------------------------------------


def test_s1_total_and_change(sections):
    paras = _sec(sections, "一、收入支出决算总体情况说明")
    # T1.r31 = T1.r62 = 4,199.36; prior 收支总计 (上年决算数) 1,813.95
    # Δ = 4,199.36 − 1,813.95 = 2,385.41; growth = 2,385.41 / 1,813.95 = 131.5036…% → 131.50% (E9: 2 decimals)
    assert D("4199.36") - D("1813.95") == D("2385.41")
    assert _pct("2385.41", "1813.95") == D("131.50")
    assert_clause(paras, "收、支总计", "2022年度收、支总计均为4,199.36万元。")
    assert_clause(paras, "收、支总计", "与2021年度相比，收、支总计各增加2,385.41万元，增长131.50%，主要原因是")


def test_E9_growth_has_two_decimals(sections):
    p = _para(_sec(sections, "一、收入支出决算总体情况说明"), "增长")
    assert "增长131.50%" in p and "131.5%" not in p


# --- 二、收入决算情况说明 ------------------------------------------------------------------------


def test_s2_income(sections):
    # 收入合计 T1.r27 = 4,199.36; 财政拨款收入 T1.r1+r2+r3 = 4,199.36 + 0 + 0; share 4,199.36/4,199.36 = 100.00%
    assert _pct("4199.36", "4199.36") == D("100.00")
    assert_paragraph(_sec(sections, "二、收入决算情况说明"),
                     "2022年度收入合计4,199.36万元。其中：财政拨款收入4,199.36万元，占本年收入100.00%。")


# --- 三、支出决算情况说明 ------------------------------------------------------------------------


def test_s3_expense_structure(sections):
    # 支出合计 T1.r58 = 4,199.36; 基本 T3.合计.c2 = 1,054.43 → 1,054.43/4,199.36 = 25.1093% → 25.11%
    # 项目 T3.合计.c3 = 3,144.93 → 3,144.93/4,199.36 = 74.8907% → 74.89%; 1,054.43 + 3,144.93 = 4,199.36
    assert D("1054.43") + D("3144.93") == D("4199.36")
    assert _pct("1054.43", "4199.36") == D("25.11")
    assert _pct("3144.93", "4199.36") == D("74.89")
    assert_paragraph(_sec(sections, "三、支出决算情况说明"),
                     "2022年度支出合计4,199.36万元。其中：基本支出1,054.43万元，占本年支出25.11%；"
                     "项目支出3,144.93万元，占本年支出74.89%。")


# --- 四、财政拨款收入支出决算总体情况说明 --------------------------------------------------------


def test_E14_fiscal_total_printed_in_full(sections):
    paras = _sec(sections, "四、财政拨款收入支出决算总体情况说明")
    # T4.r32 = T4.r64 = 4,199.36 (published: "4,199.3", truncated)
    # prior 财政拨款收支总计 1,813.95 → Δ 2,385.41, 2,385.41/1,813.95 = 131.50%
    assert_clause(paras, "财政拨款收、支总计",
                  "2022年度财政拨款收、支总计均为4,199.36万元，比2021年增加2,385.41万元，增长131.50%。主要原因是")
    assert "4,199.3万元" not in " ".join(paras)


def test_s4_gpb_income(sections):
    # T4.r1 = 4,199.36; prior 一般公共预算财政拨款收入 1,813.95 → Δ 2,385.41, 131.50%
    assert_clause(_sec(sections, "四、财政拨款收入支出决算总体情况说明"), "财政拨款收入中",
                  "2022年度财政拨款收入中，一般公共预算财政拨款收入4,199.36万元，比2021年度决算数增加2,385.41万元，"
                  "增长131.50%。增加主要原因是")


def test_E15_total_change_equals_fiscal_change(sections, jianghan):
    # Both prior totals are 1,813.95 in the example (上年决算数: 收支总计 = 财政拨款收支总计 = 1,813.95), so
    # both changes are 4,199.36 − 1,813.95 = 2,385.41 (published: 2,385.42 vs 2,385.41 — impossible).
    s1 = _para(_sec(sections, "一、收入支出决算总体情况说明"), "各增加")
    s4 = _para(_sec(sections, "四、财政拨款收入支出决算总体情况说明"), "财政拨款收、支总计")
    s51 = _para(_sec(sections, "（一）一般公共预算财政拨款支出决算总体情况"), "增加")
    for p in (s1, s4, s51):
        assert "增加2,385.41万元" in p, p
        assert "2,385.42" not in p
    s = jianghan.s
    assert s["total"]["change"].prev == D("1813.95")
    assert s["fiscal"]["change"].prev == D("1813.95")
    assert s["total"]["change"].delta == s["fiscal"]["change"].delta == D("2385.41")
    # 财政拨款 is a subset of all income: its prior total can never exceed the prior 收支总计
    assert s["fiscal"]["change"].prev <= s["total"]["change"].prev


# --- 五、一般公共预算财政拨款支出决算情况说明 ----------------------------------------------------


def test_s5_1_overall(sections):
    # T5.合计.c1 = 4,199.36; share of T1.r58: 4,199.36/4,199.36 = 100.00%; prior 1,813.95 → +2,385.41, 131.50%
    assert_clause(_sec(sections, "（一）一般公共预算财政拨款支出决算总体情况"), "一般公共预算财政拨款支出",
                  "2022年度一般公共预算财政拨款支出4,199.36万元，占本年支出合计的100.00%。与2021年度相比，"
                  "一般公共预算财政拨款支出增加2,385.41万元，增长131.50%。主要原因是")


# 五(二): class amounts from 表5, each share = pct(class, 4,199.36), rounded on its own
S5_2_CLAUSES = [
    # 201: 705.74 + 134.23 + 136.13 = 976.10; 976.10/4,199.36 = 23.2440% → 23.24%
    ("201", "976.10", "23.24", "一般公共服务（类）支出976.10万元，占23.24%，主要用于行政运行705.74万元，"
     "一般行政管理事务134.23万元，其他政府办公厅（室）及相关机构事务支出136.13万元"),
    # 208: 69.87 + 46.35 + 4.89 = 121.11; 121.11/4,199.36 = 2.8840% → 2.88% (E6: published 2.89)
    ("208", "121.11", "2.88", "社会保障和就业（类）支出121.11万元，占2.88%，主要用于行政单位离退休69.87万元，"
     "机关事业单位基本养老保险缴费支出46.35万元，其他行政事业单位养老支出4.89万元"),
    # 210: 28.18 + 44.51 = 72.69; 72.69/4,199.36 = 1.7310% → 1.73%
    ("210", "72.69", "1.73", "卫生健康（类）支出72.69万元，占1.73%，主要用于行政单位医疗28.18万元，公务员医疗补助44.51万元"),
    # 213: 2,907.92; 2,907.92/4,199.36 = 69.2467% → 69.25%
    ("213", "2907.92", "69.25", "农林水（类）支出2,907.92万元，占69.25%，主要用于其他巩固脱贫衔接乡村振兴支出2,907.92万元"),
    # 221: 83.09 + 16.47 + 21.98 = 121.54; 121.54/4,199.36 = 2.8943% → 2.89%
    ("221", "121.54", "2.89", "住房保障（类）支出121.54万元，占2.89%，主要用于住房公积金83.09万元，提租补贴16.47万元，"
     "购房补贴21.98万元"),
]


@pytest.mark.parametrize("code,amount,share,clause", S5_2_CLAUSES, ids=[c[0] for c in S5_2_CLAUSES])
def test_s5_2_class_clause(sections, code, amount, share, clause):
    assert _pct(amount, "4199.36") == D(share)
    assert_clause(_sec(sections, "（二）一般公共预算财政拨款支出决算结构情况"), "主要用于以下方面", clause)


def test_s5_2_lists_every_class_in_code_order(sections):
    p = _para(_sec(sections, "（二）一般公共预算财政拨款支出决算结构情况"), "主要用于以下方面")
    assert p.startswith("2022年度一般公共预算财政拨款支出4,199.36万元，主要用于以下方面：")
    names = ["一般公共服务（类）", "社会保障和就业（类）", "卫生健康（类）", "农林水（类）", "住房保障（类）"]
    positions = [p.find(n) for n in names]
    assert all(x >= 0 for x in positions) and positions == sorted(positions), positions
    assert p.endswith("。")


def test_E6_shares_rounded_independently(sections):
    p = _para(_sec(sections, "（二）一般公共预算财政拨款支出决算结构情况"), "主要用于以下方面")
    assert "占2.88%" in p  # 121.11/4,199.36 = 2.884% → 2.88, not forced to 2.89
    shares = [D(x) for x in re.findall(r"占([0-9.]+)%", p)]
    # 23.24 + 2.88 + 1.73 + 69.25 + 2.89 = 99.99: independently rounded shares need not add to 100.00
    assert shares == [D("23.24"), D("2.88"), D("1.73"), D("69.25"), D("2.89")]
    assert sum(shares) == D("99.99")


def test_E21_item_names_and_amounts_from_table(sections):
    p = _para(_sec(sections, "（二）一般公共预算财政拨款支出决算结构情况"), "主要用于以下方面")
    assert "其他行政事业单位养老支出4.89万元" in p and "4.9万元" not in p
    assert "机关事业单位基本养老保险缴费支出" in p and "机关事业单位养老保险缴费支出" not in p


def test_E1_s5_3_completion(sections):
    # 年初预算 = 883.46 + 120.24 + 73.09 + 2,728.80 + 122.39 = 3,927.98
    # 4,199.36 / 3,927.98 = 106.9089% → 106.91% (published: 100%)
    assert D("883.46") + D("120.24") + D("73.09") + D("2728.80") + D("122.39") == D("3927.98")
    assert _pct("4199.36", "3927.98") == D("106.91")
    assert_paragraph(_sec(sections, "（三）一般公共预算财政拨款支出决算具体情况"),
                     "2022年度一般公共预算财政拨款支出年初预算为3,927.98万元，支出决算为4,199.36万元，"
                     "完成年初预算的106.91%。其中：基本支出1,054.43万元，项目支出3,144.93万元。按支出功能分类，具体情况如下：")


S5_3_PROJECTS = [
    # (number, name, amount) — 执行数 of the 项目支出 sheet, in 万元 with 2 decimals
    ("1. ", "调查研究工作经费", "13.00"),
    ("2. ", "区政府总值班室工作经费", "24.00"),
    ("3. ", "乡村振兴及对口帮扶工作", "2,907.92"),
    ("4. ", "专项工作经费", "63.88"),
    ("5. ", "聘用人员工作经费", "68.05"),  # 680,470.65 元 = 68.047065 万元 → 68.05 (E18)
    ("6. ", "走访慰问专项资金", "68.09"),
]


@pytest.mark.parametrize("no,name,amount", S5_3_PROJECTS, ids=[p[1] for p in S5_3_PROJECTS])
def test_s5_3_project_amounts(sections, no, name, amount):
    p = _para(_sec(sections, "（三）一般公共预算财政拨款支出决算具体情况"), no + name)
    assert p.startswith(f"{no}{name}{amount}万元，用于"), p


# 五(三) per-class items: budget from 年初预算数, actual from 表5, completion = pct(actual, budget)
S5_3_CLASSES = [
    # 976.10 / 883.46 = 110.4860% → 110.49%
    ("1. 一般公共服务（类）支出中行政运行705.74万元，一般行政管理事务134.23万元，其他政府办公厅（室）及相关机构事务支出136.13万元。"
     "年初预算为883.46万元，支出决算为976.10万元，完成年初预算的110.49%", "976.10", "883.46", "110.49"),
    # 121.11 / 120.24 = 100.7236% → 100.72%
    ("2. 社会保障和就业（类）支出中行政单位离退休69.87万元，机关事业单位基本养老保险缴费支出46.35万元，其他行政事业单位养老支出4.89万元。"
     "年初预算为120.24万元，支出决算为121.11万元，完成年初预算的100.72%", "121.11", "120.24", "100.72"),
    # 72.69 / 73.09 = 99.4527% → 99.45%
    ("3. 卫生健康（类）支出中行政单位医疗28.18万元，公务员医疗补助44.51万元。"
     "年初预算为73.09万元，支出决算为72.69万元，完成年初预算的99.45%", "72.69", "73.09", "99.45"),
    # E22: 农林水 listed; budget 3,927.98 − 1,199.18 = 2,728.80; 2,907.92 / 2,728.80 = 106.5641% → 106.56%
    ("4. 农林水（类）支出中其他巩固脱贫衔接乡村振兴支出2,907.92万元。"
     "年初预算为2,728.80万元，支出决算为2,907.92万元，完成年初预算的106.56%", "2907.92", "2728.80", "106.56"),
    # E7: 121.54 / 122.39 = 99.3055% → 99.31% (published 99.3%)
    ("5. 住房保障（类）支出中住房公积金83.09万元，提租补贴16.47万元，购房补贴21.98万元。"
     "年初预算为122.39万元，支出决算为121.54万元，完成年初预算的99.31%", "121.54", "122.39", "99.31"),
]


@pytest.mark.parametrize("clause,actual,budget,rate", S5_3_CLASSES, ids=["201", "208", "210", "E22_213", "E7_221"])
def test_s5_3_class_completion(sections, clause, actual, budget, rate):
    assert _pct(actual, budget) == D(rate)
    assert_clause(_sec(sections, "（三）一般公共预算财政拨款支出决算具体情况"), clause[:12], clause)


def test_E22_every_budgeted_class_listed(sections):
    paras = _sec(sections, "（三）一般公共预算财政拨款支出决算具体情况")
    items = [p for p in paras if re.match(r"^\d+\. ", p) and "（类）" in p]
    assert len(items) == 5  # 201, 208, 210, 213, 221 — all five classes with budget or actual
    budgets = [D(re.search(r"年初预算为([0-9,.]+)万元", p).group(1).replace(",", "")) for p in items]
    actuals = [D(re.search(r"支出决算为([0-9,.]+)万元", p).group(1).replace(",", "")) for p in items]
    assert sum(budgets) == D("3927.98")   # Σ B_j = 年初预算 total
    assert sum(actuals) == D("4199.36")   # Σ E_j = 表5 合计


def test_E7_and_E1_no_short_percentages(sections):
    text = " ".join(_sec(sections, "（三）一般公共预算财政拨款支出决算具体情况"))
    assert "完成年初预算的100%" not in text and "99.3%" not in text


def test_E18_hired_staff_amount_same_in_5_3_and_13_3(sections):
    # 680,470.65 元 / 10,000 = 68.047065 → 68.05 万元 in both places (published: 68.04 vs 68.05)
    assert _q(D("680470.65") / 10000) == D("68.05")
    assert_clause(_sec(sections, "（三）一般公共预算财政拨款支出决算具体情况"), "5. 聘用", "5. 聘用人员工作经费68.05万元，")
    assert_clause(_sec(sections, "（三）项目支出自评结果"), "聘用人员工作经费", "执行数为68.05万元")
    assert "68.04" not in " ".join(_sec(sections, "（三）一般公共预算财政拨款支出决算具体情况"))


def test_E37_projects_intro_has_yu(sections):
    p = _para(_sec(sections, "（三）一般公共预算财政拨款支出决算具体情况"), "项目支出主要用")
    assert p == "项目支出主要用于以下项目："


def test_E34_no_inverted_list_hierarchy(sections):
    # Published: a （1）…（6） project list followed by a 1.…4. class list under the same heading.
    # Generated: the class list (1.…5.), then its own lead sentence and the project list (1.…6.),
    # both at the same level; no （n） item at all in 五(三).
    paras = _sec(sections, "（三）一般公共预算财政拨款支出决算具体情况")
    assert not any(re.match(r"^[（(]\d+[）)]", p) for p in paras)
    lead = paras.index("项目支出主要用于以下项目：")
    classes = [i for i, p in enumerate(paras) if re.match(r"^\d+\. ", p) and "（类）" in p]
    projects = [i for i, p in enumerate(paras) if re.match(r"^\d+\. ", p) and "（类）" not in p]
    assert classes == list(range(1, 6)) and max(classes) < lead
    assert projects == list(range(lead + 1, lead + 7))
    assert [paras[i].split(".")[0] for i in projects] == ["1", "2", "3", "4", "5", "6"]


# --- 六、基本支出 --------------------------------------------------------------------------------


def test_s6_basic_expenditure(sections):
    paras = _sec(sections, "六、一般公共预算财政拨款基本支出决算情况说明")
    # 人员经费 = T6[301] 872.94 + T6[303] 91.67 = 964.61; 公用经费 = T6[302] 86.97 + T6[310] 2.85 = 89.82
    # 964.61 + 89.82 = 1,054.43 = 表5 基本支出
    assert D("872.94") + D("91.67") == D("964.61")
    assert D("86.97") + D("2.85") == D("89.82")
    assert D("964.61") + D("89.82") == D("1054.43")
    assert_paragraph(paras, "2022年度一般公共预算财政拨款基本支出1,054.43万元，其中：")
    # the 11 non-zero 301/303 rows of 表6, in table order
    assert_paragraph(paras, "人员经费964.61万元，主要包括：基本工资、津贴补贴、奖金、伙食补助费、机关事业单位基本养老保险缴费、"
                            "职工基本医疗保险缴费、公务员医疗补助缴费、其他社会保障缴费、住房公积金、退休费、医疗费补助。")
    # the 14 non-zero 302/310 rows of 表6, in table order
    assert_paragraph(paras, "公用经费89.82万元，主要包括：办公费、印刷费、邮电费、差旅费、维修（护）费、租赁费、公务接待费、劳务费、"
                            "工会经费、福利费、公务用车运行维护费、其他交通费用、其他商品和服务支出、办公设备购置。")


# --- 七、八 ------------------------------------------------------------------------------------


def test_E37_s7_s8_empty_sentences_end_with_full_stop(sections):
    assert_paragraph(_sec(sections, "七、政府性基金预算财政拨款收入支出决算情况说明"),
                     "本部门2022年度无政府性基金预算财政拨款收入支出。")
    assert_paragraph(_sec(sections, "八、国有资本经营预算财政拨款支出决算情况说明"),
                     "本部门2022年度无国有资本经营预算财政拨款支出。")


# --- 九、三公 ----------------------------------------------------------------------------------


def test_E2_sangong_growth_uses_prior_year(sections):
    # 表9: budget c1 = 0 + 10.00 + 0.98 = 10.98; actual c7 = 0 + 5.70 + 0.37 = 6.07
    # completion 6.07/10.98 = 55.2823% → 55.28%
    # prior = 0 + 0 + 5.26 + 0.15 = 5.41; Δ = 6.07 − 5.41 = 0.66; 0.66/5.41 = 12.1996% → 12.20% (published 0.06%)
    assert D("0") + D("10.00") + D("0.98") == D("10.98")
    assert D("0") + D("5.70") + D("0.37") == D("6.07")
    assert _pct("6.07", "10.98") == D("55.28")
    assert D("6.07") - D("5.41") == D("0.66")
    assert _pct("0.66", "5.41") == D("12.20")
    assert_clause(_sec(sections, "（一）“三公”经费财政拨款支出决算总体情况说明"), "“三公”经费财政拨款支出预算",
                  "2022年度“三公”经费财政拨款支出预算为10.98万元，支出决算为6.07万元，完成预算的55.28%；"
                  "较上年增加0.66万元，增长12.20%。")


def test_s9_abroad_none(sections):
    assert_paragraph(_sec(sections, "（二）“三公”经费财政拨款支出决算具体情况说明"), "1. 本单位2022年无因公出国（境）支出。")


def test_E3_vehicle_growth_is_a_percentage(sections):
    # 5.70/10.00 = 57.00%; prior 0 + 5.26 = 5.26; Δ 0.44; 0.44/5.26 = 8.3650% → 8.37% (published 0.08%)
    assert _pct("5.70", "10.00") == D("57.00")
    assert D("5.70") - D("5.26") == D("0.44")
    assert _pct("0.44", "5.26") == D("8.37")
    assert_clause(_sec(sections, "（二）“三公”经费财政拨款支出决算具体情况说明"), "2. 公务用车购置及运行维护费",
                  "2. 公务用车购置及运行维护费预算为10.00万元，支出决算为5.70万元，完成预算的57.00%；"
                  "较上年增加0.44万元，增长8.37%。")


def test_s9_vehicle_detail(sections):
    paras = _sec(sections, "（二）“三公”经费财政拨款支出决算具体情况说明")
    assert_paragraph(paras, "（1）本年度无购置（更新）公务用车。")
    # 运行维护费 5.70 = 燃料 2.00 + 维修 2.78 + 保险 0.92; 保有量 3
    assert D("2.00") + D("2.78") + D("0.92") == D("5.70")
    assert_paragraph(paras, "（2）公务用车运行维护费支出5.70万元，主要用于燃料费、维修费、保险费，其中：燃料费2.00万元；"
                            "维修费2.78万元；保险费0.92万元。截至2022年12月31日，开支财政拨款的公务用车保有量3辆。")


def test_E4_reception_growth_uses_prior_year(sections):
    # 0.37/0.98 = 37.7551% → 37.76%; prior 0.15; Δ 0.22; 0.22/0.15 = 146.6667% → 146.67% (published 59%)
    assert _pct("0.37", "0.98") == D("37.76")
    assert D("0.37") - D("0.15") == D("0.22")
    assert _pct("0.22", "0.15") == D("146.67")
    paras = _sec(sections, "（二）“三公”经费财政拨款支出决算具体情况说明")
    assert_clause(paras, "3. 公务接待费", "3. 公务接待费预算为0.98万元，支出决算为0.37万元，完成预算的37.76%；"
                                       "较上年增加0.22万元，增长146.67%。")
    assert_clause(paras, "执行公务和开展业务活动", "开支公务接待费0.37万元。其中：外省市交流接待0.37万元，"
                                            "主要用于新疆博乐市和宣恩县的接待工作，共2批次14人次（其中：陪同2人次）。")


def test_s9_sangong_change_is_sum_of_item_changes(jianghan):
    # Δ_total = Δ_abroad + Δ_vehicle + Δ_reception: 0.66 = 0.00 + 0.44 + 0.22
    sg = jianghan.s["sangong"]
    assert sg["total"]["change"].delta == D("0.66")
    assert sg["abroad"]["change"].delta + sg["vehicle"]["change"].delta + sg["reception"]["change"].delta == D("0.66")


# --- 十、机关运行经费 ---------------------------------------------------------------------------


def test_E5_admin_cost_growth_uses_prior_year(sections):
    # 机关运行经费 = 表6 公用经费合计 89.82; prior 61.83; Δ 27.99; 27.99/61.83 = 45.2693% → 45.27% (published 31.16%)
    assert D("89.82") - D("61.83") == D("27.99")
    assert _pct("27.99", "61.83") == D("45.27")
    assert_clause(_sec(sections, "十、机关运行经费支出说明"), "机关运行经费支出",
                  "2022年度武汉市江汉区人民政府办公室机关运行经费支出89.82万元，比2021年度增加27.99万元，增长45.27%。")


# --- 十一、政府采购 -----------------------------------------------------------------------------


def test_E8_procurement_shares(sections):
    # total = 2.70 + 0 + 22.30 = 25.00; SME = 2.70 + 0 + 19.38 = 22.08; 22.08/25.00 = 88.32%
    # 小微 22.08/22.08 = 100.00%; goods 2.70/2.70 = 100.00%; services 19.38/22.30 = 86.9058% → 86.91% (published 86.9%)
    assert D("2.70") + D("22.30") == D("25.00")
    assert D("2.70") + D("19.38") == D("22.08")
    assert _pct("22.08", "25.00") == D("88.32")
    assert _pct("19.38", "22.30") == D("86.91")
    assert_paragraph(_sec(sections, "十一、政府采购支出说明"),
                     "2022年度武汉市江汉区人民政府办公室政府采购支出总额25.00万元，其中：政府采购货物支出2.70万元、"
                     "政府采购服务支出22.30万元。授予中小企业合同金额22.08万元，占政府采购支出总额的88.32%，其中："
                     "授予小微企业合同金额22.08万元，占授予中小企业合同金额的100.00%；货物采购授予中小企业合同金额占货物支出"
                     "金额的100.00%，服务采购授予中小企业合同金额占服务支出金额的86.91%。")


# --- 十二、国有资产 -----------------------------------------------------------------------------


def test_E12_vehicle_total_is_sum_of_categories(sections):
    p = _para(_sec(sections, "十二、国有资产占用情况说明"), "共有车辆")
    # 1 (副部（省）级及以上领导用车) + 1 (主要领导干部用车) + 1 (机要通信用车) + 1 (应急保障用车) = 4 (published: 3)
    assert p.startswith("截至2022年12月31日，武汉市江汉区人民政府办公室共有车辆4辆，其中：副部（省）级及以上领导用车1辆，"
                        "主要领导干部用车1辆，机要通信用车1辆，应急保障用车1辆。"), p
    total = int(re.search(r"共有车辆(\d+)辆", p).group(1))
    listed = [int(n) for n in re.findall(r"用车(\d+)辆", p)]
    assert total == sum(listed) == 4


# --- 十三、预算绩效 -----------------------------------------------------------------------------


def test_s13_1_projects_and_total_score(sections):
    # 6 evaluated projects; 资金 = Σ 执行数 = 13.00 + 24.00 + 2,907.92 + 63.88 + 68.05 + 68.09 = 3,144.94
    # share of 表5 项目支出: 3,144.94 / 3,144.93 = 100.0003% → 100.00%
    # 预算执行得分 = 20 × 4,199.36 / 4,206.19 = 19.9675… → 19.97 (E11); total = 19.97 + 80 = 99.97 (E10)
    assert D("13.00") + D("24.00") + D("2907.92") + D("63.88") + D("68.05") + D("68.09") == D("3144.94")
    assert _pct("3144.94", "3144.93") == D("100.00")
    assert _q(D(20) * D("4199.36") / D("4206.19")) == D("19.97")
    paras = _sec(sections, "（一）预算绩效管理工作开展情况")
    assert_clause(paras, "共涉及项目", "共涉及项目6个，资金3,144.94万元，占一般公共预算项目支出总额的100.00%。")
    assert_clause(paras, "共涉及项目", "部门整体绩效自评得分99.97分，其中预算执行情况得分19.97分，评价等级为“优”。")


def test_s13_1_project_total_gap_is_flagged(jianghan_build):
    """Σ project 执行数 (3,144.94) ≠ 表5 项目支出 (3,144.93): 2010399 in 表5 is 136.13 while its two
    projects are 68.05 + 68.09 = 136.14.  The generator must say so (spec §A.2 N-rule)."""
    prepared = jianghan_build[0]
    msgs = [f.message for f in prepared.findings.items if f.rule == "DETAIL-PROJECTS"]
    assert msgs and "3,144.94" in msgs[0] and "3,144.93" in msgs[0], prepared.findings.items


def test_E11_E10_E17_E30_overall_self_evaluation(sections):
    # 资金 = 整体 执行数 = T1.r58 = 4,199.36 (E17: published 4,199.37)
    # 执行率 = 4,199.36 / 4,206.19 = 99.8376% → 99.84%
    # 预算执行得分 = 20 × 0.998376… = 19.9675 → 19.97 (E11: published 19.96, truncated)
    # 得分 = total = 19.97 + Σ indicator scores (15 + 15 + 15 + 12 + 14 + 9 = 80) = 99.97 (E10, E30)
    # indicators: 产出 6+5+6+4+4+5 = 30, 效益 3+4+3+1+3+3 = 17, 满意度 6 × 1 = 6 → 53; all scored at full weight
    assert _pct("4199.36", "4206.19") == D("99.84")
    assert D(15) + D(15) + D(15) + D(12) + D(14) + D(9) == D(80)
    assert 30 + 17 + 6 == 53
    assert_clause(_sec(sections, "（二）部门（单位）整体支出自评结果"), "整体支出绩效自评",
                  "组织对单位开展整体支出绩效自评，资金4,199.36万元，预算执行率99.84%，得分99.97分，设置53个绩效指标，"
                  "其中产出指标30个，效益指标17个，满意度指标6个，实际完成53个指标，已完成全部指标。")


def test_E17_no_4199_37_anywhere(styled, table_cells):
    texts = [t for _s, t in styled] + table_cells
    assert not [t for t in texts if "4,199.37" in t or "4199.37" in t]


def test_E10_attachment_header_score(styled):
    # header of the 整体 table (the first 自评表 of 第六部分): 19.97 + 80 = 99.97 (published 98.96)
    overall = next(t for _s, t in styled if t.startswith("单位名称（盖章）："))
    assert overall.endswith("自评得分：99.97"), overall


S13_3 = [
    # (name, budget, executed, rate) — rate = pct(executed, budget)
    ("1. 调查研究工作经费", "13.00", "13.00", "100.00"),
    ("2. 区政府总值班室工作经费", "24.00", "24.00", "100.00"),
    ("3. 乡村振兴及对口帮扶工作", "2,907.92", "2,907.92", "100.00"),
    ("4. 专项工作经费", "63.88", "63.88", "100.00"),        # E19: 预算 = 执行 = 638,751.17 元 = 63.88 万元
    ("5. 聘用人员工作经费", "69.00", "68.05", "98.62"),      # 68.05 / 69.00 = 98.6232% → 98.62%
    ("6. 走访慰问专项资金", "68.09", "68.09", "100.00"),
]


@pytest.mark.parametrize("name,budget,executed,rate", S13_3, ids=[x[0] for x in S13_3])
def test_s13_3_project_self_evaluation(sections, name, budget, executed, rate):
    assert _pct(executed.replace(",", ""), budget.replace(",", "")) == D(rate)
    assert_clause(_sec(sections, "（三）项目支出自评结果"), name,
                  f"{name}项目绩效自评综述：项目全年预算数为{budget}万元，执行数为{executed}万元，完成预算的{rate}%。")


def test_E19_special_work_budget_equals_execution(sections):
    # 自评表 预算数 = 执行数 = 638,751.17 元 → 63.88 万元; 63.88/63.88 = 100.00% (published: 预算 43, no %)
    assert _q(D("638751.17") / 10000) == D("63.88")
    assert_clause(_sec(sections, "（三）项目支出自评结果"), "4. 专项工作经费",
                  "项目全年预算数为63.88万元，执行数为63.88万元，完成预算的100.00%。")


def test_s13_3_project_count(sections):
    paras = _sec(sections, "（三）项目支出自评结果")
    assert_clause(paras, "共涉及", "共涉及6个一级项目。")
    assert len([p for p in paras if re.match(r"^\d+\. .+绩效自评综述：", p)]) == 6


def test_E33_self_evaluation_items_one_wording(sections):
    paras = [p for p in _sec(sections, "（三）项目支出自评结果") if re.match(r"^\d+", p)]
    assert all("项目绩效自评综述：" in p for p in paras)
    assert not any("综合综述" in p for p in paras)


# --- charts: same values as the text ----------------------------------------------------------


def test_chart_data_equals_text_values(jianghan):
    ch = jianghan.s["charts"]
    assert ch["total"] == {"prev": D("1813.95"), "income": D("4199.36"), "expense": D("4199.36")}
    assert ch["fiscal"] == {"prev": D("1813.95"), "income": D("4199.36"), "expense": D("4199.36")}
    assert [(p.name, p.amount, p.share) for p in jianghan.s["income"]["parts"]] == [
        ("财政拨款收入", D("4199.36"), D("100.00"))]
    assert [(p.name, p.amount, p.share) for p in jianghan.s["expense"]["parts"]] == [
        ("基本支出", D("1054.43"), D("25.11")), ("项目支出", D("3144.93"), D("74.89"))]


# --- whole-part lints -------------------------------------------------------------------------


def _free_texts() -> list[str]:
    """Human-written texts of the example (never computed): removed before the number-format scan."""
    out: list[str] = []
    wb = openpyxl.load_workbook(DATA / "jianghan-2022.xlsx", read_only=True, data_only=True)
    picks = {"项目支出": ("用途", "主要成效", "主要产出和效益"), "主要原因": ("主要原因",), "公务接待明细": ("主要用于",)}
    for sheet, headers in picks.items():
        rows = list(wb[sheet].iter_rows(values_only=True))
        head_i = next(i for i, r in enumerate(rows) if any(h in (r or ()) for h in headers))
        cols = [rows[head_i].index(h) for h in headers if h in rows[head_i]]
        for r in rows[head_i + 1:]:
            for c in cols:
                if isinstance(r[c], str) and r[c].strip():
                    out.append(r[c].strip().rstrip("。"))
    project = yaml.safe_load((DATA / "jianghan-2022.yaml").read_text(encoding="utf-8"))
    perf = project["texts"].get("performance") or {}
    out += [a["text"].rstrip("。") for a in perf.get("application", [])]
    if perf.get("overall_comment"):
        out.append(perf["overall_comment"])
    return sorted(set(out), key=len, reverse=True)


AMOUNT = re.compile(r"([0-9][0-9,]*(?:\.[0-9]+)?)\s*万元")
PERCENT = re.compile(r"([0-9][0-9,]*(?:\.[0-9]+)?)\s*%")
TWO_DEC = re.compile(r"^[0-9]{1,3}(?:,[0-9]{3})*\.[0-9]{2}$")


def test_E41_every_amount_and_percentage_has_two_decimals(part3):
    free = _free_texts()
    bad = []
    checked = 0
    for p in part3:
        for t in free:
            p = p.replace(t, "〔自由文本〕")
        p = re.sub(r"单价(?:50|100)万元（含）", "〔资产类别〕", p)  # fixed category labels, not amounts
        for m in list(AMOUNT.finditer(p)) + list(PERCENT.finditer(p)):
            checked += 1
            if not TWO_DEC.match(m.group(1)):
                bad.append((m.group(0), p))
    assert checked > 100  # the scan is not vacuous
    # one spacing rule for the whole part: no space between a number and its unit
    bad += [(m.group(0), p) for p in part3 for m in re.finditer(r"[0-9][ \u3000]+(?:万元|%)", p)]
    assert not bad, "\n".join(f"{x!r} in: {p}" for x, p in bad)


def test_E41_thousands_separator_everywhere(part3):
    # amounts of 1,000 or more always carry the separator: no 4+ digit run before the decimal point
    offenders = [(m.group(0), p) for p in part3 for m in re.finditer(r"(?<![0-9,])[0-9]{4,}\.[0-9]{2}", p)]
    assert not offenders, offenders


def test_only_years_2021_2022_2023_in_part3(part3):
    text = "\n".join(part3)
    years = set(re.findall(r"(?<![0-9,.])([0-9]{4})(?=\s*年)", text))
    years |= set(re.findall(r"(?<![0-9,.])((?:19|20)[0-9]{2})(?![0-9,.])", text))
    assert years <= {"2021", "2022", "2023"}, years
    # comparisons are always with the prior year
    compared = re.findall(r"(?:比|与|较)([0-9]{4})年", text)
    assert compared and set(compared) == {"2021"}, compared


EMPTY_SLOT = re.compile(
    r"为万元|收入万元|支出万元|主要用于的|主要用于，|主要原因是。|主要原因是，|主要原因：。|主要原因是；|占%|占本年收入%|"
    r"完成年初预算的%|增长%|下降%|（类）支出万元|0批次|，，|。。|None|\{\{|\}\}|\{%"
)


def test_no_empty_slot_anywhere(styled):
    bad = [t for _s, t in styled if EMPTY_SLOT.search(t)]
    assert not bad, bad


def test_E37_every_sentence_of_part3_ends_with_full_stop(part3_styled):
    bad = []
    for style, text in part3_styled:
        text = text.strip()
        if not text or _is_heading(style) or style == "图题" or text.startswith("图"):
            continue
        if text.endswith("。"):
            continue
        if text.endswith(("其中：", "主要用于：", "具体情况如下：", "以下项目：")):  # intro of the list that follows
            continue
        bad.append(text)
    assert not bad, bad


def test_E37_section_13_1_ends_with_full_stop(sections):
    p = _para(_sec(sections, "（一）预算绩效管理工作开展情况"), "根据预算绩效管理要求")
    assert p.endswith("。")


# --- outline: 目录 = headings, one numbering style per level -------------------------------------


def test_E31_toc_equals_body_headings(styled):
    toc1 = [t for s, t in styled if s == "TOC 1"]
    toc2 = [t for s, t in styled if s == "TOC 2"]
    h1 = [t for s, t in styled if s == "Heading 1"]
    h2 = [t for s, t in styled if s == "Heading 2"]
    assert toc1 == h1
    assert toc2 == h2
    assert len(toc1) == 6 and len(toc2) == 2 + 9 + 13
    for entry in ("十、机关运行经费支出说明", "十一、政府采购支出说明", "十二、国有资产占用情况说明"):
        assert entry in toc2 and entry in h2


CN = "一二三四五六七八九十"


def _cn(n: int) -> str:
    return CN[n - 1] if n <= 10 else "十" + CN[n - 11]


def test_E32_level2_headings_full_width_and_consecutive(part3_styled):
    n = 0
    seen = []
    for style, text in part3_styled:
        if style == "Heading 2":
            n = 0
        elif style == "Heading 3":
            n += 1
            seen.append(text)
            assert text.startswith(f"（{_cn(n)}）"), text
    assert len(seen) == 3 + 2 + 4  # 五(一)–(三), 九(一)–(二), 十三(一)–(四)


def test_E32_no_half_width_brackets_as_numbering(styled):
    bad = [t for _s, t in styled if re.match(r"^\s*\((?:[一二三四五六七八九十]+|[0-9]+)\)", t)]
    assert not bad, bad
    bad = [t for _s, t in styled if re.search(r"\([一二三四五六七八九十]+\)", t)]
    assert not bad, bad


def test_E33_numbered_lists_one_style_and_consecutive(styled):
    assert not [t for _s, t in styled if re.match(r"^[0-9]+、", t)], "a list uses 1、 instead of 1."
    assert not [t for _s, t in styled if re.match(r"^[0-9]+\.(?! )", t)], "1. must be followed by one space"
    l3 = l4 = 0
    items = 0
    for style, text in styled:
        if _is_heading(style) or style in ("TOC 1", "TOC 2", "表标题", "附件标题", "小标题", "小标题二"):
            l3 = l4 = 0
            continue
        text = re.sub(r"^(?:备注|注)：", "", text)  # table notes: 注：1. … 2. …
        m3 = re.match(r"^([0-9]+)\. ", text)
        m4 = re.match(r"^（([0-9]+)）", text)
        if m3:
            assert int(m3.group(1)) == l3 + 1, f"list numbering jumps to {text[:30]}"
            l3, l4 = int(m3.group(1)), 0
            items += 1
        elif m4:
            assert int(m4.group(1)) == l4 + 1, f"list numbering jumps to {text[:30]}"
            l4 = int(m4.group(1))
            items += 1
        elif text.endswith("："):
            l3 = l4 = 0  # a lead sentence ending in "：" starts a new list
    assert items > 40  # the check saw the lists


# --- 第五部分: the code list ----------------------------------------------------------------------

USED_ITEMS = [
    # the 12 项 codes with a non-zero amount in 表2/表3/表5 (表7/表8 empty), names from the 2022 code table
    ("2010301", "一般公共服务（类）政府办公厅（室）及相关机构事务（款）行政运行（项）"),
    ("2010302", "一般公共服务（类）政府办公厅（室）及相关机构事务（款）一般行政管理事务（项）"),
    ("2010399", "一般公共服务（类）政府办公厅（室）及相关机构事务（款）其他政府办公厅（室）及相关机构事务支出（项）"),
    ("2080501", "社会保障和就业（类）行政事业单位养老支出（款）行政单位离退休（项）"),
    ("2080505", "社会保障和就业（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）"),
    ("2080599", "社会保障和就业（类）行政事业单位养老支出（款）其他行政事业单位养老支出（项）"),
    ("2101101", "卫生健康（类）行政事业单位医疗（款）行政单位医疗（项）"),
    ("2101103", "卫生健康（类）行政事业单位医疗（款）公务员医疗补助（项）"),
    ("2130599", "农林水（类）巩固脱贫衔接乡村振兴（款）其他巩固脱贫衔接乡村振兴支出（项）"),
    ("2210201", "住房保障（类）住房改革支出（款）住房公积金（项）"),
    ("2210202", "住房保障（类）住房改革支出（款）提租补贴（项）"),
    ("2210203", "住房保障（类）住房改革支出（款）购房补贴（项）"),
]


def test_E38_code_list_is_exactly_the_used_item_codes(styled, table_cells):
    texts = [t for _s, t in styled]
    start = next(i for i, t in enumerate(texts) if "本部门使用的支出功能分类科目" in t)
    entries = []
    for t in texts[start + 1:]:
        if not re.match(r"^[0-9]+\. ", t):
            break
        entries.append(t)
    prefixes = [re.sub(r"^[0-9]+\. ", "", e).split("：")[0] for e in entries]
    assert prefixes == [name for _c, name in USED_ITEMS]
    # the same 12 项 codes are the ones printed in the tables
    assert {c for c in table_cells if re.fullmatch(r"[0-9]{7}", c)} == {c for c, _n in USED_ITEMS}
    body = "\n".join(entries)
    for unused in ("参事事务", "事业单位医疗（项）", "其他行政事业单位医疗支出"):
        assert unused not in body, unused
    for old in ("行政事业单位离退休（款）", "归口管理的行政单位离退休", "（项级）", "行政运行项）"):
        assert old not in body, old
    assert all(e.endswith("。") for e in entries)


def test_E39_code_list_typos_absent(styled):
    text = "\n".join(t for _s, t in styled)
    assert "未单位设置" not in text and "未单独设置项级科目" in text


def test_E40_no_misspelt_item_name(part3):
    assert "新郑单位离退休" not in "\n".join(part3)
