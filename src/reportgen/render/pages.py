"""Page hygiene of a rendered document, whatever template it came from.

Templates (ours and a district's) end a page with an empty paragraph holding a page break.  When
the table or text before it fills its page exactly, that paragraph spills onto a page of its own
and the break then makes a blank page; after a section break (which starts a page already) it
always does.  Here such paragraphs become "page break before" on the paragraph that follows, or
go where a new page starts anyway; empty section-break paragraphs are made too small to spill.
Table rows never split over two pages (unless taller than a quarter page).  The document Title (core properties, and so the PDF's Title) is the document's own title.
"""
from __future__ import annotations

import functools

from docx.oxml import OxmlElement
from docx.oxml.ns import qn as _qn
from docx.text.paragraph import Paragraph

# the Clark names of the tags looked up below: python-docx's qn() splits and joins each time, and
# the page checks look at every paragraph and table cell of the document
qn = functools.lru_cache(maxsize=None)(_qn)

_CONTENT = (qn("w:t"), qn("w:drawing"), qn("w:pict"), qn("w:object"), qn("w:fldChar"), qn("w:instrText"),
            qn("w:tab"), qn("w:sym"))


def _sect(p):
    ppr = p.find(qn("w:pPr"))
    return ppr.find(qn("w:sectPr")) if ppr is not None else None


def _empty(p) -> bool:
    return not any(True for el in p.iter(*_CONTENT) if el.tag != qn("w:t") or (el.text or "").strip())


def _page_breaks(p) -> list:
    return [br for br in p.iter(qn("w:br")) if br.get(qn("w:type")) == "page"]


def _starts_page(sect) -> bool:
    """A section break of this kind starts a new page (nextPage is the default)."""
    t = sect.find(qn("w:type"))
    return t is None or t.get(qn("w:val"), "nextPage") in ("nextPage", "oddPage", "evenPage")


def tidy_page_breaks(document) -> None:
    body = document.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        if _sect(p) is not None or not _page_breaks(p) or not _empty(p):
            continue
        prev, nxt = p.getprevious(), p.getnext()
        if prev is not None and prev.tag == qn("w:p") and _sect(prev) is not None and _starts_page(_sect(prev)):
            body.remove(p)                       # the section break has started a page already
        elif nxt is None or nxt.tag == qn("w:sectPr"):
            body.remove(p)                       # a break at the very end: a blank last page
        elif nxt.tag == qn("w:p"):
            body.remove(p)
            if _sect(nxt) is not None and _empty(nxt) and _starts_page(_sect(nxt)):
                continue                         # the section break that follows starts the page
            Paragraph(nxt, document._body).paragraph_format.page_break_before = True
    _drop_empty_last_section(body)
    for p in body.iterchildren(qn("w:p")):
        if _sect(p) is not None and _empty(p):
            _make_tiny(p)


TALL_ROW_PT = 180     # a quarter of a portrait page's text height, a third of a landscape one's
SMALL_TABLE_PT = 300  # a table up to about 40 % of a portrait page moves whole rather than split

# tag names, looked up once (these run over every row of every table of a document)
(_TBL, _TBL_GRID, _GRID_COL, _TR, _TR_PR, _TBL_PR_EX, _CANT_SPLIT, _GRID_BEFORE, _TC, _TC_PR, _GRID_SPAN, _P,
 _P_PR, _P_STYLE, _KEEP_NEXT, _T, _VAL, _W, _SZ, _R_FONTS, _ASCII) = (
    qn("w:tbl"), qn("w:tblGrid"), qn("w:gridCol"), qn("w:tr"), qn("w:trPr"), qn("w:tblPrEx"), qn("w:cantSplit"),
    qn("w:gridBefore"), qn("w:tc"), qn("w:tcPr"), qn("w:gridSpan"), qn("w:p"), qn("w:pPr"), qn("w:pStyle"),
    qn("w:keepNext"), qn("w:t"), qn("w:val"), qn("w:w"), qn("w:sz"), qn("w:rFonts"), qn("w:ascii"))
