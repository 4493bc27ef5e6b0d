"""Input sheets are named by content, not by a fixed 表 number; messages use the document's own numbering."""
from __future__ import annotations

import openpyxl

from conftest import copy_example

SANGONG = "财政拨款“三公”经费支出决算表"


def test_init_names_the_tables_by_content():
    from reportgen.kinds.final_accounts import schema as S
    from reportgen.workbook.blank import blank_workbook

    wb = blank_workbook(S.SCHEMA)
    assert SANGONG in wb.sheetnames and "表9 " + SANGONG not in wb.sheetnames
    assert [n for n in wb.sheetnames if n.startswith("表")] == []
    assert wb[SANGONG]["A1"].value == SANGONG


def test_sangong_as_table_7_entered_by_content_and_every_message_says_table_7(tmp_path):
    """A district that prints the 三公 table as 表7 (profile.table_order) enters it in a sheet named by
    content; the planted error in its 合计 cell is reported as 表7, and no message speaks of 表9."""
    from reportgen.build import prepare

    project = copy_example(tmp_path)
    text = project.read_text(encoding="utf-8")
    project.write_text(text + "profile:\n  table_order: [t1, t2, t3, t4, t5, t6, t9, t7, t8]\n", encoding="utf-8")
    path = tmp_path / "jianghan-2022.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb["表9 " + SANGONG]
    ws.title = SANGONG
    ws["A6"] = 11.98            # 合计 预算数: 0 + 10.00 + 0.98 = 10.98
    wb.save(path)
    prepared = prepare(project)
    assert [f.message for f in prepared.findings.errors] == [
        "表7 第1栏 预算数合计：小计 10.00 + 公务接待费 0.98 = 10.98，表中为 11.98（差 1.00）"]
    assert prepared.findings.errors[0].where.sheet == SANGONG
    assert not any("表9" in f.message for f in prepared.findings)


def test_a_sheet_numbered_as_the_district_numbers_it_is_read(tmp_path):
    """“表7 财政拨款“三公”经费支出决算表” (the district's number) is the 三公 sheet."""
    from reportgen.build import prepare
    from reportgen.kinds.final_accounts import schema as S

    project = copy_example(tmp_path)
    path = tmp_path / "jianghan-2022.xlsx"
    wb = openpyxl.load_workbook(path)
    wb["表9 " + SANGONG].title = "表7 " + SANGONG
    wb["表7 政府性基金预算财政拨款收入支出决算表"].title = "政府性基金预算财政拨款收入支出决算表"
    wb.save(path)
    prepared = prepare(project)
    assert not prepared.findings.errors
    assert prepared.result.t9["a_total"] == prepared.workbook[S.T9.name].values[7].amount
