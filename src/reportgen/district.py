"""``reportgen init FOLDER --csv 部门.csv [--from LAST_YEARS_FOLDER]``: a whole district at once.

The CSV lists the departments, one a row, with the columns ``部门`` (full name), ``简称``
(optional), ``类型`` (决算 or 预算; ``--kind`` for all rows) and ``年度`` (``--year`` for all
rows, or last year's + 1 with ``--from``).  Excel saves CSV as GBK on Chinese Windows and as
UTF-8 with a BOM for “CSV UTF-8”: both are read.

Each department gets ``<简称>-<年度>-<类型>.yaml`` and its workbook ``<简称>-<年度>-<类型>.xlsx`` in
FOLDER (the full name when there is no 简称), made by the single-project ``init``; with
``--from``, a department whose project (same 部门 and 类型) is in last year's folder is rolled
forward from it (``init --from``), the others start blank.  ``--from`` without a CSV rolls every
project of last year's folder forward, the year in its file name moved on by one.

One department's problem never stops the others; each is reported with its row.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError, ReportgenError, Where

COLUMNS = {"部门": "department", "简称": "short_name", "类型": "kind", "年度": "year"}
ALIASES = {"部门名称": "部门", "单位": "部门", "单位名称": "部门", "部门简称": "简称", "文档类型": "类型", "年份": "年度"}
KINDS = ("决算", "预算")
_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


@dataclass
class Department:
    department: str
    short_name: str
    kind: str
    year: int | None
    line: int


@dataclass
class DeptInit:
    department: str
    project: Path | None = None
    written: list[Path] = field(default_factory=list)
    todo: list[str] = field(default_factory=list)
    rolled_from: Path | None = None
    error: str = ""


def read_csv(path: Path, kind: str | None = None, year: int | None = None) -> list[Department]:
    """The departments of the list; a problem names the file and the row."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"无法读取部门名单：{exc.strerror or exc}", Where(str(path))) from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise InputError("部门名单的编码无法识别，请在 Excel 中另存为“CSV UTF-8”", Where(str(path)))
    sample = text[:2000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t，")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    while rows and not any(c.strip() for c in rows[0]):
        rows.pop(0)
    if not rows:
        raise InputError("部门名单是空的：第一行应为表头“部门,简称,类型,年度”", Where(str(path)))
    header = [ALIASES.get(c.strip(), c.strip()) for c in rows[0]]
    if "部门" not in header:
        raise InputError(f"部门名单的第一行应为表头，含“部门”一列（如“部门,简称,类型,年度”），实际为“{','.join(rows[0])}”",
                         Where(str(path), line=1))
    if "类型" not in header and not kind:
        raise InputError("部门名单没有“类型”一列：请加上该列（决算 或 预算），或用 --kind 指定",
                         Where(str(path), line=1))
    col = {name: header.index(name) for name in COLUMNS if name in header}
    out: list[Department] = []
    seen: dict[tuple, int] = {}
    for n, row in enumerate(rows[1:], start=2):
        def get(name):
            i = col.get(name)
            return row[i].strip() if i is not None and i < len(row) else ""

        dept = get("部门")
        if not dept and not any(c.strip() for c in row):
            continue                                   # blank line
        where = Where(str(path), line=n)
        if not dept:
            raise InputError("“部门”为空：请填写部门全称，如 武汉市XX区XX局", where)
        k = get("类型") or kind or ""
        k = next((x for x in KINDS if x in k), k)
        if k not in KINDS:
            raise InputError(f"“类型”应为 决算 或 预算，实际为“{k}”", where)
        y_text = get("年度") or (str(year) if year else "")
        y = None
        if y_text:
            m = re.fullmatch(r"(\d{4})(?:年|年度)?", y_text.translate(str.maketrans("０１２３４５６７８９", "0123456789")))
            if not m:
                raise InputError(f"“年度”应为四位数字，如 2024，实际为“{y_text}”", where)
            y = int(m.group(1))
        key = (dept, k, y)
        if key in seen:
            raise InputError(f"{dept} {y or ''}{k} 与第{seen[key]}行重复", where)
        seen[key] = n
        out.append(Department(dept, get("简称"), k, y, n))
    if not out:
        raise InputError("部门名单中没有部门（表头以下全为空行）", Where(str(path)))
    return out


def file_stem(short_or_name: str, year: int, kind: str) -> str:
    """``区政府办-2024-决算``: safe on Windows (no \\ / : * ? " < > | or spaces)."""
    return f"{_UNSAFE.sub('_', short_or_name).strip('_.')}-{year}-{kind}"


def _previous(folder: Path) -> tuple[dict[tuple[str, str], list[Path]], list[DeptInit]]:
    """Last year's projects by (部门, 类型), and those that cannot be read."""
    from .batch import discover
    from .project import load_project

    projects, _ = discover([folder])
    found: dict[tuple[str, str], list[Path]] = {}
    broken: list[DeptInit] = []
    for p in projects:
        try:
            proj = load_project(p)
        except ReportgenError as exc:
            broken.append(DeptInit(p.stem, error=f"上年项目无法读取，未能顺延：{exc}", rolled_from=p))
            continue
        found.setdefault((proj.department, proj.kind), []).append(p)
    return found, broken


def _next_name(old: Path, year: int) -> str:
    stem = old.stem
    m = re.search(r"(?<!\d)(20\d\d)(?!\d)", stem)
    if m:
        return stem[:m.start()] + str(year) + stem[m.end():] + ".yaml"
    return f"{stem}-{year}.yaml"


def init_district(folder: Path, csv_path: Path | None = None, from_folder: Path | None = None,
                  kind: str | None = None, year: int | None = None, echo=None) -> list[DeptInit]:
    """Every department of the list (or of last year's folder) as a project in ``folder``."""
    from .init import init_project, roll_forward
    from .project import load_project

    folder = Path(folder)
    if folder.suffix.lower() in (".yaml", ".yml"):
        raise InputError("用 --csv 或以上年文件夹为 --from 时，第一个参数应为存放全区项目的文件夹，不是 .yaml 文件",
                         Where(str(folder)))
    if csv_path is None and from_folder is None:
        raise InputError("请用 --csv 指定部门名单，或用 --from 指定上年的文件夹")
    departments = read_csv(Path(csv_path), kind=kind, year=year) if csv_path is not None else []
    previous: dict[tuple[str, str], list[Path]] = {}
    results: list[DeptInit] = []
    if from_folder is not None:
        if not Path(from_folder).is_dir():
            raise InputError(f"--from 应为上年的文件夹：{from_folder}", Where(str(from_folder)))
        previous, results = _previous(Path(from_folder))
    folder.mkdir(parents=True, exist_ok=True)

    if csv_path is None:                               # roll the whole folder forward
        for (dept, k), paths in sorted(previous.items(), key=lambda kv: str(kv[1][0])):
            for old in paths:
                r = DeptInit(dept, rolled_from=old)
                try:
                    old_year = load_project(old).year
                    r.project = folder / _next_name(old, old_year + 1)
                    res = roll_forward(r.project, old, echo=None)
                    r.written, r.todo = res.written, res.todo
                except ReportgenError as exc:
                    r.error = str(exc)
                results.append(r)
                if echo:
                    echo(r)
        return results

    for d in departments:
        r = DeptInit(d.department)
        old = previous.get((d.department, d.kind), [])
        try:
            if len(old) > 1:
                raise InputError(f"上年文件夹中有 {len(old)} 个“{d.department}”的{d.kind}项目"
                                 f"（{'、'.join(p.name for p in old)}），无法确定从哪一个顺延")
            if old:
                prev_year = load_project(old[0]).year
                y = d.year or prev_year + 1
                r.project = folder / f"{file_stem(d.short_name or d.department, y, d.kind)}.yaml"
                r.rolled_from = old[0]
                res = roll_forward(r.project, old[0], kind=d.kind, department=d.department, year=y)
            else:
                if d.year is None:
                    raise InputError("没有“年度”：请在名单中填写年度，或用 --year 指定"
                                     + ("（上年文件夹中也没有该部门的项目）" if from_folder else ""))
                r.project = folder / f"{file_stem(d.short_name or d.department, d.year, d.kind)}.yaml"
                res = init_project(r.project, d.kind, d.department, d.year, short_name=d.short_name or None)
            r.written, r.todo = res.written, res.todo
        except ReportgenError as exc:
            r.error = f"{Path(csv_path).name} 第{d.line}行（{d.department}）：{exc}"
        results.append(r)
        if echo:
            echo(r)
    return results
