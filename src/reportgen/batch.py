"""A whole district in one run: ``reportgen build`` of several project files and folders.

Every project is built by the single-project pipeline (:func:`reportgen.build.build`) in a pool of
worker processes that stay alive across documents: reportgen, docxtpl, matplotlib and the code
tables are loaded once per worker (:func:`_init_worker`), and PDFs go through one LibreOffice per
worker that stays running between documents (:class:`LibreOfficeSession`).  One department's
error never stops the others; at the end a summary is printed and written as ``汇总.xlsx`` beside
the outputs, and the exit code is the worst of all departments (the largest code: 70 internal
error > 4 PDF > 3 output not writable > 2 unreadable input > 1 check errors > 0).

Results are collected in the order the projects were found, never in the order they finish, so
every output (each department's files and the summary) is the same whatever ``-j`` is.
"""
from __future__ import annotations

import os
import queue
import re
import shutil
import signal
import subprocess
import tempfile
import threading
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ChecksFailed, InputError, OutputError, ReportgenError, internal_error_message

SUMMARY_NAME = "汇总.xlsx"
SUMMARY_COLUMNS = ("部门", "类型", "年度", "状态", "错误数", "警告数", "与上次相比变化的数字", "输出文件")
MESSAGE_COLUMNS = ("部门", "项目文件", "信息")

STATUS_OK = "已生成"
STATUS_FORCED = "已生成（检查有错误，--force）"
STATUS_CHECKS = "检查有错误，未生成"
STATUS_INPUT = "无法读取"
STATUS_OUTPUT = "无法写入"
STATUS_PDF = "PDF 未生成"
STATUS_INTERNAL = "内部错误"

_KIND_LINE = re.compile(r"^kind\s*:", re.M)


# -- finding the projects --------------------------------------------------------------------

def is_project_file(path: Path) -> bool:
    """A project file is a YAML file with a top-level ``kind:`` key (data or layout YAMLs have none)."""
    try:
        text = path.read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return False
    return bool(_KIND_LINE.search(text))


def discover(paths: list[str | Path]) -> tuple[list[Path], list[str]]:
    """(project files in order, notes about skipped files).

    A file is taken as given; a folder contributes every ``*.yaml``/``*.yml`` below it that has
    ``kind:``, sorted by path; the others are skipped with a note.  Duplicates are dropped.
    """
    found: list[Path] = []
    notes: list[str] = []
    seen: set[Path] = set()

    def add(p: Path) -> None:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            found.append(p)

    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            candidates = sorted(q for q in p.rglob("*") if q.suffix.lower() in (".yaml", ".yml") and q.is_file()
                                and not any(part.startswith(".") for part in q.relative_to(p).parts))
            projects = [q for q in candidates if is_project_file(q)]
            for q in candidates:
                if q not in projects:
                    notes.append(f"跳过 {q}：不是项目文件（没有 kind: 一行）")
            if not projects:
                notes.append(f"文件夹 {p} 中没有项目文件（*.yaml 且含 kind: 一行）")
            for q in projects:
                add(q)
        elif not p.exists():
            raise InputError(f"找不到项目文件或文件夹：{p}")
        else:
            add(p)
    return found, notes


def check_distinct_outputs(projects: list[Path], pdf: bool = False) -> None:
    """Two projects of one run that would write the same file (same output folder and name) are
    refused before anything is built: the later one would silently replace the earlier one's
    files.  A project that cannot be read is left to its own build, which reports it."""
    from .build import wanted_formats
    from .project import load_project

    seen: dict[str, tuple[Path, tuple[str, ...]]] = {}
    clashes: list[tuple[Path, Path, Path]] = []
    for path in projects:
        try:
            project = load_project(path, check_output=False)
            wanted = wanted_formats(project, tuple(project.formats) + (("pdf",) if pdf else ()))
            folder = Path(project.output_dir)
            key = os.path.normcase(str(folder.resolve() / project.stem))
        except Exception:  # noqa: BLE001 - reported by the project's own build
            continue
        if "xlsx" in wanted and f"{project.stem}.xlsx" == SUMMARY_NAME:
            # the district summary is written beside the outputs under this very name
            raise InputError(f"项目文件 {path} 的输出文件 {folder / SUMMARY_NAME} 与全区一次生成的汇总表同名，"
                             f"会被汇总表覆盖。未生成任何文件。请在该项目文件中修改 output.name")
        if key not in seen:
            seen[key] = (path, wanted)
            continue
        first, first_wanted = seen[key]
        # the file both would write (the manifest, when they share no format)
        ext = next((e for e in ("docx", "xlsx", "pdf") if e in wanted and e in first_wanted), "manifest.json")
        clashes.append((first, path, folder / f"{project.stem}.{ext}"))
    if clashes:
        first, second, target = clashes[0]
        more = f"（另有 {len(clashes) - 1} 处同样的情况）" if len(clashes) > 1 else ""
        raise InputError(f"项目文件 {first} 和 {second} 写入同一个输出文件 {target}，后生成的会覆盖先生成的"
                         f"{more}。未生成任何文件。请在其中一个项目文件中修改 output.name 或 output.dir")


