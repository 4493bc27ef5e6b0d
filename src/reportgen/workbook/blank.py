"""Write a blank input workbook from a schema (what ``reportgen init`` hands to finance staff).

Made for the people who fill it in:

* a first sheet, 填报说明, says what each sheet is, where its figures come from, the unit, what
  the colours mean and how to regenerate the document;
* every sheet has frozen header rows, column widths that fit its labels, a comment on each header
  explaining the column, and prints one page wide;
* header rows are protected (sheet protection without a password) while the cells to be filled are
  unlocked and marked (yellow = to fill, white = optional, pale blue = filled in automatically);
* data validation: 科目编码 as a drop-down list from the code table (written to the hidden sheet
  ``科目代码``), amounts as decimals (≥ 0 where a negative amount is impossible), counts as whole
  numbers, dates, years and fixed choices (是/否, 项目类型 …) as lists;
* 科目名称 is looked up from the code by a formula, so staff type only codes.

The layout is the one :mod:`reportgen.workbook.reader` reads.  The only formulas written are the
name look-ups; the reader treats a look-up without a cached value as an empty cell (a name is
never needed: the document prints the code table's name).  Nothing here is specific to one
document kind: everything comes from the kind's :class:`~reportgen.workbook.schema.WorkbookSchema`.
"""
from __future__ import annotations

import datetime as _dt
import math
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from . import schema as S

CODE_SHEET = "科目代码"          # hidden sheet: the classification codes of the year (and long choice lists)
CODE_COLUMNS = {"function": ("A", "B"), "economic": ("E", "F")}   # code and name columns in CODE_SHEET
INSTRUCTIONS_SHEET = "填报说明"

INPUT_FILL = PatternFill("solid", fgColor="FFF2B3")     # to fill in
AUTO_FILL = PatternFill("solid", fgColor="E3EEF8")      # filled in automatically (name look-up)
HEAD_FILL = PatternFill("solid", fgColor="D9D9D9")      # protected header
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FONT = Font(name="宋体", bold=True, size=10)
BODY_FONT = Font(name="宋体", size=10)
HELP_FONT = Font(name="宋体", size=9, color="404040")
TITLE_FONT = Font(name="黑体", bold=True, size=14)
WRAP = Alignment(wrap_text=True, vertical="center")
TOP_WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
UNLOCKED = Protection(locked=False)
MONEY_FORMAT = "#,##0.00"
TEXT_FORMAT = "@"
DATE_FORMAT = "yyyy-mm-dd"
DATA_ROWS = 60          # pre-formatted input rows in list and table sheets
MAX_AMOUNT = "1000000000"
LINE_HEIGHT = 13.5      # points per wrapped line at 10 pt


@dataclass(frozen=True)
class BlankInfo:
    """What the 填报说明 sheet says about this particular workbook (all optional)."""

    department: str = ""
    year: int | None = None
    project_file: str = ""        # e.g. "2024.yaml", for the regeneration commands
    unit: str = "万元"
    prefilled: tuple[str, ...] = ()   # sheets filled in by ``init --from``


# -- measuring -------------------------------------------------------------------------------

def text_width(text) -> float:
    """Display width in Excel column units: a CJK character is about two digits wide."""
    if text is None:
        return 0
    width = 0.0
    for ch in str(text):
        width += 2.0 if unicodedata.east_asian_width(ch) in ("W", "F") else 1.05
    return width


def wrapped_lines(text, width: float, scale: float = 0.93) -> int:
    """How many lines ``text`` takes in a wrapping cell ``width`` units wide (explicit breaks kept);
    ``scale`` is the font size relative to 10 pt."""
    if not text:
        return 1
    usable = max(width - 1.5, 4)
    return sum(max(1, math.ceil(text_width(part) * scale / usable)) for part in str(text).split("\n"))


def _height(lines: int) -> float:
    return round(lines * LINE_HEIGHT + 4, 1)


# -- cells -----------------------------------------------------------------------------------