_TC_W, _TYPE = qn("w:tcW"), qn("w:type")


def _first(el, tag):
    """The first child of ``el`` with ``tag``: ``el.find(tag)`` without parsing a path on each call
    (twice as fast; the page checks look at every cell of every table)."""
    for child in el.iterchildren(tag):
        return child
    return None


def _row_cells(tr) -> list[tuple]:
    """(tc, its tcPr or None, its tcW or None, first grid column, columns spanned) of each cell of a
    row, counted from the row's gridBefore."""
    trpr = _first(tr, _TR_PR)
    before = _first(trpr, _GRID_BEFORE) if trpr is not None else None
    pos = int(before.get(_VAL, "0")) if before is not None else 0
    out = []
    for tc in tr.iterchildren(_TC):
        first = tc[0] if len(tc) else None
        # the schema puts tcPr first: looked at directly (a lookup by tag costs more than the rest)
        tcpr = first if first is not None and first.tag == _TC_PR else _first(tc, _TC_PR)
        span_el = tcw = None
        if tcpr is not None:
            for child in tcpr:
                tag = child.tag
                if tag == _GRID_SPAN and span_el is None:
                    span_el = child
                elif tag == _TC_W and tcw is None:
                    tcw = child
        span = int(span_el.get(_VAL)) if span_el is not None else 1
        out.append((tc, tcpr, tcw, pos, span))
        pos += span
    return out


class _Cell:
    """A table cell as the page checks see it, read in one pass: its tcPr and tcW, first grid column
    and span, all its text (nested paragraphs and tables included), and the first w:sz, w:pStyle and
    w:rFonts with a Latin face in it (what :func:`_cell_size` and :func:`_cell_props` go by).  The
    texts of its own paragraphs are read when first asked for."""

    __slots__ = ("tc", "tcpr", "tcw", "pos", "span", "text", "sz", "pstyle", "ascii", "_paragraphs")

    def __init__(self, tc, tcpr, tcw, pos: int, span: int):
        self.tc, self.tcpr, self.tcw, self.pos, self.span = tc, tcpr, tcw, pos, span
        texts, sz, pstyle, ascii_ = [], None, None, None
        for el in tc.iter(_T, _SZ, _P_STYLE, _R_FONTS):
            tag = el.tag
            if tag == _T:
                texts.append(el.text or "")
            elif tag == _SZ:
                sz = el if sz is None else sz
            elif tag == _P_STYLE:
                pstyle = el if pstyle is None else pstyle
            elif ascii_ is None:
                ascii_ = el.get(_ASCII) or None
        self.text, self.sz, self.pstyle, self.ascii = "".join(texts), sz, pstyle, ascii_
        self._paragraphs = None

    @property
    def paragraphs(self) -> list[str]:
        """The text of each of the cell's own paragraphs."""
        if self._paragraphs is None:
            self._paragraphs = ["".join(t.text or "" for t in p.iter(_T)) for p in self.tc.iterchildren(_P)]
        return self._paragraphs


class _Table:
    """A table's grid and rows, read once for the width sync, the amount columns and the row checks
    (each of which walks every cell)."""

    def __init__(self, tbl):
        self.tbl = tbl
        grid_el = _first(tbl, _TBL_GRID)
        self.cols = list(grid_el.iterchildren(_GRID_COL)) if grid_el is not None else []
        self.widths = [int(c.get(_W, "0")) for c in self.cols]
        self.rows = [(tr, [_Cell(*cell) for cell in _row_cells(tr)]) for tr in tbl.iterchildren(_TR)]

    @property
    def measured(self) -> bool:
        return bool(self.widths) and all(self.widths)


def _tables(document) -> list[_Table]:
    return [_Table(tbl) for tbl in document.element.body.iter(_TBL)]


