"""Build the default Word templates (templates/<kind>/document.docx) with python-docx.

The .docx files are the source that a district's IT person copies and edits in Word or WPS;
this script only made their first version and keeps the shipped default reproducible.  Table
headers come from the same schema the workbook reader uses, so template and workbook agree.

Run: python tools/build_templates.py
"""
from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from reportgen.kinds.final_accounts import schema as S  # noqa: E402

BODY_FONT = "仿宋_GB2312"
HEAD_FONT = "黑体"
KAI_FONT = "楷体_GB2312"
TITLE_FONT = "方正小标宋简体"
TABLE_FONT = "宋体"
LATIN = "Times New Roman"

# text widths (page width - left - right margin); every table's columns must add up to at most these
LANDSCAPE_TEXT_CM = 29.7 - 2.0 - 2.0   # 第二部分
PORTRAIT_TEXT_CM = 21.0 - 2.8 - 2.6    # the rest
TOC_NUMBER_CM = 1.2                     # the 目录's page-number column: room for a leader and 3 digits


# -- low-level helpers -------------------------------------------------------------------------

THEME_FONT_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def set_fonts(rpr_owner, east_asia: str, size: float | None = None, bold: bool | None = None, latin: str = LATIN):
    """Set Latin and East-Asian fonts on a style or run (python-docx sets only the Latin one)."""
    font = rpr_owner.font
    font.name = latin
    if size:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    rpr = rpr_owner.element.get_or_add_rPr() if hasattr(rpr_owner.element, "get_or_add_rPr") else rpr_owner._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in THEME_FONT_ATTRS:          # Word honours a theme font over the named one
        rfonts.attrib.pop(qn(attr), None)
    rfonts.set(qn("w:eastAsia"), east_asia)
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


def style(doc, name, base="Normal", east_asia=BODY_FONT, size=16, bold=False, align=None, indent=True,
          outline: int | None = None, before=0, after=0, line=28, keep_next=False, para=True):
    styles = doc.styles
    from docx.enum.style import WD_STYLE_TYPE

    try:
        st = styles[name]
    except KeyError:
        st = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        st.base_style = styles[base]
    set_fonts(st, east_asia, size, bold)
    st.font.color.rgb = RGBColor(0, 0, 0)
    pf = st.paragraph_format
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    pf.line_spacing = Pt(line) if line else 1.0
    pf.first_line_indent = Pt(size * 2) if indent else Pt(0)
    if align is not None:
        pf.alignment = align
    pf.keep_with_next = keep_next
    ppr = st.element.get_or_add_pPr()
    ol = ppr.find(qn("w:outlineLvl"))
    if outline is None:
        if ol is not None:
            ppr.remove(ol)
    else:
        if ol is None:
            ol = OxmlElement("w:outlineLvl")
            ppr.append(ol)
        ol.set(qn("w:val"), str(outline))
    return st


def para(doc_or_cell, text="", st=None):
    p = doc_or_cell.add_paragraph(text)
    if st:
        p.style = st
    return p


def tag(doc, text):
    """A paragraph holding only a {%p ... %} tag (docxtpl removes the paragraph)."""
    return para(doc, text, "Tag")


def page_break(doc):
    p = para(doc, "", "Tag")
    p.add_run().add_break(WD_BREAK.PAGE)
    return p


def cell_text(cell, text, st="表格文字", bold=False, align="center"):
    cell.text = ""
    p = cell.paragraphs[0]
    for r in list(p._p.r_lst):       # an empty cell keeps no run, so merging it adds no blank line
        p._p.remove(r)
    p.style = st
    if text:
        run = p.add_run(text)
        if bold:
            run.bold = True
    p.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "left": WD_ALIGN_PARAGRAPH.LEFT,
                   "right": WD_ALIGN_PARAGRAPH.RIGHT}[align]
    cell.vertical_alignment = 1  # center
    return p


def set_repeat_header(row):
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def set_cant_split(row):
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))


def new_table(doc, rows, cols, widths_cm):
    t = doc.add_table(rows=rows, cols=cols)
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    tblpr = t._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblpr.append(layout)
    for row in t.rows:
        for i, w in enumerate(widths_cm):
            row.cells[i].width = Cm(w)
    for i, w in enumerate(widths_cm):
        t.columns[i].width = Cm(w)
    return t


def restyle(table, st="表格正文"):
    """Give every cell paragraph of a (finished) table another paragraph style."""
    for p in table._tbl.iter(qn("w:p")):
        ppr = p.get_or_add_pPr()
        ppr.get_or_add_pStyle().val = table.part.styles[st].style_id


def merge_clean(a, b):
    """Merge two cells without keeping the empty paragraph of the second (an extra blank line)."""
    cell = a.merge(b)
    paras = cell.paragraphs
    for p in paras[1:]:
        if not p.text:
            p._p.getparent().remove(p._p)
    return cell


def keep_row_with_next(row):
    """Word keeps a row on the page of the next one when its paragraphs keep with next."""
    set_cant_split(row)
    for cell in row.cells:
        for p in cell.paragraphs:
            p.paragraph_format.keep_with_next = True


def loop_rows(table, before_tag, cells_text, after_tag, aligns=None, bold=False):
    """Append the three rows of a docxtpl row loop: {%tr for%}, the templated row, {%tr endfor%}."""
    r = table.add_row()
    cell_text(r.cells[0], before_tag, align="left")
    r = table.add_row()
    set_cant_split(r)
    for i, text in enumerate(cells_text):
        cell_text(r.cells[i], text, align=(aligns[i] if aligns else "center"), bold=bold)
    r = table.add_row()
    cell_text(r.cells[0], after_tag, align="left")