class _Sheet:
    """One worksheet being written: remembers widths so columns can be fitted at the end."""

    def __init__(self, ws, code_counts: dict[str, int]):
        self.ws = ws
        self.code_counts = code_counts            # classification → number of codes in CODE_SHEET
        self.need: dict[int, float] = {}          # column → width its contents need
        self._help: tuple[str, int] = ("", 0)     # the help text of row 2 and the columns it spans

    def want(self, col: int, text, cap: float = 40, floor: float = 0) -> None:
        w = max(min(text_width(text) + 2, cap), floor)
        self.need[col] = max(self.need.get(col, 0), w)

    def head(self, row: int, col: int, text, comment: str = "", measure: bool = True):
        c = self.ws.cell(row=row, column=col, value=text)
        c.font, c.fill, c.alignment, c.border = HEAD_FONT, HEAD_FILL, CENTER, BORDER
        if comment:
            lines = wrapped_lines(comment, 36)
            c.comment = Comment(comment, "reportgen", width=260, height=max(60, 18 * lines + 16))
        if measure and text not in (None, ""):
            self.want(col, text, cap=18)
        return c

    def label(self, row: int, col: int, text, cap: float = 40):
        """A fixed label of the layout (row names, codes of 表6): locked, not an input."""
        c = self.ws.cell(row=row, column=col, value=text)
        c.font, c.border, c.alignment = BODY_FONT, BORDER, WRAP
        if text not in (None, ""):
            self.want(col, text, cap=cap)
        return c

    def cell(self, row: int, col: int, kind: str = S.MONEY, mark: bool = True):
        """A cell staff may type in: unlocked; yellow when it is expected to be filled."""
        c = self.ws.cell(row=row, column=col)
        c.border, c.font, c.protection = BORDER, BODY_FONT, UNLOCKED
        if mark:
            c.fill = INPUT_FILL
        if kind == S.MONEY:
            c.number_format = MONEY_FORMAT
            self.want(col, "1,000,000.00", floor=13)
        elif kind == S.DEC:
            c.number_format = "0.00"
        elif kind == S.CODE:
            c.number_format = TEXT_FORMAT      # typed codes stay text, so they match the list
            self.want(col, "2010301", floor=11)
        elif kind == S.DATE:
            c.number_format = DATE_FORMAT
            self.want(col, "2024-10-24", floor=12)
        elif kind == S.TEXT:
            c.alignment = WRAP
        return c

    def codes_ref(self, classification: str = "function") -> str | None:
        """The range of the drop-down list of codes, or None when no codes were written."""
        n = self.code_counts.get(classification)
        if not n:
            return None
        col = CODE_COLUMNS[classification][0]
        return f"'{CODE_SHEET}'!${col}$2:${col}${n + 1}"

    def name_lookup(self, row: int, col: int, code_col: int, classification: str = "function"):
        """科目名称 from the code typed on its left, looked up in the hidden code sheet."""
        c = self.ws.cell(row=row, column=col)
        c.border, c.font, c.protection, c.fill = BORDER, BODY_FONT, UNLOCKED, AUTO_FILL
        if self.code_counts.get(classification):
            ref = f"${get_column_letter(code_col)}{row}"
            a, b = CODE_COLUMNS[classification]
            c.value = (f'=IF({ref}="","",IFERROR(VLOOKUP({ref}&"",'
                       f"'{CODE_SHEET}'!${a}:${b},2,FALSE),\"\"))")
        self.want(col, "一般公共服务支出一般行政管理事务", cap=34)
        return c

    def title(self, title: str, help_text: str, ncol: int) -> None:
        """Row 1: the sheet title; row 2: what to fill (both merged across the sheet)."""
        ncol = max(ncol, 2)
        self.ws.cell(row=1, column=1, value=title).font = TITLE_FONT
        self.ws.cell(row=1, column=1).alignment = Alignment(vertical="center")
        self.ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncol)
        self.ws.row_dimensions[1].height = 24
        c = self.ws.cell(row=2, column=1, value=help_text or None)
        c.alignment, c.font = TOP_WRAP, HELP_FONT
        self.ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=ncol)
        self._help = (help_text, ncol)

    def finish(self, freeze: str, header_rows: tuple[int, int], widths: dict[int, float] | None = None) -> None:
        ws = self.ws
        for col, w in sorted({**self.need, **(widths or {})}.items()):
            ws.column_dimensions[get_column_letter(col)].width = round(max(w, 6), 1)
        # merged cells never auto-fit: size the help row for the columns it spans, and the header
        # rows for their wrapped labels
        help_text, ncol = self._help
        if help_text:
            total = sum(ws.column_dimensions[get_column_letter(c)].width or 8.43 for c in range(1, ncol + 1))
            ws.row_dimensions[2].height = _height(wrapped_lines(help_text, total, scale=0.8))
        anchors = {(m.min_row, m.min_col) for m in ws.merged_cells.ranges}
        for r in range(header_rows[0], header_rows[1] + 1):
            lines = max((wrapped_lines(c.value, ws.column_dimensions[c.column_letter].width or 8.43)
                         for c in ws[r] if isinstance(c.value, str) and (c.row, c.column) not in anchors),
                        default=1)
            if lines > 1:
                ws.row_dimensions[r].height = _height(lines)
        ws.freeze_panes = freeze
        ws.print_title_rows = f"{header_rows[0]}:{header_rows[1]}"
        _print_setup(ws)
        _protect(ws)

    # -- validation --------------------------------------------------------------------------
    def validate(self, f_or_kind, ref: str, nonnegative: bool = True, label: str = "",
                 classification: str = "function") -> None:
        """Add the data validation that fits a field (or a bare value type) to a range."""
        if isinstance(f_or_kind, S.Field):
            f = f_or_kind
            kind, nonnegative, label, choices = f.type, f.nonnegative, f.label, f.choices
        else:
            kind, choices = f_or_kind, ()
        dv = None
        if choices:
            dv = _choice_validation(self.ws, choices)
        elif kind == S.MONEY:
            lo = "0" if nonnegative else f"-{MAX_AMOUNT}"
            dv = DataValidation(type="decimal", operator="between", formula1=lo, formula2=MAX_AMOUNT,
                                allow_blank=True, showErrorMessage=True, errorTitle="金额",
                                error="请填写数字（两位小数）" + ("，不能为负数" if nonnegative else "")
                                + "，不要写“万”“元”等文字",
                                promptTitle=label[:32] if label else None,
                                prompt="金额，两位小数" if label else None,
                                showInputMessage=bool(label))
        elif kind == S.INT and _is_year(label):
            dv = DataValidation(type="whole", operator="between", formula1="2000", formula2="2100",
                                allow_blank=True, showErrorMessage=True, errorTitle="年份",
                                error="请填写四位年份，如 2024")
        elif kind == S.INT:
            dv = DataValidation(type="whole", operator="between", formula1="0", formula2="100000000",
                                allow_blank=True, showErrorMessage=True, errorTitle="数量",
                                error="请填写不小于 0 的整数")
        elif kind == S.DEC:
            dv = DataValidation(type="decimal", operator="between", formula1="0", formula2="100000",
                                allow_blank=True, showErrorMessage=True, errorTitle="数值",
                                error="请填写不小于 0 的数字（如 19.5）")
        elif kind == S.DATE:
            dv = DataValidation(type="date", operator="between", formula1="36526", formula2="73050",
                                allow_blank=True, showErrorMessage=True, errorTitle="日期",
                                error="请填写日期，如 2024-10-24")
        elif kind == S.CODE and self.codes_ref(classification):
            dv = DataValidation(type="list", formula1=self.codes_ref(classification), allow_blank=True,
                                showErrorMessage=True, errorStyle="warning", errorTitle="科目编码",
                                error="该编码不在本年度科目代码表中。请核对；确属新增科目可选“是”保留，"
                                      "并在项目文件 codes: 中补充代码表")
        if dv is not None:
            dv.add(ref)
            self.ws.add_data_validation(dv)


