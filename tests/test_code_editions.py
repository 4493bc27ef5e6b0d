"""Code tables by edition of the 政府收支分类科目: one name per code and year (2020–2025), the 2024 names of
21305 (财预〔2023〕83号), and a typed name of another edition reported with that edition."""
from __future__ import annotations

import openpyxl
import pytest

from conftest import copy_example

OLD, NEW = "巩固脱贫衔接乡村振兴", "巩固脱贫攻坚成果衔接乡村振兴"

# year → expected names of codes whose name changed between editions
EDITIONS = {
    2020: {"20805": "行政事业单位养老支出", "2080501": "行政单位离退休", "21305": "扶贫", "2130599": "其他扶贫支出",
           "210": "卫生健康支出", "2080508": None},
    2021: {"20805": "行政事业单位养老支出", "21305": OLD, "2130599": f"其他{OLD}支出", "2080508": None},
    2022: {"21305": OLD, "2130599": f"其他{OLD}支出", "2080508": "对机关事业单位职业年金的补助"},
    2023: {"21305": OLD, "2130599": f"其他{OLD}支出", "2080508": "对机关事业单位职业年金的补助"},
    2024: {"21305": NEW, "2130599": f"其他{NEW}支出", "2130550": "事业运行", "2080508": "对机关事业单位职业年金的补助"},
    2025: {"21305": NEW, "2130599": f"其他{NEW}支出", "210": "卫生健康支出", "20805": "行政事业单位养老支出"},
}


@pytest.mark.parametrize("year", sorted(EDITIONS))
def test_edition_names(year):
    from reportgen.codes import load_tables

    table = load_tables()["function"]
    got = {code: table.name(code, year) for code in EDITIONS[year]}
    assert got == EDITIONS[year]


def test_every_code_has_one_name_per_year():
    from reportgen.codes import load_tables

    for which, table in load_tables().items():
        for code in table._by_code:
            for year in range(2018, 2027):
                assert sum(1 for e in table._by_code[code] if e.covers(year)) <= 1, (which, code, year)


def test_2024_rows_name_their_source():
    from importlib import resources
    import csv

    with resources.files("reportgen.data.codes").joinpath("function.csv").open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["from_year"] == "2024"]
    assert {(r["code"], r["name"]) for r in rows} == {("21305", NEW), ("2130599", f"其他{NEW}支出")}
    assert {r["source"] for r in rows} == {"财预〔2023〕83号《2024年政府收支分类科目》"}


def test_a_name_of_another_edition_says_which(tmp_path):
    """In a 2022 document, the 2024 name of 2130599 is reported with its edition; the table name is printed."""
    from reportgen.build import prepare

    project = copy_example(tmp_path)
    path = tmp_path / "jianghan-2022.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb["表3 支出决算表"]
    row = next(r for r in ws.iter_rows() if r[0].value == "2130599")
    row[1].value = f"其他{NEW}支出"
    cell = row[1].coordinate
    wb.save(path)
    prepared = prepare(project)
    msgs = [f.message for f in prepared.findings if f.rule == "CODE-NAME" and f.where.cell == f"A{row[0].row}"]
    assert msgs == [f"2130599 的科目名称为“其他{NEW}支出”，2022年科目表为“其他{OLD}支出”"
                    f"（“其他{NEW}支出”是2024年起科目表的名称）；文档按科目表名称输出"], (cell, msgs)
    assert prepared.result.t3.get("2130599").name == f"其他{OLD}支出"
