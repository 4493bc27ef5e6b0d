"""Issue 6: PDF output and a 目录 with true page numbers.

The example is built once per module with LibreOffice (docx + xlsx + pdf).  These tests need
LibreOffice with python3-uno, poppler-utils and a Chinese font (fonts-noto-cjk); ``.ci/run``
installs them.  When one is missing the tests FAIL with the install command: they are never
skipped, so a CI machine without LibreOffice cannot pass silently.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from conftest import CI_FONT_PACKAGES, copy_example

INSTALL = ("sudo apt-get install libreoffice-writer-nogui python3-uno fonts-noto-cjk fonts-liberation2 fonts-crosextra-carlito poppler-utils "
           "(or run .ci/run)")
TWIPS_PER_PT = 20
PT_PER_CM = 72 / 2.54


# -- tools -------------------------------------------------------------------------------------

def require_tools() -> None:
    """Fail (never skip) with a clear message when a tool of the PDF pipeline is missing."""
    from reportgen.render.pdf import find_soffice, find_uno_python

    missing = [t for t in ("pdftotext", "pdffonts", "pdftoppm", "pdfinfo") if shutil.which(t) is None]
    if missing:
        missing = [f"poppler-utils ({', '.join(missing)})"]
    if find_soffice() is None:
        missing.append("LibreOffice (soffice)")
    elif find_uno_python() is None:
        missing.append("python3-uno (no Python can `import uno`)")
    if shutil.which("fc-list") is None:
        missing.append("fontconfig (fc-list)")
    else:
        zh = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True).stdout
        if not zh.strip():
            missing.append("a Chinese font (fonts-noto-cjk)")
    if missing:
        pytest.fail("PDF tests need " + "; ".join(missing) + ". Install: " + INSTALL, pytrace=False)


def pdfplumber():
    try:
        import pdfplumber as mod
    except ImportError:
        pytest.fail("pdfplumber is not installed: pip install '.[test]' (or pip install pdfplumber)",
                    pytrace=False)
    return mod


def run(*args: str) -> str:
    r = subprocess.run(list(args), capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, f"{' '.join(args)} failed: {r.stderr.strip()}"
    return r.stdout


def page_count(pdf: Path) -> int:
    m = re.search(r"^Pages:\s+(\d+)", run("pdfinfo", str(pdf)), re.M)
    assert m, "pdfinfo printed no page count"
    return int(m.group(1))


def page_text(pdf: Path, n: int) -> str:
    return run("pdftotext", "-f", str(n), "-l", str(n), "-layout", str(pdf), "-")


def squash(text: str) -> str:
    """Compare texts without whitespace (pdftotext puts spaces between CJK and digits, and wraps)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


# -- the build ---------------------------------------------------------------------------------

def test_ci_run_installs_the_fonts_the_tests_see():
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    for pkg in CI_FONT_PACKAGES[:-1]:
        assert pkg in ci, f".ci/run does not install {pkg}"


@pytest.fixture(scope="module")
def built(tmp_path_factory, ci_fonts):
    """The example built once with PDF: {"docx", "xlsx", "pdf": path, "messages": [...]}."""
    require_tools()
    from reportgen.build import build

    project = copy_example(tmp_path_factory.mktemp("pdf"))
    messages: list[str] = []
    _, written = build(project, formats=("docx", "xlsx", "pdf"), echo=messages.append)
    for ext in ("docx", "xlsx", "pdf"):
        assert written[ext].exists(), f"{ext} not written"
    out = dict(written)
    out["messages"] = messages
    return out


@pytest.fixture(scope="module")
def pages(built):
    """Text of every PDF page (index 0 = page 1), pdftotext -layout per page."""
    pdf = built["pdf"]
    return [page_text(pdf, n) for n in range(1, page_count(pdf) + 1)]


