"""Charts for the disclosure document (收支对比柱状图, 支出构成饼图) as PNG files.

Why it looks the way it does
----------------------------
* **No pyplot, Agg canvas only.**  Figures are built with :class:`matplotlib.figure.Figure` on a
  :class:`~matplotlib.backends.backend_agg.FigureCanvasAgg`.  That renders without a display on a
  server, never switches the backend of a host process (``matplotlib.use`` is global), and keeps
  no figure alive in pyplot's registry when hundreds of departments are rendered in a batch.
* **Deterministic bytes.**  Same inputs → byte-identical PNG, so regenerated documents diff cleanly
  and tests can compare files: fixed size and dpi, no ``bbox_inches="tight"`` (it would make the
  pixel size depend on the text), and the canvas is written by Pillow (:func:`_save`), which writes
  no software version and no timestamp.
* **Figures are exact, not recomputed.**  Values arrive as :class:`~decimal.Decimal`; every label
  is formatted from the Decimal (``4,199.36``, ``1,054.43万元``, ``25.11%``) and a value becomes a
  ``float`` only where matplotlib needs a bar height or wedge size.  Pie percentages are the
  caller's (computed once, 四舍五入, with the rest of the document's figures); matplotlib's
  ``autopct`` would recompute them in binary floating point and could print 25.10% where the
  text and the tables say 25.11%.
* **Size.**  5.9 × 3.15 in at 200 dpi = 1180 × 630 px ≈ 15.0 × 8.0 cm: the text width of an A4
  portrait page with 公文 margins, so Word inserts it at 100 % and 9 pt chart text stays 9 pt.
* **CJK font.**  matplotlib's default DejaVu Sans has no Chinese glyphs and would draw boxes (□);
  :func:`find_cjk_font` picks an installed Chinese font or stops with an actionable message.
"""
from __future__ import annotations

import contextlib
import math
import os
from decimal import Decimal
from typing import BinaryIO, Iterator, Sequence, Union

import matplotlib
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter
from PIL import Image

from ..errors import InputError, OutputError, Where
from ..money import fmt_amount, fmt_pct

__all__ = ["CJK_FONT_FAMILIES", "find_cjk_font", "bar_compare", "pie", "DPI", "FIGSIZE_IN"]

PathLike = Union[str, "os.PathLike[str]", BinaryIO]

#: Family names tried in order: the Windows fonts the templates name (宋体/黑体 …, under both
#: their English and Chinese names), then the free Linux equivalents (fonts-noto-cjk,
#: Source Han, WenQuanYi, AR PL).  Serif (宋体-like) first, matching the document body.
CJK_FONT_FAMILIES = (
    "SimSun",
    "宋体",
    "SimHei",
    "黑体",
    "Microsoft YaHei",
    "微软雅黑",
    "FangSong",
    "Noto Serif CJK SC",
    "Noto Sans CJK SC",
    "Source Han Serif SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "AR PL UMing CN",
)

DPI = 200
FIGSIZE_IN = (5.9, 3.15)  # → 1180 × 630 px at 200 dpi, ≈ 15.0 × 8.0 cm

#: Restrained palette for a government document: a dark and a light blue for the usual
#: two-year comparison, then muted orange, grey, green, gold — distinguishable in greyscale
#: print as well (decreasing darkness in the first four).
PALETTE = ("#1F4E79", "#9DC3E6", "#C55A11", "#7F7F7F", "#548235", "#BF9000", "#2E75B6", "#F4B183")

_TEXT_COLOR = "#262626"
_LINE_COLOR = "#7F7F7F"
_GRID_COLOR = "#D9D9D9"
_FONT_SIZE = 9
_LABEL_SIZE = 7.5


# --- fonts ------------------------------------------------------------------------------------


