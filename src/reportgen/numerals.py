"""Chinese numerals: 一万零一十, 壹万贰仟…, 人民币大写, 二〇二四年, 第一部分 / 十一、.

Why this module exists
----------------------
The documents need numbers written out in Chinese (大写 amounts, heading numbers, years).  The
project standardises on the ``num2words`` API for that, but num2words 0.5.14 (the newest PyPI
release) has no Chinese at all: ``num2words(42, lang='zh')`` raises ``NotImplementedError``
(num2words #641; Chinese is merged on GitHub master but unreleased).  ``cn2an`` does the actual
conversion well, so we register a small cn2an-backed converter in num2words' public converter
table (``num2words.CONVERTER_CLASSES``, a plain dict) under ``"zh"`` and ``"zh_CN"``.  ``zh_TW`` /
``zh_HK`` then fall back to ``"zh"`` through num2words' own ``lang[:2]`` lookup.

We override those keys **deliberately**, even if a future num2words release ships its own
Chinese: upstream master writes currency as ``人民币壹万…圆陆角柒分`` and ``壹万零壹拾圆伍分``
(圆 instead of 元, no 零 before 伍分) and uses 兆 for 10¹², which is not what 决算公开 documents
print.  The golden tests in ``tests/test_numerals.py`` pin our output; switching to an upstream
converter must be an explicit decision, not a side effect of ``pip install -U``.

Numbers never pass through ``float``: every value is turned into a :class:`~decimal.Decimal`
first and handed to cn2an as a plain decimal string, so ``0.1 + 0.2``-style artefacts and binary
rounding of amounts such as ``1054.435`` cannot reach a published document.

The plain functions at the bottom (:func:`cn_number`, :func:`cn_upper`, :func:`rmb`,
:func:`cn_ordinal`, :func:`cn_year`) are what templates use as Jinja filters.
"""
from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import cn2an
import num2words
from num2words.base import Num2Word_Base

__all__ = [
    "Num2Word_ZH_CN",
    "register",
    "cn_number",
    "cn_upper",
    "rmb",
    "cn_ordinal",
    "cn_year",
    "LANG_CODES",
]

#: The num2words language codes we (re)define.
LANG_CODES = ("zh", "zh_CN")

_CENT = Decimal("0.01")

# "4,199.36" as Excel or a person would type it: only well-formed groups of three are accepted,
# so "1,5" (a European decimal comma) is rejected instead of silently becoming 15.
_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")

# 〇 (U+3007), not 零: years are read digit by digit and written with the circle zero
# (二〇二四年), which is the form used in dated official documents.
_YEAR_DIGITS = str.maketrans("0123456789", "〇一二三四五六七八九")

# cn2an only writes 人民币 amounts in capitals; for the lower-case reading we map the capital
# digits back one to one (壹万贰仟…元陆角柒分 → 一万二千…元六角七分), keeping cn2an's 零 rules.
_UPPER_TO_LOWER = str.maketrans("壹贰叁肆伍陆柒捌玖拾佰仟", "一二三四五六七八九十百千")


def _to_decimal(value, *, allow_float: bool) -> Decimal:
    """Turn an int, str or Decimal into a finite Decimal, refusing anything ambiguous.

    ``bool`` is refused although it is an ``int`` — ``True|cn_number`` printing 一 would hide a
    template bug.  ``float`` is refused by the Jinja helpers (money is Decimal everywhere in
    reportgen, so a float there is a bug upstream we want to see in tests), but accepted by
    the num2words converter, whose public API is routinely called with floats; those are read
    through ``repr`` (the shortest string that round-trips), never through binary arithmetic.
    """
    if isinstance(value, bool):
        raise TypeError(f"不是数字：{value!r}")
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        if not allow_float:
            raise TypeError(
                f"数值 {value!r} 是浮点数；金额与数字请以 Decimal、int 或 str 传入，避免二进制舍入误差"
            )
        number = Decimal(repr(value))
    elif isinstance(value, str):
        text = value.strip()
        if _GROUPED.match(text):
            text = text.replace(",", "")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"不是数字：{value!r}") from None
    else:
        raise TypeError(f"不是数字：{value!r}（类型 {type(value).__name__}）")
    if not number.is_finite():
        raise ValueError(f"不是有限数字：{value!r}")
    return number


def _plain(number: Decimal, *, trim: bool) -> str:
    """Decimal → the plain digit string cn2an expects (no exponent, no ``+``, no ``-0``).

    ``trim`` drops trailing fractional zeros: amounts are stored as ``1054.40`` (two places),
    but read out as a cardinal they must say 一千零五十四点四, not …点四零.
    """
    if number.is_zero():
        number = abs(number)  # Decimal("-0.00") would otherwise read 负零
    text = format(number, "f")
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _integer(value, *, allow_float: bool, what: str, minimum: int) -> int:
    """A whole number ≥ ``minimum`` for ordinals and years (1.5 or 0 have no heading/year form)."""
    number = _to_decimal(value, allow_float=allow_float)
    if number != number.to_integral_value():
        raise ValueError(f"{what}必须是整数：{value!r}")
    result = int(number)
    if result < minimum:
        raise ValueError(f"{what}不能小于 {minimum}：{value!r}")
    return result


def _cardinal(number: Decimal, capital: bool) -> str:
    return cn2an.an2cn(_plain(number, trim=True), "up" if capital else "low")


