"""Write a blank input workbook from a schema (what ``reportgen init`` hands to finance staff).

Every sheet gets its headers, frozen header rows, column widths, a comment on each header
explaining the column, input cells marked in light yellow and data validation for amounts,
counts and choices.  The layout is the one :mod:`reportgen.workbook.reader` reads.
"""
from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from . import schema as S

INPUT_FILL = PatternFill("solid", fgColor="FFF8DC")
HEAD_FILL = PatternFill("solid", fgColor="DDE6F0")
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FONT = Font(name="宋体", bold=True, size=10)
BODY_FONT = Font(name="宋体", size=10)
TITLE_FONT = Font(name="黑体", bold=True, size=14)
WRAP = Alignment(wrap_text=True, vertical="center")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
MONEY_FORMAT = "#,##0.00"
DATA_ROWS = 60          # pre-formatted input rows in list and table sheets


def _head(ws, row, col, text, comment: str = ""):
    c = ws.cell(row=row, column=col, value=text)
    c.font, c.fill, c.alignment, c.border = HEAD_FONT, HEAD_FILL, CENTER, BORDER
    if comment:
        c.comment = Comment(comment, "reportgen", width=300, height=120)
    return c


def _input(ws, row, col, number: bool = True):
    c = ws.cell(row=row, column=col)
    c.fill, c.border, c.font = INPUT_FILL, BORDER, BODY_FONT
    if number:
        c.number_format = MONEY_FORMAT
    return c


def _title(ws, sheet: S.Sheet, title: str, width_cols: int):
    ws.cell(row=1, column=1, value=title).font = TITLE_FONT
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(width_cols, 2))
    c = ws.cell(row=2, column=1, value=sheet.help)
    c.alignment = Alignment(wrap_text=True, vertical="top")
    c.font = Font(name="宋体", size=9, color="555555")
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=max(width_cols, 2))
    ws.row_dimensions[2].height = 30


def _amount_validation(ws, ref: str, allow_negative: bool = False):
    dv = DataValidation(type="decimal", operator="between" if not allow_negative else "between",
                        formula1="0" if not allow_negative else "-1000000000", formula2="1000000000",
                        allow_blank=True, showErrorMessage=True,
                        errorTitle="金额", error="请填写数字（万元，两位小数），不要写“万”“元”等文字")
    dv.add(ref)
    ws.add_data_validation(dv)


def write_func(ws, sheet: S.FuncTableSheet, codes: list[tuple[str, str]] = ()):
    ncol = 2 + len(sheet.columns)
    _title(ws, sheet, sheet.title, ncol)
    _head(ws, 3, 1, "功能分类科目编码", "类3位、款5位、项7位。只需填项级（7位）行；类、款行可不填。")
    ws.merge_cells(start_row=3, start_column=1, end_row=4, end_column=1)
    _head(ws, 3, 2, "科目名称", "可不填：程序按科目代码表取标准名称；填了则核对。")
    ws.merge_cells(start_row=3, start_column=2, end_row=4, end_column=2)
    for i, col in enumerate(sheet.columns):
        c = 3 + i
        comment = "自动计算：" + "、".join(k for k, _ in col.formula) if col.computed else ""
        if col.group:
            _head(ws, 3, c, col.group)
            _head(ws, 4, c, col.label, comment)
        else:
            _head(ws, 3, c, col.label, comment)
            ws.merge_cells(start_row=3, start_column=c, end_row=4, end_column=c)
    # merge identical group headers
    start = None
    for i, col in enumerate(list(sheet.columns) + [None]):
        g = col.group if col else None
        if start is not None and (g != sheet.columns[start].group):
            if i - 1 > start:
                ws.merge_cells(start_row=3, start_column=3 + start, end_row=3, end_column=2 + i)
            start = None
        if g and start is None:
            start = i
    _head(ws, 5, 1, "")
    _head(ws, 5, 2, "栏次")
    for i, col in enumerate(sheet.columns):
        _head(ws, 5, 3 + i, col.no)
    _head(ws, 6, 1, "")
    _head(ws, 6, 2, "合计", "合计行可不填（自动汇总）；填了则核对。")
    rows = list(codes) or [("", "")] * DATA_ROWS
    for r, (code, name) in enumerate(rows, start=7):
        _input(ws, r, 1, number=False).value = code or None
        _input(ws, r, 2, number=False).value = name or None
        for i in range(len(sheet.columns)):
            _input(ws, r, 3 + i)
    last = 6 + max(len(rows), DATA_ROWS)
    _amount_validation(ws, f"C7:{get_column_letter(ncol)}{last}")
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 36
    for i in range(len(sheet.columns)):
        ws.column_dimensions[get_column_letter(3 + i)].width = 14
    ws.freeze_panes = "C7"