def add_field(paragraph, instr: str, placeholder: str = "1"):
    """A simple field (PAGE) in a paragraph."""
    run = paragraph.add_run()
    b = OxmlElement("w:fldChar")
    b.set(qn("w:fldCharType"), "begin")
    run._r.append(b)
    run = paragraph.add_run()
    it = OxmlElement("w:instrText")
    it.set(qn("xml:space"), "preserve")
    it.text = f" {instr} "
    run._r.append(it)
    run = paragraph.add_run()
    s = OxmlElement("w:fldChar")
    s.set(qn("w:fldCharType"), "separate")
    run._r.append(s)
    paragraph.add_run(placeholder)
    run = paragraph.add_run()
    e = OxmlElement("w:fldChar")
    e.set(qn("w:fldCharType"), "end")
    run._r.append(e)


def fld_char(paragraph, kind, instr=None):
    run = paragraph.add_run()
    el = OxmlElement("w:fldChar")
    el.set(qn("w:fldCharType"), kind)
    if kind == "begin":
        el.set(qn("w:dirty"), "true")
    run._r.append(el)
    if instr:
        run = paragraph.add_run()
        it = OxmlElement("w:instrText")
        it.set(qn("xml:space"), "preserve")
        it.text = f" {instr} "
        run._r.append(it)


