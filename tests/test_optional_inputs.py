"""Inputs a published document may lack are optional: the build succeeds without them, the sentence
that needs them adapts (clause or sentence left out) and no sentence states a zero for them.

One variant of the 江汉 2022 example (决算) is built with every such input removed or reduced to what
some published documents give:

* 公务用车运行维护费明细 empty (no breakdown);
* 公务接待明细 without 批次/人次/陪同人次;
* 三公经费明细 (团组数, 人次, 购置车辆数, 保有量) blank;
* 上年决算数 without the 三公 split and without 一般公共预算财政拨款收入; the prior 三公 total given as one
  figure (“三公”经费合计 5.41 = 0 + 0 + 5.26 + 0.15);
* 年初预算数 for a group of 类 (201、208: 883.46 + 120.24 = 1,003.70), 213 at 项 level (2130599),
  221 at 款 level (22102), and none for 210;
* 整体绩效 as goal scores without indicators;
* a 主要原因 entered against the 项 code 2130599.

Expected sentences are typed from the example's figures (see test_narrative_jianghan.py for their
arithmetic); nothing is copied from the generator's output.
"""
from __future__ import annotations

import re
from decimal import Decimal

import openpyxl
import pytest
from docx import Document

from conftest import copy_example

D = Decimal


def _clear_rows(ws, first: int) -> None:
    for row in ws.iter_rows(min_row=first):
        for cell in row:
            cell.value = None


def _kv_set(ws, label: str, value) -> None:
    for row in ws.iter_rows(min_row=1):
        if row[0].value == label:
            row[1].value = value
            return
    ws.append([label, value])


@pytest.fixture(scope="module")
def bare(tmp_path_factory):
    from reportgen.build import build

    project = copy_example(tmp_path_factory.mktemp("bare"))
    path = project.parent / "jianghan-2022.xlsx"
    wb = openpyxl.load_workbook(path)
    _clear_rows(wb["公务用车运行维护费明细"], 4)
    ws = wb["公务接待明细"]
    for row in ws.iter_rows(min_row=4):
        for cell in row[3:6]:
            cell.value = None
    ws = wb["三公经费明细"]
    for row in ws.iter_rows(min_row=4):
        row[1].value = None
    ws = wb["上年决算数"]
    for label in ("一般公共预算财政拨款收入", "“三公”经费-因公出国（境）费", "“三公”经费-公务用车购置费",
                  "“三公”经费-公务用车运行维护费", "“三公”经费-公务接待费"):
        _kv_set(ws, label, None)
    _kv_set(ws, "“三公”经费合计", 5.41)
    ws = wb["年初预算数"]
    _clear_rows(ws, 4)
    for i, (code, name, amount) in enumerate((("201、208", "一般公共服务、社会保障和就业", 1003.70),
                                              ("2130599", "其他巩固脱贫攻坚成果衔接乡村振兴支出", 2728.80),
                                              ("22102", "住房改革支出", 122.39)), start=4):
        ws.cell(row=i, column=1, value=code)
        ws.cell(row=i, column=2, value=name)
        ws.cell(row=i, column=3, value=amount)
    _clear_rows(wb["整体绩效指标"], 4)
    ws = wb["整体绩效目标"]
    ws.cell(row=3, column=4, value="得分")
    for row, score in zip(range(4, 10), (15, 15, 14, 12, 14, 9)):
        ws.cell(row=row, column=4, value=score)
    ws = wb["主要原因"]
    ws.append(["支出决算与年初预算差异", "2130599", "结对帮扶宣恩县经费增加"])
    ws.append(["支出决算与年初预算差异", "2240101", "应急管理"])     # no such spending: must not vanish silently
    ws = wb["国有资产"]
    for row in ws.iter_rows(min_row=4):
        if row[0].value and "设备" in str(row[0].value):
            row[1].value = None
    # free vehicle-type names in the 车辆明细 sheet replace the fixed types
    ws = wb.create_sheet("车辆明细")
    ws.append(["车辆类型", "数量"])
    ws.append(["一般公务用车", 3])
    ws.append(["业务用车", 1])
    wb.save(path)
    prepared, written = build(project, formats=("docx",))
    doc = Document(str(written["docx"]))
    return prepared, [p.text for p in doc.paragraphs]


def _one(paras, start: str) -> str:
    found = [p for p in paras if p.startswith(start)]
    assert len(found) == 1, (start, found)
    return found[0]


def test_builds_without_errors(bare):
    prepared, _paras = bare
    assert [f.message for f in prepared.findings.errors] == []


def test_vehicle_run_without_breakdown(bare):
    _p, paras = bare
    # no 主要用于/其中 clause, and no 保有量 sentence (not entered)
    assert _one(paras, "（2）公务用车运行维护费") == "（2）公务用车运行维护费支出5.70万元。"