def _is_year(label: str) -> bool:
    return label.endswith(("年度", "年份")) or label in ("年度", "年份", "年")


def _choice_validation(ws, choices) -> DataValidation:
    text = ",".join(choices)
    if len(text) <= 250 and not any("," in c or '"' in c for c in choices):
        formula = f'"{text}"'
    else:
        # too long for an inline list (Excel's limit is 255 characters): a hidden list sheet
        formula = _list_range(ws.parent, choices)
    return DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True,
                          errorTitle="请从列表中选择", error="请从下拉列表中选择：" + "、".join(choices)[:200])


def _list_range(wb, choices) -> str:
    ws = wb[CODE_SHEET] if CODE_SHEET in wb.sheetnames else _code_sheet(wb, {})
    col = max(ws.max_column + 2, 9)
    ws.cell(row=1, column=col, value="选项").font = HEAD_FONT
    for r, choice in enumerate(choices, start=2):
        ws.cell(row=r, column=col, value=choice)
    letter = get_column_letter(col)
    return f"'{CODE_SHEET}'!${letter}$2:${letter}${len(choices) + 1}"


def _print_setup(ws) -> None:
    """Landscape A4, one page wide (very wide input lists: as many pages as keep the text legible)."""
    total = sum(ws.column_dimensions[get_column_letter(c)].width or 8.43 for c in range(1, ws.max_column + 1))
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = max(1, math.ceil(total / 220))
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6