def toc_block(doc, depth: int, field_depth: str | None = None):
    """目录: a Word TOC field over heading levels 1…depth whose cached result is the outline's
    entries (so it is right before any update), then a page break.  ``field_depth`` (a Jinja
    expression) makes the field's own depth follow the document's layout."""
    para(doc, "目  录", "目录标题")
    p = para(doc, "", "Tag")
    fld_char(p, "begin", 'TOC \\o "1-%s" \\h \\z \\u' % (field_depth or depth))
    fld_char(p, "separate")
    tag(doc, "{%p for e in toc %}")
    for level in range(1, depth + 1):
        if level == 1:
            tag(doc, "{%p if e.level == 1 %}")
        elif level < depth:
            tag(doc, "{%%p elif e.level == %d %%}" % level)
        else:
            tag(doc, "{%p else %}")
        para(doc, "{{ e.text }}", f"TOC {level}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    p = para(doc, "", "Tag")
    fld_char(p, "end")
    page_break(doc)


def section_break(doc, landscape: bool):
    """End the current section here; the next one is landscape or portrait (A4)."""
    sec = doc.add_section(WD_SECTION.NEW_PAGE)
    # add_section copies the cover section's "different first page": the first page of 第二部分
    # and of 第三部分 would lose its page number
    sec.different_first_page_header_footer = False
    sec.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    if landscape:
        sec.page_width, sec.page_height = Cm(29.7), Cm(21.0)
        sec.top_margin = sec.bottom_margin = Cm(1.5)
        sec.left_margin = sec.right_margin = Cm(2.0)
        sec.footer_distance = Cm(0.7)
    else:
        sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
        sec.top_margin, sec.bottom_margin = Cm(3.7), Cm(3.5)
        sec.left_margin, sec.right_margin = Cm(2.8), Cm(2.6)
    return sec


def footer_page_number(section):
    section.footer.is_linked_to_previous = False
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.style = "页脚页码"
    p.add_run("— ")
    add_field(p, "PAGE")
    p.add_run(" —")


# -- the document ---------------------------------------------------------------------------

def set_doc_defaults(doc):
    """Document defaults name real fonts and Chinese: python-docx's default template points at theme
    fonts whose East-Asian face resolves to the Japanese ＭＳ 明朝 (LibreOffice then picks a JP face)."""
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    rfonts = rpr.find(qn("w:rFonts"))
    for attr in list(rfonts.attrib):
        del rfonts.attrib[attr]
    for attr, value in (("w:ascii", LATIN), ("w:hAnsi", LATIN), ("w:eastAsia", TABLE_FONT), ("w:cs", LATIN)):
        rfonts.set(qn(attr), value)
    rpr.find(qn("w:lang")).set(qn("w:eastAsia"), "zh-CN")


def drop_theme_fonts(doc):
    """python-docx's template gives its styles theme fonts (Calibri/Cambria and the Japanese ＭＳ
    ゴシック/明朝), which Word uses in preference to a named font: name real fonts instead, so every
    style, used or not, is set in the fonts of the document (and the PDF pins them)."""
    for rfonts in doc.styles.element.iter(qn("w:rFonts")):
        themed = [a for a in THEME_FONT_ATTRS if rfonts.get(qn(a)) is not None]
        if not themed:
            continue
        major = any("major" in rfonts.get(qn(a)) for a in themed)
        for attr in themed:
            del rfonts.attrib[qn(attr)]
        rfonts.set(qn("w:ascii"), LATIN)
        rfonts.set(qn("w:hAnsi"), LATIN)
        rfonts.set(qn("w:cs"), LATIN)
        if rfonts.get(qn("w:eastAsia")) is None:
            rfonts.set(qn("w:eastAsia"), HEAD_FONT if major else BODY_FONT)


def setup_styles(doc):
    set_doc_defaults(doc)
    drop_theme_fonts(doc)
    normal = doc.styles["Normal"]
    set_fonts(normal, BODY_FONT, 16)
    normal.paragraph_format.line_spacing = Pt(28)
    normal.paragraph_format.space_after = Pt(0)
    style(doc, "正文", indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    style(doc, "Tag", size=10, indent=False, line=None)
    style(doc, "Heading 1", east_asia=HEAD_FONT, size=16, bold=False, align=WD_ALIGN_PARAGRAPH.CENTER,
          indent=False, outline=0, before=0, after=12, keep_next=True)
    style(doc, "Heading 2", east_asia=HEAD_FONT, size=16, indent=True, outline=1, keep_next=True)
    style(doc, "Heading 3", east_asia=KAI_FONT, size=16, indent=True, outline=2, keep_next=True)
    style(doc, "小标题", east_asia=HEAD_FONT, size=16, indent=True, keep_next=True)
    style(doc, "小标题二", east_asia=KAI_FONT, size=16, indent=True, keep_next=True)
    style(doc, "封面标题", east_asia=TITLE_FONT, size=22, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False,
          line=40, before=0)
    style(doc, "封面日期", east_asia=KAI_FONT, size=16, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    style(doc, "目录标题", east_asia=HEAD_FONT, size=18, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, after=12)
    for level, size in ((1, 14), (2, 14)):
        st = style(doc, f"TOC {level}", east_asia=BODY_FONT if level == 2 else HEAD_FONT, size=size,
                   indent=False, line=26)
        st.paragraph_format.left_indent = Cm(0 if level == 1 else 0.8)
        # a long entry wraps before the page-number column (right indent) and its number still
        # stands right-aligned after a dot leader on the last line (the tab stop is beyond the indent)
        st.paragraph_format.right_indent = Cm(TOC_NUMBER_CM)
        st.paragraph_format.tab_stops.add_tab_stop(Cm(PORTRAIT_TEXT_CM), alignment=2, leader=1)  # right, dots
    style(doc, "表标题", east_asia=HEAD_FONT, size=14, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False,
          line=22, after=2, keep_next=True)
    style(doc, "表头信息", east_asia=TABLE_FONT, size=10, indent=False, line=14, keep_next=True)
    # the nine tables: dense figures on landscape pages (表1 and its notes fit one page)
    style(doc, "表格文字", east_asia=TABLE_FONT, size=8.5, indent=False, line=10)
    # text-heavy tables on portrait pages (重点工作 table, 绩效自评表): a readable size
    style(doc, "表格正文", east_asia=TABLE_FONT, size=10, indent=False, line=13)
    # the 绩效自评表 forms: one form a page in the usual case
    style(doc, "表单文字", east_asia=TABLE_FONT, size=9, indent=False, line=11.5)
    style(doc, "表注", east_asia=TABLE_FONT, size=10, indent=False, line=14)
    style(doc, "图题", east_asia=BODY_FONT, size=12, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, line=20)
    style(doc, "图片", indent=False, align=WD_ALIGN_PARAGRAPH.CENTER, line=None, keep_next=True)
    style(doc, "页脚页码", east_asia=LATIN, size=12, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER, line=None)
    style(doc, "附件标题", east_asia=HEAD_FONT, size=14, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, line=24,
          keep_next=True)   # a form's title stays with the form


def table_header_lines(doc):
    p = para(doc, "{{ labels.entity_line }}\t{{ labels.unit }}", "表头信息")
    p.paragraph_format.tab_stops.add_tab_stop(Cm(LANDSCAPE_TEXT_CM), alignment=2)


def table_heading(doc, tid):
    p = para(doc, "{{ %s.section.heading }}" % tid, "Heading 2")
    p.paragraph_format.line_spacing = Pt(24)   # room for 表1 and its notes on one landscape page
    tag(doc, "{%%p if %s.section.caption %%}" % tid)
    para(doc, "{{ %s.section.caption }}" % tid, "表标题")
    tag(doc, "{%p endif %}")
    table_header_lines(doc)


def notes(doc, tid):
    tag(doc, "{%%p for n in %s.notes %%}" % tid)
    para(doc, "{{ n }}", "表注")
    tag(doc, "{%p endfor %}")


def func_table(doc, sheet: S.FuncTableSheet, tid: str):
    n = len(sheet.columns)
    usable = 25.7
    code_w, name_w = 2.4, 7.0
    amt_w = (usable - code_w - name_w) / n
    has_groups = any(c.group for c in sheet.columns)
    t = new_table(doc, 3, 2 + n, [code_w, name_w] + [amt_w] * n)
    r0, r1, r2 = t.rows
    for r in (r0, r1, r2):
        set_repeat_header(r)
    cell_text(r0.cells[0], "项目", bold=True)
    r0.cells[0].merge(r0.cells[1])
    cell_text(r1.cells[0], "功能分类科目编码" if sheet.classification == "function" else "经济分类科目编码", bold=True)
    cell_text(r1.cells[1], "科目名称", bold=True)
    cell_text(r2.cells[0], "类 款 项")
    cell_text(r2.cells[1], "栏次")
    # amount headers
    i = 0
    while i < n:
        col = sheet.columns[i]
        if col.group:
            j = i
            while j + 1 < n and sheet.columns[j + 1].group == col.group:
                j += 1
            cell_text(r0.cells[2 + i], col.group, bold=True)
            if j > i:
                r0.cells[2 + i].merge(r0.cells[2 + j])
            for k in range(i, j + 1):
                cell_text(r1.cells[2 + k], sheet.columns[k].label, bold=True)
            i = j + 1
        else:
            cell_text(r0.cells[2 + i], col.label, bold=True)
            if has_groups or True:
                r0.cells[2 + i].merge(r1.cells[2 + i])
            i += 1
    for k, col in enumerate(sheet.columns):
        cell_text(r2.cells[2 + k], str(col.no))
    cells = ["{{ r.code }}", "{{ r.name }}"] + ["{{ r.v.%s|cell }}" % c.key for c in sheet.columns]
    loop_rows(t, "{%%tr for r in %s.rows %%}" % tid, cells, "{%tr endfor %}",
              aligns=["left", "left"] + ["right"] * n)
    return t


def fixed_table(doc, sheet: S.FixedTableSheet, tid: str):
    """表1/表4: 收入 and 支出 blocks side by side, each 项目 | 行次 | amounts; 表4's four 支出 columns
    sit under a 决算数 super-header (one more header row)."""
    nr = len(sheet.right_columns)
    usable = 25.7
    if nr == 1:
        widths = [8.0, 1.2, 3.6, 8.0, 1.2, 3.6]
    else:
        widths = [6.2, 1.0, 2.6, 6.2, 1.0] + [(usable - 17.0) / nr] * nr
    grouped = nr > 1
    t = new_table(doc, 4 if grouped else 3, len(widths), widths)
    rows = t.rows
    for r in rows:
        set_repeat_header(r)
    top, labels, nos = rows[0], rows[1], rows[-1]
    cell_text(top.cells[0], sheet.left_header, bold=True)
    top.cells[0].merge(top.cells[2])
    cell_text(top.cells[3], sheet.right_header, bold=True)
    top.cells[3].merge(top.cells[len(widths) - 1])
    for base in (0, 3):
        for k, text in enumerate(("项目", "行次")):
            cell_text(labels.cells[base + k], text, bold=True)
            if grouped:
                labels.cells[base + k].merge(rows[2].cells[base + k])
        cell_text(nos.cells[base], "栏次")
        cell_text(nos.cells[base + 1], "")
    cell_text(labels.cells[2], "决算数", bold=True)
    if grouped:
        labels.cells[2].merge(rows[2].cells[2])
    cell_text(nos.cells[2], str(sheet.left_columns[0].no))
    if grouped:
        cell_text(labels.cells[5], sheet.right_columns[0].group, bold=True)
        labels.cells[5].merge(labels.cells[4 + nr])
        for k, col in enumerate(sheet.right_columns):
            cell_text(rows[2].cells[5 + k], col.label, bold=True)
            cell_text(nos.cells[5 + k], str(col.no))
    else:
        cell_text(labels.cells[5], "决算数", bold=True)
        cell_text(nos.cells[5], str(sheet.right_columns[0].no))
    cells = ["{{ r.l_label }}", "{{ r.l_no }}", "{{ r.l_v|cell }}", "{{ r.r_label }}", "{{ r.r_no }}"]
    cells += ["{{ r.r_v.%s|cell }}" % c.key for c in sheet.right_columns]
    loop_rows(t, "{%%tr for r in %s.rows %%}" % tid, cells, "{%tr endfor %}",
              aligns=["left", "center", "right", "left", "center"] + ["right"] * nr)
    return t


def econ_table(doc, sheet: S.EconTableSheet, tid: str):
    widths = [1.6, 4.96, 2.0] * 3   # 25.68 cm <= LANDSCAPE_TEXT_CM
    t = new_table(doc, 2, 9, widths)
    r0, r1 = t.rows
    for r in (r0, r1):
        set_repeat_header(r)
    cell_text(r0.cells[0], "人员经费", bold=True)
    r0.cells[0].merge(r0.cells[2])
    cell_text(r0.cells[3], "公用经费", bold=True)
    r0.cells[3].merge(r0.cells[8])
    for b in range(3):
        cell_text(r1.cells[3 * b], "经济分类科目编码", bold=True)
        cell_text(r1.cells[3 * b + 1], "科目名称", bold=True)
        cell_text(r1.cells[3 * b + 2], "决算数", bold=True)
    cells = []
    for b in range(3):
        cells += ["{{ r.c%d }}" % b, "{{ r.n%d }}" % b, "{{ r.v%d|cell }}" % b]
    loop_rows(t, "{%%tr for r in %s.rows %%}" % tid, cells, "{%tr endfor %}",
              aligns=["left", "left", "right"] * 3)
    f = t.add_row()
    cell_text(f.cells[0], "人员经费合计", bold=True)
    f.cells[0].merge(f.cells[1])
    cell_text(f.cells[2], "{{ %s.personnel|cell }}" % tid, align="right")
    cell_text(f.cells[3], "公用经费合计", bold=True)
    f.cells[3].merge(f.cells[7])
    cell_text(f.cells[8], "{{ %s.public|cell }}" % tid, align="right")
    return t


def sangong_table(doc, sheet: S.RowTableSheet, tid: str):
    widths = [25.7 / 12] * 12
    t = new_table(doc, 5, 12, widths)
    r0, r1, r2, r3, r4 = t.rows
    for r in (r0, r1, r2, r3):
        set_repeat_header(r)
    for half, base in (("预算数", 0), ("决算数", 6)):
        cell_text(r0.cells[base], half, bold=True)
        r0.cells[base].merge(r0.cells[base + 5])
        cell_text(r1.cells[base], "合计", bold=True)
        r1.cells[base].merge(r2.cells[base])
        cell_text(r1.cells[base + 1], "因公出国（境）费", bold=True)
        r1.cells[base + 1].merge(r2.cells[base + 1])
        cell_text(r1.cells[base + 2], "{{ labels.vehicle }}", bold=True)
        r1.cells[base + 2].merge(r1.cells[base + 4])
        cell_text(r2.cells[base + 2], "小计", bold=True)
        cell_text(r2.cells[base + 3], "公务用车购置费", bold=True)
        cell_text(r2.cells[base + 4], "{{ labels.vehicle_run }}", bold=True)
        cell_text(r1.cells[base + 5], "公务接待费", bold=True)
        r1.cells[base + 5].merge(r2.cells[base + 5])
    for k, col in enumerate(sheet.columns):
        cell_text(r3.cells[k], str(col.no))
        cell_text(r4.cells[k], "{{ %s.v.%s|cell }}" % (tid, col.key), align="right")
    return t


def sangong_ext_table(doc, tid: str):
    """The 三公 table with the columns a layout adds (``extra_columns``): each half's six columns, then
    a column loop over its extra columns; 预算数/决算数 span their half ({% colspan %}); the 栏次 and
    amount rows are one column loop over every column.  The template's grid has 18 columns (three
    per loop); docxtpl drops the unused ones and the renderer sets the cells' widths from the grid."""
    n = 18
    t = new_table(doc, 5, n, [25.7 / n] * n)
    r0, r1, r2, r3, r4 = t.rows
    for r in (r0, r1, r2, r3):
        set_repeat_header(r)
    set_cant_split(r4)
    for half, base, extra, span in (("预算数", 0, "extra_b", "span_b"), ("决算数", 9, "extra_a", "span_a")):
        cell_text(r0.cells[base], half + "{%% colspan %s.%s %%}" % (tid, span), bold=True)
        merge_clean(r0.cells[base], r0.cells[base + 8])
        cell_text(r1.cells[base], "合计", bold=True)
        r1.cells[base].merge(r2.cells[base])
        cell_text(r1.cells[base + 1], "因公出国（境）费", bold=True)
        r1.cells[base + 1].merge(r2.cells[base + 1])
        cell_text(r1.cells[base + 2], "{{ labels.vehicle }}", bold=True)
        merge_clean(r1.cells[base + 2], r1.cells[base + 4])
        cell_text(r2.cells[base + 2], "小计", bold=True)
        cell_text(r2.cells[base + 3], "公务用车购置费", bold=True)
        cell_text(r2.cells[base + 4], "{{ labels.vehicle_run }}", bold=True)
        cell_text(r1.cells[base + 5], "公务接待费", bold=True)
        r1.cells[base + 5].merge(r2.cells[base + 5])
        for row, text, merge in ((r1, "{{ x }}", "restart"), (r2, "", "continue")):
            cell_text(row.cells[base + 6], "{%%tc for x in %s.%s %%}" % (tid, extra))
            cell_text(row.cells[base + 7], text, bold=True)
            row.cells[base + 7]._tc.vMerge = merge
            cell_text(row.cells[base + 8], "{%tc endfor %}")
    for row, text, align in ((r3, "{{ c.no }}", "center"), (r4, "{{ '' if c.v is none else c.v|cell }}", "right")):
        cell_text(row.cells[0], "{%%tc for c in %s.cols %%}" % tid)
        cell_text(row.cells[1], text, align=align)
        cell_text(row.cells[2], "{%tc endfor %}")
        for tc in row._tr.tc_lst[3:]:
            row._tr.remove(tc)
    return t


def derived_table(doc):
    table_heading(doc, "it.t")
    t = new_table(doc, 2, 3, [3.0, 14.7, 8.0])
    for r in t.rows:
        set_repeat_header(r)
    cell_text(t.rows[0].cells[0], "功能分类科目编码", bold=True)
    cell_text(t.rows[0].cells[1], "科目名称", bold=True)
    cell_text(t.rows[0].cells[2], "{{ it.t.columns[0].label }}", bold=True)
    cell_text(t.rows[1].cells[0], "类 款 项")
    cell_text(t.rows[1].cells[1], "栏次")
    cell_text(t.rows[1].cells[2], "1")
    loop_rows(t, "{%tr for r in it.t.rows %}",
              ["{{ r.code }}", "{{ r.name }}", "{{ r.v[it.t.columns[0].key]|cell }}"], "{%tr endfor %}",
              aligns=["left", "left", "right"])
    tag(doc, "{%p for n in it.t.notes %}")
    para(doc, "{{ n }}", "表注")
    tag(doc, "{%p endfor %}")


def part4_widget(doc):
    """第四部分 (重点工作): a Word file, numbered sections, a table — whichever the project gives."""
    tag(doc, "{%p if part4.subdoc %}")
    para(doc, "{{p part4.subdoc }}", "Tag")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p for s4 in part4.sections %}")
    para(doc, "{{ s4.number }}{{ s4.title }}", "小标题")
    tag(doc, "{%p for ptext in s4.paragraphs %}")
    para(doc, "{{ ptext }}", "正文")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p for sub in s4.subsections %}")
    para(doc, "{{ sub.number }}{{ sub.title }}", "小标题二")
    tag(doc, "{%p for ptext in sub.paragraphs %}")
    para(doc, "{{ ptext }}", "正文")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if part4.table %}")
    t = new_table(doc, 1, 4, [1.3, 3.0, 9.5, 1.8])
    set_repeat_header(t.rows[0])
    for i, h in enumerate(("序号", "重要事项", "工作内容及目标", "完成情况")):
        cell_text(t.rows[0].cells[i], h, bold=True)
    loop_rows(t, "{%tr for r in part4.table %}",
              ["{{ loop.index }}", "{{ r.item }}", "{{ r.content }}", "{{ r.status }}"], "{%tr endfor %}",
              aligns=["center", "left", "left", "center"])
    restyle(t)
    tag(doc, "{%p endif %}")


