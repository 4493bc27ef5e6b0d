"""Shared computations: classification rollups and the narrative metrics.

Both document kinds go through these helpers, so a total, a share, a growth rate or an
execution rate is computed the same way wherever it appears (table, narrative, chart, .xlsx).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .errors import Where
from .money import ZERO, dsum, pct, q2


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


def rollup(leaves: dict[str, dict[str, Decimal]], keys: list[str], name_of, wheres=None) -> list[Row]:
    """项 rows → 类/款/项 hierarchy with a leading 合计 row, depth-first by code.

    Parents are sums of their rounded children, so the printed figures always add up.
    Codes whose values are all zero are dropped (a published table lists only used codes).
    """
    wheres = wheres or {}
    groups: dict[str, dict[str, Decimal]] = {}
    for code, vals in leaves.items():
        for parent in dict.fromkeys((code[:3], code[:5], code)):   # a 5-digit leaf is its own 款
            acc = groups.setdefault(parent, {k: ZERO for k in keys})
            for k in keys:
                acc[k] = acc[k] + vals.get(k, ZERO)
    total = {k: dsum(v.get(k, ZERO) for v in leaves.values()) for k in keys}
    rows = [Row("total", "", "合计", total)]
    for code in sorted(groups, key=lambda c: (c[:3], c[:5] if len(c) > 3 else "", c)):
        vals = {k: q2(v) for k, v in groups[code].items()}
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


def func_table(data, sheet, name_of, leaf_len: int = 7) -> FuncTable:
    """A classified table from the entered leaf rows (项 = 7 digits; economic 款 = 5): computed
    columns filled, parents and 合计 summed from rounded leaves.  Entered parents are ignored
    here and compared by the checks."""
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
    return FuncTable(sheet.table, sheet, rollup(leaves, keys, name_of, wheres), leaves)


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
