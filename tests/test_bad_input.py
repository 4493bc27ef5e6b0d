"""Acceptance for ``reportgen check`` / ``build`` (issue 3, part b): a corpus of bad inputs.

Every case starts from a copy of the example project, breaks one thing the way it happens in an
office (a renamed sheet, a formula saved by a program that does not calculate, a typo in the
project file, a template edited in Word …) and runs the command line.  Each must

* exit non-zero with the documented code (2: inputs cannot be read, 3: output cannot be written),
* print one Chinese message that says what is wrong and where (file, sheet and cell, or YAML line),
* never show a traceback (nor the "内部错误" of an unexpected exception),
* leave every input file byte-for-byte unchanged.

The CLI runs in-process through ``click.testing.CliRunner`` and, for one case of each family, as a
real subprocess (``python -m reportgen.cli``) so that nothing reaches stderr but the message.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Callable

import openpyxl
import pytest
from click.testing import CliRunner

from conftest import copy_example
from reportgen.build import prepare
from reportgen.cli import main
from reportgen.kinds.final_accounts import schema as S

ROOT = Path(__file__).resolve().parents[1]
WORKBOOK = "jianghan-2022.xlsx"
PROJECT = "jianghan-2022.yaml"
TEMPLATE = ROOT / "templates" / "final_accounts" / "document.docx"
DOCX_NAME = "2022年度武汉市江汉区人民政府办公室部门决算公开.docx"
T2, T3 = S.T2.name, S.T3.name


# -- helpers ------------------------------------------------------------------------------------

def edit_workbook(folder: Path, fn: Callable) -> None:
    path = folder / WORKBOOK
    wb = openpyxl.load_workbook(path)
    fn(wb)
    wb.save(path)


def edit_yaml(folder: Path, old: str, new: str) -> None:
    path = folder / PROJECT
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(folder: Path, prefix: str) -> int:
    lines = (folder / PROJECT).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if line.startswith(prefix))


def edited_template(folder: Path, old: str, new: str) -> None:
    """A copy of the shipped template in ``folder/mytpl`` with one paragraph edited, as in Word."""
    (folder / "mytpl").mkdir()
    with zipfile.ZipFile(TEMPLATE) as zin, \
            zipfile.ZipFile(folder / "mytpl" / "document.docx", "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "word/document.xml":
                xml = data.decode("utf-8")
                assert xml.count(old) >= 1, old
                data = xml.replace(old, new, 1).encode("utf-8")
            zout.writestr(info, data)
    edit_yaml(folder, f"workbook: {WORKBOOK}", f"workbook: {WORKBOOK}\ntemplates: mytpl")


def snapshot(folder: Path) -> dict[str, str]:
    """sha256 of every input file under ``folder`` (the output folder excluded)."""
    out = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if rel.parts and rel.parts[0] == "out":
            continue
        if path.is_file():
            out[str(rel)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str


def run_inprocess(args: list[str]) -> Run:
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr)


def run_subprocess(args: list[str], cwd: Path) -> Run:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env["PYTHONIOENCODING"] = "utf-8"
    proc = subprocess.run([sys.executable, "-m", "reportgen.cli", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=300)
    return Run(proc.returncode, proc.stdout, proc.stderr)


# -- the corpus ---------------------------------------------------------------------------------

@dataclass
class Bad:
    id: str
    setup: Callable[[Path], None]
    contains: Callable[[Path], tuple[str, ...]] | tuple[str, ...]
    code: int = 2
    command: str = "check"
    subprocess: bool = False      # also run as a real process


def _random_bytes(folder):
    (folder / WORKBOOK).write_bytes(os.urandom(4096))


def _xls(folder):
    (folder / WORKBOOK).rename(folder / "jianghan-2022.xls")
    edit_yaml(folder, f"workbook: {WORKBOOK}", "workbook: jianghan-2022.xls")


def _remove_sheet(folder):
    edit_workbook(folder, lambda wb: wb.remove(wb[T3]))


def _rename_sheet(folder):
    def fn(wb):
        wb[T3].title = "支出决算"          # “支出决算表” (its content name) or “表3 支出决算表” would be read
    edit_workbook(folder, fn)


def _drop_header(folder):
    def fn(wb):
        ws = wb[S.PROJECTS.name]
        assert ws["E3"].value == "执行数"
        ws["E3"] = None
    edit_workbook(folder, fn)


def _delete_lanci_row(folder):
    def fn(wb):
        ws = wb[T3]
        assert ws["B5"].value == "栏次"
        ws.delete_rows(5)
    edit_workbook(folder, fn)


def _text_in_number(value):
    def setup(folder):
        edit_workbook(folder, lambda wb: wb[T2].__setitem__("C6", value))
    return setup


def _formula(folder):
    # openpyxl saves a formula without a cached value, like any program that does not calculate
    edit_workbook(folder, lambda wb: wb[T3].__setitem__("C10", "=D10+E10"))


def _merged(folder):
    edit_workbook(folder, lambda wb: wb[T3].merge_cells("D9:E9"))


def _hidden_row(folder):
    def fn(wb):
        wb[T3].row_dimensions[10].hidden = True
    edit_workbook(folder, fn)


def _yaml_syntax(folder):
    edit_yaml(folder, "phone: 027-85481661", "phone: 027-85481661: 分机 8")


def _yaml_tab(folder):
    edit_yaml(folder, "output:\n  dir: out", "output:\n\tdir: out")


def _unknown_key(folder):
    edit_yaml(folder, "department:", "departmnet:")


def _missing_key(folder):
    edit_yaml(folder, "year: 2022\n", "")


def _duplicate_key(folder):
    edit_yaml(folder, "year: 2022\n", "year: 2022\nyear: 2023\n")


def _no_templates(folder):
    edit_yaml(folder, f"workbook: {WORKBOOK}", f"workbook: {WORKBOOK}\ntemplates: nowhere")


def _undefined_var(folder):
    edited_template(folder, "目  录", "目  录{{ undefined_var }}")


def _broken_if(folder):
    edited_template(folder, "目  录", "目  录{% if %}")


def _unclosed_block(folder):
    # the paragraph "{%p if e.level == 1 %}" of the 目录 loop loses its {%p endif %}
    edited_template(folder, "{%p endif %}", "")


def _output_is_a_directory(folder):
    (folder / "out" / DOCX_NAME).mkdir(parents=True)


CORPUS = [
    Bad("missing-workbook", lambda f: (f / WORKBOOK).unlink(), (WORKBOOK, "找不到输入工作簿"), subprocess=True),
    Bad("corrupt-workbook", _random_bytes, (WORKBOOK, "无法打开工作簿", "已损坏"), subprocess=True),
    Bad("xls-name", _xls, ("jianghan-2022.xls", ".xlsx 格式", "另存为")),
    Bad("missing-sheet", _remove_sheet, (WORKBOOK, "缺少工作表“支出决算表”", "工作簿中现有")),
    Bad("renamed-sheet", _rename_sheet, (WORKBOOK, "缺少工作表“支出决算表”", "“支出决算”是否就是它", "改回原名“支出决算表”")),
    Bad("missing-header-column", _drop_header, (f"{WORKBOOK} {S.PROJECTS.name}!第3行", "表头缺少“执行数”列")),
    Bad("lanci-row-deleted", _delete_lanci_row, (f"{WORKBOOK} {T3}", "找不到“栏次”行")),
    Bad("text-12wan", _text_in_number("12万"), (f"{WORKBOOK} {T2}!C6", "应为数字", "“12万”", "不要写“万”")),
    Bad("text-yue5", _text_in_number("约5"), (f"{WORKBOOK} {T2}!C6", "应为数字", "“约5”")),
    Bad("formula-without-value", _formula, (f"{WORKBOOK} {T3}!C10", "=D10+E10", "没有保存计算结果",
                                             "Excel 或 WPS 打开后保存"), subprocess=True),
    Bad("merged-cells", _merged, (f"{WORKBOOK} {T3}!D9:E9", "合并单元格", "取消合并")),
    Bad("hidden-row", _hidden_row, (f"{WORKBOOK} {T3}!第10行", "隐藏", "取消隐藏")),
    Bad("yaml-syntax", _yaml_syntax,
        lambda f: (PROJECT, f"第{line_of(f, 'phone:')}行第", "列", "YAML 格式错误", "冒号"), subprocess=True),
    Bad("yaml-tab", _yaml_tab, lambda f: (PROJECT, f"第{line_of(f, chr(9) + 'dir:')}行第", "Tab")),
    Bad("unknown-key", _unknown_key,
        lambda f: (f"{PROJECT} 第{line_of(f, 'departmnet:')}行", "项目文件中没有“departmnet”这一项，是否想写“department”？")),
    Bad("missing-key", _missing_key, (PROJECT, "缺少必填设置“year”")),
    Bad("duplicate-key", _duplicate_key,
        lambda f: (f"{PROJECT} 第{line_of(f, 'year: 2023')}行", "“year”出现了两次", f"第{line_of(f, 'year: 2022')}行")),
    Bad("missing-templates-check", _no_templates,
        lambda f: (f"{PROJECT} 第{line_of(f, 'templates:')}行", "找不到 Word 模板", "nowhere")),
    Bad("missing-templates-build", _no_templates,
        lambda f: (f"{PROJECT} 第{line_of(f, 'templates:')}行", "找不到 Word 模板", "nowhere"), command="build"),
    Bad("template-undefined-variable", _undefined_var,
        (str(Path("mytpl") / "document.docx"), "不存在的变量", "undefined_var", "所在段落：“目  录{{ undefined_var }}”"),
        command="build", subprocess=True),
    Bad("template-broken-if", _broken_if,
        (str(Path("mytpl") / "document.docx"), "模板语法错误", "所在段落：“目  录{% if %}”"), command="build"),
    Bad("template-unclosed-block", _unclosed_block,
        (str(Path("mytpl") / "document.docx"), "模板语法错误", "所在段落：“{%p"), command="build"),
    Bad("output-not-writable", _output_is_a_directory, ("无法写入", DOCX_NAME), code=3, command="build",
        subprocess=True),
]


def _expected(case: Bad, folder: Path) -> tuple[str, ...]:
    return case.contains(folder) if callable(case.contains) else case.contains


def _assert_clean_failure(case: Bad, run: Run, folder: Path, before: dict) -> None:
    assert run.code == case.code, f"exit {run.code}\nstdout: {run.stdout}\nstderr: {run.stderr}"
    for stream in (run.stdout, run.stderr):
        assert "Traceback" not in stream
        assert "内部错误" not in stream
    message = run.stderr.strip()
    assert message.startswith("错误："), message
    assert len(message.splitlines()) == 1, message
    assert re.search(r"[\u4e00-\u9fff]", message)
    for text in _expected(case, folder):
        assert text in message, f"{text!r} not in {message!r}"
    assert snapshot(folder) == before, "an input file was changed"
    out = folder / "out"
    if out.exists():   # nothing half-written is left behind
        assert not [p for p in out.rglob("*") if p.is_file()]


@pytest.mark.parametrize("case", CORPUS, ids=[c.id for c in CORPUS])
def test_bad_input_fails_cleanly(case: Bad, tmp_path):
    project = copy_example(tmp_path)
    case.setup(tmp_path)
    before = snapshot(tmp_path)
    run = run_inprocess([case.command, str(project)])
    _assert_clean_failure(case, run, tmp_path, before)


@pytest.mark.parametrize("case", [c for c in CORPUS if c.subprocess], ids=[c.id for c in CORPUS if c.subprocess])
def test_bad_input_fails_cleanly_in_a_real_process(case: Bad, tmp_path):
    copy_example(tmp_path)
    case.setup(tmp_path)
    before = snapshot(tmp_path)
    run = run_subprocess([case.command, PROJECT], cwd=tmp_path)
    _assert_clean_failure(case, run, tmp_path, before)


def test_missing_project_file(tmp_path):
    run = run_subprocess(["check", "nothere.yaml"], cwd=tmp_path)
    assert run.code == 2
    assert run.stderr.strip() == "错误：nothere.yaml：找不到项目文件：nothere.yaml"
    assert "Traceback" not in run.stderr


def test_check_json_reports_unreadable_input_as_fatal(tmp_path):
    project = copy_example(tmp_path)
    _formula(tmp_path)
    run = run_inprocess(["check", "--json", str(project)])
    assert run.code == 2
    data = json.loads(run.stdout)
    assert f"{T3}!C10" in data["fatal"] and "WPS" in data["fatal"]


# -- numbers typed as text: clear forms are read (with a warning), others are refused -----------

@pytest.mark.parametrize("sheet,ref,typed,value", [
    (T2, "C6", "4,199.36", "4199.36"),               # thousands separators
    (T2, "D6", "４１９９．３６", "4199.36"),          # full-width digits and point (Chinese IME)
    (T3, "D9", "705.74  ", "705.74"),                # trailing spaces
    (T3, "D10", "\u300033.35", "33.35"),             # a full-width leading space
], ids=["thousands", "fullwidth", "trailing-spaces", "ideographic-space"])
def test_number_typed_as_text_is_read_with_a_warning(tmp_path, sheet, ref, typed, value):
    project = copy_example(tmp_path)
    edit_workbook(tmp_path, lambda wb: wb[sheet].__setitem__(ref, typed))
    before = snapshot(tmp_path)
    run = run_inprocess(["check", str(project)])
    assert run.code == 0, run.stdout + run.stderr
    assert f"警告 {sheet}!{ref} " in run.stdout
    assert f"已按数字 {value} 读取" in run.stdout
    assert "共 0 个错误，3 个警告，1 个提示" in run.stdout
    assert snapshot(tmp_path) == before

    prepared = prepare(project)
    cells = [f for f in prepared.findings if f.rule == "R-TEXTNUM"]
    assert [(f.where.sheet, f.where.cell) for f in cells] == [(sheet, ref)]
    assert f"以文本形式填写（“{typed}”），已按数字 {value} 读取" in cells[0].message
    assert prepared.findings.errors == []
    assert prepared.result.t2.total["fiscal"] == Decimal("4199.36")
    assert prepared.result.t3.total["basic"] == Decimal("1054.43")
