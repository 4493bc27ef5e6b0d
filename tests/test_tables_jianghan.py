"""Acceptance: every cell of 表1–表9 of the generated 江汉区政府办 2022 document matches the reference.

The expected figures live in ``expected_jianghan_tables`` and were transcribed from the published
document (shared/reference/jianghan-2022-final-accounts.txt), never from reportgen's code or output.
Each table is read back from

* the .docx with python-docx (merged cells resolved through the table grid), and
* the .xlsx after a LibreOffice recalculation (totals are formulas; openpyxl cannot evaluate them).

Every non-blank reference cell must show the same figure, every cell the reference leaves blank must
be blank (zero is displayed as blank), and function-classified tables must list the same rows (codes in
order, names).  Where the published document is wrong the expected value is the corrected one and the
test says so (E20: 表3 row 2210202 is named 提租补贴, not the printed 租房补贴).

LibreOffice (``soffice``) is required for the .xlsx value tests; they fail, not skip, without it.
"""
from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

import expected_jianghan_tables as E
import tablegrid
from tablegrid import (
    EMPTY, FORMATS, GCell, Grid, docx_display_problems, docx_grid, norm, recalculate_with_libreoffice,
    xlsx_grid,
)

TABLES = list(range(1, 10))


class Checker(tablegrid.Checker):
    """Collects every mismatch of 表n (labels compared without whitespace)."""

    def __init__(self, table: int, grid: Grid):
        super().__init__(f"表{table}", grid)


# =============================================================================================
# Reading the .docx
# =============================================================================================

TITLE = re.compile(rf"^{E.YEAR}年度.+（表([1-9])）$")


def read_docx_tables(path: Path) -> tuple[list[tuple[int, str]], dict[int, Grid]]:
    """The nine tables, each identified by the title paragraph ``2022年度…（表n）`` preceding it.

    Returns ([(n, title) in document order], {n: grid}).  Tables without such a title (第四部分,
    self-evaluation tables) are ignored.
    """
    doc = Document(str(path))
    order: list[tuple[int, str]] = []
    grids: dict[int, Grid] = {}
    pending: tuple[int, str] | None = None
    for block in doc.iter_inner_content():
        if isinstance(block, Paragraph):
            text = block.text.strip()
            m = TITLE.match(text)
            if m:
                pending = (int(m.group(1)), text)
        elif isinstance(block, Table):
            if pending is not None:
                n, title = pending
                assert n not in grids, f"表{n} appears twice in the .docx"
                order.append(pending)
                grids[n] = docx_grid(block)
            pending = None
    return order, grids


# =============================================================================================
# Reading the .xlsx
# =============================================================================================


def xlsx_sheets(wb) -> dict[int, object]:
    """{n: worksheet} — a sheet is 表n when its title line is the reference title of 表n."""
    return tablegrid.xlsx_sheets(wb, E.TITLES)


# =============================================================================================
# Fixtures
# =============================================================================================


@pytest.fixture(scope="session")
def docx_tables(jianghan_docx):
    return read_docx_tables(Path(jianghan_docx))


@pytest.fixture(scope="session")
def docx_grids(docx_tables):
    order, grids = docx_tables
    missing = [n for n in TABLES if n not in grids]
    assert not missing, f".docx: no table under a title '{E.YEAR}年度…（表n）' for 表{missing}"
    return grids


@pytest.fixture(scope="session")
def xlsx_original(jianghan_xlsx):
    return openpyxl.load_workbook(str(jianghan_xlsx))


@pytest.fixture(scope="session")
def xlsx_recalculated(jianghan_xlsx, tmp_path_factory):
    out = recalculate_with_libreoffice(Path(jianghan_xlsx), tmp_path_factory.mktemp("lo-recalc"))
    return openpyxl.load_workbook(str(out), data_only=True)


def _grids_from(wb_orig, wb_values=None) -> dict[int, Grid]:
    orig = xlsx_sheets(wb_orig)
    missing = [n for n in TABLES if n not in orig]
    assert not missing, f".xlsx: no sheet titled like the reference for 表{missing}"
    values = xlsx_sheets(wb_values) if wb_values is not None else {}
    return {n: xlsx_grid(orig[n], values.get(n)) for n in TABLES}


@pytest.fixture(scope="session")
def xlsx_grids(xlsx_original, xlsx_recalculated):
    return _grids_from(xlsx_original, xlsx_recalculated)