def _protect(ws) -> None:
    """Lock the layout (headers, labels), leave the unlocked input cells editable; no password.

    Rows may still be inserted and deleted and columns widened, so staff can add data rows.
    """
    p = ws.protection
    p.sheet = True
    p.formatCells = False
    p.formatColumns = False
    p.formatRows = False
    p.insertRows = False
    p.deleteRows = False
    p.autoFilter = False
    p.sort = False


def _money_comment(col: S.Column) -> str:
    text = f"第{col.no}栏：{col.group + ' ' if col.group else ''}{col.label}（万元，两位小数）。"
    if col.computed:
        how = "相加" if all(sign > 0 for _k, sign in col.formula) else "加减"
        text += f"自动计算（由本行其他栏{how}得出），可不填；填了则核对。"
    return text


# -- sheet writers ---------------------------------------------------------------------------

def write_func(w: _Sheet, sheet: S.FuncTableSheet) -> None:
    ws = w.ws
    ncol = 2 + len(sheet.columns)
    cls = getattr(sheet, "classification", "function")
    w.title(sheet.content_name, sheet.help, ncol)
    if cls == "economic":
        w.head(3, 1, "经济分类科目编码", "部门预算支出经济分类科目编码：类3位、款5位。只需填写款级（5位）行，"
                                     "类和合计行由程序汇总；粘贴整张表时类行会被逐行核对。可从下拉列表选择，也可直接输入。")
    else:
        w.head(3, 1, "功能分类科目编码", "支出功能分类科目编码：类3位、款5位、项7位。只需填写项级（7位）行，"
                                     "类、款和合计行由程序汇总；粘贴整张表时类、款行会被逐行核对。"
                                     "可从下拉列表选择，也可直接输入。")
    ws.merge_cells(start_row=3, start_column=1, end_row=4, end_column=1)
    w.head(3, 2, "科目名称", "自动显示：输入科目编码后按本年度科目代码表显示名称，不必填写。"
                          "粘贴的名称与代码表不同时，检查会提示，文档按代码表名称输出。")
    ws.merge_cells(start_row=3, start_column=2, end_row=4, end_column=2)
    groups: list[list] = []
    for i, col in enumerate(sheet.columns):
        c = 3 + i
        if col.group:
            cont = bool(groups) and groups[-1][0] == col.group and groups[-1][2] == c - 1
            if cont:
                groups[-1][2] = c
            else:
                groups.append([col.group, c, c])
            w.head(3, c, None if cont else col.group, measure=False)
            w.head(4, c, col.label, _money_comment(col))
        else:
            w.head(3, c, col.label, _money_comment(col))
            ws.merge_cells(start_row=3, start_column=c, end_row=4, end_column=c)
    for _g, a, b in groups:
        if b > a:
            ws.merge_cells(start_row=3, start_column=a, end_row=3, end_column=b)
    w.head(5, 1, "", measure=False)
    w.head(5, 2, "栏次", measure=False)
    for i, col in enumerate(sheet.columns):
        w.head(5, 3 + i, col.no, measure=False)
    w.head(6, 1, "", measure=False)
    w.head(6, 2, "合计", "合计行可不填（程序汇总）；填了则核对。", measure=False)
    for i in range(len(sheet.columns)):
        w.cell(6, 3 + i, mark=False)
    last = 6 + DATA_ROWS
    for r in range(7, last + 1):
        w.cell(r, 1, S.CODE)
        w.name_lookup(r, 2, 1, cls)
        for i, col in enumerate(sheet.columns):
            w.cell(r, 3 + i, mark=not col.computed)
    w.validate(S.CODE, f"A7:A{last}", classification=cls)
    nonneg = [3 + i for i, col in enumerate(sheet.columns) if not col.computed or all(s > 0 for _k, s in col.formula)]
    for i, col in enumerate(sheet.columns):
        letter = get_column_letter(3 + i)
        w.validate(S.MONEY, f"{letter}6:{letter}{last}", nonnegative=(3 + i) in nonneg)
    w.finish("C7", (3, 5))