def build_final_accounts(path: Path):
    doc = Document()
    setup_styles(doc)
    sec0 = doc.sections[0]
    sec0.page_width, sec0.page_height = Cm(21.0), Cm(29.7)
    sec0.top_margin, sec0.bottom_margin = Cm(3.7), Cm(3.5)
    sec0.left_margin, sec0.right_margin = Cm(2.8), Cm(2.6)
    sec0.different_first_page_header_footer = True
    # remove the default empty paragraph python-docx starts with
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)

    # cover (the layout may have none: cover.show)
    tag(doc, "{%p if cover.show %}")
    p = para(doc, "{{ cover.title_line1 }}", "封面标题")
    p.paragraph_format.space_before = Pt(150)
    para(doc, "{{ cover.title_line2 }}", "封面标题")
    p = para(doc, "{{ cover.date }}", "封面日期")
    p.paragraph_format.space_before = Pt(260)
    page_break(doc)
    tag(doc, "{%p endif %}")

    # 目录: a real TOC field whose cached result is generated from the outline (numbering.toc_depth:
    # 1 parts only, 2 parts and sections, 0 no 目录)
    tag(doc, "{%p if toc %}")
    toc_block(doc, depth=2, field_depth="{{ toc_depth }}")
    tag(doc, "{%p endif %}")

    # The body: one loop over the flow of the layout (parts, sections, fragments' paragraphs,
    # charts, tables, widgets, breaks).  Each kind of item is laid out once here.
    tag(doc, "{%p for it in flow %}")
    tag(doc, "{%p if it.kind == 'h1' %}")
    para(doc, "{{ it.text }}", "Heading 1")
    tag(doc, "{%p elif it.kind == 'h1t' %}")
    p = para(doc, "{{ it.text }}", "Heading 1")
    p.paragraph_format.space_after = Pt(4)
    tag(doc, "{%p elif it.kind == 'h2' %}")
    para(doc, "{{ it.text }}", "Heading 2")
    tag(doc, "{%p elif it.kind == 'h3' %}")
    para(doc, "{{ it.text }}", "Heading 3")
    for st in ("正文", "小标题", "小标题二", "表注", "图题"):
        tag(doc, "{%%p elif it.kind == 'p' and it.style == '%s' %%}" % st)
        para(doc, "{{ it.text }}", st)
    tag(doc, "{%p elif it.kind == 'chart' %}")
    para(doc, "{{ it.image }}", "图片")
    para(doc, "{{ it.caption }}", "图题")
    tag(doc, "{%p elif it.kind == 'break' %}")
    page_break(doc)
    # a part of tables sits on landscape pages: the section before it ends portrait, and it ends
    # landscape (each of the two paragraphs carries the page setup of the section it closes)
    tag(doc, "{%p elif it.kind == 'end_portrait' %}")
    section_break(doc, landscape=True)
    for tid, sheet in (("t1", S.T1), ("t2", S.T2), ("t3", S.T3), ("t4", S.T4), ("t5", S.T5),
                       ("t6", S.T6), ("t7", S.T7), ("t8", S.T8), ("t9", S.T9)):
        tag(doc, "{%%p elif it.kind == 'table' and it.shape == '%s' %%}" % tid)
        ref = "it.t"   # the table of this flow item (a standard table, or a copy of one)
        table_heading(doc, ref)
        if isinstance(sheet, S.FuncTableSheet):
            func_table(doc, sheet, ref)
        elif isinstance(sheet, S.FixedTableSheet):
            fixed_table(doc, sheet, ref)
        elif isinstance(sheet, S.EconTableSheet):
            econ_table(doc, sheet, ref)
        else:
            sangong_table(doc, sheet, ref)
        notes(doc, ref)
        if tid in ("t7", "t8"):
            tid = ref
            tag(doc, "{%%p if %s.empty %%}" % tid)
            para(doc, "{{ %s.empty_text }}" % tid, "正文")
            tag(doc, "{%p endif %}")
    # the 三公 table with the columns a layout adds (extra_columns: 会议费, 培训费, 机关运行经费 …)
    tag(doc, "{%p elif it.kind == 'table' and it.shape == 't9x' %}")
    table_heading(doc, "it.t")
    sangong_ext_table(doc, "it.t")
    notes(doc, "it.t")
    # a table derived from 表5 by the layout (code, name, one amount column)
    tag(doc, "{%p elif it.kind == 'table' and it.shape == 'func1' %}")
    derived_table(doc)
    # (after the table branches: in the template itself the tables sit in the landscape section)
    tag(doc, "{%p elif it.kind == 'end_landscape' %}")
    section_break(doc, landscape=False)
    tag(doc, "{%p elif it.kind == 'part4' %}")
    part4_widget(doc)
    tag(doc, "{%p elif it.kind == 'perf_tables' %}")
    appendix(doc)
    tag(doc, "{%p elif it.kind == 'attachments' %}")
    T = lambda text: tag(doc, text)  # noqa: E731
    T("{%p for a in attachments %}")
    page_break(doc)
    # flush left like the two 自评表 headings before it
    para(doc, "{{ a.heading }}", "小标题").paragraph_format.first_line_indent = Pt(0)
    para(doc, "{{p a.subdoc }}", "Tag")
    T("{%p endfor %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")

    # footer page numbers on every section but the cover
    for i, sec in enumerate(doc.sections):
        footer_page_number(sec)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.core_properties.author = "reportgen"
    doc.core_properties.title = "部门决算公开模板"
    doc.save(path)