# -- one department ---------------------------------------------------------------------------

@dataclass
class DeptResult:
    """What happened to one project: picklable, returned by the worker."""

    project: str
    department: str = ""
    kind: str = ""
    year: int | None = None
    status: str = ""
    exit_code: int = 0
    errors: int = 0
    warnings: int = 0
    messages: list[str] = field(default_factory=list)
    changes: list[str] | None = None
    outputs: list[str] = field(default_factory=list)
    output_dir: str = ""
    stem: str = ""
    pid: int = 0                       # the worker that built it, and its peak memory so far (bench/)
    peak_rss_mib: float | None = None

    @property
    def changes_text(self) -> str:
        if self.exit_code not in (0, 1) or not self.outputs:
            return ""
        if self.changes is None:
            return "首次生成"
        return "\n".join(self.changes)

    @property
    def changes_short(self) -> str:
        if self.exit_code not in (0, 1) or not self.outputs:
            return ""
        if self.changes is None:
            return "首次生成"
        if self.changes == ["无变化"]:
            return "无变化"
        return f"{len(self.changes)} 处"


def _identify(result: DeptResult, path: Path) -> None:
    """Department, kind, year and output folder of a project, as far as its file can be read."""
    from .project import load_project

    try:
        project = load_project(path)
    except Exception:  # noqa: BLE001 - whatever stopped the build is reported by it
        try:
            import yaml

            data = yaml.safe_load(path.read_text(encoding="utf-8-sig")) or {}
        except Exception:  # noqa: BLE001 - an unreadable file is reported by the build itself
            data = {}
        if isinstance(data, dict):
            result.department = str(data.get("department") or "")
            result.kind = str(data.get("kind") or "")
            result.year = data.get("year") if isinstance(data.get("year"), int) else None
        return
    result.department, result.kind, result.year = project.department, project.kind, project.year
    result.output_dir = str(project.output_dir)
    result.stem = project.stem


def build_one(path: str | Path, force: bool = False, pdf: bool = False) -> DeptResult:
    """Build one project; every failure becomes the result's status, messages and exit code."""
    global _FREEZE_PENDING
    result = _build_one(path, force, pdf)
    if _WORKER_GC:
        import gc

        gc.collect()                     # this document's garbage, before the next one adds its own
        if _FREEZE_PENDING:              # what the first document loaded (templates, fonts) stays too
            _FREEZE_PENDING = False
            gc.freeze()
    result.pid = os.getpid()
    try:
        import resource

        result.peak_rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    except ImportError:                  # Windows
        pass
    return result


def _build_one(path: str | Path, force: bool, pdf: bool) -> DeptResult:
    from .build import build

    path = Path(path)
    result = DeptResult(project=str(path))
    lines: list[str] = []

    def echo(text: str = "", err: bool = False) -> None:
        if text.startswith("提示："):
            lines.append(text)

    try:
        formats = None
        if pdf:
            from .project import load_project

            formats = tuple(load_project(path).formats) + ("pdf",)
        prepared, written = build(path, force=force, formats=formats, echo=echo, pdf_render=_pdf_render)
    except ReportgenError as exc:
        _identify(result, path)          # who it was, as far as the project file can be read
        return _failed(result, exc)
    except Exception as exc:  # noqa: BLE001 - a bug: one line here, the traceback in a log file
        _identify(result, path)
        result.messages = [internal_error_message(exc)]
        result.status, result.exit_code = STATUS_INTERNAL, 70
        return result
    project = prepared.project
    result.department, result.kind, result.year = project.department, project.kind, project.year
    result.output_dir, result.stem = str(project.output_dir), project.stem
    findings = prepared.findings
    result.errors, result.warnings = len(findings.errors), len(findings.warnings)
    result.messages = [str(f) for f in findings] + lines
    result.status = STATUS_FORCED if findings.errors else STATUS_OK
    result.outputs = [str(p) for ext, p in written.items() if ext != "manifest"]
    upd = getattr(prepared, "manifest", None)
    result.changes = upd.changes if upd is not None else None
    return result


