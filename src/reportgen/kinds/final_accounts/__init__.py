"""部门决算 (final accounts): schema, computation, outline, template context, .xlsx tables.

The kind is data plus templates on the shared core: the pipeline (:mod:`reportgen.build`) calls
the functions below and knows nothing else about 决算.
"""
from __future__ import annotations

from pathlib import Path

from ...render import charts as C
from . import compute as _compute
from .context import build_context
from .outline import Outline
from .schema import SCHEMA
from .xlsx import build_workbook

NAME = "决算"
TEMPLATE_DIR = "final_accounts"

__all__ = ["NAME", "SCHEMA", "TEMPLATE_DIR", "compute", "outline", "charts", "context", "workbook"]


def compute(wb, project, codes):
    return _compute.compute(wb, project, codes)


def outline(project):
    return Outline(project)


def charts(fa, project, folder: Path) -> dict[str, Path]:
    """图1–图4 as PNG files in ``folder``; the values are the computed ones, unchanged."""
    y, y1 = project.year, project.year - 1
    s = fa.s
    out = {}
    tot = s["charts"]["total"]
    series = []
    if tot["prev"] is not None:
        series.append((f"{y1}年", [tot["prev"], tot["prev"]]))
    series.append((f"{y}年", [tot["income"], tot["expense"]]))
    out["total"] = folder / "chart1.png"
    C.bar_compare("收、支决算总计变动情况", ["收入总计", "支出总计"], series, out["total"])
    out["income"] = folder / "chart2.png"
    C.pie("收入决算结构", [(p.name, p.amount, p.share) for p in s["income"]["parts"]], out["income"])
    out["expense"] = folder / "chart3.png"
    C.pie("支出决算结构", [(p.name, p.amount, p.share) for p in s["expense"]["parts"]], out["expense"])
    fis = s["charts"]["fiscal"]
    series = []
    if fis["prev"] is not None:
        series.append((f"{y1}年", [fis["prev"], fis["prev"]]))
    series.append((f"{y}年", [fis["income"], fis["expense"]]))
    out["fiscal"] = folder / "chart4.png"
    C.bar_compare("财政拨款收、支决算总计变动情况", ["财政拨款收入总计", "财政拨款支出总计"], series, out["fiscal"])
    return out


def context(fa, project, codes, embeds, chart_images, outline_obj):
    return build_context(fa, project, codes, embeds, chart_images, outline_obj)


def workbook(fa, project, outline_obj, labels):
    return build_workbook(fa, project, outline_obj, labels)
