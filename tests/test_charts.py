"""Charts: deterministic PNGs of the expected size, labels printed verbatim from Decimals."""
import io
from decimal import Decimal

import pytest
from matplotlib import font_manager
from PIL import Image

from reportgen.errors import InputError, OutputError
from reportgen.render import charts
from reportgen.render.charts import _bar_figure, _pie_figure, bar_compare, find_cjk_font, pie

D = Decimal

EXPECTED_PX = (1180, 630)  # 5.9 × 3.15 in at 200 dpi ≈ 15.0 × 8.0 cm

BAR_ARGS = (
    "收支总体情况",
    ["收入总计", "支出总计"],
    [("2021年", [D("1813.94"), D("1813.94")]), ("2022年", [D("4199.36"), D("4199.36")])],
)
PIE_ITEMS = [
    ("基本支出", D("3144.93"), D("74.89")),
    ("项目支出", D("1054.43"), D("25.11")),
]

ALL_FONTS = [
    "SimSun", "宋体", "SimHei", "黑体", "Microsoft YaHei", "微软雅黑", "FangSong",
    "Noto Serif CJK SC", "Noto Sans CJK SC", "Source Han Serif SC", "Source Han Sans SC",
    "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "AR PL UMing CN",
]


@pytest.fixture(scope="module")
def cjk_font():
    try:
        return find_cjk_font()
    except InputError as exc:  # pragma: no cover - depends on the machine
        pytest.skip(f"no CJK font installed: {exc}")


def _texts(fig):
    ax = fig.axes[0]
    return [t.get_text() for t in fig.texts + ax.texts]


def _fake_fonts(monkeypatch, names):
    entries = [font_manager.FontEntry(fname=f"/nonexistent/{i}.ttf", name=n) for i, n in enumerate(names)]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", entries)


# --- fonts ------------------------------------------------------------------------------------


def test_find_cjk_font_on_this_machine(cjk_font):
    installed = {e.name for e in font_manager.fontManager.ttflist}
    assert cjk_font in installed
    assert cjk_font in ALL_FONTS or "CJK" in cjk_font


def test_find_cjk_font_prefers_listed_order(monkeypatch):
    _fake_fonts(monkeypatch, ["DejaVu Sans", "Noto Sans CJK SC", "simhei", "WenQuanYi Zen Hei"])
    assert find_cjk_font() == "simhei"  # SimHei comes before the Linux fonts; case-insensitive


def test_find_cjk_font_falls_back_to_any_cjk_family_preferring_sc(monkeypatch):
    _fake_fonts(monkeypatch, ["DejaVu Sans", "Foo CJK JP", "Foo Mono CJK SC", "Foo CJK SC"])
    assert find_cjk_font() == "Foo CJK SC"


@pytest.mark.parametrize("fonts", [[], ["DejaVu Sans", "Liberation Serif"]])
def test_find_cjk_font_raises_naming_every_font(monkeypatch, fonts):
    _fake_fonts(monkeypatch, fonts)
    with pytest.raises(InputError) as info:
        find_cjk_font()
    message = str(info.value)
    for name in ALL_FONTS:
        assert name in message
    assert "apt-get install fonts-noto-cjk" in message
    assert "宋体" in message and "黑体" in message


def test_chart_without_cjk_font_raises_input_error(monkeypatch, tmp_path):
    _fake_fonts(monkeypatch, [])
    with pytest.raises(InputError):
        pie("t", PIE_ITEMS, tmp_path / "p.png")
    assert not (tmp_path / "p.png").exists()


# --- bar chart --------------------------------------------------------------------------------


