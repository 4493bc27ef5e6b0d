"""Issue 13 — Format B's 公开表 as budget spec §2 specifies them (the 新洲 2023 example, ``profile: {format: B}``).

The column sets are data (formats.yaml ``table_layouts``): the header cells asserted here are those of
budget.md §2.1–§2.8 (B), read from the generated .docx and .xlsx.  The 支出（部门预算经济分类） block of
公开表1/4 (§2.1 B, identity X10) is fed by the new optional sheet 项目支出经济分类: without it the block
lists its ten 类 rows with blank amounts (no zeros invented) and one warning says what is missing.

Expected figures are the published ones (budget spec §2.5/§2.6, the official rounding of §2.12: entered
totals are authoritative): 合计 1,597.66 = 基本支出 1,293.13 + 项目支出 304.53; 基本支出表 301 = 941.73,
302 = 297.51, 303 = 53.89; 人员经费 995.62.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from docx import Document

from budget_b import grid as _grid, public_tables as _public_tables, sheet as _sheet, xrow as _xrow
from conftest import copy_example

DEPT = "武汉市新洲区人民政府办公室"
ECON_LABELS = ["301工资福利支出", "302商品和服务支出", "303对个人和家庭的补助", "307债务利息及费用支出",
               "309资本性支出（基本建设）", "310资本性支出", "311对企业补助（基本建设）", "312对企业补助",
               "313对社会保障基金补助", "399其他支出"]


def _project(folder: Path, fmt: str = "B", econ_rows=None, categories=None) -> Path:
    project = copy_example(folder, "xinzhou-2023")
    text = project.read_text(encoding="utf-8")
    assert text.count("profile:\n  format: A\n") == 1
    project.write_text(text.replace("profile:\n  format: A\n", f"profile:\n  format: {fmt}\n"), encoding="utf-8")
    if econ_rows is not None or categories:
        path = folder / "xinzhou-2023.xlsx"
        wb = openpyxl.load_workbook(path)
        if econ_rows is not None:
            ws = wb["项目支出经济分类"]                       # the blank sheet of the built example
            assert [c.value for c in ws[3]][:5] == ["经济分类科目编码", "一般公共预算", "政府性基金预算", "其他资金", "项目名称"]
            assert all(c.value is None for r in ws.iter_rows(min_row=4) for c in r)
            for i, row in enumerate(econ_rows):
                for j, value in enumerate(row):
                    ws.cell(row=4 + i, column=1 + j, value=value)
        for row, value in (categories or {}).items():
            wb["项目"].cell(row=row, column=_columns(wb["项目"])["支出项目类别"], value=value)
        wb.save(path)
    return project


def _build(project: Path):
    from reportgen.build import build

    prepared, written = build(project, formats=("docx", "xlsx"))
    return prepared, Document(str(written["docx"])), openpyxl.load_workbook(str(written["xlsx"]))


@pytest.fixture(scope="module")
def plain(tmp_path_factory):
    return _build(_project(tmp_path_factory.mktemp("b-plain")))


# 项目 rows 10 (劳务派遣人员工资项目, 80.00) and 4 (区政务服务便民热线办理中心运行经费) get B categories
ECON = [("30226", 80, None, None, "劳务派遣人员工资项目"), ("30299", 224.53, None, None, None)]


@pytest.fixture(scope="module")
def with_econ(tmp_path_factory):
    project = _project(tmp_path_factory.mktemp("b-econ"), econ_rows=ECON,
                       categories={4: "经常性项目支出", 10: "一次性项目支出"})
    return _build(project)


# ---- header cells of every 公开表 (spec §2, B) ------------------------------------------------------

B_HEADERS = {
    1: [["收入", "收入", "支出（功能分类）", "支出（功能分类）", "支出（部门预算经济分类）", "支出（部门预算经济分类）"],
        ["项目", "预算数", "项目", "预算数", "项目", "预算数"]],
    2: [["功能科目编码", "功能科目名称", "总计", "一般公共预算财政拨款收入", "政府性基金预算财政拨款收入", "事业收入",
         "上级补助收入", "事业单位经营收入", "其他收入", "用事业基金弥补收支差额", "上年结转、结余"]],
    3: [["功能科目编码", "功能科目名称", "总计", "基本支出", "项目支出", "上缴上级支出", "对附属单位补助支出",
         "事业单位经营支出", "结转下年"]],
    4: [["收入", "收入", "支出（功能分类）", "支出（功能分类）", "支出（功能分类）", "支出（部门预算经济分类）",
         "支出（部门预算经济分类）", "支出（部门预算经济分类）"],
        ["项目", "预算数", "项目", "一般公共预算", "政府性基金预算", "项目", "一般公共预算", "政府性基金预算"]],
    5: [["功能科目编码", "功能科目名称", "总计", "基本支出", "项目支出"]],
    6: [["经济科目编码", "经济科目名称", "基本支出", "基本支出", "基本支出"],
        ["经济科目编码", "经济科目名称", "小计", "人员经费", "公用经费"]],
    7: [["项目", "本年预算数", "情况说明"]],
    8: [["功能科目编码", "功能科目名称", "单位代码", "单位名称", "本年政府性基金预算支出", "本年政府性基金预算支出",
         "本年政府性基金预算支出"],
        ["功能科目编码", "功能科目名称", "单位代码", "单位名称", "总计", "基本支出", "项目支出"]],
}


@pytest.mark.parametrize("n", sorted(B_HEADERS))
def test_docx_header_cells_are_bs_column_set(plain, n):
    table = _public_tables(plain[1])[n]
    assert _grid(table)[:len(B_HEADERS[n])] == B_HEADERS[n]


@pytest.mark.parametrize("n", sorted(B_HEADERS))
def test_xlsx_header_cells_are_bs_column_set(plain, n):
    ws = _sheet(plain[2], n)
    rows = [_xrow(ws, 3 + i) for i in range(len(B_HEADERS[n]))]
    # a merged range shows its text in its top-left cell: fill the rest as Word shows it
    for r in ws.merged_cells.ranges:
        if r.min_row < 3:
            continue
        value = ws.cell(row=r.min_row, column=r.min_col).value
        for rr in range(r.min_row, r.max_row + 1):
            for c in range(r.min_col, r.max_col + 1):
                if 3 <= rr < 3 + len(rows):
                    rows[rr - 3][c - 1] = value
    assert rows == B_HEADERS[n]


def test_gpb_and_expense_rows_without_a_personnel_public_split(plain):
    t5 = _grid(_public_tables(plain[1])[5])
    assert t5[1] == ["", "合计", "1,597.66", "1,293.13", "304.53"]
    assert t5[2] == ["201", "一般公共服务支出", "1,287.73", "983.20", "304.53"]
    ws = _sheet(plain[2], 5)
    assert _xrow(ws, 4) == ["合计", None, "=C5+C8+C11+C14", "=D5+D8+D11+D14", "=E5+E8+E11+E14"]
    assert _xrow(ws, 7) == ["2010301", "行政运行", 1287.73, 983.2, 304.53]


def test_basic_table_b_header_and_total(plain):
    t6 = _grid(_public_tables(plain[1])[6])
    assert t6[2] == ["", "合计", "1,293.13", "995.62", "297.51"]
    assert t6[3] == ["301", "工资福利支出", "941.73", "941.73", ""]


def test_sangong_is_vertical_with_reasons_and_its_note(plain):
    doc = plain[1]
    t7 = _grid(_public_tables(doc)[7])
    assert t7[1:] == [
        ["合计", "40.00", ""],
        ["1.因公出国（境）费用", "", "没有计划因公出国（境）活动"],
        ["2.公务用车购置及运行维护费", "40.00", ""],
        ["其中：(1)公务用车购置", "", "没有计划购置公务用车"],
        ["(2)公务用车运行维护费", "40.00", "2022年拟更新小车一辆，已报公车办审批，2022年公务用车总数量维持不变"],
        ["3.公务接待费", "", "2023年政策不提倡公务接待，没有编制公务接待的预算"],
    ]
    texts = [p.text for p in doc.paragraphs]
    note = next(t for t in texts if t.startswith("注：1.因公出国（境）费用："))
    assert "包括省部级干部专车、一般公务用车和执法执勤用车" in note and "车辆购置税" in note
    ws = _sheet(plain[2], 7)
    assert _xrow(ws, 4) == ["合计", 40, None]
    assert ws.cell(row=10, column=1).value == note


def test_fund_table_has_unit_columns_and_the_empty_note(plain):
    doc = plain[1]
    t8 = _grid(_public_tables(doc)[8])
    assert t8[2] == ["", "合计", "", "", "", "", ""]
    assert "注：本部门无政府性基金预算财政拨款支出。" in [p.text for p in doc.paragraphs]


def test_summary_b_rows_and_footers(plain):
    t1 = _grid(_public_tables(plain[1])[1])
    assert [r[0] for r in t1[2:10]] == ["一、一般公共预算财政拨款收入", "二、政府性基金预算财政拨款收入", "三、事业收入",
                                       "四、上级补助收入", "五、附属单位上缴收入", "六、事业单位经营收入", "七、其他收入",
                                       "八、用事业基金弥补收支差额"]
    assert t1[2][1] == "1,597.66"
    assert [r[2] for r in t1[2:5]] == ["201一般公共服务支出", "203国防支出", "204公共安全支出"]
    assert t1[-3][0::2] == ["本年收入合计", "本年支出合计", "本年支出合计"]
    assert t1[-2][0::2] == ["上年结转", "结转下年", "结转下年"]
    assert t1[-1][0::2] == ["收入总计", "支出总计", "支出总计"]
    assert t1[-3][1] == "1,597.66" and t1[-3][3] == "1,597.66"


# ---- the economic block (spec §2.1 B, X10) ----------------------------------------------------------

def test_without_the_sheet_the_economic_block_has_labels_but_no_invented_amounts(plain):
    prepared, doc, wb = plain
    t1 = _grid(_public_tables(doc)[1])
    assert [r[4] for r in t1[2:12]] == ECON_LABELS
    assert [r[5] for r in t1[2:12]] == [""] * 10
    assert t1[-3][5] == "" and t1[-1][5] == ""        # the block's total is unknown too
    t4 = _grid(_public_tables(doc)[4])
    assert [r[5] for r in t4[2:12]] == ECON_LABELS and {r[6] for r in t4[2:12]} == {""}
    ws = _sheet(wb, 1)
    assert [_xrow(ws, r)[4:6] for r in range(5, 8)] == [[lab, None] for lab in ECON_LABELS[:3]]
    missing = [f.message for f in prepared.findings.warnings if f.rule == "X10-MISSING"]
    assert missing == ["公开表1、公开表4的“支出（部门预算经济分类）”栏没有项目支出按经济分类的金额（项目支出 304.53 万元），"
                       "该栏金额留空：请增加工作表“项目支出经济分类”，按经济分类科目填写各项目支出"]


def test_with_the_sheet_the_economic_block_is_basic_plus_projects(with_econ):
    prepared, doc, wb = with_econ
    assert not prepared.findings.errors, [str(f) for f in prepared.findings.errors]
    t1 = _grid(_public_tables(doc)[1])
    econ = {r[4]: r[5] for r in t1[2:12]}
    assert econ == {"301工资福利支出": "941.73", "302商品和服务支出": "602.04", "303对个人和家庭的补助": "53.89",
                    **{lab: "" for lab in ECON_LABELS[3:]}}
    assert t1[-3][4:] == ["本年支出合计", "1,597.66"]
    t4 = _grid(_public_tables(doc)[4])
    assert {r[5]: (r[6], r[7]) for r in t4[2:5]} == {"301工资福利支出": ("941.73", ""),
                                                      "302商品和服务支出": ("602.04", ""),
                                                      "303对个人和家庭的补助": ("53.89", "")}
    ws = _sheet(wb, 1)
    assert [(_xrow(ws, r)[4], Decimal(str(_xrow(ws, r)[5]))) for r in range(5, 8)] == [
        ("301工资福利支出", Decimal("941.73")), ("302商品和服务支出", Decimal("602.04")),
        ("303对个人和家庭的补助", Decimal("53.89"))]
    # X10 holds exactly: 941.73 + 602.04 + 53.89 = 1,597.66 = 本年支出合计
    assert not [f for f in prepared.findings if f.rule == "X10"]
    assert not [f for f in prepared.findings.warnings if f.rule == "X10-MISSING"]


def test_x10_error_names_the_sheet(tmp_path):
    from reportgen.build import prepare

    project = _project(tmp_path, econ_rows=[("30226", 80, None, None, None), ("30299", 200, None, None, None)])
    prepared = prepare(project)
    errors = [(f.where.short(), f.message) for f in prepared.findings.errors if f.rule == "X10"]
    assert errors[0] == ("项目支出经济分类", "经济分类栏（全部资金）合计 1,573.13（基本支出表 + 工作表“项目支出经济分类”）与本年支出合计 "
                         "1,597.66 不一致：各项目按经济分类的金额之和应等于项目支出（差 24.53）")
    assert len(errors) == 2                          # the 一般公共预算 column of 公开表4 too


# ---- B's 项目类别 (spec §5.2 B) ----------------------------------------------------------------------

def test_b_project_categories_are_accepted(with_econ):
    prepared, doc, _wb = with_econ
    flagged = {f.where.short() for f in prepared.findings.warnings if f.rule == "P-CATEGORY"}
    assert "项目!C4" not in flagged and "项目!C10" not in flagged
    assert "项目!C5" in flagged                      # still A's 特定目标类
    info = next(t for t in doc.tables if t.rows[0].cells[0].text == "项目名称")
    assert [c.text for c in info.rows[0].cells] == ["项目名称", "区政务服务便民热线办理中心运行经费", "项目类别",
                                                  "经常性项目支出", "经常性项目支出", "经常性项目支出"]


def test_an_a_category_in_b_is_one_warning_naming_the_cell(plain):
    msgs = [(f.where.short(), f.message) for f in plain[0].findings.warnings if f.rule == "P-CATEGORY"]
    assert len(msgs) == 10
    assert msgs[0] == ("项目!C4", "项目“区政务服务便民热线办理中心运行经费”的支出项目类别“特定目标类”不是格式 B 的项目类别"
                                 "（可选：经常性项目支出、延续性项目支出、一次性项目支出）；按项目支出统计")


# ---- a project without tables, an explicit "unknown" prior year (issue 13) ----------------------------

def _flagged(folder: Path, fmt: str) -> Path:
    """侨联项目 (row 12): 上年预算 cleared, 上年情况 = 不详; 融资信息化管理 (row 13): 单独列表 = 否."""
    project = _project(folder, fmt)
    path = folder / "xinzhou-2023.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb["项目"]
    col = _columns(ws)
    ws.cell(row=12, column=col["上年预算"]).value = None
    ws.cell(row=12, column=col["上年情况"], value="不详")
    ws.cell(row=13, column=col["单独列表"], value="否")
    wb.save(path)
    return project


def _columns(ws) -> dict[str, int]:
    """The 项目 sheet's header labels → column numbers (row 3 of the built example)."""
    return {c.value: c.column for c in ws[3] if c.value}


