"""Read the input workbook into plain values, each carrying the sheet and cell it came from.

The reader never writes the workbook (it is opened read-only) and never guesses silently:
numbers typed as text are accepted in clear forms (``1,234.56``, full-width digits, stray
spaces) with a warning, anything else (``12万``, ``约5``) is an error naming the cell.
Formula cells without a cached value, merged cells and hidden rows inside a data area are
reported with what to do about them.
"""
from __future__ import annotations

import datetime as _dt
import math
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..errors import InputError, Where
from ..findings import Findings
from ..money import q2
from . import schema as S

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，－＋％", "0123456789.,-+%")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_PLAIN = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_DASHES = {"-", "—", "－", "——", "/"}
_FUNC_CODE = re.compile(r"^\d{3}(\d{2}){0,2}$")
_ECON_CODE = re.compile(r"^3\d{2}(\d{2})?$")


def norm(text: Any) -> str:
    """Normalise a label for matching: no spaces of any width, full-width brackets folded."""
    if text is None:
        return ""
    s = str(text)
    s = s.replace("\u3000", "").replace("\xa0", "")
    s = re.sub(r"\s+", "", s)
    return s.replace("(", "（").replace(")", "）")


@dataclass
class Cell:
    """One value read from the workbook and where it stands."""

    value: Any
    where: Where

    @property
    def amount(self) -> Decimal:
        return self.value if isinstance(self.value, Decimal) else Decimal("0.00")


@dataclass
class FuncRowData:
    code: str
    name: str
    where: Where
    values: dict[int, Cell] = field(default_factory=dict)   # 栏次 → cell


@dataclass
class FuncTableData:
    rows: list[FuncRowData] = field(default_factory=list)
    total: FuncRowData | None = None
    present: bool = True


@dataclass
class FixedTableData:
    values: dict[tuple[int, int], Cell] = field(default_factory=dict)   # (行次, 栏次) → cell
    present: bool = True


@dataclass
class EconTableData:
    entries: dict[str, tuple[str, Cell]] = field(default_factory=dict)   # code → (name, cell)
    totals: dict[str, Cell] = field(default_factory=dict)                # 人员经费合计/公用经费合计
    present: bool = True


@dataclass
class RowTableData:
    values: dict[int, Cell] = field(default_factory=dict)
    present: bool = True


class _Lookup:
    """``get`` a field's value (or a default when blank) and its ``cell`` (for messages)."""

    values: dict[str, Cell]

    def get(self, key: str, default=None):
        cell = self.values.get(key)
        return default if cell is None or cell.value is None else cell.value

    def cell(self, key: str) -> Cell | None:
        return self.values.get(key)


@dataclass
class KVData(_Lookup):
    values: dict[str, Cell] = field(default_factory=dict)
    where: Where = field(default_factory=Where)
    present: bool = True


@dataclass
class Record(_Lookup):
    values: dict[str, Cell]
    where: Where


@dataclass
class ListData:
    records: list[Record] = field(default_factory=list)
    where: Where = field(default_factory=Where)
    present: bool = True


@dataclass
class WorkbookData:
    """Everything read from one workbook, by sheet name, plus the reader's warnings."""

    path: Path
    sheets: dict[str, Any]
    findings: Findings

    def __getitem__(self, name: str):
        return self.sheets[name]


