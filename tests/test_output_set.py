"""Issue 10 (B): the output set (.docx, .xlsx, .pdf, manifest) is replaced all together or not at all.

* a file that cannot be replaced (open in Excel, a folder in the way) leaves the previous set
  byte-for-byte intact and the message names the file;
* a failed PDF step (no LibreOffice, a LibreOffice error, a time-out) leaves no stale PDF beside
  the new .docx, and says so;
* kill -9 at five points of a ``build --pdf`` leaves the previous set intact (after the next run's
  recovery for the two points inside the renames), no LibreOffice process, and the next run clean:
  no ``.~reportgen-*`` file, no ``.~lock.*#`` file, no ``reportgen-pdf-*`` work folder.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from conftest import ROOT, copy_example
from reportgen import outputset
from reportgen.cli import main

STEM = "2022年度武汉市江汉区人民政府办公室部门决算公开"
WORKBOOK = "jianghan-2022.xlsx"
T3 = "表3 支出决算表"
SET = ("docx", "xlsx", "pdf", "manifest.json")


def sha(folder: Path, exts=SET) -> dict[str, str | None]:
    out = {}
    for ext in exts:
        p = folder / "out" / f"{STEM}.{ext}"
        out[ext] = hashlib.sha256(p.read_bytes()).hexdigest() if p.exists() else None
    return out


def leftovers(folder: Path) -> list[str]:
    out = folder / "out"
    return sorted(p.name for p in out.iterdir() if p.name.startswith((".~reportgen-", ".~lock."))) \
        if out.exists() else []


def change_a_figure(folder: Path) -> None:
    """表3 2010301 行政运行 基本支出 705.74 → 710.00: every file of a new set differs (built with --force,
    as the pasted totals no longer add up)."""
    path = folder / WORKBOOK
    wb = openpyxl.load_workbook(path)
    ws = wb[T3]
    assert ws["D9"].value == 705.74
    ws["D9"] = 710.00
    wb.save(path)


def cli(args: list[str]):
    if args[0] == "build":
        args = ["build", "--force", *args[1:]]
    return CliRunner().invoke(main, args, catch_exceptions=False)


@pytest.fixture
def built(tmp_path):
    """A project with a previous set of .docx/.xlsx/manifest, and a figure changed since."""
    project = copy_example(tmp_path)
    r = cli(["build", str(project)])
    assert r.exit_code == 0, r.output
    change_a_figure(tmp_path)
    return project


# -- a file that cannot be replaced -------------------------------------------------------------------

def test_xlsx_open_in_excel_keeps_the_previous_docx(built, monkeypatch):
    """On Windows a file open in Excel cannot be replaced (PermissionError): nothing of the set changes."""
    folder = built.parent
    before = sha(folder)
    real = os.replace

    def replace(src, dst):
        if str(dst).endswith(".xlsx"):
            raise PermissionError(13, "The process cannot access the file", str(dst))
        return real(src, dst)

    monkeypatch.setattr(outputset.os, "replace", replace)
    r = cli(["build", str(built)])
    assert r.exit_code == 3, r.output
    assert r.stderr.strip() == (f"错误：{folder / 'out' / (STEM + '.xlsx')}：无法写入 {STEM}.xlsx：文件可能正在 Excel 或 WPS "
                                "中打开，或没有写入权限。请关闭该文件后重新运行；输出文件均保持上次生成的内容，未改动")
    assert sha(folder) == before
    assert leftovers(folder) == []


def test_a_folder_in_the_way_of_the_xlsx_keeps_the_previous_docx(built):
    folder = built.parent
    xlsx = folder / "out" / f"{STEM}.xlsx"
    xlsx.unlink()
    xlsx.mkdir()
    before = sha(folder, ("docx", "manifest.json"))
    r = cli(["build", str(built)])
    assert r.exit_code == 3, r.output
    assert r.stderr.strip() == (f"错误：{xlsx}：无法写入 {STEM}.xlsx：该路径是一个文件夹。请改名或移走该文件夹，"
                                "或在项目文件中修改 output")
    assert sha(folder, ("docx", "manifest.json")) == before
    assert leftovers(folder) == []


def test_a_folder_in_the_way_found_at_commit_changes_nothing(tmp_path):
    """build checks the names before rendering; commit() checks again before writing anything."""
    from reportgen.errors import OutputError

    out = tmp_path / "out"
    out.mkdir()
    (out / "a.docx").write_bytes(b"previous")
    (out / "a.xlsx").mkdir()
    with pytest.raises(OutputError) as err:
        outputset.commit(out, {out / "a.docx": b"new", out / "a.xlsx": b"new"})
    assert str(err.value) == (f"{out / 'a.xlsx'}：无法写入 a.xlsx：该路径是一个文件夹。请改名或移走该文件夹，"
                              "或在项目文件中修改 output；输出文件均未改动")
    assert (out / "a.docx").read_bytes() == b"previous"
    assert sorted(p.name for p in out.iterdir()) == ["a.docx", "a.xlsx"]


def test_the_last_rename_failing_restores_every_file(built, monkeypatch):
    """The manifest (renamed last) fails: the .docx and .xlsx already replaced are put back."""
    folder = built.parent
    before = sha(folder)
    real = os.replace

    def replace(src, dst):
        if str(dst).endswith(".manifest.json") and ".~reportgen-" in str(src):
            raise OSError(28, "No space left on device")
        return real(src, dst)

    monkeypatch.setattr(outputset.os, "replace", replace)
    r = cli(["build", str(built)])
    assert r.exit_code == 3, r.output
    assert f"无法写入 {STEM}.manifest.json：磁盘空间不足；输出文件均保持上次生成的内容，未改动" in r.stderr
    assert sha(folder) == before
    assert leftovers(folder) == []


def test_ctrl_c_during_the_renames_puts_the_previous_set_back(built, monkeypatch):
    folder = built.parent
    before = sha(folder)
    real = os.replace
    calls = []

    def replace(src, dst):           # the .docx is replaced, then Ctrl-C
        calls.append(dst)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(src, dst)

    monkeypatch.setattr(outputset.os, "replace", replace)
    r = cli(["build", str(built)])
    assert r.exit_code == 130, r.output
    assert r.stderr.strip() == "已中断。"
    assert sha(folder) == before
    assert leftovers(folder) == []


def test_output_folder_turned_into_a_file_after_the_project_was_read(tmp_path):
    """project.py refuses an output.dir that is a file; commit() still says so if it becomes one."""
    from reportgen.errors import OutputError

    out = tmp_path / "out"
    out.write_text("not a folder", encoding="utf-8")
    with pytest.raises(OutputError) as err:
        outputset.commit(out, {out / "a.docx": b"x"})
    assert err.value.exit_code == 3
    assert str(err.value) == f"{out}：无法创建输出文件夹 {out}：路径中有一个同名的文件。请在项目文件中修改 output.dir"
    assert out.read_text(encoding="utf-8") == "not a folder"


def test_read_only_output_folder(built, monkeypatch):
    """Cannot create a file in the output folder (read-only share; simulated, root ignores modes)."""
    folder = built.parent
    before = sha(folder)

    def denied(path, data):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(outputset, "_write_file", denied)
    r = cli(["build", str(built)])
    assert r.exit_code == 3, r.output
    assert r.stderr.strip() == (f"错误：{folder / 'out'}：无法在输出文件夹 {folder / 'out'} 中写入文件：没有写入权限。"
                                "请检查该文件夹的权限，或在项目文件中修改 output.dir；输出文件均未改动")
    assert sha(folder) == before


# -- leftovers of earlier runs ------------------------------------------------------------------------

def dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def test_leftovers_of_dead_runs_are_cleaned_and_a_live_runs_are_kept(built):
    out = built.parent / "out"
    dead, live = dead_pid(), os.getppid()
    (out / f".~reportgen-{dead}-0a1b2c3d-0.new").write_bytes(b"half a docx")
    (out / f".~reportgen-{dead}-0a1b2c3d-1.old").write_bytes(b"a backup")
    (out / f".~reportgen-{dead}-0a1b2c3d.pdf.d").mkdir()
    old_style = out / ".~reportgen-k2j4h5"          # what reportgen wrote before pids were in the names
    old_style.write_bytes(b"x")
    os.utime(old_style, (time.time() - 60, time.time() - 60))
    (out / f".~reportgen-{live}-feedbeef-0.new").write_bytes(b"another build at work")
    (out / f".~lock.{STEM}.docx#").write_text(
        ",root,host,root,01.12.2026 12:00,file:///tmp/reportgen-lo-abcd/profile;", encoding="utf-8")
    (out / f".~lock.{STEM}.xlsx#").write_text(",张三,PC-01,张三,01.12.2026 12:00,file:///C:/Users/x;",
                                               encoding="utf-8")   # a clerk's own LibreOffice: kept
    r = cli(["build", str(built)])
    assert r.exit_code == 0, r.output
    assert leftovers(built.parent) == [f".~lock.{STEM}.xlsx#", f".~reportgen-{live}-feedbeef-0.new"]


# -- a failed PDF step ---------------------------------------------------------------------------------

def test_no_libreoffice_removes_the_stale_pdf(built, monkeypatch):
    from reportgen.render import pdf as pdf_mod

    folder = built.parent
    stale = folder / "out" / f"{STEM}.pdf"
    stale.write_bytes(b"%PDF-1.7 the previous build's PDF")
    before = sha(folder)
    monkeypatch.setattr(pdf_mod, "find_soffice", lambda: None)
    r = cli(["build", "--pdf", str(built)])
    assert r.exit_code == 4, r.output
    message = r.stderr.strip()
    assert message.startswith("错误：找不到 LibreOffice（soffice），无法生成 PDF 和带页码的目录。")
    assert message.endswith(f"。已生成 .docx、.xlsx（目录页码未填写，可在 Word/WPS 中更新目录）；"
                            f"上次生成的 {STEM}.pdf 已删除，以免与新文档不一致")
    after = sha(folder)
    assert after["pdf"] is None
    assert after["docx"] != before["docx"] and after["xlsx"] != before["xlsx"]
    # the manifest is that of the new .docx: the next build reports no change
    r = cli(["build", str(built)])
    assert r.exit_code == 0, r.output
    assert r.stdout.strip().endswith("无变化")
    assert leftovers(folder) == []


def test_a_libreoffice_error_removes_the_stale_pdf(built, monkeypatch):
    """The UNO helper fails (here: an interpreter without the uno module)."""
    from reportgen.render import pdf as pdf_mod

    folder = built.parent
    (folder / "out" / f"{STEM}.pdf").write_bytes(b"%PDF-1.7 old")
    monkeypatch.setattr(pdf_mod, "find_uno_python", lambda: sys.executable)
    r = cli(["build", "--pdf", str(built)])
    assert r.exit_code == 4, r.output
    assert "错误：LibreOffice 转换失败（ModuleNotFoundError: No module named 'uno'），PDF 未生成。已生成 .docx、.xlsx" in r.stderr
    assert f"上次生成的 {STEM}.pdf 已删除" in r.stderr
    assert sha(folder)["pdf"] is None


def test_a_libreoffice_time_out_kills_the_helper_and_removes_the_stale_pdf(built, monkeypatch, tmp_path):
    from reportgen.render import pdf as pdf_mod

    folder = built.parent
    (folder / "out" / f"{STEM}.pdf").write_bytes(b"%PDF-1.7 old")
    hang = tmp_path / "hang.sh"
    marker = f"reportgen-hang-{os.getpid()}"
    hang.write_text(f"#!/bin/sh\nsleep 300 # {marker}\n", encoding="utf-8")
    hang.chmod(0o755)
    monkeypatch.setattr(pdf_mod, "find_uno_python", lambda: str(hang))
    monkeypatch.setattr(pdf_mod, "TIMEOUT", 2)
    r = cli(["build", "--pdf", str(built)])
    assert r.exit_code == 4, r.output
    assert "错误：LibreOffice 超过 2 秒未完成，已放弃生成 PDF。可设置环境变量 REPORTGEN_PDF_TIMEOUT 延长时限。已生成" in r.stderr
    assert sha(folder)["pdf"] is None
    assert not processes_mentioning(str(hang))


def test_a_build_without_pdf_removes_an_earlier_pdf_and_says_so(built):
    folder = built.parent
    (folder / "out" / f"{STEM}.pdf").write_bytes(b"%PDF-1.7 old")
    r = cli(["build", str(built)])
    assert r.exit_code == 0, r.output
    assert f"提示：上次生成的 {STEM}.pdf 与新的 .docx 不一致，已删除（需要 PDF 请加 --pdf）" in r.stdout
    assert sha(folder)["pdf"] is None


# -- kill -9 at five points of a build -----------------------------------------------------------------

def processes_mentioning(text: str) -> list[str]:
    found = []
    for d in Path("/proc").iterdir():
        if not d.name.isdigit() or int(d.name) == os.getpid():
            continue
        try:
            cmd = (d / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            state = next((line for line in (d / "status").read_text().splitlines() if line.startswith("State:")), "")
        except OSError:
            continue
        if text in cmd and "zombie" not in state:
            found.append(f"{d.name} {cmd}")
    return found


def run_build(project: Path, tmpdir: Path, kill_at: str | None = None, pdf: bool = True) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), TMPDIR=str(tmpdir))
    env.pop(outputset.KILL_ENV, None)
    if kill_at:
        env[outputset.KILL_ENV] = kill_at
    extra = ["--pdf"] if pdf else []
    return subprocess.run([sys.executable, "-m", "reportgen.cli", "build", "--force", *extra, str(project)],
                          capture_output=True, text=True, env=env, cwd=str(project.parent), timeout=600)


@pytest.fixture(scope="module")
def previous_set(tmp_path_factory):
    """A folder with the complete previous set built with --pdf (built once, copied per test)."""
    folder = tmp_path_factory.mktemp("previous")
    project = copy_example(folder)
    (folder / "tmp").mkdir()
    r = run_build(project, folder / "tmp")
    assert r.returncode == 0, r.stderr
    assert all(sha(folder).values())
    return folder


@pytest.mark.parametrize("point", ["rendered", "pdf", "temp-written", "mid-replace", "before-manifest"])
def test_kill_9_leaves_the_previous_set_and_the_next_run_clean(previous_set, tmp_path, point, monkeypatch):
    folder = tmp_path / "p"
    shutil.copytree(previous_set, folder)
    project = folder / "jianghan-2022.yaml"
    tmpdir = folder / "tmp"
    before = sha(folder)
    change_a_figure(folder)

    r = run_build(project, tmpdir, kill_at=point)
    assert r.returncode == -signal.SIGKILL, (r.returncode, r.stderr)
    deadline = time.time() + 15                  # LibreOffice goes with reportgen (watchdog: 0.5 s)
    while processes_mentioning(str(folder)) and time.time() < deadline:
        time.sleep(0.5)
    assert processes_mentioning(str(folder)) == []
    if point in ("rendered", "pdf", "temp-written"):
        assert sha(folder) == before             # nothing of the set was touched
    else:
        assert sha(folder) != before             # caught inside the renames …
    monkeypatch.setattr(tempfile, "tempdir", str(tmpdir))
    outputset.clean_leftovers(folder / "out")    # … what the next run does first puts it back
    assert sha(folder) == before
    assert leftovers(folder) == []
    assert not list(tmpdir.glob("reportgen-*"))     # PDF work folders (profile, fonts.conf, lock files)

    # the next run (with LibreOffice again after the run killed during the PDF step; the others
    # without --pdf, to save time: they remove the previous PDF and say so)
    r = run_build(project, tmpdir, pdf=point == "pdf")
    assert r.returncode == 0, r.stderr
    assert "表3 2010301 行政运行 基本支出 705.74 → 710.00" in r.stdout
    after = sha(folder)
    assert after["docx"] != before["docx"] and after["xlsx"] != before["xlsx"]
    assert after["manifest.json"] != before["manifest.json"]
    if point == "pdf":
        assert after["pdf"] not in (None, before["pdf"])
    else:
        assert after["pdf"] is None and f"提示：上次生成的 {STEM}.pdf 与新的 .docx 不一致，已删除" in r.stdout
    assert leftovers(folder) == []
    assert not list(tmpdir.glob("reportgen-*"))
    assert processes_mentioning(str(folder)) == []
