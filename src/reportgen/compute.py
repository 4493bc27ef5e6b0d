"""Shared computations: classification rollups and the narrative metrics.

Both document kinds go through these helpers, so a total, a share, a growth rate or an
execution rate is computed the same way wherever it appears (table, narrative, chart, .xlsx).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .errors import Where
from .money import ZERO, dsum, pct, q2

HALF_CENT = Decimal("0.005")      # the largest rounding error of one amount printed to 0.01


# -- tables ------------------------------------------------------------------------------------

@dataclass
class Row:
    """One printed row of a classified table."""

    level: str                 # total | class (类) | section (款) | item (项)
    code: str
    name: str
    values: dict[str, Decimal]
    where: Where | None = None

    def __getitem__(self, key: str) -> Decimal:
        return self.values.get(key, ZERO)

    @property
    def is_zero(self) -> bool:
        return all(v == 0 for v in self.values.values())


def level_of(code: str) -> str:
    return {3: "class", 5: "section", 7: "item"}.get(len(code), "item")


def rollup(leaves: dict[str, dict[str, Decimal]], keys: list[str], name_of, wheres=None,
           entered: dict[str, dict[str, Decimal]] | None = None, columns=None,
           sums_out: dict | None = None) -> list[Row]:
    """项 rows → 类/款/项 hierarchy with a leading 合计 row, depth-first by code.

    Parents are the sums of their children, rounded from the exact sum (so with 元 input each printed
    cell is rounded from the 元 sum).  A parent or 合计 that was ``entered`` (pasted from the 决算/预算
    software, which computes in 元 and rounds each printed cell on its own) is authoritative: it is
    printed as entered, and the checks compare it with the leaf sum (a 尾数 within n × 0.005).
    Computed columns of an entered row that were not themselves entered follow the row's values.
    Codes whose values are all zero are dropped (a published table lists only used codes).
    ``sums_out`` receives the leaf sums by code (``""`` for 合计).
    """
    wheres = wheres or {}
    entered = entered or {}
    groups: dict[str, dict[str, Decimal]] = {}
    for code, vals in leaves.items():
        for parent in dict.fromkeys((code[:3], code[:5], code)):   # a 5-digit leaf is its own 款
            acc = groups.setdefault(parent, {k: ZERO for k in keys})
            for k in keys:
                acc[k] = acc[k] + vals.get(k, ZERO)
    total = {k: dsum(v.get(k, ZERO) for v in leaves.values()) for k in keys}

    # 元 input keeps leaves exact: then the sums are the 元 sums and there is no 尾数 to allow
    exact_input = any(isinstance(v, Decimal) and v.as_tuple().exponent < -2
                      for vals in leaves.values() for v in vals.values())

    def authoritative(code: str, sums: dict[str, Decimal]) -> dict[str, Decimal]:
        mine = entered.get(code)
        if not mine:
            return sums
        # within the 尾数 of its n leaves the entered figure stands; beyond, it is an error (the
        # checks say so) and the leaf sum is printed, so one wrong cell does not spread
        n = sum(1 for c in leaves if c.startswith(code))
        room = ZERO if exact_input else HALF_CENT * n
        # a 尾数 never turns a sum of non-negative amounts negative: rounding cannot produce that
        mine = {k: v for k, v in mine.items() if k in keys and abs(v - sums.get(k, ZERO)) <= room
                and (v < 0) == (sums.get(k, ZERO) < 0)}
        if not mine:
            return sums
        vals = dict(sums)
        vals.update(mine)
        if columns is not None:
            computed = formula_apply([c for c in columns if not (c.computed and c.key in mine)], vals)
            vals.update({k: v for k, v in computed.items() if k not in mine})
        return vals

    if sums_out is not None:
        sums_out[""] = total
    rows = [Row("total", "", "合计", authoritative("", total))]
    for code in sorted(groups, key=lambda c: (c[:3], c[:5] if len(c) > 3 else "", c)):
        sums = {k: q2(v) for k, v in groups[code].items()}
        if sums_out is not None:
            sums_out[code] = sums
        vals = authoritative(code, sums) if code not in leaves else sums
        row = Row(level_of(code), code, name_of(code), vals, wheres.get(code))
        if not row.is_zero:
            rows.append(row)
    return rows


@dataclass
class FuncTable:
    id: str
    sheet: object                      # the FuncTableSheet it was read from
    rows: list[Row]
    leaves: dict[str, dict[str, Decimal]]
    sums: dict[str, dict[str, Decimal]] = field(default_factory=dict)   # leaf sums by code ("" = 合计)

    @property
    def total(self) -> Row:
        return self.rows[0]

    @property
    def empty(self) -> bool:
        return len(self.rows) == 1 and self.total.is_zero

    def get(self, code: str) -> Row | None:
        return next((r for r in self.rows if r.code == code), None)

    def classes(self) -> list[Row]:
        return [r for r in self.rows if r.level == "class"]

    def children(self, code: str, level: str = "item") -> list[Row]:
        return [r for r in self.rows if r.level == level and r.code.startswith(code) and r.code != code]


def formula_apply(columns, values: dict[str, Decimal]) -> dict[str, Decimal]:
    """Fill computed columns (in dependency order) from entered ones: a column whose formula
    depends on another computed column is filled after it."""
    out = dict(values)
    pending = [c for c in columns if c.computed]
    for _ in range(len(pending) + 1):
        for col in list(pending):
            deps = [k for k, _ in col.formula]
            if all(not any(c.key == d and c in pending for c in columns) for d in deps):
                out[col.key] = q2(sum((out.get(k, ZERO) * sign for k, sign in col.formula), ZERO))
                pending.remove(col)
    return out


def entered_parents(data, sheet, leaf_len: int = 7) -> dict[str, dict[str, Decimal]]:
    """The 类/款 rows and the 合计 row the user entered (pasted totals), by code (``""`` = 合计)."""
    by_no = {c.no: c for c in sheet.columns}
    out: dict[str, dict[str, Decimal]] = {}
    rows = [(r.code, r.values) for r in data.rows if len(r.code) < leaf_len]
    if data.total is not None:
        rows.append(("", data.total.values))
    for code, values in rows:
        vals = {by_no[no].key: q2(cell.amount) for no, cell in values.items() if no in by_no and cell.value is not None}
        if vals:
            out[code] = vals
    return out


def func_table(data, sheet, name_of, leaf_len: int = 7) -> FuncTable:
    """A classified table from the entered leaf rows (项 = 7 digits; economic 款 = 5): computed
    columns filled, parents and 合计 summed from the leaves; entered parents and 合计 are printed
    as entered (authoritative) and compared with the leaf sums by the checks."""
    keys = [c.key for c in sheet.columns]
    by_no = {c.no: c for c in sheet.columns}
    leaves: dict[str, dict[str, Decimal]] = {}
    wheres: dict[str, Where] = {}
    for row in data.rows:
        if len(row.code) != leaf_len:
            continue
        entered = {by_no[no].key: cell.amount for no, cell in row.values.items()
                   if no in by_no and not by_no[no].computed}
        leaves[row.code] = formula_apply(sheet.columns, entered)
        wheres[row.code] = row.where
    sums: dict = {}
    rows = rollup(leaves, keys, name_of, wheres, entered_parents(data, sheet, leaf_len), sheet.columns, sums)
    return FuncTable(sheet.table, sheet, rows, leaves, sums)


# -- narrative metrics --------------------------------------------------------------------------

@dataclass(frozen=True)
class Change:
    """A current value compared with its prior-year value (the denominator is always the prior)."""

    cur: Decimal
    prev: Decimal | None

    @property
    def known(self) -> bool:
        return self.prev is not None

    @property
    def delta(self) -> Decimal:
        return q2(self.cur - (self.prev or ZERO))

    @property
    def abs(self) -> Decimal:
        return abs(self.delta)

    @property
    def sign(self) -> int:
        return (self.delta > 0) - (self.delta < 0)

    @property
    def same(self) -> bool:
        return self.known and self.delta == 0

    @property
    def new(self) -> bool:
        """Nothing last year, something this year: there is no growth rate to print."""
        return self.known and self.prev == 0 and self.cur != 0

    @property
    def rate(self) -> Decimal | None:
        if not self.known or self.prev == 0:
            return None
        return pct(self.abs, self.prev)

    @property
    def word(self) -> str:
        return "增加" if self.sign > 0 else "减少" if self.sign < 0 else "持平"

    @property
    def rate_word(self) -> str:
        return "增长" if self.sign > 0 else "下降" if self.sign < 0 else "持平"


@dataclass(frozen=True)
class Completion:
    """An actual amount against its budget (完成预算的…%)."""

    actual: Decimal
    budget: Decimal

    @property
    def rate(self) -> Decimal | None:
        return pct(self.actual, self.budget)

    @property
    def diff(self) -> Decimal:
        return q2(self.actual - self.budget)

    @property
    def word(self) -> str:
        """大于 / 小于 / 等于, for 决算数大于年初预算数."""
        return "大于" if self.diff > 0 else "小于" if self.diff < 0 else "等于"


@dataclass(frozen=True)
class Part:
    """An amount and its share of a whole (占…%)."""

    name: str
    amount: Decimal
    share: Decimal | None
    code: str = ""
    children: tuple = ()


def parts_of(items: list[tuple[str, Decimal]], whole: Decimal, keep_zero: bool = False, codes=None) -> list[Part]:
    """Each share rounded on its own: never adjusted so that the list adds up to 100.00%."""
    out = []
    for i, (name, amount) in enumerate(items):
        if amount == 0 and not keep_zero:
            continue
        out.append(Part(name, amount, pct(amount, whole), codes[i] if codes else ""))
    return out


@dataclass
class Section:
    """An entry of the document outline: numbered heading text shared by 目录 and body."""

    id: str
    title: str
    number: str = ""
    level: int = 2
    children: list["Section"] = field(default_factory=list)

    @property
    def heading(self) -> str:
        return f"{self.number}{self.title}"

    @property
    def sub(self) -> dict[str, "Section"]:
        """Children by id, for templates: ``sec.sub.gpb_overall.heading``."""
        return {c.id: c for c in self.children}