def write_fixed(ws, sheet: S.FixedTableSheet):
    nl, nr = len(sheet.left_columns), len(sheet.right_columns)
    ncol = 2 + nl + 2 + nr
    _title(ws, sheet, sheet.title, ncol)
    _head(ws, 3, 1, sheet.left_header)
    ws.merge_cells(start_row=3, start_column=1, end_row=3, end_column=2 + nl)
    _head(ws, 3, 3 + nl, sheet.right_header)
    ws.merge_cells(start_row=3, start_column=3 + nl, end_row=3, end_column=ncol)
    for base, cols in ((1, sheet.left_columns), (3 + nl, sheet.right_columns)):
        _head(ws, 4, base, "项目")
        _head(ws, 4, base + 1, "行次")
        _head(ws, 5, base, "栏次")
        _head(ws, 5, base + 1, "")
        for i, col in enumerate(cols):
            _head(ws, 4, base + 2 + i, col.label)
            _head(ws, 5, base + 2 + i, col.no)
    for base, rows, cols in ((1, sheet.left_rows, sheet.left_columns), (3 + nl, sheet.right_rows, sheet.right_columns)):
        for r, frow in enumerate(rows, start=6):
            ws.cell(row=r, column=base, value=frow.label or None).border = BORDER
            ws.cell(row=r, column=base + 1, value=frow.no).border = BORDER
            for i in range(len(cols)):
                c = ws.cell(row=r, column=base + 2 + i)
                c.number_format = MONEY_FORMAT
                c.border = BORDER
                if frow.input:
                    _input(ws, r, base + 2 + i)
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions[get_column_letter(3 + nl)].width = 34
    ws.freeze_panes = "A6"


def write_econ(ws, sheet: S.EconTableSheet):
    ncol = 3 * len(sheet.blocks)
    _title(ws, sheet, sheet.title, ncol)
    for b, (group, rows) in enumerate(sheet.blocks):
        base = 1 + 3 * b
        _head(ws, 3, base, group)
        _head(ws, 4, base, "经济分类科目编码")
        _head(ws, 4, base + 1, "科目名称")
        _head(ws, 4, base + 2, "决算数")
        for r, (code, name) in enumerate(rows, start=5):
            ws.cell(row=r, column=base, value=code).border = BORDER
            ws.cell(row=r, column=base + 1, value=name).border = BORDER
            if len(code) == 3:
                ws.cell(row=r, column=base + 2).border = BORDER
                ws.cell(row=r, column=base + 2).number_format = MONEY_FORMAT
            else:
                _input(ws, r, base + 2)
        ws.column_dimensions[get_column_letter(base)].width = 12
        ws.column_dimensions[get_column_letter(base + 1)].width = 28
        ws.column_dimensions[get_column_letter(base + 2)].width = 12
    # merge the repeated super-header (公用经费 over blocks 2 and 3)
    groups = [g for g, _ in sheet.blocks]
    b = 0
    while b < len(groups):
        e = b
        while e + 1 < len(groups) and groups[e + 1] == groups[b]:
            e += 1
        ws.merge_cells(start_row=3, start_column=1 + 3 * b, end_row=3, end_column=3 + 3 * e)
        b = e + 1
    last = 5 + max(len(rows) for _, rows in sheet.blocks)
    for i, label in enumerate(sheet.footers):
        ws.cell(row=last, column=2 + 3 * i, value=label).font = HEAD_FONT
        ws.cell(row=last, column=3 + 3 * i).number_format = MONEY_FORMAT
    ws.freeze_panes = "A5"


def write_row(ws, sheet: S.RowTableSheet):
    ncol = len(sheet.columns)
    _title(ws, sheet, sheet.title, ncol)
    groups = []
    for i, col in enumerate(sheet.columns):
        _head(ws, 3, 1 + i, col.group)
        _head(ws, 4, 1 + i, col.label, "自动计算" if col.computed else "")
        _head(ws, 5, 1 + i, col.no)
        if col.computed:
            ws.cell(row=6, column=1 + i).border = BORDER
            ws.cell(row=6, column=1 + i).number_format = MONEY_FORMAT
        else:
            _input(ws, 6, 1 + i)
        ws.column_dimensions[get_column_letter(1 + i)].width = 13
        if col.group and (not groups or groups[-1][0] != col.group):
            groups.append([col.group, 1 + i, 1 + i])
        elif col.group:
            groups[-1][2] = 1 + i
    for _g, a, b in groups:
        if b > a:
            ws.merge_cells(start_row=3, start_column=a, end_row=3, end_column=b)
    _amount_validation(ws, f"A6:{get_column_letter(ncol)}6")
    ws.freeze_panes = "A6"


