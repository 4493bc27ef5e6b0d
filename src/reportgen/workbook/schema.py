"""Declarative description of the input workbook.

One schema serves three purposes, so they cannot drift apart:

* the reader uses it to find sheets, headers and cells and to convert values;
* ``reportgen init`` uses it to write a blank workbook with headers, help and validation;
* the README's workbook reference is checked against it by a test.

Sheets come in five shapes:

``FuncTableSheet``
    a 支出功能分类 table in the published layout (表2/3/5/7/8): a 栏次 row numbering the amount
    columns 1…n, then one row per code.  Only 项 (7-digit) rows need entering; 类/款 rows and
    the 合计 row are computed when absent and checked when present.
``FixedTableSheet``
    a table of numbered rows (行次) such as 表1 and 表4: values are addressed as (行次, 栏次).
``EconTableSheet``
    表6: blocks of ``经济分类科目编码 | 科目名称 | 决算数``, read wherever a 3/5-digit code stands.
``RowTableSheet``
    表9: one data row under a 栏次 row 1…n.
``KVSheet`` / ``ListSheet``
    the sheets that carry what the tables do not: ``项目 | 数值`` pairs, or records under a header row.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

# value types
MONEY = "money"      # 万元 (or 元, converted), rounded to 2 places at leaf level
INT = "int"          # counts: 辆, 人次, 个
DEC = "decimal"      # scores, percentages as typed: kept as Decimal with 2 places
TEXT = "text"
CODE = "code"        # a classification code, kept as text of digits
DATE = "date"


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    type: str = MONEY
    required: bool = False
    help: str = ""
    aliases: tuple[str, ...] = ()
    nonnegative: bool = True
    width: int = 0          # column width hint for the blank workbook
    choices: tuple[str, ...] = ()

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


@dataclass(frozen=True)
class Column:
    """An amount column of a classified table: its 栏次 number, key and header label."""

    no: int
    key: str
    label: str
    group: str = ""                 # super-header (e.g. 本年支出)
    formula: tuple[tuple[str, int], ...] = ()   # ((key, sign), ...) when computed from others
    # a last column added after workbooks were in use: a 栏次 row without it still reads (the column blank)
    optional: bool = False

    @property
    def computed(self) -> bool:
        return bool(self.formula)


@dataclass(frozen=True)
class Sheet:
    name: str
    help: str = ""
    required: bool = True
    aliases: tuple[str, ...] = ()

    @property
    def content_name(self) -> str:
        """The sheet's name by its content, without a fixed table number (“表9 财政拨款…” → “财政拨款…”):
        the name ``init`` gives it, since a district may publish that table under another number."""
        return re.sub(r"^表\s*\d+\s*", "", self.name)

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the sheet is read under: its content name, and the numbered names of older workbooks."""
        return tuple(dict.fromkeys((self.name, self.content_name, *self.aliases,
                                    *(re.sub(r"^表\s*\d+\s*", "", a) for a in self.aliases))))

    def column(self, key: str):
        """The column (or field) with this key, for sheets that have ``columns``."""
        for col in getattr(self, "columns", ()):
            if col.key == key:
                return col
        raise KeyError(key)


@dataclass(frozen=True)
class FuncTableSheet(Sheet):
    table: str = ""
    title: str = ""
    columns: tuple[Column, ...] = ()
    classification: str = "function"   # or "economic" (codes 3/5 digits, leaves are 款)

    @property
    def leaf_len(self) -> int:
        return 7 if self.classification == "function" else 5


@dataclass(frozen=True)
class FixedRow:
    no: int
    label: str
    input: bool = False      # entered by the user (not derivable from other tables)
    help: str = ""


@dataclass(frozen=True)
class FixedTableSheet(Sheet):
    table: str = ""
    title: str = ""
    left_rows: tuple[FixedRow, ...] = ()
    right_rows: tuple[FixedRow, ...] = ()
    left_columns: tuple[Column, ...] = ()
    right_columns: tuple[Column, ...] = ()
    left_header: str = "收入"
    right_header: str = "支出"


@dataclass(frozen=True)
class EconTableSheet(Sheet):
    """Side-by-side blocks of (code, name) rows; ``blocks`` = ((super-header, ((code, name), ...)), ...)."""

    table: str = ""
    title: str = ""
    blocks: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    footers: tuple[str, ...] = ()


@dataclass(frozen=True)
class RowTableSheet(Sheet):
    table: str = ""
    title: str = ""
    columns: tuple[Column, ...] = ()


@dataclass(frozen=True)
class KVSheet(Sheet):
    fields: tuple[Field, ...] = ()


@dataclass(frozen=True)
class ListSheet(Sheet):
    columns: tuple[Field, ...] = ()


@dataclass(frozen=True)
class WorkbookSchema:
    """All sheets of one document kind's input workbook, in the order they are written."""

    kind: str
    sheets: tuple[Sheet, ...] = field(default_factory=tuple)
    instructions: tuple[str, ...] = ()

    def sheet(self, name: str) -> Sheet:
        for s in self.sheets:
            if s.name == name:
                return s
        raise KeyError(name)
