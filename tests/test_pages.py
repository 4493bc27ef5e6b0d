"""Issue 13 (pages): page quality of the PDFs as a tested property.

Every example — 决算 (江汉 2022), 预算 Format A and Format B (新洲 2023) — is built with LibreOffice
under a fontconfig that sees only the fonts .ci/run installs, and its PDF is read by
``pagecheck.page_problems``: no amount split over two lines, no page holding only a table's header
rows or its last row, no blank page, no page number on the cover, PDF Title = the document title.
The page hygiene of ``render/pages.py`` is also tested on small documents of its own.
"""
from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_SECTION
from docx.oxml.ns import qn
from docx.shared import Cm

from conftest import copy_example
from pagecheck import page_problems, split_amounts

EXAMPLES = {
    "jianghan": ("jianghan-2022", None, "2022年度武汉市江汉区人民政府办公室部门决算公开"),
    "xinzhou-A": ("xinzhou-2023", None, "武汉市新洲区人民政府办公室2023年部门预算"),
    "xinzhou-B": ("xinzhou-2023", "B", "武汉市新洲区人民政府办公室2023年部门预算"),
    # a department a thousand times larger (4,199,360.00 万元): its amounts still fit their cells
    "jianghan-x1000": ("jianghan-2022", None, "2022年度武汉市江汉区人民政府办公室部门决算公开"),
}
SCALE = {"jianghan-x1000": 1000}


def scale_workbook(path: Path, factor: int) -> None:
    """Multiply every amount of the workbook (numbers with decimals or of 100 and more; the 栏次
    and 行次 numbers and counts stay) by ``factor``."""
    import openpyxl
    from decimal import Decimal

    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows(min_col=3):
            for c in row:
                v = c.value
                if isinstance(v, (int, float)) and not isinstance(v, bool) and (abs(v) >= 100 or v != int(v)):
                    c.value = float(Decimal(str(v)) * factor)
    wb.save(path)


def _require_soffice():
    from reportgen.render.pdf import find_soffice, find_uno_python

    assert find_soffice() and find_uno_python(), "LibreOffice with python3-uno is required (.ci/run installs it)"
    assert shutil.which("pdfinfo"), "poppler-utils is required (.ci/run installs it)"


@pytest.fixture(scope="module", params=list(EXAMPLES))
def example_pdf(request, tmp_path_factory, ci_fonts):
    _require_soffice()
    from reportgen.build import build

    name, fmt, title = EXAMPLES[request.param]
    project = copy_example(tmp_path_factory.mktemp(request.param), name)
    if fmt:
        text = project.read_text(encoding="utf-8")
        assert text.count("profile:\n  format: A\n") == 1
        project.write_text(text.replace("profile:\n  format: A\n", f"profile:\n  format: {fmt}\n"), encoding="utf-8")
    if request.param in SCALE:
        scale_workbook(project.parent / "jianghan-2022.xlsx", SCALE[request.param])
    # the scaled copy breaks the checks on shares and scores (build anyway: only its pages count)
    _, written = build(project, formats=("docx", "pdf"), force=request.param in SCALE, echo=lambda *_: None)
    return written["pdf"], written["docx"], title


def test_pages_a_reader_would_not_fault(example_pdf):
    pdf, _, title = example_pdf
    assert page_problems(pdf, title) == []


def test_docx_title_is_the_document_title(example_pdf):
    _, docx, title = example_pdf
    assert Document(str(docx)).core_properties.title == title


# rows taller than a quarter page may break (moved whole they would leave much of a page blank):
# in 江汉 the 年初设定目标 cells of two 项目自评表 (总值班室, 专项工作: about 250 and 390 pt of 9 pt text)
MAY_SPLIT = {
    "jianghan": ["1.负责区人民政府政务值班工作", "1、围绕区委、区人民政府的中心工作"],
    "jianghan-x1000": ["1.负责区人民政府政务值班工作", "1、围绕区委、区人民政府的中心工作"],
    "xinzhou-A": [], "xinzhou-B": [],
}


