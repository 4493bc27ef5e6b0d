"""A whole district in one run (issue 14): several projects, a worker pool, a summary, the CSV init."""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import openpyxl
import pytest
import yaml
from click.testing import CliRunner

from reportgen import batch
from reportgen.cli import main

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"

JH_STEM = "2022年度武汉市江汉区人民政府办公室部门决算公开"
XZ_STEM = "武汉市新洲区人民政府办公室2023年部门预算公开"
BROKEN_DEPT = "武汉市江汉区审计局"
BROKEN_ERROR = ("错误 表3 支出决算表!C10 表3 2010302 一般行政管理事务：基本支出 33.35 + 项目支出 100.88 = 134.23，"
                "表中为 134.20（差 0.03）")
REFUSED = "检查发现 1 个错误，未生成任何文件（修正后重新运行；确需生成请加 --force）"


def _project(folder: Path, name: str, department: str | None = None) -> Path:
    """data/<name> copied into ``folder`` with its output into the district's ``out``."""
    folder.mkdir(parents=True, exist_ok=True)
    text = (DATA / f"{name}.yaml").read_text(encoding="utf-8").replace("dir: ../output", "dir: ../out")
    if department:
        old = yaml.safe_load(text)["department"]
        text = text.replace(f"department: {old}", f"department: {department}")
    shutil.copy(DATA / f"{name}.xlsx", folder / f"{name}.xlsx")
    target = folder / f"{name}.yaml"
    target.write_text(text, encoding="utf-8")
    return target


def make_district(root: Path, broken: bool = True) -> Path:
    district = root / "district"
    _project(district / "a-jianghan", "jianghan-2022")
    if broken:
        p = _project(district / "b-audit", "jianghan-2022", BROKEN_DEPT)
        wb = openpyxl.load_workbook(p.with_suffix(".xlsx"))
        wb["表3 支出决算表"]["C10"] = 134.20          # 134.23 = 33.35 + 100.88
        wb.save(p.with_suffix(".xlsx"))
    _project(district / "c-xinzhou", "xinzhou-2023")
    (district / "layouts").mkdir()
    (district / "layouts" / "表样.yaml").write_text("rows: [1, 2]\n", encoding="utf-8")
    return district


@pytest.fixture(scope="module")
def district_run(tmp_path_factory):
    """``reportgen build district -j 2`` of two good departments and one with a check error."""
    root = tmp_path_factory.mktemp("batch")
    district = make_district(root)
    result = CliRunner().invoke(main, ["build", str(district), "-j", "2"])
    return district, result


def test_a_broken_department_does_not_stop_the_others(district_run):
    district, result = district_run
    assert result.exit_code == 1, result.output
    out = district / "out"
    assert sorted(p.name for p in out.iterdir()) == sorted([
        f"{JH_STEM}.docx", f"{JH_STEM}.xlsx", f"{JH_STEM}.manifest.json",
        f"{XZ_STEM}.docx", f"{XZ_STEM}.xlsx", f"{XZ_STEM}.manifest.json",
        "汇总.xlsx",
    ])
    lines = result.output.splitlines()
    assert f"提示：跳过 {district / 'layouts' / '表样.yaml'}：不是项目文件（没有 kind: 一行）" in lines
    head = f"【{BROKEN_DEPT}】{district / 'b-audit' / 'jianghan-2022.yaml'}：检查有错误，未生成"
    i = lines.index(head)
    assert lines[i + 1] == f"  {BROKEN_ERROR}"
    assert lines[i + 2:i + 6] == [
        "  警告 表3 支出决算表!A27 2210202 的科目名称为“租房补贴”，2022年科目表为“提租补贴”；文档按科目表名称输出",
        "  警告 主要原因 213 农林水支出 支出决算大于年初预算，“主要原因”表中没有该科目编码的“支出决算与年初预算差异”原因",
        "  提示 项目支出 项目支出各项目执行数之和 3,144.94 与表5 项目支出 3,144.93 不一致（差 0.01），"
        "是 6 个分别四舍五入的金额相加的尾数误差（不超过 6×0.005），以填写数为准",
        f"  {REFUSED}",
    ]
    assert f"共 3 个部门：2 个已生成，1 个未完成。汇总表：{out / '汇总.xlsx'}" in lines


