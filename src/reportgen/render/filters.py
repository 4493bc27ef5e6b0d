"""Jinja filters available in every template (documented in templates/README.md).

Filters turn a computed value into text; they never compute a figure.  Amount and percentage
formats come from the project's ``profile`` so one document uses one format throughout.
"""
from __future__ import annotations

import datetime as _dt
from decimal import Decimal

from ..compute import Change
from ..money import fmt_amount, fmt_pct, q2
from ..numerals import cn_number, cn_ordinal, cn_upper, cn_year, rmb


class Formats:
    """The number formats of one document (profile keys ``thousands_in_text``, ``zero_display``)."""

    def __init__(self, profile: dict):
        self.thousands = bool(profile.get("thousands_in_text", True))
        self.trim = bool(profile.get("trim_zeros_in_text", False))
        self.zero = str(profile.get("zero_display", ""))

    def amt(self, value) -> str:
        """Narrative amount: two decimals (4,199.36), or trailing zeros dropped (114.7, 40) where
        the document's format says so — one rule for the whole document either way."""
        if value is None:
            raise ValueError("金额缺失")
        text = fmt_amount(value, self.thousands)
        if self.trim and "." in text:
            text = text.rstrip("0").rstrip(".")
        return text

    def cell(self, value) -> str:
        """Table cell: thousands separators; zero shown as the profile says (blank by default)."""
        if value is None or (isinstance(value, (Decimal, int)) and value == 0):
            return self.zero
        return fmt_amount(value, True)

    @staticmethod
    def pct(value) -> str:
        if value is None:
            return "—"
        return fmt_pct(value)

    @staticmethod
    def num(value) -> str:
        """Scores and counts: 99.97, 1.5, 20 (no trailing zeros)."""
        if value is None:
            return ""
        d = q2(value)
        text = f"{d:.2f}".rstrip("0").rstrip(".")
        return text

    def change(self, c: Change) -> str:
        """增加2,385.41万元，增长131.50% / 减少…，下降… / 增加X万元（上年为0） / 持平."""
        if c.same:
            return "持平"
        text = f"{c.word}{self.amt(c.abs)}万元"
        if c.rate is not None:
            text += f"，{c.rate_word}{fmt_pct(c.rate)}"
        elif c.new:
            text += "（上年无此项支出）"
        return text

    def change_vs(self, c: Change, prefix: str = "较上年", same: str = "与上年持平") -> str:
        """较上年增加…，增长…% / 与上年持平 (never "增加0万元" — budget spec E30)."""
        if c.same:
            return same
        return prefix + self.change(c)

    @staticmethod
    def date(value) -> str:
        if value is None:
            return ""
        if isinstance(value, _dt.date):
            return f"{value.year}年{value.month}月{value.day}日"
        return str(value)

    def install(self, env) -> None:
        env.install({
            "amt": self.amt, "cell": self.cell, "pct": self.pct, "num": self.num,
            "change": self.change, "change_vs": self.change_vs, "date": self.date,
            "cn_number": cn_number, "cn_upper": cn_upper, "rmb": rmb, "cn_ordinal": cn_ordinal,
            "cn_year": cn_year,
        })