def test_bar_labels_are_formatted_from_decimals(cjk_font):
    fig = _bar_figure(*BAR_ARGS)
    ax = fig.axes[0]
    assert sorted(_texts(fig)) == ["1,813.94", "1,813.94", "4,199.36", "4,199.36"]
    assert ax.get_ylabel() == "万元"
    assert ax.get_title() == "收支总体情况"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["2021年", "2022年"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["收入总计", "支出总计"]


def test_bar_labels_round_half_up_not_binary(cjk_font):
    # float formatting would print 0.12 and 1,054.43 here (0.125 ties to even, 1054.435 is
    # 1054.43499… in binary); the document rounds 四舍五入 from the Decimal.
    fig = _bar_figure("t", ["a", "b"], [("2022年", [D("0.125"), D("1054.435")])])
    assert _texts(fig) == ["0.13", "1,054.44"]


def test_bar_rejects_float_and_length_mismatch(cjk_font):
    with pytest.raises(TypeError):
        _bar_figure("t", ["a"], [("s", [1.5])])
    with pytest.raises(ValueError):
        _bar_figure("t", ["a", "b"], [("s", [D("1")])])


def test_bar_png_size_and_determinism(cjk_font, tmp_path):
    a, b = tmp_path / "a.png", tmp_path / "b.png"
    bar_compare(*BAR_ARGS, a)
    bar_compare(*BAR_ARGS, b)
    data = a.read_bytes()
    assert data == b.read_bytes()
    with Image.open(a) as img:
        assert img.format == "PNG"
        assert img.size == EXPECTED_PX
        assert img.mode == "RGB"                       # opaque white background: no alpha channel
        assert [round(d) for d in img.info["dpi"]] == [200, 200]   # Word sizes it at 15.0 × 8.0 cm
        img.verify()
    assert b"Matplotlib" not in data  # no Software/version metadata


# --- pie chart --------------------------------------------------------------------------------


def test_pie_labels_print_exactly_the_given_strings(cjk_font):
    fig = _pie_figure("支出构成", PIE_ITEMS)
    texts = _texts(fig)
    assert texts == ["基本支出\n3,144.93万元（74.89%）", "项目支出\n1,054.43万元（25.11%）"]
    assert any("25.11%" in t and "1,054.43万元" in t for t in texts)
    assert fig.axes[0].get_title() == "支出构成"


def test_pie_uses_caller_share_not_recomputed(cjk_font):
    # 1 : 2 is 33.33% : 66.67% by arithmetic; the caller adjusted to 33.34 / 66.66 and that is
    # what must be printed.
    fig = _pie_figure("t", [("甲", D("1.00"), D("33.34")), ("乙", D("2.00"), D("66.66"))])
    texts = _texts(fig)
    assert texts == ["甲\n1.00万元（33.34%）", "乙\n2.00万元（66.66%）"]
    assert not any("33.33" in t or "66.67" in t for t in texts)


def test_pie_skips_zero_items(cjk_font):
    items = [("基本支出", D("3144.93"), D("74.89")), ("其他", D("0.00"), D("0.00")), ("项目支出", D("1054.43"), D("25.11"))]
    fig = _pie_figure("t", items)
    texts = _texts(fig)
    assert len(texts) == 2
    assert not any("其他" in t for t in texts)
    assert len(fig.axes[0].patches) == 2


def test_pie_all_zero_shows_no_data(cjk_font, tmp_path):
    items = [("基本支出", D("0"), None), ("项目支出", D("0.00"), D("0.00"))]
    fig = _pie_figure("t", items)
    assert _texts(fig) == ["无数据"]
    assert len(fig.axes[0].patches) == 0
    pie("t", items, tmp_path / "z.png")
    with Image.open(tmp_path / "z.png") as img:
        assert img.size == EXPECTED_PX
    assert _texts(_pie_figure("t", [])) == ["无数据"]


def test_pie_rejects_negative_amount(cjk_font):
    with pytest.raises(ValueError):
        _pie_figure("t", [("a", D("-1"), D("10"))])


def test_pie_png_size_and_determinism(cjk_font, tmp_path):
    many = [
        ("一般公共服务支出", D("2000.00"), D("47.62")),
        ("教育支出", D("30.00"), D("0.71")),
        ("科学技术支出", D("20.00"), D("0.48")),
        ("社会保障和就业支出", D("1500.00"), D("35.71")),
        ("卫生健康支出", D("40.00"), D("0.95")),
        ("住房保障支出", D("600.00"), D("14.29")),
        ("其他支出", D("10.00"), D("0.24")),
    ]
    for name, items in (("two", PIE_ITEMS), ("many", many)):
        a, b = tmp_path / f"{name}-a.png", tmp_path / f"{name}-b.png"
        pie("支出构成", items, a)
        pie("支出构成", items, b)
        assert a.read_bytes() == b.read_bytes()
        with Image.open(a) as img:
            assert img.format == "PNG"
            assert img.size == EXPECTED_PX
            img.verify()


def test_pie_to_file_object(cjk_font):
    buf1, buf2 = io.BytesIO(), io.BytesIO()
    pie("t", PIE_ITEMS, buf1)
    pie("t", PIE_ITEMS, buf2)
    assert buf1.getvalue() == buf2.getvalue()
    assert buf1.getvalue().startswith(b"\x89PNG\r\n\x1a\n")


def test_unwritable_path_is_output_error(cjk_font, tmp_path):
    with pytest.raises(OutputError):
        pie("t", PIE_ITEMS, tmp_path / "missing-dir" / "p.png")


def test_rc_params_of_host_untouched(cjk_font, tmp_path):
    import matplotlib

    before = matplotlib.rcParams["font.family"]
    pie("t", PIE_ITEMS, tmp_path / "p.png")
    assert matplotlib.rcParams["font.family"] == before
    assert charts.DPI == 200