@pytest.fixture(scope="module")
def docx_toc(built):
    """(text, page) of every entry of the updated .docx's 目录 (TOC field result, TOC 1/TOC 2)."""
    doc = Document(str(built["docx"]))
    entries = []
    for p in doc.element.body.iter(qn("w:p")):      # also inside the w:sdt LibreOffice wraps it in
        para = Paragraph(p, doc._body)
        if para.style is None or para.style.name not in ("TOC 1", "TOC 2"):
            continue
        text = "".join("\t" if el.tag == qn("w:tab") else (el.text or "")
                       for el in p.iter(qn("w:t"), qn("w:tab")))
        m = re.fullmatch(r"(.*\S)\s*\t\s*(\d+)\s*", text, re.S)
        assert m, f"目录 entry of the .docx has no page number after a tab: {text!r}"
        entries.append((m.group(1).strip(), int(m.group(2))))
    assert entries, "the .docx has no TOC 1 / TOC 2 paragraphs"
    return entries


FOOTER = re.compile(r"^\s*[—–-]\s*(\d+)\s*[—–-]\s*$")
LEADER = re.compile(r"[.·…‥]{2,}")


def toc_lines(page) -> list[tuple[str, float, str]]:
    """(text, right edge, trailing digits) of each text line of a pdfplumber page, top to bottom."""
    rows: dict[int, list] = {}
    for ch in page.chars:
        rows.setdefault(round(ch["top"]), []).append(ch)
    lines, last_top = [], None
    for top in sorted(rows):                 # merge rows a point apart (mixed fonts on one line)
        if last_top is not None and top - last_top <= 2:
            lines[-1] += rows[top]
        else:
            lines.append(list(rows[top]))
        last_top = top
    out = []
    for chars in lines:
        chars.sort(key=lambda c: c["x0"])
        text = "".join(c["text"] for c in chars)
        m = re.search(r"(\d+)\s*$", text)
        out.append((text, chars[-1]["x1"], m.group(1) if m else ""))
    return out


@pytest.fixture(scope="module")
def pdf_toc(built, pages, docx_toc):
    """(entries [(text, page)], index of the last 目录 page) read from the PDF by layout: an entry
    ends on the line whose last characters are digits standing at the right edge of the 目录
    (the right-aligned page number); lines before it are the entry's wrapped text.  Dot leaders are
    neither needed nor trusted."""
    plumber = pdfplumber()
    start = next((i for i, t in enumerate(pages) if "目录" in squash(t)), None)
    assert start is not None, "no page of the PDF shows 目录"
    entries: list[tuple[str, int]] = []
    last = start
    pending = ""
    with plumber.open(str(built["pdf"])) as pdf:
        for i in range(start, len(pages)):
            if len(entries) >= len(docx_toc):
                break
            lines = [ln for ln in toc_lines(pdf.pages[i])
                     if not FOOTER.match(ln[0]) and not (i == start and squash(ln[0]) == "目录")]
            numbered = [right for _, right, digits in lines if digits]
            if not numbered:                            # not a 目录 page any more
                break
            edge = max(numbered)
            found = []
            for text, right, digits in lines:
                if digits and right >= edge - 1.0:      # the page-number column
                    body = LEADER.sub("", text[: len(text.rstrip()) - len(digits)]).strip()
                    found.append(((pending + body).strip(), int(digits)))
                    pending = ""
                else:                                   # a wrapped line of a long entry
                    pending += text.strip()
            entries += found
            last = i
    assert not pending, f"目录 text without a page number: {pending}"
    return entries, last


# -- 2. 目录 page numbers ------------------------------------------------------------------------

def test_docx_toc_lists_every_heading(built, docx_toc):
    doc = Document(str(built["docx"]))
    headings = [p.text.strip() for p in doc.paragraphs
                if p.style is not None and p.style.name in ("Heading 1", "Heading 2") and p.text.strip()]
    assert [squash(t) for t, _ in docx_toc] == [squash(h) for h in headings]