def write_fixed(w: _Sheet, sheet: S.FixedTableSheet) -> None:
    ws = w.ws
    nl, nr = len(sheet.left_columns), len(sheet.right_columns)
    ncol = 2 + nl + 2 + nr
    w.title(sheet.content_name, sheet.help, ncol)
    w.head(3, 1, sheet.left_header, measure=False)
    ws.merge_cells(start_row=3, start_column=1, end_row=3, end_column=2 + nl)
    w.head(3, 3 + nl, sheet.right_header, measure=False)
    ws.merge_cells(start_row=3, start_column=3 + nl, end_row=3, end_column=ncol)
    inputs = [r.no for r in (*sheet.left_rows, *sheet.right_rows) if r.input]
    for base, cols in ((1, sheet.left_columns), (3 + nl, sheet.right_columns)):
        w.head(4, base, "项目", "行的名称，不要改动。")
        w.head(4, base + 1, "行次", "行次号，程序按行次读取数字，不要改动或删除。")
        w.head(5, base, "栏次", measure=False)
        w.head(5, base + 1, "", measure=False)
        for i, col in enumerate(cols):
            note = (f"第{col.no}栏：{col.group + ' ' if col.group else ''}{col.label}（万元）。黄色格需要填写"
                    f"（第{'、'.join(map(str, inputs))}行）；白色格由其他表计算，可不填，粘贴了则核对。")
            w.head(4, base + 2 + i, col.label, note)
            w.head(5, base + 2 + i, col.no, measure=False)
    for base, rows, cols in ((1, sheet.left_rows, sheet.left_columns),
                             (3 + nl, sheet.right_rows, sheet.right_columns)):
        for r, frow in enumerate(rows, start=6):
            w.label(r, base, frow.label or None, cap=44)
            w.label(r, base + 1, frow.no).alignment = CENTER
            for i in range(len(cols)):
                w.cell(r, base + 2 + i, mark=frow.input)
        for i in range(len(cols)):
            letter = get_column_letter(base + 2 + i)
            w.validate(S.MONEY, f"{letter}6:{letter}{5 + len(rows)}", nonnegative=False)
    w.finish("A6", (3, 5), {2: 6, 4 + nl: 6})


def write_econ(w: _Sheet, sheet: S.EconTableSheet) -> None:
    ws = w.ws
    ncol = 3 * len(sheet.blocks)
    w.title(sheet.content_name, sheet.help, ncol)
    groups = [g for g, _ in sheet.blocks]
    for b, (group, rows) in enumerate(sheet.blocks):
        base = 1 + 3 * b
        w.head(3, base, group if b == 0 or groups[b - 1] != group else None, measure=False)
        w.head(4, base, "经济分类科目编码", "部门预算支出经济分类科目：类3位、款5位。按表中列出的款级科目填写；"
                                        "类级合计由程序汇总。表中没有的款级科目可在本块末尾空行补充编码和名称。")
        w.head(4, base + 1, "科目名称", "科目名称，不要改动。")
        w.head(4, base + 2, "决算数", "决算数（万元，两位小数）。黄色格填写款级科目；类级（3位编码）行自动汇总，可不填。")
        for r, (code, name) in enumerate(rows, start=5):
            w.label(r, base, code)
            w.label(r, base + 1, name, cap=30)
            w.cell(r, base + 2, mark=len(code) != 3)
        end = 5 + len(rows)
        # a few spare rows for 款 codes the layout does not list
        longest = max(len(rs) for _g, rs in sheet.blocks)
        for r in range(end, 5 + longest):
            w.cell(r, base, S.CODE, mark=False)
            w.cell(r, base + 1, S.TEXT, mark=False)
            w.cell(r, base + 2, mark=False)
        letter = get_column_letter(base + 2)
        w.validate(S.MONEY, f"{letter}5:{letter}{4 + longest}")
    b = 0
    while b < len(groups):
        e = b
        while e + 1 < len(groups) and groups[e + 1] == groups[b]:
            e += 1
        ws.merge_cells(start_row=3, start_column=1 + 3 * b, end_row=3, end_column=3 + 3 * e)
        b = e + 1
    last = 5 + max(len(rows) for _, rows in sheet.blocks)
    for i, label in enumerate(sheet.footers):
        c = ws.cell(row=last, column=2 + 3 * i, value=label)
        c.font, c.border = HEAD_FONT, BORDER
        w.cell(last, 3 + 3 * i, mark=False)
    w.finish("A5", (3, 4))


