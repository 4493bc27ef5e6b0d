"""Read the input workbook into plain values, each carrying the sheet and cell it came from.

The reader never writes the workbook (it is opened read-only) and never guesses silently:
numbers typed as text are accepted in clear forms (``1,234.56``, full-width digits, stray
spaces) with a warning, anything else (``12万``, ``约5``) is an error naming the cell.
Formula cells without a cached value, merged cells and hidden rows inside a data area are
reported with what to do about them.
"""
from __future__ import annotations

import datetime as _dt
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
    """Per-sheet reading context: converts raw cell values and records warnings."""

    def __init__(self, reader: "WorkbookReader", ws_values, ws_formulas, sheet_name: str):
        self.r = reader
        self.ws = ws_values
        self.wf = ws_formulas
        self.sheet = sheet_name

    def where(self, row: int, col: int) -> Where:
        from openpyxl.utils import get_column_letter

        return Where(self.r.display_name, self.sheet, f"{get_column_letter(col)}{row}")

    def raw(self, row: int, col: int):
        value = self.ws.cell(row=row, column=col).value
        if value is None and self.wf is not None:
            formula = self.wf.cell(row=row, column=col).value
            if isinstance(formula, str) and formula.startswith("="):
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
            if exact:
                return num
        return q2(num)

    def text(self, row: int, col: int) -> str | None:
        value = self.raw(row, col)
        if value is None:
            return None
        if isinstance(value, float) and value == int(value):
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
                value = str(int(raw)) if isinstance(raw, (int, float)) else norm(raw)
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
        """Hidden rows and merged cells inside a data area hide or distort figures: refuse them."""
        dim = self.ws.row_dimensions.get(row) if hasattr(self.ws.row_dimensions, "get") else None
        if dim is not None and dim.hidden:
            if any(self.ws.cell(row=row, column=c).value not in (None, "") for c in range(1, max_col + 1)):
                raise InputError(
                    "此行被隐藏，但行内有数据。隐藏的数据容易漏看漏改，请取消隐藏后核对再运行",
                    Where(self.r.display_name, self.sheet, f"第{row}行"),
                )


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

        if not self.path.exists():
            raise InputError(f"找不到输入工作簿：{self.path}", Where(self.display_name))
        if self.path.suffix.lower() not in (".xlsx", ".xlsm"):
            raise InputError(
                f"输入工作簿应为 .xlsx 格式（现为“{self.path.suffix}”）。"
                "如果是 .xls 或 .et，请在 Excel/WPS 中“另存为 Excel 工作簿(*.xlsx)”",
                Where(self.display_name),
            )
        try:
            values = openpyxl.load_workbook(self.path, data_only=True, read_only=False)
            formulas = openpyxl.load_workbook(self.path, data_only=False, read_only=False)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
            raise InputError(
                f"无法打开工作簿（文件已损坏，或不是 Excel 文件）：{exc.__class__.__name__}",
                Where(self.display_name),
            ) from None
        except Exception as exc:  # openpyxl raises assorted errors on malformed files
            raise InputError(f"无法读取工作簿：{exc}", Where(self.display_name)) from None
        return values, formulas

    def read(self) -> WorkbookData:
        wb_values, wb_formulas = self._open()
        names = {norm(n): n for n in wb_values.sheetnames}
        # a sheet numbered as the district numbers its tables (“表7 财政拨款“三公”…”) is read by its content
        for n in wb_values.sheetnames:
            names.setdefault(norm(re.sub(r"^\s*表\s*\d+\s*", "", n)), n)
        data: dict[str, Any] = {}
        for sheet in self.schema.sheets:
            actual = next((names[norm(n)] for n in sheet.names if norm(n) in names), None)
            if actual is None:
                if sheet.required:
                    hint = _renamed(sheet, self.schema, wb_values.sheetnames)
                    raise InputError(
                        f"缺少工作表“{sheet.content_name}”。"
                        + (f"工作表“{hint}”是否就是它？如是，请改回原名“{sheet.content_name}”。" if hint else "")
                        + f"工作簿中现有：{'、'.join(wb_values.sheetnames)}。"
                        "请不要改动工作表名称（可用 reportgen init 生成空白模板对照）",
                        Where(self.display_name),
                    )
                data[sheet.name] = _empty(sheet)
                continue
            ctx = _Ctx(self, wb_values[actual], wb_formulas[actual], actual)
            data[sheet.name] = _READERS[type(sheet)](ctx, sheet)
        return WorkbookData(self.path, data, self.findings)


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
    if isinstance(sheet, S.KVSheet):
        return KVData(present=False)
    return ListData(present=False)


