"""Acceptance: every cell of 附表4-1 … 附表4-9 of the generated 新洲区政府办 2023 年部门预算 (Format A).

The expected cells live in ``expected_xinzhou_tables`` and were typed by hand from the published document
(/work/shared/reference/xinzhou-2023-budget.txt), never from reportgen's code or output.  Where the
published document is wrong the expectation is the corrected value and the test names the error ID of
/work/shared/docs/budget.md §6 (E02, E03, E04, E05, E12, E21, E23, E27).

Rounding (issue 11, explained in ``expected_xinzhou_tables``): the example enters the published 合计/类/款
rows; they are authoritative, so the generated tables print the published 1,597.66, 1,293.13, 995.62,
92.13, 941.73, 53.89 — the same figure for one quantity in every table — while the checker reports each
difference from the leaf sums (a 尾数 within n × 0.005) as information.

Each table is read back from

* the .docx with python-docx (merged cells resolved through the table grid), identified by the
  ``附表4-N`` label paragraph that precedes its title, and
* the .xlsx after a LibreOffice recalculation with a private profile (totals are formulas; openpyxl cannot
  evaluate them), identified by its title cell.

Tables always show 2 decimals with thousands separators; zero cells are blank.
LibreOffice (``soffice``) is required for the .xlsx value tests: they fail, not skip, without it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

import expected_xinzhou_tables as E
import tablegrid
from conftest import copy_example
from tablegrid import (
    AMOUNT_DISPLAY, EMPTY, FORMATS, Grid, cell_text, docx_display_problems, docx_grid,
    recalculate_with_libreoffice, xlsx_entity_row, xlsx_grid,
)


def norm(text) -> str:
    """Label text without whitespace and with one bracket width (the extraction mixes "(一)" and "（一）")."""
    return tablegrid.norm(text).replace("(", "（").replace(")", "）")


# =============================================================================================
# The example, built once for this module
# =============================================================================================


@pytest.fixture(scope="module")
def xinzhou_build(tmp_path_factory):
    from reportgen.build import build

    project = copy_example(tmp_path_factory.mktemp("xinzhou-tables"), "xinzhou-2023")
    prepared, written = build(project, formats=("docx", "xlsx"))
    return prepared, written


@pytest.fixture(scope="module")
def xinzhou_docx(xinzhou_build):
    return Path(xinzhou_build[1]["docx"])


@pytest.fixture(scope="module")
def xinzhou_xlsx(xinzhou_build):
    return Path(xinzhou_build[1]["xlsx"])


# =============================================================================================
# A table as a grid of cells (tablegrid), checked 附表4-N by 附表4-N
# =============================================================================================


class Checker(tablegrid.Checker):
    """Collects every mismatch of 附表4-n; labels compared with brackets of either width."""

    norm = staticmethod(norm)

    def __init__(self, n: int, grid: Grid):
        super().__init__(f"{E.label(n)} {E.TITLES[n]}", grid)


def heading_text(grid: Grid, upto_row: int, col: int) -> list[str]:
    """The header texts above ``upto_row`` covering grid column ``col``."""
    return [norm(grid.at(r, col).text) for r in range(upto_row)]


def check_heading(chk: Checker, upto_row: int, col: int, words: list[str], what: str) -> None:
    heads = heading_text(chk.grid, upto_row, col)
    for word in words:
        chk.labels += 1
        if norm(word) not in heads:
            chk.fail(f"{what}: expected the heading {word!r} above the column, found {heads}")


# =============================================================================================
# Reading the .docx: each table under its 附表4-N label
# =============================================================================================

LABEL = re.compile(r"^附表4-(\d+)$")


@dataclass
class DocTable:
    n: int
    label: str
    before: list[str]  # paragraphs between the label and the table (title, 部门/单位 line)
    grid: Grid
    after: list[str] = field(default_factory=list)  # paragraphs after the table up to the next heading


def read_docx_tables(path: Path) -> list[DocTable]:
    doc = Document(str(path))
    found: list[DocTable] = []
    pending: tuple[int, str, list[str]] | None = None
    current: DocTable | None = None
    for block in doc.iter_inner_content():
        if isinstance(block, Paragraph):
            text = block.text.strip()
            style = block.style.name if block.style is not None else ""
            m = LABEL.match(text)
            if m:
                pending, current = (int(m.group(1)), text, []), None
            elif style.startswith("Heading"):
                pending = current = None
            elif pending is not None and text:
                pending[2].append(text)
            elif current is not None and text:
                current.after.append(text)
        elif isinstance(block, Table):
            if pending is not None:
                n, label, before = pending
                current = DocTable(n, label, before, docx_grid(block))
                found.append(current)
            else:
                current = None
            pending = None
    return found


@pytest.fixture(scope="module")
def docx_tables(xinzhou_docx) -> list[DocTable]:
    return read_docx_tables(xinzhou_docx)


@pytest.fixture(scope="module")
def docx_by_n(docx_tables) -> dict[int, DocTable]:
    out = {}
    for t in docx_tables:
        assert t.n not in out, f".docx: {t.label} appears twice"
        out[t.n] = t
    missing = [n for n in E.TABLES if n not in out]
    assert not missing, f".docx: no table under the labels {[E.label(n) for n in missing]}"
    return out


@pytest.fixture(scope="module")
def docx_grids(docx_by_n) -> dict[int, Grid]:
    return {n: t.grid for n, t in docx_by_n.items()}


# =============================================================================================
# Reading the .xlsx (after a LibreOffice recalculation)
# =============================================================================================


def xlsx_sheets(wb) -> dict[int, object]:
    """{n: worksheet}: a sheet is 附表4-n when its title line is the title of 附表4-n."""
    return tablegrid.xlsx_sheets(wb, E.TITLES, norm)


@pytest.fixture(scope="module")
def xlsx_original(xinzhou_xlsx):
    return openpyxl.load_workbook(str(xinzhou_xlsx))


@pytest.fixture(scope="module")
def xlsx_recalculated(xinzhou_xlsx, tmp_path_factory):
    out = recalculate_with_libreoffice(xinzhou_xlsx, tmp_path_factory.mktemp("lo-recalc-xinzhou"),
                                       timeout=180)
    return openpyxl.load_workbook(str(out), data_only=True)


@pytest.fixture(scope="module")
def xlsx_grids(xlsx_original, xlsx_recalculated) -> dict[int, Grid]:
    orig = xlsx_sheets(xlsx_original)
    missing = [n for n in E.TABLES if n not in orig]
    assert not missing, f".xlsx: no sheet titled {[E.TITLES[n] for n in missing]}"
    values = xlsx_sheets(xlsx_recalculated)
    return {n: xlsx_grid(orig[n], values.get(n)) for n in E.TABLES}


@pytest.fixture
def grids(request, fmt):
    return request.getfixturevalue(f"{fmt}_grids")


# =============================================================================================
# The expected constants are self-consistent (catches a typo in expected_xinzhou_tables)
# =============================================================================================


def _children(rows, code):
    n = {3: 5, 5: 7}[len(code)]
    return [r for r in rows if r[0] and len(r[0]) == n and r[0].startswith(code)]


@pytest.mark.parametrize("rows", [E.T2_ROWS, E.T3_ROWS, E.T5_ROWS, E.T6_ROWS], ids=["T2", "T3", "T5", "T6"])
def test_expected_constants_parents_are_sums_of_leaves(rows):
    """R6 on the typed expectations: 合计 = Σ 类, 类 = Σ 款 (= Σ 项), each up to the 尾数 of the
    official rounding: a parent printed from the 元 sum differs from the sum of its n printed leaves by
    at most n × 0.005 (221 = 92.13 against 73.74 + 18.40 = 92.14; 301 = 941.73 against Σ 款 941.74)."""
    Z = Decimal(0)
    deepest = max(len(r[0] or "") for r in rows)
    leaves = [r for r in rows[1:] if len(r[0]) == deepest]

    def room(code):
        return Decimal("0.005") * sum(1 for r in leaves if r[0].startswith(code))

    total = rows[0][2]
    classes = [r for r in rows if r[0] and len(r[0]) == 3]
    for i, want in enumerate(total):
        assert abs((want or Z) - sum((r[2][i] or Z for r in classes), Z)) <= room(""), f"合计 栏{i + 1}"
    for code, name, vals in rows[1:]:
        kids = _children(rows, code) if len(code) < deepest else []
        if kids:
            for i, want in enumerate(vals):
                assert abs((want or Z) - sum((k[2][i] or Z for k in kids), Z)) <= room(code), f"{code} {name} 栏{i + 1}"


def test_expected_constants_row_identities():
    Z = Decimal(0)
    for code, name, (tot, sub, pers, pub, proj) in E.T5_ROWS:  # R10
        assert tot == (sub or Z) + (proj or Z) and sub == (pers or Z) + (pub or Z), code
    for code, name, (tot, pers, pub) in E.T6_ROWS:  # R11
        assert tot == (pers or Z) + (pub or Z), code
    assert sum((a for _n, a in E.PROJECTS), Z) == E.PROJECTS_TOTAL == E.T5_ROWS[0][2][4]  # X8
    assert E.T1_LEFT[0][1] == E.T5_ROWS[0][2][0] == E.T4_LEFT[1][1]  # X4
    assert sum((v or Z for _l, v in E.T1_RIGHT[:25]), Z) == E.T1_RIGHT[25][1]  # R2
    assert E.T7_VALUES[0] == E.T7_VALUES[2] + (E.T7_VALUES[1] or Z) + (E.T7_VALUES[5] or Z)  # R12
    assert E.T7_VALUES[4] == E.T6_ROWS[[r[0] for r in E.T6_ROWS].index("30231")][2][0]  # X9


# =============================================================================================
# The nine tables are there, in order, each with its label, title and 部门/单位 line
# =============================================================================================


def test_E21_docx_has_all_nine_tables_in_order_incl_income_and_project_tables(docx_tables):
    """E21: the directory lists 附表4-1…4-9; the published body lacks 4-2 收入总表 and 4-9 项目支出表."""
    assert [t.n for t in docx_tables] == E.TABLES, f".docx table order {[t.label for t in docx_tables]}"
    for t in docx_tables:
        assert t.before and norm(t.before[0]) == norm(E.TITLES[t.n]), \
            f"{t.label}: expected the title {E.TITLES[t.n]!r} right after the label, got {t.before}"


def test_E21_xlsx_has_one_sheet_per_table_in_order(xlsx_original):
    found = xlsx_sheets(xlsx_original)
    assert sorted(found) == E.TABLES, f".xlsx: sheets found for {[E.label(n) for n in sorted(found)]}"
    positions = [xlsx_original.worksheets.index(found[n]) for n in E.TABLES]
    assert positions == sorted(positions), f".xlsx: sheets of 附表4-1…4-9 not in order: {positions}"


def test_E23_every_docx_table_carries_its_label(docx_tables):
    """E23: in the published document only 附表4-1 and 附表4-7 carry their 表号."""
    labels = [t.label for t in docx_tables]
    assert labels == [E.label(n) for n in E.TABLES], labels


def test_E23_every_xlsx_sheet_carries_its_label(xlsx_original):
    """E23 in the .xlsx: the 附表4-N label is the sheet name's prefix or a cell above the table."""
    bad = []
    for n, ws in xlsx_sheets(xlsx_original).items():
        lab = E.label(n)
        cells = [norm(ws.cell(r, c).value) for r in range(1, xlsx_entity_row(ws))
                 for c in range(1, ws.max_column + 1)]
        if not (ws.title.startswith(lab) or lab in cells):
            bad.append(f"sheet {ws.title!r}: no label {lab!r}")
    assert not bad, "\n".join(bad)