def test_summary_workbook_rows(district_run):
    district, _ = district_run
    wb = openpyxl.load_workbook(district / "out" / "汇总.xlsx")
    rows = [tuple(r) for r in wb["汇总"].iter_rows(values_only=True)]
    assert rows == [
        ("部门", "类型", "年度", "状态", "错误数", "警告数", "与上次相比变化的数字", "输出文件"),
        ("武汉市江汉区人民政府办公室", "决算", 2022, "已生成", 0, 2, "首次生成", f"{JH_STEM}.docx\n{JH_STEM}.xlsx"),
        (BROKEN_DEPT, "决算", 2022, "检查有错误，未生成", 1, 2, None, None),
        ("武汉市新洲区人民政府办公室", "预算", 2023, "已生成", 0, 5, "首次生成", f"{XZ_STEM}.docx\n{XZ_STEM}.xlsx"),
    ]
    msgs = [tuple(r) for r in wb["未生成部门的信息"].iter_rows(values_only=True)]
    assert msgs[0] == ("部门", "项目文件", "信息")
    assert msgs[1] == (BROKEN_DEPT, "../b-audit/jianghan-2022.yaml", BROKEN_ERROR)
    assert msgs[-1] == (BROKEN_DEPT, "../b-audit/jianghan-2022.yaml", REFUSED)
    assert len(msgs) == 1 + 5


def test_summary_rows_equal_the_per_department_results(tmp_path):
    district = make_district(tmp_path)
    run = batch.run([district], jobs=2)
    assert [(r.department, r.kind, r.year, r.status, r.errors, r.warnings, r.exit_code) for r in run.results] == [
        ("武汉市江汉区人民政府办公室", "决算", 2022, "已生成", 0, 2, 0),
        (BROKEN_DEPT, "决算", 2022, "检查有错误，未生成", 1, 2, 1),
        ("武汉市新洲区人民政府办公室", "预算", 2023, "已生成", 0, 5, 0),
    ]
    assert run.exit_code == 1
    assert run.summary == district / "out" / "汇总.xlsx"
    rows = list(openpyxl.load_workbook(run.summary)["汇总"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[1], r[2], r[3], r[4], r[5]) for r in rows] == \
        [(r.department, r.kind, r.year, r.status, r.errors, r.warnings) for r in run.results]
    assert [r[7].split("\n") if r[7] else [] for r in rows] == \
        [[Path(o).name for o in r.outputs] for r in run.results]

    # a second run: what changed since the first (nothing), in the summary too
    again = batch.run([district], jobs=2)
    rows = list(openpyxl.load_workbook(again.summary)["汇总"].iter_rows(min_row=2, values_only=True))
    assert [r[6] for r in rows] == ["无变化", None, "无变化"]


def _hashes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_outputs_are_byte_identical_whatever_jobs(tmp_path):
    one = make_district(tmp_path / "j1", broken=False)
    two = make_district(tmp_path / "j2", broken=False)
    assert batch.run([one], jobs=1).exit_code == 0
    assert batch.run([two], jobs=2).exit_code == 0
    h1, h2 = _hashes(one / "out"), _hashes(two / "out")
    assert sorted(h1) == sorted([f"{JH_STEM}.docx", f"{JH_STEM}.xlsx", f"{JH_STEM}.manifest.json",
                                 f"{XZ_STEM}.docx", f"{XZ_STEM}.xlsx", f"{XZ_STEM}.manifest.json", "汇总.xlsx"])
    assert h1 == h2


def test_a_single_project_file_builds_as_before(tmp_path):
    district = make_district(tmp_path, broken=False)
    result = CliRunner().invoke(main, ["build", str(district / "a-jianghan" / "jianghan-2022.yaml")])
    assert result.exit_code == 0, result.output
    assert not (district / "out" / "汇总.xlsx").exists()
    lines = result.output.splitlines()
    assert f"已生成 docx：{district / 'out' / (JH_STEM + '.docx')}" in lines
    assert lines[-1] == "已记录本次生成的 1038 个数字；下次生成时将列出与本次相比变化的数字。"
    assert not any("个部门" in line for line in lines)


def test_pdf_through_one_libreoffice_per_worker_equals_a_single_build(tmp_path):
    from reportgen.build import build

    single = _project(tmp_path / "single" / "p", "jianghan-2022")
    _, written = build(single, formats=("docx", "xlsx", "pdf"), echo=lambda *a: None)
    district = make_district(tmp_path / "d", broken=False)
    run = batch.run([district], jobs=2, pdf=True)
    assert [(r.status, sorted(Path(o).suffix for o in r.outputs)) for r in run.results] == \
        [("已生成", [".docx", ".pdf", ".xlsx"])] * 2
    out = district / "out"
    assert (out / f"{JH_STEM}.docx").read_bytes() == written["docx"].read_bytes()   # 目录 page numbers filled
    assert (out / f"{JH_STEM}.pdf").read_bytes()[:5] == b"%PDF-"
    assert (out / f"{XZ_STEM}.pdf").read_bytes()[:5] == b"%PDF-"


