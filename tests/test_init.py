"""``reportgen init`` (issue 4): the project file, the blank workbook made for people, ``--from``.

* ``init`` then filling the blank workbook with the example's figures (read from
  data/jianghan-2022.xlsx with the reader, written cell by cell with openpyxl) and copying the
  example's texts, then ``build``, gives the example's document and tables;
* the blank workbook: 填报说明 first, hidden 科目代码 sheet, frozen and protected headers,
  unlocked and marked input cells, data validation, 科目名称 by formula, comments on headers;
  LibreOffice converts it to PDF (this test needs soffice and does not skip without it);
* ``--from`` rolls the example forward: 上年 figures equal the example's 本年 figures exactly,
  years move on, lasting texts are carried, year-bound texts cleared and listed as a to-do.
"""
from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import yaml
from click.testing import CliRunner

from conftest import DATA, copy_example
from reportgen.cli import main
from reportgen.kinds.final_accounts import schema as S
from reportgen.workbook import schema as WS
from reportgen.workbook.blank import CODE_SHEET, INSTRUCTIONS_SHEET
from reportgen.workbook.reader import WorkbookReader

DEPT = "武汉市江汉区人民政府办公室"


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.output


# -- filling a blank workbook from a read one -----------------------------------------------------

def _find_row(ws, col: int, value, first: int = 1) -> int:
    for r in range(first, ws.max_row + 1):
        if ws.cell(row=r, column=col).value == value:
            return r
    raise AssertionError(f"{ws.title}: {value} not found in column {col}")


def fill_workbook(path: Path, data, schema: WS.WorkbookSchema = S.SCHEMA) -> None:
    """Write every figure of ``data`` (a reader result) into the blank workbook at ``path``,
    where a person would type it: 项 rows, input rows of 表1/表4, 表6 款 rows, 表9 detail columns,
    项目/数值 pairs and list records."""
    wb = openpyxl.load_workbook(path)
    for sheet in schema.sheets:
        ws, d = wb[sheet.content_name[:31]], data[sheet.name]
        if isinstance(sheet, WS.FuncTableSheet):
            leaf = 7 if getattr(sheet, "classification", "function") == "function" else 5
            rows = [row for row in d.rows if len(row.code) == leaf]
            for r, row in enumerate(rows, start=7):
                ws.cell(row=r, column=1, value=row.code)
                for col in sheet.columns:
                    cell = row.values.get(col.no)
                    if not col.computed and cell is not None and cell.value is not None:
                        ws.cell(row=r, column=2 + col.no, value=cell.value)
        elif isinstance(sheet, WS.FixedTableSheet):
            nl = len(sheet.left_columns)
            for base, rows, cols in ((1, sheet.left_rows, sheet.left_columns),
                                     (3 + nl, sheet.right_rows, sheet.right_columns)):
                for frow in rows:
                    if not frow.input:
                        continue
                    r = _find_row(ws, base + 1, frow.no, first=6)
                    for i, col in enumerate(cols):
                        cell = d.values.get((frow.no, col.no))
                        if cell is not None and cell.value is not None:
                            ws.cell(row=r, column=base + 2 + i, value=cell.value)
        elif isinstance(sheet, WS.EconTableSheet):
            where = {}
            for row in ws.iter_rows(min_row=5):
                for c in row:
                    if isinstance(c.value, str) and c.value.isdigit():
                        where[c.value] = (c.row, c.column)
            for code, (_name, cell) in d.entries.items():
                if len(code) == 5 and cell.value is not None:
                    r, c = where[code]
                    ws.cell(row=r, column=c + 2, value=cell.value)
        elif isinstance(sheet, WS.RowTableSheet):
            for col in sheet.columns:
                cell = d.values.get(col.no)
                if not col.computed and cell is not None and cell.value is not None:
                    ws.cell(row=6, column=col.no, value=cell.value)
        elif isinstance(sheet, WS.KVSheet):
            for f in sheet.fields:
                value = d.get(f.key)
                if value is not None:
                    ws.cell(row=_find_row(ws, 1, f.label, first=4), column=2, value=value)
        else:
            cols = {f.key: 1 + i for i, f in enumerate(sheet.columns)}
            for r, rec in enumerate(d.records, start=4):
                for key, col in cols.items():
                    value = rec.get(key)
                    if value is not None:
                        ws.cell(row=r, column=col, value=value)
    wb.save(path)