def test_E12_docx_department_line_names_the_department(docx_tables):
    """E12: the published tables print "部门/单位：" with nothing after it."""
    bad = []
    for t in docx_tables:
        line = next((p for p in t.before if p.startswith("部门")), None)
        if line is None:
            bad.append(f"{t.label}: no 部门/单位 line between the title and the table ({t.before})")
            continue
        left, _, right = line.partition("\t")
        if norm(left) != norm(E.ENTITY_LINE):
            bad.append(f"{t.label}: expected {E.ENTITY_LINE!r}, got {left!r}")
        if norm(E.UNIT_LINE) not in norm(line):
            bad.append(f"{t.label}: no {E.UNIT_LINE!r} on the 部门/单位 line ({line!r})")
    assert not bad, "\n".join(bad)


def test_E12_xlsx_department_line_names_the_department(xlsx_original):
    bad = []
    for n, ws in xlsx_sheets(xlsx_original).items():
        r = xlsx_entity_row(ws)
        texts = [norm(cell_text(ws.cell(r, c).value)) for c in range(1, ws.max_column + 1)]
        if norm(E.ENTITY_LINE) not in texts:
            bad.append(f"{ws.title}: expected a cell {E.ENTITY_LINE!r} on row {r}, got {[t for t in texts if t]}")
        if norm(E.UNIT_LINE) not in texts:
            bad.append(f"{ws.title}: no {E.UNIT_LINE!r} on row {r}")
    assert not bad, "\n".join(bad)