# -- shape readers ---------------------------------------------------------------------------

def _merged_in(ctx: _Ctx, first_row: int) -> None:
    for rng in ctx.ws.merged_cells.ranges:
        if rng.min_row >= first_row:
            raise InputError(
                f"数据区域内有合并单元格（{rng.coord}）。合并单元格会使数据错位，请取消合并，每格只填一个值",
                Where(ctx.r.display_name, ctx.sheet, rng.coord),
            )


def _find_column_numbers(ctx: _Ctx, count: int) -> tuple[int, dict[int, int]]:
    """Find the 栏次 row: the row where the integers 1…count stand left to right.

    Returns (row, {栏次 number: sheet column}).  Works for the published layouts, where the
    numbers may stand in the same row as the word 栏次 or in the row above it.
    """
    max_row = min(ctx.ws.max_row, 40)
    for row in range(1, max_row + 1):
        found: dict[int, int] = {}
        for col in range(1, ctx.ws.max_column + 1):
            v = ctx.ws.cell(row=row, column=col).value
            if isinstance(v, bool):
                continue
            if isinstance(v, (int, float)) and float(v).is_integer():
                n = int(v)
            elif isinstance(v, str) and v.strip().isdigit():
                n = int(v.strip())
            else:
                continue
            if 1 <= n <= count and n not in found:
                found[n] = col
        if len(found) == count and sorted(found, key=found.get) == list(range(1, count + 1)):
            return row, found
    raise InputError(
        f"找不到“栏次”行（从左到右依次为 1 到 {count} 的一行）。请保留表头中的栏次行，"
        "不要删除或合并它",
        Where(ctx.r.display_name, ctx.sheet),
    )


def _header_end(ctx: _Ctx, numbers_row: int) -> int:
    """The last header row: the 栏次 number row, or the row holding the word 栏次 if below it."""
    end = numbers_row
    for row in range(numbers_row, min(numbers_row + 3, ctx.ws.max_row) + 1):
        if any(norm(ctx.ws.cell(row=row, column=c).value) == "栏次" for c in range(1, ctx.ws.max_column + 1)):
            end = row
    return end


def _read_func(ctx: _Ctx, sheet: S.FuncTableSheet) -> FuncTableData:
    n = len(sheet.columns)
    row_no, colmap = _find_column_numbers(ctx, n)
    first = _header_end(ctx, row_no) + 1
    first_amount_col = min(colmap.values())
    _merged_in(ctx, first)
    out = FuncTableData()
    seen: dict[str, Where] = {}
    for row in range(first, ctx.ws.max_row + 1):
        ctx.check_row_usable(row, ctx.ws.max_column)
        code = None
        name = None
        code_col = None
        for col in range(1, first_amount_col):
            v = ctx.ws.cell(row=row, column=col).value
            if v is None:
                continue
            s = str(int(v)) if isinstance(v, (int, float)) and not isinstance(v, bool) else norm(v)
            if code is None and _FUNC_CODE.match(s):
                code, code_col = s, col
            elif s and name is None and not _FUNC_CODE.match(s):
                name = str(v).strip()
        amounts = {k: ctx.where(row, c) for k, c in colmap.items()}
        has_amount = any(ctx.ws.cell(row=row, column=c).value not in (None, "") for c in colmap.values())
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
    for r in range(1, first):
        for c in range(1, ctx.ws.max_column + 1):
            if norm(ctx.ws.cell(row=r, column=c).value) == "行次" and c not in hangci_cols:
                hangci_cols.append(c)
    hangci_cols.sort()
    if not hangci_cols:
        raise InputError("找不到“行次”列。请保留表头中的行次列", Where(ctx.r.display_name, ctx.sheet))
    out = FixedTableData()
    for row in range(first, ctx.ws.max_row + 1):
        ctx.check_row_usable(row, ctx.ws.max_column)
        for k, c in colmap.items():
            owner = max((h for h in hangci_cols if h < c), default=None)
            if owner is None:
                continue
            hv = ctx.ws.cell(row=row, column=owner).value
            try:
                hangci = int(str(hv).strip()) if hv not in (None, "") else None
            except ValueError:
                hangci = None
            if hangci is None:
                if ctx.ws.cell(row=row, column=c).value not in (None, ""):
                    raise InputError("此格有金额，但同一行没有行次号", ctx.where(row, c))
                continue
            ctx_label = f"{hangci}行第{k}栏"
            out.values[(hangci, k)] = Cell(ctx.money(row, c, label=ctx_label), ctx.where(row, c))
    return out


