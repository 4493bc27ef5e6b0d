"""Acceptance: every computed figure of 第一部分 (公开说明) of the 新洲区政府办 2023 example (Format A), the
部门整体支出绩效目标表, the outline, and the checker's findings on the example.

Expected values are typed here from the published document (/work/shared/reference/xinzhou-2023-budget.txt)
and from hand arithmetic (Decimal, ROUND_HALF_UP to 2 places):

    pct(a, b) = round_half_up(a / b × 100, 2)

The comment next to each expectation shows the arithmetic; ``_pct`` re-does it so that a typo in an
expected constant is caught too.  Nothing is copied from the generator's output.

Rounding (issue 11, the official rounding): the example enters the published 合计/类/款 rows, which are
authoritative (the budget software computes in 元 and rounds each printed cell on its own).  The narrative
reads the same printed cells as the tables: 221 住房保障支出 92.13 (its 项 add up to 92.14, a 尾数),
一般公共预算财政拨款支出 / 总收入 / 总支出 1597.66, 人员类项目支出 995.62, 301 工资福利支出 941.73,
303 对个人和家庭的补助 53.89 — as published.  (Earlier versions printed the leaf sums 1597.67 / 995.63 /
941.74 / 53.9 and called the published figures slips E02–E04.)

Amounts in sentences of Format A drop trailing zeros (114.7, 40) and carry no thousands separator.
E-numbers refer to /work/shared/docs/budget.md §6.
"""
from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from docx import Document
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from conftest import copy_example

D = Decimal
Y = 2023
DEPT = "武汉市新洲区人民政府办公室"

# The ten 特定目标类 projects: canonical names of the project tables (E26), in the order of the published
# narrative 四（三）, with their 2023 amounts as written in sentences (trailing zeros dropped).
PROJECTS = [
    ("区政务服务便民热线办理中心运行经费", "50"),
    ("防范和处置非法集资", "24.5"),
    ("对外宣传项目", "10.5"),
    ("区政务服务便民热线办理中心整体服务外包", "91.26"),
    ("重点办项目", "6.37"),
    ("起草政府工作报告项目", "8"),
    ("劳务派遣人员工资项目", "80"),
    ("区人民政府公报项目", "15"),
    ("侨联项目", "8.4"),
    ("融资信息化管理", "10.5"),
]
UNITS = ["新洲区政务服务便民热线办理中心", "新洲区公文交换站", "新洲区地方金融监管服务中心"]


def _pct(a: str, b: str) -> Decimal:
    return (D(a) * 100 / D(b)).quantize(D("0.01"), rounding=ROUND_HALF_UP)


def _sum(values) -> Decimal:
    return sum((D(v) for v in values), D(0))


# =============================================================================================
# The example, built once for this module; document access
# =============================================================================================


@pytest.fixture(scope="module")
def xinzhou_build(tmp_path_factory):
    from reportgen.build import build

    project = copy_example(tmp_path_factory.mktemp("xinzhou-narrative"), "xinzhou-2023")
    return build(project, formats=("docx",))


@pytest.fixture(scope="module")
def prepared(xinzhou_build):
    return xinzhou_build[0]


@pytest.fixture(scope="module")
def doc(xinzhou_build):
    return Document(str(xinzhou_build[1]["docx"]))


@pytest.fixture(scope="module")
def styled(doc):
    """(style name, text) of every body paragraph, in order."""
    return [(p.style.name if p.style is not None else "", p.text) for p in doc.paragraphs]


@pytest.fixture(scope="module")
def all_text(doc) -> str:
    """Every text run of the document body (paragraphs and table cells), concatenated."""
    ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"
    return "".join(t.text or "" for t in doc.element.body.iter(ns))


def _part(styled, prefix: str):
    start = next(i for i, (s, t) in enumerate(styled) if s == "Heading 1" and t.startswith(prefix))
    end = next((i for i in range(start + 1, len(styled)) if styled[i][0] == "Heading 1"), len(styled))
    return styled[start:end]


@pytest.fixture(scope="module")
def part1(styled):
    return _part(styled, "第一部分")


@pytest.fixture(scope="module")
def sections(part1):
    """Heading text → the non-empty non-heading paragraphs that follow it (up to the next heading)."""
    out: dict[str, list[str]] = {}
    current = None
    for style, text in part1:
        if style.startswith("Heading"):
            current = text.strip()
            assert current not in out, f"heading {current!r} appears twice in 第一部分"
            out[current] = []
        elif current is not None and text.strip():
            out[current].append(text.strip())
    return out