def example_data():
    return WorkbookReader(DATA / "jianghan-2022.xlsx", S.SCHEMA).read()


def copy_texts(project: Path, out_dir: str = "out") -> None:
    """The example's texts and settings into an ``init``-made project file."""
    example = yaml.safe_load((DATA / "jianghan-2022.yaml").read_text(encoding="utf-8"))
    data = yaml.safe_load(project.read_text(encoding="utf-8"))
    for key in ("short_name", "publish_date", "phone", "texts"):
        data[key] = example[key]
    data["output"] = {"dir": out_dir}
    project.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def paragraphs(docx: Path) -> list[str]:
    """Every paragraph of the document body (tables included), as text."""
    xml = zipfile.ZipFile(docx).read("word/document.xml").decode("utf-8")
    out = []
    for p in re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.S):
        out.append("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", p)))
    return out


def sheet_values(xlsx: Path) -> dict[str, list[tuple]]:
    wb = openpyxl.load_workbook(xlsx)
    return {ws.title: [tuple(c.value for c in row) for row in ws.iter_rows()] for ws in wb.worksheets}


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    """``init`` + the example's figures typed in + its texts: the project file path."""
    folder = tmp_path_factory.mktemp("filled")
    project = folder / "2022.yaml"
    code, out = run("init", project, "--kind", "决算", "--department", DEPT)
    assert code == 0, out
    fill_workbook(folder / "2022.xlsx", example_data())
    copy_texts(project)
    return project


# -- init ---------------------------------------------------------------------------------------

def test_init_writes_project_and_workbook(tmp_path):
    project = tmp_path / "2024.yaml"
    code, out = run("init", project, "--kind", "决算", "--department", "武汉市XX区XX局")
    assert code == 0, out
    assert f"已生成：{project}" in out and f"已生成：{tmp_path / '2024.xlsx'}" in out
    from reportgen.project import load_project

    p = load_project(project)
    assert (p.kind, p.year, p.department, p.workbook.name) == ("决算", 2024, "武汉市XX区XX局", "2024.xlsx")
    assert p.texts["part4"]["title"] == "2024年重点工作完成情况"


def test_init_never_overwrites(tmp_path):
    project = tmp_path / "2024.yaml"
    assert run("init", project, "--kind", "决算", "--department", "X局")[0] == 0
    before = (project.read_bytes(), (tmp_path / "2024.xlsx").read_bytes())
    code, out = run("init", project, "--kind", "决算", "--department", "Y局")
    assert code == 2 and "文件已存在，不会覆盖" in out
    assert (project.read_bytes(), (tmp_path / "2024.xlsx").read_bytes()) == before
    # the workbook alone existing is enough to refuse
    other = tmp_path / "2025.yaml"
    shutil.copy(tmp_path / "2024.xlsx", tmp_path / "2025.xlsx")
    code, out = run("init", other, "--kind", "决算", "--department", "X局")
    assert code == 2 and "2025.xlsx" in out and not other.exists()


def test_init_kind_not_available(tmp_path, monkeypatch):
    import reportgen.init as I

    def broken(name):
        raise ImportError("No module named 'reportgen.kinds.budget.compute'")

    monkeypatch.setattr(I, "load_kind", broken)
    code, out = run("init", tmp_path / "2024.yaml", "--kind", "预算", "--department", "X局")
    assert code == 2
    assert "错误：“预算”文档类型暂时无法使用" in out and "Traceback" not in out
    assert not (tmp_path / "2024.yaml").exists() and not (tmp_path / "2024.xlsx").exists()

    monkeypatch.setattr(I, "load_kind", lambda name: type("M", (), {})())   # a kind without SCHEMA
    code, out = run("init", tmp_path / "2024.yaml", "--kind", "预算", "--department", "X局")
    assert code == 2 and "“预算”文档类型尚未完成（没有输入工作簿的定义）" in out


