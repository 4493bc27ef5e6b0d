"""Acceptance for ``reportgen check`` (issue 3, part c): property-based tests with hypothesis.

Random but consistent 决算 figures are pasted into the blank workbook that ``reportgen init``
writes: 项 rows of 表2/表3/表5 with codes from the shipped 2022 code table (表2 财政拨款收入 =
表5 小计 per code, 表3 = 表5 plus non-fiscal money, which 表2 receives as non-fiscal income),
表6 economic 款 summing to 表5 基本支出, 表9 with its breakdown sheets, and the required figures
of the other sheets.  Then

1. every table reportgen computes equals an independent computation from the pasted leaves and
   satisfies the rules of final-accounts spec §2 (注 formulas, 类 = Σ款 = Σ项, 合计) and the
   cross-table identities X1–X11 of §2.10; the checks report no error;
2. when the computed totals (类/款/合计 rows, 表1/表4 rows, 表6 类 and footers, 表9 合计/小计,
   the 栏1 of 项 rows) are pasted too and one of them is then changed by ±0.01…±100, the checks
   report exactly that cell: an error, or a warning when the change is within the 0.01 tolerance.

The workbook layout is found the way the reader finds it (栏次 row, 行次 column, codes, labels),
so the tests follow changes of the blank workbook's cosmetics.
"""
from __future__ import annotations

import io
import re
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.utils import get_column_letter

from reportgen.build import prepare
from reportgen.codes import load_tables
from reportgen.kinds.common import CLASSES_26
from reportgen.kinds.final_accounts import schema as S
from reportgen.workbook.blank import blank_workbook

YEAR = 2022
ZERO = Decimal("0.00")
CENT = Decimal("0.01")
TOLERANCE = Decimal("0.01")

_FUNC = load_tables()["function"]
CLASS_CODES = [code for code, _name in CLASSES_26]
ITEM_CODES = sorted(
    c for c in _FUNC.codes(YEAR)
    if len(c) == 7 and c[:3] in CLASS_CODES and _FUNC.entry(c[:5], YEAR) and _FUNC.entry(c[:3], YEAR)
)
ECON_CODES = [code for _group, rows in S.T6.blocks for code, _name in rows if len(code) == 5]
T2_KEYS = [c.key for c in S.T2.columns]
T3_KEYS = [c.key for c in S.T3.columns]
T5_KEYS = [c.key for c in S.T5.columns]
T9_LEAVES = [c.key for c in S.T9.columns if not c.computed]

SETTINGS = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def cents(n: int) -> Decimal:
    return (Decimal(n) / 100).quantize(CENT)


def dsum(values) -> Decimal:
    return sum(values, ZERO)


# -- generated figures ----------------------------------------------------------------------------

@dataclass
class Accounts:
    t2: dict[str, dict[str, Decimal]]          # 项 code → entered columns of 表2
    t3: dict[str, dict[str, Decimal]]
    t5: dict[str, dict[str, Decimal]]
    t6: dict[str, Decimal]                     # economic 款 → amount
    t9: dict[str, Decimal]                     # entered 栏 of 表9 by key
    oracle: dict = field(default_factory=dict)


money = st.integers(min_value=0, max_value=2_000_000_00).map(cents)          # up to 2,000,000.00 万元
small = st.integers(min_value=0, max_value=50_00).map(cents)
often_zero = st.one_of(st.just(ZERO), st.just(ZERO), money)


@st.composite
def split(draw, total: Decimal, parts: int) -> list[Decimal]:
    """``total`` cut into ``parts`` non-negative amounts (to the cent) that add up exactly."""
    n = int(total * 100)
    cuts = sorted(draw(st.lists(st.integers(0, n), min_size=parts - 1, max_size=parts - 1)))
    bounds = [0, *cuts, n]
    return [cents(b - a) for a, b in zip(bounds, bounds[1:])]