def _sec(sections, heading: str) -> list[str]:
    assert heading in sections, f"heading {heading!r} not found; headings are: {list(sections)}"
    return sections[heading]


def _para(paras: list[str], anchor: str) -> str:
    hits = [p for p in paras if anchor in p]
    assert hits, f"no paragraph contains {anchor!r}; paragraphs:\n" + "\n".join(paras)
    return hits[0]


def assert_paragraph(paras: list[str], expected: str) -> None:
    if expected in paras:
        return
    near = [p for p in paras if p[:6] == expected[:6]] or paras
    pytest.fail(f"\nexpected paragraph: {expected}\ngot paragraph(s):   " + "\n                    ".join(near))


def assert_starts(paras: list[str], expected: str) -> str:
    hits = [p for p in paras if p.startswith(expected)]
    if not hits:
        near = [p for p in paras if p[:6] == expected[:6]] or paras
        pytest.fail(f"\nexpected a paragraph starting: {expected}\ngot paragraph(s): " +
                    "\n                                  ".join(near))
    return hits[0]


ITEM = re.compile(r"([^\d；;、，。：]+?)(\d+(?:\.\d+)?)万元")


def items(text: str) -> list[tuple[str, str]]:
    """``name{amount}万元`` pairs of a list sentence, in order."""
    return [(n.strip(), a) for n, a in ITEM.findall(text)]


# =============================================================================================
# 一、部门基本情况
# =============================================================================================


def test_s1_2_unit_count_is_the_length_of_the_unit_list(sections):
    p = _sec(sections, "（二）部门预算单位构成")
    assert len(p) == 1, p
    text = p[0]
    assert text.startswith(f"{DEPT}加挂区人民政府归国华侨联合会、区人民政府金融领导小组办公室、区人民政府研究室牌子，"
                           "内设9个行政科室和机关党委，下设"), text
    m = re.search(r"下设(.+?)，共(\d+)个二级事业单位。$", text)
    assert m, text
    listed = m.group(1).split("、")
    assert sorted(listed) == sorted(UNITS), listed
    assert int(m.group(2)) == len(listed) == 3


def test_s1_3_staff_counts(sections):
    # 编制 63 = 行政 32 + 事业 31; 实有 64 = 行政 30 + 工勤 10 + 事业 24 (参公 6 ≤ 24); 离退休 49 = 离休 1 + 退休 48
    assert 32 + 31 == 63 and 30 + 10 + 24 == 64 and 1 + 48 == 49
    assert_paragraph(_sec(sections, "（三）部门人员构成"),
                     "新洲区政府办公室总编制人数63人，其中：行政编制32人，事业编制31人。在职实有人数64人，其中："
                     "行政编制30人，工勤人员10人，事业编制24人（其中：参照公务员法管理6人）。"
                     "离退休人员49人，其中：离休1人，退休48人。")


# =============================================================================================
# 三、部门收支预算总体安排情况
# =============================================================================================

S3 = "三、部门收支预算总体安排情况"


def test_s3_total_income_and_expenditure(sections):
    # 收支总表 本年收入合计 = 本年支出合计 = 1287.73 + 114.70 + 103.10 + 92.13 = 1597.66 (as published)
    assert _sum(["1287.73", "114.70", "103.10", "92.13"]) == D("1597.66")
    paras = _sec(sections, S3)
    assert_paragraph(paras, "（一）2023年部门预算总收入1597.66万元。其中：财政拨款收入1597.66万元。")
    assert_paragraph(paras, "（二）2023年部门预算总支出1597.66万元。其中：")


def test_E25_function_class_list_uses_current_names(sections, all_text):
    """E25: 210 is 卫生健康支出 (published: 医疗卫生与计划生育支出); 221 = 92.13 as published."""
    text = _para(_sec(sections, S3), "按照支出功能分类科目")
    listed = items(text.split("主要用于：", 1)[1])
    assert listed == [("一般公共服务支出", "1287.73"), ("社会保障和就业支出", "114.7"),
                      ("卫生健康支出", "103.1"), ("住房保障支出", "92.13")], text
    assert _sum(a for _n, a in listed) == D("1597.66")
    assert "医疗卫生与计划生育支出" not in all_text


