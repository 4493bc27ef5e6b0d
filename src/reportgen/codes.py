"""The classification code tables (支出功能分类, 部门预算支出经济分类), keyed by (year, code).

Names change between editions of the 政府收支分类科目 (20805 was 行政事业单位离退休 until 2019,
行政事业单位养老支出 since; 21305 巩固脱贫衔接乡村振兴 became 巩固脱贫攻坚成果衔接乡村振兴 in the 2024
edition), so a lookup always names the year.  The sources of the editions are listed in
``reportgen/data/codes/SOURCES.md``; a row may name its own source in the ``source`` column.  The tables ship with the package
(``reportgen/data/codes/*.csv``); a project may add or override rows with its own CSV of the same
columns (``codes:`` in the project file).
"""
from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .errors import InputError, Where


@dataclass(frozen=True)
class CodeEntry:
    code: str
    name: str
    from_year: int | None
    to_year: int | None
    description: str = ""

    def covers(self, year: int) -> bool:
        return (self.from_year is None or year >= self.from_year) and (self.to_year is None or year <= self.to_year)

    @property
    def editions(self) -> str:
        """The editions (years) of the 政府收支分类科目 this name belongs to, in words: 2021—2023年."""
        if self.from_year and self.to_year:
            return f"{self.from_year}年" if self.from_year == self.to_year else f"{self.from_year}—{self.to_year}年"
        if self.from_year:
            return f"{self.from_year}年起"
        if self.to_year:
            return f"{self.to_year}年及以前"
        return "各年"


def _year(text: str | None) -> int | None:
    text = (text or "").strip()
    return int(text) if text else None


def _read_csv(stream, source: str) -> list[CodeEntry]:
    out = []
    reader = csv.DictReader(stream)
    missing = {"code", "name"} - set(reader.fieldnames or ())
    if missing:
        raise InputError(f"科目代码表缺少列：{'、'.join(sorted(missing))}（应有 code,name,from_year,to_year,description）",
                         Where(source))
    for i, row in enumerate(reader, start=2):
        code = (row.get("code") or "").strip()
        name = (row.get("name") or "").strip()
        if not code:
            continue
        if not code.isdigit() or not name:
            raise InputError(f"科目代码表第{i}行无效：编码“{code}”，名称“{name}”", Where(source, line=i))
        try:
            out.append(CodeEntry(code, name, _year(row.get("from_year")), _year(row.get("to_year")),
                                 (row.get("description") or "").strip()))
        except ValueError:
            raise InputError(f"科目代码表第{i}行年份无效", Where(source, line=i)) from None
    return out


class CodeTable:
    """One classification, with year-aware lookups."""

    def __init__(self, entries: list[CodeEntry]):
        self._by_code: dict[str, list[CodeEntry]] = {}
        for e in entries:
            self._by_code.setdefault(e.code, []).append(e)

    @classmethod
    def builtin(cls, which: str) -> "CodeTable":
        return cls(list(_builtin_entries(which)))

    def extend(self, path: Path, warnings: list | None = None) -> None:
        """Add or override entries from a user CSV (a user row wins over a built-in row).

        The file is read as UTF-8 (with or without BOM); a file Excel saved as "CSV" on a Chinese
        Windows (GBK) is read as GB18030 and a warning is added to ``warnings``."""
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise InputError(f"无法读取科目代码表：{exc.strerror}", Where(str(path))) from None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("gb18030")
            except UnicodeDecodeError:
                raise InputError("科目代码表既不是 UTF-8 也不是 GBK 编码，无法读取。请在 Excel 中“另存为”"
                                 "“CSV UTF-8（逗号分隔）”", Where(str(path))) from None
            if warnings is not None:
                warnings.append((Where(str(path)), f"科目代码表 {Path(path).name} 不是 UTF-8 编码，已按 GBK（GB18030）"
                                 "读取；建议在 Excel 中“另存为”“CSV UTF-8（逗号分隔）”"))
        try:
            entries = _read_csv(io.StringIO(text, newline=""), str(path))
        except csv.Error as exc:
            raise InputError(f"科目代码表不是有效的 CSV 文件（{exc}）", Where(str(path))) from None
        for e in entries:
            kept = [old for old in self._by_code.get(e.code, []) if not _overlap(old, e)]
            self._by_code[e.code] = [e, *kept]

    def entry(self, code: str, year: int) -> CodeEntry | None:
        for e in self._by_code.get(code, []):
            if e.covers(year):
                return e
        return None

    def name(self, code: str, year: int) -> str | None:
        e = self.entry(code, year)
        return e.name if e else None

    def other_editions(self, code: str, name: str, year: int) -> list[CodeEntry]:
        """Entries of other editions whose name is ``name`` (compared without spaces and bracket width)."""
        key = _norm(name)
        return [e for e in self._by_code.get(code, []) if not e.covers(year) and _norm(e.name) == key]

    def __contains__(self, code: str) -> bool:
        return code in self._by_code

    def codes(self, year: int) -> list[str]:
        return sorted(c for c, es in self._by_code.items() if any(e.covers(year) for e in es))


def _norm(text: str) -> str:
    return text.replace("(", "（").replace(")", "）").replace(" ", "").replace("\u3000", "")


def _overlap(a: CodeEntry, b: CodeEntry) -> bool:
    lo_a, hi_a = a.from_year or 0, a.to_year or 9999
    lo_b, hi_b = b.from_year or 0, b.to_year or 9999
    return lo_a <= hi_b and lo_b <= hi_a


@functools.lru_cache(maxsize=None)
def _builtin_entries(which: str) -> tuple[CodeEntry, ...]:
    """The shipped table, parsed once per process (entries are frozen)."""
    with resources.files("reportgen.data.codes").joinpath(f"{which}.csv").open(encoding="utf-8") as f:
        return tuple(_read_csv(f, f"{which}.csv"))


class CodeTables(dict):
    """``{"function": CodeTable, "economic": CodeTable}`` with the warnings of reading them
    (``warnings``: ``(Where, message)`` pairs, e.g. a GBK-encoded CSV)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.warnings: list = []


def load_tables(extra: list[Path] | None = None) -> CodeTables:
    """The built-in tables, extended by the project's own CSV files (names decide the table:
    a file whose name contains ``economic`` or ``经济`` extends the economic table)."""
    tables = CodeTables(function=CodeTable.builtin("function"), economic=CodeTable.builtin("economic"))
    for path in extra or []:
        stem = Path(path).stem.lower()
        which = "economic" if ("economic" in stem or "经济" in stem) else "function"
        tables[which].extend(Path(path), tables.warnings)
    return tables