# =============================================================================================
# 附表4-1 收支总表 / 附表4-4 财政拨款收支总表 — two column groups of fixed rows
# =============================================================================================


def read_pair(grid: Grid):
    """(header row, [[(label, amount cell, row)] of the 收入 side, … of the 支出 side])."""
    hr = grid.find_row(lambda t: t.count("项目") == 2 and t.count("预算数") == 2)
    label_cols = [c.col for c in grid.rows[hr] if norm(c.text) == "项目"]
    amount_cols = [c.col for c in grid.rows[hr] if norm(c.text) == "预算数"]
    sides = []
    for lc, ac in zip(label_cols, amount_cols):
        items = []
        for r in range(hr + 1, len(grid.rows)):
            lab = norm(grid.at(r, lc).text)
            if lab:
                items.append((lab, grid.at(r, ac), r))
            elif grid.amount_problem(grid.at(r, ac), None):
                items.append(("(no label)", grid.at(r, ac), r))
        sides.append(items)
    return hr, label_cols, amount_cols, sides


def check_pair(n: int, grid: Grid, left, right) -> Checker:
    chk = Checker(n, grid)
    hr, label_cols, amount_cols, sides = read_pair(grid)
    if len(sides) != 2:
        chk.fail(f"expected two 项目/预算数 column groups, found {len(sides)}")
        return chk
    for side, word, lc, ac in zip(sides, ("收入", "支出"), label_cols, amount_cols):
        check_heading(chk, hr, lc, [word], f"{word} 项目")
        check_heading(chk, hr, ac, [word], f"{word} 预算数")
    for side, expected, word in zip(sides, (left, right), ("收入", "支出")):
        got_labels = [lab for lab, _c, _r in side]
        want_labels = [norm(lab) for lab, _v in expected]
        chk.labels += len(want_labels)
        if got_labels != want_labels:
            chk.fail(f"{word} side rows: expected {want_labels}, got {got_labels}")
            continue
        for (lab, cell, _r), (_wl, want) in zip(side, expected):
            chk.amount(f"{word} {lab}", cell, want)
    # the footers are on the same rows (本年收入合计 | 本年支出合计, …, 收入总计 | 支出总计)
    rows = {lab: r for side in sides for lab, _c, r in side}
    for a, b in (("本年收入合计", "本年支出合计"), ("收入总计", "支出总计")):
        chk.labels += 1
        if a in rows and b in rows and rows[a] != rows[b]:
            chk.fail(f"{a} and {b} are not on the same row")
    return chk