def _install_hint() -> str:
    return (
        "请安装中文字体：Debian/Ubuntu 执行 `sudo apt-get install fonts-noto-cjk`；"
        "Windows 通常已自带宋体（SimSun）/黑体（SimHei），若缺失请在“设置→字体”中安装。"
        f"安装后如仍报此错，请删除 matplotlib 字体缓存目录 {matplotlib.get_cachedir()} 后重试。"
    )


def find_cjk_font() -> str:
    """Return the family name of an installed font with Chinese glyphs.

    Looks the names of :data:`CJK_FONT_FAMILIES` up, in order, among the fonts matplotlib has
    indexed (``font_manager.fontManager.ttflist``; its family names are the fonts' own English
    names, and faces inside .ttc collections such as Noto CJK's SC face are listed separately).
    If none is there, any family whose name contains ``CJK`` is accepted, preferring the
    Simplified-Chinese (``SC``) and proportional (non-``Mono``) faces so that 直/骨/角 get
    mainland glyph forms.  Raises :class:`InputError` naming every font tried — without a
    Chinese font every label would render as □, which is worse than stopping.
    """
    entries = font_manager.fontManager.ttflist
    installed: dict[str, str] = {}
    for entry in entries:
        installed.setdefault(entry.name.casefold(), entry.name)
    for family in CJK_FONT_FAMILIES:
        if family.casefold() in installed:
            return installed[family.casefold()]
    cjk = sorted(
        {e.name for e in entries if "cjk" in e.name.casefold()},
        key=lambda n: (not n.endswith(" SC"), "mono" in n.casefold(), n),
    )
    if cjk:
        return cjk[0]
    raise InputError(
        "未找到可显示中文的字体，图表无法绘制。已查找以下字体："
        + "、".join(CJK_FONT_FAMILIES)
        + "，以及任何名称包含“CJK”的字体。"
        + _install_hint()
    )


@contextlib.contextmanager
def _style(family: str | None = None) -> Iterator[None]:
    """rcParams for one chart; scoped, so the host process' matplotlib settings are untouched.

    Both building and saving run inside it: tick labels are created lazily at draw time and
    read the font from rcParams then.
    """
    rc = {
        "font.family": [family or find_cjk_font()],
        "font.size": _FONT_SIZE,
        "axes.unicode_minus": False,  # U+2212 is not in every CJK font; ASCII '-' always is
        "text.color": _TEXT_COLOR,
        "axes.labelcolor": _TEXT_COLOR,
        "axes.edgecolor": _LINE_COLOR,
        "xtick.color": _TEXT_COLOR,
        "ytick.color": _TEXT_COLOR,
        "axes.titlesize": 10,
        "axes.titleweight": "bold",
        "figure.facecolor": "white",
        "axes.facecolor": "white",
        "savefig.facecolor": "white",
        "svg.hashsalt": "reportgen",  # only matters if someone saves SVG; keeps ids stable
    }
    with matplotlib.rc_context(rc):
        yield