def test_E34_economic_list_labelled_basic_plus_project(sections):
    """E34: 项目支出 is not an economic class.  The list is labelled 基本支出 (the 基本支出表 类 as published:
    941.73, 297.51, 53.89), followed by 项目支出 304.53: 941.73 + 297.51 + 53.89 + 304.53 = 1597.66 = 总支出.
    """
    assert _sum(["941.73", "297.51", "53.89", "304.53"]) == D("1597.66")
    text = _para(_sec(sections, S3), "按照支出经济分类科目")
    assert "基本支出" in text and text.index("基本支出") < text.index("工资福利支出"), text
    econ_part = text.split("主要用于：", 1)[1].split("。", 1)[0]
    assert "项目支出" not in econ_part, f"项目支出 listed as an economic class (E34): {text}"
    assert items(econ_part) == [("工资福利支出", "941.73"), ("商品和服务支出", "297.51"),
                                ("对个人和家庭的补助", "53.89")], text
    assert "项目支出304.53万元" in text.split(econ_part, 1)[1], text


# =============================================================================================
# 四、一般公共预算财政拨款支出预算情况
# =============================================================================================

S4 = "四、一般公共预算财政拨款支出预算情况"
# prior-year (2022) budgets, budget spec §3.2: G_prev 1722.47 (= 1597.66 + 124.81), P_prev 1041.02,
# O_prev 321.09, S_prev 360.36 (1041.02 + 321.09 + 360.36 = 1722.47)
G, G0 = "1597.66", "1722.47"
P, P0 = "995.62", "1041.02"
O, O0 = "297.51", "321.09"
S, S0 = "304.53", "360.36"


def test_prior_year_constants_add_up():
    assert _sum([P0, O0, S0]) == D(G0)
    assert _sum([P, O, S]) == D(G)
    assert D(G0) - D(G) == (D(P0) - D(P)) + (D(O0) - D(O)) + (D(S0) - D(S)) == D("124.81")


def test_E01_gpb_total_change_rounded_half_up(sections):
    """E01: 124.81 / 1722.47 = 7.2460…% → 7.25% (published 7.24%: truncation)."""
    assert D(G0) - D(G) == D("124.81")
    assert _pct("124.81", G0) == D("7.25")
    paras = _sec(sections, S4)
    assert_paragraph(paras, "2023年一般公共预算财政拨款支出预算数1597.66万元，比2022年预算减少124.81万元，"
                            "下降7.25%，安排情况如下：")
    assert not any("7.24%" in p for p in paras)


def test_s4_personnel_projects(sections):
    # 人员经费 合计 as published 995.62 (its 项 685.69 + 114.70 + 103.10 + 73.74 + 18.40 = 995.63: a 尾数)
    # 1041.02 − 995.62 = 45.40; 45.40 / 1041.02 = 4.3611…% → 4.36%  (published: 减少45.4万元，下降4.36%)
    assert _sum(["685.69", "114.70", "103.10", "73.74", "18.40"]) - D(P) == D("0.01")
    assert D(P0) - D(P) == D("45.40") and _pct("45.40", P0) == D("4.36")
    paras = _sec(sections, S4)
    assert_starts(paras, "（一）人员类项目支出995.62万元，比2022年预算减少45.4万元，下降4.36%，主要原因是：")
    # the 基本支出表 类 rows as published
    assert_paragraph(paras, "（1）工资福利支出941.73万元，主要用于人员工资的发放及五险一金的缴纳。")
    assert_paragraph(paras, "（2）对个人和家庭的补助53.89万元，主要用于离休人员的退休金、生活补贴的发放及医疗费补助等。")


def test_s4_public_projects(sections):
    # 321.09 − 297.51 = 23.58; 23.58 / 321.09 = 7.3437…% → 7.34%
    assert D(O0) - D(O) == D("23.58") and _pct("23.58", O0) == D("7.34")
    assert_starts(_sec(sections, S4),
                  "（二）公用经费运转类项目支出297.51万元，比2022年预算减少23.58万元，下降7.34%，主要原因是：")


def test_s4_special_projects(sections):
    # 360.36 − 304.53 = 55.83; 55.83 / 360.36 = 15.4929…% → 15.49%  (E07: see the checker warning)
    assert D(S0) - D(S) == D("55.83") and _pct("55.83", S0) == D("15.49")
    p = assert_starts(_sec(sections, S4),
                      "（三）特定目标类项目支出304.53万元，比2022年预算减少55.83万元，下降15.49%，主要原因是：")
    assert p.endswith("其中："), p