@st.composite
def accounts(draw) -> Accounts:
    codes = draw(st.lists(st.sampled_from(ITEM_CODES), min_size=1, max_size=8, unique=True))
    t2, t3, t5 = {}, {}, {}
    for code in codes:
        basic5, project5 = draw(money), draw(money)
        extra = {k: draw(often_zero) for k in ("basic", "project", "to_upper", "operating", "to_affiliated")}
        t5[code] = {"basic": basic5, "project": project5}
        t3[code] = {"basic": basic5 + extra["basic"], "project": project5 + extra["project"],
                    "to_upper": extra["to_upper"], "operating": extra["operating"],
                    "to_affiliated": extra["to_affiliated"]}
        nonfiscal = draw(split(dsum(extra.values()), 5))
        t2[code] = {"fiscal": basic5 + project5,
                    **dict(zip(("upper", "business", "operating", "affiliated", "other"), nonfiscal))}
    basic_total = dsum(v["basic"] for v in t5.values())
    econ = draw(st.lists(st.sampled_from(ECON_CODES), min_size=1, max_size=6, unique=True))
    t6 = dict(zip(econ, draw(split(basic_total, len(econ)))))
    t9 = {key: draw(st.one_of(st.just(ZERO), small)) for key in T9_LEAVES}
    acc = Accounts(t2, t3, t5, t6, t9)
    acc.oracle = oracle(acc)
    return acc


# -- the expected figures, computed here without reportgen -----------------------------------------

def rollup(leaves: dict[str, dict[str, Decimal]], keys: list[str]) -> dict[str, dict[str, Decimal]]:
    """Every 类/款/项 code and "" (合计) → column sums of the 项 rows below it."""
    out: dict[str, dict[str, Decimal]] = {}
    for code, vals in leaves.items():
        for parent in ("", code[:3], code[:5], code):
            acc = out.setdefault(parent, {k: ZERO for k in keys})
            for k in keys:
                acc[k] += vals.get(k, ZERO)
    return out


def with_formulas(sheet, values: dict[str, Decimal]) -> dict[str, Decimal]:
    out = dict(values)
    computed = [c for c in sheet.columns if c.computed]
    for _ in computed:      # a computed column may use another one (表9: 合计 uses 小计)
        for col in computed:
            out[col.key] = dsum(out.get(k, ZERO) * sign for k, sign in col.formula)
    return out


def oracle(acc: Accounts) -> dict:
    t2 = {c: with_formulas(S.T2, v) for c, v in rollup(acc.t2, T2_KEYS).items()}
    t3 = {c: with_formulas(S.T3, v) for c, v in rollup(acc.t3, T3_KEYS).items()}
    t5 = {c: with_formulas(S.T5, v) for c, v in rollup(acc.t5, T5_KEYS).items()}
    # 表1: 收入 from 表2 (no 政府性基金 / 国有资本经营 money here), 支出 by 类 from 表3
    t1 = {1: t2[""]["fiscal"], 2: ZERO, 3: ZERO, 4: t2[""]["upper"], 5: t2[""]["business"],
          6: t2[""]["operating"], 7: t2[""]["affiliated"], 8: t2[""]["other"]}
    t1[27] = dsum(t1[n] for n in range(1, 9))
    t1[31] = t1[27]
    for k, code in enumerate(CLASS_CODES, start=1):
        t1[31 + k] = t3.get(code, {}).get("total", ZERO)
    t1[58] = dsum(t1[31 + k] for k in range(1, 27))
    t1[60] = t1[31] - t1[58]
    t1[62] = t1[58] + t1[60]
    # 表4: 财政拨款 only; 支出 by 类 from 表5
    t4_left = {1: t1[1], 2: ZERO, 27: t1[1], 28: ZERO, 30: ZERO, 32: t1[1]}
    t4_right = {}
    for k, code in enumerate(CLASS_CODES, start=1):
        g = t5.get(code, {}).get("total", ZERO)
        t4_right[32 + k] = {"subtotal": g, "gpb": g, "fund": ZERO, "soe": ZERO}
    t4_right[59] = {key: dsum(t4_right[32 + k][key] for k in range(1, 27)) for key in ("subtotal", "gpb", "fund", "soe")}
    closing = t4_left[1] - t4_right[59]["gpb"]
    t4_right[60] = {"subtotal": closing, "gpb": closing, "fund": ZERO, "soe": ZERO}
    t4_right[64] = {key: t4_right[59][key] + t4_right[60][key] for key in ("subtotal", "gpb", "fund", "soe")}
    t6 = {cls: dsum(v for c, v in acc.t6.items() if c.startswith(cls)) for cls in ("301", "302", "303", "310")}
    personnel, public = t6["301"] + t6["303"], t6["302"] + t6["310"]
    t9 = with_formulas(S.T9, acc.t9)
    return {"t2": t2, "t3": t3, "t5": t5, "t1": t1, "t4_left": t4_left, "t4_right": t4_right,
            "t6": t6, "personnel": personnel, "public": public, "t9": t9}


