"""Money and percentages as :class:`~decimal.Decimal`, rounded 四舍五入 (ROUND_HALF_UP).

Published documents print 万元 with two decimals and percentages with two decimals.  Every
amount is rounded once, at leaf level (a 项 code, an economic 款, one 三公 cell); every total is
the sum of rounded leaves, so a total can never disagree with its parts by a rounding unit.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
HUNDRED = Decimal(100)


def q2(value) -> Decimal:
    """Round to two places, half up (never banker's rounding, never float)."""
    if value is None:
        return ZERO
    if not isinstance(value, Decimal):
        value = Decimal(str(value))
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def dsum(values) -> Decimal:
    """Sum of already-rounded amounts (stays exact)."""
    total = ZERO
    for v in values:
        total += v if v is not None else ZERO
    return q2(total)


def pct(part, base) -> Decimal | None:
    """``part / base × 100`` rounded to 2 places; ``None`` when the base is zero.

    A percentage against a zero base has no meaning; callers print a defined phrase instead
    (新增, 持平, 本部门无…), never ``0.00%`` or a division error.
    """
    part = Decimal(part)
    base = Decimal(base)
    if base == 0:
        return None
    return q2(part * HUNDRED / base)


def fmt_amount(value, thousands: bool = True) -> str:
    """``4199.36`` → ``4,199.36``: always two decimals."""
    value = q2(value)
    return f"{value:,.2f}" if thousands else f"{value:.2f}"


def fmt_pct(value, trim_zeros: bool = False) -> str:
    """``131.5`` → ``131.50%``; the % sign included."""
    value = q2(value)
    text = f"{value:.2f}"
    if trim_zeros and text.endswith(".00"):
        text = text[:-3]
    return text + "%"