def _new_figure():
    fig = Figure(figsize=FIGSIZE_IN, dpi=DPI, facecolor="white", layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    return fig, ax


def _save(fig: Figure, path: PathLike) -> None:
    """Write the PNG; an unwritable path (e.g. a file open elsewhere) becomes an OutputError.

    One draw (the constrained layout runs inside it), then Pillow writes the canvas: ``savefig``
    would draw the figure twice (a layout pass, then the picture): a sixth of a chart's time in
    a district build.  The background is opaque white, so RGB loses nothing of the RGBA canvas and
    the file is a tenth smaller; the pixel density is recorded (pHYs, 200 dpi) as savefig does,
    and no Software text is written.
    """
    canvas = fig.canvas
    canvas.draw()
    size = canvas.get_width_height(physical=True)
    image = Image.frombuffer("RGBA", size, canvas.buffer_rgba(), "raw", "RGBA", 0, 1).convert("RGB")
    try:
        image.save(path, format="PNG", dpi=(DPI, DPI))
    except OSError as exc:
        where = Where(file=os.fspath(path)) if isinstance(path, (str, os.PathLike)) else None
        raise OutputError(f"无法写入图表文件：{exc.strerror or exc}", where) from exc


def _dec(value) -> Decimal:
    if isinstance(value, (float, bool)) or not isinstance(value, (Decimal, int, str)):
        raise TypeError(f"图表数值必须是 Decimal（或 int/str），不能是 {type(value).__name__}：{value!r}")
    return Decimal(value)


def _tick(value: float, _pos=None) -> str:
    """Axis ticks (positions chosen by matplotlib, so float is fine here): 4,000 / 2.5."""
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


# --- bar chart --------------------------------------------------------------------------------


def _bar_figure(
    title: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[Decimal]]],
    family: str | None = None,
) -> Figure:
    """Build (but do not save) the grouped bar chart; separate so tests can inspect the texts."""
    if not categories:
        raise ValueError("bar_compare: categories is empty")
    if not series:
        raise ValueError("bar_compare: series is empty")
    data = []
    for name, values in series:
        values = [_dec(v) for v in values]
        if len(values) != len(categories):
            raise ValueError(
                f"bar_compare: series {name!r} has {len(values)} values for {len(categories)} categories"
            )
        data.append((name, values))

    with _style(family):
        fig, ax = _new_figure()
        n = len(data)
        group = 0.8  # share of a category slot taken by its bars
        width = group / n
        for i, (name, values) in enumerate(data):
            xs = [k + (i - (n - 1) / 2) * width for k in range(len(categories))]
            bars = ax.bar(
                xs,
                [float(v) for v in values],  # heights only; labels below come from the Decimals
                width * 0.9,
                label=name,
                color=PALETTE[i % len(PALETTE)],
                edgecolor="none",
                zorder=2,
            )
            for label in ax.bar_label(bars, labels=[fmt_amount(v) for v in values], padding=2, fontsize=_LABEL_SIZE):
                label.set_in_layout(False)   # inside the axes (the 15 % headroom): nothing to lay out

        ax.set_xticks(range(len(categories)), list(categories))
        # Unit written horizontally above the axis, as Chinese charts do (rotated 万元 reads
        # sideways).
        ax.set_ylabel("万元", rotation=0, ha="right", va="bottom")
        ax.yaxis.set_label_coords(0, 1.02)
        if title:
            ax.set_title(title)
        all_values = [v for _, values in data for v in values]
        top = max(all_values)
        bottom = min(all_values)
        # Headroom for the value labels above the tallest bar; a 0 baseline when nothing is
        # negative, so bar heights compare honestly.
        upper = float(top) * 1.15 if top > 0 else 1.0
        lower = float(bottom) * 1.15 if bottom < 0 else 0.0
        ax.set_ylim(lower, upper)
        ax.yaxis.set_major_formatter(FuncFormatter(_tick))
        ax.yaxis.grid(True, color=_GRID_COLOR, linewidth=0.5, zorder=0)
        ax.set_axisbelow(True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        ax.tick_params(axis="x", length=0)
        # Legend below the axes: never on top of a bar or its value label.
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncols=min(n, 6), frameon=False)
    return fig


def bar_compare(
    title: str,
    categories: list[str],
    series: list[tuple[str, list[Decimal]]],
    path: PathLike,
) -> None:
    """Grouped bars, one group per category, one bar per series (e.g. 2021年 vs 2022年).

    Each bar carries its value as printed in the tables (``4,199.36``); the y axis is in 万元.
    """
    family = find_cjk_font()
    with _style(family):
        fig = _bar_figure(title, categories, series, family)
        _save(fig, path)


# --- pie chart --------------------------------------------------------------------------------


def _spread(ys: list[float], gap: float, limit: float) -> list[float]:
    """Move label heights apart by at least ``gap`` within ±``limit`` (input sorted high → low).

    Small neighbouring slices (e.g. 0.8 % and 1.2 %) would otherwise print their labels on top
    of each other; this keeps each label as close to its slice as the spacing allows.
    """
    out = list(ys)
    if not out:
        return out
    gap = min(gap, 2 * limit / max(len(out) - 1, 1))
    out[0] = min(out[0], limit)
    for i in range(1, len(out)):
        out[i] = min(out[i], out[i - 1] - gap)
    if out[-1] < -limit:
        out[-1] = -limit
        for i in range(len(out) - 2, -1, -1):
            out[i] = max(out[i], out[i + 1] + gap)
    return out