def _failed(result: DeptResult, exc: ReportgenError) -> DeptResult:
    if isinstance(exc, ChecksFailed):
        findings = getattr(exc, "findings", None)
        if findings is not None:
            result.errors, result.warnings = len(findings.errors), len(findings.warnings)
            result.messages = [str(f) for f in findings]
        result.messages.append(str(exc))
        result.status, result.exit_code = STATUS_CHECKS, exc.exit_code
        return result
    result.messages = [str(exc)]
    result.exit_code = exc.exit_code
    result.status = (STATUS_OUTPUT if isinstance(exc, OutputError) else
                     STATUS_PDF if exc.exit_code == 4 else STATUS_INPUT)
    if exc.exit_code == 4 and result.stem:      # the .docx and .xlsx were written before
        result.outputs = [str(q) for ext in ("docx", "xlsx")
                          if (q := Path(result.output_dir) / f"{result.stem}.{ext}").exists()]
    return result


# -- one LibreOffice per worker ---------------------------------------------------------------

class LibreOfficeSession:
    """A LibreOffice that stays running across documents (``uno_update.py --stdin``).

    ``render(docx bytes)`` does what :func:`reportgen.render.pdf.render_pdf` does — 目录 updated twice,
    the .docx saved back and the PDF exported — without starting LibreOffice again; ``build`` then
    writes both with the rest of the output set.  A document that fails or hangs is reported; the
    next one restarts LibreOffice, as does a document that needs other font aliases.
    """

    def __init__(self):
        self.proc: subprocess.Popen | None = None
        self.lines: queue.Queue = queue.Queue()
        self.profile: str | None = None
        self.fontconf: str | None = None
        self.stderr = None
        self.conf_text: str | None = None
        self.work: Path | None = None
        self._fonts: dict[tuple, tuple[list[str], str | None]] = {}

    def _start(self, conf_text: str | None) -> None:
        from .render.pdf import INSTALL_HINT, PdfError, find_soffice, find_uno_python

        soffice = find_soffice()
        if soffice is None:
            raise PdfError("找不到 LibreOffice（soffice），无法生成 PDF 和带页码的目录。" + INSTALL_HINT)
        py = find_uno_python()
        if py is None:
            raise PdfError("找不到能使用 LibreOffice UNO 接口的 Python（Debian/Ubuntu 需安装 python3-uno）。"
                           + INSTALL_HINT)
        self.conf_text = conf_text
        # one work folder named as render.pdf names its own, so the next run removes it if this
        # worker is killed (outputset.clean_leftovers): profile, fonts and each document's files
        self.work = Path(tempfile.mkdtemp(prefix=f"reportgen-pdf-{os.getpid()}-"))
        if conf_text is not None:
            self.fontconf = str(self.work / "fonts.conf")
            Path(self.fontconf).write_text(conf_text, encoding="utf-8")
        self.profile = str(self.work / "profile")
        env = dict(os.environ)
        if self.fontconf:
            env["FONTCONFIG_FILE"] = self.fontconf
        env.setdefault("SAL_USE_VCLPLUGIN", "svp")
        env["REPORTGEN_PARENT_PID"] = str(os.getpid())      # the helper and LibreOffice die with this worker
        script = Path(__file__).with_name("render") / "uno_update.py"
        self.stderr = tempfile.TemporaryFile()
        self.proc = subprocess.Popen([py, str(script), soffice, self.profile, "--stdin"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.stderr,
                                     text=True, encoding="utf-8", env=env, start_new_session=(os.name == "posix"))
        self.lines = queue.Queue()
        threading.Thread(target=self._read, args=(self.proc, self.lines), daemon=True).start()

    @staticmethod
    def _read(proc, lines) -> None:
        for line in proc.stdout:
            lines.put(line.rstrip("\n"))
        lines.put(None)

    def _fonts_for(self, docx: Path) -> tuple[list[str], str | None]:
        """(font warnings, fontconfig text) of a document, as ``render.pdf.convert`` would use them;
        the same fonts give the same answer, so it is worked out once per set of fonts."""
        from .render.pdf import document_fonts, font_report

        key = tuple(document_fonts(docx))
        if key not in self._fonts:
            warnings, conf = font_report([docx])
            text = None
            if conf:
                text = Path(conf).read_text(encoding="utf-8")
                shutil.rmtree(Path(conf).parent, ignore_errors=True)
            self._fonts[key] = (warnings, text)
        return self._fonts[key]

    def render(self, docx: bytes) -> tuple[bytes, bytes, list[str]]:
        """What :func:`reportgen.render.pdf.render_pdf` does — (the .docx with its 目录 page numbers,
        the PDF, font warnings) — without starting LibreOffice again."""
        from .render.pdf import TIMEOUT, PdfError

        with tempfile.TemporaryDirectory(prefix=f"reportgen-pdf-{os.getpid()}-") as tmp:
            src, out_docx, out_pdf = Path(tmp) / "in.docx", Path(tmp) / "updated.docx", Path(tmp) / "out.pdf"
            src.write_bytes(docx)
            warnings, conf_text = self._fonts_for(src)
            if self.proc is None or self.proc.poll() is not None or conf_text != self.conf_text:
                self.close()             # (re)start, with the font aliases this document needs
                self._start(conf_text)
            try:
                self.proc.stdin.write(f"{src}\t{out_docx}\t{out_pdf}\n")
                self.proc.stdin.flush()
                answer = self.lines.get(timeout=TIMEOUT)
            except queue.Empty:
                self.close(kill=True)
                raise PdfError(f"LibreOffice 超过 {TIMEOUT} 秒未完成，已放弃生成 PDF（.docx 已生成）。"
                               "可设置环境变量 REPORTGEN_PDF_TIMEOUT 延长时限") from None
            except OSError:
                answer = None
            if answer is None or not answer.startswith("OK "):
                detail = answer[5:].split(" ", 1)[-1] if answer else self._stderr_tail()
                self.close(kill=True)
                raise PdfError(f"LibreOffice 转换失败（{detail}），.docx 已生成，PDF 未生成")
            if not out_pdf.exists() or not out_docx.exists():
                raise PdfError("LibreOffice 没有写出文件，PDF 未生成")
            return out_docx.read_bytes(), out_pdf.read_bytes(), warnings

    def _stderr_tail(self) -> str:
        try:
            self.stderr.seek(0)
            tail = self.stderr.read().decode("utf-8", "replace").strip().splitlines()[-1:]
        except (OSError, AttributeError, ValueError):
            tail = []
        return tail[0] if tail else "LibreOffice 意外退出"

    def close(self, kill: bool = False) -> None:
        proc, self.proc = self.proc, None
        if proc is not None:
            try:
                if not kill:
                    proc.stdin.close()
                    proc.wait(timeout=30)
            except (OSError, subprocess.TimeoutExpired):
                kill = True
            if kill or proc.poll() is None:
                try:
                    if os.name == "posix":
                        os.killpg(proc.pid, signal.SIGKILL)     # uno_update.py and its soffice
                    else:
                        proc.kill()
                except OSError:
                    pass
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    pass
        if self.stderr is not None:
            self.stderr.close()
            self.stderr = None
        if self.work is not None:
            shutil.rmtree(self.work, ignore_errors=True)
        self.work = self.profile = self.fontconf = None


_SESSION: LibreOfficeSession | None = None


def _pdf_render(docx: bytes) -> tuple[bytes, bytes, list[str]]:
    global _SESSION
    if _SESSION is None:
        _SESSION = LibreOfficeSession()
        try:
            from multiprocessing import util

            util.Finalize(None, _close_session, exitpriority=10)    # runs when a pool worker exits
        except ImportError:  # pragma: no cover
            pass
    return _SESSION.render(docx)


def _close_session() -> None:
    global _SESSION
    if _SESSION is not None:
        _SESSION.close()
        _SESSION = None


class _WorkerState:
    """What :func:`_init_worker` changed in this process, undone by :meth:`undo` (a district built in
    the calling process, ``-j 1``, leaves that process as it found it)."""

    def __init__(self, gc_threshold: tuple[int, int, int] | None):
        self.gc_threshold = gc_threshold

    def undo(self) -> None:
        import gc

        if self.gc_threshold is not None:
            global _FREEZE_PENDING, _WORKER_GC
            _FREEZE_PENDING = _WORKER_GC = False
            gc.unfreeze()
            gc.set_threshold(*self.gc_threshold)


# A document allocates some hundred thousand objects (openpyxl cells and styles, lxml proxies,
# matplotlib artists); with CPython's default threshold (700) the collector runs hundreds of times
# per document, and each full collection walks every object of the worker — the libraries loaded
# once included.  Those are frozen after the start-up (never walked again), the young generation is
# collected less often, and a full collection after each document (which then walks only what the
# document left) keeps the worker's memory where it was: about 0.05–0.1 s less per document.
GC_THRESHOLD = (20000, 10, 10)
_WORKER_GC = False                       # set by _init_worker: a full collection after each document
_FREEZE_PENDING = False


def _init_worker() -> _WorkerState:
    """Pay the start-up once per worker: imports, matplotlib's CJK font lookup, templates' engine.
    (Template parts are patched and compiled once per process in any build: render/docx.py,
    render/sandbox.py.)"""
    import matplotlib

    matplotlib.use("Agg")
    from . import build  # noqa: F401 - imports docxtpl, openpyxl, jinja2
    from .codes import load_tables
    from .kinds import KINDS, load_kind
    from .render import charts

    for name in KINDS:
        try:
            load_kind(name)
        except Exception:  # noqa: BLE001 - a kind that cannot load is reported by its projects
            pass
    load_tables(None)
    try:
        charts.find_cjk_font()
    except ReportgenError:
        pass
    import gc

    global _FREEZE_PENDING, _WORKER_GC
    previous = gc.get_threshold()
    gc.collect()
    gc.freeze()                          # what start-up loaded stays: never walked again
    gc.set_threshold(*GC_THRESHOLD)
    _FREEZE_PENDING = _WORKER_GC = True
    return _WorkerState(previous)


# -- the run ----------------------------------------------------------------------------------

@dataclass
class BatchRun:
    results: list[DeptResult]
    notes: list[str]
    summary: Path | None
    summary_error: str = ""              # 汇总.xlsx could not be written (e.g. open in Excel)

    @property
    def exit_code(self) -> int:
        worst = max((r.exit_code for r in self.results), default=0)
        return max(worst, OutputError.exit_code) if self.summary_error else worst


def run(paths: list[str | Path], jobs: int | None = None, force: bool = False, pdf: bool = False,
        progress=None) -> BatchRun:
    """Build every project below ``paths`` with ``jobs`` workers, then write the summary workbook.

    ``progress(done, total, result)`` is called in the main process as each department finishes.
    """
    projects, notes = discover(paths)
    jobs = max(1, jobs or os.cpu_count() or 1)
    results: list[DeptResult | None] = [None] * len(projects)
    if jobs == 1 or len(projects) <= 1:
        check_distinct_outputs(projects, pdf)
        state = _init_worker()           # in this process: undone at the end
        try:
            for i, p in enumerate(projects):
                results[i] = build_one(p, force, pdf)
                if progress:
                    progress(i + 1, len(projects), results[i])
        finally:
            _close_session()
            state.undo()
    else:
        import multiprocessing

        ctx = multiprocessing.get_context("spawn")      # the same on Linux and Windows; no fork with threads
        workers = min(jobs, len(projects))
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker) as pool:
            # the workers start (and load reportgen) while this process compares the outputs;
            # they build nothing until the comparison has passed
            for _ in range(workers):
                pool.submit(os.getpid)
            check_distinct_outputs(projects, pdf)
            futures = {pool.submit(build_one, str(p), force, pdf): i for i, p in enumerate(projects)}
            done = 0
            for fut in as_completed(futures):
                i = futures[fut]
                try:
                    results[i] = fut.result()
                except Exception as exc:  # noqa: BLE001 - a worker died (memory, signal)
                    r = DeptResult(project=str(projects[i]))
                    _identify(r, projects[i])
                    r.messages = [internal_error_message(exc)]
                    r.status, r.exit_code = STATUS_INTERNAL, 70
                    results[i] = r
                done += 1
                if progress:
                    progress(done, len(projects), results[i])
    final = [r for r in results if r is not None]
    summary, problem = None, ""
    if final:
        summary = summary_path(final, projects)
        try:
            write_summary(final, summary)
        except OutputError as exc:
            problem = str(exc)
    return BatchRun(final, notes, summary, problem)


