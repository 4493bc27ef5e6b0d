"""Issue 13 — Format B's inputs that had no home, and B's checks (budget spec §2.2, §2.3, §2.11, §5.1, §5.2).

* 公开表2 用事业基金弥补收支差额 = 收入总表 栏12, 公开表3 结转下年 = 支出总表 栏7 (optional last columns);
  they enter 公开表1: 收入总计 = 本年收入合计 + 上年结转 + 用事业基金弥补收支差额 (R3), 支出总计 = 本年支出合计 +
  结转下年 (R4), and the 合计 of 公开表3 counts 结转下年 (R8).  Format A's 收入总表/支出总表 do not print them.
* B's prior-year identity 上年 基本支出 + 项目支出 = 上年 一般公共预算 (N-4), and the projects' 上年 against 项目支出.
* §5.1: the itemized 用途 adds up to 项目本年度预算, each unit-price formula multiplies out to its amount, and every
  cell of the 部门总体资金情况 block has a figure.

The 新洲 2023 example as Format B (its published figures: 一般公共预算 1,597.66 = 基本 1,293.13 + 项目 304.53;
上年 1,722.47 = 基本 1,362.11 + 项目 360.36; 劳务派遣人员工资项目 80.00 in 项目 row 10).  Every expected figure
below is typed from those, never produced by the code under test.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from docx import Document

from budget_b import grid as _grid, public_tables as _public_tables, sheet as _sheet, xrow as _xrow
from conftest import copy_example

LABOUR_ROW = 10            # 项目 row of 劳务派遣人员工资项目 (当年预算 80.00)
NEW_RULES = {"P-PURPOSE", "P-FORMULA", "OVERALL-FUNDS", "OVERALL-FUNDS-SUM", "R4", "N4-PRIOR"}


def _project(folder: Path, fmt: str = "B", edit=None) -> Path:
    project = copy_example(folder, "xinzhou-2023")
    text = project.read_text(encoding="utf-8")
    assert text.count("profile:\n  format: A\n") == 1
    project.write_text(text.replace("profile:\n  format: A\n", f"profile:\n  format: {fmt}\n"), encoding="utf-8")
    if edit:
        path = folder / "xinzhou-2023.xlsx"
        wb = openpyxl.load_workbook(path)
        edit(wb)
        wb.save(path)
    return project


def _col(ws, label: str, header_row: int | None = None) -> int:
    for row in ws.iter_rows(min_row=1, max_row=header_row or 10):
        for c in row:
            if c.value == label:
                return c.column
    raise AssertionError(f"{ws.title}: no header {label}")


def _kv_row(ws, label: str) -> int:
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == label)


def _set_purpose(text: str, row: int = LABOUR_ROW):
    def edit(wb):
        ws = wb["项目"]
        ws.cell(row=row, column=_col(ws, "用途"), value=text)
    return edit


def _findings(prepared, rules=NEW_RULES):
    return [(f.level, f.rule, f.where.short(), f.message) for f in prepared.findings if f.rule in rules]


def _prepare(project: Path):
    from reportgen.build import prepare

    return prepare(project)


def _purpose_cell(folder: Path, row: int = LABOUR_ROW) -> str:
    """项目!<the 用途 column><row> of the edited copy."""
    ws = openpyxl.load_workbook(folder / "xinzhou-2023.xlsx")["项目"]
    return f"项目!{openpyxl.utils.get_column_letter(_col(ws, '用途'))}{row}"


# ---- the example as B: no new finding --------------------------------------------------------------

def test_the_example_as_b_has_no_new_finding(tmp_path):
    prepared = _prepare(_project(tmp_path))
    assert not prepared.findings.errors, [str(f) for f in prepared.findings.errors]
    assert _findings(prepared) == []
    # the warnings it had: E07 (now worded with B's 项目支出), ten A categories, the A 资金来源 columns, two stale
    # years, X10-MISSING
    rules = sorted(f.rule for f in prepared.findings.warnings)
    assert rules == sorted(["N4-PROJECTS"] + ["P-CATEGORY"] * 10 + ["P-SOURCES-FORMAT"] + ["L-YEAR"] * 2
                           + ["X10-MISSING"]), rules
    e07 = [f.message for f in prepared.findings.warnings if f.rule == "N4-PROJECTS"]
    assert e07 == ["项目支出上年预算 360.36 与各项目上年预算之和 330.36 相差 30.00：请在“项目”表中列出上年有、本年已结束的项目"
                   "（本年预算填 0）"]


# ---- §5.1: 用途 breakdown and unit-price formulas --------------------------------------------------

def test_a_breakdown_that_adds_up_and_a_right_formula_give_no_finding(tmp_path):
    prepared = _prepare(_project(tmp_path, edit=_set_purpose(
        "1、劳务派遣人员工资0.5万元/人/月×10人×12月=60万元；2、五险一金及管理费20万元。")))
    assert _findings(prepared) == []


def test_a_breakdown_that_does_not_add_up_is_a_warning_naming_the_cell(tmp_path):
    project = _project(tmp_path, edit=_set_purpose(
        "1、劳务派遣人员工资0.5万元/人/月×10人×12月=60万元；2、五险一金及管理费19.5万元。"))
    prepared = _prepare(project)
    assert _findings(prepared) == [
        ("警告", "P-PURPOSE", _purpose_cell(tmp_path),
         "项目“劳务派遣人员工资项目”的用途中 2 项分项金额之和 79.50 万元与项目本年度预算 80.00 万元不一致（差 0.50）")]
    # the same 用途 is printed by Format A too (部门整体表, 四（三）): the breakdown is checked whatever the format
    prepared = _prepare(_project(tmp_path / "a", fmt="A", edit=_set_purpose(
        "1、劳务派遣人员工资0.5万元/人/月×10人×12月=60万元；2、五险一金及管理费19.5万元。")))
    assert [f[1] for f in _findings(prepared)] == ["P-PURPOSE"]


def test_a_formula_that_does_not_multiply_out_is_a_warning_naming_the_cell(tmp_path):
    # the items add up (50 + 30 = 80): only the formula is wrong, 0.5 × 10 × 12 = 60
    prepared = _prepare(_project(tmp_path, edit=_set_purpose(
        "1、劳务派遣人员工资0.5万元/人/月×10人×12月=50万元；2、五险一金及管理费30万元")))
    assert _findings(prepared) == [
        ("警告", "P-FORMULA", _purpose_cell(tmp_path),
         "项目“劳务派遣人员工资项目”的用途中“0.5万元/人/月×10人×12月=50万元”：0.5×10×12 = 60.00，与所写 50.00 不一致"
         "（差 10.00）")]


def test_a_price_in_yuan_with_a_result_in_wan_yuan(tmp_path):
    # 800元/人/天 × 25人 × 4天 = 80,000 元 = 8 万元 (起草政府工作报告项目, 8.00, 项目 row 9)
    prepared = _prepare(_project(tmp_path, edit=_set_purpose("1、封闭起草食宿费800元/人/天×25人×4天=8万元", row=9)))
    assert _findings(prepared) == []
    prepared = _prepare(_project(tmp_path / "wrong", edit=_set_purpose("1、封闭起草食宿费800元/人/天×25人×4天=9万元", row=9)))
    assert _findings(prepared) == [
        ("警告", "P-FORMULA", _purpose_cell(tmp_path / "wrong", 9),
         "项目“起草政府工作报告项目”的用途中“800元/人/天×25人×4天=9万元”：800×25×4 = 8.00，与所写 9.00 不一致（差 1.00）"),
        ("警告", "P-PURPOSE", _purpose_cell(tmp_path / "wrong", 9),
         "项目“起草政府工作报告项目”的用途中 1 项分项金额之和 9.00 万元与项目本年度预算 8.00 万元不一致（差 1.00）")]


@pytest.mark.parametrize("text", [
    "1、培训费0.5万元/人×10人",                                  # a unit price is not the item's amount
    "1、会议费20万元（含场地费2万元）；2、办公费30万元",         # two amounts in an item: not read for sure
    "1、劳务派遣3人×2000元/月×12月=7.2万元；2、管理费72.8万元",    # 元 on a later factor: 3 × 0.2 × 12 = 7.2
    "1、派遣服务费100万元×50%=50万元；2、其他30万元",             # a percentage: not a unit-price formula
    "1、派遣123456789012345678901234567890人×2=60万元；2、其他20万元",  # not an amount: left alone, no crash
])
def test_ordinary_wording_of_a_breakdown_gives_no_finding(tmp_path, text):
    """Wording a clerk writes every day, which a naive reading took for wrong sums (80.00 is the budget)."""
    prepared = _prepare(_project(tmp_path, edit=_set_purpose(text)))
    assert _findings(prepared) == []


def test_free_text_without_amounts_gives_no_finding(tmp_path):
    prepared = _prepare(_project(tmp_path, edit=_set_purpose(
        "1、劳务派遣人员工资；2、五险一金；3、管理费用（2023年共10人）")))
    assert _findings(prepared) == []


def test_a_sum_or_a_count_is_not_a_unit_price_formula(tmp_path):
    # (0.5 × 10 × 12 + 20) is a sum; “4×100=400份” has no money result: neither is multiplied out
    prepared = _prepare(_project(tmp_path, edit=_set_purpose(
        "1、劳务派遣人员工资及管理费（0.5万元/人/月×10人×12月+20万元）=80万元；印刷4×100=400份")))
    assert _findings(prepared) == []


# ---- §5.1: every cell of the 部门总体资金情况 block -------------------------------------------------

def _blank_prior(label: str):
    def edit(wb):
        ws = wb["上年预算数"]
        ws.cell(row=_kv_row(ws, label), column=2).value = None        # (value=None would not clear)
    return edit


def test_a_blank_prior_cell_of_the_funds_block_is_one_warning_in_b_only(tmp_path):
    prepared = _prepare(_project(tmp_path, edit=_blank_prior("其他资金")))
    ws = openpyxl.load_workbook(tmp_path / "xinzhou-2023.xlsx")["上年预算数"]
    row = _kv_row(ws, "其他资金")
    assert _findings(prepared) == [
        ("警告", "OVERALL-FUNDS", f"上年预算数!B{row}",
         "部门整体绩效目标申报表“部门总体资金情况”收入构成“其他资金”的“上年预算安排情况”没有数字，该格留空："
         "请在“上年预算数”表填写“其他资金”")]
    # Format A prints 前年/上年 columns from the optional 前年预算数: no such check there
    prepared = _prepare(_project(tmp_path / "a", fmt="A", edit=_blank_prior("其他资金")))
    assert _findings(prepared) == []


def test_the_prior_other_funds_print_in_the_b_funds_block(tmp_path):
    from reportgen.build import build

    def edit(wb):
        ws = wb["上年预算数"]
        ws.cell(row=_kv_row(ws, "其他资金"), column=2, value=12.5)
        ws.cell(row=_kv_row(ws, "部门预算总额"), column=2, value=1734.97)
    prepared, written = build(_project(tmp_path, edit=edit), formats=("docx",))
    texts = [[c.text for c in r.cells] for t in Document(str(written["docx"])).tables for r in t.rows]
    other = [r for r in texts if len(r) > 3 and r[2] == "其他资金"]
    assert other and other[0][5] == "12.50", other
    total = [r for r in texts if len(r) > 3 and r[1] == "收入构成" and r[2] == "合计"]
    assert total[0][5] == "1,734.97"


def test_the_prior_income_column_of_the_funds_block_must_add_up(tmp_path):
    """其他资金 上年 10.00 entered, 部门预算总额 left at 1,722.47: the printed column would read
    财政拨款 1,722.47 + 其他资金 10.00 over 合计 1,722.47 — an error naming the 合计's cell."""
    def edit(wb):
        ws = wb["上年预算数"]
        ws.cell(row=_kv_row(ws, "其他资金"), column=2, value=10)
    prepared = _prepare(_project(tmp_path, edit=edit))
    ws = openpyxl.load_workbook(tmp_path / "xinzhou-2023.xlsx")["上年预算数"]
    assert [f for f in _findings(prepared) if f[1] == "OVERALL-FUNDS-SUM"] == [
        ("错误", "OVERALL-FUNDS-SUM", f"上年预算数!B{_kv_row(ws, '部门预算总额')}",
         "部门整体绩效目标申报表“部门总体资金情况”收入构成的“上年预算安排情况”：财政拨款 1,722.47 + 其他资金 10.00 = "
         "1,732.47，合计为 1,722.47（差 10.00）")]