@pytest.mark.parametrize("fmt", FORMATS)
def test_table4_1_income_expenditure_summary(grids, fmt):
    """附表4-1: income rows 一…九, 25 类 rows 一…廿五, footers; 1,597.66 and 92.13 as published."""
    check_pair(1, grids[1], E.T1_LEFT, E.T1_RIGHT).done()


@pytest.mark.parametrize("fmt", FORMATS)
def test_table4_4_fiscal_appropriation_summary(grids, fmt):
    """附表4-4: 本年收入/上年结转 by fund, 本年支出 by 类 （一）…（廿五）, 年终结转结余; E02."""
    check_pair(4, grids[4], E.T4_LEFT, E.T4_RIGHT).done()


def test_table4_1_note(docx_by_n, xlsx_original):
    assert E.T1_NOTE in docx_by_n[1].after, f".docx 附表4-1: note {E.T1_NOTE!r} missing ({docx_by_n[1].after})"
    ws = xlsx_sheets(xlsx_original)[1]
    cells = [cell_text(c.value) for row in ws.iter_rows() for c in row]
    assert E.T1_NOTE in cells, ".xlsx 附表4-1: note missing"


# =============================================================================================
# Function / economic classified tables: 附表4-2, 4-3, 4-5, 4-6, 4-8
# =============================================================================================