# -- finding the layout of the blank workbook, as the reader does ----------------------------------

def _int(v):
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, (int, float)) and float(v).is_integer():
        return int(v)
    if isinstance(v, str) and v.strip().isdigit():
        return int(v.strip())
    return None


def lanci(ws, n: int) -> tuple[int, dict[int, int]]:
    """The 栏次 row: (row, {栏次 number: column})."""
    for row in range(1, 40):
        found = {}
        for col in range(1, ws.max_column + 1):
            k = _int(ws.cell(row=row, column=col).value)
            if k is not None and 1 <= k <= n and k not in found:
                found[k] = col
        if len(found) == n and sorted(found, key=found.get) == list(range(1, n + 1)):
            return row, found
    raise AssertionError(f"no 栏次 row in {ws.title}")


def text_cells(ws, max_row: int | None = None):
    for row in ws.iter_rows(max_row=max_row or ws.max_row):
        for c in row:
            if isinstance(c.value, str) and not c.value.startswith("="):
                yield c.row, c.column, re.sub(r"\s+", "", c.value)


@dataclass
class Layout:
    """Where each figure goes; every writer returns the cell it wrote so tests can name it."""

    wb: object

    def func(self, sheet):
        ws = self.wb[sheet.content_name]
        row, cols = lanci(ws, len(sheet.columns))
        code_col = next(c for r, c, t in text_cells(ws, row) if "编码" in t)
        total_row = next(r for r, _c, t in text_cells(ws) if r > row and t == "合计")
        return ws, cols, code_col, total_row

    def fixed(self, sheet):
        ws = self.wb[sheet.content_name]
        row, cols = lanci(ws, len(sheet.left_columns) + len(sheet.right_columns))
        hangci_cols = sorted({c for r, c, t in text_cells(ws, row) if t == "行次"})
        where = {}
        for no, col in cols.items():
            owner = max(h for h in hangci_cols if h < col)
            for r in range(row + 1, ws.max_row + 1):
                n = _int(ws.cell(row=r, column=owner).value)
                if n is not None:
                    where[(n, no)] = (r, col)
        return ws, where


def cell_ref(row: int, col: int) -> str:
    return f"{get_column_letter(col)}{row}"


