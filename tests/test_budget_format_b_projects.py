"""Issue 13 — Format B's project tables (budget spec §5.2 B, §5.3) as data in formats.yaml.

The 新洲 2023 example built with ``profile: {format: B}``, its 项目 sheet given the B-only inputs in a copy:
the 项目基本信息表 rows (project_info) with the second 负责人/联系电话 (实施单位) and the
“2021-2022年预算及执行情况” (the year label computed from the project year 2023, the 执行 clause only where an
execution amount is entered), the four B 资金来源 rows (project_sources) reading their own columns, the
project tables in 表序 order while the 部门整体 table keeps the sheet's order, and every spelling of the
satisfaction indicator mapped to B's 09服务对象满意度 / 服务对象满意度.
"""
from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from docx import Document

from conftest import copy_example

DEPT = "武汉市新洲区人民政府办公室"
NAMES = ["区政务服务便民热线办理中心运行经费", "防范和处置非法集资", "对外宣传项目", "区政务服务便民热线办理中心整体服务外包",
         "重点办项目", "起草政府工作报告项目", "劳务派遣人员工资项目", "区人民政府公报项目", "侨联项目", "融资信息化管理"]
ROW = {name: 4 + i for i, name in enumerate(NAMES)}        # the 项目 sheet's rows


def _columns(ws) -> dict[str, int]:
    return {c.value: c.column for c in ws[3] if c.value}


def _project(folder: Path, fmt: str = "B", cells: dict | None = None, indicators=None) -> Path:
    """The example as format ``fmt``; ``cells`` = {(project, 项目 column label): value}; ``indicators`` = a new
    二级指标 spelling for every satisfaction indicator."""
    project = copy_example(folder, "xinzhou-2023")
    text = project.read_text(encoding="utf-8")
    assert text.count("profile:\n  format: A\n") == 1
    project.write_text(text.replace("profile:\n  format: A\n", f"profile:\n  format: {fmt}\n"), encoding="utf-8")
    path = folder / "xinzhou-2023.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb["项目"]
    col = _columns(ws)
    assert [ws.cell(row=r, column=1).value for r in ROW.values()] == NAMES
    for (name, label), value in (cells or {}).items():
        ws.cell(row=ROW[name], column=col[label]).value = value      # None clears the cell
    if indicators:
        ws = wb["绩效指标"]
        level2 = _columns(ws)["二级指标"]
        changed = 0
        for r in range(4, ws.max_row + 1):
            if ws.cell(row=r, column=level2).value == "社会公众或服务对象满意度指标":
                ws.cell(row=r, column=level2, value=indicators)
                changed += 1
        assert changed == 38
    wb.save(path)
    return project


def _with_profile(project: Path, keys: str) -> Path:
    """The project file with ``keys`` (YAML lines, indented under profile) after ``format: B``."""
    text = project.read_text(encoding="utf-8")
    assert text.count("profile:\n  format: B\n") == 1
    project.write_text(text.replace("profile:\n  format: B\n", "profile:\n  format: B\n" + keys), encoding="utf-8")
    return project


def _build(project: Path):
    from reportgen.build import build

    prepared, written = build(project, formats=("docx",))
    return prepared, Document(str(written["docx"]))


def _cells(row) -> list[str]:
    """A row's cells as Word shows them: a merged cell once."""
    out, seen = [], set()
    for c in row.cells:
        if id(c._tc) not in seen:
            seen.add(id(c._tc))
            out.append(c.text)
    return out


def _grid(table) -> list[list[str]]:
    return [_cells(r) for r in table.rows]


def _infos(doc) -> dict[str, list[list[str]]]:
    """项目基本信息表 by project name, in document order."""
    return {t.rows[0].cells[1].text: _grid(t) for t in doc.tables if t.rows[0].cells[0].text == "项目名称"}


def _funds(doc) -> list[list[list[str]]]:
    return [_grid(t) for t in doc.tables if t.rows[0].cells[0].text == "项目总金额"]