def test_reception_without_counts(bare):
    _p, paras = bare
    text = _one(paras, "2022年度武汉市江汉区人民政府办公室执行公务")
    assert text.endswith("其中：外省市交流接待0.37万元，主要用于新疆博乐市和宣恩县的接待工作。")


def test_no_zero_counts_printed(bare):
    _p, paras = bare
    body = "\n".join(paras)
    for zero in ("0辆", "0个", "0人次", "0批次"):
        assert not re.search(r"(?<![\d.])" + zero, body), zero


def test_prior_sangong_total_without_split(bare):
    _p, paras = bare
    # total 5.41 → 6.07: Δ 0.66, 0.66/5.41 = 12.1996% → 12.20%
    text = _one(paras, "2022年度“三公”经费财政拨款支出")
    assert "较上年增加0.66万元，增长12.20%" in text
    # the vehicle item has no prior figure: its comparison is left out
    vehicle = _one(paras, "2. 公务用车购置及运行维护费")
    assert vehicle.startswith("2. 公务用车购置及运行维护费预算为10.00万元，支出决算为5.70万元，完成预算的57.00%。")
    assert "较上年" not in vehicle.split("决算数")[0]


def test_prior_gpb_income_absent(bare):
    _p, paras = bare
    assert _one(paras, "2022年度财政拨款收入中") == "2022年度财政拨款收入中，一般公共预算财政拨款收入4,199.36万元。"


def test_budget_for_a_group_of_classes_and_levels(bare):
    _p, paras = bare
    # the total budget is unknown (210 has none): the completion sentence is left out
    assert _one(paras, "2022年度一般公共预算财政拨款支出决算为").startswith(
        "2022年度一般公共预算财政拨款支出决算为4,199.36万元。其中：基本支出")
    # group 201+208: actual 976.10 + 121.11 = 1,097.21; 1,097.21/1,003.70 = 109.3165% → 109.32%
    group = _one(paras, "1. 一般公共服务、社会保障和就业（类）支出")
    assert "年初预算为1,003.70万元，支出决算为1,097.21万元，完成年初预算的109.32%" in group
    # 210 without budget: no budget clause, never “年初预算为0.00万元”
    health = _one(paras, "2. 卫生健康（类）支出")
    assert health.endswith("支出决算为72.69万元。")
    # 213 entered at 项 level, with its reason entered against the 项 code
    agri = _one(paras, "3. 农林水（类）支出")
    assert agri.endswith("年初预算为2,728.80万元，支出决算为2,907.92万元，完成年初预算的106.56%，"
                         "支出决算数大于年初预算数的主要原因是结对帮扶宣恩县经费增加。")
    housing = _one(paras, "4. 住房保障（类）支出")
    assert "年初预算为122.39万元，支出决算为121.54万元，完成年初预算的99.31%" in housing
    assert "年初预算为0.00" not in "\n".join(paras)


def test_free_vehicle_names_and_no_equipment_sentence(bare):
    _p, paras = bare
    # 设备 counts not entered: no “无单价…设备” sentence
    assert _one(paras, "截至2022年12月31日，武汉市江汉区人民政府办公室") == (
        "截至2022年12月31日，武汉市江汉区人民政府办公室共有车辆4辆，其中：一般公务用车3辆，业务用车1辆。")


def test_overall_performance_goal_scores_without_indicators(bare):
    _p, paras = bare
    text = _one(paras, "本部门组织对单位开展整体支出绩效自评")
    assert "绩效指标" not in text and "实际完成" not in text
    # 得分 = 预算执行得分 + Σ goal scores (15+15+14+12+14+9 = 79)
    prepared, _ = bare
    o = prepared.result.s["performance"]["overall"]
    assert o["score"] == o["exec_score"] + D(79)


# =============================================================================================
# 预算: the 新洲 2023 example with staff counts partly published, no 内设科室 count, no 离休/退休
# split, no vehicle counts, and a 一般公共预算支出表 that gives 基本支出 as one column
# =============================================================================================

@pytest.fixture(scope="module")
def bare_budget(tmp_path_factory):
    from reportgen.build import build

    project = copy_example(tmp_path_factory.mktemp("bare_budget"), "xinzhou-2023")
    text = project.read_text(encoding="utf-8")
    assert "    offices: 9\n" in text
    project.write_text(text.replace("    offices: 9\n", ""), encoding="utf-8")
    path = project.parent / "xinzhou-2023.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb["人员编制"]
    for label in ("事业编制", "实有-工勤人员", "离休", "退休"):
        _kv_set(ws, label, None)
    ws = wb["国有资产"]
    for row in ws.iter_rows(min_row=1):
        if row[0].value and str(row[0].value).endswith("用车"):
            row[1].value = None
    ws = wb["一般公共预算支出表"]
    for row in ws.iter_rows(min_row=6):                   # every row: 基本支出 小计 only
        code, name = row[0].value, row[1].value
        if not (code and str(code).isdigit()) and name != "合计":
            continue
        if code and len(str(code)) == 7:
            row[3].value = round((row[4].value or 0) + (row[5].value or 0), 2)
        row[4].value = row[5].value = None
    wb.save(path)
    prepared, written = build(project, formats=("docx",))
    doc = Document(str(written["docx"]))
    return prepared, [p.text for p in doc.paragraphs]