def test_E18_E26_project_lines_numbered_contiguously_with_canonical_names(sections):
    """E18: published (1),(2),(4)…(11) for ten projects; E26: one canonical name per project."""
    paras = _sec(sections, S4)
    start = paras.index(_para(paras, "（三）特定目标类项目支出")) + 1
    lines = paras[start:]
    pat = re.compile(r"^[（(](\d+)[）)](\D+?)(\d+(?:\.\d+)?)万元。(.+)$")
    parsed = [pat.match(p) for p in lines]
    assert all(parsed), f"not a project line: {[p for p, m in zip(lines, parsed) if not m]}"
    assert [int(m.group(1)) for m in parsed] == list(range(1, 11)), [m.group(1) for m in parsed]
    assert [(m.group(2), m.group(3)) for m in parsed] == PROJECTS
    assert _sum(a for _n, a in PROJECTS) == D(S)
    assert all(m.group(4).strip("。") for m in parsed), "a project line without its purpose"
    assert not any("区政府服务便民热线" in p for p in paras), "E26: variant name 区政府服务便民热线… in 四"


def test_E26_no_variant_project_name_anywhere(all_text):
    """E26: the published 区政府服务便民热线办理中心… is not the project's name (区政务服务便民热线办理中心…)
    anywhere in the document (narrative, 部门整体表, project tables)."""
    hits = [m.start() for m in re.finditer("区政府服务便民热线", all_text)]
    contexts = [all_text[max(0, i - 30):i + 30] for i in hits]
    assert not hits, "variant name printed:\n" + "\n".join(contexts)


# =============================================================================================
# 五、一般公共预算“三公”经费支出预算情况
# =============================================================================================

S5_SCOPE = "（一）“三公”经费的单位范围"
S5 = "（二）“三公”经费财政拨款预算情况"


def test_s5_1_scope_units_same_list_as_s1_2(sections):
    paras = _sec(sections, S5_SCOPE)
    assert_paragraph(paras, f"{DEPT}安排“三公”经费的单位由机关及下属3个二级单位组成。二级单位包括：")
    numbered = [re.match(r"^(\d+)[.、．]\s*(.+)$", p) for p in paras[1:]]
    assert all(numbered), paras
    assert [int(m.group(1)) for m in numbered] == [1, 2, 3]
    s5_units = [m.group(2) for m in numbered]
    s12 = re.search(r"下设(.+?)，共", _sec(sections, "（二）部门预算单位构成")[0]).group(1).split("、")
    assert s5_units == s12, "E27: one unit list for 一（二） and 五（一）"
    assert sorted(s5_units) == sorted(UNITS)


def test_E08_sangong_total_has_its_amount(sections):
    """E08: published "…安排“三公”经费预算 万元" (blank); 三公表 合计 40.00 → "40"."""
    assert_paragraph(_sec(sections, S5),
                     "2023年一般公共预算财政拨款资金安排“三公”经费预算40万元，与2022年预算持平。其中：")


def test_E30_every_zero_change_is_written_flat(sections):
    """E30: published "减少0万元，下降0%", "增加0万元", "减少0万元" — every one is 与2022年预算持平."""
    paras = _sec(sections, S5)
    assert_starts(paras, "1. 因公出国（境）经费预算0万元，与2022年预算持平，主要原因：没有计划因公出国（境）活动")
    assert_paragraph(paras, "2. 公务用车购置及运行维护费40万元，与2022年预算持平。其中：")
    assert_starts(paras, "（1）公务用车购置费0万元，与2022年预算持平，主要原因是：没有计划购置公务用车")
    assert_starts(paras, "（2）公务用车运行维护费40万元，与2022年预算持平，主要原因是：")
    assert_starts(paras, "3. 公务接待费0万元，与2022年预算持平，主要原因是：")
    text = "".join(paras)
    assert text.count("与2022年预算持平") == 6, text
    for bad in ("增加0万元", "减少0万元", "下降0%", "增长0%", "减少0.00", "增加0.00"):
        assert bad not in text, f"{bad!r} printed: {text}"


def test_E22_qizhong_once(sections):
    """E22: published "其中。其中：" in 五（二）2."""
    paras = _sec(sections, S5)
    p = _para(paras, "公务用车购置及运行维护费40万元")
    assert p.count("其中：") == 1, p
    assert not any("其中。" in q for q in paras)


# =============================================================================================
# 六、七
# =============================================================================================