@pytest.fixture(scope="session")
def xlsx_formula_grids(xlsx_original):
    return _grids_from(xlsx_original)


@pytest.fixture
def grids(request, fmt):
    return request.getfixturevalue(f"{fmt}_grids")


# =============================================================================================
# Structure helpers (shared by both formats)
# =============================================================================================


def column_of_lanci(grid: Grid, r: int) -> dict[int, int]:
    """{栏 number: grid column} from the 栏次 row ``r``."""
    cols = {}
    for cell in grid.rows[r]:
        t = norm(cell.text)
        if t.isdigit():
            cols[int(t)] = cell.col
    return cols


def lanci_row(grid: Grid) -> int:
    return grid.find_row("栏次")


def heading_text(grid: Grid, upto_row: int, col: int) -> str:
    """All header texts above ``upto_row`` covering grid column ``col``."""
    return "|".join(norm(grid.at(r, col).text) for r in range(upto_row))


def check_headings(chk: Checker, table: int, header_rows: int, cols: dict[int, int]) -> None:
    expected = E.COLUMN_HEADINGS[table]
    if sorted(cols) != sorted(expected):
        chk.fail(f"栏次 row numbers {sorted(cols)}, expected {sorted(expected)}")
    for lan, words in expected.items():
        if lan not in cols:
            continue
        heads = heading_text(chk.grid, header_rows, cols[lan])
        for word in words:
            chk.labels += 1
            if word not in heads:
                chk.fail(f"栏{lan} heading: expected {word!r} above the column, found {heads!r}")


def data_rows(grid: Grid, after: int, end: int | None = None) -> list[int]:
    return list(range(after + 1, len(grid.rows) if end is None else end))


# =============================================================================================
# The nine tables are there, in order
# =============================================================================================


def test_docx_has_the_nine_tables_in_order_with_reference_titles(docx_tables):
    order, _ = docx_tables
    assert [n for n, _ in order] == TABLES, f".docx table order {[n for n, _ in order]}"
    for n, title in order:
        assert norm(title) == norm(E.TITLES[n]), f"表{n} title: expected {E.TITLES[n]!r}, got {title!r}"


def test_xlsx_has_one_sheet_per_table_in_order(xlsx_original):
    found = xlsx_sheets(xlsx_original)
    assert sorted(found) == TABLES, f".xlsx: sheets found for 表{sorted(found)}"
    positions = [xlsx_original.worksheets.index(found[n]) for n in TABLES]
    assert positions == sorted(positions), f".xlsx: sheets of 表1–表9 not in order: {positions}"


# =============================================================================================
# 表1 / 表4 — fixed rows identified by 行次
# =============================================================================================


def check_two_sided(table: int, grid: Grid, labels, blocks, amounts) -> Checker:
    chk = Checker(table, grid)
    r0 = lanci_row(grid)
    lan_cols = column_of_lanci(grid, r0)
    check_headings(chk, table, r0, lan_cols)
    # the header row naming the 行次 columns; label column = the one before it
    hr = max(r for r in range(r0) if "行次" in grid.texts(r))
    hang_cols = sorted(c.col for c in grid.rows[hr] if norm(c.text) == "行次")
    assert len(hang_cols) == 2, f"表{table} ({grid.fmt}): expected two 行次 columns, found {hang_cols}"
    block_lans = []
    for i, hc in enumerate(hang_cols):
        nxt = hang_cols[i + 1] if i + 1 < len(hang_cols) else 10**6
        block_lans.append({lan: col for lan, col in lan_cols.items() if hc < col < nxt})

    seen: dict[int, int] = {}
    for r in data_rows(grid, r0):
        for b, hc in enumerate(hang_cols):
            hang_text = norm(grid.at(r, hc).text)
            if not hang_text:
                if any(norm(grid.at(r, c).text) for c in [hc - 1, *block_lans[b].values()]):
                    chk.fail(f"row {r}: block {b + 1} has content but no 行次")
                continue
            if not hang_text.isdigit():
                chk.fail(f"row {r}: 行次 cell {hang_text!r} is not a number")
                continue
            hang = int(hang_text)
            if hang in seen:
                chk.fail(f"行{hang} appears twice")
            seen[hang] = r
            if hang not in blocks[b]:
                chk.fail(f"行{hang} is in the wrong block (block {b + 1})")
                continue
            chk.label(f"行{hang} 项目", grid.at(r, hc - 1).text, labels[hang])
            for lan, col in sorted(block_lans[b].items()):
                chk.amount(f"行{hang} {norm(labels[hang]) or '(blank label)'} 栏{lan}", grid.at(r, col),
                           amounts.get(hang, {}).get(lan))
    missing = sorted(set(labels) - set(seen))
    extra = sorted(set(seen) - set(labels))
    if missing or extra:
        chk.fail(f"行次 missing {missing}, unexpected {extra}")
    for b, block in enumerate(blocks):  # rows of a block in 行次 order
        rows = [seen[h] for h in block if h in seen]
        if rows != sorted(rows):
            chk.fail(f"行次 of block {b + 1} are not in ascending row order")
    return chk