class _Ctx:
    """Per-sheet reading context: converts raw cell values and records warnings.

    Cells are looked up in a :class:`_Grid` of the cells that hold something, so reading costs
    time in proportion to the cells actually used, not to the sheet's dimensions (a stray value at
    XFD1048576 must not make the reader walk a billion empty cells).
    """

    def __init__(self, reader: "WorkbookReader", ws_values, formulas, sheet_name: str):
        self.r = reader
        self.ws = ws_values
        self.sheet = sheet_name
        self.grid = _Grid(ws_values, formulas)
        self.max_row = self.grid.max_row
        self.max_column = self.grid.max_col
        for (row, col), value in self.grid.outside[:_OUTSIDE_SHOWN]:
            self.r.findings.warn(
                "R-OUTSIDE", self.where(row, col),
                f"有一个表格区域以外的值（“{_shown(value)}”），与表格之间隔着{_GAP_ROWS}个以上的空行"
                f"或{_GAP_COLS}个以上的空列，已忽略。如果它是表格的数据，请移到表格内；否则请删除它",
            )
        if len(self.grid.outside) > _OUTSIDE_SHOWN:
            self.r.findings.warn(
                "R-OUTSIDE", Where(self.r.display_name, self.sheet),
                f"另有 {len(self.grid.outside) - _OUTSIDE_SHOWN} 个表格区域以外的值，已忽略，请删除",
            )
        self.is_code_column = lambda col: False
        self._hidden_cols = [(d.min, d.max) for d in getattr(ws_values, "column_dimensions", {}).values()
                             if d.hidden and d.min is not None and d.max is not None]

    def where(self, row: int, col: int) -> Where:
        from openpyxl.utils import get_column_letter

        return Where(self.r.display_name, self.sheet, f"{get_column_letter(col)}{row}")

    def value(self, row: int, col: int):
        """The stored value of a cell (``None`` when empty), without any checking."""
        return self.grid.rows.get(row, {}).get(col)

    def cells(self, row: int, first: int = 1, last: int | None = None) -> list[tuple[int, Any]]:
        """(column, value) of the non-empty cells of ``row`` in the table area, left to right."""
        last = self.max_column if last is None else min(last, self.max_column)
        return [(c, v) for c, v in self.grid.row_items(row) if first <= c <= last]

    def rows(self, first: int = 1, last: int | None = None) -> list[int]:
        """The rows of the table area from ``first`` on that hold something, top to bottom."""
        last = self.max_row if last is None else min(last, self.max_row)
        return [r for r in self.grid.sorted_rows if first <= r <= last]

    def raw(self, row: int, col: int):
        value = self.value(row, col)
        if value is None:
            formula = self.grid.formulas.get((row, col))
            if formula is not None:
                from .blank import CODE_SHEET

                if f"'{CODE_SHEET}'!" in formula:   # 科目名称 looked up by the blank workbook: never needed
                    return None
                raise InputError(
                    f"单元格是公式（{formula}），但文件中没有保存计算结果。"
                    "该工作簿可能由不计算公式的程序生成；请用 Excel 或 WPS 打开后保存一次，"
                    "或把公式改为数值后再运行。",
                    self.where(row, col),
                )
        return value

    def number(self, row: int, col: int, *, integer: bool = False, nonneg: bool = True,
               label: str = "") -> Decimal | int | None:
        value = self.raw(row, col)
        where = self.where(row, col)
        if value is None:
            return None
        if isinstance(value, bool):
            raise InputError(f"{label}应为数字，单元格内容为“{value}”", where)
        if isinstance(value, (int, float, Decimal)):
            num = Decimal(str(value))
        elif isinstance(value, (_dt.date, _dt.datetime)):
            raise InputError(f"{label}应为数字，单元格内容是日期（{value:%Y-%m-%d}），请把单元格格式改为“数值”", where)
        else:
            text = str(value)
            cleaned = text.translate(_FULLWIDTH).replace("\u3000", " ").strip()
            if cleaned == "":
                return None
            if cleaned in _DASHES:
                return None
            compact = cleaned.replace(" ", "")
            if _THOUSANDS.match(compact):
                compact = compact.replace(",", "")
            if not _PLAIN.match(compact):
                raise InputError(
                    f"{label}应为数字，单元格内容为“{text.strip()}”。请只填写数字"
                    "（金额单位见表头，不要写“万”“元”“约”等文字）",
                    where,
                )
            num = Decimal(compact)
            self.r.findings.warn(
                "R-TEXTNUM", where,
                f"{label}以文本形式填写（“{text}”），已按数字 {compact} 读取；建议把单元格格式改为数值",
            )
        if not num.is_finite() or abs(num) >= _NUMBER_LIMIT:
            raise InputError(
                f"{label}数值过大或不是有限的数（单元格内容为“{_shown(value)}”）。"
                "请核对是否多输了数字，或填错了单元格",
                where,
            )
        if integer:
            if num != num.to_integral_value():
                raise InputError(f"{label}应为整数，单元格内容为 {num}", where)
            num = int(num)
        if nonneg and num < 0:
            self.r.findings.warn("R-NEGATIVE", where, f"{label}为负数（{num}），请核对")
        return num

    def money(self, row: int, col: int, label: str = "", nonneg: bool = True, exact: bool = False) -> Decimal | None:
        """An amount in 万元.  With 元 input a table cell is kept ``exact`` (not rounded): every printed
        cell is then rounded from the 元 sum, as the 决算/预算 software does."""
        num = self.number(row, col, label=label, nonneg=nonneg)
        if num is None:
            return None
        if self.r.unit == "元":
            num = num / Decimal(10000)
        if abs(num) >= AMOUNT_LIMIT:
            raise InputError(
                f"{label}金额 {num:,.2f} 万元超出任何部门预算的可能范围（应小于 {AMOUNT_LIMIT:,.0f} 万元，"
                "即 100 万亿元）。请核对是否多输了数字，或把“元”当作“万元”填写",
                self.where(row, col),
            )
        if exact and self.r.unit == "元":
            return num
        return q2(num)

    def text(self, row: int, col: int) -> str | None:
        value = self.raw(row, col)
        if value is None:
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, (_dt.datetime, _dt.date)):
            return value.strftime("%Y-%m-%d")
        text = str(value).replace("\r\n", "\n").strip()
        return text or None

    def convert(self, f: S.Field, row: int, col: int) -> Cell:
        where = self.where(row, col)
        if f.type == S.MONEY:
            value = self.money(row, col, label=f.label, nonneg=f.nonnegative)
        elif f.type == S.INT:
            value = self.number(row, col, integer=True, label=f.label, nonneg=f.nonnegative)
        elif f.type == S.DEC:
            num = self.number(row, col, label=f.label, nonneg=f.nonnegative)
            value = None if num is None else q2(num)
        elif f.type == S.CODE:
            raw = self.raw(row, col)
            if raw is None:
                value = None
            else:
                if isinstance(raw, float) and not raw.is_integer():
                    raise InputError(f"{f.label}应为整数编码，单元格内容为 {raw}", where)
                value = _code_text(self, raw, row, col, _FUNC_CODE)
        elif f.type == S.DATE:
            raw = self.raw(row, col)
            if isinstance(raw, _dt.datetime):
                value = raw.date()
            elif isinstance(raw, _dt.date) or raw is None:
                value = raw
            else:
                value = _parse_date(str(raw), where)
        else:
            value = self.text(row, col)
        if f.choices and value is not None and value not in f.choices:
            raise InputError(f"{f.label}只能填写：{'、'.join(f.choices)}；现为“{value}”", where)
        return Cell(value, where)

    def check_row_usable(self, row: int, max_col: int) -> None:
        """Hidden rows or columns and merged cells inside a data area hide or distort figures: refuse them."""
        used = self.cells(row, 1, max_col)
        if not used:
            return
        dims = getattr(self.ws, "row_dimensions", None)
        dim = dims.get(row) if hasattr(dims, "get") else None
        if dim is not None and dim.hidden:
            raise InputError(
                "此行被隐藏，但行内有数据。隐藏的数据容易漏看漏改，请取消隐藏后核对再运行",
                Where(self.r.display_name, self.sheet, f"第{row}行"),
            )
        for col, _ in used:
            if any(lo <= col <= hi for lo, hi in self._hidden_cols):
                from openpyxl.utils import get_column_letter

                letter = get_column_letter(col)
                raise InputError(
                    f"{letter} 列被隐藏，但列内有数据（如 {letter}{row}）。隐藏的数据容易漏看漏改，"
                    "请取消隐藏后核对再运行",
                    Where(self.r.display_name, self.sheet, f"{letter}列"),
                )