def test_init_is_generic_over_the_kind_schema(tmp_path, monkeypatch):
    """Any kind module with a SCHEMA gets its blank workbook (what 预算 relies on)."""
    import reportgen.init as I

    schema = WS.WorkbookSchema(kind="预算", sheets=(
        WS.KVSheet(name="上年预算数", help="上年数字。", fields=(WS.Field("total", "收支总计", required=True),)),
        WS.ListSheet(name="项目", help="一行一个项目。", columns=(
            WS.Field("code", "科目编码", WS.CODE), WS.Field("name", "科目名称", WS.TEXT),
            WS.Field("amount", "金额", WS.MONEY, required=True), WS.Field("new", "是否新增", WS.TEXT, choices=("是", "否")),
            WS.Field("year", "实施年度", WS.INT))),
    ), instructions=("预算工作簿。",))
    monkeypatch.setattr(I, "load_kind", lambda name: type("M", (), {"SCHEMA": schema})())
    code, out = run("init", tmp_path / "2024.yaml", "--kind", "预算", "--department", "X局")
    assert code == 0, out
    wb = openpyxl.load_workbook(tmp_path / "2024.xlsx")
    assert wb.sheetnames == [INSTRUCTIONS_SHEET, "上年预算数", "项目", CODE_SHEET]
    ws = wb["项目"]
    kinds = {str(dv.sqref)[0]: (dv.type, dv.formula1, dv.formula2) for dv in ws.data_validations.dataValidation}
    assert kinds["A"][0] == "list" and kinds["A"][1].startswith(f"'{CODE_SHEET}'!$A$2:$A$")
    assert kinds["C"] == ("decimal", "0", "1000000000")
    assert kinds["D"] == ("list", '"是,否"', None)
    assert kinds["E"] == ("whole", "2000", "2100")                # a year
    assert ws["B4"].value.startswith('=IF($A4="","",IFERROR(VLOOKUP($A4&"",')


# -- the blank workbook --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def blank(tmp_path_factory):
    folder = tmp_path_factory.mktemp("blank")
    code, out = run("init", folder / "2024.yaml", "--kind", "决算", "--department", "武汉市XX区XX局")
    assert code == 0, out
    return folder / "2024.xlsx"


def test_blank_workbook_is_made_for_people(blank):
    wb = openpyxl.load_workbook(blank)
    assert wb.sheetnames[0] == INSTRUCTIONS_SHEET and wb.active.title == INSTRUCTIONS_SHEET
    assert wb.sheetnames[1:-1] == [s.content_name for s in S.SCHEMA.sheets]   # named by content, no 表N
    codes = wb[CODE_SHEET]
    assert codes.sheet_state == "hidden"
    assert ("2010301", "行政运行") in {(r[0].value, r[1].value) for r in codes.iter_rows(min_row=2, max_col=2)}

    # 填报说明: every sheet, where its figures come from, the unit, how to regenerate
    text = "\n".join(str(c.value) for row in wb[INSTRUCTIONS_SHEET].iter_rows() for c in row if c.value)
    for sheet in S.SCHEMA.sheets:
        assert sheet.content_name in text
    for phrase in ("金额单位：万元", "reportgen build 2024.yaml", "数字来源", "黄色格需要填写", "撤销工作表保护"):
        assert phrase in text

    t3 = wb[S.T3.content_name]
    assert t3.freeze_panes == "C7"
    assert t3.protection.sheet and not t3.protection.password
    assert t3["C3"].protection.locked and t3["C3"].comment is not None     # header: locked, explained
    assert not t3["A7"].protection.locked and not t3["D7"].protection.locked   # inputs: unlocked
    assert t3["D7"].fill.fgColor.rgb.endswith("FFF2B3")                  # marked
    assert t3["B7"].value == '=IF($A7="","",IFERROR(VLOOKUP($A7&"",\'科目代码\'!$A:$B,2,FALSE),""))'
    dvs = {str(dv.sqref): dv for dv in t3.data_validations.dataValidation}
    assert dvs["A7:A66"].type == "list" and dvs["A7:A66"].formula1 == f"'{CODE_SHEET}'!$A$2:$A${codes.max_row}"
    assert (dvs["D6:D66"].type, dvs["D6:D66"].formula1) == ("decimal", "0")   # 基本支出 ≥ 0
    for col in "ABCDEFGH":
        assert t3.column_dimensions[col].width >= 10
    assert t3.column_dimensions["B"].width >= 30                          # names fit
    t9 = wb[S.T9.content_name]
    assert all(t9.cell(row=4, column=c).comment is not None for c in range(1, 13))
    prior = wb[S.PRIOR.name]
    assert prior["B4"].fill.fgColor.rgb.endswith("FFF2B3") and not prior["B4"].protection.locked
    assert prior["A4"].protection.locked
    assert "必填" in prior["C4"].value
    reasons = wb[S.REASONS.name]
    choice = next(dv for dv in reasons.data_validations.dataValidation if str(dv.sqref).startswith("A4"))
    assert choice.type == "list" and "收支总计较上年" in choice.formula1
    perf = wb[S.OVERALL.name]
    date = next(dv for dv in perf.data_validations.dataValidation if dv.type == "date")
    assert str(date.sqref) == f"B{4 + [f.key for f in S.OVERALL.fields].index('date')}"