def write_workbook(acc: Accounts, totals: bool) -> tuple[openpyxl.Workbook, dict]:
    """The blank workbook filled with ``acc``; with ``totals`` the computed totals are pasted too.

    Returns the workbook and {(sheet name, cell): (rule id, expected value, n)} of every total pasted,
    ``n`` the number of 项 leaves a pasted 类/款/合计 adds up (0 for a computed cell of a leaf row).
    Built afresh for each workbook: a cell is a 类 row in one example and a 项 row in the next.
    """
    wb = openpyxl.load_workbook(io.BytesIO(BLANK))
    lay = Layout(wb)
    pasted: dict[tuple[str, str], tuple[str, Decimal, int]] = {}
    o = acc.oracle

    for sheet, leaves, exp in ((S.T2, acc.t2, o["t2"]), (S.T3, acc.t3, o["t3"]), (S.T5, acc.t5, o["t5"])):
        ws, cols, code_col, total_row = lay.func(sheet)
        codes = sorted({c for code in leaves for c in (code[:3], code[:5], code)}) if totals else sorted(leaves)
        for r, code in enumerate(codes, start=total_row + 1):
            ws.cell(row=r, column=code_col, value=code)
            for col in sheet.columns:
                cell = cell_ref(r, cols[col.no])
                if len(code) == 7 and not col.computed:
                    ws[cell] = float(leaves[code].get(col.key, ZERO))
                elif totals:
                    ws[cell] = float(exp[code][col.key])
                    rule = "T-COL" if len(code) == 7 else "T-SUM"
                    n = 0 if len(code) == 7 else sum(1 for c in leaves if c.startswith(code))
                    pasted[(sheet.content_name, cell)] = (rule, exp[code][col.key], n)
        if totals:
            for col in sheet.columns:
                cell = cell_ref(total_row, cols[col.no])
                ws[cell] = float(exp[""][col.key])
                pasted[(sheet.content_name, cell)] = ("T-TOTAL", exp[""][col.key], len(leaves))

    if totals:
        ws, where = lay.fixed(S.T1)
        inputs = {r.no for r in S.T1.left_rows + S.T1.right_rows if r.input}
        for hangci, value in o["t1"].items():
            colno = 1 if hangci <= 31 else 2
            if hangci in inputs:
                continue
            r, c = where[(hangci, colno)]
            ws.cell(row=r, column=c, value=float(value))
            pasted[(S.T1.content_name, cell_ref(r, c))] = ("T-ROW", value, 0)
        ws, where = lay.fixed(S.T4)
        inputs = {r.no for r in S.T4.left_rows + S.T4.right_rows if r.input}
        for hangci, value in o["t4_left"].items():
            if hangci in inputs:
                continue
            r, c = where[(hangci, 1)]
            ws.cell(row=r, column=c, value=float(value))
            pasted[(S.T4.content_name, cell_ref(r, c))] = ("T-ROW", value, 0)
        for hangci, values in o["t4_right"].items():
            for col in S.T4.right_columns:
                r, c = where[(hangci, col.no)]
                ws.cell(row=r, column=c, value=float(values[col.key]))
                pasted[(S.T4.content_name, cell_ref(r, c))] = ("T-ROW", values[col.key], 0)

    ws = wb[S.T6.content_name]
    code_cells = {t: (r, c) for r, c, t in text_cells(ws) if re.fullmatch(r"3\d{2}(\d{2})?", t)}
    for code, value in acc.t6.items():
        r, c = code_cells[code]
        ws.cell(row=r, column=c + 2, value=float(value))
    if totals:
        for cls, value in o["t6"].items():
            r, c = code_cells[cls]
            ws.cell(row=r, column=c + 2, value=float(value))
            pasted[(S.T6.content_name, cell_ref(r, c + 2))] = (
                "T6-SUM", value, sum(1 for k in acc.t6 if k.startswith(cls)))
        for label, value in (("人员经费合计", o["personnel"]), ("公用经费合计", o["public"])):
            r, c = next((r, c) for r, c, t in text_cells(ws) if t == label)
            ws.cell(row=r, column=c + 1, value=float(value))
            classes = ("301", "303") if label == "人员经费合计" else ("302", "310")
            pasted[(S.T6.content_name, cell_ref(r, c + 1))] = (
                "T6-TOTAL", value, sum(1 for k in acc.t6 if k[:3] in classes))

    ws = wb[S.T9.content_name]
    row, cols = lanci(ws, len(S.T9.columns))
    for col in S.T9.columns:
        if not col.computed:
            ws.cell(row=row + 1, column=cols[col.no], value=float(acc.t9[col.key]))
        elif totals:
            ws.cell(row=row + 1, column=cols[col.no], value=float(o["t9"][col.key]))
            pasted[(S.T9.content_name, cell_ref(row + 1, cols[col.no]))] = ("T9-SUM", o["t9"][col.key], 0)

    # the breakdowns of 表9 and the required figures of the other sheets
    for sheet, label_key, amount_key, label in (
        (S.VEHICLE_RUN, "item", "a_run", "燃料费"), (S.RECEPTION, "category", "a_reception", "国内公务接待"),
        (S.ABROAD, "item", "a_abroad", "国际旅费"),
    ):
        if acc.t9[amount_key] != 0:
            fill_list(wb, sheet, [{label_key: label, "amount": float(acc.t9[amount_key])}])
    fill_kv(wb, S.PRIOR, {f.key: 100 for f in S.PRIOR.fields if f.required})
    fill_kv(wb, S.OVERALL, {"budget": 100})
    return wb, pasted