@pytest.mark.parametrize("fmt", FORMATS)
def test_table1_income_expenditure_summary(grids, fmt):
    check_two_sided(1, grids[1], E.T1_LABELS, E.T1_BLOCKS, E.T1_AMOUNTS).done()


@pytest.mark.parametrize("fmt", FORMATS)
def test_table4_fiscal_appropriation_summary(grids, fmt):
    check_two_sided(4, grids[4], E.T4_LABELS, E.T4_BLOCKS, E.T4_AMOUNTS).done()


# =============================================================================================
# 表2 / 表3 / 表5 / 表7 / 表8 — function classification rows
# =============================================================================================


def read_function_rows(grid: Grid):
    """(栏 → column, [(code|None, name, {栏: cell}, row index)], header row count)."""
    r0 = lanci_row(grid)
    lan_cols = column_of_lanci(grid, r0)
    name_col = next(c.col for c in grid.rows[r0] if norm(c.text) == "栏次")
    code_col = 0
    rows = []
    for r in data_rows(grid, r0):
        code = norm(grid.at(r, code_col).text)
        name = norm(grid.at(r, name_col).text)
        if not code and not name and not any(norm(grid.at(r, c).text) for c in lan_cols.values()):
            continue  # an empty spacer row
        if "合计" in (code, name):
            code, name = None, "合计"
        rows.append((code, name, {lan: grid.at(r, col) for lan, col in lan_cols.items()}, r))
    return lan_cols, rows, r0


def check_function_table(table: int, grid: Grid, expected) -> Checker:
    chk = Checker(table, grid)
    lan_cols, rows, r0 = read_function_rows(grid)
    check_headings(chk, table, r0, lan_cols)
    got_list = [(code, name) for code, name, _, _ in rows]
    want_list = [(code, name) for code, name, _ in expected]
    chk.labels += 2 * len(want_list)
    if [c for c, _ in got_list] != [c for c, _ in want_list]:
        chk.fail(f"row codes (None = 合计): expected {[c for c, _ in want_list]}, "
                 f"got {[c for c, _ in got_list]}")
    for (code, name, cells, _), (want_code, want_name, want_cols) in zip(rows, expected):
        if code != want_code:
            continue  # already reported in the code list
        row = want_code or "合计"
        if norm(name) != norm(want_name):
            chk.fail(f"row {row} 科目名称: expected {want_name!r}, got {name!r}")
        for lan, want in enumerate(want_cols, start=1):
            cell = cells.get(lan, EMPTY)
            chk.amount(f"row {row} {want_name} 栏{lan}", cell, want)
    return chk


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("table", [2, 3, 5, 7, 8])
def test_function_classified_table(grids, fmt, table):
    check_function_table(table, grids[table], E.FUNCTION_TABLES[table]).done()


@pytest.mark.parametrize("fmt", FORMATS)
def test_table3_row_2210202_uses_code_name_not_published_typo_E20(grids, fmt):
    """E20: the published 表3 prints 2210202 as "租房补贴"; the code (and 表2/表5) name is "提租补贴"."""
    published, correct = E.T3_NAME_CORRECTIONS["2210202"]
    names = {code: name for code, name, _, _ in read_function_rows(grids[3])[1]}
    assert "2210202" in names, f"表3 ({fmt}): row 2210202 missing"
    assert names["2210202"] == correct, \
        f"表3 ({fmt}) row 2210202: expected {correct!r} (E20: the reference's {published!r} is wrong), " \
        f"got {names['2210202']!r}"
    everything = " ".join(cell.text for row in grids[3].rows for cell in row)
    assert published not in everything, f"表3 ({fmt}): the published typo {published!r} (E20) is still printed"