def test_s6_s7_not_used_sentences(sections):
    assert _sec(sections, "六、政府性基金预算财政拨款支出预算情况") == [
        f"{DEPT}2023年没有使用政府性基金预算财政拨款安排的支出。"]
    assert _sec(sections, "七、国有资本经营预算财政拨款支出预算情况") == [
        f"{DEPT}2023年没有使用国有资本经营预算财政拨款安排的支出。"]


# =============================================================================================
# 八、其他重要事项的情况说明
# =============================================================================================

ADMIN_ITEMS = [  # 基本支出表 302 款, narrative names of budget spec §7.5; 水电费 = 30205 1.92 + 30206 17.28
    ("办公费", "24.82"), ("印刷费", "15.5"), ("手续费", "4"), ("水电费", "19.2"), ("邮电费", "6"),
    ("取暖费", "2"), ("差旅费", "10"), ("租赁费", "2"), ("会议费", "36.65"), ("培训费", "16.07"),
    ("劳务费", "2"), ("委托业务费", "6"), ("工会经费", "8.6"), ("福利费", "26.99"), ("日常维修费", "5"),
    ("办公用房物业管理费", "12.93"),  # E06: published 12.9 (items then sum to 297.48)
    ("公务用车运行维护费", "40"), ("其他交通费用", "49.39"),  # published "其他费用交通费" (garbled)
    ("其他商品和服务支出", "10.36"),
]


def test_E13_E19_section8_has_exactly_four_subsections(part1):
    """E13/E19: published body (一)…(五) with a duplicated, empty 政府采购 heading; TOC (一)…(四)."""
    i = next(k for k, (s, t) in enumerate(part1) if s.startswith("Heading") and t == "八、其他重要事项的情况说明")
    subs = []
    for s, t in part1[i + 1:]:
        if s == "Heading 2":
            break
        if s == "Heading 3":
            subs.append(t)
    assert subs == ["（一）机关运行经费情况", "（二）政府采购预算情况", "（三）国有资产占有使用情况",
                    "（四）绩效目标设置情况"], subs
    assert sum("政府采购" in t for s, t in part1 if s.startswith("Heading")) == 1


def test_E06_admin_cost_items_sum_to_the_total(sections):
    assert D("1.92") + D("17.28") == D("19.2")
    assert _sum(a for _n, a in ADMIN_ITEMS) == D("297.51")
    paras = _sec(sections, "（一）机关运行经费情况")
    assert len(paras) == 1, paras
    head = "2023年部门机关及下属3家参照公务员法管理事业单位的机关运行经费297.51万元。主要包括："
    assert paras[0].startswith(head), paras[0]
    assert items(paras[0][len(head):]) == ADMIN_ITEMS, paras[0]
    assert "办公用房物业管理费12.93万元" in paras[0]


def test_E14_E31_procurement(sections):
    """E14: the year is 2023 (published 2022); E31: 156.26 = 91.26 + 50 + 15 (Σ of the listed lines)."""
    paras = _sec(sections, "（二）政府采购预算情况")
    assert_paragraph(paras, "按照现行政府采购管理规定，2023年部门预算中纳入政府采购预算支出合计156.26万元。包括：")
    p = assert_starts(paras, "1. 服务类156.26万元。其中：")
    lines = items(p.split("其中：", 1)[1])
    assert lines == [("区政务服务便民热线办理中心整体服务外包", "91.26"),
                     ("区政务服务便民热线办理中心运行经费", "50"), ("区人民政府公报项目", "15")], p
    assert _sum(a for _n, a in lines) == D("156.26")
    assert not any("2022年部门预算" in q for q in paras)


def test_s8_3_vehicles(sections):
    assert _sec(sections, "（三）国有资产占有使用情况") == [
        "截至2022年12月31日，部门共有车辆10辆。其中：一般公务用车10辆。"]


def test_s8_4_performance_coverage(sections):
    # Σ amounts of the ten projects with 绩效目标 tables = 304.53 (= 特定目标类)
    assert _sec(sections, "（四）绩效目标设置情况") == [
        "2023年部门项目均实行绩效目标管理，涉及一般公共预算当年财政拨款304.53万元。"]


def test_s9_contact(sections):
    assert _sec(sections, "九、联系方式") == [
        "部门单位地址：武汉市新洲区邾城街道红旗街14号", "联系人：李育琴", "联系电话：86925015"]


