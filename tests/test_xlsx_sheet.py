"""render.xlsx.write_sheet: merged headers keep their frame (render.xlsx.merge does what openpyxl's
merge_cells does, at a fraction of its cost), read back from the saved file.

The borders are read from the file's XML, not through openpyxl: its reader re-frames merged cells
from their top-left cell on load, which would hide a file whose merged cells carry no border (as
Excel shows it)."""
import io
import re
import zipfile

import openpyxl
from openpyxl import Workbook

from reportgen.render.xlsx import SheetSpec, write_sheet


def _saved():
    wb = Workbook()
    wb.remove(wb.active)
    spec = SheetSpec(
        name="表1", title="收入支出决算总表", entity="编制单位：某局", unit="单位：万元",
        header=[["项目", "金额", None, "备注"], [None, "本年", "上年", None]],
        merges=[(1, 1, 2, 1), (1, 2, 1, 3), (1, 4, 2, 4)],
        rows=[["合计", 12, 10, ""]], widths=[20, 12, 12, 10], notes=["注：本表金额单位为万元。"],
        amount_cols={2, 3})
    write_sheet(wb, spec)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _saved_sheet():
    return openpyxl.load_workbook(io.BytesIO(_saved()))["表1"]


def _file_sides() -> dict[str, tuple[str, ...]]:
    """{cell: thin sides} as the file writes them: the cell's s → cellXfs → borderId → border."""
    with zipfile.ZipFile(io.BytesIO(_saved())) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
        styles = z.read("xl/styles.xml").decode()
    borders = re.findall(r"<border>.*?</border>|<border/>", re.search(r"<borders.*?</borders>", styles).group())
    xfs = re.findall(r"<xf [^>]*>", re.search(r"<cellXfs.*?</cellXfs>", styles).group())
    border_of = [int(re.search(r'borderId="(\d+)"', xf).group(1)) for xf in xfs]
    out = {}
    for ref, s in re.findall(r'<c r="([A-Z]+\d+)"(?: s="(\d+)")?', sheet):
        border = borders[border_of[int(s or 0)]]
        out[ref] = tuple(side for side in ("left", "right", "top", "bottom")
                         if re.search(rf'<{side} style="thin"', border))
    return out


def test_merged_ranges_are_the_title_the_headers_and_the_note():
    ws = _saved_sheet()
    assert sorted(str(r) for r in ws.merged_cells.ranges) == ["A1:D1", "A3:A4", "A6:D6", "B3:C3", "D3:D4"]


def test_merged_header_cells_carry_the_frame_on_the_range_edge_only():
    sides = _file_sides()
    assert sides["A3"] == ("left", "right", "top", "bottom")     # the top-left cell keeps its own
    assert sides["A4"] == ("left", "right", "bottom")            # below it, inside A3:A4
    assert sides["C3"] == ("right", "top", "bottom")             # the right end of B3:C3
    assert sides["D4"] == ("left", "right", "bottom")
    assert sides["B4"] == ("left", "right", "top", "bottom")     # not merged: its own full frame
    ws = _saved_sheet()
    assert [ws[c].value for c in ("A3", "B3", "D3", "B4", "C4")] == ["项目", "金额", "备注", "本年", "上年"]


def test_merged_title_and_note_cells_have_no_border():
    sides = _file_sides()
    assert [sides.get(c, ()) for c in ("A1", "B1", "D1", "A6", "D6")] == [(), (), (), (), ()]   # absent: no style
    ws = _saved_sheet()
    assert ws["A1"].value == "收入支出决算总表" and ws["A6"].value == "注：本表金额单位为万元。"
    assert ws["A1"].font.name == "黑体" and ws["A1"].font.sz == 14