def fill_kv(wb, sheet, values: dict):
    ws = wb[sheet.content_name]
    labels = {f.label: f.key for f in sheet.fields}
    for r, c, t in list(text_cells(ws)):
        if c == 1 and labels.get(t) in values:
            ws.cell(row=r, column=2, value=values[labels[t]])


def fill_list(wb, sheet, records: list[dict]):
    ws = wb[sheet.content_name]
    first = sheet.columns[0].label
    header = next(r for r, _c, t in text_cells(ws, 10) if t == first)
    cols = {f.key: next(c for r, c, t in text_cells(ws, header) if r == header and t == f.label)
            for f in sheet.columns if any(f.key in rec for rec in records)}
    for i, rec in enumerate(records, start=header + 1):
        for key, value in rec.items():
            ws.cell(row=i, column=cols[key], value=value)


BLANK_WB = blank_workbook(S.SCHEMA)
_buf = io.BytesIO()
BLANK_WB.save(_buf)
BLANK = _buf.getvalue()

PROJECT_YAML = """\
kind: 决算
year: 2022
department: 武汉市某区测试局
short_name: 测试局
workbook: t.xlsx
texts:
  functions:
    - 负责全区测试工作。
"""


def run(wb) -> object:
    with tempfile.TemporaryDirectory(prefix="reportgen-prop-") as tmp:
        folder = Path(tmp)
        wb.save(folder / "t.xlsx")
        (folder / "t.yaml").write_text(PROJECT_YAML, encoding="utf-8")
        return prepare(folder / "t.yaml")


# -- the rules, stated on the computed object -----------------------------------------------------