def fit_tables(document, rows: bool = True, small_tables: bool = True) -> None:
    """:func:`sync_cell_widths`, :func:`fit_amount_columns` and :func:`keep_tables_together`, in that
    order, each table read once."""
    styles, default = _style_props(document)
    for table in _tables(document):
        _sync_table(table)
        _fit_table(table, styles, default)
        _keep_table(table, styles, default, rows, small_tables)


def keep_tables_together(document, rows: bool = True, small_tables: bool = True) -> None:
    """Rows and short tables kept on one page, each row's height estimated once at the final column
    widths (call after the widths are set).

    ``rows``: a row is never split over two pages — unless it is so tall (a long 年度目标 or 完成情况
    text in a 自评表) that moving it whole would leave a large part of the page before it blank:
    such a row may break, like running text.

    ``small_tables``: a table short enough to stand on one page is never split: split, it left a
    continuation page with the repeated header and one or two rows (a 项目绩效目标评价指标表 after
    its project's other tables).  Word's way: every paragraph of every row but the last is “keep
    with next”; LibreOffice does not apply that inside tables, so the PDF step turns such a table's
    “allow to split” off (render/uno_update.py) and Word and the PDF agree."""
    styles, default = _style_props(document)
    for table in _tables(document):
        _keep_table(table, styles, default, rows, small_tables)


def _keep_table(table: _Table, styles, default, rows: bool, small_tables: bool) -> None:
    tbl, measured = table.tbl, table.measured
    trs = [tr for tr, _cells in table.rows]
    heights = ([_row_height_pt(cells, table.widths, styles, default) for _tr, cells in table.rows] if measured
               else [0.0] * len(trs))
    if rows:
        for tr, height in zip(trs, heights):
            trpr = _first(tr, _TR_PR)
            if trpr is None:
                trpr = OxmlElement("w:trPr")
                tr.insert(1 if _first(tr, _TBL_PR_EX) is not None else 0, trpr)
            if height <= TALL_ROW_PT and _first(trpr, _CANT_SPLIT) is None:
                trpr.insert(0, OxmlElement("w:cantSplit"))
    if (small_tables and measured and len(trs) >= 2 and sum(heights) <= SMALL_TABLE_PT
            and tbl.find(f".//{_TBL}") is None):         # nested tables: leave them alone
        for tr in trs[:-1]:
            for p in tr.iter(_P):
                ppr = _first(p, _P_PR)
                if ppr is None:
                    ppr = OxmlElement("w:pPr")
                    p.insert(0, ppr)
                if _first(ppr, _KEEP_NEXT) is None:      # w:keepNext follows w:pStyle (schema order)
                    ppr.insert(1 if _first(ppr, _P_STYLE) is not None else 0, OxmlElement("w:keepNext"))