# =============================================================================================
# Outline: TOC = body headings (E20)
# =============================================================================================


def test_E20_toc_entries_equal_the_body_headings(styled):
    toc = [(int(s[-1]), t.strip()) for s, t in styled if s.startswith("TOC") and t.strip()]
    body = [(int(s[-1]), t.strip()) for s, t in styled if re.fullmatch(r"Heading [123]", s) and t.strip()]
    assert toc, "no 目录 entries"
    assert toc == body, "\n".join(f"{a!r:60} {b!r}" for a, b in zip(toc + [None] * len(body), body + [None] * len(toc))
                                  if a != b)
    part2 = [t for lvl, t in body[body.index((1, f"第二部分 {DEPT}2023年部门预算公开表")) + 1:] if lvl == 2]
    part2 = part2[:part2.index("十一、部门项目绩效目标表（一项一表）") + 1]
    assert part2 == ["一、收支总表", "二、收入总表", "三、支出总表", "四、财政拨款收支总表", "五、一般公共预算支出表",
                     "六、一般公共预算基本支出表", "七、一般公共预算“三公”经费支出表", "八、政府性基金预算支出表",
                     "九、项目支出表", "十、部门整体支出绩效目标表", "十一、部门项目绩效目标表（一项一表）"], part2


def test_part_headings(styled):
    assert [t for s, t in styled if s == "Heading 1"] == [
        f"第一部分 {DEPT}2023年部门预算公开说明", f"第二部分 {DEPT}2023年部门预算公开表", "第三部分 名词解释"]


# =============================================================================================
# 部门整体支出绩效目标表
# =============================================================================================


def _grid(table: Table) -> list[list[tuple[int, int, str]]]:
    rows = []
    for tr in table._tbl.tr_lst:
        col, cells = tr.grid_before, []
        for tc in tr.tc_lst:
            cells.append((col, tc.grid_span, _Cell(tc, table).text.strip()))
            col += tc.grid_span
        rows.append(cells)
    return rows


def _at(row, col) -> str:
    return next((t for c, s, t in row if c <= col < c + s), "")


@pytest.fixture(scope="module")
def overall(doc):
    title = f"{Y}年部门整体支出绩效目标申报表"
    seen = False
    for block in doc.iter_inner_content():
        if isinstance(block, Paragraph) and block.text.strip() == title:
            seen = True
        elif isinstance(block, Table) and seen:
            return _grid(block)
    pytest.fail(f"no table after the title {title!r}")


def _row(grid, *labels) -> list:
    for row in grid:
        texts = [t for _c, _s, t in row]
        if all(lab in texts for lab in labels):
            return row
    raise AssertionError(f"no row with {labels}")


def test_E09_long_term_goal_until_year(overall, all_text):
    """E09: published "长期目标(截止年)"; 3-year rolling window from 2023 → 截止2025年."""
    texts = [t for row in overall for _c, _s, t in row]
    assert "长期目标（截止2025年）" in texts, [t for t in texts if "长期目标" in t][:3]
    assert "截止年" not in all_text.replace(" ", "")


def test_E15_prior_year_columns_are_2021_and_2022(overall):
    """E15: published "2020年", "2021年" for FY2023."""
    header = _row(overall, "当年金额", "占比")
    texts = [t for _c, _s, t in header]
    assert "2021年" in texts and "2022年" in texts and "2020年" not in texts, texts
    assert texts.index("2021年") < texts.index("2022年")


def test_E10_spending_structure_and_shares(overall):
    """E10: published 收入/支出 合计 304.53 with 人员类/运转类 blank.  Shares of 1597.66:
    995.62 → 62.3168…% → 62.32%; 297.51 → 18.6216…% → 18.62%; 304.53 → 19.0610…% → 19.06%."""
    assert _pct(P, G) == D("62.32") and _pct(O, G) == D("18.62") and _pct(S, G) == D("19.06")
    header = _row(overall, "当年金额", "占比")
    col = {t: c for c, _s, t in header}
    spend = [row for row in overall if "支出构成" in [t for _c, _s, t in row]]
    assert len(spend) == 4, spend
    got = {}
    for row in spend:
        label = next(t for c, s, t in row if t in ("人员类项目支出", "运转类项目支出", "特定目标类项目支出", "合计"))
        got[label] = (_at(row, col["当年金额"]), _at(row, col["占比"]), _at(row, col["2022年"]))
    # 2022年 column: prior-year budgets of budget spec §3.2 (1041.02 + 321.09 + 360.36 = 1722.47)
    assert got == {
        "人员类项目支出": ("995.62", "62.32%", "1,041.02"),
        "运转类项目支出": ("297.51", "18.62%", "321.09"),
        "特定目标类项目支出": ("304.53", "19.06%", "360.36"),
        "合计": ("1,597.66", "100.00%", "1,722.47"),
    }, got
    fiscal = _row(overall, "收入构成", "财政拨款")
    assert (_at(fiscal, col["当年金额"]), _at(fiscal, col["占比"])) == ("1,597.66", "100.00%")


