"""Page quality of a PDF as a property, not a look (issue 13).

``page_problems(pdf, title)`` lists what a reader would fault, each naming its page:
- an amount split over two lines of a cell ("2,053." / "67");
- a page whose only content is a table's header rows (stranded at the foot of a page), or a
  continued table with a single row and nothing else (a quarter page at most);
- a blank page; a page number on the cover;
- a PDF Title that is not the document's title.
Reads the PDF with pdfplumber (positions of words, ruling of tables) and pdfinfo.
"""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

FOOTER = re.compile(r"^\s*[—–-]\s*\d+\s*[—–-]\s*$")
# a whole printed number: 1,234.56  12.30%  -5.00  2022  1,234
WHOLE = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?%?$")
NUMERIC = re.compile(r"^-?[\d,.]*\d[\d,.]*%?$|^[.,]\d+%?$")


def _lines(words: list[dict]) -> list[list[dict]]:
    rows: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if rows and abs(rows[-1][0]["top"] - w["top"]) <= 2:
            rows[-1].append(w)
        else:
            rows.append([w])
    return rows


def split_amounts(page) -> list[str]:
    """Numbers broken over lines of the same cell ("2," / "05" / "3." / "67"): pieces stacked
    directly under each other that join into one number while one of them is not a whole number."""
    words = [w for w in page.extract_words(keep_blank_chars=False) if NUMERIC.match(w["text"])]

    def below(w):
        cands = [v for v in words
                 if 0 <= v["top"] - w["bottom"] <= w["bottom"] - w["top"]
                 and min(w["x1"], v["x1"]) - max(w["x0"], v["x0"]) > 0]
        return min(cands, key=lambda v: v["top"]) if cands else None

    nxt = {id(w): below(w) for w in words}
    has_above = {id(v) for v in nxt.values() if v is not None}
    found = []
    for head in words:
        if id(head) in has_above:
            continue
        chain = [head]
        while nxt[id(chain[-1])] is not None and len(chain) < 12:
            chain.append(nxt[id(chain[-1])])
        i = 0
        while i < len(chain) - 1:                  # the longest broken number from each piece on
            for j in range(len(chain), i + 1, -1):
                pieces = [w["text"] for w in chain[i:j]]
                if WHOLE.match("".join(pieces)) and not all(WHOLE.match(t) for t in pieces):
                    found.append(" / ".join(f"“{t}”" for t in pieces))
                    i = j - 1
                    break
            i += 1
    return found


def _content(page) -> list[dict]:
    return [w for line in _lines(page.extract_words()) for w in line
            if not FOOTER.match(" ".join(x["text"] for x in line))]


def _rows(table) -> list[str]:
    return [re.sub(r"\s+", "", "".join(c or "" for c in row)) for row in table.extract()]


def page_problems(pdf: Path, title: str | None = None) -> list[str]:
    import pdfplumber

    problems: list[str] = []
    with pdfplumber.open(str(pdf)) as doc:
        pages = doc.pages
        info = []                       # per page: (content words, tables sorted by top)
        for page in pages:
            info.append((_content(page), sorted(page.find_tables(), key=lambda t: t.bbox[1])))
        for n, (page, (words, tables)) in enumerate(zip(pages, info), start=1):
            if not words and not page.images and not page.rects and not page.lines:
                problems.append(f"page {n}: blank")
            for piece in split_amounts(page):
                problems.append(f"page {n}: an amount split over two lines: {piece}")
        cover_text = pages[0].extract_text() or ""
        if any(FOOTER.match(line) for line in cover_text.splitlines()):
            problems.append("page 1 (cover): carries a page number")
        for n in range(1, len(pages)):
            (words_a, tables_a), (words_b, tables_b) = info[n - 1], info[n]
            if not tables_a or not tables_b:
                continue
            last, first = tables_a[-1], tables_b[0]
            below = [w for w in words_a if w["top"] > last.bbox[3] + 1]
            above = [w for w in words_b if w["bottom"] < first.bbox[1] - 1]
            if below or above:
                continue                       # not one table running over the page break
            rows_a, rows_b = _rows(last), _rows(first)
            k = 0                              # header rows repeated at the top of the next page
            while k < min(len(rows_a), len(rows_b)) and rows_a[k] == rows_b[k]:
                k += 1
            if k and k == len(rows_a):
                problems.append(f"page {n}: only the header rows of a table stand at the foot of the page")
            elif len(rows_b) - k <= 1 and len(tables_b) == 1:
                # the table's last row (under its repeated header) and at most a few lines of notes
                bottom = max([first.bbox[3]] + [w["bottom"] for w in words_b])
                if bottom - first.bbox[1] < 0.25 * pages[n].height:
                    problems.append(f"page {n + 1}: a table's last row alone on an almost empty page")
    if title is not None:
        out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        m = re.search(r"^Title:\s*(.*)$", out, re.M)
        actual = m.group(1).strip() if m else ""
        if actual != title:
            problems.append(f"PDF Title is “{actual}”, not the document title “{title}”")
    return problems