def test_blank_workbook_carries_the_meeting_and_training_rows(blank):
    """会议费 and 培训费 (a layout's 三公 table may print them, extra_columns) have their optional sheet."""
    ws = openpyxl.load_workbook(blank)["会议费培训费"]
    assert [(ws.cell(row=r, column=1).value, ws.cell(row=r, column=2).value) for r in range(3, 8)] == [
        ("项目", "数值"), ("会议费预算数", None), ("会议费决算数", None), ("培训费预算数", None), ("培训费决算数", None)]
    assert ws["B5"].fill.fgColor.rgb.endswith("FFF2B3") and not ws["B5"].protection.locked
    assert "可不填" in ws["C5"].value


def test_blank_workbook_reads_back(blank, tmp_path):
    """The reader reads the blank layout: untouched, it only asks for the required figures."""
    from reportgen.errors import InputError

    with pytest.raises(InputError, match="上年决算数!B4：“收支总计”不能为空"):
        WorkbookReader(blank, S.SCHEMA).read()


def test_blank_workbook_converts_with_libreoffice(blank, tmp_path):
    """LibreOffice opens the blank workbook and prints it (no repair, no failure); the 填报说明
    page is landscape and carries its whole text.  Needs soffice and pdftoppm (CI installs them)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (soffice) is required for this test"
    profile = tmp_path / "lo-profile"
    r = subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                        "--convert-to", "pdf", "--outdir", str(tmp_path), str(blank)],
                       capture_output=True, text=True, timeout=240)
    pdf = tmp_path / "2024.pdf"
    assert r.returncode == 0 and pdf.exists() and pdf.stat().st_size > 20000, r.stderr
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "1", str(pdf)], capture_output=True, text=True).stdout
    w, h = map(float, re.search(r"Page\s+1 size:\s+([\d.]+) x ([\d.]+)", info).groups())
    assert w > h                                                     # landscape
    # the 填报说明 pages: each repeats the header row of its sheet table (print titles)
    flat = ""
    for n in range(1, 6):
        page = subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"],
                              capture_output=True, text=True).stdout
        page = re.sub(r"\s+", "", page)
        if n > 1 and "内容与填写方法" not in page:
            break
        flat += page
    assert n > 1 and "内容与填写方法" in flat
    assert "填报说明" in flat and "reportgenbuild2024.yaml" in flat
    for sheet in S.SCHEMA.sheets:
        assert re.sub(r"\s+", "", sheet.content_name) in flat
    png = tmp_path / "page"
    subprocess.run(["pdftoppm", "-f", "1", "-l", "1", "-png", "-r", "60", str(pdf), str(png)], check=True)
    assert any(p.stat().st_size > 10000 for p in tmp_path.glob("page*.png"))


# -- init, fill, build = the example ----------------------------------------------------------------

def test_filled_blank_builds_the_example(filled, jianghan_build):
    from reportgen.build import build

    prepared, written = build(filled, formats=("docx", "xlsx"))
    assert not prepared.findings.errors, [str(f) for f in prepared.findings.errors]
    _, expected = jianghan_build
    assert paragraphs(written["docx"]) == paragraphs(expected["docx"])
    assert sheet_values(written["xlsx"]) == sheet_values(expected["xlsx"])


def test_filled_blank_reads_like_the_example(filled):
    """Same figures read back (科目名称 formulas without a cached value read as empty names)."""
    ours = WorkbookReader(filled.with_suffix(".xlsx"), S.SCHEMA).read()
    ref = example_data()
    for sheet in (S.T2, S.T3, S.T5):
        got = {r.code: {k: c.value for k, c in r.values.items() if not sheet.columns[k - 1].computed}
               for r in ours[sheet.name].rows}
        want = {r.code: {k: c.value for k, c in r.values.items() if not sheet.columns[k - 1].computed}
                for r in ref[sheet.name].rows if len(r.code) == 7}
        assert got == want
        assert all(r.name == "" for r in ours[sheet.name].rows)
    assert [r.get("amount") for r in ours[S.BUDGET.name].records] == [r.get("amount") for r in ref[S.BUDGET.name].records]


# -- --from ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def rolled(tmp_path_factory):
    folder = tmp_path_factory.mktemp("rolled")
    old = copy_example(folder)
    new = folder / "2023.yaml"
    code, out = run("init", new, "--from", old)
    assert code == 0, out
    return old, new, out


def test_from_carries_last_years_figures(rolled):
    _old, new, _out = rolled
    only_prior = WS.WorkbookSchema(kind="决算", sheets=(S.PRIOR,))      # the rest is blank: not read
    prior = WorkbookReader(new.with_suffix(".xlsx"), only_prior).read()[S.PRIOR.name]
    assert {f.key: prior.get(f.key) for f in S.PRIOR.fields} == {
        "total": Decimal("4199.36"),          # 收支总计
        "income_total": Decimal("4199.36"),
        "expense_total": Decimal("4199.36"),
        "fiscal_total": Decimal("4199.36"),   # 财政拨款收支总计
        "gpb_income": Decimal("4199.36"),     # 一般公共预算财政拨款收入
        "gpb_expense": Decimal("4199.36"),    # 一般公共预算财政拨款支出
        "admin_cost": Decimal("89.82"),       # 机关运行经费
        "sg_abroad": Decimal("0.00"),         # 三公 出国
        "sg_purchase": Decimal("0.00"),       # 购置
        "sg_run": Decimal("5.70"),            # 运行
        "sg_reception": Decimal("0.37"),      # 接待
        "sg_total": None,                     # the split is carried, so no undivided total
        "sg_vehicle": None,
    }


def test_from_moves_years_and_carries_texts(rolled):
    old, new, out = rolled
    from reportgen.project import load_project

    before, after = load_project(old), load_project(new)
    assert (after.kind, after.year, after.department) == ("决算", 2023, DEPT)
    assert after.workbook.name == "2023.xlsx"
    assert after.publish_date == dt.date(2024, 10, 24)
    assert (after.short_name, after.phone) == (before.short_name, before.phone)
    assert after.texts["functions"] == before.texts["functions"]
    assert after.texts["units"] == before.texts["units"]
    assert after.texts["part4"] == {"title": "2023年重点工作完成情况", "sections": [], "table": []}
    assert after.texts["performance"] == {"overall_comment": "", "application": []}
    assert after.output_dir == before.output_dir

    text = new.read_text(encoding="utf-8")
    head = text.split("\n\n", 1)[0]
    assert head.startswith("# reportgen 项目文件（决算，2023 年度），由 reportgen init --from jianghan-2022.yaml 生成。")
    for needle in ("「上年决算数」：已按 2022 年度决算填入", "「主要原因」", "texts.part4", "texts.performance",
                   "publish_date：已设为 2024-10-24"):
        assert needle in head and needle in out
    assert "待办：" in out


def test_from_refuses_what_does_not_follow(rolled, tmp_path):
    old, _new, _out = rolled
    code, out = run("init", tmp_path / "2025.yaml", "--from", old)
    assert code == 2 and "不衔接" in out and not (tmp_path / "2025.yaml").exists()
    code, out = run("init", tmp_path / "2023.yaml", "--from", old, "--kind", "预算")
    assert code == 2 and "不能用来新建预算项目" in out
    code, out = run("init", tmp_path / "2024.yaml", "--kind", "决算")
    assert code == 2 and "--department" in out


def test_from_rebases_paths_and_moves_profile_years(tmp_path):
    old = copy_example(tmp_path / "2022")
    data = yaml.safe_load(old.read_text(encoding="utf-8"))
    shutil.copytree(Path(__file__).resolve().parents[1] / "templates" / "final_accounts", tmp_path / "2022" / "tpl")
    data["templates"] = "tpl"
    data["profile"] = {"titles": {"p4": "2022年度重点工作"}}
    data["texts"]["special_transfer"] = "2022年无专项。"
    old.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    new = tmp_path / "2023" / "2023.yaml"
    code, out = run("init", new, "--from", old)
    assert code == 0, out
    got = yaml.safe_load(new.read_text(encoding="utf-8"))
    assert got["templates"] == "../2022/tpl"
    assert got["profile"] == {"titles": {"p4": "2023年度重点工作"}}
    assert got["texts"]["special_transfer"] == ""
    assert "texts.special_transfer" in out and "profile.titles.p4" in out
