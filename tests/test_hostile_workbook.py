"""Issue 10 (A): careless and hostile workbooks.

Each bad workbook is built here from a copy of the example; ``check`` (and ``build`` for some)
must exit 2 with one Chinese message naming the file, sheet and cell, leave the inputs
byte-for-byte unchanged and write nothing.  A stray value far outside a table is a warning that
names its cell (the time it takes is measured by bench/bench_stray_cell.py, not here).
"""
from __future__ import annotations

import os
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from conftest import copy_example
from test_bad_input import (T3, WORKBOOK, Bad, _assert_clean_failure, edit_workbook, edit_yaml, run_inprocess,
                            snapshot)

T3_PART = "xl/worksheets/sheet4.xml"   # 表3 is the fourth sheet of the example (after 填报说明, 表1, 表2)


def rewrite_part(folder: Path, part: str, fn) -> None:
    """Rewrite one part of the workbook's zip (as a hostile or broken program would)."""
    path = folder / WORKBOOK
    tmp = folder / "rewrite.tmp"
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        assert part in zin.namelist(), zin.namelist()
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == part:
                data = fn(data.decode("utf-8")).encode("utf-8")
            zout.writestr(info, data)
    tmp.replace(path)


def set_t3_value(ref: str, literal: str):
    """Put ``<v>literal</v>`` into 表3!``ref`` (a cell that already holds a number)."""
    def setup(folder):
        def fn(xml):
            pattern = re.compile(rf'(<c r="{ref}"[^>]*>)<v>[^<]*</v>')
            assert pattern.search(xml), ref
            return pattern.sub(lambda m: m.group(1) + f"<v>{literal}</v>", xml, count=1)
        rewrite_part(folder, T3_PART, fn)
    return setup


def test_t3_part_is_the_t3_sheet():
    wb = openpyxl.load_workbook(Path(__file__).resolve().parents[1] / "data" / WORKBOOK)
    assert wb.sheetnames[3] == T3


# -- a stray value far away: a warning naming the cell, the rest is read ---------------------------

@pytest.mark.parametrize("ref", ["H20000", "H200000", "XFD1048576", "AD9"])
def test_stray_value_far_outside_the_table_is_a_warning(tmp_path, ref):
    project = copy_example(tmp_path)
    edit_workbook(tmp_path, lambda wb: wb[T3].__setitem__(ref, 12.5))
    before = snapshot(tmp_path)
    run = run_inprocess(["check", str(project)])
    assert run.code == 0, run.stdout + run.stderr
    assert (f"警告 {T3}!{ref} 有一个表格区域以外的值（“12.5”），与表格之间隔着100个以上的空行"
            "或20个以上的空列，已忽略。如果它是表格的数据，请移到表格内；否则请删除它") in run.stdout
    assert "共 0 个错误，3 个警告，1 个提示" in run.stdout
    assert snapshot(tmp_path) == before


def test_value_just_below_the_table_is_still_read(tmp_path):
    """A value 20 rows below the table is inside the area: read, and refused for its missing code."""
    project = copy_example(tmp_path)
    edit_workbook(tmp_path, lambda wb: wb[T3].__setitem__("H90", 12.5))
    run = run_inprocess(["check", str(project)])
    assert run.code == 2
    assert run.stderr.strip() == (f"错误：{WORKBOOK} {T3}!A90：此行有金额但没有功能分类科目编码（无科目名称）。"
                                  "请在编码列填写 3、5 或 7 位科目编码")


# -- each bad workbook: exit 2, a Chinese message naming the place, nothing written ----------------

def _hidden_column(folder):
    edit_workbook(folder, lambda wb: setattr(wb[T3].column_dimensions["E"], "hidden", True))


def _hidden_column_in(sheet: str, letter: str):
    def setup(folder):
        edit_workbook(folder, lambda wb: setattr(wb[sheet].column_dimensions[letter], "hidden", True))
    return setup


def _twin_sheet(folder):
    def fn(wb):
        twin = wb.copy_worksheet(wb[T3])
        twin.title = T3.replace(" ", "")
    edit_workbook(folder, fn)


def _ole(payload: bytes):
    def setup(folder):
        (folder / WORKBOOK).write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 504 + payload)
    return setup


def _csv_as_xlsx(folder):
    (folder / WORKBOOK).write_bytes("科目编码,科目名称,本年支出合计\n2010301,行政运行,705.74\n".encode("gbk"))


def _csv_suffix(folder):
    (folder / "jianghan-2022.csv").write_text("科目编码,科目名称\n", encoding="utf-8")
    (folder / WORKBOOK).unlink()
    edit_yaml(folder, f"workbook: {WORKBOOK}", "workbook: jianghan-2022.csv")