def test_toc_page_numbers_are_the_physical_pages(pages, docx_toc, pdf_toc):
    entries, last_toc = pdf_toc
    assert [squash(t) for t, _ in entries] == [squash(t) for t, _ in docx_toc], \
        "the PDF's 目录 does not list the same entries as the .docx's"
    squashed = [squash(t) for t in pages]
    start = last_toc + 1                     # the heading texts are in the 目录 too: search after it
    problems = []
    for (text, pdf_page), (_, docx_page) in zip(entries, docx_toc):
        needle = squash(text)
        found = next((i for i in range(start, len(pages)) if needle in squashed[i]), None)
        if found is None:
            problems.append(f"{text}: heading not found after page {start}")
            continue
        start = found                        # headings come in order (二、… recurs in each part)
        actual = found + 1
        if pdf_page != actual or docx_page != actual:
            problems.append(f"{text}: PDF 目录 says {pdf_page}, .docx 目录 says {docx_page}, "
                            f"heading is on page {actual}")
    assert not problems, "\n".join(problems)


def test_long_toc_entries_wrap_with_a_leader_and_a_right_aligned_number(built, docx_toc, pdf_toc):
    """Every 目录 entry ends with a dot leader and its page number in one right-aligned column,
    also the 第三部分 entry that is too long for one line (it wraps; the number follows the leader on
    its last line)."""
    plumber = pdfplumber()
    entries, last_toc = pdf_toc
    part3 = [(t, n) for t, n in entries if t.startswith("第三部分")]
    assert [squash(t) for t, _ in part3] == ["第三部分武汉市江汉区人民政府办公室2022年度部门决算情况说明"]
    assert part3[0][1] == dict((squash(t), n) for t, n in docx_toc)[squash(part3[0][0])]
    edges, without_leader, wrapped = [], [], []
    with plumber.open(str(built["pdf"])) as pdf:
        first = next(i for i in range(last_toc + 1) if "目录" in squash(pdf.pages[i].extract_text() or ""))
        for i in range(first, last_toc + 1):
            lines = [ln for ln in toc_lines(pdf.pages[i]) if not FOOTER.match(ln[0])]
            edge = max(right for _, right, digits in lines if digits)
            for k, (text, right, digits) in enumerate(lines):
                if digits and right >= edge - 1.0:
                    edges.append(right)
                    if not LEADER.search(text):
                        without_leader.append(text)
                    if k and not lines[k - 1][2] and squash(lines[k - 1][0]).startswith("第三部分"):
                        wrapped.append(text)
    assert not without_leader, f"目录 lines without a dot leader before the page number: {without_leader}"
    assert max(edges) - min(edges) < 1.0, f"page numbers not right-aligned: {min(edges):.1f}–{max(edges):.1f} pt"
    assert len(edges) == len(docx_toc)
    assert len(wrapped) == 1, "the 第三部分 entry should wrap onto a second line with its page number"


def test_footer_page_numbers_are_the_physical_pages(pages):
    """Every page but the cover prints —N— with N its physical page (no section restarts at 1)."""
    problems = []
    for i, text in enumerate(pages[1:], start=2):
        numbers = [int(m.group(1)) for line in text.splitlines() if (m := FOOTER.match(line))]
        if numbers != [i]:
            problems.append(f"page {i}: footer numbers {numbers}")
    assert not problems, "\n".join(problems)


# -- 3. fonts and glyphs -----------------------------------------------------------------------

def pdffonts_rows(pdf: Path) -> list[dict]:
    lines = run("pdffonts", str(pdf)).splitlines()
    assert len(lines) >= 2 and lines[1].startswith("-"), "unexpected pdffonts output"
    spans, pos = [], 0
    for dashes in lines[1].split(" "):
        spans.append((pos, pos + len(dashes)))
        pos += len(dashes) + 1
    header = [lines[0][a:b].strip() for a, b in spans]
    return [dict(zip(header, (line[a:b].strip() for a, b in spans))) for line in lines[2:] if line.strip()]


