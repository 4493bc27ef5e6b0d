"""The regeneration loop (issue 4): deterministic outputs and the figure manifest.

* the same inputs give byte-identical .docx/.xlsx — built in two folders, at different times, in
  two processes with different hash seeds; also after LibreOffice rewrote the .docx (``--pdf``);
* ``build`` writes ``<stem>.manifest.json`` beside the document with every printed figure;
* the next build prints what changed: ``无变化`` when nothing did, and for a change of 表5/表3/表2
  2010301 基本支出 705.74 → 710.00 exactly the figures that moved.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from conftest import ROOT, copy_example
from test_init import DEPT, copy_texts, example_data, fill_workbook, run
from reportgen import manifest as M
from reportgen.build import build
from reportgen.cli import main
from reportgen.kinds.final_accounts import schema as S

STEM = f"2022年度{DEPT}部门决算公开"


def cli_build(project: Path, *extra: str, seed: str = "0") -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), PYTHONHASHSEED=seed)
    return subprocess.run([sys.executable, "-m", "reportgen.cli", "build", str(project), *extra],
                          capture_output=True, text=True, env=env, cwd=str(project.parent), timeout=600)


def outputs(project: Path, exts=("docx", "xlsx", "manifest.json")) -> dict[str, bytes]:
    out = project.parent / "out"
    return {ext: (out / f"{STEM}.{ext}").read_bytes() for ext in exts}


# -- determinism -------------------------------------------------------------------------------------

def test_two_builds_are_byte_identical(tmp_path):
    a = copy_example(tmp_path / "a")
    b = copy_example(tmp_path / "somewhere" / "else")
    r = cli_build(a, seed="1")
    assert r.returncode == 0, r.stderr
    time.sleep(2.1)            # zip timestamps have a two-second resolution
    r = cli_build(b, seed="2")
    assert r.returncode == 0, r.stderr
    first, second = outputs(a), outputs(b)
    for ext in first:
        assert first[ext] == second[ext], ext


def test_pdf_build_keeps_the_docx_identical(tmp_path):
    """LibreOffice writes the .docx back (目录 page numbers): still the same bytes twice."""
    a = copy_example(tmp_path / "a")
    b = copy_example(tmp_path / "b")
    r = cli_build(a, "--pdf", seed="3")
    assert r.returncode == 0, r.stderr
    assert "正在生成 PDF" in r.stdout
    time.sleep(2.1)
    r = cli_build(b, "--pdf", seed="4")
    assert r.returncode == 0, r.stderr
    assert outputs(a, ("docx", "xlsx")) == outputs(b, ("docx", "xlsx"))


# -- the manifest ------------------------------------------------------------------------------------

def test_manifest_lists_every_printed_figure(jianghan_build):
    prepared, written = jianghan_build
    path = written["manifest"]
    assert path.name == f"{STEM}.manifest.json" and path.parent == written["docx"].parent
    data = json.loads(path.read_text(encoding="utf-8"))
    figures = {f["where"]: f["value"] for f in data["figures"]}
    assert len(figures) == len(data["figures"])          # every place named once
    assert figures["表3 2010301 行政运行 基本支出"] == "705.74"
    assert figures["表5 合计 本年支出小计"] == "4,199.36"
    assert figures["表1 第31行 总计"] == "4,199.36"
    assert figures["表4 第59行 本年支出合计 一般公共预算财政拨款"] == "4,199.36"
    assert figures["表6 人员经费合计"] == "964.61"
    assert figures["表9 决算数 公务用车运行维护费（第11栏）"] == "5.70"
    assert figures["第三部分 一、收支总计"] == "4,199.36"
    assert figures["第三部分 一、收支总计较上年增减"] == "增加2,385.41"
    assert figures["第三部分 一、收支总计较上年增减率"] == "131.50%"
    assert figures["第三部分 十、机关运行经费"] == "89.82"
    assert figures["第三部分 九、公务用车保有量"] == "3"
    assert figures["第三部分 十三、部门整体绩效自评得分"] == "99.97"
    # every row of every printed table is there
    t3 = prepared.result.t3
    for row in t3.rows:
        name = "合计" if row.level == "total" else f"{row.code} {row.name}"
        assert figures[f"表3 {name} 基本支出"] == M.fmt(row["basic"])


def test_rebuild_without_change_prints_only_no_change(tmp_path):
    project = copy_example(tmp_path)
    first = CliRunner().invoke(main, ["build", str(project)])
    assert first.exit_code == 0, first.output
    assert "已记录本次生成的" in first.output and "manifest" in first.output
    again = CliRunner().invoke(main, ["build", str(project)])
    assert again.exit_code == 0, again.output
    tail = again.output.split("已生成 manifest：")[1].splitlines()[1:]
    assert tail == ["无变化"]


@pytest.fixture
def typed_in(tmp_path):
    """The example typed into an ``init`` workbook (项 rows only, totals computed), built once."""
    project = tmp_path / "2022.yaml"
    assert run("init", project, "--kind", "决算", "--department", DEPT)[0] == 0
    fill_workbook(tmp_path / "2022.xlsx", example_data())
    copy_texts(project)
    prepared, _ = build(project)
    assert prepared.manifest.changes is None
    return project


def _set(project: Path, sheet, code: str, key: str, value) -> None:
    wb = openpyxl.load_workbook(project.with_suffix(".xlsx"))
    ws = wb[sheet.content_name]   # init names the sheets by content
    row = next(r for r in range(7, ws.max_row + 1) if ws.cell(row=r, column=1).value == code)
    ws.cell(row=row, column=2 + sheet.column(key).no, value=value)
    wb.save(project.with_suffix(".xlsx"))


CHANGE_2010301 = """\
表1 第1行 一、一般公共预算财政拨款收入 4,199.36 → 4,203.62
表1 第27行 本年收入合计 4,199.36 → 4,203.62
表1 第31行 总计 4,199.36 → 4,203.62
表1 第32行 一、一般公共服务支出 976.10 → 980.36
表1 第58行 本年支出合计 4,199.36 → 4,203.62
表1 第62行 总计 4,199.36 → 4,203.62
表2 合计 本年收入合计 4,199.36 → 4,203.62
表2 合计 财政拨款收入 4,199.36 → 4,203.62
表2 201 一般公共服务支出 本年收入合计 976.10 → 980.36
表2 201 一般公共服务支出 财政拨款收入 976.10 → 980.36
表2 20103 政府办公厅（室）及相关机构事务 本年收入合计 976.10 → 980.36
表2 20103 政府办公厅（室）及相关机构事务 财政拨款收入 976.10 → 980.36
表2 2010301 行政运行 本年收入合计 705.74 → 710.00
表2 2010301 行政运行 财政拨款收入 705.74 → 710.00
表3 合计 本年支出合计 4,199.36 → 4,203.62
表3 合计 基本支出 1,054.43 → 1,058.69
表3 201 一般公共服务支出 本年支出合计 976.10 → 980.36
表3 201 一般公共服务支出 基本支出 739.09 → 743.35
表3 20103 政府办公厅（室）及相关机构事务 本年支出合计 976.10 → 980.36
表3 20103 政府办公厅（室）及相关机构事务 基本支出 739.09 → 743.35
表3 2010301 行政运行 本年支出合计 705.74 → 710.00
表3 2010301 行政运行 基本支出 705.74 → 710.00
表4 第1行 一、一般公共预算财政拨款 4,199.36 → 4,203.62
表4 第27行 本年收入合计 4,199.36 → 4,203.62
表4 第32行 总计 4,199.36 → 4,203.62
表4 第33行 一、一般公共服务支出 决算数小计 976.10 → 980.36
表4 第33行 一、一般公共服务支出 一般公共预算财政拨款 976.10 → 980.36
表4 第59行 本年支出合计 决算数小计 4,199.36 → 4,203.62
表4 第59行 本年支出合计 一般公共预算财政拨款 4,199.36 → 4,203.62
表4 第64行 总计 决算数小计 4,199.36 → 4,203.62
表4 第64行 总计 一般公共预算财政拨款 4,199.36 → 4,203.62
表5 合计 本年支出小计 4,199.36 → 4,203.62
表5 合计 基本支出 1,054.43 → 1,058.69
表5 201 一般公共服务支出 本年支出小计 976.10 → 980.36
表5 201 一般公共服务支出 基本支出 739.09 → 743.35
表5 20103 政府办公厅（室）及相关机构事务 本年支出小计 976.10 → 980.36
表5 20103 政府办公厅（室）及相关机构事务 基本支出 739.09 → 743.35
表5 2010301 行政运行 本年支出小计 705.74 → 710.00
表5 2010301 行政运行 基本支出 705.74 → 710.00
第三部分 一、收支总计 4,199.36 → 4,203.62
第三部分 一、收支总计较上年增减 增加2,385.41 → 增加2,389.67
第三部分 二、本年收入合计 4,199.36 → 4,203.62
第三部分 二、财政拨款收入 4,199.36 → 4,203.62
第三部分 三、本年支出合计 4,199.36 → 4,203.62
第三部分 三、基本支出 1,054.43 → 1,058.69
第三部分 四、财政拨款收支总计 4,199.36 → 4,203.62
第三部分 四、财政拨款收支总计较上年增减 增加2,385.41 → 增加2,389.67
第三部分 四、一般公共预算财政拨款收入 4,199.36 → 4,203.62
第三部分 四、一般公共预算财政拨款收入较上年增减 增加2,385.41 → 增加2,389.67
第三部分 五、一般公共预算财政拨款支出 4,199.36 → 4,203.62
第三部分 五、一般公共预算财政拨款支出较上年增减 增加2,385.41 → 增加2,389.67
第三部分 五、一般公共服务（类）支出 976.10 → 980.36
第三部分 五、一般公共服务（类）行政运行 705.74 → 710.00
第三部分 五、基本支出 1,054.43 → 1,058.69
第三部分 六、基本支出 1,054.43 → 1,058.69
第三部分 十三、部门整体绩效自评得分 99.97 → 99.99
第三部分 十三、预算执行情况得分 19.97 → 19.99
第三部分 十三、整体支出资金 4,199.36 → 4,203.62
第六部分 整体绩效自评表 自评得分 99.97 → 99.99
第六部分 整体绩效自评表 基本支出总额 1,054.43 → 1,058.69
第六部分 整体绩效自评表 执行数 4,199.36 → 4,203.62
第六部分 整体绩效自评表 预算执行得分 19.97 → 19.99（及 12 处百分比）"""

PCT_2010301 = {
    "第三部分 一、收支总计较上年增减率": ("131.50%", "131.74%"),
    "第三部分 三、基本支出占本年支出比例": ("25.11%", "25.19%"),
    "第三部分 三、项目支出占本年支出比例": ("74.89%", "74.81%"),
    "第三部分 四、财政拨款收支总计较上年增减率": ("131.50%", "131.74%"),
    "第三部分 四、一般公共预算财政拨款收入较上年增减率": ("131.50%", "131.74%"),
    "第三部分 五、一般公共预算财政拨款支出较上年增减率": ("131.50%", "131.74%"),
    "第三部分 五、一般公共服务（类）支出占比": ("23.24%", "23.32%"),
    "第三部分 五、农林水（类）支出占比": ("69.25%", "69.18%"),
    "第三部分 五、完成年初预算比例": ("106.91%", "107.02%"),
    "第三部分 五、一般公共服务（类）完成年初预算比例": ("110.49%", "110.97%"),
    "第三部分 十三、整体支出预算执行率": ("99.84%", "99.94%"),
    "第六部分 整体绩效自评表 执行率": ("99.84%", "99.94%"),
}


def test_one_change_reports_exactly_the_figures_that_moved(typed_in):
    project = typed_in
    manifest = project.parent / "out" / f"{STEM}.manifest.json"
    before = {f.where: f for f in M.load(manifest)}
    for sheet, key in ((S.T5, "basic"), (S.T3, "basic"), (S.T2, "fiscal")):
        _set(project, sheet, "2010301", key, 710.00)
    # 表6 is left as it was: the check says so, --force writes anyway
    result = CliRunner().invoke(main, ["build", "--force", str(project)])
    assert result.exit_code == 0, result.output
    assert "表6 人员经费 964.61 + 公用经费 89.82 = 1,054.43，与表5 基本支出 1,058.69 不一致" in result.output
    lines = result.output.split("与上次生成相比，以下数字有变化：\n")[1].splitlines()
    assert lines == CHANGE_2010301.splitlines()
    after = {f.where: f for f in M.load(manifest)}
    moved = {w: (before[w].value, f.value) for w, f in after.items() if f.kind == M.PCT and before[w].value != f.value}
    assert moved == PCT_2010301

    # back to the old value: the same lines the other way round, then nothing
    for sheet, key in ((S.T5, "basic"), (S.T3, "basic"), (S.T2, "fiscal")):
        _set(project, sheet, "2010301", key, 705.74)
    prepared, _ = build(project)
    reverse = [f"{w} {new} → {old}" for w, old, new in
               (_split(line) for line in CHANGE_2010301.replace("（及 12 处百分比）", "").splitlines())]
    reverse[-1] += "（及 12 处百分比）"
    assert prepared.manifest.changes == reverse
    prepared, _ = build(project)
    assert prepared.manifest.changes == ["无变化"]


def _split(line: str) -> tuple[str, str, str]:
    left, new = line.split(" → ")
    where, old = left.rsplit(" ", 1)
    return where, old, new


def test_diff_names_rows_that_appear_or_disappear():
    old = [M.Figure("表3 2010301 行政运行 基本支出", "705.74"), M.Figure("第三部分 五、占比", "10.00%", M.PCT)]
    new = [M.Figure("表3 2010302 一般行政管理事务 基本支出", "1.00"), M.Figure("第三部分 五、占比", "11.00%", M.PCT)]
    assert M.diff(old, new) == ["表3 2010302 一般行政管理事务 基本支出 （无） → 1.00",
                                "表3 2010301 行政运行 基本支出 705.74 → （无）（及 1 处百分比）"]
    assert M.diff(old[1:], new[1:]) == ["第三部分 五、占比 10.00% → 11.00%"]
    assert M.diff(new, new) == ["无变化"]


def test_unreadable_manifest_starts_afresh(tmp_path):
    project = copy_example(tmp_path)
    _, written = build(project, formats=("xlsx",))
    written["manifest"].write_text("{not json", encoding="utf-8")
    prepared, _ = build(project, formats=("xlsx",))
    assert prepared.manifest.changes is None
    assert json.loads(written["manifest"].read_text(encoding="utf-8"))["figures"]
