"""The official rounding (issue 11): with 元 input every printed cell is rounded from the 元 sum, so one
quantity prints the same in every table; with 万元 input the entered totals are authoritative (the 新洲
acceptance is in test_budget_tables / test_budget_narrative).

The 江汉 2022 example is converted to 元 here (every amount × 10000, located through the reader's own
cell addresses and the schema's MONEY fields), with ``workbook_unit: 元`` in its project file.
"""
from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest

from conftest import copy_example

D = Decimal


def _money_cells(path, schema):
    """(sheet, cell) of every amount the reader takes from the workbook."""
    from reportgen.workbook import schema as WS
    from reportgen.workbook.reader import WorkbookReader

    data = WorkbookReader(path, schema, unit="万元", display_name=path.name).read()
    cells = []
    for sheet in schema.sheets:
        d = data[sheet.name]
        if isinstance(sheet, WS.FuncTableSheet):
            rows = list(d.rows) + ([d.total] if d.total is not None else [])
            cells += [c for r in rows for c in r.values.values()]
        elif isinstance(sheet, (WS.FixedTableSheet, WS.RowTableSheet)):
            cells += list(d.values.values())
        elif isinstance(sheet, WS.EconTableSheet):
            cells += [c for _n, c in d.entries.values()] + list(d.totals.values())
        elif isinstance(sheet, WS.KVSheet):
            cells += [d.values[f.key] for f in sheet.fields if f.type == WS.MONEY]
        elif isinstance(sheet, WS.ListSheet):
            cells += [r.values[f.key] for r in d.records for f in sheet.columns if f.type == WS.MONEY]
    return [(c.where.sheet, c.where.cell) for c in cells if c.value is not None and c.where.cell]


def _cell_of(data, sheet, code, no):
    if code is None:
        return data[sheet.name].total.values[no].where.cell
    return next(r for r in data[sheet.name].rows if r.code == code).values[no].where.cell


def yuan_project(dest, extra_yuan=None):
    """The 江汉 example in 元; ``extra_yuan`` {(sheet name, cell): 元 added} after the conversion."""
    from reportgen.kinds.final_accounts import schema as S

    project = copy_example(dest)
    path = project.parent / "jianghan-2022.xlsx"
    cells = _money_cells(path, S.SCHEMA)
    wb = openpyxl.load_workbook(path)
    for sheet, coord in cells:
        v = wb[sheet][coord].value
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            wb[sheet][coord].value = int(D(str(v)) * 10000)
    for (sheet, coord), add in (extra_yuan or {}).items():
        wb[sheet][coord].value = None if add is None else wb[sheet][coord].value + add
    wb.save(path)
    text = project.read_text(encoding="utf-8")
    assert "workbook_unit" not in text
    project.write_text(text.replace("workbook: ", "workbook_unit: 元\nworkbook: ", 1), encoding="utf-8")
    return project


def _figures(prepared):
    from reportgen.manifest import figures

    return [(f.where, f.value) for f in figures(prepared)]


def test_yuan_workbook_prints_every_figure_as_the_wanyuan_one(tmp_path, jianghan_build):
    from reportgen.build import prepare

    prepared = prepare(yuan_project(tmp_path))
    assert prepared.project.workbook_unit == "元"
    assert not prepared.findings.errors, [str(f) for f in prepared.findings.errors]
    assert _figures(prepared) == _figures(jianghan_build[0])


@pytest.fixture(scope="module")
def odd_yuan(tmp_path_factory):
    """元 input where per-leaf rounding and the official rounding differ: 2010301 and 2010302 each carry
    40 元 more 基本支出 (财政拨款 in 表2): 0.004 万元 each, so each 项 still prints as before (705.74, 33.35)
    while their 款 20103, 类 201 and every 合计 are 80 元 = 0.008 万元 higher and print 0.01 more.  The
    pasted 201/20103/合计 cells are cleared, so these parents come from the leaves alone (rounding each leaf
    first would print 739.09 / 976.10 / 1,054.43)."""
    from reportgen.build import prepare
    from reportgen.kinds.final_accounts import schema as S
    from reportgen.workbook.reader import WorkbookReader

    dest = tmp_path_factory.mktemp("odd_yuan")
    src = copy_example(dest / "src")
    data = WorkbookReader(src.parent / "jianghan-2022.xlsx", S.SCHEMA, unit="万元").read()
    extra = {}
    for sheet, cols in ((S.T2, (1, 2)), (S.T3, (1, 2)), (S.T5, (1, 2))):
        for code, add in (("2010301", 40), ("2010302", 40), ("20103", None), ("201", None), (None, None)):
            for no in cols:
                extra[(sheet.name, _cell_of(data, sheet, code, no))] = add
    return prepare(yuan_project(dest / "yuan", extra))