CJK_FONT = re.compile(r"(?i)cjk|song|sun|hei|kai|fang|ming|gb2312|yahei|wenquan|source\s*han")
CJK_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def test_fonts_embedded_and_chinese(built):
    rows = pdffonts_rows(built["pdf"])
    assert rows, "pdffonts lists no font"
    not_embedded = [r["name"] for r in rows if r["emb"] != "yes"]
    assert not not_embedded, f"fonts not embedded: {not_embedded}"
    assert any(CJK_FONT.search(r["name"]) for r in rows), \
        f"no CJK font embedded: {[r['name'] for r in rows]}"


def test_no_glyph_missing(built, pages):
    text = "".join(pages)
    for word in ("部门决算公开", "收入支出决算总表", "一般公共预算财政拨款基本支出决算明细表", "名词解释",
                 "整体绩效自评表"):
        assert word in squash(text), f"{word} not found in the PDF text"
    assert "\ufffd" not in text and "□" not in text, "replacement characters in the PDF text"
    # every Chinese character of the document is in the PDF text (NFKC: some fonts map a glyph
    # to its Kangxi-radical code point)
    text = unicodedata.normalize("NFKC", text)
    doc = Document(str(built["docx"]))
    doc_chars = set(CJK_CHAR.findall("".join(t.text or "" for t in doc.element.body.iter(qn("w:t")))))
    lost = doc_chars - set(text)
    assert not lost, f"characters of the .docx missing from the PDF text: {''.join(sorted(lost))}"


def test_chinese_text_is_drawn_with_a_chinese_font(built):
    plumber = pdfplumber()
    wrong: dict[str, set] = {}
    with plumber.open(str(built["pdf"])) as pdf:
        for n, page in enumerate(pdf.pages, 1):
            for ch in page.chars:
                if CJK_CHAR.match(ch["text"]) and not CJK_FONT.search(ch["fontname"]):
                    wrong.setdefault(ch["fontname"], set()).add(n)
    assert not wrong, f"Chinese characters drawn with a non-CJK font (font: pages): {wrong}"


# -- 4. tables within the text area ------------------------------------------------------------

def sections_with_tables(docx: Path):
    """[(text width in twips, page (w, h), margins (left, right), [tables])] in document order."""
    doc = Document(str(docx))
    body = doc.element.body
    out, tables = [], []
    for el in body.iterchildren():
        if el.tag == qn("w:tbl"):
            tables.append(el)
        sect = None
        if el.tag == qn("w:p"):
            ppr = el.find(qn("w:pPr"))
            sect = ppr.find(qn("w:sectPr")) if ppr is not None else None
        elif el.tag == qn("w:sectPr"):
            sect = el
        if sect is not None:
            size, mar = sect.find(qn("w:pgSz")), sect.find(qn("w:pgMar"))
            w, h = int(size.get(qn("w:w"))), int(size.get(qn("w:h")))
            left, right = int(mar.get(qn("w:left"))), int(mar.get(qn("w:right")))
            out.append((w - left - right, (w, h), (left, right), tables))
            tables = []
    assert not tables, "tables after the last section break"
    return out


def table_caption(tbl) -> str:
    return squash("".join(t.text or "" for t in tbl.iter(qn("w:t"))))[:30]


def check_table_widths(docx: Path) -> list[str]:
    problems = []
    for text_width, _, _, tables in sections_with_tables(docx):
        for tbl in tables:
            grid = [int(g.get(qn("w:w"))) for g in tbl.find(qn("w:tblGrid")).findall(qn("w:gridCol"))]
            width = sum(grid)
            ind = tbl.find(qn("w:tblPr")).find(qn("w:tblInd"))
            indent = int(ind.get(qn("w:w"))) if ind is not None and ind.get(qn("w:type"), "dxa") == "dxa" else 0
            if width + max(indent, 0) > text_width + 2:
                problems.append(f"{docx.name}: table “{table_caption(tbl)}…” is {width / 567:.2f} cm wide, "
                                f"the text area {text_width / 567:.2f} cm")
    return problems