def summary_path(results: list[DeptResult], projects: list[Path]) -> Path:
    """``汇总.xlsx`` in the output folder all departments share, or the deepest folder above theirs."""
    dirs = [str(Path(r.output_dir).resolve()) for r in results if r.output_dir]
    if not dirs:
        dirs = [str(p.resolve().parent) for p in projects]
    return Path(os.path.commonpath(dirs)) / SUMMARY_NAME


def _relative(path: str, base: Path) -> str:
    try:
        return Path(os.path.relpath(Path(path).resolve(), base)).as_posix()
    except ValueError:                   # another drive (Windows)
        return str(path)


def summary_rows(results: list[DeptResult], base: Path) -> list[tuple]:
    """The rows of the summary (also printed): one per department, in the order found."""
    return [(r.department or Path(r.project).stem, r.kind, r.year if r.year is not None else "", r.status,
             r.errors, r.warnings, r.changes_text, "\n".join(_relative(o, base) for o in r.outputs))
            for r in results]


def message_rows(results: list[DeptResult], base: Path) -> list[tuple]:
    """The messages of every department that was not built: (部门, 项目文件, 信息), one per message."""
    rows = []
    for r in results:
        if r.exit_code == 0:
            continue
        for m in r.messages:
            rows.append((r.department or Path(r.project).stem, _relative(r.project, base), m))
    return rows