def test_every_table_row_keeps_to_one_page(example_pdf, request):
    _, docx, _ = example_pdf
    rows = list(Document(str(docx)).element.body.iter(qn("w:tr")))
    assert rows
    assert all(tr.find(qn("w:trPr")) is not None for tr in rows)
    may_split = ["".join(t.text or "" for t in tr.iter(qn("w:t"))) for tr in rows
                 if tr.find(qn("w:trPr")).find(qn("w:cantSplit")) is None]
    name = request.node.callspec.params["example_pdf"]
    assert [text[:len(start)] for text, start in zip(may_split, MAY_SPLIT[name])] == MAY_SPLIT[name]
    assert len(may_split) == len(MAY_SPLIT[name])


def test_a_row_taller_than_a_quarter_page_breaks_instead_of_leaving_the_page_blank(tmp_path, ci_fonts):
    """A 项目自评表 whose 年初设定目标 and 完成情况 are three times as long: the row holding them is
    taller than the room left under the table's first rows.  Moved whole it left about 60 % of the
    page under 自评表（3） blank; it breaks, and the page is filled to its foot."""
    import openpyxl
    import pdfplumber

    _require_soffice()
    from reportgen.build import build

    project = copy_example(tmp_path)
    wb = openpyxl.load_workbook(tmp_path / "jianghan-2022.xlsx")
    ws = wb["项目支出"]
    header = [c.value for c in ws[3]]
    for r in range(4, 7):
        for name in ("年初设定目标", "全年实际完成情况"):
            cell = ws.cell(row=r, column=header.index(name) + 1)
            cell.value = cell.value * 3
    wb.save(tmp_path / "jianghan-2022.xlsx")
    _, written = build(project, formats=("docx", "pdf"), echo=lambda *_: None)
    assert page_problems(written["pdf"], "2022年度武汉市江汉区人民政府办公室部门决算公开") == []
    with pdfplumber.open(written["pdf"]) as pdf:
        page = next(p for p in pdf.pages if "2022年度项目支出绩效自评表（3）" in (p.extract_text() or ""))
        # the lowest word above the footer (the page number “— 47 —” stands in the bottom 7 %)
        body = [w for w in page.extract_words() if w["top"] < 0.93 * page.height]
        lowest = max(body, key=lambda w: w["bottom"])
        assert lowest["bottom"] > 0.8 * page.height, lowest


@pytest.mark.parametrize("example_pdf", ["xinzhou-B"], indirect=True)
def test_b_indicator_tables_are_not_split(example_pdf):
    """Format B: each 项目绩效目标评价指标表 (a dozen rows at most) stands whole on one page with its
    title: no page begins with its repeated header “一级目标 二级目标 …” (one did: two rows under it)."""
    import pdfplumber

    pdf, _, _ = example_pdf
    with pdfplumber.open(str(pdf)) as doc:
        texts = [(p.extract_text() or "") for p in doc.pages]
    titled = [n for n, t in enumerate(texts, start=1) if "项目绩效目标评价指标表" in t]
    assert len(titled) == 10                # the ten projects of the 新洲 example
    assert [n for n, t in enumerate(texts, start=1) if t.startswith("一级目标 二级目标")] == []


# -- the checker itself can fail -----------------------------------------------------------------

def test_split_amount_is_found(tmp_path, ci_fonts):
    """A cell too narrow for 2,053.67: LibreOffice breaks the number, and the checker says so."""
    _require_soffice()
    from reportgen.render.pdf import update_and_export

    doc = Document()
    table = doc.add_table(rows=1, cols=2)
    table.autofit = False
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), (Cm(0.9), Cm(8))):
        col.set(qn("w:w"), str(int(width.twips)))
    for cell, width in zip(table.rows[0].cells, (Cm(0.9), Cm(8))):
        cell.width = width
    table.rows[0].cells[0].text = "2,053.67"
    table.rows[0].cells[1].text = "一般公共预算财政拨款支出"
    src = tmp_path / "narrow.docx"
    doc.save(str(src))
    pdf = tmp_path / "narrow.pdf"
    update_and_export([(src, None, pdf)])
    import pdfplumber

    with pdfplumber.open(str(pdf)) as p:
        assert "“2,” / “05” / “3.” / “67”" in split_amounts(p.pages[0])
    assert any("an amount split over two lines" in problem for problem in page_problems(pdf))