# ---- N-4 in B: 上年 基本支出 + 项目支出 = 上年 一般公共预算 ------------------------------------------

def test_b_prior_identity_is_an_error_naming_the_cell(tmp_path):
    def edit(wb):
        ws = wb["上年预算数"]
        ws.cell(row=_kv_row(ws, "基本支出"), column=2, value=1360)
    prepared = _prepare(_project(tmp_path, edit=edit))
    ws = openpyxl.load_workbook(tmp_path / "xinzhou-2023.xlsx")["上年预算数"]
    assert _findings(prepared) == [
        ("错误", "N4-PRIOR", f"上年预算数!B{_kv_row(ws, '一般公共预算财政拨款支出')}",
         "上年一般公共预算财政拨款支出 1,722.47 不等于基本支出、项目支出上年数之和 1,720.36")]
    # A's parts are 人员类/公用经费运转类/特定目标类 (1,041.02 + 321.09 + 360.36 = 1,722.47): no finding there
    prepared = _prepare(_project(tmp_path / "a", fmt="A", edit=edit))
    assert _findings(prepared) == []


# ---- 公开表2 用事业基金弥补收支差额, 公开表3 结转下年, R3/R4/R8 -------------------------------------

# 项 rows (code, 一般公共预算, 用事业基金弥补收支差额) and (code, 基本, 项目, 结转下年): 2010301 gets 10.00 of each.
# The 合计 and 221/22102 rows are entered as published (1,597.66, 1,293.13, 92.13; §2.12).
INCOME = [("2010301", 1287.73, 10), ("2080505", 114.70, None), ("2101103", 103.10, None),
          ("2210201", 73.74, None), ("2210202", 18.40, None)]