def read_classified(grid: Grid):
    """(栏 → column, [(code | None, name, {栏: cell})], 栏次 row)."""
    r0 = grid.find_row(lambda t: "栏次" in t)
    lan_cols = {}
    for cell in grid.rows[r0]:
        t = norm(cell.text)
        if t.isdigit():
            lan_cols[int(t)] = cell.col
    name_col = next(c.col for c in grid.rows[r0] if norm(c.text) == "栏次")
    rows = []
    for r in range(r0 + 1, len(grid.rows)):
        code, name = norm(grid.at(r, 0).text), norm(grid.at(r, name_col).text)
        cells = {lan: grid.at(r, col) for lan, col in lan_cols.items()}
        if not code and not name and not any(norm(c.text) for c in cells.values()):
            continue
        if "合计" in (code, name):
            code, name = None, "合计"
        rows.append((code, name, cells))
    return lan_cols, rows, r0


def check_classified(n: int, grid: Grid, columns, expected) -> Checker:
    chk = Checker(n, grid)
    lan_cols, rows, r0 = read_classified(grid)
    if sorted(lan_cols) != list(range(1, len(columns) + 1)):
        chk.fail(f"栏次 {sorted(lan_cols)}, expected 1…{len(columns)}")
    for lan, words in enumerate(columns, start=1):
        if lan in lan_cols:
            check_heading(chk, r0, lan_cols[lan], words if isinstance(words, list) else [words], f"栏{lan}")
    got_codes = [code for code, _n, _c in rows]
    want_codes = [code for code, _n, _v in expected]
    chk.labels += len(want_codes)
    if got_codes != want_codes:
        chk.fail(f"row codes (None = 合计): expected {want_codes}, got {got_codes}")
    by_code = {code: (name, cells) for code, name, cells in rows}
    for code, want_name, want_vals in expected:
        if code not in by_code:
            continue
        name, cells = by_code[code]
        chk.label(f"row {code or '合计'} 科目名称", name, want_name)
        for lan, want in enumerate(want_vals, start=1):
            chk.amount(f"row {code or '合计'} {want_name} 栏{lan}", cells.get(lan, EMPTY), want)
    return chk


CLASSIFIED = {
    2: (E.T2_COLUMNS, E.T2_ROWS),
    3: (E.T3_COLUMNS, E.T3_ROWS),
    5: (E.T5_COLUMNS, E.T5_ROWS),
    6: (E.T6_COLUMNS, E.T6_ROWS),
    8: (E.T8_COLUMNS, E.T8_ROWS),
}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("n", sorted(CLASSIFIED))
def test_classified_table_every_cell(grids, fmt, n):
    """附表4-2 收入总表 (E21, derived), 4-3 支出总表 (E02, E05), 4-5 一般公共预算支出表 (E02),
    4-6 基本支出表 (E03, E04), 4-8 政府性基金预算支出表 (empty)."""
    columns, rows = CLASSIFIED[n]
    check_classified(n, grids[n], columns, rows).done()