# =============================================================================================
# 表6 — three blocks of economic classification rows + footer totals
# =============================================================================================


def read_table6_layout(grid: Grid):
    hr = next(r for r in range(len(grid.rows))
              if sum(norm(c.text).startswith("经济分类科目") for c in grid.rows[r]) == 3)
    code_cols = [c.col for c in grid.rows[hr] if norm(c.text).startswith("经济分类科目")]
    blocks = []
    for cc in code_cols:
        name_col = next(c.col for c in grid.rows[hr] if c.col > cc and norm(c.text) == "科目名称")
        amount_col = next(c.col for c in grid.rows[hr] if c.col > name_col and norm(c.text) == "决算数")
        blocks.append((cc, name_col, amount_col))
    footer = grid.find_row("人员经费合计", hr + 1)
    return hr, blocks, footer


@pytest.mark.parametrize("fmt", FORMATS)
def test_table6_basic_expenditure_detail(grids, fmt):
    grid = grids[6]
    chk = Checker(6, grid)
    hr, blocks, footer = read_table6_layout(grid)
    # super-headings: 人员经费 over block 1, 公用经费 over blocks 2 and 3
    for b, word in enumerate(["人员经费", "公用经费", "公用经费"]):
        for col in blocks[b]:
            chk.labels += 1
            if word not in heading_text(grid, hr, col).split("|"):
                chk.fail(f"block {b + 1} column {col}: not under the heading {word!r}")
    body = data_rows(grid, hr, footer)
    if len(body) != E.T6_DATA_ROWS:
        chk.fail(f"{len(body)} rows between header and footer, expected {E.T6_DATA_ROWS}")
    for i, r in enumerate(body):
        for b, (cc, nc, ac) in enumerate(blocks):
            if i < len(E.T6_BLOCKS_D[b]):
                code, name, amount = E.T6_BLOCKS_D[b][i]
                chk.label(f"block {b + 1} row {i + 1} 经济分类科目", grid.at(r, cc).text, code)
                chk.label(f"block {b + 1} row {i + 1} ({code}) 科目名称", grid.at(r, nc).text, name)
                chk.amount(f"{code} {name} 决算数", grid.at(r, ac), amount)
            else:  # the reference leaves the rest of a shorter block empty
                chk.label(f"block {b + 1} row {i + 1} 经济分类科目 (empty)", grid.at(r, cc).text, "")
                chk.label(f"block {b + 1} row {i + 1} 科目名称 (empty)", grid.at(r, nc).text, "")
                chk.amount(f"block {b + 1} row {i + 1} 决算数 (empty)", grid.at(r, ac), None)
    # footer: 人员经费合计 under block 1's 决算数, 公用经费合计 under the last 决算数 column
    personnel_amount = grid.at(footer, blocks[0][2])
    public_amount = grid.at(footer, blocks[2][2])
    chk.amount("人员经费合计", personnel_amount, E.T6_PERSONNEL_TOTAL)
    chk.amount("公用经费合计", public_amount, E.T6_PUBLIC_TOTAL)
    label_cols = {norm(c.text): c for c in grid.rows[footer]}
    for label, before in [("人员经费合计", blocks[0][2]), ("公用经费合计", blocks[2][2])]:
        chk.labels += 1
        cell = label_cols.get(label)
        if cell is None or cell.col >= before:
            chk.fail(f"footer: label {label!r} missing or not left of its amount")
    if not (blocks[0][2] < label_cols.get("公用经费合计", EMPTY).col):
        chk.fail("footer: 公用经费合计 must be under the 公用经费 blocks")
    others = [c for c in grid.rows[footer]
              if c is not personnel_amount and c is not public_amount and re.search(r"\d", c.text)]
    if others:
        chk.fail(f"footer: unexpected figures {[c.text for c in others]}")
    chk.done()


# =============================================================================================
# 表9 — one data row of 12 栏
# =============================================================================================