def test_b_project_without_tables_and_with_an_unknown_prior_year(tmp_path):
    prepared, doc, _wb = _build(_flagged(tmp_path, "B"))
    assert not prepared.findings.errors, [str(f) for f in prepared.findings.errors]
    titles = [p.text for p in doc.paragraphs if p.style.name == "附件标题"]
    assert titles.count("项目基本信息表") == 9 and titles.count("项目绩效目标评价指标表") == 9
    infos = [t for t in doc.tables if t.rows[0].cells[0].text == "项目名称"]
    names = [t.rows[0].cells[1].text for t in infos]
    assert "融资信息化管理" not in names and "侨联项目" in names
    qiao = infos[names.index("侨联项目")]
    prior = {r.cells[0].text: r.cells[1].text for r in qiao.rows}["2021-2022年预算及执行情况"]
    assert prior == "2021年预算12.00万元"                   # no invented 新增项目
    # the 部门整体 table still lists all ten projects, 融资信息化管理 included
    overall = next(t for t in doc.tables if t.rows[0].cells[0].text == "单位名称")
    assert "融资信息化管理" in {c.text for r in overall.rows for c in r.cells}


def test_a_project_without_tables_and_with_an_unknown_prior_year(tmp_path):
    prepared, doc, _wb = _build(_flagged(tmp_path, "A"))
    assert not prepared.findings.errors, [str(f) for f in prepared.findings.errors]
    titles = [p.text for p in doc.paragraphs if p.style.name == "附件标题"]
    assert titles.count("部门项目申报表（含绩效目标）") == 9
    forms = [t for t in doc.tables if t.rows[0].cells[0].text == "项目名称"]
    names = [t.rows[0].cells[1].text for t in forms]
    assert "融资信息化管理" not in names
    qiao = forms[names.index("侨联项目")]
    cells = {r.cells[0].text: r.cells[1].text for r in qiao.rows}
    assert cells["项目前两年预算及当年预算变动情况"] == ""
    assert not any("新增" in c.text for r in qiao.rows for c in r.cells)