def _table_running_over(tmp_path, body_rows: int):
    """A table of 20 pt rows (one repeated header row) from the top of a Letter page (648 pt of text):
    32 rows fill the first page (the header and 31 body rows), the rest run onto the second under
    the repeated header."""
    from docx.enum.table import WD_ROW_HEIGHT_RULE
    from docx.shared import Pt

    from reportgen.render.pdf import update_and_export

    doc = Document()
    table = doc.add_table(rows=1 + body_rows, cols=2)
    table.style = doc.styles["Table Grid"]
    for i, row in enumerate(table.rows):
        row.height, row.height_rule = Pt(20), WD_ROW_HEIGHT_RULE.EXACTLY
        row.cells[0].text, row.cells[1].text = ("科目名称", "金额") if i == 0 else (f"科目{i}", f"{i}.00")
    trpr = table.rows[0]._tr.get_or_add_trPr()
    trpr.append(trpr.makeelement(qn("w:tblHeader"), {}))
    src, pdf = tmp_path / "rows.docx", tmp_path / "rows.pdf"
    doc.save(str(src))
    update_and_export([(src, None, pdf)])
    return pdf


def test_a_table_continued_with_one_row_is_found(tmp_path, ci_fonts):
    _require_soffice()
    assert page_problems(_table_running_over(tmp_path, 32)) == [
        "page 2: a table's last row alone on an almost empty page"]


def test_a_table_continued_with_many_rows_is_not_a_problem(tmp_path, ci_fonts):
    _require_soffice()
    assert page_problems(_table_running_over(tmp_path, 45)) == []


@pytest.mark.parametrize("kept", [False, True])
def test_a_short_table_at_a_page_foot_moves_whole(tmp_path, ci_fonts, kept):
    """30 lines of 20 pt leave 48 pt of the page: a table of six 20 pt rows would put two rows there
    and four on the next page.  Marked by keep_tables_together (Word: keep with next; the PDF
    step: LibreOffice's do-not-split), it moves to the next page whole."""
    import pdfplumber
    from docx.enum.table import WD_ROW_HEIGHT_RULE
    from docx.shared import Pt

    from reportgen.render.pages import keep_tables_together
    from reportgen.render.pdf import update_and_export

    _require_soffice()
    doc = Document()
    for i in range(30):
        p = doc.add_paragraph(f"第{i + 1}行")
        p.paragraph_format.line_spacing, p.paragraph_format.space_after = Pt(20), Pt(0)
    table = doc.add_table(rows=6, cols=2)
    table.style = doc.styles["Table Grid"]
    for i, row in enumerate(table.rows):
        row.height, row.height_rule = Pt(20), WD_ROW_HEIGHT_RULE.EXACTLY
        row.cells[0].text, row.cells[1].text = f"科目{i + 1}", f"{i + 1}.00"
    if kept:
        keep_tables_together(doc, rows=False)
    src, pdf = tmp_path / "short.docx", tmp_path / "short.pdf"
    doc.save(str(src))
    update_and_export([(src, None, pdf)])
    with pdfplumber.open(str(pdf)) as p:
        pages = [[w["text"] for w in page.extract_words() if w["text"].startswith("科目")] for page in p.pages]
    if kept:
        assert pages == [[], [f"科目{i}" for i in range(1, 7)]]
    else:                                   # the split the marking prevents
        assert len(pages) == 2 and pages[0] and pages[1] and sum(map(len, pages)) == 6


# -- render/pages.py on small documents ----------------------------------------------------------

def _tidy(doc):
    from reportgen.render.pages import tidy_page_breaks

    tidy_page_breaks(doc)
    buf = io.BytesIO()
    doc.save(buf)
    return Document(io.BytesIO(buf.getvalue()))


def _shape(doc) -> list[str]:
    out = []
    for el in doc.element.body.iterchildren():
        if el.tag == qn("w:tbl"):
            out.append("table")
        elif el.tag == qn("w:p"):
            ppr = el.find(qn("w:pPr"))
            text = "".join(t.text or "" for t in el.iter(qn("w:t")))
            marks = []
            if ppr is not None and ppr.find(qn("w:pageBreakBefore")) is not None:
                marks.append("pbb")
            if ppr is not None and ppr.find(qn("w:sectPr")) is not None:
                marks.append("sect")
            if any(br.get(qn("w:type")) == "page" for br in el.iter(qn("w:br"))):
                marks.append("br")
            out.append(f"p:{text}" + (f"[{','.join(marks)}]" if marks else ""))
    return out


