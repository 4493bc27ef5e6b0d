"""Page hygiene of a rendered document, whatever template it came from.

Templates (ours and a district's) end a page with an empty paragraph holding a page break.  When
the table or text before it fills its page exactly, that paragraph spills onto a page of its own
and the break then makes a blank page; after a section break (which starts a page already) it
always does.  Here such paragraphs become "page break before" on the paragraph that follows, or
go where a new page starts anyway; empty section-break paragraphs are made too small to spill.
Table rows never split over two pages.  The document Title (core properties, and so the PDF's Title) is the document's own title.
"""
from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

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
    for tr in body.iter(qn("w:tr")):             # a row is never split over two pages
        trpr = tr.find(qn("w:trPr"))
        if trpr is None:
            trpr = OxmlElement("w:trPr")
            tr.insert(1 if tr.find(qn("w:tblPrEx")) is not None else 0, trpr)
        if trpr.find(qn("w:cantSplit")) is None:
            trpr.insert(0, OxmlElement("w:cantSplit"))


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