def test_unknown_prior_with_an_entered_prior_budget_is_an_error(tmp_path):
    from reportgen.build import prepare

    project = _flagged(tmp_path, "B")
    path = tmp_path / "xinzhou-2023.xlsx"
    wb = openpyxl.load_workbook(path)
    wb["项目"].cell(row=12, column=_columns(wb["项目"])["上年预算"], value=12)
    wb.save(path)
    errors = [(f.where.short(), f.message) for f in prepare(project).findings.errors]
    col = openpyxl.utils.get_column_letter(_columns(wb["项目"])["上年情况"])
    assert errors == [(f"项目!{col}12", "项目“侨联项目”已填上年预算 12.00，“上年情况”应留空（填“不详”只用于上年预算留空时）")]


# ---- the B 部门整体绩效目标申报表 (spec §5.1 B, §5.3) --------------------------------------------------

def _overall_b(doc):
    return next(t for t in doc.tables if t.rows[0].cells[0].text == "单位名称")


def test_b_overall_table_money_block_rows_and_prior_year_column(plain):
    rows = _grid(_overall_b(plain[1]))
    assert rows[0][:2] == ["单位名称", DEPT]
    assert rows[2] == ["部门总体资金情况", "总体资金情况", "总体资金情况", "当年金额", "占比", "上年预算安排情况",
                       "上年预算安排情况"]
    # 上年: 上年预算数 sheet — 部门预算总额 1,722.47, 基本支出 1,362.11, 项目支出 360.36
    assert rows[3:9] == [
        ["", "收入构成", "财政拨款", "1,597.66", "100.00%", "1,722.47", "1,722.47"],
        ["", "收入构成", "其他资金", "", "0.00%", "", ""],
        ["", "收入构成", "合计", "1,597.66", "100.00%", "1,722.47", "1,722.47"],
        ["", "支出构成", "基本支出", "1,293.13", "80.94%", "1,362.11", "1,362.11"],
        ["", "支出构成", "项目支出", "304.53", "19.06%", "360.36", "360.36"],
        ["", "支出构成", "合计", "1,597.66", "100.00%", "1,722.47", "1,722.47"],
    ]
    assert not any(r[2] in ("人员类项目支出", "运转类项目支出", "特定目标类项目支出") for r in rows)