@pytest.mark.parametrize("fmt", FORMATS)
def test_official_rounding_housing_and_totals_as_published_in_every_table(grids, fmt):
    """The official rounding (issue 11): the entered (published) parents are authoritative.  221 = 22102 =
    92.13 (its 项 73.74 + 18.40 = 92.14 is a 尾数 of 2 leaves ≤ 2 × 0.005) and the 合计 1,597.66 print
    the same in 收入总表, 支出总表, 一般公共预算支出表, 收支总表 and 财政拨款收支总表, as published."""
    bad = []
    for n in (2, 3, 5):
        _l, rows, _r = read_classified(grids[n])
        by = {code: cells for code, _n, cells in rows}
        for code, want in (("221", "92.13"), ("22102", "92.13"), (None, "1597.66")):
            p = grids[n].amount_problem(by.get(code, {}).get(1, EMPTY), Decimal(want))
            if p:
                bad.append(f"{E.label(n)} row {code or '合计'} 栏1: {p}")
    for n in (1, 4):
        _h, _lc, _ac, (left, right) = read_pair(grids[n])
        for lab, cell, _r in right:
            if lab.endswith("住房保障支出"):
                p = grids[n].amount_problem(cell, Decimal("92.13"))
                if p:
                    bad.append(f"{E.label(n)} {lab}: {p}")
    # 基本支出 1,293.13 in the 支出总表, the 一般公共预算支出表 and the 基本支出表 alike
    for n, lan in ((3, 2), (5, 2), (6, 1)):
        _l, rows, _r = read_classified(grids[n])
        by = {code: cells for code, _n, cells in rows}
        p = grids[n].amount_problem(by.get(None, {}).get(lan, EMPTY), Decimal("1293.13"))
        if p:
            bad.append(f"{E.label(n)} row 合计 栏{lan}: {p}")
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("fmt", FORMATS)
def test_official_rounding_economic_classes_as_published(grids, fmt):
    """301 = 941.73 (Σ 款 941.74), 303 = 53.89 (Σ 款 53.90), 合计 1,293.13 / 人员经费 995.62 (Σ 款 1,293.15 /
    995.64: a 尾数 of 34 leaves), as published: entered totals are authoritative."""
    _l, rows, _r = read_classified(grids[6])
    by = {code: cells for code, _n, cells in rows}
    bad = []
    for code, lan, want in (("301", 1, "941.73"), ("301", 2, "941.73"), ("303", 1, "53.89"), ("303", 2, "53.89"),
                            (None, 1, "1293.13"), (None, 2, "995.62")):
        p = grids[6].amount_problem(by.get(code, {}).get(lan, EMPTY), Decimal(want))
        if p:
            bad.append(f"row {code or '合计'} 栏{lan}: {p}")
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("fmt", FORMATS)
def test_E05_expenditure_table_prints_housing_items_not_22102_twice(grids, fmt):
    """E05: the published 支出总表 prints "22102 住房改革支出" twice (73.74, 18.40)."""
    _l, rows, _r = read_classified(grids[3])
    codes = [code for code, _n, _c in rows if code]
    assert len(codes) == len(set(codes)), f"支出总表 ({fmt}): repeated codes {codes}"
    names = {code: name for code, name, _c in rows}
    assert names.get("2210201") == "住房公积金", names
    assert names.get("2210202") == "提租补贴", names
    assert codes.count("22102") == 1


# =============================================================================================
# 附表4-7 三公表 — one data row of six columns
# =============================================================================================


