"""The pipeline: read → model → compute → check → render, in one direction.

``prepare`` does everything up to the checks and writes nothing; ``dry_run`` adds what ``build``
does short of writing (output settings, rendering), so ``reportgen check`` exits 0 exactly when
``build`` writes; ``build`` renders every output, then replaces the whole set at once (``outputset``).
"""
from __future__ import annotations

import io
import os
import tempfile
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from .codes import load_tables
from .errors import ChecksFailed, InputError, OutputError, Where
from .findings import Findings
from .kinds import load_kind
from .project import Project, load_project
from .render.docx import Embeds, normalize_zip, render_docx
from .render.filters import Formats
from .workbook.reader import WorkbookReader


def templates_root() -> Path:
    """The default templates: installed as package data, or the repository's templates/ folder."""
    try:
        root = resources.files("reportgen.templates")
        path = Path(str(root))
        if path.exists():
            return path
    except (ModuleNotFoundError, TypeError):
        pass
    return Path(__file__).resolve().parents[2] / "templates"


@dataclass
class Prepared:
    project: Project
    kind: object
    codes: dict
    workbook: object
    result: object
    outline: object
    findings: Findings = field(default_factory=Findings)


def prepare(project_path: str | Path) -> Prepared:
    from .checks import run_checks

    project = load_project(project_path)
    kind = load_kind(project.kind)
    codes = load_tables(project.codes)
    reader = WorkbookReader(project.workbook, kind.SCHEMA, unit=project.workbook_unit,
                            display_name=project.workbook.name)
    wb = reader.read()
    result = kind.compute(wb, project, codes)
    outline = kind.outline(project)
    prepared = Prepared(project, kind, codes, wb, result, outline)
    for where, message in getattr(codes, "warnings", ()):
        prepared.findings.warn("CODES-ENCODING", where, message)
    prepared.findings.extend(wb.findings)
    prepared.findings.extend(run_checks(prepared))
    return prepared


def template_path(prepared: Prepared) -> Path:
    project = prepared.project
    folder = project.templates or (templates_root() / prepared.kind.TEMPLATE_DIR)
    path = folder / "document.docx" if folder.is_dir() or not folder.suffix else folder
    if not path.exists():
        raise InputError(f"找不到 Word 模板：{path}", project.where("templates"))
    return path