def violations(fa) -> list[str]:
    """Every §2 table rule and §2.10 identity (X1–X11) that the computed tables break."""
    bad = []

    def eq(a, b, what):
        if a != b:
            bad.append(f"{what}: {a} != {b}")

    def ge(a, b, what):
        if a < b:
            bad.append(f"{what}: {a} < {b}")

    for name, table, sheet in (("表2", fa.t2, S.T2), ("表3", fa.t3, S.T3), ("表5", fa.t5, S.T5),
                               ("表7", fa.t7, S.T7), ("表8", fa.t8, S.T8)):
        keys = [c.key for c in sheet.columns]
        items = [r for r in table.rows if r.level == "item"]
        for row in table.rows:
            for col in sheet.columns:      # 注 formulas on every row
                if col.computed:
                    eq(row[col.key], dsum(row[k] * s for k, s in col.formula), f"{name} {row.code or '合计'} {col.key}")
            if row.level in ("class", "section"):      # 类 = Σ款 = Σ项
                below = [r for r in items if r.code.startswith(row.code)]
                for k in keys:
                    eq(row[k], dsum(r[k] for r in below), f"{name} {row.code} {k} = Σ项")
            if row.level == "class":
                sections = [r for r in table.rows if r.level == "section" and r.code.startswith(row.code)]
                for k in keys:
                    eq(row[k], dsum(r[k] for r in sections), f"{name} {row.code} {k} = Σ款")
        for k in keys:
            eq(table.total[k], dsum(r[k] for r in items), f"{name} 合计 {k}")
            eq(table.total[k], dsum(r[k] for r in table.rows if r.level == "class"), f"{name} 合计 {k} = Σ类")
    t1, t4 = fa.t1, fa.t4
    v1 = t1.value
    eq(v1(27), dsum(v1(n) for n in range(1, 9)), "表1 27行")
    eq(v1(31), v1(27) + v1(28) + v1(29), "表1 31行")
    eq(v1(58), dsum(v1(n) for n in range(32, 58)), "表1 58行")
    eq(v1(62), v1(58) + v1(59) + v1(60), "表1 62行")
    eq(v1(31), v1(62), "表1 31行 = 62行")
    v4 = t4.value
    eq(v4(27), v4(1) + v4(2) + v4(3), "表4 27行")
    eq(v4(28), v4(29) + v4(30) + v4(31), "表4 28行")
    eq(v4(32), v4(27) + v4(28), "表4 32行")
    for key in ("subtotal", "gpb", "fund", "soe"):
        eq(v4(59, key), dsum(v4(n, key) for n in range(33, 59)), f"表4 59行 {key}")
        eq(v4(64, key), v4(59, key) + v4(60, key), f"表4 64行 {key}")
    eq(v4(32), v4(64, "subtotal"), "表4 32行 = 64行")
    for n in list(range(33, 61)) + [64]:
        eq(v4(n, "subtotal"), v4(n, "gpb") + v4(n, "fund") + v4(n, "soe"), f"表4 {n}行 2栏 = 3+4+5")
    tot2, tot3, tot5 = fa.t2.total, fa.t3.total, fa.t5.total
    # X1–X6
    eq(v1(27), tot2["total"], "X1 27行")
    eq(v1(1) + v1(2) + v1(3), tot2["fiscal"], "X1 财政拨款")
    for n, key in ((4, "upper"), (5, "business"), (6, "operating"), (7, "affiliated"), (8, "other")):
        eq(v1(n), tot2[key], f"X1 {n}行")
    eq(v1(58), tot3["total"], "X2 58行")
    for k, code in enumerate(CLASS_CODES, start=1):
        row3, row5 = fa.t3.get(code), fa.t5.get(code)
        eq(v1(31 + k), row3["total"] if row3 else ZERO, f"X2 {code}")
        eq(v4(32 + k, "gpb"), row5["total"] if row5 else ZERO, f"X4 {code}")
        ge(v1(31 + k), v4(32 + k, "subtotal"), f"X9 {code}")
    for n in (1, 2, 3):
        eq(v1(n), v4(n), f"X3 {n}行")
    eq(v4(59, "gpb"), tot5["total"], "X4 59行")
    eq(v4(59, "fund"), fa.t7.total["expense"], "X5 59行")
    eq(v4(2), fa.t7.total["income"], "X5 2行")
    eq(v4(30), fa.t7.total["opening"], "X5 30行")
    eq(v4(59, "soe"), fa.t8.total["total"], "X6")
    # 表6 and X7
    t6 = fa.t6.amounts
    for cls in ("301", "302", "303", "310"):
        eq(t6[cls], dsum(v for c, v in t6.items() if len(c) == 5 and c.startswith(cls)), f"表6 {cls}")
    eq(fa.t6.personnel, t6["301"] + t6["303"], "表6 人员经费合计")
    eq(fa.t6.public, t6["302"] + t6["310"], "表6 公用经费合计")
    eq(fa.t6.personnel + fa.t6.public, tot5["basic"], "X7")
    # X8, X10, X11
    items3 = {r.code: r for r in fa.t3.rows if r.level == "item"}
    for row in (r for r in fa.t5.rows if r.level == "item"):
        assert row.code in items3, f"X8 {row.code} not in 表3"
        ge(items3[row.code]["basic"], row["basic"], f"X8 {row.code} basic")
        ge(items3[row.code]["project"], row["project"], f"X8 {row.code} project")
    ge(v1(29), v4(28), "X10 29/28行")
    ge(v1(60), v4(60, "subtotal"), "X10 60行")
    if all(v1(n) == 0 for n in (28, 29, 59, 60)):
        items2 = {r.code: r for r in fa.t2.rows if r.level == "item"}
        for code in set(items2) | set(items3):
            eq(items2[code]["total"] if code in items2 else ZERO,
               items3[code]["total"] if code in items3 else ZERO, f"X11 {code}")
    # 表9
    t9 = fa.t9
    eq(t9["b_total"], t9["b_abroad"] + t9["b_vehicle"] + t9["b_reception"], "表9 1栏")
    eq(t9["b_vehicle"], t9["b_purchase"] + t9["b_run"], "表9 3栏")
    eq(t9["a_total"], t9["a_abroad"] + t9["a_vehicle"] + t9["a_reception"], "表9 7栏")
    eq(t9["a_vehicle"], t9["a_purchase"] + t9["a_run"], "表9 9栏")
    return bad