def _pie_figure(
    title: str,
    items: Sequence[tuple[str, Decimal, Decimal]],
    family: str | None = None,
) -> Figure:
    """Build (but do not save) the pie; labels are the caller's strings, never recomputed."""
    drawn = []
    for label, amount, share in items:
        amount = _dec(amount)
        if amount < 0:
            raise ValueError(f"pie: negative amount for {label!r}: {amount}")
        if amount == 0:
            continue  # a 0.00% slice has no area and its label would collide with neighbours
        if share is None:
            raise ValueError(f"pie: missing share for {label!r}")
        drawn.append((label, amount, _dec(share)))

    with _style(family):
        fig, ax = _new_figure()
        if title:
            ax.set_title(title)
        if not drawn:
            ax.set_axis_off()
            ax.text(0.5, 0.5, "无数据", ha="center", va="center", transform=ax.transAxes, fontsize=12)
            return fig

        wedges, _texts = ax.pie(
            [float(amount) for _, amount, _ in drawn],  # wedge sizes only
            colors=[PALETTE[i % len(PALETTE)] for i in range(len(drawn))],
            startangle=90,
            counterclock=False,
            labeldistance=None,  # no matplotlib labels: ours are placed below
            wedgeprops={"edgecolor": "white", "linewidth": 0.8},
        )
        # Fixed limits with a "box" aspect: the pie keeps radius 1 in data units whatever the
        # number of slices, and ±2.6 leaves room for the labels on both sides.
        ax.set_xlim(-2.6, 2.6)
        ax.set_ylim(-1.35, 1.35)
        ax.set_aspect("equal", adjustable="box")

        texts = [f"{label}\n{fmt_amount(amount)}万元（{fmt_pct(share)}）" for label, amount, share in drawn]
        mids = [math.radians((w.theta1 + w.theta2) / 2) for w in wedges]
        sides: dict[bool, list[int]] = {True: [], False: []}
        for i, angle in enumerate(mids):
            sides[math.cos(angle) >= 0].append(i)
        positions: dict[int, float] = {}
        for right, idx in sides.items():
            idx.sort(key=lambda i: -math.sin(mids[i]))
            ys = _spread([1.15 * math.sin(mids[i]) for i in idx], gap=0.32, limit=1.15)
            positions.update(zip(idx, ys))

        for i, angle in enumerate(mids):
            right = math.cos(angle) >= 0
            x, y = math.cos(angle), math.sin(angle)
            ax.annotate(
                texts[i],
                xy=(x, y),
                xytext=(1.3 if right else -1.3, positions[i]),
                ha="left" if right else "right",
                va="center",
                fontsize=_LABEL_SIZE,
                arrowprops={
                    "arrowstyle": "-",
                    "color": _LINE_COLOR,
                    "linewidth": 0.6,
                    "shrinkA": 0,
                    "shrinkB": 2,
                    "connectionstyle": f"angle,angleA=0,angleB={math.degrees(angle):.6f}",
                },
            )
    return fig


def pie(title: str, items: list[tuple[str, Decimal, Decimal]], path: PathLike) -> None:
    """Pie of (label, amount in 万元, share in %) — e.g. 基本支出 / 项目支出.

    Slice labels print the caller's share and amount verbatim (``25.11%``, ``1,054.43万元``) so
    the chart agrees with the text to the last digit.  Zero items are left out; if everything
    is zero the chart shows only ``无数据`` (under the title) instead of an empty circle.
    """
    family = find_cjk_font()
    with _style(family):
        fig = _pie_figure(title, items, family)
        _save(fig, path)