def write_summary(results: list[DeptResult], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from .build import write_atomic
    from .render.docx import normalize_zip

    import io

    base = path.parent.resolve()
    wb = Workbook()
    ws = wb.active
    ws.title = "汇总"
    ws.append(SUMMARY_COLUMNS)
    for row in summary_rows(results, base):
        ws.append(row)
    widths = (36, 8, 8, 26, 8, 8, 60, 60)
    for col, width in zip("ABCDEFGH", widths):
        ws.column_dimensions[col].width = width
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    msgs = wb.create_sheet("未生成部门的信息")
    msgs.append(MESSAGE_COLUMNS)
    for row in message_rows(results, base):
        msgs.append(row)
    for col, width in zip("ABC", (36, 40, 120)):
        msgs.column_dimensions[col].width = width
    for cell in msgs[1]:
        cell.font = Font(bold=True)
    wb.properties.creator = "reportgen"
    buf = io.BytesIO()
    wb.save(buf)
    write_atomic(path, normalize_zip(buf.getvalue()))


# -- the terminal -----------------------------------------------------------------------------

def build_district(paths, jobs: int | None = None, force: bool = False, pdf: bool = False, out=print) -> int:
    """``reportgen build`` of several projects: a progress bar (rich) on stderr, the notes, the
    summary table and the messages of the departments not built; returns the exit code."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    from rich.table import Table

    err = Console(stderr=True)
    projects, notes = discover(paths)          # early, so a wrong path stops before any work
    for note in notes:
        out(f"提示：{note}")
    if not projects:
        out("错误：没有找到项目文件（*.yaml 且含 kind: 一行）", err=True)
        return 2
    workers = min(max(1, jobs or os.cpu_count() or 1), len(projects))
    out(f"共 {len(projects)} 个项目，{workers} 个进程同时生成…")
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=False) as bar:
        task = bar.add_task("生成中", total=len(projects))

        def progress(done, total, result):
            bar.update(task, completed=done,
                       description=f"{(result.department or Path(result.project).stem)[:20]} {result.status}")

        batch = run([str(p) for p in projects], jobs=jobs, force=force, pdf=pdf, progress=progress)
        bar.update(task, description="完成")
    from rich import box

    table = Table(title="生成汇总", box=box.SIMPLE_HEAD, pad_edge=False)
    for col in ("部门", "类型", "年度", "状态", "错误", "警告", "变化", "文件"):
        table.add_column(col, overflow="fold", no_wrap=col in ("部门", "状态"),
                         justify="right" if col in ("错误", "警告") else "left")
    for r in batch.results:
        table.add_row(r.department or Path(r.project).stem, r.kind, str(r.year or ""), r.status,
                      str(r.errors), str(r.warnings), r.changes_short,
                      " ".join(Path(o).suffix.lstrip(".") for o in r.outputs))
    console = Console()
    if not console.is_terminal:          # a log file: wide enough for the whole table
        console = Console(width=120)
    console.print(table)
    broken = [r for r in batch.results if r.exit_code]
    for r in broken:
        out(f"【{r.department or Path(r.project).stem}】{r.project}：{r.status}")
        for m in r.messages:
            out(f"  {m}")
    ok = sum(1 for r in batch.results if r.exit_code == 0)
    if batch.summary_error:
        out(f"错误：汇总表未写入：{batch.summary_error}", err=True)
        out(f"共 {len(batch.results)} 个部门：{ok} 个已生成，{len(broken)} 个未完成。")
    else:
        out(f"共 {len(batch.results)} 个部门：{ok} 个已生成，{len(broken)} 个未完成。汇总表：{batch.summary}")
    return batch.exit_code