def write_row(w: _Sheet, sheet: S.RowTableSheet) -> None:
    ws = w.ws
    ncol = len(sheet.columns)
    w.title(sheet.content_name, sheet.help, ncol)
    groups: list[list] = []
    for i, col in enumerate(sheet.columns):
        c = 1 + i
        first_of_group = not groups or groups[-1][0] != col.group
        w.head(3, c, col.group if first_of_group else None, measure=False)
        w.head(4, c, col.label, _money_comment(col))
        w.head(5, c, col.no, measure=False)
        w.cell(6, c, mark=not col.computed)
        if col.group and not first_of_group:
            groups[-1][2] = c
        else:
            groups.append([col.group, c, c])
        w.want(c, "1,000,000.00", floor=13)
    for _g, a, b in groups:
        if b > a:
            ws.merge_cells(start_row=3, start_column=a, end_row=3, end_column=b)
    w.validate(S.MONEY, f"A6:{get_column_letter(ncol)}6")
    w.finish("A6", (3, 5))


def _field_comment(f: S.Field, with_label: bool = True) -> str:
    what = {
        S.MONEY: "金额（万元，两位小数）" + ("，不能为负数" if f.nonnegative else ""),
        S.INT: "整数",
        S.DEC: "数字（可有两位小数）",
        S.TEXT: "文字",
        S.CODE: "功能分类科目编码，可从下拉列表选择",
        S.DATE: "日期，如 2024-10-24",
    }.get(f.type, "")
    if f.choices:
        what = "从下拉列表选择：" + "、".join(f.choices)
    parts = [f"{f.label}：{what}。" if with_label else f"{what}。"]
    if f.help:
        parts.append(f.help.rstrip("。") + "。")
    parts.append("必填。" if f.required else "可不填。")
    return "".join(parts)


def write_kv(w: _Sheet, sheet: S.KVSheet, values: dict | None = None) -> None:
    ws = w.ws
    values = values or {}
    w.title(sheet.content_name, sheet.help, 3)
    # the reader matches labels in column A anywhere in the sheet: title and header rows are ignored
    w.head(3, 1, "项目", "项目名称，程序按名称读取，不要改动。")
    w.head(3, 2, "数值", "在黄色格中填写；单位和格式见每行说明。")
    w.head(3, 3, "说明", "每一项的含义、来源，是否必填。")
    for r, f in enumerate(sheet.fields, start=4):
        w.label(r, 1, f.label, cap=44)
        c = w.cell(r, 2, f.type)
        if f.key in values and values[f.key] is not None:
            c.value = values[f.key]
        w.validate(f, c.coordinate)
        note = _field_comment(f, with_label=False)
        n = w.label(r, 3, note, cap=80)
        n.font = HELP_FONT
    w.want(2, "1,000,000.00", floor=16)
    w.finish("A4", (3, 3))
    # wrap long notes: row heights for the fitted width of column C
    width_c = ws.column_dimensions["C"].width or 60
    for r, f in enumerate(sheet.fields, start=4):
        lines = wrapped_lines(ws.cell(row=r, column=3).value, width_c, scale=0.8)
        if lines > 1:
            ws.row_dimensions[r].height = _height(lines)


def write_list(w: _Sheet, sheet: S.ListSheet) -> None:
    ncol = len(sheet.columns)
    w.title(sheet.content_name, sheet.help, ncol)
    code_col = next((1 + i for i, f in enumerate(sheet.columns) if f.type == S.CODE), None)
    last = 3 + DATA_ROWS
    for i, f in enumerate(sheet.columns):
        col = 1 + i
        lookup = code_col is not None and f.type == S.TEXT and f.label == "科目名称"
        comment = ("自动显示：输入科目编码后按本年度科目代码表显示名称。" +
                   ("也可填写“合计”等文字。" if not f.required else "")) if lookup else _field_comment(f)
        w.head(3, col, f.label, comment)
        for r in range(4, last + 1):
            if lookup:
                w.name_lookup(r, col, code_col)
            else:
                w.cell(r, col, f.type)
        letter = get_column_letter(col)
        if not lookup:
            w.validate(f, f"{letter}4:{letter}{last}")
        if f.width:
            w.want(col, "", floor=f.width + 2)
        elif f.type == S.TEXT and not lookup:
            w.want(col, "", floor=22)
        else:
            w.want(col, f.label, floor=12)
    w.finish("A4", (3, 3))