def test_missing_path_is_one_message(tmp_path):
    project = _project(tmp_path / "p", "jianghan-2022")
    result = CliRunner().invoke(main, ["build", str(project), str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [f"错误：找不到项目文件或文件夹：{tmp_path / 'nowhere'}"]
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_two_projects_writing_the_same_file_are_refused_before_anything_is_written(tmp_path, jobs):
    district = tmp_path / "district"
    first = _project(district / "a", "jianghan-2022")
    second = _project(district / "b", "jianghan-2022")     # the same department into the same folder
    _project(district / "c", "xinzhou-2023")
    result = CliRunner().invoke(main, ["build", str(district), "-j", jobs])
    assert result.exit_code == 2
    target = district / "out" / f"{JH_STEM}.docx"
    assert (f"错误：项目文件 {first} 和 {second} 写入同一个输出文件 {target}，后生成的会覆盖先生成的。"
            "未生成任何文件。请在其中一个项目文件中修改 output.name 或 output.dir") in result.output.splitlines()
    assert "Traceback" not in result.output
    assert not (district / "out").exists()                # not even the department without a clash


def test_a_project_named_like_the_summary_is_refused_before_anything_is_written(tmp_path):
    """A project whose .xlsx would be 汇总.xlsx: the district summary, written beside the outputs at the
    end, would replace it. Refused before anything is built, naming the project file."""
    district = tmp_path / "district"
    first = _project(district / "a", "jianghan-2022")
    first.write_text(first.read_text(encoding="utf-8").replace("output:\n", "output:\n  name: 汇总\n", 1),
                     encoding="utf-8")
    _project(district / "c", "xinzhou-2023")
    result = CliRunner().invoke(main, ["build", str(district), "-j", "1"])
    assert result.exit_code == 2
    assert (f"错误：项目文件 {first} 的输出文件 {district / 'out' / '汇总.xlsx'} 与全区一次生成的汇总表同名，"
            "会被汇总表覆盖。未生成任何文件。请在该项目文件中修改 output.name") in result.output.splitlines()
    assert not (district / "out").exists()


CSV = "部门,简称,类型,年度\r\n武汉市江汉区财政局,区财政局,决算,2024\r\n武汉市江汉区教育局,,预算,2025年\r\n\r\n武汉市江汉区审计局,区审计局,部门决算,2024\r\n"


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig"])
def test_init_from_a_csv_of_departments(tmp_path, encoding):
    from reportgen.project import load_project

    (tmp_path / "部门.csv").write_bytes(CSV.encode(encoding))
    result = CliRunner().invoke(main, ["init", str(tmp_path / "2024"), "--csv", str(tmp_path / "部门.csv")])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "2024"
    assert sorted(p.name for p in folder.iterdir()) == [
        "区审计局-2024-决算.xlsx", "区审计局-2024-决算.yaml",
        "区财政局-2024-决算.xlsx", "区财政局-2024-决算.yaml",
        "武汉市江汉区教育局-2025-预算.xlsx", "武汉市江汉区教育局-2025-预算.yaml",
    ]
    assert (folder / "区财政局-2024-决算.yaml").read_text(encoding="utf-8").splitlines()[:9] == [
        "# reportgen 项目文件（决算）。路径相对于本文件所在文件夹。",
        "kind: 决算",
        "year: 2024",
        "department: 武汉市江汉区财政局",
        "short_name: 区财政局            # 文中简称，如“2022年度区政府办无政府性基金预算财政拨款收入支出。”",
        "publish_date: 2025-09-30",
        'phone: ""                     # 公开咨询电话，可留空',
        "workbook: 区财政局-2024-决算.xlsx",
        "output:",
    ]
    got = []
    for name in ("区审计局-2024-决算", "区财政局-2024-决算", "武汉市江汉区教育局-2025-预算"):
        p = load_project(folder / f"{name}.yaml")
        got.append((p.kind, p.year, p.department, p.short_name, p.workbook.name))
        assert openpyxl.load_workbook(folder / f"{name}.xlsx", read_only=True).sheetnames[0] == "填报说明"
    assert got == [
        ("决算", 2024, "武汉市江汉区审计局", "区审计局", "区审计局-2024-决算.xlsx"),
        ("决算", 2024, "武汉市江汉区财政局", "区财政局", "区财政局-2024-决算.xlsx"),
        ("预算", 2025, "武汉市江汉区教育局", "本单位", "武汉市江汉区教育局-2025-预算.xlsx"),
    ]
    assert result.output.splitlines()[-2] == "共 3 个部门：3 个已新建，0 个未新建。"


def test_init_csv_row_problems_name_the_row_and_spare_the_others(tmp_path):
    (tmp_path / "部门.csv").write_text("部门,类型,年度\n武汉市江汉区财政局,决算,2024\n武汉市江汉区教育局,结算,2024\n",
                                      encoding="utf-8")
    result = CliRunner().invoke(main, ["init", str(tmp_path / "d"), "--csv", str(tmp_path / "部门.csv")])
    assert result.exit_code == 2
    assert result.output.splitlines() == [f"错误：{tmp_path / '部门.csv'} 第3行：“类型”应为 决算 或 预算，实际为“结算”"]
    assert not (tmp_path / "d").exists()

    (tmp_path / "部门.csv").write_text("部门,类型,年度\n武汉市江汉区财政局,决算,2024\n武汉市江汉区教育局,决算,\n",
                                      encoding="utf-8")
    result = CliRunner().invoke(main, ["init", str(tmp_path / "d"), "--csv", str(tmp_path / "部门.csv")])
    assert result.exit_code == 2
    assert result.output.splitlines()[:3] == [
        f"已生成：{tmp_path / 'd' / '武汉市江汉区财政局-2024-决算.yaml'}、{tmp_path / 'd' / '武汉市江汉区财政局-2024-决算.xlsx'}",
        "错误：部门.csv 第3行（武汉市江汉区教育局）：没有“年度”：请在名单中填写年度，或用 --year 指定",
        "共 2 个部门：1 个已新建，1 个未新建。",
    ]


def test_init_from_last_years_folder_rolls_every_project(tmp_path):
    from reportgen.project import load_project

    district = make_district(tmp_path, broken=False)
    result = CliRunner().invoke(main, ["init", str(tmp_path / "next"), "--from", str(district)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "next").iterdir()) == [
        "jianghan-2023.xlsx", "jianghan-2023.yaml", "xinzhou-2024.xlsx", "xinzhou-2024.yaml"]
    jh = load_project(tmp_path / "next" / "jianghan-2023.yaml")
    assert (jh.kind, jh.year, jh.department, jh.short_name) == ("决算", 2023, "武汉市江汉区人民政府办公室", "区政府办")
    prior = openpyxl.load_workbook(tmp_path / "next" / "jianghan-2023.xlsx")["上年决算数"]
    values = {r[0]: r[1] for r in prior.iter_rows(values_only=True) if r and r[0]}
    assert values["本年支出合计"] == pytest.approx(4199.36)      # 2022's 表3 合计 carried as 上年


def test_pdf_failure_and_internal_error_are_reported_per_department(tmp_path, monkeypatch):
    from reportgen import build as build_mod
    from reportgen.render import pdf as pdf_mod

    district = make_district(tmp_path, broken=False)
    monkeypatch.setattr(pdf_mod, "find_soffice", lambda: None)
    real = build_mod.render_outputs

    def render(prepared, formats):
        if prepared.project.kind == "预算":
            raise ZeroDivisionError("boom")
        return real(prepared, formats)

    monkeypatch.setattr(build_mod, "render_outputs", render)
    run = batch.run([district], jobs=1, pdf=True)          # in this process: the patches hold
    jh, xz = run.results
    assert (jh.status, jh.exit_code, [Path(o).name for o in jh.outputs]) == (
        "PDF 未生成", 4, [f"{JH_STEM}.docx", f"{JH_STEM}.xlsx"])
    assert jh.messages == ["找不到 LibreOffice（soffice），无法生成 PDF 和带页码的目录。" + pdf_mod.INSTALL_HINT
                           + "已生成 .docx、.xlsx（目录页码未填写，可在 Word/WPS 中更新目录）"]
    assert (xz.department, xz.status, xz.exit_code, xz.outputs) == ("武汉市新洲区人民政府办公室", "内部错误", 70, [])
    assert xz.messages[0].startswith("内部错误：ZeroDivisionError: boom。这是 reportgen 的问题而不是您的数据问题；")
    assert run.exit_code == 70


def test_summary_not_writable_is_reported_after_the_departments(tmp_path):
    district = make_district(tmp_path, broken=False)
    (district / "out" / "汇总.xlsx").mkdir(parents=True)          # in the way of the summary
    result = CliRunner().invoke(main, ["build", str(district), "-j", "1"])
    assert result.exit_code == 3
    lines = result.output.splitlines()
    assert lines[-2:] == [
        f"错误：汇总表未写入：{district / 'out' / '汇总.xlsx'}：无法写入 汇总.xlsx：该路径是一个文件夹。请改名或移走该文件夹，或在项目文件中修改 output",
        "共 2 个部门：2 个已生成，0 个未完成。",
    ]
    assert (district / "out" / f"{JH_STEM}.docx").exists() and (district / "out" / f"{XZ_STEM}.xlsx").exists()