EXPENSE = [("2010301", 983.20, 304.53, 10), ("2080505", 114.70, None, None), ("2101103", 103.10, None, None),
           ("2210201", 73.74, None, None), ("2210202", 18.40, None, None)]


def _first_data_row(ws) -> int:
    """The 合计 row of a blank classified sheet (the row under 栏次)."""
    return next(r for r in range(1, 20) if ws.cell(row=r, column=2).value == "合计")


def _enter_income_expense(expense_total_2010301=1297.73, closing=None, income_cols=None):
    def edit(wb):
        ws = wb["收入总表"]
        top = _first_data_row(ws)
        assert [ws.cell(row=top - 1, column=c).value for c in (3, 13, 14)] == [1, 11, 12]
        total, gpb, fb = 3, 4, (income_cols or 14)
        for c, v in ((total, 1607.66), (gpb, 1597.66), (fb, 10)):
            ws.cell(row=top, column=c, value=v)
        r = top + 1
        for code, amount in (("221", 92.13), ("22102", 92.13)):
            ws.cell(row=r, column=1, value=code)
            ws.cell(row=r, column=total, value=amount)
            ws.cell(row=r, column=gpb, value=amount)
            r += 1
        for code, g, f in INCOME:
            ws.cell(row=r, column=1, value=code)
            ws.cell(row=r, column=gpb, value=g)
            if f:
                ws.cell(row=r, column=fb, value=f)
            r += 1
        ws = wb["支出总表"]
        top = _first_data_row(ws)
        assert [ws.cell(row=top - 1, column=c).value for c in (3, 9)] == [1, 7]
        for c, v in ((3, 1607.66), (4, 1293.13), (5, 304.53), (9, 10)):
            ws.cell(row=top, column=c, value=v)
        r = top + 1
        for code, amount in (("221", 92.13), ("22102", 92.13)):
            ws.cell(row=r, column=1, value=code)
            ws.cell(row=r, column=3, value=amount)
            ws.cell(row=r, column=4, value=amount)
            r += 1
        for code, basic, project, carry in EXPENSE:
            ws.cell(row=r, column=1, value=code)
            ws.cell(row=r, column=4, value=basic)
            if project:
                ws.cell(row=r, column=5, value=project)
            if carry:
                ws.cell(row=r, column=9, value=carry)
            if code == "2010301":
                ws.cell(row=r, column=3, value=expense_total_2010301)     # 合计 entered: checked (R8)
            r += 1
        if closing is not None:
            kv = wb["结转结余"]
            kv.cell(row=_kv_row(kv, "年终结转结余"), column=2, value=closing)
    return edit