@pytest.mark.parametrize("fmt", FORMATS)
def test_table9_three_public_expenses(grids, fmt):
    grid = grids[9]
    chk = Checker(9, grid)
    numbers = [str(k) for k in range(1, 13)]
    r0 = next((r for r in range(len(grid.rows)) if [t for t in grid.texts(r) if t] == numbers), None)
    assert r0 is not None, f"表9 ({fmt}): no 栏次 row numbered 1–12"
    cols = column_of_lanci(grid, r0)
    check_headings(chk, 9, r0, cols)
    body = [r for r in data_rows(grid, r0) if any(grid.texts(r))]
    if len(body) != 1:
        chk.fail(f"expected exactly one data row under the 栏次 row, found {len(body)}")
    if body:
        for lan, want in enumerate(E.T9_VALUES, start=1):
            half = "预算数" if lan <= 6 else "决算数"
            chk.amount(f"{half} 栏{lan}", grid.at(body[0], cols[lan]), want)
    chk.done()


# =============================================================================================
# Display format of the .docx figures
# =============================================================================================


def test_docx_amounts_use_two_decimals_and_thousands_separators(docx_grids):
    """§2.0: every figure in 表1–表9 is shown as e.g. 4,199.36 (no bare 0.00; blanks are empty)."""
    bad = docx_display_problems({f"表{n}": grid for n, grid in docx_grids.items()})
    assert not bad, "\n".join(bad)


# =============================================================================================
# .xlsx: totals are formulas (values are checked above, after recalculation)
# =============================================================================================


def _formula_cells(n: int, grid: Grid) -> list[tuple[str, GCell]]:
    """(description, cell) of every total the reference defines by a rule."""
    out: list[tuple[str, GCell]] = []
    if n in (1, 4):
        r0 = lanci_row(grid)
        lan_cols = column_of_lanci(grid, r0)
        hr = max(r for r in range(r0) if "行次" in grid.texts(r))
        hang_cols = sorted(c.col for c in grid.rows[hr] if norm(c.text) == "行次")
        rows = {}
        for r in data_rows(grid, r0):
            for b, hc in enumerate(hang_cols):
                t = norm(grid.at(r, hc).text)
                if t.isdigit():
                    rows[int(t)] = (r, b)
        wanted = {1: {27: [1], 31: [1], 58: [2], 62: [2]},
                  4: {27: [1], 28: [1], 32: [1], 59: [2, 3, 4, 5], 64: [2, 3, 4, 5]}}[n]
        for hang, lans in wanted.items():
            r, _ = rows[hang]
            for lan in lans:
                out.append((f"行{hang} 栏{lan}", grid.at(r, lan_cols[lan])))
    elif n in (2, 3, 5, 7, 8):
        lan_cols, rows, _ = read_function_rows(grid)
        for code, name, cells, _ in rows:
            # a 项 row, or the 合计 row of an empty table, has no children to sum
            leaf = len(code) == 7 if code is not None else len(rows) == 1
            if not leaf:
                lans = sorted(cells)  # 合计 / 类 / 款 rows: every column is a subtotal
            elif n == 7:
                lans = [3, 6]  # 3栏 = 4+5; 6栏 = 1+2−3
            else:
                lans = [1]  # 1栏 = Σ other 栏
            out += [(f"row {code or '合计'} 栏{lan}", cells[lan]) for lan in lans]
    elif n == 6:
        hr, blocks, footer = read_table6_layout(grid)
        for r in data_rows(grid, hr, footer):
            for cc, _, ac in blocks:
                code = norm(grid.at(r, cc).text)
                if len(code) == 3:
                    out.append((f"{code} 决算数", grid.at(r, ac)))
        out.append(("人员经费合计", grid.at(footer, blocks[0][2])))
        out.append(("公用经费合计", grid.at(footer, blocks[2][2])))
    elif n == 9:
        numbers = [str(k) for k in range(1, 13)]
        r0 = next(r for r in range(len(grid.rows)) if [t for t in grid.texts(r) if t] == numbers)
        cols = column_of_lanci(grid, r0)
        out += [(f"栏{lan}", grid.at(r0 + 1, cols[lan])) for lan in (1, 3, 7, 9)]
    return out


@pytest.mark.parametrize("table", TABLES)
def test_xlsx_totals_are_formulas(xlsx_formula_grids, table):
    cells = _formula_cells(table, xlsx_formula_grids[table])
    assert cells, f"表{table}: no total cells located"
    bad = [f"表{table} (xlsx) {what} [{cell.where}]: {cell.value!r} is not a formula"
           for what, cell in cells if cell.formula is None]
    assert not bad, "\n".join(bad)