def write_atomic(path: Path, data: bytes) -> None:
    """Write via a temporary file in the same folder and rename: never a half-written output."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".~reportgen-{os.getpid()}-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except IsADirectoryError:
        _cleanup(tmp)
        raise OutputError(f"无法写入 {path.name}：该路径是一个文件夹。请改名或移走该文件夹，或在项目文件中修改 output",
                          Where(str(path))) from None
    except PermissionError:
        _cleanup(tmp)
        raise OutputError(
            f"无法写入 {path.name}：文件可能正在 Word、WPS 或 Excel 中打开。请关闭该文件后重新运行",
            Where(str(path)),
        ) from None
    except OSError as exc:
        _cleanup(tmp)
        reason = {28: "磁盘空间不足", 30: "磁盘只读"}.get(exc.errno, exc.strerror or "")
        raise OutputError(f"无法写入 {path.name}：{reason}", Where(str(path))) from None


def _cleanup(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except OSError:
        pass


def render_outputs(prepared: Prepared, formats: tuple[str, ...]) -> dict[str, bytes]:
    """Render the requested formats to bytes (nothing written yet)."""
    project, kind, result = prepared.project, prepared.kind, prepared.result
    options = getattr(kind, "format_options", None)
    fmt = Formats(options(project) if options else project.profile)
    out: dict[str, bytes] = {}
    labels = None
    if "docx" in formats or "pdf" in formats:
        with tempfile.TemporaryDirectory(prefix="reportgen-charts-") as tmp:
            images = kind.charts(result, project, Path(tmp), prepared.outline)

            def factory(embeds):
                # pictures and inserted documents reach the template as opaque markers only
                nonlocal labels
                charts = {k: embeds.image(p, width_mm=150) for k, p in images.items()}
                ctx = kind.context(result, project, prepared.codes, embeds, charts, prepared.outline)
                labels = ctx["labels"]
                return ctx

            out["docx"] = render_docx(template_path(prepared), factory, fmt)
    if "xlsx" in formats:
        if labels is None:
            labels = kind.context(result, project, prepared.codes, Embeds(None), {}, prepared.outline)["labels"]
        wb = kind.workbook(result, project, prepared.outline, labels)
        buf = io.BytesIO()
        wb.save(buf)
        out["xlsx"] = normalize_zip(buf.getvalue())
    return out


def wanted_formats(project: Project, formats: tuple[str, ...] | None = None) -> tuple[str, ...]:
    """The formats a build writes: those asked for (or the project's), plus pdf when ``pdf: true``."""
    wanted = tuple(formats or project.formats)
    if project.pdf and "pdf" not in wanted:
        wanted = wanted + ("pdf",)
    return wanted


def check_outputs(project: Project, wanted: tuple[str, ...]) -> None:
    """What would stop the write and can be found without writing.  The output folder itself is
    checked when the project is loaded (``project._check_output_dir``); here: no output file's
    name is taken by a folder."""
    from . import manifest

    folder, stem = project.output_dir, project.stem
    targets = [folder / f"{stem}.{ext}" for ext in ("docx", "xlsx", "pdf") if ext in wanted]
    targets.append(manifest.manifest_path(folder, stem))
    for path in targets:
        if path.is_dir():
            raise OutputError(f"无法写入 {path.name}：该路径是一个文件夹。请改名或移走该文件夹，或在项目文件中修改 output",
                              Where(str(path)))


def dry_run(prepared: Prepared, formats: tuple[str, ...] | None = None) -> None:
    """What ``build`` does short of writing (``reportgen check``): the output settings are checked
    and the outputs rendered (template errors, attachments, 第四部分 files), then discarded.
    The PDF step itself is not run; that LibreOffice can be found is checked."""
    wanted = wanted_formats(prepared.project, formats)
    check_outputs(prepared.project, wanted)
    render_outputs(prepared, wanted)
    if "pdf" in wanted:
        # build writes the .docx/.xlsx and then fails with this same error (exit 4)
        from .render.pdf import INSTALL_HINT, PdfError, find_soffice

        if find_soffice() is None:
            raise PdfError("找不到 LibreOffice（soffice），无法生成 PDF 和带页码的目录。" + INSTALL_HINT)


def build(project_path: str | Path, force: bool = False, formats: tuple[str, ...] | None = None,
          echo=print, pdf_render=None) -> tuple[Prepared, dict[str, Path]]:
    """Check, render every output in memory (the PDF in a temporary folder), then replace the set.

    The set — .docx, .xlsx, .pdf (when asked for) and the manifest — is replaced all together or
    not at all (:mod:`reportgen.outputset`).  When the PDF step fails, the new .docx (目录 without
    page numbers), .xlsx and manifest are still written, the previous PDF is removed so that no
    stale PDF stands beside the new .docx, and :class:`PdfError` (exit 4) says so.
    ``pdf_render`` replaces ``render.pdf.render_pdf`` (a district build passes one that reuses the
    worker's LibreOffice).
    """
    import time

    from . import outputset

    started = time.time()
    prepared = prepare(project_path)
    project = prepared.project
    outputset.clean_leftovers(project.output_dir, started)   # an interrupted run's files
    if prepared.findings.errors and not force:
        exc = ChecksFailed(f"检查发现 {len(prepared.findings.errors)} 个错误，未生成任何文件"
                           "（修正后重新运行；确需生成请加 --force）")
        exc.findings = prepared.findings
        raise exc
    wanted = wanted_formats(project, formats)
    check_outputs(project, wanted)
    rendered = render_outputs(prepared, wanted)
    outputset.kill_point("rendered")
    stem = project.stem
    paths = {ext: project.output_dir / f"{stem}.{ext}" for ext in ("docx", "xlsx", "pdf")}
    pdf_error = None
    if "pdf" in wanted:
        from .render.pdf import PdfError, render_pdf

        render_pdf = pdf_render or render_pdf
        echo("正在生成 PDF（LibreOffice 排版并填写目录页码）…")
        try:
            updated, rendered["pdf"], warnings = render_pdf(rendered["docx"])
            rendered["docx"] = normalize_zip(updated)          # same inputs, same bytes
            for text in warnings:
                echo(f"提示：{text}")
        except PdfError as exc:
            pdf_error = exc
    files: dict[Path, bytes | None] = {}
    written: dict[str, Path] = {}
    for ext in ("docx", "xlsx", "pdf"):
        if ext in rendered:
            files[paths[ext]] = rendered[ext]
            written[ext] = paths[ext]
    # no stale PDF beside a new .docx: a PDF of an earlier build goes when this one writes none
    stale_pdf = paths["docx"] in files and "pdf" not in rendered and paths["pdf"].exists()
    if stale_pdf:
        files[paths["pdf"]] = None
    from . import manifest  # every printed figure, and what changed since the last build

    pending: dict[Path, bytes] = {}
    prepared.manifest = manifest.update(prepared, manifest.manifest_path(project.output_dir, stem),
                                        lambda path, data: pending.__setitem__(Path(path), data))
    files.update(pending)                                        # the manifest is renamed last
    outputset.commit(project.output_dir, files)
    written["manifest"] = prepared.manifest.path
    if stale_pdf and pdf_error is None:
        echo(f"提示：上次生成的 {paths['pdf'].name} 与新的 .docx 不一致，已删除（需要 PDF 请加 --pdf）")
    if pdf_error is not None:
        made = "、".join(f".{ext}" for ext in ("docx", "xlsx") if ext in written)
        note = f"已生成 {made}（目录页码未填写，可在 Word/WPS 中更新目录）"
        if stale_pdf:
            note += f"；上次生成的 {paths['pdf'].name} 已删除，以免与新文档不一致"
        raise type(pdf_error)(f"{pdf_error.message.rstrip('。')}。{note}", pdf_error.where)
    return prepared, written