LABOUR = "劳务派遣人员工资项目"
B_INPUTS = {
    (LABOUR, "支出项目类别"): "经常性项目支出",
    (LABOUR, "实施单位负责人"): "王敏",
    (LABOUR, "实施单位联系电话"): "86925099",
    (LABOUR, "与项目相关单位职能概述"): "负责政府办机关劳务派遣人员的日常管理",
    (LABOUR, "上年绩效评价结果整改及应用"): "按上年评价意见完善劳务派遣人员考核",
    (LABOUR, "前年执行数"): 78.5,
    (LABOUR, "上年执行数"): 80,
    (LABOUR, "资金来源-财政拨款收入（区级安排数）"): 60,
    (LABOUR, "资金来源-财政拨款收入（上级转移支付）"): 15,
    (LABOUR, "资金来源-其他资金（含事业基金及上年结转或结余）"): 5,
    ("侨联项目", "前年执行数"): 11,                      # 上年执行数 left blank
    ("侨联项目", "表序"): 1,
    ("区人民政府公报项目", "表序"): 2,
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return _build(_project(tmp_path_factory.mktemp("b-projects"), cells=B_INPUTS))


def test_info_table_fields_in_order_with_the_second_leader_and_the_computed_year_label(built):
    _prepared, doc = built
    wb = openpyxl.load_workbook(Path(__file__).resolve().parents[1] / "data" / "xinzhou-2023.xlsx")
    plan = wb["项目"].cell(row=ROW[LABOUR], column=_columns(wb["项目"])["项目实施方案"]).value
    assert plan.startswith("根据《中华人民共和国劳动合同法》")
    assert _infos(doc)[LABOUR] == [
        ["项目名称", LABOUR, "项目类别", "经常性项目支出"],
        ["项目申报部门", "新洲区人民政府办公室", "负责人", "李育琴", "联系电话", "86925015"],
        ["项目实施单位", "政府办组织科", "负责人", "王敏", "联系电话", "86925099"],
        ["与项目相关单位职能概述", "负责政府办机关劳务派遣人员的日常管理"],
        ["项目概况", plan],
        ["上年绩效评价结果整改及应用", "按上年评价意见完善劳务派遣人员考核"],
        ["2021-2022年预算及执行情况", "2021年预算80.00万元，执行78.50万元；2022年预算80.00万元，执行80.00万元"],
        ["申报单位名称", DEPT],
    ]


def test_missing_optional_inputs_leave_cells_empty_and_no_invented_text(built):
    infos = _infos(built[1])
    qiao = dict((r[0], r[1]) for r in infos["侨联项目"] if len(r) == 2)
    assert qiao["2021-2022年预算及执行情况"] == "2021年预算12.00万元，执行11.00万元；2022年预算12.00万元"
    outreach = infos["对外宣传项目"]
    assert outreach[2] == ["项目实施单位", "新洲区人民政府办公室", "负责人", "", "联系电话", ""]
    rows = dict((r[0], r[1]) for r in outreach if len(r) == 2)
    assert rows["2021-2022年预算及执行情况"] == "2021年预算15.00万元；2022年预算15.00万元"
    assert rows["与项目相关单位职能概述"] == "" and rows["上年绩效评价结果整改及应用"] == ""


def test_b_fund_sources_labels_and_amounts(built):
    prepared, doc = built
    funds = dict(zip(_infos(doc), _funds(doc)))
    assert funds[LABOUR][:6] == [
        ["项目总金额", "80.00", "当年金额", "80.00"],
        ["2023年预算申报 项目资金来源"],
        ["1、财政拨款收入（区级安排数）", "60.00"],
        ["2、财政拨款收入（上级转移支付）", "15.00"],
        ["3、专户管理的非税收入拨款", ""],
        ["4、其他资金（含事业基金及上年结转或结余）", "5.00"],
    ]
    assert funds[LABOUR][6:8] == [["2023项目拟投入资金构成"], ["项目内容", "经济科目名称", "财拨合计"]]
    assert ["政府采购计划"] in funds[LABOUR] and ["采购类别", "采购目录", "采购数量及计量单位", "总计"] in funds[LABOUR]
    # the other nine entered only A's 一般公共预算 column: blank here, and one warning says why
    assert funds["侨联项目"][2:6] == [["1、财政拨款收入（区级安排数）", ""], ["2、财政拨款收入（上级转移支付）", ""],
                                     ["3、专户管理的非税收入拨款", ""], ["4、其他资金（含事业基金及上年结转或结余）", ""]]
    warns = [(f.where.short(), f.message) for f in prepared.findings.warnings if f.rule == "P-SOURCES-FORMAT"]
    assert warns == [("项目!第4行", "9 个项目的资金来源只填在“资金来源-一般公共预算财政拨款”列，格式 B 的项目表读“资金来源-财政拨款收入（区级安排数）”"
                      "“资金来源-财政拨款收入（上级转移支付）”“资金来源-财政专户管理资金”“资金来源-其他资金（含事业基金及上年结转或结余）”列："
                      "这些项目的资金来源金额留空，请在这些列中填写")]
    assert not prepared.findings.errors, [str(f) for f in prepared.findings.errors]


def test_b_sources_that_do_not_add_up_are_an_error(tmp_path):
    from reportgen.build import prepare

    cells = {k: v for k, v in B_INPUTS.items() if k[1] != "资金来源-其他资金（含事业基金及上年结转或结余）"}
    errors = [(f.rule, f.where.short(), f.message) for f in prepare(_project(tmp_path, cells=cells)).findings.errors]
    assert errors == [("P-SOURCES", "项目!第10行", "项目“劳务派遣人员工资项目”资金来源之和 75.00 与当年预算 80.00 不一致")]


def test_a_keeps_its_own_sources(tmp_path):
    _prepared, doc = _build(_project(tmp_path, "A", cells=B_INPUTS))
    form = next(_grid(t) for t in doc.tables if t.rows[0].cells[0].text == "项目名称" and t.rows[0].cells[1].text == LABOUR)
    at = next(i for i, r in enumerate(form) if r[0] == "项目资金来源")
    sources = [r[1:] for r in form[at:at + 5]]
    assert sources == [["合计", "80.00"], ["1. 一般公共预算财政拨款收入", "80.00"], ["2. 政府性基金预算财政拨款收入", ""],
                       ["3. 财政专户管理资金", ""], ["4. 单位资金", ""]]


def test_project_tables_follow_table_order_and_the_overall_list_the_sheet_order(built):
    _prepared, doc = built
    assert list(_infos(doc)) == ["侨联项目", "区人民政府公报项目", *[n for n in NAMES if n not in ("侨联项目", "区人民政府公报项目")]]
    titles = [p.text for p in doc.paragraphs if p.style.name == "表头信息" and "项目名称：" in p.text]
    assert [t.split("项目名称：")[1].split("　")[0] for t in titles][:3] == ["侨联项目", "区人民政府公报项目", NAMES[0]]
    overall = next(t for t in doc.tables if t.rows[0].cells[0].text == "单位名称")
    listed = [c[1] for c in _grid(overall) if len(c) > 1 and c[1].startswith("项目") and "：" in c[1]]
    assert listed == [f"项目{i}：{n}" for i, n in enumerate(NAMES, start=1)]


def test_a_repeated_table_order_is_an_error(tmp_path):
    from reportgen.build import prepare

    cells = {("侨联项目", "表序"): 1, ("区人民政府公报项目", "表序"): 1}
    errors = [(f.rule, f.where.short(), f.message) for f in prepare(_project(tmp_path, cells=cells)).findings.errors]
    assert errors == [("P-ORDER", f"项目!{_letter('表序')}12", "表序 1 重复：项目“区人民政府公报项目”和“侨联项目”；每个项目的表序应不同")]


def test_a_table_order_on_a_project_without_tables_is_a_warning(tmp_path):
    from reportgen.build import prepare

    cells = {("融资信息化管理", "单独列表"): "否", ("融资信息化管理", "表序"): 3}
    prepared = prepare(_project(tmp_path, cells=cells))
    assert not prepared.findings.errors
    warns = [(f.where.short(), f.message) for f in prepared.findings.warnings if f.rule == "P-ORDER"]
    assert warns == [(f"项目!{_letter('表序')}13", "项目“融资信息化管理”的“单独列表”为“否”（没有项目表），表序 3 不起作用")]


def test_an_execution_amount_without_its_budget_is_an_error(tmp_path):
    from reportgen.build import prepare

    cells = {("侨联项目", "上年预算"): None, ("侨联项目", "上年执行数"): 9}
    errors = [(f.rule, f.where.short(), f.message) for f in prepare(_project(tmp_path, cells=cells)).findings.errors]
    assert errors == [("P-EXEC", f"项目!{_letter('上年执行数')}12",
                       "项目“侨联项目”填了2022年执行数 9.00，但2022年预算留空：请填写该年预算，或删去执行数")]


def _letter(label: str) -> str:
    wb = openpyxl.load_workbook(Path(__file__).resolve().parents[1] / "data" / "xinzhou-2023.xlsx")
    return openpyxl.utils.get_column_letter(_columns(wb["项目"])[label])


@pytest.mark.parametrize("spelling", ["社会公众或服务对象满意度指标", "服务对象满意度指标", "服务对象满意度", "满意度指标"])
def test_every_spelling_of_the_satisfaction_indicator_maps_to_bs_name(tmp_path, spelling):
    prepared, doc = _build(_project(tmp_path, indicators=spelling))
    assert not [f for f in prepared.findings.warnings if f.rule == "I-LEVEL2"]
    # 项目绩效目标评价指标表 of 劳务派遣人员工资项目: its two annual satisfaction indicators
    tables = [t for t in doc.tables if _cells(t.rows[0]) == ["一级目标", "二级目标", "明细指标内容", "指标值", "指标说明"]]
    labour = tables[NAMES.index(LABOUR)]
    rows = [r[:3] for r in _grid(labour) if "满意度" in r[2]]
    assert rows == [["项目效益", "09服务对象满意度", "劳务派遣工作机关满意度"],
                    ["项目效益", "09服务对象满意度", "区政府劳务派遣工作群众满意度"]]
    overall = next(t for t in doc.tables if t.rows[0].cells[0].text == "单位名称")
    levels = {(r[1], r[2]) for r in (_cells(row) for row in overall.rows) if len(r) > 3 and "满意度" in r[3]}
    assert levels == {("项目效益", "服务对象满意度")}


def test_a_profile_row_naming_no_project_column_is_one_message(tmp_path):
    from reportgen.build import prepare
    from reportgen.errors import InputError

    project = _with_profile(_project(tmp_path), "  project_info:\n    - [{label: 项目名称, value: name}]\n"
                                                "    - [{label: 负责人, value: leader3}]\n")
    with pytest.raises(InputError) as exc:
        prepare(project)
    message = str(exc.value)
    assert message.startswith("xinzhou-2023.yaml 第13行：profile.project_info 的每一行须有 1 至 3 项 {label, value}，"
                              "value 为“项目”表的列（")
    assert message.endswith("）或 dept、history，现为“[{'label': '负责人', 'value': 'leader3'}]”")


def test_a_profile_spelling_adds_to_the_shipped_ones(tmp_path):
    project = _with_profile(_project(tmp_path, indicators="群众满意程度"),
                            "  indicator_spellings: {群众满意程度: 社会公众或服务对象满意度指标}\n")
    prepared, doc = _build(project)
    assert not [f for f in prepared.findings.warnings if f.rule == "I-LEVEL2"]
    labour = [t for t in doc.tables if _cells(t.rows[0])[:2] == ["一级目标", "二级目标"]][NAMES.index(LABOUR)]
    assert {tuple(r[:2]) for r in _grid(labour) if "满意度" in r[2]} == {("项目效益", "09服务对象满意度")}


def test_init_blank_workbook_carries_the_new_project_columns(tmp_path):
    from click.testing import CliRunner

    from reportgen.cli import main

    result = CliRunner().invoke(main, ["init", str(tmp_path / "b2024.yaml"), "--kind", "预算", "--department", "X局"])
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(tmp_path / "b2024.xlsx")["项目"]
    col = _columns(ws)
    for label in ("前年执行数", "上年执行数", "表序", "实施单位负责人", "实施单位联系电话", "资金来源-财政拨款收入（区级安排数）",
                  "资金来源-财政拨款收入（上级转移支付）", "资金来源-其他资金（含事业基金及上年结转或结余）"):
        assert label in col, label
    assert ws.cell(row=3, column=col["表序"]).comment.text == (
        "表序：整数。项目表（一项一表）的先后顺序 1、2、3…；留空按本表的行序排在有表序的项目之后。"
        "部门整体绩效目标申报表中的项目始终按本表的行序。可不填。")


def test_an_amount_or_a_date_chosen_for_the_info_table_prints_as_the_document_prints_them(tmp_path):
    # a district's project_info may name any 项目 column: an amount prints as in the tables, a date as
    # the document writes dates — never Decimal or ISO text
    project = _with_profile(_project(tmp_path, cells={("区政务服务便民热线办理中心运行经费", "项目总预算"): 1234.5}),
                            "  project_info:\n    - [{label: 项目名称, value: name}]\n"
                            "    - [{label: 项目总预算（万元）, value: total_budget}, {label: 申报日期, value: date}]\n"
                            "    - [{label: 起始年度, value: start_year}]\n")
    _prepared, doc = _build(project)
    assert _infos(doc)["区政务服务便民热线办理中心运行经费"] == [
        ["项目名称", "区政务服务便民热线办理中心运行经费"],
        ["项目总预算（万元）", "1,234.50", "申报日期", "2022年10月12日"],
        ["起始年度", "2023"],
    ]


@pytest.mark.parametrize("fmt,prior", [("A", None), ("B", None), ("B", "新增")])
def test_a_project_with_a_budget_two_years_ago_and_none_last_year_is_not_called_new(tmp_path, fmt, prior):
    # 上年预算 blank means 新增 by default — unless 前年预算 is entered: then the project is not new (even
    # where 上年情况 says 新增), and only the entered year is printed
    cells = {**B_INPUTS, (LABOUR, "上年预算"): None, (LABOUR, "上年执行数"): None, (LABOUR, "上年情况"): prior}
    prepared, doc = _build(_project(tmp_path, fmt, cells=cells))
    said = "“上年情况”填了“新增”，但" if prior else ""
    assert [(f.rule, str(f.where), f.message) for f in prepared.findings.infos if f.rule == "P-GAP"] == [
        ("P-GAP", f"xinzhou-2023.xlsx 项目!{_letter('上年预算')}{ROW[LABOUR]}",
         f"项目“劳务派遣人员工资项目”{said}填了2021年预算，2022年预算留空：文中只写2021年的预算，不称“新增项目”。"
         "如上年有预算，请填写")]
    rows = {r[0]: r[1] for r in _infos(doc)[LABOUR] if len(r) >= 2}
    if fmt == "B":
        assert rows["2021-2022年预算及执行情况"] == "2021年预算80.00万元，执行78.50万元"
    else:                                   # Format A prints amounts without trailing zeros
        assert rows["项目前两年预算及当年预算变动情况"] == "2021年预算80万元"
    assert not any("新增" in c for r in _infos(doc)[LABOUR] for c in r)