@pytest.fixture(scope="module")
def entered(tmp_path_factory):
    from reportgen.build import build

    prepared, written = build(_project(tmp_path_factory.mktemp("b-inputs"), edit=_enter_income_expense()),
                              formats=("docx", "xlsx"))
    return prepared, Document(str(written["docx"])), openpyxl.load_workbook(str(written["xlsx"]))


def test_the_new_inputs_bring_no_error(entered):
    prepared = entered[0]
    assert not prepared.findings.errors, [str(f) for f in prepared.findings.errors]
    assert _findings(prepared) == []


def test_fund_balance_prints_in_table_2(entered):
    _p, doc, wb = entered
    t2 = _grid(_public_tables(doc)[2])
    assert t2[0][-2:] == ["用事业基金弥补收支差额", "上年结转、结余"]
    assert t2[1] == ["", "合计", "1,607.66", "1,597.66", "", "", "", "", "", "10.00", ""]
    row = next(r for r in t2 if r[0] == "2010301")
    assert row == ["2010301", "行政运行", "1,297.73", "1,287.73", "", "", "", "", "", "10.00", ""]
    ws = _sheet(wb, 2)
    assert _xrow(ws, 3)[-2:] == ["用事业基金弥补收支差额", "上年结转、结余"]
    x = next(_xrow(ws, r) for r in range(4, ws.max_row + 1) if _xrow(ws, r)[0] == "2010301")
    assert [x[0], x[3], x[9]] == ["2010301", 1287.73, 10]