def _t(prepared, tid, code, key):
    table = getattr(prepared.result, tid)
    row = table.total if code is None else table.get(code)
    return row[key]


def test_yuan_leaves_round_on_their_own(odd_yuan):
    assert _t(odd_yuan, "t5", "2010301", "basic") == D("705.74")
    assert _t(odd_yuan, "t5", "2010302", "basic") == D("33.35")


def test_yuan_parents_are_rounded_from_the_yuan_sum(odd_yuan):
    # 739.09 + 0.008 → 739.10; 976.10 + 0.008 → 976.11; 合计 1,054.43 + 0.008 → 1,054.44 (per-leaf rounding: 1,054.43)
    for tid in ("t3", "t5"):
        assert _t(odd_yuan, tid, "201", "basic") == D("739.10")
        assert _t(odd_yuan, tid, "20103", "total") == D("976.11")
        assert _t(odd_yuan, tid, None, "basic") == D("1054.44")
        assert _t(odd_yuan, tid, None, "total") == D("4199.37")


def test_yuan_one_quantity_prints_the_same_in_every_table(odd_yuan):
    fa = odd_yuan.result
    # 一般公共预算财政拨款: 表2 财政拨款收入 = 表1 行1 = 表4 行1 = 表4 行59 一般公共预算 = 表5 合计
    assert fa.t2.total["fiscal"] == fa.t1.value(1) == fa.t4.value(1) == fa.t4.right[59]["gpb"] \
        == fa.t5.total["total"] == D("4199.37")
    # 201 一般公共服务支出: 表3 类 = 表1 行32; 表5 类 = 表4 行33
    assert fa.t3.get("201")["total"] == fa.t1.value(32) == D("976.11")
    assert fa.t5.get("201")["total"] == fa.t4.right[33]["gpb"] == D("976.11")
    # the narrative reads the same cells
    assert fa.s["gpb"]["total"] == fa.s["fiscal"]["gpb_income"] == D("4199.37")
    assert not odd_yuan.findings.errors, [str(f) for f in odd_yuan.findings.errors]


def test_wanyuan_pasted_table6_class_is_authoritative_within_its_rounding(tmp_path):
    """表6: a pasted 类 row 0.01 above the sum of its 款 (n ≥ 2) is a 尾数: printed as entered, reported as 提示."""
    from reportgen.build import prepare
    from reportgen.kinds.final_accounts import schema as S
    from reportgen.workbook.reader import WorkbookReader

    project = copy_example(tmp_path)
    path = project.parent / "jianghan-2022.xlsx"
    data = WorkbookReader(path, S.SCHEMA, unit="万元").read()[S.T6.name]
    filled = [c for c, (_n, cell) in data.entries.items() if len(c) == 5 and c.startswith("301") and cell.value is not None]
    total = sum((data.entries[c][1].amount for c in filled), D(0))
    _name, cell = data.entries["301"]
    wb = openpyxl.load_workbook(path)
    wb[cell.where.sheet][cell.where.cell] = float(total + D("0.01"))
    wb.save(path)
    prepared = prepare(project)
    assert len(filled) >= 2
    assert prepared.result.t6.amounts["301"] == total + D("0.01")
    infos = [f for f in prepared.findings.infos if f.rule == "T6-SUM"]
    assert [(f.where.cell, f"差 0.01" in f.message) for f in infos] == [(cell.where.cell, True)]
    assert not prepared.findings.errors
