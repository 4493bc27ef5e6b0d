"""The small fixes of issue 11: table6_capital_rows on a workbook listing every 310 row, no “实际完成0个指标”,
no doubled “ in the 三公 reason message, texts.staffing and texts.performance.work printed in 决算."""
from __future__ import annotations

import openpyxl
from docx import Document

from conftest import copy_example


def _edit(project, fn):
    path = project.parent / "jianghan-2022.xlsx"
    wb = openpyxl.load_workbook(path)
    fn(wb)
    wb.save(path)


def test_table6_capital_rows_hold_on_a_workbook_listing_every_row(tmp_path):
    """The example's 表6 (like an init workbook) lists 31002…31099 with blank amounts: only the chosen row is printed."""
    from reportgen.build import prepare

    project = copy_example(tmp_path)
    project.write_text(project.read_text(encoding="utf-8") + "profile:\n  table6_capital_rows: ['31002']\n",
                       encoding="utf-8")
    t6 = prepare(project).result.t6
    codes = [code for _g, rows in t6.blocks for code, _n, _a in rows if code.startswith("310")]
    assert codes == ["310", "31002"]


def test_no_zero_completed_indicators_when_scored_below_weight(tmp_path):
    from reportgen.build import build

    project = copy_example(tmp_path)

    def lower(wb):
        ws = wb["整体绩效指标"]
        for row in ws.iter_rows(min_row=4):
            if isinstance(row[6].value, (int, float)) and row[6].value:
                row[7].value = row[6].value - 0.5     # every indicator scored half a point below its weight
    _edit(project, lower)
    _p, written = build(project, formats=("docx",))
    text = next(p.text for p in Document(str(written["docx"])).paragraphs if p.text.startswith("本部门组织对单位开展整体支出绩效自评"))
    assert "实际完成" not in text and "0个指标" not in text
    assert "设置53个绩效指标，其中产出指标30个，效益指标17个，满意度指标6个。" in text


def test_sangong_reason_message_has_no_doubled_quote(tmp_path):
    from reportgen.build import prepare

    project = copy_example(tmp_path)

    def drop(wb):
        ws = wb["主要原因"]
        for row in ws.iter_rows(min_row=4):
            if row[0].value == "“三公”经费较上年":
                for c in row:
                    c.value = None
    _edit(project, drop)
    msgs = [f.message for f in prepare(project).findings if f.rule == "REASON-MISSING" and "三公" in f.message]
    assert msgs == ["“三公”经费较上年增加 0.66 万元，“主要原因”表中没有“三公”经费较上年的原因"]


def test_staffing_and_performance_work_are_printed(tmp_path):
    from reportgen.build import build

    project = copy_example(tmp_path)
    text = project.read_text(encoding="utf-8")
    text = text.replace("  performance:\n", "  staffing: 本部门编制人数48人，在职实有人数52人。\n  performance:\n"
                                            "    work: 本部门建立了预算绩效管理制度。\n", 1)
    project.write_text(text, encoding="utf-8")
    _p, written = build(project, formats=("docx",))
    paras = [p.text for p in Document(str(written["docx"])).paragraphs]
    assert "本部门编制人数48人，在职实有人数52人。" in paras
    assert "本部门建立了预算绩效管理制度。" in paras
    assert paras.index("本部门建立了预算绩效管理制度。") == next(
        i for i, p in enumerate(paras) if p.startswith("根据预算绩效管理要求")) + 1