def _rmb(number: Decimal) -> str:
    # cn2an's rmb mode *truncates* beyond 分 (an2cn("1.005", "rmb") == 壹元整), so we round
    # 四舍五入 to the cent first, like every other amount in the document.
    return cn2an.an2cn(_plain(number.quantize(_CENT, rounding=ROUND_HALF_UP), trim=False), "rmb")


def _year(value, *, allow_float: bool) -> str:
    return str(_integer(value, allow_float=allow_float, what="年份", minimum=1)).translate(_YEAR_DIGITS)


class Num2Word_ZH_CN(Num2Word_Base):
    """num2words converter for Simplified Chinese, delegating the real work to cn2an.

    It defines no ``high/mid/low_numwords``, so ``Num2Word_Base.__init__`` skips building its
    European-style number tables; every ``to_*`` method num2words dispatches to is implemented
    here.  Extra keyword arguments pass through ``num2words()`` unchanged (``reading=``,
    ``counter=``), mirroring the option names of the unreleased upstream Chinese converter so
    call sites stay the same if we ever switch.
    """

    def setup(self):
        self.negword = "负"
        self.pointword = "点"
        self.errmsg_nonnum = "不是数字：%s"
        self.errmsg_floatord = "序数必须是整数：%s"
        self.errmsg_negord = "序数不能为负：%s"

    def str_to_number(self, value):
        """Strings from templates/workbooks may carry thousands separators (``"4,199.36"``)."""
        return _to_decimal(value, allow_float=False)

    def to_cardinal(self, value, reading=False, **kwargs):
        """``10010`` → 一万零一十; ``reading='capital'`` → 壹万零壹拾 (大写, as upstream names it)."""
        return _cardinal(_to_decimal(value, allow_float=True), reading == "capital")

    def to_ordinal(self, value, counter="", reading=False, **kwargs):
        """``3, counter='章'`` → 第三章 (the counter word is the caller's: 部分, 章, 项…)."""
        number = _integer(value, allow_float=True, what="序数", minimum=0)
        return "第" + _cardinal(Decimal(number), reading == "capital") + counter

    def to_ordinal_num(self, value, counter="", **kwargs):
        """``3`` → 第3 (Arabic digits, as in 第3页)."""
        number = _integer(value, allow_float=True, what="序数", minimum=0)
        return f"第{number}{counter}"

    def to_year(self, value, **kwargs):
        """``2024`` → 二〇二四年: read digit by digit with 〇, as dated official documents do."""
        return _year(value, allow_float=True) + "年"

    def to_currency(self, val, currency="CNY", reading="capital", **kwargs):
        """人民币大写: ``12345.67`` → 壹万贰仟叁佰肆拾伍元陆角柒分; ``10010.05`` → 壹万零壹拾元零伍分.

        No 人民币 prefix and 元 (not 圆) — the form the disclosure tables use; the caller adds
        人民币 where a sentence needs it.  Any ``reading`` other than ``'capital'`` gives the
        lower-case form (一万二千三百四十五元六角七分).  Only CNY is supported: a document in
        yuan must not silently print another currency's amount as 元.
        """
        if currency not in ("CNY", "RMB"):
            raise NotImplementedError(f"只支持人民币（CNY），不支持 {currency!r}")
        text = _rmb(_to_decimal(val, allow_float=True))
        return text if reading == "capital" else text.translate(_UPPER_TO_LOWER)


_CONVERTER = Num2Word_ZH_CN()


def register(override: bool = True) -> None:
    """Put our converter into ``num2words.CONVERTER_CLASSES`` under ``zh`` and ``zh_CN``.

    Idempotent: it always installs the same module-level instance, so calling it again (or
    importing this module twice under different test runners) leaves the table unchanged.
    ``override=True`` (the default, and what import does) replaces any converter already there
    — see the module docstring for why we do not defer to a future upstream one.
    """
    for code in LANG_CODES:
        if override or code not in num2words.CONVERTER_CLASSES:
            num2words.CONVERTER_CLASSES[code] = _CONVERTER


register()


# --- Jinja filters ----------------------------------------------------------------------------
# Plain functions, so templates do not need to know about num2words' calling convention and so
# every filter refuses floats (see _to_decimal).


def cn_number(n) -> str:
    """``10010`` → 一万零一十; ``Decimal("1054.40")`` → 一千零五十四点四 (lower-case reading)."""
    return _cardinal(_to_decimal(n, allow_float=False), capital=False)


def cn_upper(n) -> str:
    """``12345`` → 壹万贰仟叁佰肆拾伍 (大写 digits, for amounts written out in tables)."""
    return _cardinal(_to_decimal(n, allow_float=False), capital=True)


def rmb(n) -> str:
    """``10010.05`` → 壹万零壹拾元零伍分; ``100`` → 壹佰元整 (rounded half-up to the 分)."""
    return _rmb(_to_decimal(n, allow_float=False))


def cn_ordinal(n) -> str:
    """Heading numbers: 1 → 一, 10 → 十, 13 → 十三, 21 → 二十一, 110 → 一百一十.

    Used for 第一部分 and for the 一、二、…十、十一、 numbering of sections.  10–19 take the
    colloquial form without a leading 一 (十三, not 一十三), which is how headings are written;
    above 100 the 一 is kept where the language requires it (一百一十).  Only positive whole
    numbers have a heading form.
    """
    return cn2an.an2cn(str(_integer(n, allow_float=False, what="序号", minimum=1)), "low")


def cn_year(n) -> str:
    """``2024`` → 二〇二四 (no 年, so templates can write {{ year|cn_year }}年度)."""
    return _year(n, allow_float=False)