def test_b_overall_table_project_names_and_indicator_grids(plain):
    rows = _grid(_overall_b(plain[1]))
    head = next(i for i, r in enumerate(rows) if r[0] == "项目支出情况")
    assert rows[head][3] == "项目类型"
    assert rows[head + 1][1] == "项目1：区政务服务便民热线办理中心运行经费"
    assert rows[head + 10][1] == "项目10：融资信息化管理"
    grids = [r for r in rows if r[1] == "一级指标"]
    assert len(grids) == 18                          # 9 goals × (长期, 年度)
    assert all(r[2:] == ["二级指标", "三级指标", "指标值", "指标值", "指标值说明"] for r in grids)
    assert not any(r[4:6] == ["前年", "上年"] for r in rows)
    levels = {(r[1], r[2]) for r in rows if r[1] in ("项目产出", "项目效益")}
    assert levels == {("项目产出", "产出数量"), ("项目产出", "产出质量"), ("项目产出", "成本控制"),
                      ("项目效益", "经济效益指标"), ("项目效益", "社会效益指标"), ("项目效益", "可持续影响指标"),
                      ("项目效益", "服务对象满意度")}
    assert ["", "项目产出", "产出数量", "按季度及时编印区人民政府公报", "4期", "4期", "每期限公报发行"] in rows


def test_a_column_set_that_drops_an_amount_is_one_message(tmp_path):
    from reportgen.build import prepare
    from reportgen.errors import InputError

    project = _project(tmp_path)
    text = project.read_text(encoding="utf-8").replace(
        "profile:\n  format: B\n",
        "profile:\n  format: B\n  table_layouts:\n    gpb:\n      id: columns_gpb_b\n      kind: columns\n"
        "      columns:\n        - {key: code, label: 功能科目编码, kind: code}\n"
        "        - {key: name, label: 功能科目名称, kind: name}\n        - {key: total, label: 总计}\n")
    project.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        prepare(project)
    assert str(exc.value) == ("xinzhou-2023.yaml 第13行：一般公共预算支出表的“基本支出、人员经费、公用经费、项目支出”有金额，"
                              "但本格式的该表没有这一栏；请在项目文件 profile.table_layouts.gpb 中加入")