# An amount of 10^10 万元 (100 万亿元) is more than a whole national budget: no department's table
# holds one, so a figure this large is a typing slip (or a hostile file), named with its cell.
AMOUNT_LIMIT = Decimal(10) ** 10
_NUMBER_LIMIT = Decimal(10) ** 15     # any number (counts, 元 before conversion)
_GAP_ROWS = 100      # a value below more empty rows than this is outside the table
_GAP_COLS = 20       # … or right of more empty columns than this
_OUTSIDE_SHOWN = 5   # outside values named one by one; the rest are counted


def _shown(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 20 else text[:20] + "…"


class _Grid:
    """The non-empty cells of one sheet, by row, and the table area they form.

    The table area starts at A1 and grows over every used row that follows the previous one
    after at most ``_GAP_ROWS`` empty rows (and likewise for columns); values beyond such a gap
    are ``outside``: they are named in a warning and not read.
    """

    def __init__(self, ws_values, formulas: "dict[tuple[int, int], Any] | None"):
        cells: dict[tuple[int, int], Any] = {}
        # openpyxl keeps the cells it read in ``_cells`` (a dict by (row, column)); walking it is the
        # only way to visit the used cells without creating every cell of the sheet's dimension
        # a formula's saved result may be the empty string (=IF(…,"",…)): Excel writes t="str" and an
        # empty <v>, which openpyxl reads as None with data_type "str" — blank, not "not calculated"
        cached: set[tuple[int, int]] = set()
        for key, cell in getattr(ws_values, "_cells", {}).items():
            if cell.value is not None or cell.data_type == "str":
                cached.add(key)
                if cell.value != "":
                    cells[key] = cell.value
        self.formulas: dict[tuple[int, int], str] = {}
        for key, value in (formulas or {}).items():
            formula = getattr(value, "text", value)
            if key not in cached and isinstance(formula, str) and formula.startswith("="):
                self.formulas[key] = formula
        used_rows = sorted({r for r, _ in cells} | {r for r, _ in self.formulas})
        self.max_row = _area_end(used_rows, _GAP_ROWS)
        used_cols = sorted({c for (r, c) in list(cells) + list(self.formulas) if r <= self.max_row})
        self.max_col = _area_end(used_cols, _GAP_COLS)
        self.rows: dict[int, dict[int, Any]] = {}
        self.outside: list[tuple[tuple[int, int], Any]] = []
        for (r, c) in sorted(set(cells) | set(self.formulas)):
            value = cells.get((r, c), self.formulas.get((r, c)))
            if r > self.max_row or c > self.max_col:
                self.outside.append(((r, c), value))
                self.formulas.pop((r, c), None)
            elif (r, c) in cells:
                self.rows.setdefault(r, {})[c] = value
            else:
                self.rows.setdefault(r, {})
        self.sorted_rows = sorted(self.rows)

    def row_items(self, row: int) -> list[tuple[int, Any]]:
        cols = self.rows.get(row)
        if not cols:
            return []
        return sorted(cols.items())


def _area_end(used: list[int], gap: int) -> int:
    end = 0
    for i in used:
        if i - end > gap + 1:
            break
        end = i
    return end


def _parse_date(text: str, where: Where) -> _dt.date:
    m = re.match(r"^\s*(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?\s*$", text)
    if not m:
        raise InputError(f"日期格式无法识别：“{text}”（请写成 2023-10-24 或 2023年10月24日）", where)
    try:
        return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise InputError(f"日期不存在：“{text}”", where) from None


class WorkbookReader:
    """Reads one workbook against a :class:`~reportgen.workbook.schema.WorkbookSchema`."""

    def __init__(self, path: Path, schema: S.WorkbookSchema, unit: str = "万元",
                 display_name: str | None = None):
        self.path = Path(path)
        self.schema = schema
        self.unit = unit
        self.display_name = display_name or self.path.name
        self.findings = Findings()

    # -- opening -------------------------------------------------------------------------
    def _open(self):
        import openpyxl

        where = Where(self.display_name)
        if not self.path.exists():
            raise InputError(f"找不到输入工作簿：{self.path}", where)
        if self.path.is_dir():
            raise InputError(f"输入工作簿 {self.path} 是一个文件夹，不是 Excel 文件", where)
        if not self.path.is_file():      # a pipe or a device would block or never end
            raise InputError(f"输入工作簿 {self.path} 不是一个普通文件，不是 Excel 文件", where)
        suffix = self.path.suffix.lower()
        if suffix == ".csv":
            raise InputError(_CSV_HINT, where)
        if suffix not in (".xlsx", ".xlsm"):
            raise InputError(
                f"输入工作簿应为 .xlsx 格式（现为“{self.path.suffix}”）。"
                "如果是 .xls 或 .et，请在 Excel/WPS 中“另存为 Excel 工作簿(*.xlsx)”",
                where,
            )
        try:
            with open(self.path, "rb") as f:
                head = f.read(4096)
                ole = head.startswith(_OLE_MAGIC)
                data = head + f.read(64 * 1024 * 1024) if ole else head
        except PermissionError:
            raise InputError(_NO_ACCESS, where) from None
        except OSError as exc:
            raise InputError(f"无法读取工作簿：{exc.strerror or exc.__class__.__name__}", where) from None
        if ole:
            if "EncryptionInfo".encode("utf-16-le") in data:
                raise InputError(
                    "工作簿设置了打开密码（已加密），reportgen 无法读取。请在 Excel/WPS 中打开它，"
                    "去掉密码（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码）后另存为 .xlsx",
                    where,
                )
            raise InputError(
                "这是旧版 Excel 97-2003 格式（.xls）的文件，只是扩展名为 .xlsx。"
                "请在 Excel 中打开后“另存为 Excel 工作簿(*.xlsx)”",
                where,
            )
        if not head.startswith(b"PK"):
            if _looks_like_text(head):
                raise InputError(_CSV_HINT, where)
            raise InputError("无法打开工作簿（文件已损坏，或不是 Excel 文件）。请在 Excel 中打开确认，"
                             "或换用备份的文件", where)
        try:
            with zipfile.ZipFile(self.path) as z:
                names = set(z.namelist())
        except PermissionError:
            raise InputError(_NO_ACCESS, where) from None
        except (zipfile.BadZipFile, OSError, EOFError):
            raise InputError("无法打开工作簿（文件已损坏，或不是 Excel 文件）。请在 Excel 中打开确认，"
                             "或换用备份的文件", where) from None
        if "xl/workbook.xml" not in names:
            what = "一个 Word 文档" if "word/document.xml" in names else "一个压缩包"
            raise InputError(f"这是{what}，不是 Excel 工作簿。请在项目文件的 workbook 中写输入工作簿（.xlsx）的文件名",
                             where)
        try:
            book = openpyxl.load_workbook(self.path, data_only=True, read_only=True)
            try:
                from openpyxl.worksheet._read_only import ReadOnlyWorksheet

                sheetnames = list(book.sheetnames)
                sheets = {}
                for title in self._wanted(sheetnames):
                    ws = book[title]
                    sheets[title] = _read_sheet(book, ws) if isinstance(ws, ReadOnlyWorksheet) else _Sheet(title)
            finally:
                book.close()
        except PermissionError:
            raise InputError(_NO_ACCESS, where) from None
        except (zipfile.BadZipFile, KeyError, EOFError, zipfile.LargeZipFile) as exc:
            raise InputError(
                f"无法打开工作簿（文件已损坏，或不是 Excel 文件：{exc.__class__.__name__}）。"
                "请在 Excel 中打开确认，或换用备份的文件",
                where,
            ) from None
        except Exception as exc:  # noqa: BLE001 - openpyxl raises assorted errors on malformed files
            sheet, detail = _broken_part(self.path)
            if sheet:
                raise InputError(
                    f"工作表“{sheet}”的内容无法解析（{detail}），文件可能已损坏。"
                    "请在 Excel 中打开该工作簿，检查这张表后另存为新的 .xlsx 再运行",
                    Where(self.display_name, sheet),
                ) from None
            raise InputError(
                f"无法打开工作簿（文件已损坏，或不是 Excel 文件：{exc.__class__.__name__}）。"
                "请在 Excel 中打开确认，或另存为新的 .xlsx 后再运行",
                where,
            ) from None
        return sheetnames, sheets

    def _sheet_map(self, sheetnames: list[str]) -> dict[str, str]:
        names = {norm(n): n for n in sheetnames}
        # a sheet numbered as the district numbers its tables (“表7 财政拨款“三公”…”) is read by its content
        for n in sheetnames:
            names.setdefault(norm(re.sub(r"^\s*表\s*\d+\s*", "", n)), n)
        return names

    @staticmethod
    def _actual(sheet, names: dict[str, str]) -> str | None:
        """The workbook's name of a schema sheet (any of its names, by content), or None."""
        return next((names[norm(n)] for n in sheet.names if norm(n) in names), None)

    def _wanted(self, sheetnames: list[str]) -> list[str]:
        """The sheets the schema reads (the others are not parsed)."""
        names = self._sheet_map(sheetnames)
        found = (self._actual(sheet, names) for sheet in self.schema.sheets)
        return list(dict.fromkeys(a for a in found if a is not None))

    def _check_names(self, sheetnames: list[str]) -> None:
        """Two sheets whose names differ only in spaces would both match one table: refuse."""
        claimed = {norm(n) for s in self.schema.sheets for n in s.names}
        seen: dict[str, str] = {}
        for name in sheetnames:
            key = norm(name)
            if key in seen and key in claimed:
                raise InputError(
                    f"有两张工作表“{seen[key]}”和“{name}”的名称只差空格，无法确定读取哪一张。"
                    "请删除或改名其中多余的一张",
                    Where(self.display_name),
                )
            seen.setdefault(key, name)

    def read(self) -> WorkbookData:
        sheetnames, sheets = self._open()
        self._check_names(sheetnames)
        names = self._sheet_map(sheetnames)
        data: dict[str, Any] = {}
        for sheet in self.schema.sheets:
            actual = self._actual(sheet, names)
            if actual is None:
                if sheet.required:
                    hint = _renamed(sheet, self.schema, sheetnames)
                    raise InputError(
                        f"缺少工作表“{sheet.content_name}”。"
                        + (f"工作表“{hint}”是否就是它？如是，请改回原名“{sheet.content_name}”。" if hint else "")
                        + f"工作簿中现有：{'、'.join(sheetnames)}。"
                        "请不要改动工作表名称（可用 reportgen init 生成空白模板对照）",
                        Where(self.display_name),
                    )
                data[sheet.name] = _empty(sheet)
                continue
            ws = sheets[actual]
            ctx = _Ctx(self, ws, ws.formulas, actual)
            data[sheet.name] = _READERS[type(sheet)](ctx, sheet)
        return WorkbookData(self.path, data, self.findings)


class _Cell:
    """A cell as the reader uses it: openpyxl's value (the saved result) and data type."""

    __slots__ = ("value", "data_type")

    def __init__(self, value, data_type):
        self.value, self.data_type = value, data_type


class _Sheet:
    """What the reader uses of a worksheet (its cells' values and data types, merged ranges, hidden
    rows and columns, the formulas), as a full openpyxl load would give it.

    openpyxl's full load (``load_workbook``) parses every sheet, makes a cell object with its style
    for every ``<c>`` (empty styled cells included) and gives each merged range its borders; and
    the formula text needs a second load.  Here openpyxl's read-only mode lists the sheets (with the
    shared strings, styles and date formats) and openpyxl's own sheet parser reads only the sheets
    the schema reads, once: the cached value of each cell and, where a cell has a formula, its text
    as a ``data_only=False`` load gives it (shared formulas translated to the cell).  Cells inside a
    merged range (but its first) hold nothing, as openpyxl's MergedCell; row and column dimensions
    are openpyxl's own objects."""

    def __init__(self, title: str):
        from openpyxl.worksheet.cell_range import MultiCellRange

        self.title = title
        self._cells: dict[tuple[int, int], _Cell] = {}
        self.formulas: dict[tuple[int, int], Any] = {}
        self.row_dimensions: dict[int, Any] = {}
        self.column_dimensions: dict[str, Any] = {}
        self.merged_cells = MultiCellRange()


def _sheet_parser():
    from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

    class _Parser(WorkSheetParser):
        def parse_cell(self, element):
            cell = super().parse_cell(element)           # data_only: the saved result
            if element.find(FORMULA_TAG) is not None:     # every formula, in order (shared ones refer back)
                cell["formula"] = self.parse_formula(element)
            return cell

    return _Parser


def _read_sheet(book, ws) -> _Sheet:
    """One worksheet of a read-only ``book``, bound as openpyxl's full load binds it."""
    from openpyxl.worksheet.cell_range import CellRange, MultiCellRange
    from openpyxl.worksheet.dimensions import ColumnDimension, RowDimension

    sheet = _Sheet(ws.title)
    styles = book._cell_styles
    with ws._get_source() as src:
        parser = _sheet_parser()(src, ws._shared_strings, data_only=True, epoch=book.epoch,
                                 date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)
        parsed: dict[tuple[int, int], dict] = {}
        for _, row in parser.parse():
            for cell in row:
                styles[cell["style_id"]]                  # an unknown style fails as in a full load
                parsed[(cell["row"], cell["column"])] = cell  # a later <c> of the same cell replaces it
    ranges = [CellRange(m.ref) for m in parser.merged_cells.mergeCell] if parser.merged_cells else []
    inside: set[tuple[int, int]] = set()
    for rng in ranges:
        cells = rng.cells
        next(cells)                                       # the first cell keeps its value
        inside.update(cells)
    sheet.merged_cells = MultiCellRange(ranges)
    for key, cell in parsed.items():
        if key in inside:
            continue
        sheet._cells[key] = _Cell(cell["value"], cell["data_type"])
        if "formula" in cell:
            sheet.formulas[key] = cell["formula"]
    for col, cd in parser.column_dimensions.items():
        if "style" in cd:
            cd["style"] = styles[int(cd["style"])]
        sheet.column_dimensions[col] = ColumnDimension(sheet, **cd)
    for row, rd in parser.row_dimensions.items():
        if "s" in rd:
            rd["s"] = styles[int(rd["s"])]
        sheet.row_dimensions[int(row)] = RowDimension(sheet, **rd)
    return sheet


_OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")   # OLE2: .xls, and an encrypted .xlsx
_NO_ACCESS = ("无法读取工作簿：没有读取权限，或文件正被其他程序占用（如正在 Excel 中保存）。"
              "请关闭占用它的程序或检查文件权限后重新运行")
_CSV_HINT = ("这是一个文本（CSV）文件，不是 Excel 工作簿。请在 Excel/WPS 中打开它，"
             "“另存为 Excel 工作簿(*.xlsx)”，并在项目文件的 workbook 中写 .xlsx 文件名")


def _looks_like_text(head: bytes) -> bool:
    """True for a CSV or other text file (UTF-8 or GBK, no control characters but tab/newline)."""
    if not head or any(b < 9 or 13 < b < 32 for b in head if b != 27):
        return False
    for enc in ("utf-8", "gb18030"):
        try:
            head.decode(enc)
            return True
        except UnicodeDecodeError:
            # the 4 KB cut may split a character
            try:
                head[:-3].decode(enc)
                return True
            except UnicodeDecodeError:
                continue
    return False


def _broken_part(path: Path) -> tuple[str | None, str]:
    """The sheet whose XML cannot be parsed, and the parser's line/column, or (None, "")."""
    from lxml import etree

    try:
        with zipfile.ZipFile(path) as z:
            ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                  "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
            rels = etree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
            targets = {r.get("Id"): r.get("Target") for r in rels}
            book = etree.fromstring(z.read("xl/workbook.xml"))
            for sheet in book.iterfind("m:sheets/m:sheet", ns):
                target = targets.get(sheet.get(f"{{{ns['r']}}}id"), "")
                part = target.lstrip("/") if target.startswith("/") else "xl/" + target
                try:
                    etree.fromstring(z.read(part))
                except etree.XMLSyntaxError as exc:
                    line, col = exc.position if exc.position else (0, 0)
                    return sheet.get("name"), f"XML 格式错误，位于 {part} 第{line}行第{col}列"
                except KeyError:
                    return sheet.get("name"), f"文件中缺少 {part}"
    except (OSError, KeyError, zipfile.BadZipFile, etree.XMLSyntaxError):
        return None, ""
    return None, ""


def _renamed(sheet: S.Sheet, schema: S.WorkbookSchema, present: list[str]) -> str | None:
    """A sheet of the workbook that no schema sheet claims and whose name is close to ``sheet``'s."""
    import difflib

    claimed = {norm(n) for s in schema.sheets for n in s.names}
    strays = [n for n in present if norm(n) not in claimed and norm(n) != "填报说明"]
    by_norm = {norm(n): n for n in strays}
    for n in sheet.names:
        near = difflib.get_close_matches(norm(n), list(by_norm), n=1, cutoff=0.5)
        if near:
            return by_norm[near[0]]
    return None


def _empty(sheet: S.Sheet):
    if isinstance(sheet, S.FuncTableSheet):
        return FuncTableData(present=False)
    if isinstance(sheet, S.FixedTableSheet):
        return FixedTableData(present=False)
    if isinstance(sheet, S.EconTableSheet):
        return EconTableData(present=False)
    if isinstance(sheet, S.RowTableSheet):
        return RowTableData(present=False)
    if isinstance(sheet, S.KVSheet):      # every field blank, as _read_kv leaves a row not there
        return KVData(values={f.key: Cell(None, Where()) for f in sheet.fields}, present=False)
    return ListData(present=False)


# -- shape readers ---------------------------------------------------------------------------

def _merged_in(ctx: _Ctx, first_row: int) -> None:
    for rng in ctx.ws.merged_cells.ranges:
        if first_row <= rng.min_row <= ctx.max_row and rng.min_col <= ctx.max_column:
            raise InputError(
                f"数据区域内有合并单元格（{rng.coord}）。合并单元格会使数据错位，请取消合并，每格只填一个值",
                Where(ctx.r.display_name, ctx.sheet, rng.coord),
            )


def _blank(v) -> bool:
    return v is None or v == ""


def _code_text(ctx: _Ctx, v, row: int, col: int, pattern: re.Pattern) -> str:
    """A code cell as text; a number with decimals that would pass for a code is refused."""
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if v.is_integer():
            return str(int(v))
        if math.isfinite(v) and pattern.match(str(int(v))) and ctx.is_code_column(col):
            raise InputError(f"科目编码应为整数，单元格内容为 {v}", ctx.where(row, col))
        return str(v)
    return norm(v)


def _find_column_numbers(ctx: _Ctx, count: int, least: int | None = None) -> tuple[int, dict[int, int]]:
    """Find the 栏次 row: the row where the integers 1…count stand left to right.

    Returns (row, {栏次 number: sheet column}).  Works for the published layouts, where the
    numbers may stand in the same row as the word 栏次 or in the row above it.  With ``least``, a
    row numbered 1…least (a workbook made before the optional last columns were added) is accepted
    too: the missing columns are read as blank.
    """
    for row in ctx.rows(1, 40):
        found = _numbers_in(ctx, row, count)
        for k in dict.fromkeys((count, least or count)):
            mine = {n: c for n, c in found.items() if n <= k}
            if len(mine) == k and sorted(mine, key=mine.get) == list(range(1, k + 1)):
                return row, mine
    raise InputError(
        f"找不到“栏次”行（从左到右依次为 1 到 {count} 的一行）。请保留表头中的栏次行，"
        "不要删除或合并它",
        Where(ctx.r.display_name, ctx.sheet),
    )


def _numbers_in(ctx: _Ctx, row: int, count: int) -> dict[int, int]:
    """{n: column} of the first occurrence of each integer 1…count in the row."""
    found: dict[int, int] = {}
    for col, v in ctx.cells(row):
        if isinstance(v, bool):
            continue
        if isinstance(v, (int, float)) and math.isfinite(v) and float(v).is_integer():
            n = int(v)
        elif isinstance(v, str) and v.strip().isdigit():
            n = int(v.strip())
        else:
            continue
        if 1 <= n <= count and n not in found:
            found[n] = col
    return found


def _header_end(ctx: _Ctx, numbers_row: int) -> int:
    """The last header row: the 栏次 number row, or the row holding the word 栏次 if below it."""
    end = numbers_row
    for row in ctx.rows(numbers_row, numbers_row + 3):
        if any(norm(v) == "栏次" for _, v in ctx.cells(row)):
            end = row
    return end


def _read_func(ctx: _Ctx, sheet: S.FuncTableSheet) -> FuncTableData:
    n = len(sheet.columns)
    row_no, colmap = _find_column_numbers(ctx, n, n - sum(1 for c in sheet.columns if c.optional))
    first = _header_end(ctx, row_no) + 1
    first_amount_col = min(colmap.values())
    ctx.is_code_column = lambda col: col < first_amount_col
    _merged_in(ctx, first)
    out = FuncTableData()
    seen: dict[str, Where] = {}
    for row in ctx.rows(first):
        ctx.check_row_usable(row, ctx.max_column)
        code = None
        name = None
        code_col = None
        for col, v in ctx.cells(row, 1, first_amount_col - 1):
            s = _code_text(ctx, v, row, col, _FUNC_CODE)
            if code is None and _FUNC_CODE.match(s):
                code, code_col = s, col
            elif s and name is None and not _FUNC_CODE.match(s):
                name = str(v).strip()
        amounts = {k: ctx.where(row, c) for k, c in colmap.items()}
        has_amount = any(not _blank(ctx.value(row, c)) for c in colmap.values())
        label = norm(name)
        if code is None and label in ("合计", "总计"):
            rowdata = FuncRowData("", "合计", ctx.where(row, 1))
            for k, c in colmap.items():
                rowdata.values[k] = Cell(ctx.money(row, c, label=f"合计第{k}栏", exact=True), amounts[k])
            out.total = rowdata
            continue
        if code is None:
            if has_amount:
                raise InputError(
                    f"此行有金额但没有功能分类科目编码（{name or '无科目名称'}）。请在编码列填写 3、5 或 7 位科目编码",
                    ctx.where(row, 1),
                )
            if label and not label.startswith("注") and label not in ("合计", "栏次"):
                # stray text below the table (notes) ends the data area
                if label.startswith(("注", "说明", "备注")):
                    break
            continue
        where = ctx.where(row, code_col)
        if code in seen:
            raise InputError(f"科目编码 {code} 重复出现（另见 {seen[code].short()}），同一科目只能填写一行", where)
        seen[code] = where
        rowdata = FuncRowData(code, name or "", where)
        for k, c in colmap.items():
            rowdata.values[k] = Cell(ctx.money(row, c, label=f"{code} 第{k}栏", exact=True), amounts[k])
        out.rows.append(rowdata)
    return out


def _read_fixed(ctx: _Ctx, sheet: S.FixedTableSheet) -> FixedTableData:
    n = len(sheet.left_columns) + len(sheet.right_columns)
    row_no, colmap = _find_column_numbers(ctx, n)
    first = _header_end(ctx, row_no) + 1
    _merged_in(ctx, first)
    # each 栏次 column belongs to the nearest 行次 column on its left
    hangci_cols = []
    for r in ctx.rows(1, first - 1):
        for c, v in ctx.cells(r):
            if norm(v) == "行次" and c not in hangci_cols:
                hangci_cols.append(c)
    hangci_cols.sort()
    if not hangci_cols:
        raise InputError("找不到“行次”列。请保留表头中的行次列", Where(ctx.r.display_name, ctx.sheet))
    out = FixedTableData()
    for row in ctx.rows(first):
        ctx.check_row_usable(row, ctx.max_column)
        for k, c in colmap.items():
            owner = max((h for h in hangci_cols if h < c), default=None)
            if owner is None:
                continue
            hv = ctx.value(row, owner)
            try:
                hangci = int(str(hv).strip()) if not _blank(hv) else None
            except ValueError:
                hangci = None
            if hangci is None:
                if not _blank(ctx.value(row, c)):
                    raise InputError("此格有金额，但同一行没有行次号", ctx.where(row, c))
                continue
            ctx_label = f"{hangci}行第{k}栏"
            out.values[(hangci, k)] = Cell(ctx.money(row, c, label=ctx_label), ctx.where(row, c))
    return out


def _read_econ(ctx: _Ctx, sheet: S.EconTableSheet) -> EconTableData:
    out = EconTableData()
    header_rows = 0
    for row in ctx.rows(1, 15):
        if any(_ECON_CODE.match(norm(v)) for _, v in ctx.cells(row)):
            header_rows = row - 1
            break
    _merged_in(ctx, header_rows + 1)
    # codes stand in the columns headed …编码: an amount such as 350.00 or 30,150.00 in a 决算数
    # column must never be taken for a code (without such a header, only whole numbers are codes)
    code_cols = {c for r in ctx.rows(1, header_rows) for c, v in ctx.cells(r) if "编码" in norm(v)}
    ctx.is_code_column = lambda col: col in code_cols
    for row in ctx.rows(header_rows + 1):
        ctx.check_row_usable(row, ctx.max_column)
        for col, v in ctx.cells(row):
            s = _code_text(ctx, v, row, col, _ECON_CODE)
            maybe_code = (col in code_cols) if code_cols else not (isinstance(v, float) and not v.is_integer())
            if maybe_code and _ECON_CODE.match(s):
                where = ctx.where(row, col)
                if s in out.entries:
                    raise InputError(f"经济分类科目编码 {s} 重复出现（另见 {out.entries[s][1].where.short()}）", where)
                name = ctx.text(row, col + 1) or ""
                amount = ctx.money(row, col + 2, label=f"{s} {name}决算数", exact=True)
                out.entries[s] = (name, Cell(amount, ctx.where(row, col + 2)))
            elif s in ("人员经费合计", "公用经费合计"):
                # the amount is the first non-empty cell to the right, if it is a number
                for c2, v2 in ctx.cells(row, col + 1):
                    if isinstance(v2, str) and not re.search(r"\d", v2):
                        break
                    out.totals[s] = Cell(ctx.money(row, c2, label=s), ctx.where(row, c2))
                    break
    return out


def _read_row(ctx: _Ctx, sheet: S.RowTableSheet) -> RowTableData:
    n = len(sheet.columns)
    row_no, colmap = _find_column_numbers(ctx, n)
    out = RowTableData()
    data_row = None
    for row in ctx.rows(row_no + 1):
        if any(not _blank(ctx.value(row, c)) for c in colmap.values()):
            data_row = row
            break
    if data_row is None:
        data_row = row_no + 1
    ctx.check_row_usable(data_row, ctx.max_column)
    for k, c in colmap.items():
        col = sheet.columns[k - 1]
        out.values[k] = Cell(ctx.money(data_row, c, label=col.label), ctx.where(data_row, c))
    return out


def _read_kv(ctx: _Ctx, sheet: S.KVSheet) -> KVData:
    out = KVData(where=Where(ctx.r.display_name, ctx.sheet))
    wanted = {norm(label): f for f in sheet.fields for label in f.labels}
    # label in column A, value in column B (the header row, if any, is skipped by label match)
    for row in ctx.rows():
        label = norm(ctx.value(row, 1))
        f = wanted.get(label)
        if f is None:
            continue
        ctx.check_row_usable(row, 2)
        if f.key in out.values:
            raise InputError(f"“{f.label}”填写了两次（另见 {out.values[f.key].where.short()}）", ctx.where(row, 1))
        out.values[f.key] = ctx.convert(f, row, 2)
    for f in sheet.fields:
        if f.key not in out.values:
            if f.required:
                raise InputError(f"缺少“{f.label}”这一行（A 列写项目名称，B 列写数值）", out.where)
            out.values[f.key] = Cell(None, out.where)
        elif f.required and out.values[f.key].value is None:
            raise InputError(f"“{f.label}”不能为空", out.values[f.key].where)
    return out


def _read_list(ctx: _Ctx, sheet: S.ListSheet) -> ListData:
    out = ListData(where=Where(ctx.r.display_name, ctx.sheet))
    # header row: the first row in which the first column's label appears
    first_labels = {norm(label) for label in sheet.columns[0].labels}
    header_row = None
    for row in ctx.rows(1, 10):
        if any(norm(v) in first_labels for _, v in ctx.cells(row)):
            header_row = row
            break
    if header_row is None:
        raise InputError(
            f"找不到表头行（应有“{sheet.columns[0].label}”等列名）", out.where,
        )
    colmap: dict[str, int] = {}
    header_labels: dict[str, int] = {}
    for c, v in ctx.cells(header_row):
        header_labels[norm(v)] = c
    for f in sheet.columns:
        col = next((header_labels[norm(label)] for label in f.labels if norm(label) in header_labels), None)
        if col is None:
            if f.required:
                raise InputError(
                    f"表头缺少“{f.label}”列（现有列：{'、'.join(k for k in header_labels if k)}）",
                    Where(ctx.r.display_name, ctx.sheet, f"第{header_row}行"),
                )
            continue
        colmap[f.key] = col
    _merged_in(ctx, header_row + 1)
    for row in ctx.rows(header_row + 1):
        if all(_blank(ctx.value(row, c)) for c in colmap.values()):
            continue
        ctx.check_row_usable(row, ctx.max_column)
        values = {f.key: ctx.convert(f, row, colmap[f.key]) for f in sheet.columns if f.key in colmap}
        rec = Record(values, Where(ctx.r.display_name, ctx.sheet, f"第{row}行"))
        for f in sheet.columns:
            if f.key not in values:
                values[f.key] = Cell(None, rec.where)
            elif f.required and values[f.key].value is None:
                raise InputError(f"“{f.label}”不能为空", values[f.key].where)
        out.records.append(rec)
    return out


_READERS = {
    S.FuncTableSheet: _read_func,
    S.FixedTableSheet: _read_fixed,
    S.EconTableSheet: _read_econ,
    S.RowTableSheet: _read_row,
    S.KVSheet: _read_kv,
    S.ListSheet: _read_list,
}