def _docx_as_xlsx(folder):
    shutil.copy(Path(__file__).resolve().parents[1] / "templates" / "final_accounts" / "document.docx", folder / WORKBOOK)


def _fifo(folder):
    (folder / WORKBOOK).unlink()
    os.mkfifo(folder / WORKBOOK)        # opening it for reading would wait for a writer forever


def _folder(folder):
    (folder / WORKBOOK).unlink()
    (folder / WORKBOOK).mkdir()


def _truncated(folder):
    data = (folder / WORKBOOK).read_bytes()
    (folder / WORKBOOK).write_bytes(data[: len(data) // 2])


def _xml_broken(folder):
    rewrite_part(folder, T3_PART, lambda xml: xml.replace("<sheetData>", "<sheetData><row r=\"1\"><c>", 1))


def _code_with_decimals(folder):
    edit_workbook(folder, lambda wb: wb[T3].__setitem__("A13", 2010301.7))


BIG = "金额 {shown} 万元超出任何部门预算的可能范围（应小于 10,000,000,000 万元，即 100 万亿元）"
CASES = [
    Bad("amount-1e26", set_t3_value("D10", "1E+26"),
        (f"{WORKBOOK} {T3}!D10：2010302 第2栏数值过大或不是有限的数（单元格内容为“1e+26”）",)),
    Bad("amount-beyond-any-budget", set_t3_value("D10", "12345678901"),
        (f"{WORKBOOK} {T3}!D10：2010302 第2栏" + BIG.format(shown="12,345,678,901.00"),)),
    Bad("amount-infinite", set_t3_value("E10", "1e999"),
        (f"{WORKBOOK} {T3}!E10：2010302 第3栏数值过大或不是有限的数（单元格内容为“inf”）",), command="build"),
    Bad("amount-minus-infinite", set_t3_value("E10", "-1e999"),
        (f"{WORKBOOK} {T3}!E10", "不是有限的数（单元格内容为“-inf”）")),
    Bad("xls-named-xlsx", _ole(b"Workbook".decode().encode("utf-16-le")),
        (WORKBOOK, "旧版 Excel 97-2003 格式（.xls）", "另存为 Excel 工作簿(*.xlsx)")),
    Bad("encrypted", _ole("EncryptionInfo".encode("utf-16-le") + "EncryptedPackage".encode("utf-16-le")),
        (WORKBOOK, "设置了打开密码（已加密）", "去掉密码", "另存为 .xlsx"), command="build"),
    Bad("csv-named-xlsx", _csv_as_xlsx, (WORKBOOK, "文本（CSV）文件，不是 Excel 工作簿", "另存为 Excel 工作簿(*.xlsx)")),
    Bad("csv-suffix", _csv_suffix, ("jianghan-2022.csv", "文本（CSV）文件", "另存为 Excel 工作簿(*.xlsx)")),
    Bad("word-document-as-workbook", _docx_as_xlsx,
        (f"{WORKBOOK}：这是一个 Word 文档，不是 Excel 工作簿。请在项目文件的 workbook 中写输入工作簿（.xlsx）的文件名",)),
    Bad("workbook-is-a-pipe", _fifo, (f"{WORKBOOK}：输入工作簿 ", "不是一个普通文件，不是 Excel 文件")),
    Bad("workbook-is-a-folder", _folder, (f"{WORKBOOK}：输入工作簿 ", "是一个文件夹，不是 Excel 文件")),
    Bad("truncated-zip", _truncated, (f"{WORKBOOK}：无法打开工作簿（文件已损坏，或不是 Excel 文件）",)),
    Bad("xml-error-in-a-sheet", _xml_broken,
        (f"{WORKBOOK} {T3}：工作表“{T3}”的内容无法解析（XML 格式错误，位于 {T3_PART} 第", "另存为新的 .xlsx")),
    Bad("sheet-names-differ-by-spaces", _twin_sheet,
        (WORKBOOK, f"有两张工作表“{T3}”和“{T3.replace(' ', '')}”的名称只差空格", "删除或改名其中多余的一张")),
    Bad("hidden-column-with-data", _hidden_column,
        (f"{WORKBOOK} {T3}!E列：E 列被隐藏，但列内有数据（如 E6）", "取消隐藏"), command="build"),
    Bad("hidden-column-in-a-list", _hidden_column_in("项目支出", "E"),
        (f"{WORKBOOK} 项目支出!E列：E 列被隐藏，但列内有数据（如 E4）",)),
    Bad("hidden-column-in-a-key-value-sheet", _hidden_column_in("上年决算数", "B"),
        (f"{WORKBOOK} 上年决算数!B列：B 列被隐藏，但列内有数据（如 B4）",)),
    Bad("code-with-decimals", _code_with_decimals, (f"{WORKBOOK} {T3}!A13：科目编码应为整数，单元格内容为 2010301.7",)),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_workbook_fails_cleanly(case: Bad, tmp_path):
    project = copy_example(tmp_path)
    case.setup(tmp_path)
    before = snapshot(tmp_path)
    run = run_inprocess([case.command, str(project)])
    _assert_clean_failure(case, run, tmp_path, before)


def test_unreadable_workbook_is_not_called_corrupt(tmp_path, monkeypatch):
    """Permission denied (or a file locked by Excel on Windows): say so, not "corrupt"."""
    from reportgen.workbook import reader

    project = copy_example(tmp_path)
    before = snapshot(tmp_path)

    def denied(path, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(reader, "open", denied, raising=False)
    run = run_inprocess(["build", str(project)])
    case = Bad("permission", lambda f: None, ())
    _assert_clean_failure(case, run, tmp_path, before)
    assert run.stderr.strip() == (f"错误：{WORKBOOK}：无法读取工作簿：没有读取权限，或文件正被其他程序占用"
                                  "（如正在 Excel 中保存）。请关闭占用它的程序或检查文件权限后重新运行")


def test_formula_whose_saved_result_is_empty_text_reads_as_blank(tmp_path):
    """=IF(…,"",…) saved by Excel: t="str" with an empty value — a blank cell, not an uncalculated formula."""
    project = copy_example(tmp_path)
    rewrite_part(tmp_path, T3_PART, lambda xml: re.sub(
        r'<c r="F10"[^>]*?(/>|></c>)', '<c r="F10" t="str"><f>IF(D10&gt;0,"",1)</f><v></v></c>', xml, count=1))
    assert 'IF(D10&gt;0,"",1)' in zipfile.ZipFile(tmp_path / WORKBOOK).read(T3_PART).decode()
    run = run_inprocess(["check", str(project)])
    assert run.code == 0, run.stdout + run.stderr
    assert "共 0 个错误，2 个警告，1 个提示" in run.stdout


def test_hidden_column_without_data_is_accepted(tmp_path):
    project = copy_example(tmp_path)
    edit_workbook(tmp_path, lambda wb: setattr(wb[T3].column_dimensions["K"], "hidden", True))
    run = run_inprocess(["check", str(project)])
    assert run.code == 0, run.stdout + run.stderr


def test_not_a_finite_number_is_refused_by_the_reader():
    """NaN cannot come through openpyxl's parser, but a NaN value must still name its cell."""
    from decimal import Decimal

    from reportgen.errors import InputError
    from reportgen.workbook.reader import _Ctx, WorkbookReader

    class Sheet:
        _cells = {}
        column_dimensions = {}
        row_dimensions = {}

    reader = WorkbookReader(Path("x.xlsx"), schema=None)
    ctx = _Ctx(reader, Sheet(), None, "表3")
    ctx.grid.rows[5] = {4: float("nan")}
    with pytest.raises(InputError) as err:
        ctx.money(5, 4, label="行政运行")
    assert str(err.value) == "x.xlsx 表3!D5：行政运行数值过大或不是有限的数（单元格内容为“nan”）。请核对是否多输了数字，或填错了单元格"
    ctx.grid.rows[5] = {4: 12.345}
    assert ctx.money(5, 4) == Decimal("12.35")


def test_shared_formula_without_saved_result_names_its_own_formula(tmp_path):
    """A formula copied down in Excel is stored once (a shared formula) and referred to by the cells
    below; the reader reads the cached values in one load and the formula text only where no value
    was saved: the cell below gets the formula translated to its own row, as Excel shows it."""
    project = copy_example(tmp_path)

    def fn(xml):
        xml, n = re.subn(r'<c r="C10" s="10" t="n"><v>134.23</v></c>',
                         '<c r="C10" s="10"><f t="shared" ref="C10:C11" si="0">D10+E10</f><v>134.23</v></c>', xml)
        xml, m = re.subn(r'<c r="C11" s="10" t="n"><v>136.13</v></c>', '<c r="C11" s="10"><f t="shared" si="0"/></c>', xml)
        assert n == m == 1
        return xml

    rewrite_part(tmp_path, T3_PART, fn)
    run = run_inprocess(["check", str(project)])
    assert run.code == 2, run.stdout + run.stderr
    assert run.stderr.strip() == (f"错误：{WORKBOOK} {T3}!C11：单元格是公式（=D11+E11），但文件中没有保存计算结果。"
                                  "该工作簿可能由不计算公式的程序生成；请用 Excel 或 WPS 打开后保存一次，或把公式改为数值后再运行。")