def test_tables_fit_the_text_width_in_the_docx(built):
    from reportgen.build import templates_root

    problems = check_table_widths(built["docx"])
    problems += check_table_widths(templates_root() / "final_accounts" / "document.docx")
    assert not problems, "\n".join(problems)


def test_tables_fit_the_text_width_in_the_pdf(built):
    """Every ruling line and image of every page lies within the text area of its section."""
    plumber = pdfplumber()
    areas = {}
    for _, (w, h), (left, right), _ in sections_with_tables(built["docx"]):
        key = "landscape" if w > h else "portrait"
        # the most permissive text area of the sections with that orientation
        old = areas.get(key, (1e9, -1e9))
        areas[key] = (min(old[0], left / TWIPS_PER_PT), max(old[1], (w - right) / TWIPS_PER_PT))
    tol = 1.5                                             # half a ruling line, rounding
    problems = []
    with plumber.open(str(built["pdf"])) as pdf:
        for n, page in enumerate(pdf.pages, 1):
            x_min, x_max = areas["landscape" if page.width > page.height else "portrait"]
            boxes = [(e["x0"], e["x1"], "table line") for e in page.edges]
            boxes += [(im["x0"], im["x1"], "image") for im in page.images]
            if not boxes:
                continue
            x0 = min(b[0] for b in boxes)
            x1 = max(b[1] for b in boxes)
            x1 = max([x1] + [t.bbox[2] for t in page.find_tables()])
            if x0 < x_min - tol or x1 > x_max + tol:
                problems.append(f"page {n}: tables/images drawn from x={x0:.1f} to {x1:.1f} pt, "
                                f"the text area is {x_min:.1f}–{x_max:.1f} pt")
    assert not problems, "\n".join(problems)


# -- 5. header rows repeat ---------------------------------------------------------------------

# header rows of the nine tables (by kind) and of the 重点工作 table
HEADER_ROWS = {"t1": 3, "t2": 3, "t3": 3, "t4": 4, "t5": 3, "t6": 2, "t7": 3, "t8": 3, "t9": 4}


def is_header(tr) -> bool:
    trpr = tr.find(qn("w:trPr"))
    if trpr is None:
        return False
    el = trpr.find(qn("w:tblHeader"))
    return el is not None and el.get(qn("w:val"), "true") not in ("false", "0", "off")


def test_data_tables_repeat_their_header_rows(built):
    order = list(HEADER_ROWS)                   # the example keeps the default table_order
    sections = sections_with_tables(built["docx"])
    landscape = [tables for _, (w, h), _, tables in sections if w > h]
    assert len(landscape) == 1, "expected one landscape section (第二部分)"
    tables = landscape[0]
    assert len(tables) == len(order), f"第二部分 has {len(tables)} tables, expected {len(order)}"
    problems = []
    for tid, tbl in zip(order, tables):
        rows = tbl.findall(qn("w:tr"))
        flags = [is_header(tr) for tr in rows]
        n = HEADER_ROWS[tid]
        if flags[:n] != [True] * n:
            problems.append(f"{tid}: header rows {flags[:n]} (all must repeat: w:tblHeader)")
        if any(flags[n:]):
            problems.append(f"{tid}: a data row repeats as a header")
    # the 第四部分 重点工作 table
    part4 = [tbl for _, _, _, ts in sections for tbl in ts if "工作内容及目标" in table_caption(tbl)]
    assert part4, "no 重点工作 table in the document"
    for tbl in part4:
        flags = [is_header(tr) for tr in tbl.findall(qn("w:tr"))]
        if flags[:1] != [True] or any(flags[1:]):
            problems.append(f"重点工作 table: header flags {flags[:3]}…")
    assert not problems, "\n".join(problems)


