"""Acceptance for ``reportgen check`` (issue 3, part a): one planted error per rule.

Each case copies the example project (江汉区政府办 2022), changes the workbook (or the project
file) the way a person filling it in could, and asserts that the checks report exactly the
planted problem — the rule, the level, the sheet and cell (or the YAML line) — and nothing else
beyond what the clean example already reports.  The clean example itself has no error and exactly
three warnings.  The CLI's exit codes, ``--json`` and the build's refusal to write on errors are
tested at the end.
"""
from __future__ import annotations

import json
import re
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

T1, T2, T3, T4, T5, T6, T9 = (S.T1.name, S.T2.name, S.T3.name, S.T4.name, S.T5.name, S.T6.name, S.T9.name)


# -- helpers ------------------------------------------------------------------------------------

def key(f):
    return (f.level, f.rule, f.where.file, f.where.sheet, f.where.cell, f.where.line, f.message)


def run_prepare(folder: Path, edit: Callable | None = None, yaml_edit: Callable | None = None):
    """Copy the example into ``folder``, apply the edits, run the checks (nothing is written)."""
    project = copy_example(folder)
    if edit is not None:
        path = folder / WORKBOOK
        wb = openpyxl.load_workbook(path)
        edit(wb)
        wb.save(path)
    if yaml_edit is not None:
        project.write_text(yaml_edit(project.read_text(encoding="utf-8")), encoding="utf-8")
    return prepare(project)


@pytest.fixture(scope="module")
def baseline(tmp_path_factory):
    """The findings of the unchanged example (after an openpyxl load/save round trip)."""
    prepared = run_prepare(tmp_path_factory.mktemp("baseline"), edit=lambda wb: None)
    return prepared.findings


@pytest.fixture(scope="module")
def baseline_keys(baseline):
    return {key(f) for f in baseline}


def new_findings(prepared, baseline_keys):
    return [f for f in prepared.findings if key(f) not in baseline_keys]


def setv(sheet: str, **cells):
    """An edit that writes values into cells of one sheet: ``setv(T3, C10=134.2)``."""
    def edit(wb):
        ws = wb[sheet]
        for ref, value in cells.items():
            ws[ref] = value
    return edit


def edits(*fns):
    def edit(wb):
        for fn in fns:
            fn(wb)
    return edit


def move_row(sheet: str, src: int, dst: int, ncols: int):
    def edit(wb):
        ws = wb[sheet]
        for col in range(1, ncols + 1):
            ws.cell(row=dst, column=col).value = ws.cell(row=src, column=col).value
            ws.cell(row=src, column=col).value = None
    return edit


def clear_pasted_t1_t4(wb):
    """Remove the figures pasted into 表1 and 表4 (they are optional: computed from the other tables)."""
    for name, cols, last in ((T1, "CF", 36), (T4, "CFGHI", 37)):
        ws = wb[name]
        for row in range(6, last + 1):
            for col in cols:
                ws[f"{col}{row}"] = None


def insert_t5_row(wb):
    """表5: 36.00 of 2010399's 项目支出 moved to a new row 2010350 that 表3 does not have."""
    ws = wb[T5]
    ws.insert_rows(12)
    ws["A12"], ws["B12"], ws["C12"], ws["E12"] = "2010350", "事业运行", 36, 36
    ws["C11"], ws["E11"] = 100.13, 100.13


def add_indicator_row(wb):
    ws = wb[S.PROJECT_INDICATORS.name]
    for col, value in zip("ABCDEFGH", ("不存在的项目", "产出指标", "数量指标", "完成篇数", "1篇", "1篇", 5, 5)):
        ws[f"{col}58"] = value


def functions_empty(text: str) -> str:
    out, n = re.subn(r"  functions:\n(?:    - .*\n)+", "  functions: []\n", text)
    assert n == 1
    return out


def yaml_line(text: str, key_text: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if line.startswith(key_text))


# -- the clean example --------------------------------------------------------------------------

def test_clean_example_has_no_error_two_warnings_and_one_rounding_note(baseline):
    assert baseline.errors == []
    got = sorted((f.rule, f.where.sheet, f.where.cell) for f in baseline.warnings)
    assert got == sorted([
        ("CODE-NAME", T3, "A27"),
        ("REASON-MISSING", S.REASONS.name, ""),
    ])
    # six projects each rounded to 0.01: their sum may differ from 表5 by up to 6 × 0.005 (a 尾数, information)
    assert [(f.rule, f.where.sheet) for f in baseline.infos] == [("DETAIL-PROJECTS", S.PROJECTS.name)]
    by_rule = {f.rule: f for f in baseline.items}
    assert "2210202" in by_rule["CODE-NAME"].message and "租房补贴" in by_rule["CODE-NAME"].message
    assert "提租补贴" in by_rule["CODE-NAME"].message
    assert by_rule["REASON-MISSING"].message.startswith("213 农林水支出")
    assert "差 0.01" in by_rule["DETAIL-PROJECTS"].message
    assert "尾数误差" in by_rule["DETAIL-PROJECTS"].message
    assert all(f.where.file == WORKBOOK for f in baseline)