def test_budget_builds_and_one_finding_for_the_missing_split(bare_budget):
    prepared, _paras = bare_budget
    assert [f.message for f in prepared.findings.errors] == []
    # one root cause, one message: no warning or error cascades from the missing columns
    split = [f for f in prepared.findings.errors + prepared.findings.warnings
             if "人员经费" in f.message or "公用经费" in f.message]
    assert [f.rule for f in split] == ["B-SPLIT"]
    assert split[0].message == ("一般公共预算支出表只填了基本支出小计，未分人员经费、公用经费：说明中按人员经费、公用经费分列的"
                                "句子不写，表中这两栏留空。如需写出，请按项级科目填写人员经费、公用经费两栏")


def test_budget_narrative_without_the_split(bare_budget):
    _p, paras = bare_budget
    body = "\n".join(paras)
    assert "人员类项目支出" not in body and "公用经费运转类项目支出" not in body
    # the 特定目标类 paragraph (项目支出 304.53) stays
    assert any(p.startswith("（三）特定目标类项目支出304.53万元") for p in paras)


def test_budget_staff_with_partial_breakdown(bare_budget):
    _p, paras = bare_budget
    # only what was entered: 事业编制 (quota), 工勤人员 and 离休/退休 left out, never “0人”
    assert _one(paras, "新洲区政府办公室总编制人数") == (
        "新洲区政府办公室总编制人数63人，其中：行政编制32人。在职实有人数64人，其中：行政编制30人，"
        "事业编制24人（其中：参照公务员法管理6人）。离退休人员49人。")


def test_budget_units_without_office_count(bare_budget):
    _p, paras = bare_budget
    text = _one(paras, "武汉市新洲区人民政府办公室加挂")
    assert "内设" not in text and "0个" not in text
    assert "牌子，设机关党委，下设" in text


def test_budget_no_vehicle_sentence_without_counts(bare_budget):
    _p, paras = bare_budget
    assert not any("共有车辆" in p for p in paras)


def test_no_project_code_warning_in_a_format_without_project_codes(tmp_path):
    from reportgen.build import prepare

    project = copy_example(tmp_path, "xinzhou-2023")
    text = project.read_text(encoding="utf-8")
    project.write_text(text.replace("  format: A\n", "  format: B\n"), encoding="utf-8")
    assert "P-CODE" not in {f.rule for f in prepare(project).findings}
    project.write_text(text, encoding="utf-8")
    assert [f.message for f in prepare(project).findings if f.rule == "P-CODE"] == [
        "项目“防范和处置非法集资”没有项目编码（E11）", "项目“融资信息化管理”没有项目编码（E11）"]


def test_a_reason_nobody_explains_is_reported(bare):
    prepared, _paras = bare
    assert [f.message for f in prepared.findings if f.rule == "REASON-UNUSED"] == [
        "“主要原因”中科目编码 2240101 的原因没有对应的说明（2240101 在表5中没有支出、也没有年初预算），不会写入文档"]


def test_budget_prior_sangong_total_without_split(tmp_path):
    """预算: the prior 三公 split is optional; a prior total alone gives the total's comparison only."""
    from reportgen.build import build

    project = copy_example(tmp_path, "xinzhou-2023")
    path = project.parent / "xinzhou-2023.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb["上年预算数"]
    for label in ("“三公”经费-因公出国（境）费", "“三公”经费-公务用车购置费", "“三公”经费-公务用车运行维护费",
                  "“三公”经费-公务接待费"):
        _kv_set(ws, label, None)
    _kv_set(ws, "“三公”经费合计", 45)
    wb.save(path)
    prepared, written = build(project, formats=("docx",))
    assert not prepared.findings.errors
    paras = [p.text for p in Document(str(written["docx"])).paragraphs]
    # 40 against 45: 减少5万元, 5/45 = 11.1111% → 11.11%
    assert _one(paras, "2023年一般公共预算财政拨款资金安排“三公”经费预算") == (
        "2023年一般公共预算财政拨款资金安排“三公”经费预算40万元，比2022年预算减少5万元，下降11.11%。其中：")
    assert _one(paras, "（2）公务用车运行维护费").startswith("（2）公务用车运行维护费40万元，主要原因是")