def _row_height_pt(cells: list[_Cell], widths, styles, default) -> float:
    """An estimate of a row's height: each cell's paragraphs wrapped at the cell's width (a Chinese
    character one em wide, a Latin one half), 1.3 lines of the font size each; the tallest cell."""
    tallest = 0.0
    for cell in cells:
        pos, span = cell.pos, cell.span
        room = max(sum(widths[pos:pos + span]) - 2 * _DEFAULT_MARGIN, 200) // 20     # pt
        size = _cell_size(cell, styles, default) / 2                                   # pt
        if len(cell.text) * size <= room:           # all its text, at most one em a character: one line
            lines = sum(1 for _p in cell.tc.iterchildren(_P))         # for each of its own paragraphs
        else:
            texts = cell.paragraphs
            if sum(map(len, texts)) * size <= room:
                lines = len(texts)
            else:
                lines = 0
                for text in texts:
                    ems = len(text) - 0.5 * len(text.encode("ascii", "ignore"))
                    lines += max(1, -(-int(ems * size) // int(room)))
        tallest = max(tallest, lines * size * 1.3)
    return tallest


def _cell_size(cell: _Cell, styles, default) -> int:
    """The font size of a cell in half-points (its first run's, or its paragraph style's)."""
    if cell.sz is not None:
        return int(cell.sz.get(_VAL))
    pstyle = cell.pstyle
    return (styles.get(pstyle.get(_VAL), default) if pstyle is not None else default)[0]


def _cell_props(cell: _Cell, styles, default) -> tuple[int, str]:
    """The font size (half-points, :func:`_cell_size`) and Latin face of a cell (its first run's, or
    its paragraph style's)."""
    if cell.ascii is not None:
        font = cell.ascii
    else:
        pstyle = cell.pstyle
        font = (styles.get(pstyle.get(_VAL), default) if pstyle is not None else default)[1]
    return _cell_size(cell, styles, default), font


def _drop_empty_last_section(body) -> None:
    """A document that ends with a section break followed by nothing but empty paragraphs prints a
    blank last page: the section before the break becomes the last one."""
    tail = []
    for el in reversed(list(body.iterchildren())):
        if el.tag == qn("w:sectPr"):
            continue
        if el.tag != qn("w:p") or not _empty(el) or _page_breaks(el):
            return
        tail.append(el)
        if _sect(el) is not None:
            break
    else:
        return
    last = tail[-1]
    final = body.find(qn("w:sectPr"))
    sect = _sect(last)
    if final is None or sect is None:
        return
    final.addprevious(sect)                      # the break's section properties end the document
    body.remove(final)
    for p in tail:
        body.remove(p)


def _make_tiny(p) -> None:
    """An empty paragraph that only carries a section break: 1 pt high, so it never spills."""
    para = Paragraph(p, None)
    fmt = para.paragraph_format
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt

    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(1)
    ppr = p.find(qn("w:pPr"))
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        ppr.insert(list(ppr).index(ppr.find(qn("w:sectPr"))), rpr)
    for tag in ("w:sz", "w:szCs"):
        el = rpr.find(qn(tag))
        if el is None:
            el = OxmlElement(tag)
            rpr.append(el)
        el.set(qn("w:val"), "2")


def set_title(document, title: str | None) -> None:
    """The document's Title property (shown by Word, and LibreOffice writes it into the PDF)."""
    if title:
        document.core_properties.title = title


# -- an amount never wraps ------------------------------------------------------------------------
# Advance widths in em of the characters of a printed number: Times New Roman / Liberation Serif
# (digits 0.5 em) and, for a sans face, Arial / Liberation Sans / Calibri (digits 0.556 em or less).
_EM_SERIF = {",": 0.25, ".": 0.25, "%": 0.833, "-": 0.333}
_EM_SANS = {",": 0.278, ".": 0.278, "%": 0.889, "-": 0.333}
_SANS = ("arial", "helvetica", "calibri", "sans", "黑", "yahei", "hei")
_NUMBER = __import__("re").compile(r"-?\d[\d,]*(?:\.\d+)?%?")
_DEFAULT_MARGIN = 108                 # twips: Word's default left and right cell margin
_SLACK = 20                           # twips: rounding, bold


def _number_width(token: str, half_points: int, font: str = "") -> float:
    """Width of ``token`` in twips at a font size of ``half_points`` in the Latin face ``font``."""
    sans = any(k in font.lower() for k in _SANS)
    table, digit = (_EM_SANS, 0.556) if sans else (_EM_SERIF, 0.5)
    em = sum(table.get(ch, digit) for ch in token)
    return em * half_points * 10            # 1 pt = 20 twips, half-points → pt: /2


def _style_props(document) -> tuple[dict, tuple[int, str]]:
    """{styleId: (size in half-points, Latin font)} with basedOn resolved, and the defaults."""
    styles = document.styles.element
    size, font = 20, ""
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        sz = defaults.find(f".//{qn('w:sz')}")
        size = int(sz.get(qn("w:val"))) if sz is not None else size
        rf = defaults.find(f".//{qn('w:rFonts')}")
        font = (rf.get(qn("w:ascii")) or "") if rf is not None else font
    own: dict[str, dict] = {}
    based = {}
    for st in styles.iter(qn("w:style")):
        sid = st.get(qn("w:styleId"))
        props = {}
        sz = st.find(f"{qn('w:rPr')}/{qn('w:sz')}")
        if sz is not None:
            props["size"] = int(sz.get(qn("w:val")))
        rf = st.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        if rf is not None and rf.get(qn("w:ascii")):
            props["font"] = rf.get(qn("w:ascii"))
        own[sid] = props
        b = st.find(qn("w:basedOn"))
        if b is not None:
            based[sid] = b.get(qn("w:val"))

    def resolve(sid, key, fallback, depth=0):
        if key in own.get(sid, {}):
            return own[sid][key]
        if sid in based and depth < 20:
            return resolve(based[sid], key, fallback, depth + 1)
        return fallback

    return {sid: (resolve(sid, "size", size), resolve(sid, "font", font)) for sid in own}, (size, font)


def sync_cell_widths(document) -> None:
    """A table whose column count came from a column loop ({%tc for %}: docxtpl re-divides the grid)
    keeps its template's cell widths: give each cell the width of the grid columns it spans.  Tables
    whose cells already match their grid are left as they are."""
    for table in _tables(document):
        _sync_table(table)


def _sync_table(table: _Table) -> None:
    widths = table.widths
    if not table.measured:
        return
    cells = []
    for _tr, row in table.rows:
        for cell in row:
            tcw = cell.tcw
            if tcw is not None and tcw.get(_TYPE, "dxa") == "dxa":
                cells.append((tcw, int(tcw.get(_W, "0")), sum(widths[cell.pos:cell.pos + cell.span])))
    if any(abs(have - want) > len(widths) for _el, have, want in cells):
        for tcw, _have, want in cells:
            tcw.set(_W, str(want))


def fit_amount_columns(document) -> None:
    """Widen a table column whose printed numbers do not fit it on one line, taking the room from
    the table's text columns (which wrap), so the table keeps its width and no amount breaks."""
    styles, default = _style_props(document)
    for table in _tables(document):
        _fit_table(table, styles, default)


def _fit_table(table: _Table, styles, default) -> None:
    if not table.measured:
        return
    widths = list(table.widths)
    need = [0.0] * len(widths)            # the widest number of each column
    texty = [False] * len(widths)         # holds text that may wrap
    for _tr, row in table.rows:
        for cell in row:
            if cell.span == 1 and cell.pos < len(widths):
                text = cell.text
                numbers = _NUMBER.findall(text)
                if numbers and _NUMBER.fullmatch(text.strip()):
                    size, font = _cell_props(cell, styles, default)
                    need[cell.pos] = max(need[cell.pos], max(_number_width(n, size, font) for n in numbers)
                                         + 2 * _DEFAULT_MARGIN + _SLACK)
                elif len(text.strip()) > 2:
                    texty[cell.pos] = True
    deficit = {i: need[i] - widths[i] for i in range(len(widths)) if need[i] > widths[i]}
    if not deficit:
        return
    donors = [i for i in range(len(widths)) if texty[i] and i not in deficit and need[i] < widths[i]]
    room = {i: widths[i] - max(need[i], 900) for i in donors}   # a text column keeps ≥ 1.6 cm
    room = {i: r for i, r in room.items() if r > 0}
    total_room = sum(room.values())
    if not total_room:
        return
    wanted = sum(deficit.values())
    share = min(1.0, total_room / wanted)
    taken = 0
    for i, d in deficit.items():
        add = int(d * share) + 1
        widths[i] += add
        taken += add
    for i, r in room.items():              # the text columns give in proportion to their room
        widths[i] -= int(taken * r / total_room)
    drift = sum(table.widths) - sum(widths)
    widths[max(room, key=room.get)] += drift   # keep the table's total width exactly
    for c, width in zip(table.cols, widths):
        c.set(_W, str(width))
    table.widths = widths                  # the row checks measure at the final widths
    for _tr, row in table.rows:
        for cell in row:
            tcw = cell.tcw
            if tcw is not None and tcw.get(_TYPE, "dxa") == "dxa":
                tcw.set(_W, str(sum(widths[cell.pos:cell.pos + cell.span])))