def test_a_table_continued_on_the_next_page_shows_its_header_again(built, pages, pdf_toc):
    """In the PDF: when a page ends with a table and the next page starts with one (no heading
    between), the next page starts with the same header row.  The appendix forms (第六部分) have no
    repeating header and are not checked."""
    plumber = pdfplumber()
    _, last_toc = pdf_toc
    end = next(i for i in range(last_toc + 1, len(pages)) if "第六部分附件" in squash(pages[i]))

    def first_row(table) -> str:
        return squash("".join(c or "" for c in table.extract()[0]))

    def text_of(page, top, bottom) -> str:
        text = page.crop((0, top, page.width, bottom)).extract_text() or ""
        return "".join(line for line in text.splitlines() if not FOOTER.match(line))

    continued, problems = 0, []
    carry = None                    # header row of a table that ran to the end of the previous page
    with plumber.open(str(built["pdf"])) as pdf:
        for n in range(last_toc + 1, end):
            page = pdf.pages[n]
            tables = sorted(page.find_tables(), key=lambda t: t.bbox[1])
            if carry and tables and not squash(text_of(page, 0, tables[0].bbox[1])):
                continued += 1
                if first_row(tables[0]) != carry:
                    problems.append(f"page {n + 1}: the table continues without its header row "
                                    f"(“{first_row(tables[0])[:40]}” instead of “{carry[:40]}”)")
            carry = None
            if tables and not squash(text_of(page, tables[-1].bbox[3], page.height)):
                carry = first_row(tables[-1])
    assert continued >= 1, "the example should have a table continued on a second page (重点工作)"
    assert not problems, "\n".join(problems)


# -- 6 and 7. the command line -----------------------------------------------------------------

def test_pdf_without_libreoffice_fails_with_hint_and_keeps_docx(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from reportgen.cli import main
    from reportgen.render import pdf as pdf_mod

    project = copy_example(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))
    monkeypatch.setattr(pdf_mod, "find_soffice", lambda: None)
    result = CliRunner().invoke(main, ["build", "--pdf", str(project)])
    assert result.exit_code == 4, result.output
    assert "找不到 LibreOffice" in result.output
    assert "apt-get install libreoffice" in result.output and "PATH" in result.output
    assert "Traceback" not in result.output
    out = project.parent / "out"
    assert list(out.glob("*.docx")), "the .docx must be written even when the PDF cannot be"
    assert not list(out.glob("*.pdf"))