def test_E32_one_row_per_project_with_its_category(overall):
    """E32: published one aggregated row "…项目资金", category 运转类."""
    header = _row(overall, "项目名称", "支出项目类别", "项目本年度预算")
    i = overall.index(header)
    col = {t: c for c, _s, t in header}
    rows = []
    for row in overall[i + 1:]:
        name = _at(row, col["项目名称"])
        if not name or name.startswith("长期目标") or "整体绩效总目标" in [t for _c, _s, t in row]:
            break
        rows.append((name, _at(row, col["支出项目类别"]), _at(row, col["项目本年度预算"])))
    assert [(n, c) for n, c, _a in rows] == [(n, "特定目标类") for n, _a in PROJECTS], rows
    assert [D(a) for _n, _c, a in rows] == [D(a) for _n, a in PROJECTS]


# =============================================================================================
# No internal filling instructions (E24) / no draft labels (E17)
# =============================================================================================


@pytest.mark.parametrize("word", ["填报说明", "附件3", "考核标准", "绩效目标编制说明", "内容说明", "附件1"])
def test_E24_no_internal_instructions_printed(all_text, word):
    assert word not in all_text.replace(" ", ""), f"E24: internal text {word!r} printed in the public document"


def test_E17_no_draft_label(all_text):
    assert "草案" not in all_text and "二上数据" not in all_text


# =============================================================================================
# The checker's findings on the example
# =============================================================================================


def test_checker_findings_on_the_example(prepared):
    """No errors.  One warning about figures (text from src/reportgen/checks/budget.py, figures typed):

    * N4-PROJECTS (E07): 特定目标类 上年预算 360.36 (narrative: 304.53 + 55.83) vs the projects' own 2022 budgets
      15 + 12 + 9.1 + 35 + 15 (the five cut projects) + 80 + 15 + 8 + 91.26 + 50 (unchanged) = 330.36.

    The entered (published) totals differ from their leaf sums by a 尾数 only: each such difference is
    information (提示), never a warning.  The 人员经费 of the 一般公共预算支出表 and of the 基本支出表 are both
    995.62 as published, so there is no X6 warning any more.
    """
    findings = prepared.findings
    assert not findings.errors, "\n".join(str(f) for f in findings.errors)
    assert _sum(["15", "12", "9.1", "35", "15", "80", "15", "8", "91.26", "50"]) == D("330.36")
    assert D("360.36") - D("330.36") == D("30.00")
    warnings = {(f.rule, f.message) for f in findings.warnings}
    e07 = ("N4-PROJECTS", "特定目标类项目上年预算 360.36 与各项目上年预算之和 330.36 相差 30.00：请在“项目”表中列出"
                          "上年有、本年已结束的项目（本年预算填 0）")
    assert e07 in warnings, sorted(warnings)
    assert "X6" not in {f.rule for f in findings}
    # 221 = 92.13 against 73.74 + 18.40 = 92.14: 2 leaves, 0.01 ≤ 2 × 0.005
    assert ("T-SUM", "一般公共预算支出表 221 住房保障支出（类）合计：下属项级科目合计 = 92.14，表中为 92.13（差 0.01），"
                     "是 2 个分别四舍五入的金额相加的尾数误差（不超过 2×0.005），以填写数为准") in {
        (f.rule, f.message) for f in findings.infos}
    # 基本支出表 合计 1,293.13 against Σ 款 1,293.15: 34 leaves, 0.02 ≤ 34 × 0.005
    assert ("T-TOTAL", "一般公共预算基本支出表 合计 合计：各款级科目合计 = 1,293.15，表中为 1,293.13（差 0.02），"
                       "是 34 个分别四舍五入的金额相加的尾数误差（不超过 34×0.005），以填写数为准") in {
        (f.rule, f.message) for f in findings.infos}