def test_carry_next_prints_in_table_3_and_counts_in_its_total(entered):
    _p, doc, wb = entered
    t3 = _grid(_public_tables(doc)[3])
    assert t3[0][-1] == "结转下年"
    assert t3[1] == ["", "合计", "1,607.66", "1,293.13", "304.53", "", "", "", "10.00"]
    row = next(r for r in t3 if r[0] == "2010301")
    assert row == ["2010301", "行政运行", "1,297.73", "983.20", "304.53", "", "", "", "10.00"]
    ws = _sheet(wb, 3)
    assert _xrow(ws, 3)[-1] == "结转下年"
    x = next(_xrow(ws, r) for r in range(4, ws.max_row + 1) if _xrow(ws, r)[0] == "2010301")
    assert x[3:] == [983.2, 304.53, 0, 0, 0, 10]


def test_table_1_r3_and_r4_count_the_new_inputs(entered):
    _p, doc, wb = entered
    t1 = _grid(_public_tables(doc)[1])
    fb = next(r for r in t1 if r[0] == "八、用事业基金弥补收支差额")
    assert fb[1] == "10.00"
    # 201 prints its spending of the year: 1,297.73 less 结转下年 10.00
    assert next(r for r in t1 if r[2] == "201一般公共服务支出")[3] == "1,287.73"
    assert t1[-3][:4] == ["本年收入合计", "1,597.66", "本年支出合计", "1,597.66"]
    assert t1[-2][:4] == ["上年结转", "", "结转下年", "10.00"]
    # R3: 1,597.66 + 0 + 10.00; R4: 1,597.66 + 10.00
    assert t1[-1][:4] == ["收入总计", "1,607.66", "支出总计", "1,607.66"]
    ws = _sheet(wb, 1)
    rows = [_xrow(ws, r) for r in range(5, ws.max_row + 1)]
    assert next(r for r in rows if r[0] == "八、用事业基金弥补收支差额")[1] == 10
    assert next(r for r in rows if r[0] == "收入总计")[:4] == ["收入总计", 1607.66, "支出总计", 1607.66]


def test_r8_the_entered_total_of_table_3_counts_carry_next(tmp_path):
    prepared = _prepare(_project(tmp_path, edit=_enter_income_expense(expense_total_2010301=1287.73)))
    cols = [(f.where.short(), f.message) for f in prepared.findings.errors if f.rule == "T-COL"]
    assert cols == [("支出总表!C9", "支出总表 2010301 行政运行：基本支出 983.20 + 项目支出 304.53 + 结转下年 10.00 = 1,297.73，"
                                    "表中为 1,287.73（差 10.00）")]


def test_r4_closing_and_the_carry_next_column_must_agree(tmp_path):
    prepared = _prepare(_project(tmp_path, edit=_enter_income_expense(closing=5)))
    ws = openpyxl.load_workbook(tmp_path / "xinzhou-2023.xlsx")["结转结余"]
    r4 = [(f.where.short(), f.message) for f in prepared.findings.errors if f.rule == "R4"]
    assert r4 == [(f"结转结余!B{_kv_row(ws, '年终结转结余')}",
                   "结转结余表年终结转结余 5.00（公开表1的结转下年）与支出总表“结转下年”合计 10.00（公开表3）不一致："
                   "请在支出总表按科目填写结转下年，两处应相等")]


def test_format_a_refuses_an_amount_in_a_column_it_does_not_print(tmp_path):
    from reportgen.errors import InputError

    with pytest.raises(InputError) as exc:
        _prepare(_project(tmp_path, fmt="A", edit=_enter_income_expense()))
    # the clerk's fix is in the workbook (the sheet's 填报说明 says so), not in profile.table_layouts
    assert str(exc.value) == ("xinzhou-2023.xlsx 收入总表：“用事业基金弥补收支差额”栏有金额，但本格式的收入总表不列这一栏"
                              "（只有别的格式列出，见该表的填报说明）：请删去这些金额，或在项目文件中改用列出这一栏的格式")