def _page_break(doc):
    from docx.enum.text import WD_BREAK

    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def test_page_break_after_a_table_becomes_break_before_the_next_paragraph():
    doc = Document()
    doc.add_table(rows=1, cols=1)
    _page_break(doc)
    doc.add_paragraph("十一、部门项目绩效目标表")
    assert _shape(_tidy(doc)) == ["table", "p:十一、部门项目绩效目标表[pbb]"]


def test_page_break_after_a_section_break_and_at_the_end_go():
    doc = Document()
    doc.add_paragraph("表")
    doc.add_section(WD_SECTION.NEW_PAGE)          # python-docx: an empty paragraph holds the break
    _page_break(doc)
    doc.add_paragraph("第三部分 名词解释")
    _page_break(doc)
    shape = _shape(_tidy(doc))
    assert shape == ["p:表", "p:[sect]", "p:第三部分 名词解释"]


def test_an_empty_last_section_is_dropped():
    doc = Document()
    doc.add_paragraph("最后一张表")
    doc.add_section(WD_SECTION.NEW_PAGE)          # an empty paragraph holding the section break
    doc.add_paragraph("")                          # and nothing but an empty paragraph after it
    assert len(doc.sections) == 2
    tidy = _tidy(doc)
    assert _shape(tidy) == ["p:最后一张表"]
    assert len(tidy.sections) == 1


def test_a_column_too_narrow_for_its_amounts_is_widened_from_the_text_columns(tmp_path, ci_fonts):
    """The same narrow table as above, through the page hygiene of a rendered document: the amount
    column grows to hold 2,053.67 on one line, the text column gives the room, the table keeps its
    width, and LibreOffice prints the number whole."""
    _require_soffice()
    from reportgen.render.pages import fit_amount_columns
    from reportgen.render.pdf import update_and_export

    doc = Document()
    table = doc.add_table(rows=2, cols=2)
    table.autofit = False
    grid = table._tbl.tblGrid.findall(qn("w:gridCol"))
    for col, width in zip(grid, (Cm(0.9), Cm(8))):
        col.set(qn("w:w"), str(int(width.twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, (Cm(0.9), Cm(8))):
            cell.width = width
    table.rows[0].cells[0].text = "2,053.67"
    table.rows[1].cells[0].text = "12.50%"
    table.rows[0].cells[1].text = "一般公共预算财政拨款支出"
    fit_amount_columns(doc)
    widths = [int(c.get(qn("w:w"))) for c in grid]
    assert sum(widths) == int(Cm(0.9).twips) + int(Cm(8).twips)
    # 11 pt (python-docx's default template, no named Latin face: serif widths): 2,053.67 is 6
    # digits of 0.5 em and 2 marks of 0.25 = 3.5 em = 770 twips, plus two cell margins of 108
    # twips and 20 of slack = 1006 twips
    assert widths == [1007, int(Cm(0.9).twips) + int(Cm(8).twips) - 1007]
    tcw = [int(tc.find(qn("w:tcPr")).find(qn("w:tcW")).get(qn("w:w"))) for tc in table._tbl.iter(qn("w:tc"))]
    assert tcw == widths * 2
    src = tmp_path / "fitted.docx"
    doc.save(str(src))
    pdf = tmp_path / "fitted.pdf"
    update_and_export([(src, None, pdf)])
    assert page_problems(pdf) == []


def test_number_widths_follow_the_latin_face():
    from reportgen.render.pages import _number_width

    # 10 pt: Times New Roman digits are 0.5 em, Arial's 0.556 em (marks 0.25 / 0.278 em)
    assert _number_width("2,053.67", 20, "Times New Roman") == pytest.approx((6 * 0.5 + 2 * 0.25) * 200)
    assert _number_width("2,053.67", 20, "Arial") == pytest.approx((6 * 0.556 + 2 * 0.278) * 200)
    assert _number_width("12.50%", 17, "") == pytest.approx((4 * 0.5 + 0.25 + 0.833) * 170)