def assert_matches_oracle(fa, acc: Accounts) -> None:
    o = acc.oracle
    for name, table, exp in (("t2", fa.t2, o["t2"]), ("t3", fa.t3, o["t3"]), ("t5", fa.t5, o["t5"])):
        printed = {r.code: r.values for r in table.rows}
        # a published table lists only the codes with a figure; the 合计 row always
        expected = {c: v for c, v in exp.items() if c == "" or any(x != 0 for x in v.values())}
        assert set(printed) == set(expected), (name, sorted(set(printed) ^ set(expected)))
        for code, values in expected.items():
            assert {k: printed[code][k] for k in values} == values, f"{name} {code or '合计'}"
    for hangci, value in o["t1"].items():
        assert fa.t1.value(hangci) == value, f"表1 {hangci}行"
    for hangci, value in o["t4_left"].items():
        assert fa.t4.value(hangci) == value, f"表4 {hangci}行"
    for hangci, values in o["t4_right"].items():
        for key, value in values.items():
            assert fa.t4.value(hangci, key) == value, f"表4 {hangci}行 {key}"
    for cls, value in o["t6"].items():
        assert fa.t6.amounts[cls] == value, f"表6 {cls}"
    assert (fa.t6.personnel, fa.t6.public) == (o["personnel"], o["public"])
    for key, value in o["t9"].items():
        assert fa.t9[key] == value, f"表9 {key}"


def table_findings(findings):
    """Findings of the table rules and cross-table identities (X12 compares 表9 with 表6 only as a warning)."""
    return [f for f in findings if re.match(r"(T|X)", f.rule) and f.rule != "X12"]


# -- the properties ---------------------------------------------------------------------------------

@SETTINGS
@given(acc=accounts(), totals=st.booleans())
def test_computed_tables_satisfy_every_rule(acc: Accounts, totals: bool):
    wb, _pasted = write_workbook(acc, totals)
    prepared = run(wb)
    fa = prepared.result
    assert violations(fa) == []
    assert_matches_oracle(fa, acc)
    assert prepared.findings.errors == [], "\n".join(map(str, prepared.findings.errors))
    assert table_findings(prepared.findings) == []


deltas = st.one_of(
    st.sampled_from([CENT, -CENT]),
    st.builds(lambda n, sign: cents(n) * sign, st.integers(2, 100_00), st.sampled_from([1, -1])),
)


@SETTINGS
@given(acc=accounts(), data=st.data(), delta=deltas)
def test_a_changed_total_is_reported_at_its_cell(acc: Accounts, data, delta: Decimal):
    wb, pasted = write_workbook(acc, totals=True)
    (sheet, ref), (rule, value, n) = data.draw(st.sampled_from(sorted(pasted.items())), label="pasted total")
    wb[sheet][ref] = float(value + delta)
    prepared = run(wb)
    got = table_findings(prepared.findings)
    # the official rounding: a pasted 类/款/合计 (表2/3/5, 表6) within n × 0.005 of its n leaves is a 尾数 (information) and
    # stands as entered, so the tables built from it (表1/表4, 表6 against 表5) are then checked against it
    # and may differ from their own pasted cells by as much; beyond it, the usual tolerance rule, no knock-on
    # …unless the change makes the total negative: no rounding of non-negative amounts does that
    if n > 1 and abs(delta) <= Decimal("0.005") * n and (value + delta < 0) == (value < 0):
        level = "提示"
    else:
        level = "错误" if abs(delta) > TOLERANCE else "警告"
    mine = [f for f in got if (f.where.sheet, f.where.cell) == (sheet, ref)]
    assert [(f.level, f.rule) for f in mine] == [(level, rule)], "\n".join(map(str, got))
    if level == "提示":
        if abs(delta) <= TOLERANCE:
            assert prepared.findings.errors == [], "\n".join(map(str, prepared.findings.errors))
    else:
        assert got == mine, "\n".join(map(str, got))
        assert prepared.findings.errors == (got if level == "错误" else [])
    f = mine[0]
    assert f"（差 {abs(delta):,.2f}）" in f.message
    if level != "错误":
        assert "尾数误差" in f.message


def test_the_generator_covers_the_code_table():
    """The codes drawn from are the 2022 项 codes of the 26 类 printed in 表1/表4."""
    assert len(ITEM_CODES) > 300
    assert all(_FUNC.entry(c, YEAR) for c in ITEM_CODES)
    assert {c[:3] for c in ITEM_CODES} <= set(CLASS_CODES)

