"""Golden tests for Chinese numerals.

The expected strings are the ones printed in published 决算公开 documents; they pin our
cn2an-backed num2words converter so that a library upgrade (e.g. a num2words release that ships
its own Chinese with 圆 and 兆) cannot change a published figure silently.
"""
from decimal import Decimal

import num2words as n2w_module
import pytest
from num2words import num2words

from reportgen import numerals
from reportgen.numerals import cn_number, cn_ordinal, cn_upper, cn_year, register, rmb


# --- num2words API ----------------------------------------------------------------------------


def test_cardinal_zh():
    assert num2words(10010, lang="zh") == "一万零一十"


def test_cardinal_capital_zh_cn():
    assert num2words(12345, lang="zh_CN", reading="capital") == "壹万贰仟叁佰肆拾伍"


def test_currency_decimal():
    assert num2words(Decimal("12345.67"), lang="zh_CN", to="currency") == "壹万贰仟叁佰肆拾伍元陆角柒分"


def test_currency_float_is_read_by_repr_not_binary_value():
    # num2words' public API is commonly called with floats; 12345.67 must not become …陆角陆分.
    assert num2words(12345.67, lang="zh_CN", to="currency") == "壹万贰仟叁佰肆拾伍元陆角柒分"


def test_currency_zero_before_fen_and_yuan_not_yuan_circle():
    assert num2words(Decimal("10010.05"), lang="zh", to="currency") == "壹万零壹拾元零伍分"


def test_currency_lower_reading():
    assert num2words(Decimal("12345.67"), lang="zh", to="currency", reading=False) == "一万二千三百四十五元六角七分"


def test_currency_other_than_cny_refused():
    with pytest.raises(NotImplementedError):
        num2words(Decimal("1.00"), lang="zh", to="currency", currency="USD")


def test_year():
    assert num2words(2024, lang="zh", to="year") == "二〇二四年"
    assert num2words(2000, lang="zh_CN", to="year") == "二〇〇〇年"


def test_ordinal_with_counter():
    assert num2words(3, lang="zh", to="ordinal", counter="章") == "第三章"
    assert num2words(1, lang="zh", to="ordinal", counter="部分") == "第一部分"
    assert num2words(10, lang="zh", to="ordinal") == "第十"


def test_ordinal_num():
    assert num2words(3, lang="zh", to="ordinal_num", counter="页") == "第3页"


def test_ordinal_refuses_fraction():
    with pytest.raises(ValueError):
        num2words(Decimal("1.5"), lang="zh", to="ordinal")


def test_string_input_with_thousands_separator():
    assert num2words("4,199.36", lang="zh") == "四千一百九十九点三六"


def test_zh_tw_falls_back_to_zh():
    assert num2words(10010, lang="zh_TW") == "一万零一十"


def test_large_numbers_use_wan_yi_not_zhao():
    assert num2words(10**12, lang="zh") == "一万亿"
    assert num2words(100000, lang="zh") == "十万"


# --- registration -----------------------------------------------------------------------------


def test_registered_under_both_codes():
    assert isinstance(n2w_module.CONVERTER_CLASSES["zh"], numerals.Num2Word_ZH_CN)
    assert n2w_module.CONVERTER_CLASSES["zh_CN"] is n2w_module.CONVERTER_CLASSES["zh"]


def test_register_is_idempotent():
    before = dict(n2w_module.CONVERTER_CLASSES)
    register()
    register()
    assert n2w_module.CONVERTER_CLASSES == before
    assert num2words(10010, lang="zh") == "一万零一十"


def test_register_overrides_existing_converter(monkeypatch):
    sentinel = object()
    monkeypatch.setitem(n2w_module.CONVERTER_CLASSES, "zh", sentinel)
    monkeypatch.setitem(n2w_module.CONVERTER_CLASSES, "zh_CN", sentinel)
    register(override=False)
    assert n2w_module.CONVERTER_CLASSES["zh"] is sentinel
    register()
    assert isinstance(n2w_module.CONVERTER_CLASSES["zh"], numerals.Num2Word_ZH_CN)
    assert isinstance(n2w_module.CONVERTER_CLASSES["zh_CN"], numerals.Num2Word_ZH_CN)


# --- Jinja helpers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        (10010, "一万零一十"),
        ("10010", "一万零一十"),
        (Decimal("10010"), "一万零一十"),
        (10, "十"),
        (0, "零"),
        (Decimal("1054.40"), "一千零五十四点四"),  # trailing zeros of a 2-place amount not read
        (Decimal("1000000.00"), "一百万"),
        (Decimal("-3.5"), "负三点五"),
        (Decimal("-0.00"), "零"),
        (Decimal("1E+3"), "一千"),
    ],
)
def test_cn_number(value, expected):
    assert cn_number(value) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        (12345, "壹万贰仟叁佰肆拾伍"),
        (Decimal("10010"), "壹万零壹拾"),
        ("100", "壹佰"),
    ],
)
def test_cn_upper(value, expected):
    assert cn_upper(value) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        (Decimal("10010.05"), "壹万零壹拾元零伍分"),
        ("10010.05", "壹万零壹拾元零伍分"),
        (Decimal("12345.67"), "壹万贰仟叁佰肆拾伍元陆角柒分"),
        (Decimal("1054.43"), "壹仟零伍拾肆元肆角叁分"),
        (100, "壹佰元整"),
        (Decimal("0.50"), "伍角"),
        (Decimal("0.07"), "柒分"),
        (Decimal("0"), "零元整"),
        (Decimal("100000000.10"), "壹亿元壹角"),
        # cn2an alone truncates beyond 分 (壹元整); we round 四舍五入 first.
        (Decimal("1.005"), "壹元零壹分"),
        (Decimal("1.004"), "壹元整"),
    ],
)
def test_rmb(value, expected):
    assert rmb(value) == expected


def test_cn_ordinal_1_to_26():
    expected = [
        "一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
        "十一", "十二", "十三", "十四", "十五", "十六", "十七", "十八", "十九", "二十",
        "二十一", "二十二", "二十三", "二十四", "二十五", "二十六",
    ]
    assert [cn_ordinal(i) for i in range(1, 27)] == expected


def test_cn_ordinal_examples():
    assert cn_ordinal(13) == "十三"
    assert cn_ordinal(10) == "十"
    assert cn_ordinal(21) == "二十一"
    assert cn_ordinal("7") == "七"
    assert cn_ordinal(Decimal("8")) == "八"
    assert cn_ordinal(110) == "一百一十"


@pytest.mark.parametrize("bad", [0, -1, Decimal("1.5"), "x"])
def test_cn_ordinal_rejects_non_positive_or_fractional(bad):
    with pytest.raises(ValueError):
        cn_ordinal(bad)


def test_cn_year():
    assert cn_year(2024) == "二〇二四"
    assert cn_year("2020") == "二〇二〇"
    assert cn_year(Decimal("2000")) == "二〇〇〇"


@pytest.mark.parametrize("func", [cn_number, cn_upper, rmb, cn_ordinal, cn_year])
def test_helpers_refuse_float_and_bool(func):
    with pytest.raises(TypeError):
        func(2024.0)
    with pytest.raises(TypeError):
        func(True)


def test_helpers_refuse_garbage_strings():
    with pytest.raises(ValueError):
        cn_number("1,5")  # a decimal comma is ambiguous: refused, never read as 15
    with pytest.raises(ValueError):
        rmb("NaN")
    with pytest.raises(ValueError):
        cn_number("abc")


def test_thousands_separator_in_string():
    assert rmb("4,199.36") == "肆仟壹佰玖拾玖元叁角陆分"