# 绩效自评表 columns: 15.6 cm = PORTRAIT_TEXT_CM
FORM_WIDTHS = [2.3, 2.0, 2.2, 3.3, 2.1, 2.1, 1.6]


def appendix(doc):
    P = lambda text, st="正文": para(doc, text, st)  # noqa: E731
    T = lambda text: tag(doc, text)  # noqa: E731
    o = "s.performance.overall"
    # flush left: with the indent a department name of usual length leaves 表 alone on a line
    P("一、{{ Y }}年度{{ dept }}整体绩效自评表", "小标题").paragraph_format.first_line_indent = Pt(0)
    P("{{ Y }}年度部门（单位）整体绩效自评表", "附件标题")
    P("单位名称（盖章）：{{ %s.unit_name }}    填报日期：{{ %s.date|date }}    自评得分：{{ %s.score|num }}" % (o, o, o), "表头信息")
    t = new_table(doc, 4, 7, FORM_WIDTHS)
    r = t.rows
    cell_text(r[0].cells[0], "单位名称", bold=True)
    r[0].cells[1].merge(r[0].cells[6])
    cell_text(r[0].cells[1], "{{ %s.unit_name }}" % o)
    cell_text(r[1].cells[0], "基本支出总额（万元）", bold=True)
    r[1].cells[1].merge(r[1].cells[2])
    cell_text(r[1].cells[1], "{{ %s.basic|cell }}" % o)
    cell_text(r[1].cells[3], "项目支出总额", bold=True)
    r[1].cells[4].merge(r[1].cells[6])
    cell_text(r[1].cells[4], "{{ %s.project|cell }}" % o)
    cell_text(r[2].cells[0], "预算执行情况（万元）（20分）", bold=True)
    r[2].cells[0].merge(r[3].cells[0])
    r[2].cells[1].merge(r[2].cells[2])
    for i, h in ((3, "预算数（A）"), (4, "执行数（B）"), (5, "执行率（B/A）"), (6, "得分（20分×执行率）")):
        cell_text(r[2].cells[i], h, bold=True)
    r[3].cells[1].merge(r[3].cells[2])
    cell_text(r[3].cells[1], "部门整体支出总额")
    cell_text(r[3].cells[3], "{{ %s.budget|cell }}" % o)
    cell_text(r[3].cells[4], "{{ %s.actual|cell }}" % o)
    cell_text(r[3].cells[5], "{{ %s.rate|pct }}" % o)
    cell_text(r[3].cells[6], "{{ %s.exec_score|num }}" % o)
    # each goal: its row, the indicator header row, its indicator rows (nested row loops)
    r = t.add_row()
    cell_text(r.cells[0], "{%%tr for g in %s.goals %%}" % o, align="left")
    r = t.add_row()
    cell_text(r.cells[0], "年度目标{{ g.no }}（{{ g.weight|num }}分）", bold=True)
    r.cells[1].merge(r.cells[6])
    cell_text(r.cells[1], "{{ g.text }}", align="left")
    keep_row_with_next(r)
    hdr = t.add_row()
    keep_row_with_next(hdr)
    for i, h in enumerate(("一级指标", "二级指标", "三级指标", "", "年初目标值（A）", "实际完成值（B）", "得分")):
        cell_text(hdr.cells[i], h, bold=True)
    hdr.cells[2].merge(hdr.cells[3])
    cell_text(hdr.cells[2], "三级指标", bold=True)
    loop_rows(t, "{%tr for i in g.indicators %}",
              ["{{ i.level1 }}", "{{ i.level2 }}", "指标{{ i.n }}：{{ i.level3 }}（{{ i.weight|num }}分）", "",
               "{{ i.target }}", "{{ i.actual }}", "{{ i.score|num }}"], "{%tr endfor %}",
              aligns=["center", "center", "left", "left", "center", "center", "center"])
    ind_row = t.rows[-2]
    merge_clean(ind_row.cells[2], ind_row.cells[3])
    r = t.add_row()
    cell_text(r.cells[0], "{%tr endfor %}", align="left")
    for label, key in (("偏差大或目标未完成原因分析", "deviation"), ("改进措施及结果应用方案", "improve")):
        rr = t.add_row()
        cell_text(rr.cells[0], label, bold=True)
        rr.cells[1].merge(rr.cells[6])
        cell_text(rr.cells[1], "{{ %s.%s or '无' }}" % (o, key), align="left")
    restyle(t, "表单文字")
    T("{%p for n in perf_notes %}")
    P("{{ n }}", "表注")
    T("{%p endfor %}")

    page_break(doc)                      # each 自评表 starts a page: a form is read as one sheet
    P("二、{{ Y }}年度项目绩效自评表", "小标题").paragraph_format.first_line_indent = Pt(0)
    T("{%p for p in s.performance.projects %}")
    T("{%p if not loop.first %}")
    page_break(doc)
    T("{%p endif %}")
    P("{{ Y }}年度项目支出绩效自评表（{{ loop.index }}）", "附件标题")
    P("单位名称（盖章）：{{ dept }}    填报日期：{{ p.date|date }}    自评得分：{{ p.score|num }}", "表头信息")
    t = new_table(doc, 11, 7, FORM_WIDTHS)
    r = t.rows
    cell_text(r[0].cells[0], "项目名称", bold=True)
    r[0].cells[1].merge(r[0].cells[6])
    cell_text(r[0].cells[1], "{{ p.eval_name }}")
    cell_text(r[1].cells[0], "主管部门", bold=True)
    r[1].cells[1].merge(r[1].cells[2])
    cell_text(r[1].cells[1], "{{ p.department }}")
    cell_text(r[1].cells[3], "项目实施单位", bold=True)
    r[1].cells[4].merge(r[1].cells[6])
    cell_text(r[1].cells[4], "{{ p.implementer }}")
    cell_text(r[2].cells[0], "项目类型", bold=True)
    r[2].cells[1].merge(r[2].cells[6])
    cell_text(r[2].cells[1], "{% for ty in ['经常性项目', '延续性项目', '一次性项目'] %}{{ loop.index }}、{{ ty }}{{ '☑' if p.type == ty else '☐' }}  {% endfor %}", align="left")
    cell_text(r[3].cells[0], "预算来源及资金规模（万元）", bold=True)
    r[3].cells[1].merge(r[3].cells[6])
    cell_text(r[3].cells[1], "{% for name, amt in p.sources %}{{ loop.index }}、{{ name }}{{ '☑' if amt else '☐' }} 资金量：{{ amt|cell }}  {% endfor %}", align="left")
    cell_text(r[4].cells[0], "预算执行情况（万元）（20分）", bold=True)
    r[4].cells[0].merge(r[5].cells[0])
    r[4].cells[1].merge(r[4].cells[2])
    for i, h in ((3, "预算数（A）"), (4, "执行数（B）"), (5, "执行率（B/A）"), (6, "得分（20分×执行率）")):
        cell_text(r[4].cells[i], h, bold=True)
    r[5].cells[1].merge(r[5].cells[2])
    cell_text(r[5].cells[1], "年度财政资金总额")
    cell_text(r[5].cells[3], "{{ p.budget|cell }}")
    cell_text(r[5].cells[4], "{{ p.amount|cell }}")
    cell_text(r[5].cells[5], "{{ p.rate|pct }}")
    cell_text(r[5].cells[6], "{{ p.exec_score|num }}")
    # the 总目标 rows, shown when the layout's form has them (20 + 20 + 60; not in a 20 + 80 form)
    cell_text(r[6].cells[0], "{%tr if perf_form.goal_row %}", align="left")
    cell_text(r[7].cells[0], "项目绩效总目标（{{ perf_form.goal_points }}分）", bold=True)
    r[7].cells[0].merge(r[8].cells[0])
    # 全年实际完成情况 is usually the longer text: give it the wider span (7.5 cm against 4.2 cm)
    r[7].cells[1].merge(r[7].cells[2])
    cell_text(r[7].cells[1], "年初设定目标", bold=True)
    r[7].cells[3].merge(r[7].cells[5])
    cell_text(r[7].cells[3], "全年实际完成情况", bold=True)
    cell_text(r[7].cells[6], "得分", bold=True)
    r[8].cells[1].merge(r[8].cells[2])
    cell_text(r[8].cells[1], "{{ p.goal }}", align="left")
    r[8].cells[3].merge(r[8].cells[5])
    cell_text(r[8].cells[3], "{{ p.achieved }}", align="left")
    cell_text(r[8].cells[6], "{{ p.goal_score|num }}")
    cell_text(r[9].cells[0], "{%tr endif %}", align="left")
    hdr = r[10]
    keep_row_with_next(hdr)
    for i, h in enumerate(("一级指标", "二级指标", "三级指标", "", "年初目标值（A）", "实际完成值（B）", "得分")):
        cell_text(hdr.cells[i], h, bold=True)
    hdr.cells[2].merge(hdr.cells[3])
    cell_text(hdr.cells[2], "三级指标（项目年度绩效指标，{{ perf_form.indicator_points }}分）", bold=True)
    loop_rows(t, "{%tr for i in p.indicators %}",
              ["{{ i.level1 }}", "{{ i.level2 }}", "{{ i.level3 }}（{{ i.weight|num }}分）", "",
               "{{ i.target }}", "{{ i.actual }}", "{{ i.score|num }}"], "{%tr endfor %}",
              aligns=["center", "center", "left", "left", "center", "center", "center"])
    ind_row = t.rows[-2]
    merge_clean(ind_row.cells[2], ind_row.cells[3])
    for label, key in (("偏差大或目标未完成原因分析", "deviation"), ("改进措施及结果应用方案", "improve")):
        rr = t.add_row()
        cell_text(rr.cells[0], label, bold=True)
        rr.cells[1].merge(rr.cells[6])
        cell_text(rr.cells[1], "{{ p.%s or '无' }}" % key, align="left")
    restyle(t, "表单文字")
    T("{%p for n in perf_notes %}")
    P("{{ n }}", "表注")
    T("{%p endfor %}")
    T("{%p endfor %}")


if __name__ == "__main__":
    out = ROOT / "templates" / "final_accounts" / "document.docx"
    build_final_accounts(out)
    print(out)