def _read_econ(ctx: _Ctx, sheet: S.EconTableSheet) -> EconTableData:
    out = EconTableData()
    header_rows = 0
    for row in range(1, min(ctx.ws.max_row, 15) + 1):
        if any(_ECON_CODE.match(norm(ctx.ws.cell(row=row, column=c).value)) for c in range(1, ctx.ws.max_column + 1)):
            header_rows = row - 1
            break
    _merged_in(ctx, header_rows + 1)
    # codes stand in the columns headed …编码: an amount such as 350.00 or 30,150.00 in a 决算数
    # column must never be taken for a code (without such a header, only whole numbers are codes)
    code_cols = {c for r in range(1, header_rows + 1) for c in range(1, ctx.ws.max_column + 1)
                 if "编码" in norm(ctx.ws.cell(row=r, column=c).value)}
    for row in range(header_rows + 1, ctx.ws.max_row + 1):
        ctx.check_row_usable(row, ctx.ws.max_column)
        for col in range(1, ctx.ws.max_column + 1):
            v = ctx.ws.cell(row=row, column=col).value
            s = str(int(v)) if isinstance(v, (int, float)) and not isinstance(v, bool) else norm(v)
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
                for c2 in range(col + 1, ctx.ws.max_column + 1):
                    v2 = ctx.ws.cell(row=row, column=c2).value
                    if v2 in (None, ""):
                        continue
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
    for row in range(row_no + 1, ctx.ws.max_row + 1):
        if any(ctx.ws.cell(row=row, column=c).value not in (None, "") for c in colmap.values()):
            data_row = row
            break
    if data_row is None:
        data_row = row_no + 1
    for k, c in colmap.items():
        col = sheet.columns[k - 1]
        out.values[k] = Cell(ctx.money(data_row, c, label=col.label), ctx.where(data_row, c))
    return out


def _read_kv(ctx: _Ctx, sheet: S.KVSheet) -> KVData:
    out = KVData(where=Where(ctx.r.display_name, ctx.sheet))
    wanted = {norm(label): f for f in sheet.fields for label in f.labels}
    # label in column A, value in column B (the header row, if any, is skipped by label match)
    for row in range(1, ctx.ws.max_row + 1):
        label = norm(ctx.ws.cell(row=row, column=1).value)
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
    for row in range(1, min(ctx.ws.max_row, 10) + 1):
        if any(norm(ctx.ws.cell(row=row, column=c).value) in first_labels for c in range(1, ctx.ws.max_column + 1)):
            header_row = row
            break
    if header_row is None:
        raise InputError(
            f"找不到表头行（应有“{sheet.columns[0].label}”等列名）", out.where,
        )
    colmap: dict[str, int] = {}
    header_labels = {norm(ctx.ws.cell(row=header_row, column=c).value): c for c in range(1, ctx.ws.max_column + 1)}
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
    for row in range(header_row + 1, ctx.ws.max_row + 1):
        if all(ctx.ws.cell(row=row, column=c).value in (None, "") for c in colmap.values()):
            continue
        ctx.check_row_usable(row, ctx.ws.max_column)
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
