"""The project file as one typed schema (issue 10 "typed project-file values", issue 12 "one typed
schema"): strict types, unknown keys at every level, YAML limits, safe output names and folders,
the exit-70 cases of the bad-input campaign, and the generated reference.

Every case copies the 江汉 2022 example, changes one thing and runs the command line; the message
is compared whole (file, YAML line, Chinese text), the exit code is checked, and nothing is written.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT, copy_example
from reportgen import settings
from reportgen.cli import main
from reportgen.project import load_project

PROJECT = "jianghan-2022.yaml"


def run(args: list[str]):
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def edited(folder: Path, old: str, new: str, name: str = "jianghan-2022") -> Path:
    project = copy_example(folder, name)
    text = project.read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    project.write_text(text.replace(old, new, 1), encoding="utf-8")
    return project


def line_of(project: Path, start: str) -> int:
    lines = project.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if line.startswith(start))


def assert_refused(project: Path, message: str, code: int = 2) -> None:
    """``check`` and ``build`` both print exactly ``message`` (one line) and exit ``code``; nothing is written."""
    for command in ("check", "build"):
        exit_code, stdout, stderr = run([command, project])
        assert exit_code == code, (command, stdout, stderr)
        assert stderr == f"错误：{message}\n", (command, stderr)
        assert "Traceback" not in stdout + stderr
    out = project.parent / "out"
    assert not out.exists() or not [p for p in out.rglob("*") if p.is_file()]


# -- wrong types: each is an error naming the line ------------------------------------------------

def _texts_as_list(folder: Path) -> Path:
    project = copy_example(folder)
    text = project.read_text(encoding="utf-8")
    project.write_text(text[:text.index("texts:")] + "texts: [主要职能]\n", encoding="utf-8")
    return project


WRONG_TYPES = [
    ("year-float", "year: 2022", "year: 2022.7", "year:", "year 应为四位整数年份（如 2022），现为“2022.7”"),
    ("pdf-string", "phone: 027-85481661\n", "phone: 027-85481661\npdf: \"false\"\n", "pdf:",
     "pdf 只能是 true 或 false（不加引号），现为“false”"),
    ("tolerance-text", "phone: 027-85481661\n", "phone: 027-85481661\ntolerance: abc\n", "tolerance:",
     "tolerance 应为数字（如 0.01），现为“abc”"),
    ("functions-string", "  functions:\n", "  functions: |\n", "  functions:",
     "texts.functions 应为列表（每项一行，以“- ”开头），现为“- 围绕区委、区人民政府的中心工作，督促、检查、反馈区人民政…”"),
    ("department-list", "department: 武汉市江汉区人民政府办公室", "department: [武汉市, 江汉区]", "department:",
     "department 应为一段文字，现为一个列表（如是多项，请写成一段，或检查缩进）"),
    ("profile-list", "phone: 027-85481661\n", "phone: 027-85481661\nprofile: [a, b]\n", "profile:",
     "profile 应为“键: 值”形式的一组设置，现为一个列表"),
    ("publish-date-invalid", "publish_date: 2023-10-24", "publish_date: 2023-02-30", "publish_date:",
     "publish_date 不是有效的日期：“2023-02-30”（2 月没有 30 日？）"),
    ("phone-number-unquoted", "phone: 027-85481661", "phone: 85481661", "phone:",
     "phone 应为文字，现为“85481661”（数字、日期或 true/false 当作文字时请加引号，如 \"027\"）"),
    ("formats-unknown", "  dir: out\n", "  dir: out\n  formats: [docx, doc]\n", "  formats:",
     "output.formats 第2项 只能是 docx、xlsx、pdf，现为“doc”"),
]


@pytest.mark.parametrize("case", WRONG_TYPES, ids=[c[0] for c in WRONG_TYPES])
def test_wrong_type_is_an_error_with_its_line(case, tmp_path):
    _id, old, new, marker, message = case
    project = edited(tmp_path, old, new)
    assert_refused(project, f"{PROJECT} 第{line_of(project, marker)}行：{message}")


def test_texts_as_a_list_is_an_error(tmp_path):
    project = _texts_as_list(tmp_path)
    assert_refused(project, f"{PROJECT} 第{line_of(project, 'texts:')}行：texts 应为“键: 值”形式的一组设置，现为一个列表")


# -- a misspelt key at every level: file, line, nearest known key ---------------------------------

MISSPELT = [
    ("top", "department:", "departmnet:", "departmnet:", "项目文件中没有“departmnet”这一项，是否想写“department”？"),
    ("profile", "phone: 027-85481661\n", "phone: 027-85481661\nprofile:\n  tabel_order: [t1, t2, t3, t4, t5, t6, t7, t8, t9]\n",
     "  tabel_order:", "profile 中没有“tabel_order”这一项，是否想写“table_order”？"),
    ("texts", "  units: []", "  staffng: 共有编制 12 人", "  staffng:", "texts 中没有“staffng”这一项，是否想写“staffing”？"),
    ("output", "  dir: out\n", "  dir: out\n  fromats: [docx]\n", "  fromats:", "output 中没有“fromats”这一项，是否想写“formats”？"),
    ("texts.part4", "    title: 2022年重点工作完成情况", "    titel: 2022年重点工作完成情况", "    titel:",
     "texts.part4 中没有“titel”这一项，是否想写“title”？"),
    ("list-item", "      - title: 加强项目规划、绩效目标管理", "      - titel: 加强项目规划、绩效目标管理", "      - titel:",
     "texts.performance.application 第1项 中没有“titel”这一项，是否想写“title”？"),
    ("glossary", "phone: 027-85481661\n", "phone: 027-85481661\nglossary:\n  extras: []\n", "  extras:",
     "glossary 中没有“extras”这一项，是否想写“extra”？"),
    ("other-kind", "phone: 027-85481661\n", "phone: 027-85481661\nprofile:\n  format: B\n", "  format:",
     "profile 中没有“format”这一项（这是预算项目的设置，本项目是决算）"),
]


@pytest.mark.parametrize("case", MISSPELT, ids=[c[0] for c in MISSPELT])
def test_misspelt_key_names_the_line_and_the_nearest_key(case, tmp_path):
    _id, old, new, marker, message = case
    project = edited(tmp_path, old, new)
    assert_refused(project, f"{PROJECT} 第{line_of(project, marker)}行：{message}")


def test_a_text_of_the_other_kind_is_an_error(tmp_path):
    project = edited(tmp_path, "  units: []", "  units: []\n  goals: [完成全年工作目标]")
    assert_refused(project, f"{PROJECT} 第{line_of(project, '  goals:')}行：texts 中的“goals”是预算项目的文字，本项目是决算，"
                            "不会出现在文档中。请删除或移到预算项目中")


def test_budget_profile_keys_are_checked_too(tmp_path):
    project = edited(tmp_path, "  format: A\n", "  fromat: B\n", "xinzhou-2023")
    exit_code, _out, stderr = run(["check", project])
    assert exit_code == 2
    assert stderr == (f"错误：xinzhou-2023.yaml 第{line_of(project, '  fromat:')}行："
                      "profile 中没有“fromat”这一项，是否想写“format”？\n")


def test_budget_partial_override_that_would_crash_is_refused(tmp_path):
    # formats.yaml's performance_titles has two keys; overriding one alone left the other missing (KeyError)
    project = edited(tmp_path, "  format: A\n", "  format: A\n  performance_titles:\n    overall: 整体绩效\n",
                     "xinzhou-2023")
    exit_code, _out, stderr = run(["check", project])
    assert exit_code == 2
    assert stderr == (f"错误：xinzhou-2023.yaml 第{line_of(project, '  performance_titles:')}行："
                      "profile.performance_titles 缺少必填设置“projects”\n")


def test_budget_unknown_income_row_is_refused(tmp_path):
    project = edited(tmp_path, "  format: A\n", "  format: A\n  income_rows: [gpb, fund, loans]\n", "xinzhou-2023")
    exit_code, _out, stderr = run(["check", project])
    assert exit_code == 2
    assert stderr == (f"错误：xinzhou-2023.yaml 第{line_of(project, '  income_rows:')}行：profile.income_rows 第3项 只能是 "
                      "gpb、fund、soe、special、business、operating、upper、affiliated、other，现为“loans”\n")


# -- YAML limits ----------------------------------------------------------------------------------

def test_alias_bomb_is_refused_before_it_expands(tmp_path):
    bomb = "  staffing: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    for i in range(1, 10):
        bomb += f"  special_transfer{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]\n"
    project = edited(tmp_path, "texts:\n", "texts:\n" + bomb)
    line = line_of(project, "  special_transfer5:")
    assert_refused(project, f"{PROJECT} 第{line}行：别名“*a4”展开后内容过多（超过 200,000 个值或 2000 万字），"
                            "项目文件不应这样使用别名（请直接写出内容）")


def test_deep_nesting_is_refused(tmp_path):
    project = copy_example(tmp_path)
    with project.open("a", encoding="utf-8") as f:
        f.write("glossary: {terms: " + "[" * 5000 + "]" * 5000 + "}\n")
    assert_refused(project, f"{PROJECT} 第{line_of(project, 'glossary:')}行：嵌套层数超过 40 层，"
                            "项目文件不需要这么深的结构（请检查缩进和括号）")


def test_alias_to_itself_is_refused(tmp_path):
    project = copy_example(tmp_path)
    with project.open("a", encoding="utf-8") as f:
        f.write("attachments: &r [*r]\n")
    assert_refused(project, f"{PROJECT} 第{line_of(project, 'attachments:')}行：别名“*r”引用了包含它自身的内容（循环引用）")


def test_oversized_project_file_is_refused(tmp_path):
    project = copy_example(tmp_path)
    with project.open("a", encoding="utf-8") as f:
        f.write("# " + "x" * 2_100_000 + "\n")
    size = project.stat().st_size
    assert_refused(project, f"{PROJECT}：项目文件过大（{size / 1e6:.1f} MB，上限 2 MB）。项目文件只放设置和文字，数字放在工作簿中")


def test_a_list_as_a_key_is_refused(tmp_path):
    project = copy_example(tmp_path)
    with project.open("a", encoding="utf-8") as f:
        f.write("? [a, b]\n: c\n")
    assert_refused(project, f"{PROJECT} 第{line_of(project, '? [a, b]')}行：设置项的名称不能是列表或映射（可能多写了“? ”或括号）")


# -- output names and folders ---------------------------------------------------------------------

@pytest.mark.parametrize("name,message", [
    ("../../x", "output.name 不能含有 /（文件名中不允许这些字符，输出文件总是写在 output.dir 中），现为“../../x”"),
    ("..\\\\x", "output.name 不能含有 \\（文件名中不允许这些字符，输出文件总是写在 output.dir 中），现为“..\\x”"),
    ("{foo}", "output.name 中的“{foo}”不是可用的字段（可用：{year}、{department}、{kind}、{short_name}）"),
    ("{year.__class__}", "output.name 中的“{year.__class__}”不是可用的字段（可用：{year}、{department}、{kind}、{short_name}）"),
    ("{year", "output.name 中的花括号 { } 不成对：“{year”（字段写成 {year} 这样）"),
    ("..", "output.name 不能为“..”（应为文件名，如 {year}年度{department}部门决算公开）"),
    ("con", "output.name 填入后的文件名“con”不能用作文件名（为空，或是 CON、PRN、AUX、NUL、COM1、LPT1 等 Windows 保留的名称），"
            "请修改 output.name"),
])
def test_unsafe_output_name_is_refused(name, message, tmp_path):
    project = edited(tmp_path, "  dir: out\n", f'  dir: out\n  name: "{name}"\n')
    assert_refused(project, f"{PROJECT} 第{line_of(project, '  name:')}行：{message}")


def test_forbidden_characters_from_the_department_are_replaced_in_the_file_name(tmp_path):
    project = edited(tmp_path, "department: 武汉市江汉区人民政府办公室", 'department: "武汉市/江汉区:政府办?"')
    p = load_project(project)
    assert p.department == "武汉市/江汉区:政府办?"
    assert p.stem == "2022年度武汉市_江汉区_政府办_部门决算公开"


def test_output_dir_that_is_a_file_exits_3(tmp_path):
    project = copy_example(tmp_path)
    (tmp_path / "out").write_text("not a folder", encoding="utf-8")
    assert_refused(project, f"{PROJECT} 第{line_of(project, '  dir:')}行：output.dir 指向的“{tmp_path / 'out'}”"
                            "是一个文件，不是文件夹。请改为一个文件夹的路径", code=3)


def test_output_dir_below_a_file_exits_3(tmp_path):
    project = edited(tmp_path, "  dir: out", "  dir: notes.txt/out")
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    exit_code, _o, stderr = run(["check", project])
    assert exit_code == 3
    assert stderr == (f"错误：{PROJECT} 第{line_of(project, '  dir:')}行：无法创建输出文件夹“{tmp_path / 'notes.txt' / 'out'}”："
                      f"其中的“{tmp_path / 'notes.txt'}”是一个文件。请修改 output.dir\n")


# -- the other exit-70 cases of the campaign -------------------------------------------------------

def test_gbk_codes_csv_is_read_with_a_warning(tmp_path):
    project = edited(tmp_path, "workbook: jianghan-2022.xlsx\n", "workbook: jianghan-2022.xlsx\ncodes: [my-codes.csv]\n")
    csv = "code,name,from_year,to_year,description\n2010399,其他政府办公厅（室）及相关机构事务支出,,,本部门自定的说明\n"
    (tmp_path / "my-codes.csv").write_bytes(csv.encode("gbk"))
    from reportgen.build import prepare

    prepared = prepare(project)
    assert prepared.codes["function"].entry("2010399", 2022).description == "本部门自定的说明"
    found = [f for f in prepared.findings if f.rule == "CODES-ENCODING"]
    assert [(f.level, f.where.file, f.message) for f in found] == [
        ("警告", str(tmp_path / "my-codes.csv"), "科目代码表 my-codes.csv 不是 UTF-8 编码，已按 GBK（GB18030）读取；"
                                                 "建议在 Excel 中“另存为”“CSV UTF-8（逗号分隔）”")]


def test_check_json_prints_json_for_a_project_file_error(tmp_path):
    project = edited(tmp_path, "publish_date: 2023-10-24", "publish_date: 2023-02-30")
    exit_code, stdout, _err = run(["check", "--json", project])
    assert exit_code == 2
    line = line_of(project, "publish_date:")
    assert json.loads(stdout) == {
        "fatal": f"{PROJECT} 第{line}行：publish_date 不是有效的日期：“2023-02-30”（2 月没有 30 日？）",
        "exit_code": 2, "file": PROJECT, "line": line, "findings": [], "errors": 1, "warnings": 0}


def test_check_json_prints_json_for_an_unwritable_output_and_for_an_internal_error(tmp_path, monkeypatch):
    project = copy_example(tmp_path)
    (tmp_path / "out").write_text("x", encoding="utf-8")
    exit_code, stdout, _err = run(["check", "--json", project])
    assert exit_code == 3
    assert json.loads(stdout)["exit_code"] == 3

    import reportgen.build

    def broken(_path):
        raise RuntimeError("boom")

    monkeypatch.setattr(reportgen.build, "prepare", broken)
    exit_code, stdout, _err = run(["check", "--json", project])
    assert exit_code == 70
    data = json.loads(stdout)
    assert data["exit_code"] == 70 and data["fatal"].startswith("内部错误：RuntimeError: boom。")


def test_check_json_prints_json_without_a_project_argument():
    exit_code, stdout, _err = run(["check", "--json"])
    assert exit_code == 2
    assert json.loads(stdout) == {"fatal": "缺少项目文件。用法：reportgen check 2024.yaml", "exit_code": 2, "file": "",
                                  "line": None, "findings": [], "errors": 1, "warnings": 0}


def test_init_from_a_project_whose_texts_is_a_list(tmp_path):
    old = _texts_as_list(tmp_path)
    exit_code, _o, stderr = run(["init", tmp_path / "2023.yaml", "--from", old])
    assert exit_code == 2
    assert stderr == f"错误：{PROJECT} 第{line_of(old, 'texts:')}行：texts 应为“键: 值”形式的一组设置，现为一个列表\n"
    assert not (tmp_path / "2023.yaml").exists() and not (tmp_path / "2023.xlsx").exists()


def test_init_into_a_folder_that_is_a_file_exits_3(tmp_path):
    (tmp_path / "here").write_text("x", encoding="utf-8")
    exit_code, _o, stderr = run(["init", tmp_path / "here" / "2024.yaml", "--kind", "决算", "--department", "武汉市XX局"])
    assert exit_code == 3
    target = tmp_path / "here" / "2024.xlsx"
    assert stderr == (f"错误：{target}：无法在文件夹“{tmp_path / 'here'}”中写入 2024.xlsx：路径中有同名的文件。"
                      "请换一个文件夹，或检查该文件夹的权限\n")


def test_init_into_a_read_only_folder_exits_3_and_leaves_nothing(tmp_path, monkeypatch):
    # the tests may run as root, for whom chmod does not deny writing: the denial is simulated
    import reportgen.init as init_module

    folder = tmp_path / "ro"
    folder.mkdir()

    def denied(path, text):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(init_module, "_write_new", denied)
    exit_code, _o, stderr = run(["init", folder / "2024.yaml", "--kind", "决算", "--department", "武汉市XX局"])
    assert exit_code == 3
    assert stderr == (f"错误：{folder / '2024.yaml'}：无法在文件夹“{folder}”中写入 2024.yaml：没有写入权限。"
                      "请换一个文件夹，或检查该文件夹的权限\n")
    assert list(folder.iterdir()) == []


# -- the examples and the reference ---------------------------------------------------------------

def test_examples_load_unchanged_with_typed_values():
    fa = load_project(ROOT / "data" / "jianghan-2022.yaml", check_output=False)
    assert isinstance(fa.settings, settings.FinalAccountsProject)
    assert (fa.year, fa.department, fa.short_name, str(fa.publish_date)) == (2022, "武汉市江汉区人民政府办公室", "区政府办",
                                                                            "2023-10-24")
    assert fa.profile == {} and fa.settings.profile.table_title_style == "year"
    assert len(fa.texts["functions"]) == 12 and fa.texts["units"] == []
    assert (fa.tolerance, fa.reason_threshold, fa.formats, fa.pdf) == ("0.01", "0", ("docx", "xlsx"), False)
    bu = load_project(ROOT / "data" / "xinzhou-2023.yaml", check_output=False)
    assert isinstance(bu.settings, settings.BudgetProject)
    assert bu.profile == {"format": "A"}
    assert bu.texts["org"] == {"plates": ["区人民政府归国华侨联合会", "区人民政府金融领导小组办公室", "区人民政府研究室"],
                               "offices": 9, "party_committee": True,
                               "units": ["新洲区政务服务便民热线办理中心", "新洲区公文交换站", "新洲区地方金融监管服务中心"],
                               "civil_units": 3}
    assert bu.texts["contact"]["phone"] == "86925015"


def test_committed_reference_is_the_generated_one():
    committed = (ROOT / "docs" / "project-reference.md").read_text(encoding="utf-8")
    assert committed == settings.markdown(), "run: reportgen options --markdown > docs/project-reference.md"
    for option in settings.reference():
        assert f"| `{option.path}` |" in committed, option.path


def test_options_command_lists_every_key():
    exit_code, stdout, _err = run(["options"])
    assert exit_code == 0
    listed = [line.split("  ")[0] for line in stdout.splitlines() if line and not line.startswith((" ", "#"))]
    assert listed == [o.path for o in settings.reference()]
    assert "profile.table_order  [列表 list of t1 | t2 | t3 | t4 | t5 | t6 | t7 | t8 | t9]" in stdout


# -- every key the code reads is declared (and with the code's default) ----------------------------

SRC = ROOT / "src" / "reportgen"


def _reads(pattern: str, *files: Path, glob: str = "*.py") -> set[tuple[str, str]]:
    import re

    found = set()
    for path in files:
        for path in ([path] if path.is_file() else sorted(path.rglob(glob))):
            for m in re.finditer(pattern, path.read_text(encoding="utf-8")):
                found.add((m.group(1), m.group(2) if m.lastindex and m.lastindex > 1 else None))
    return found


def test_every_profile_key_the_code_reads_is_declared_with_the_same_default():
    import ast

    fa = settings.FinalAccountsProfile.model_fields
    reads = _reads(r'profile\.get\("(\w+)"(?:,\s*([^)]+))?\)', SRC / "kinds" / "final_accounts",
                   SRC / "render" / "filters.py", SRC / "manifest.py")
    assert {k for k, _d in reads} >= {"table_order", "titles", "notes_with_formulas", "zero_display"}
    for key, default in reads:
        assert key in fa, f"profile.{key} is read by the code but not declared in settings.FinalAccountsProfile"
        if default is not None:
            assert fa[key].default == ast.literal_eval(default), key
    bu = settings.BudgetProfile.model_fields
    fmt_reads = _reads(r'fmt(?:\.get\(|\[)"(\w+)"', SRC / "kinds" / "budget", SRC / "checks" / "budget.py")
    internal = {"name", "admin_cost_items", "table_notes", "empty_notes",     # set by format_of, not by the project file
                "layout_only_columns"}
    assert {k for k, _d in fmt_reads} >= {"parts", "income_rows", "glossary_numbering"}
    for key, _d in fmt_reads:
        assert key in bu or key in internal, f"profile.{key} (budget format) is not declared in settings.BudgetProfile"
    formats = settings.budget_format_defaults()
    for fmt in ("A", "B"):
        for key in formats[fmt]:
            assert key in bu, f"formats.yaml {fmt}.{key} cannot be overridden: not declared in settings.BudgetProfile"


def test_every_text_the_code_and_the_templates_read_is_declared():
    texts = settings.Texts.model_fields
    # the Word templates' tags are in tools/, the narrative's in the layout fragments (*.j2)
    reads = (_reads(r'texts(?:\.get\(|\[)"(\w+)"', SRC) | _reads(r'\btexts\.(\w+)', ROOT / "tools")
             | _reads(r'\btexts\.(\w+)', SRC / "kinds", glob="*.j2"))
    assert {k for k, _d in reads} >= {"functions", "part4", "org", "goals", "special_transfer", "functions_intro"}
    for key, _d in reads:
        assert key in texts, f"texts.{key} is read but not declared in settings.Texts"
    nested = {"part4": settings.Part4, "performance": settings.Performance, "org": settings.Org,
              "uses": settings.Uses, "overall": settings.Overall, "contact": settings.Contact}
    for parent, model in nested.items():
        for key, _d in (_reads(rf'\btexts\.{parent}\.(\w+)', ROOT / "tools")
                        | _reads(rf'\btexts\.{parent}\.(\w+)', SRC / "kinds", glob="*.j2")):
            assert key in model.model_fields, f"texts.{parent}.{key} is read by a template but not declared"


# -- any value at any key: a message, never an internal error --------------------------------------

def _keys() -> list[tuple[str, ...]]:
    keys = [(k,) for k in settings.FinalAccountsProject.model_fields]
    for section, model in (("profile", settings.FinalAccountsProfile), ("texts", settings.Texts),
                           ("output", settings.Output), ("glossary", settings.Glossary)):
        keys += [(section, k) for k in model.model_fields]
    keys += [("texts", "part4", k) for k in settings.Part4.model_fields]
    keys += [("attachments", 0, k) for k in settings.Attachment.model_fields]
    return keys


def test_any_value_at_any_key_is_accepted_or_refused_with_a_message(tmp_path_factory):
    import datetime as dt

    import yaml
    from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

    from reportgen.errors import ReportgenError

    folder = tmp_path_factory.mktemp("any-value")
    project = copy_example(folder)
    base = yaml.safe_load(project.read_text(encoding="utf-8"))
    base["attachments"] = [{"title": "附件", "path": "a.docx"}]
    scalars = (st.none() | st.booleans() | st.integers(-10**30, 10**30) | st.floats(allow_nan=True)
               | st.text(max_size=12) | st.dates(dt.date(1900, 1, 1), dt.date(2200, 1, 1))
               | st.sampled_from(["{foo}", "../x", "2023-02-30", "t1", "A", "docx", "决算", "..", "con", ""]))
    values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                          | st.dictionaries(st.text(max_size=6), inner, max_size=3), max_leaves=8)

    @hsettings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.sampled_from(_keys()), values)
    def check(path, value):
        data = yaml.safe_load(yaml.safe_dump(base, allow_unicode=True))
        node = data
        for k in path[:-1]:
            node = node.setdefault(k, {}) if isinstance(k, str) else node[k]
        node[path[-1]] = value
        target = folder / "any.yaml"
        target.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        try:
            p = load_project(target)
            p.stem  # noqa: B018 - the file name is computed without an error
        except ReportgenError as exc:
            assert exc.exit_code in (2, 3)
            assert "\n" not in str(exc)

    check()


def test_a_pipe_closed_early_is_not_an_internal_error():
    """`reportgen options | head -1`: the reader closes the pipe early; no 内部错误, exit 0."""
    import shutil
    import subprocess

    exe = shutil.which("reportgen") or str(Path(sys.executable).with_name("reportgen"))
    r = subprocess.run(f'"{exe}" options | head -1', shell=True, capture_output=True, text=True,
                       executable="/bin/bash")
    assert r.stdout.startswith("kind  [决算 | 预算]")
    assert r.stderr == ""
    r = subprocess.run(f'"{exe}" options | head -1; exit ${{PIPESTATUS[0]}}', shell=True, capture_output=True,
                       text=True, executable="/bin/bash")
    assert r.returncode == 0


def test_a_key_with_a_line_break_is_named_on_one_line(tmp_path):
    """Found by the property test above: a key written with a line break (a quoted YAML key)."""
    import yaml

    from reportgen.errors import ReportgenError

    project = copy_example(tmp_path)
    data = yaml.safe_load(project.read_text(encoding="utf-8"))
    data["output"]["a\nb"] = 1
    project.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ReportgenError) as exc:
        load_project(project)
    assert str(exc.value) == "jianghan-2022.yaml 第4行：output 中没有“a\\x0ab”这一项（可用：dir、name、formats）"
    assert exc.value.exit_code == 2