@pytest.mark.parametrize("fmt", FORMATS)
def test_table4_7_three_public_expenses(grids, fmt):
    """One data row 40.00 | blank | 40.00 | blank | 40.00 | blank; canonical headings (E27: not "…运行费")."""
    grid = grids[7]
    chk = Checker(7, grid)
    numeric = [r for r in range(len(grid.rows))
               if any(AMOUNT_DISPLAY.match(c.text.strip()) or isinstance(c.value, (int, float)) and
                      not isinstance(c.value, bool) and c.number_format != "General" for c in grid.rows[r])]
    if len(numeric) != 1:
        chk.fail(f"expected exactly one data row, found rows {numeric}")
    else:
        r = numeric[0]
        for col, (words, want) in enumerate(zip(E.T7_COLUMNS, E.T7_VALUES)):
            check_heading(chk, r, col, words, f"column {col + 1}")
            chk.amount(f"{'/'.join(words)}", grid.at(r, col), want)
        extra = [c.text for c in grid.rows[r] if c.col >= len(E.T7_COLUMNS) and c.text.strip()]
        if extra:
            chk.fail(f"unexpected cells right of the six columns: {extra}")
    everything = " ".join(c.text for row in grid.rows for c in row)
    for wrong in ("公务用车购置及运行费", "公务用车运行费"):
        if wrong in everything.replace("公务用车运行维护费", "").replace("公务用车购置及运行维护费", ""):
            chk.fail(f"E27: the shortened heading {wrong!r} is printed")
    chk.done()


# =============================================================================================
# 附表4-8 政府性基金预算支出表 — empty grid + note
# =============================================================================================


def test_table4_8_empty_fund_table_has_the_note(docx_by_n, xlsx_original):
    assert any(re.match(E.T8_NOTE_PATTERN, p) for p in docx_by_n[8].after), \
        f".docx 附表4-8: no note matching {E.T8_NOTE_PATTERN!r} after the table ({docx_by_n[8].after})"
    ws = xlsx_sheets(xlsx_original)[8]
    cells = [cell_text(c.value) for row in ws.iter_rows() for c in row]
    assert any(re.match(E.T8_NOTE_PATTERN, t) for t in cells), f".xlsx 附表4-8: note missing ({cells})"


# =============================================================================================
# 附表4-9 项目支出表 — the ten 特定目标类 projects
# =============================================================================================


@pytest.mark.parametrize("fmt", FORMATS)
def test_table4_9_project_table(grids, fmt):
    """E21 (absent from the published body); 10 projects, canonical names (E26), total 304.53 (X8)."""
    grid = grids[9]
    chk = Checker(9, grid)
    hr = grid.find_row(lambda t: "项目类别" in t)
    cols = {norm(c.text): c.col for c in grid.rows[hr]}
    missing = [h for h in E.T9_COLUMNS if norm(h) not in cols]
    if missing:
        chk.fail(f"columns missing: {missing} (header {list(cols)})")
        chk.done()
    chk.labels += len(E.T9_COLUMNS)
    body = [r for r in range(hr + 1, len(grid.rows)) if any(grid.texts(r))]
    expected = E.t9_rows()
    if len(body) != len(expected):
        chk.fail(f"{len(body)} body rows, expected {len(expected)} (合计 + 10 projects)")
    for r, (cat, name, code, func, amounts) in zip(body, expected):
        got_name = grid.at(r, cols["项目名称"]).text
        chk.label(f"row {name} 项目名称", got_name, name)
        chk.label(f"row {name} 项目类别", grid.at(r, cols["项目类别"]).text, cat)
        chk.label(f"row {name} 科目编码", grid.at(r, cols["科目编码"]).text, code)
        chk.label(f"row {name} 科目名称", grid.at(r, cols["科目名称"]).text, func)
        for head, want in zip(E.T9_AMOUNT_COLUMNS, amounts):
            chk.amount(f"row {name} {head}", grid.at(r, cols[norm(head)]), want)
    chk.done()


# =============================================================================================
# Display format of the .docx figures
# =============================================================================================


def test_docx_amounts_use_two_decimals_thousands_separators_and_blank_zeros(docx_grids):
    """§2.12(5): one display for the whole document — e.g. 1,597.67; zero is blank, never 0.00."""
    bad = docx_display_problems({E.label(n): grid for n, grid in docx_grids.items()})
    assert not bad, "\n".join(bad)