def _source(sheet: S.Sheet, kind: str) -> str:
    """Where the figures of a sheet come from, in words staff recognise."""
    name = sheet.name
    title = getattr(sheet, "title", "") or name
    if isinstance(sheet, (S.FuncTableSheet, S.FixedTableSheet, S.EconTableSheet, S.RowTableSheet)):
        return f"{kind}软件（部门{kind}报表）导出的“{title}”，或上年公开表的同名表"
    rules = (
        ("上年", "上年度公开文档中的数字（用 reportgen init --from 新建时已自动填入，请核对）"),
        ("主要原因", "财务人员对照第三部分各项增减变化分析填写"),
        ("预算", "预算批复文件（年初预算或调整预算）"),
        ("三公", "“三公”经费台账、出国团组和公务用车登记"),
        ("公务用车", "公务用车运行维护费明细账"),
        ("出国", "因公出国（境）费用明细账"),
        ("接待", "公务接待审批单和明细账"),
        ("机关运行", "一般为表6公用经费合计，可不填"),
        ("采购", "政府采购统计（合同、采购系统）"),
        ("资产", "资产管理系统或国有资产报表（截至12月31日）"),
        ("绩效", "项目和部门整体绩效自评表"),
        ("项目", "项目台账和项目绩效自评表"),
    )
    for word, text in rules:
        if word in name:
            return text
    return "见内容说明"


def write_instructions(ws, schema: S.WorkbookSchema, info: BlankInfo) -> None:
    # the sheet names stand on one line (a wrapped name reads as two words); 内容 gives up the room
    names = max(text_width(sheet.content_name) for sheet in schema.sheets) + 2
    widths = {1: max(30, names), 2: max(48, 94 - max(30, names)), 3: 40, 4: 8}
    for col, width in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = width
    total = sum(widths.values())
    title = "填报说明"
    if info.department or info.year:
        title = f"{info.department}{info.year or ''}{'年度' if info.year else ''}部门{schema.kind}公开 — 输入工作簿填报说明"
    ws.cell(row=1, column=1, value=title).font = TITLE_FONT
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=4)
    ws.row_dimensions[1].height = 26
    project = info.project_file or "项目文件.yaml"
    regenerate = (f"重新生成：保存并关闭本工作簿，然后运行 reportgen check {project} 检查，再运行 reportgen build "
                  f"{project} 生成 Word、Excel（加 --pdf 同时生成 PDF）。每次生成都会列出与上一次相比变化了的数字。")
    lines = []
    for line in schema.instructions:
        if "reportgen build" in line:          # the kind's generic wording: name the real project file
            line, regenerate = regenerate, ""
        elif line.startswith("金额单位") and info.unit != "万元":
            line = f"金额单位：{info.unit}（项目文件 workbook_unit: {info.unit}），程序换算为万元并四舍五入到两位小数。"
        lines.append(line)
    if not any(line.startswith("金额单位") for line in lines):
        lines.append(f"金额单位：{info.unit}，保留两位小数；只填数字，不要写“万元”“约”等文字。")
    lines += [
        "颜色：黄色格需要填写；白色格可不填（由程序计算，填了则核对）；浅蓝色格自动显示（如科目名称）；灰色为表头。",
        "科目编码：只填编码（可从下拉列表选择），科目名称按本年度科目代码表自动显示。",
        "表头已锁定以防误改（工作表保护，没有密码）。如需整张粘贴决算软件导出的表格，"
        "请先“审阅 → 撤销工作表保护”，粘贴后不要改动表头和栏次行。",
    ]
    if regenerate:
        lines.append(regenerate)
    if info.prefilled:
        lines.append("已自动填入（来自上年项目，请核对）：" + "、".join(info.prefilled) + "。")
    r = 3
    for i, line in enumerate(lines, start=1):
        c = ws.cell(row=r, column=1, value=f"{i}. {line}")
        c.alignment, c.font = TOP_WRAP, BODY_FONT
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=4)
        ws.row_dimensions[r].height = _height(wrapped_lines(c.value, total))
        r += 1
    r += 1
    header = r
    for col, text in enumerate(("工作表", "内容与填写方法", "数字来源", "是否必填"), start=1):
        c = ws.cell(row=r, column=col, value=text)
        c.font, c.fill, c.alignment, c.border = HEAD_FONT, HEAD_FILL, CENTER, BORDER
    for sheet in schema.sheets:
        r += 1
        row = (sheet.content_name, sheet.help, _source(sheet, schema.kind), "必填" if sheet.required else "可选")
        height = 1
        for col, text in enumerate(row, start=1):
            c = ws.cell(row=r, column=col, value=text)
            c.font, c.border = BODY_FONT, BORDER
            c.alignment = CENTER if col == 4 else WRAP
            height = max(height, wrapped_lines(text, widths[col], scale=1.0))
        ws.row_dimensions[r].height = _height(height)
    ws.freeze_panes = f"A{header + 1}"
    ws.print_title_rows = f"{header}:{header}"
    _print_setup(ws)
    ws.sheet_view.zoomScale = 100