def test_shipped_example_reads_the_same_as_its_round_trip(baseline):
    """The round trip through openpyxl used by every planted case changes nothing by itself."""
    prepared = prepare(ROOT / "data" / PROJECT)
    assert sorted(map(key, prepared.findings)) == sorted(map(key, baseline))


# -- one planted error per rule -----------------------------------------------------------------

@dataclass
class Case:
    id: str
    edit: Callable | None
    expect: list[tuple]                # (level, rule, sheet, cell) — or (level, rule, "yaml", line)
    contains: tuple[str, ...] = ()     # texts every expected message contains
    yaml_edit: Callable | None = None
    exact: str | None = None           # the whole printed finding, when the README quotes it


E, W = "错误", "警告"

CASES = [
    # 表2/3/5 (T-FUNC): the 栏次 formula of a 项 row, a pasted 类/款 row, the 合计 row
    Case("T-COL", setv(T3, C10=134.2), [(E, "T-COL", T3, "C10")],
         exact="错误 表3 支出决算表!C10 表3 2010302 一般行政管理事务：基本支出 33.35 + 项目支出 100.88 = 134.23，"
               "表中为 134.20（差 0.03）"),
    Case("T-COL-tolerance", setv(T3, C10=134.22), [(W, "T-COL", T3, "C10")], ("134.23", "134.22", "尾数误差")),
    Case("T-SUM", setv(T5, D7=739.9), [(E, "T-SUM", T5, "D7")], ("201", "基本支出", "739.09", "739.90")),
    Case("T-TOTAL", setv(T2, D6=4199.63), [(E, "T-TOTAL", T2, "D6")], ("合计", "财政拨款收入", "4,199.36", "4,199.63")),
    # 表1/表4 (T-FIXED): a pasted row, the balances that cannot be negative
    Case("T-ROW-t1", setv(T1, F13=112.11), [(E, "T-ROW", T1, "F13")], ("39行", "121.11", "112.11")),
    Case("T-ROW-t4", setv(T4, G24=121.45), [(E, "T-ROW", T4, "G24")], ("51行", "121.54", "121.45")),
    Case("T1-BAL", setv(T1, F33=5000), [(E, "T1-BAL", T1, "F34")], ("年末结转和结余为负", "-5,000.00")),
    Case("T4-BAL", edits(clear_pasted_t1_t4, setv(T4, C8=10)), [(E, "T4-BAL", T4, "G33")],
         ("一般公共预算", "-10.00")),
    # 表6
    Case("T6-SUM", setv(T6, C5=873.94), [(E, "T6-SUM", T6, "C5")], ("301", "872.94", "873.94")),
    Case("T6-TOTAL", setv(T6, C33=964.16), [(E, "T6-TOTAL", T6, "C33")], ("人员经费合计", "964.61", "964.16")),
    Case("X7", setv(T6, C6=150.16, C5=873.94, C33=965.61), [(E, "X7", T6, "")],
         ("1,055.43", "表5 基本支出 1,054.43", "差 1.00")),
    # 表9
    Case("T9-SUM", setv(T9, G6=6.7), [(E, "T9-SUM", T9, "G6")], ("第7栏", "6.07", "6.70")),
    # cross-table identities
    Case("X8", setv(T5, C9=704.74, D9=704.74, C10=135.23, D10=34.35), [(E, "X8", T5, "A10")],
         ("2010302", "基本支出", "表5 34.35 大于表3 33.35")),
    Case("X8-missing-in-t3", insert_t5_row, [(E, "X8", T5, "A12")], ("2010350", "表3 中没有")),
    Case("X11", setv(T2, C9=704.74, D9=704.74, C10=135.23, D10=135.23),
         [(E, "X11", T2, "A9"), (E, "X11", T2, "A10")], ("无结转结余时收入",)),
    Case("X12", setv(T6, F6=8.29, F21=0.5), [(W, "X12", T9, "L6")], ("公务接待费", "0.37", "30217", "0.50")),
    # codes
    # 2080599 renamed to 2080504 (a code of the 2019 edition) in 表2, 表3 and 表5 alike
    Case("CODE-UNKNOWN", edits(*(setv(t, A16="2080504") for t in (T2, T3, T5))),
         [(E, "CODE-UNKNOWN", t, "A16") for t in (T2, T3, T5)],
         ("2080504", "在2022年科目表中不存在（其他年度有此编码）")),
    Case("CODE-UNKNOWN-economic", setv(T6, A18="30198"), [(E, "CODE-UNKNOWN", T6, "C18")],
         ("经济分类科目编码 30198", "不在科目代码表中")),
    Case("CODE-NAME", setv(T2, B10="一般行政管理"), [(W, "CODE-NAME", T2, "A10")],
         ("“一般行政管理”", "“一般行政管理事务”")),
    Case("CODE-PARENT", move_row(T5, 11, 29, 5), [(W, "CODE-PARENT", T5, "A29")], ("2010399", "22102")),
    # 年初预算数
    Case("BUDGET-SUM", setv(S.BUDGET.name, C9=3928.98), [(E, "BUDGET-SUM", S.BUDGET.name, "C9")],
         ("3,928.98", "3,927.98")),
    Case("BUDGET-MISSING", setv(S.BUDGET.name, A8=None, B8=None, C8=None, C9=3805.59),
         [(W, "BUDGET-MISSING", S.BUDGET.name, "")], ("221", "121.54", "未填年初预算数")),
    # 主要原因
    Case("REASON-MISSING", setv(S.REASONS.name, A16=None, C16=None), [(W, "REASON-MISSING", S.REASONS.name, "")],
         ("机关运行经费较上年",)),
    Case("REASON-UNUSED", setv(S.REASONS.name, A17="支出决算与年初预算差异", B17="2240101", C17="应急管理"),
         [(W, "REASON-UNUSED", S.REASONS.name, "第17行")], ("2240101", "不会写入文档")),
    # details
    Case("DETAIL-SUM", setv(S.VEHICLE_RUN.name, B6=0.29), [(E, "DETAIL-SUM", S.VEHICLE_RUN.name, "")],
         ("公务用车运行维护费明细合计 5.07", "表9 5.70")),
    Case("DETAIL-VEHICLE", setv(S.SANGONG.name, B6=1), [(W, "DETAIL-VEHICLE", S.SANGONG.name, "B6")],
         ("1 辆", "0.00")),
    Case("DETAIL-FLEET", setv(S.SANGONG.name, B7=5), [(W, "DETAIL-FLEET", S.ASSETS.name, "")], ("4 辆", "5 辆")),
    Case("DETAIL-PROJECTS", setv(S.PROJECTS.name, E8=60.05), [(E, "DETAIL-PROJECTS", S.PROJECTS.name, "")],
         ("3,136.94", "3,144.93", "差 7.99")),
    Case("DETAIL-SOURCES", setv(S.PROJECTS.name, L4=12), [(E, "DETAIL-SOURCES", S.PROJECTS.name, "第4行")],
         ("调查研究工作经费", "12.00", "13.00")),
    Case("DETAIL-CODE", setv(S.PROJECTS.name, C4="2010350"), [(E, "DETAIL-CODE", S.PROJECTS.name, "C4")],
         ("调查研究工作经费", "2010350", "表5中没有支出")),
    Case("DETAIL-SME", setv(S.PROCUREMENT.name, B9=23.38), [(E, "DETAIL-SME", S.PROCUREMENT.name, "B9")],
         ("服务", "23.38", "22.30")),
    Case("DETAIL-SME-micro", setv(S.PROCUREMENT.name, B10=30), [(E, "DETAIL-SME", S.PROCUREMENT.name, "B10")],
         ("小微企业", "30.00", "22.08")),
    Case("X-ADMIN", setv(S.ADMIN_COST.name, B4=90), [(W, "X-ADMIN", S.ADMIN_COST.name, "B4")], ("90.00", "89.82")),
    # performance
    Case("PERF-WEIGHT-project", setv(S.PROJECT_INDICATORS.name, G4=7),
         [(E, "PERF-WEIGHT", S.PROJECT_INDICATORS.name, "")], ("调查研究工作经费", "61", "60 分")),
    Case("PERF-WEIGHT-goal", setv(S.OVERALL_INDICATORS.name, G4=2),
         [(E, "PERF-WEIGHT", S.OVERALL_GOALS.name, "第4行")], ("年度目标1", "15.50")),
    Case("PERF-WEIGHT-overall", edits(setv(S.OVERALL_GOALS.name, B9=10), setv(S.OVERALL_INDICATORS.name, G56=2)),
         [(E, "PERF-WEIGHT", S.OVERALL_GOALS.name, "")], ("81", "100 分")),
    Case("PERF-SCORE", setv(S.PROJECT_INDICATORS.name, H4=7), [(E, "PERF-SCORE", S.PROJECT_INDICATORS.name, "H4")],
         ("起草《2022年政府工作报告》", "7.00", "6.00")),
    Case("PERF-SCORE-goal", setv(S.PROJECTS.name, Q8=25), [(E, "PERF-SCORE", S.PROJECTS.name, "Q8")],
         ("聘用人员工作经费", "25.00", "20 分")),
    Case("PERF-PROJECT", add_indicator_row, [(E, "PERF-PROJECT", S.PROJECT_INDICATORS.name, "A58")],
         ("不存在的项目",)),
    # texts
    Case("TEXT-EMPTY", None, [(E, "TEXT-EMPTY", "yaml", "texts:")], ("texts.functions",), yaml_edit=functions_empty),
    Case("L-YEAR", setv(S.REASONS.name, C4="增加2019年结转的帮扶经费"), [(W, "L-YEAR", S.REASONS.name, "C4")],
         ("2019年",)),
    Case("L-SLOT", setv(S.REASONS.name, C4="增加帮扶经费，其中为万元"), [(W, "L-SLOT", S.REASONS.name, "C4")],
         ("为万元",)),
    Case("L-DOUBLE", setv(S.REASONS.name, C4="增加结对帮扶帮扶宣恩县经费"), [(W, "L-DOUBLE", S.REASONS.name, "C4")],
         ("帮扶帮扶",)),
    # reader
    Case("R-NEGATIVE", setv(S.ASSETS.name, B8=-1), [(W, "R-NEGATIVE", S.ASSETS.name, "B8")], ("负数",)),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_planted_error_is_reported_at_its_cell(case: Case, tmp_path, baseline_keys):
    prepared = run_prepare(tmp_path, edit=case.edit, yaml_edit=case.yaml_edit)
    got = new_findings(prepared, baseline_keys)
    expected = []
    for level, rule, sheet, cell in case.expect:
        if sheet == "yaml":
            line = yaml_line((tmp_path / PROJECT).read_text(encoding="utf-8"), cell)
            expected.append((level, rule, PROJECT, "", "", line))
        else:
            expected.append((level, rule, WORKBOOK, sheet, cell, None))
    assert sorted((f.level, f.rule, f.where.file, f.where.sheet, f.where.cell, f.where.line) for f in got) \
        == sorted(expected), "\n".join(map(str, got))
    for f in got:
        for text in case.contains:
            assert text in f.message, f"{text!r} not in {f.message!r}"
        assert re.search(r"[\u4e00-\u9fff]", f.message)
    if case.exact:
        assert [str(f) for f in got] == [case.exact]
    if any(level == E for level, *_ in case.expect):
        assert prepared.findings.errors, "a planted error must stop the build"
    else:
        assert prepared.findings.errors == []


@pytest.mark.parametrize("c7,c8", [(350, 131.02), (302.5, 178.52)], ids=["350.00", "302.50"])
def test_t6_amount_that_looks_like_a_code_is_read_as_an_amount(tmp_path, baseline_keys, c7, c8):
    """Regression: 表6 amounts of 300–399.99 (or 30000–39999.99) were taken for economic codes.

    30102 津贴补贴 221.43 and 30103 奖金 259.59 become c7 and c8 (same sum): nothing else changes.
    """
    prepared = run_prepare(tmp_path, setv(T6, C7=c7, C8=c8))
    assert new_findings(prepared, baseline_keys) == []
    assert prepared.result.t6.amounts["30102"] == Decimal(str(c7)).quantize(Decimal("0.01"))
    assert prepared.result.t6.personnel == Decimal("964.61")


def test_every_rule_of_the_checks_has_a_planted_case():
    """Guard: a rule added to checks/ without a planted case here makes this test fail."""
    ids = set()
    for path in (ROOT / "src" / "reportgen" / "checks").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        if path.name == "__init__.py" or 'KIND = "预算"' in text:   # the 预算 kind's rules are not run here
            continue
        groups = set(re.findall(r'@rule\("([^"]+)"', text))
        ids |= set(re.findall(r'"([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+|X\d+)"', text)) - groups
    covered = {rule for c in CASES for _level, rule, *_ in c.expect}
    assert ids, "no rule ids found in src/reportgen/checks"
    assert ids <= covered, f"rules without a planted case: {sorted(ids - covered)}"


# -- the command line: exit codes, --json, build refuses to write ---------------------------------

def _invoke(args, cwd: Path):
    """Run the CLI in-process; paths are absolute so the working directory does not matter."""
    args = [str(cwd / a) if a.endswith(".yaml") else a for a in args]
    return CliRunner().invoke(main, args, catch_exceptions=False)


def _stderr(result) -> str:
    try:
        return result.stderr
    except ValueError:   # click < 8.2 mixes the streams unless asked
        return result.output


def test_check_clean_example_exits_0_and_lists_the_warnings(tmp_path):
    project = copy_example(tmp_path)
    result = _invoke(["check", project.name], tmp_path)
    assert result.exit_code == 0, result.output
    assert "共 0 个错误，2 个警告，1 个提示" in result.output
    assert "警告 表3 支出决算表!A27 2210202 的科目名称为“租房补贴”" in result.output
    assert "Traceback" not in result.output


def test_check_json_lists_findings_with_places(tmp_path):
    project = copy_example(tmp_path)
    wb = openpyxl.load_workbook(tmp_path / WORKBOOK)
    wb[T3]["C10"] = 134.2
    wb.save(tmp_path / WORKBOOK)
    result = _invoke(["check", "--json", project.name], tmp_path)
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["errors"] == 1 and data["warnings"] == 2
    assert [f["rule"] for f in data["findings"] if f["level"] == "info"] == ["DETAIL-PROJECTS"]
    err = [f for f in data["findings"] if f["level"] == "error"]
    assert err == [{
        "level": "error", "rule": "T-COL", "file": WORKBOOK, "sheet": T3, "cell": "C10", "line": None,
        "message": "表3 2010302 一般行政管理事务：基本支出 33.35 + 项目支出 100.88 = 134.23，表中为 134.20（差 0.03）",
    }]


def test_check_json_on_unreadable_input_exits_2(tmp_path):
    project = copy_example(tmp_path)
    (tmp_path / WORKBOOK).unlink()
    result = _invoke(["check", "--json", project.name], tmp_path)
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert "找不到输入工作簿" in data["fatal"]


def test_check_with_error_exits_1_and_prints_the_cell(tmp_path):
    project = copy_example(tmp_path)
    wb = openpyxl.load_workbook(tmp_path / WORKBOOK)
    wb[T5]["D7"] = 739.9
    wb.save(tmp_path / WORKBOOK)
    result = _invoke(["check", project.name], tmp_path)
    assert result.exit_code == 1
    assert f"错误 {T5}!D7 表5 201 一般公共服务支出（类）基本支出" in result.output
    assert "共 1 个错误，2 个警告，1 个提示" in result.output


def test_build_refuses_to_write_on_errors_and_force_writes(tmp_path):
    project = copy_example(tmp_path)
    wb = openpyxl.load_workbook(tmp_path / WORKBOOK)
    wb[T3]["C10"] = 134.2
    wb.save(tmp_path / WORKBOOK)
    result = _invoke(["build", project.name], tmp_path)
    assert result.exit_code == 1
    assert "未生成任何文件" in _stderr(result)
    assert "错误 表3 支出决算表!C10" in result.output
    out = tmp_path / "out"
    assert not out.exists() or not any(out.iterdir())

    result = _invoke(["build", "--force", project.name], tmp_path)
    assert result.exit_code == 0, result.output
    assert "因使用了 --force 仍然生成了文件" in result.output
    written = {p.suffix for p in out.iterdir()}
    assert {".docx", ".xlsx"} <= written


def test_code_class_outside_the_26_rows_of_table1_is_an_error(tmp_path):
    """A 项 under a 类 that 表1/表4 do not list (e.g. 227 预备费, from a user code table) would silently
    drop out of 表1; the checks say so at the 类 level (CODE-CLASS)."""
    def add_codes(text):
        (tmp_path / "extra-codes.csv").write_text(
            "code,name,from_year,to_year,description\n227,预备费,,,\n22701,预备费,,,\n2270101,预备费,,,\n",
            encoding="utf-8")
        return text + "\ncodes: [extra-codes.csv]\n"

    prepared = run_prepare(tmp_path, edit=edits(setv(T2, A16="2270101"), setv(T3, A16="2270101"),
                                                 setv(T5, A16="2270101")), yaml_edit=add_codes)
    found = [f for f in prepared.findings if f.rule == "CODE-CLASS"]
    assert [(f.level, f.where.sheet) for f in found] == [(E, T2), (E, T3), (E, T5)]
    assert all("类 227 预备费 不在表1/表4的26个支出功能分类中" in f.message for f in found)
