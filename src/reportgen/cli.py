"""Command line: ``reportgen init | check | build | options``.

Thin on purpose: parse the arguments, call the pipeline, print.  Every error the user can fix
arrives as a :class:`~reportgen.errors.ReportgenError` and is printed as one Chinese message
with its place, never as a traceback; the exit code says what happened (0 ok, 1 check errors,
2 unreadable input or template, 3 output not writable, 4 PDF failed, 70 internal error — see the
README's table).  ``check`` does everything ``build`` does short of writing, so it exits 0 exactly
when ``build`` would write.
``build`` of several projects or folders (``batch.py``) exits with the worst (largest) code of
all departments.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import __version__
from .errors import InputError, ReportgenError, internal_error_message


def _out(text: str = "", err: bool = False, nl: bool = True) -> None:
    click.echo(text, err=err, nl=nl)


def _fail(exc: ReportgenError) -> None:
    _out(f"错误：{exc}", err=True)
    sys.exit(exc.exit_code)


def _print_findings(findings, as_json: bool) -> None:
    if as_json:
        _out(json.dumps({"findings": [f.as_dict() for f in findings],
                         "errors": len(findings.errors), "warnings": len(findings.warnings)},
                        ensure_ascii=False, indent=2))
        return
    for f in findings:
        _out(str(f))
    _out(findings.summary())


def _crash(exc: BaseException) -> None:
    _out(internal_error_message(exc), err=True)
    sys.exit(70)


def _fatal_json(message: str, code: int, where=None, findings=None) -> None:
    """``check --json`` when the check could not finish (nothing readable, or the dry run of the
    build failed after the findings): still JSON, with the exit code and any findings so far."""
    _out(json.dumps({"fatal": message, "exit_code": code,
                     "file": where.file if where else "", "line": where.line if where else None,
                     "findings": [f.as_dict() for f in findings] if findings else [], "errors": 1,
                     "warnings": len(findings.warnings) if findings else 0}, ensure_ascii=False, indent=2))
    sys.exit(code)


class _Group(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, SystemExit):
            raise
        except ReportgenError as exc:
            _fail(exc)
        except BrokenPipeError:
            # the reader of our output stopped early (`reportgen options | head`): nothing is wrong
            import os

            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(0)
        except KeyboardInterrupt:
            _out("已中断。", err=True)
            sys.exit(130)
        except Exception as exc:  # noqa: BLE001 - last line of defence: never a traceback
            _crash(exc)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="reportgen")
def main():
    """reportgen：由 Excel 工作簿和 YAML 项目文件生成部门预算、决算公开文档。"""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")
        except (AttributeError, ValueError):
            pass


@main.command()
@click.argument("project", required=False)
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出检查结果")
@click.option("--pdf", is_flag=True, help="也检查生成 PDF 的条件（LibreOffice）")
def check(project, as_json, pdf):
    """检查项目文件、工作簿、模板和输出设置（build 会做的一切，但不写任何文件）。"""
    from .build import dry_run, prepare

    prepared = None
    try:
        if not project:
            raise InputError("缺少项目文件。用法：reportgen check 2024.yaml")
        prepared = prepare(project)
        if not prepared.findings.errors:
            # what build does next, short of writing: template, attachments, output settings
            dry_run(prepared, tuple(prepared.project.formats) + ("pdf",) if pdf else None)
    except ReportgenError as exc:
        findings = prepared.findings if prepared is not None else None
        if as_json:
            _fatal_json(str(exc), exc.exit_code, exc.where, findings)
        for f in findings or ():
            _out(str(f))
        _fail(exc)
        return
    except KeyboardInterrupt:
        if as_json:
            _fatal_json("已中断。", 130)
        raise
    except Exception as exc:  # noqa: BLE001 - --json prints JSON in every outcome
        if not as_json:
            raise
        _fatal_json(internal_error_message(exc), 70)
    _print_findings(prepared.findings, as_json)
    sys.exit(1 if prepared.findings.errors else 0)


@main.command()
@click.argument("projects", nargs=-1, required=True, type=click.Path())
@click.option("--force", is_flag=True, help="即使检查有错误也生成文件（会注明）")
@click.option("--pdf", is_flag=True, help="同时生成 PDF（需要 LibreOffice）")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="同时生成的部门数（默认为本机 CPU 核数）；多个项目或文件夹时使用")
def build(projects, force, pdf, jobs):
    """生成公开文档（.docx、.xlsx，可选 PDF）。可给多个项目文件或文件夹（全区一次生成，末尾汇总）。"""
    from .build import build as run_build

    if len(projects) != 1 or Path(projects[0]).is_dir():
        from .batch import build_district

        sys.exit(build_district(projects, jobs=jobs, force=force, pdf=pdf, out=_out))
    project = projects[0]
    try:
        formats = None
        if pdf:
            from .project import load_project

            formats = tuple(load_project(project).formats) + ("pdf",)
        prepared, written = run_build(project, force=force, formats=formats, echo=_out)
    except ReportgenError as exc:
        if getattr(exc, "findings", None) is not None:
            _print_findings(exc.findings, False)
        _fail(exc)
        return
    findings = prepared.findings
    for f in findings:
        _out(str(f))
    if findings.errors:
        _out(f"注意：检查有 {len(findings.errors)} 个错误，因使用了 --force 仍然生成了文件。")
    for ext, path in written.items():
        _out(f"已生成 {ext}：{path}")
    if getattr(prepared, "manifest", None) is not None:
        from .manifest import report

        for line in report(prepared.manifest):
            _out(line)


@main.command()
@click.argument("project", type=click.Path())
@click.option("--kind", type=click.Choice(["决算", "预算"]), help="文档类型（用 --from 时默认与上年相同）")
@click.option("--department", help="部门全称，如 武汉市XX区XX局（用 --from 时默认与上年相同）")
@click.option("--year", type=int, help="年度（默认取项目文件名中的年份；用 --from 时为上年 + 1）")
@click.option("--from", "from_path", type=click.Path(exists=True),
              help="上年的项目文件（或全区上年的文件夹）：沿用文字、带入上年数字，年份顺延一年")
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False, exists=True),
              help="部门名单（CSV：部门,简称,类型,年度）：在 PROJECT 文件夹中为每个部门新建项目")
def init(project, kind, department, year, from_path, csv_path):
    """新建项目文件和空白工作簿（不会覆盖已有文件）；用 --csv 或上年文件夹一次新建全区。"""
    from .init import init_project

    if csv_path or (from_path and Path(from_path).is_dir()):
        sys.exit(_init_district(project, csv_path, from_path, kind, year))
    try:
        result = init_project(Path(project), kind, department, year,
                              from_path=Path(from_path) if from_path else None, echo=_out)
    except ReportgenError as exc:
        _fail(exc)
        return
    for path in result.written:
        _out(f"已生成：{path}")
    if result.todo:
        _out("待办：")
        for i, line in enumerate(result.todo, start=1):
            _out(f"  {i}. {line}")


@main.command()
@click.option("--markdown", is_flag=True, help="输出 docs/project-reference.md 的内容（Markdown）")
@click.option("--layout", "layout_ref", is_flag=True,
              help="改为列出布局文件的全部设置项和内置 id（docs/layout-reference.md 的内容）")
def options(markdown, layout_ref):
    """列出项目文件的全部设置项（路径、类型、默认值、说明）。"""
    from .settings import markdown as as_markdown, reference

    if layout_ref:
        from .layout import reference as layout_reference

        _out(layout_reference(), nl=False)
        return
    if markdown:
        _out(as_markdown(), nl=False)
        return
    for kinds in ("", "决算", "预算"):
        if kinds:
            _out(f"\n# profile（{kinds}）")
        for o in reference():
            if o.kinds != kinds:
                continue
            default = "" if not o.default else f"  {o.default}" if o.default.startswith("必填") else f"  默认 {o.default}"
            _out(f"{o.path}  [{o.type}]{default}")
            _out(f"    {o.description}")


@main.command("layout-export")
@click.argument("folder", type=click.Path(file_okay=False))
@click.option("--kind", type=click.Choice(["决算"]), default="决算", show_default=True, help="文档类型")
def layout_export(folder, kind):
    """把内置布局（layout.yaml）和全部片段（*.j2）复制到 FOLDER，供阅读和修改（不会覆盖已有文件）。"""
    from .layout import export

    try:
        written = export(kind, Path(folder))
    except ReportgenError as exc:
        _fail(exc)
        return
    for path in written:
        _out(f"已生成：{path}")


def _init_district(folder, csv_path, from_path, kind, year) -> int:
    from .district import init_district

    def echo(r):
        if r.error:
            _out(f"错误：{r.error}", err=True)
        else:
            how = f"（由上年 {r.rolled_from} 顺延）" if r.rolled_from else ""
            _out(f"已生成：{'、'.join(str(p) for p in r.written)}{how}")

    try:
        results = init_district(Path(folder), Path(csv_path) if csv_path else None,
                                Path(from_path) if from_path else None, kind=kind, year=year, echo=echo)
    except ReportgenError as exc:
        _fail(exc)
        return 2
    bad = [r for r in results if r.error]
    _out(f"共 {len(results)} 个部门：{len(results) - len(bad)} 个已新建，{len(bad)} 个未新建。")
    if len(results) > len(bad):
        _out("待办：在各工作簿中填写数字、在各项目文件中填写文字（顺延的项目文件开头列有待办事项），"
             f"然后运行 reportgen build {folder} 一次生成全区")
    return 2 if bad else 0


if __name__ == "__main__":  # pragma: no cover
    main()