def test_pdf_without_uno_python_fails_with_hint(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from reportgen.cli import main
    from reportgen.render import pdf as pdf_mod

    project = copy_example(tmp_path)
    monkeypatch.setattr(pdf_mod, "find_soffice", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(pdf_mod, "find_uno_python", lambda: None)
    result = CliRunner().invoke(main, ["build", "--pdf", str(project)])
    assert result.exit_code == 4, result.output
    assert "python3-uno" in result.output
    assert list((project.parent / "out").glob("*.docx"))


def test_build_names_missing_template_fonts_and_their_fallback(tmp_path, monkeypatch):
    """The template's fonts (仿宋_GB2312, 黑体 …) are absent on Linux: the build says which Noto CJK
    face replaces each.  Their absence is simulated so the test means the same on every machine."""
    require_tools()
    from click.testing import CliRunner

    from reportgen.build import templates_root
    from reportgen.cli import main
    from reportgen.render import pdf as pdf_mod

    real = pdf_mod.installed_families()
    assert {"Noto Serif CJK SC", "Noto Sans CJK SC"} & real, \
        "Noto CJK SC fonts are not installed. Install: " + INSTALL
    template_fonts = [f for f in pdf_mod.document_fonts(templates_root() / "final_accounts" / "document.docx")
                      if not f.isascii()]
    assert {"仿宋_GB2312", "黑体"} <= set(template_fonts)
    monkeypatch.setattr(pdf_mod, "installed_families", lambda: real - set(pdf_mod.TEMPLATE_FONTS))
    project = copy_example(tmp_path)
    result = CliRunner().invoke(main, ["build", "--pdf", str(project)])
    assert result.exit_code == 0, result.output
    warning = next((line for line in result.output.splitlines() if "未安装模板使用的字体" in line), None)
    assert warning, f"no font warning in:\n{result.output}"
    for font in template_fonts:
        assert font in warning, f"{font} not named in: {warning}"
    assert "Noto Serif CJK SC" in warning and "Noto Sans CJK SC" in warning
    assert re.search(r"黑体[^；]*以 Noto Sans CJK SC 代替", warning), warning
    assert list((project.parent / "out").glob("*.pdf"))


def test_font_report_without_any_chinese_font(monkeypatch):
    from reportgen.build import templates_root
    from reportgen.render import pdf as pdf_mod

    monkeypatch.setattr(pdf_mod, "installed_families", lambda: {"DejaVu Sans", "Liberation Serif"})
    warnings, conf = pdf_mod.font_report([templates_root() / "final_accounts" / "document.docx"])
    assert conf is None
    assert len(warnings) == 1 and "fonts-noto-cjk" in warnings[0] and "仿宋_GB2312" in warnings[0]


def test_template_fonts_are_the_fonts_its_styles_use():
    """Unused styles of python-docx's template (Courier in Macro Text) and theme fonts (Calibri,
    ＭＳ ゴシック) are not among the fonts the templates use: every face is a named one."""
    from reportgen.build import templates_root
    from reportgen.render import pdf as pdf_mod

    for kind in ("final_accounts", "budget"):
        fonts = pdf_mod.document_fonts(templates_root() / kind / "document.docx")
        assert sorted(fonts) == sorted(["宋体", "Times New Roman", "仿宋_GB2312", "方正小标宋简体", "楷体_GB2312", "黑体"])
        styles = zipfile.ZipFile(templates_root() / kind / "document.docx").read("word/styles.xml").decode()
        assert "Theme=" not in styles and "w:cstheme" not in styles, f"{kind}: a style still names a theme font"


@pytest.mark.parametrize("installed, latin_face", [
    ({"Noto Serif CJK SC", "Noto Sans CJK SC", "Liberation Serif"}, "Liberation Serif"),
    ({"Noto Serif CJK SC", "Noto Sans CJK SC"}, "Noto Serif CJK SC"),
])
def test_latin_faces_are_pinned_and_named(monkeypatch, installed, latin_face):
    """Times New Roman is pinned to the metric-compatible Liberation Serif, or without it to the
    CJK serif face, never left to fontconfig's first guess; the warning names the substitute."""
    from reportgen.build import templates_root
    from reportgen.render import pdf as pdf_mod

    monkeypatch.setattr(pdf_mod, "installed_families", lambda: set(installed))
    warnings, conf = pdf_mod.font_report([templates_root() / "final_accounts" / "document.docx"])
    assert len(warnings) == 1
    if latin_face == "Liberation Serif":
        assert "；Times New Roman 以 Liberation Serif 代替；" in warnings[0]
    else:
        assert "宋体、Times New Roman、仿宋_GB2312、方正小标宋简体、楷体_GB2312 以 Noto Serif CJK SC 代替；" in warnings[0]
    text = Path(conf).read_text(encoding="utf-8")
    for name, face in (("Times New Roman", latin_face), ("黑体", "Noto Sans CJK SC"),
                       ("SimHei", "Noto Sans CJK SC"), ("仿宋_GB2312", "Noto Serif CJK SC")):
        assert (f"<string>{name}</string></test><edit name=\"family\" mode=\"assign\" binding=\"strong\">"
                f"<string>{face}</string>") in text, name
    shutil.rmtree(Path(conf).parent)