def _code_sheet(wb: Workbook, codes: dict[str, list[tuple[str, str]]]) -> object:
    """The hidden sheet of codes: function codes in A:C, economic codes in E:G (code, name, level)."""
    ws = wb.create_sheet(CODE_SHEET)
    level = {3: "类", 5: "款", 7: "项"}
    for cls, (a, _b) in CODE_COLUMNS.items():
        base = ws[f"{a}1"].column
        for col, text in enumerate(("功能分类科目编码" if cls == "function" else "经济分类科目编码", "科目名称", "级次")):
            ws.cell(row=1, column=base + col, value=text).font = HEAD_FONT
        for r, (code, name) in enumerate(codes.get(cls) or (), start=2):
            ws.cell(row=r, column=base, value=str(code)).number_format = TEXT_FORMAT
            ws.cell(row=r, column=base + 1, value=name)
            ws.cell(row=r, column=base + 2, value=level.get(len(str(code)), ""))
        ws.column_dimensions[get_column_letter(base)].width = 16
        ws.column_dimensions[get_column_letter(base + 1)].width = 40
    ws.sheet_state = "hidden"
    ws.protection.sheet = True
    return ws


def default_codes(year: int | None, extra: list[Path] | None = None) -> dict[str, list[tuple[str, str]]]:
    """The classification codes (code, name) valid in ``year``: built-in tables plus ``extra`` CSVs."""
    from ..codes import load_tables

    tables = load_tables(extra or [])
    y = year or _dt.date.today().year
    return {cls: [(c, t.name(c, y) or "") for c in t.codes(y)] for cls, t in tables.items()}


_WRITERS = {
    S.FuncTableSheet: write_func,
    S.FixedTableSheet: write_fixed,
    S.EconTableSheet: write_econ,
    S.RowTableSheet: write_row,
    S.ListSheet: write_list,
}


def blank_workbook(schema: S.WorkbookSchema, *, info: BlankInfo | None = None,
                   codes: dict[str, list[tuple[str, str]]] | None = None,
                   values: dict[str, dict] | None = None) -> Workbook:
    """The blank workbook of ``schema``.

    ``codes`` are the (code, name) pairs of the drop-down lists and the name look-ups by
    classification (``function``, ``economic``; default: the built-in tables of ``info.year``);
    ``values`` pre-fills 项目/数值
    sheets, ``{sheet name: {field key: value}}`` (``init --from`` puts last year's figures there).
    """
    info = info or BlankInfo()
    values = values or {}
    if codes is None:
        codes = default_codes(info.year)
    wb = Workbook()
    ws0 = wb.active
    ws0.title = INSTRUCTIONS_SHEET
    write_instructions(ws0, schema, info)
    counts = {cls: len(codes.get(cls) or ()) for cls in CODE_COLUMNS}
    code_ws = _code_sheet(wb, codes) if any(counts.values()) else None
    for sheet in schema.sheets:
        ws = wb.create_sheet(sheet.content_name[:31])
        w = _Sheet(ws, counts)
        if isinstance(sheet, S.KVSheet):
            write_kv(w, sheet, values.get(sheet.name))
        else:
            _WRITERS[type(sheet)](w, sheet)
    if code_ws is not None:
        wb.move_sheet(code_ws, offset=len(wb.sheetnames) - 1 - wb.sheetnames.index(CODE_SHEET))
    wb.active = 0
    fixed = _dt.datetime(2000, 1, 1)
    wb.properties.creator = "reportgen"
    wb.properties.lastModifiedBy = "reportgen"
    wb.properties.created = fixed
    wb.properties.modified = fixed
    wb.properties.title = f"{schema.kind}输入工作簿"
    return wb


def write_blank(schema: S.WorkbookSchema, path: Path, **kwargs) -> None:
    """Write the blank workbook to ``path`` (the caller makes sure not to overwrite anything)."""
    blank_workbook(schema, **kwargs).save(path)