def write_kv(ws, sheet: S.KVSheet):
    _title(ws, sheet, sheet.name, 3)
    # the reader matches labels in column A anywhere in the sheet: header and title rows are ignored
    _head(ws, 3, 1, "项目")
    _head(ws, 3, 2, "数值")
    _head(ws, 3, 3, "说明")
    for r, f in enumerate(sheet.fields, start=4):
        ws.cell(row=r, column=1, value=f.label).border = BORDER
        c = _input(ws, r, 2, number=f.type == S.MONEY)
        if f.type == S.MONEY:
            _amount_validation(ws, c.coordinate, allow_negative=not f.nonnegative)
        elif f.type == S.INT:
            dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                                showErrorMessage=True, error="请填写不小于 0 的整数")
            dv.add(c.coordinate)
            ws.add_data_validation(dv)
        elif f.choices:
            _choice(ws, c.coordinate, f.choices)
        note = f.help + ("（必填）" if f.required else "")
        ws.cell(row=r, column=3, value=note or None).alignment = WRAP
    ws.column_dimensions["A"].width = 36
    ws.column_dimensions["B"].width = 18
    ws.column_dimensions["C"].width = 60
    ws.freeze_panes = "A4"


def _choice(ws, ref: str, choices):
    text = ",".join(choices)
    if len(text) > 250:  # Excel's limit for an inline list
        return
    dv = DataValidation(type="list", formula1=f'"{text}"', allow_blank=True, showErrorMessage=True,
                        error="请从下拉列表中选择")
    dv.add(ref)
    ws.add_data_validation(dv)


def write_list(ws, sheet: S.ListSheet):
    ncol = len(sheet.columns)
    _title(ws, sheet, sheet.name, ncol)
    for i, f in enumerate(sheet.columns):
        col = 1 + i
        _head(ws, 3, col, f.label, (f.help + "（必填）" if f.required else f.help) or "")
        letter = get_column_letter(col)
        for r in range(4, 4 + DATA_ROWS):
            _input(ws, r, col, number=f.type == S.MONEY)
            if f.type == S.TEXT:
                ws.cell(row=r, column=col).alignment = WRAP
        ref = f"{letter}4:{letter}{3 + DATA_ROWS}"
        if f.type == S.MONEY:
            _amount_validation(ws, ref)
        elif f.choices:
            _choice(ws, ref, f.choices)
        ws.column_dimensions[letter].width = f.width or (14 if f.type != S.TEXT else 20)
    ws.freeze_panes = "A4"


def write_instructions(ws, schema: S.WorkbookSchema):
    ws.cell(row=1, column=1, value="填报说明").font = TITLE_FONT
    r = 3
    for line in schema.instructions:
        ws.cell(row=r, column=1, value=line).alignment = WRAP
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=2)
        ws.row_dimensions[r].height = 32
        r += 1
    r += 1
    _head(ws, r, 1, "工作表")
    _head(ws, r, 2, "内容与填写方法")
    for sheet in schema.sheets:
        r += 1
        ws.cell(row=r, column=1, value=sheet.name).border = BORDER
        c = ws.cell(row=r, column=2, value=sheet.help + ("" if sheet.required else "（可选）"))
        c.alignment, c.border = WRAP, BORDER
        ws.row_dimensions[r].height = 45
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 90
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToHeight = 0


_WRITERS = {
    S.FuncTableSheet: write_func,
    S.FixedTableSheet: write_fixed,
    S.EconTableSheet: write_econ,
    S.RowTableSheet: write_row,
    S.KVSheet: write_kv,
    S.ListSheet: write_list,
}


def blank_workbook(schema: S.WorkbookSchema) -> Workbook:
    wb = Workbook()
    write_instructions(wb.active, schema)
    wb.active.title = "填报说明"
    for sheet in schema.sheets:
        ws = wb.create_sheet(sheet.name[:31])
        _WRITERS[type(sheet)](ws, sheet)
    return wb


def write_blank(schema: S.WorkbookSchema, path: Path) -> None:
    blank_workbook(schema).save(path)