def test_format_a_tables_keep_their_columns(tmp_path):
    from reportgen.build import build

    _prepared, written = build(_project(tmp_path, fmt="A"), formats=("docx", "xlsx"))
    doc = Document(str(written["docx"]))
    heads = [[c.text for c in t.rows[0].cells] for t in doc.tables]
    assert not any("用事业基金弥补收支差额" in h or "结转下年" in h for h in heads)
    wb = openpyxl.load_workbook(str(written["xlsx"]))
    for ws in wb.worksheets:
        values = {c.value for row in ws.iter_rows(max_row=6) for c in row}
        assert "用事业基金弥补收支差额" not in values and "结转下年" not in values, ws.title


def test_a_workbook_without_the_new_columns_still_reads(tmp_path):
    """A 收入总表 made before 栏12 existed (栏次 1…11) reads; the column is blank."""
    def edit(wb):
        _enter_income_expense(income_cols=14)(wb)
        ws = wb["收入总表"]
        for rng in [r for r in ws.merged_cells.ranges if r.max_col >= 14]:
            ws.unmerge_cells(str(rng))
        for r in range(1, ws.max_row + 1):
            ws.cell(row=r, column=14).value = None
        top = _first_data_row(ws)
        ws.cell(row=top, column=3, value=1597.66)          # 合计 without 用事业基金
        ws2 = wb["支出总表"]
        ws2.cell(row=_first_data_row(ws2), column=9).value = None
        for r in range(_first_data_row(ws2) + 1, ws2.max_row + 1):
            ws2.cell(row=r, column=9).value = None
            if ws2.cell(row=r, column=1).value == "2010301":
                ws2.cell(row=r, column=3, value=1287.73)
        ws2.cell(row=_first_data_row(ws2), column=3, value=1597.66)
    prepared = _prepare(_project(tmp_path, edit=edit))
    assert not prepared.findings.errors, [str(f) for f in prepared.findings.errors]
    assert prepared.result.income.total["fund_balance"] == Decimal("0")
    assert prepared.result.summary["income_grand"] == Decimal("1597.66")


def test_init_writes_the_new_columns(tmp_path):
    from reportgen.cli import main

    result = CliRunner().invoke(main, ["init", str(tmp_path / "2024.yaml"), "--kind", "预算", "--department", "X局"])
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(tmp_path / "2024.xlsx")
    ws = wb["收入总表"]
    row = _first_data_row(ws) - 1
    col = _col(ws, "用事业基金弥补收支差额")
    assert ws.cell(row=row, column=col).value == 12
    ws = wb["支出总表"]
    col = _col(ws, "结转下年")
    assert ws.cell(row=_first_data_row(ws) - 1, column=col).value == 7
    kv = wb["上年预算数"]
    assert {"财政拨款", "其他资金"} <= {kv.cell(row=r, column=1).value for r in range(1, kv.max_row + 1)}


# ---- §5.2 B: Σ 资金来源 = 当年金额, Σ 拟投入资金构成 = 当年金额 (both printed in 项目预算资金投入表) ---------

def test_b_sources_must_add_up_to_the_amount(tmp_path):
    from reportgen.kinds.budget import schema as S

    def edit(wb):
        ws = wb["项目"]
        # B's first 资金来源 row (区级安排数); the example's A column 一般公共预算财政拨款 is not read by B
        ws.cell(row=LABOUR_ROW, column=_col(ws, S.PROJECTS.column("src_district").label), value=79.5)
    prepared = _prepare(_project(tmp_path, edit=edit))
    found = [(f.level, f.where.short(), f.message) for f in prepared.findings if f.rule == "P-SOURCES"]
    assert found == [("错误", f"项目!第{LABOUR_ROW}行",
                      "项目“劳务派遣人员工资项目”资金来源之和 79.50 与当年预算 80.00 不一致")]


def test_b_planned_spending_lines_must_add_up_to_the_amount(tmp_path):
    def edit(wb):
        ws = wb["项目支出明细"]
        row = next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == "劳务派遣人员工资项目")
        ws.cell(row=row, column=5, value=ws.cell(row=row, column=5).value - 0.5)
    prepared = _prepare(_project(tmp_path, edit=edit))
    found = [(f.level, f.where.short(), f.message) for f in prepared.findings if f.rule == "P-LINES"]
    assert found == [("错误", f"项目!第{LABOUR_ROW}行",
                      "项目“劳务派遣人员工资项目”支出明细之和 79.50 与当年预算 80.00 不一致")]
