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


def charts(fa, project, folder: Path, outline_obj=None) -> dict[str, Path]:
    """图1–图4 as PNG files in ``folder``; the values are the computed ones, unchanged, the titles
    and labels those of the layout (``charts``)."""
    defs = (outline_obj or Outline(project)).layout.charts or {}
    y, y1 = project.year, project.year - 1
    s = fa.s
    out = {}
    for cid in ("total", "fiscal"):
        if cid not in defs:
            continue
        d = defs[cid]
        tot = s["charts"][cid]
        series = []
        if tot["prev"] is not None:
            series.append((f"{y1}年", [tot["prev"], tot["prev"]]))
        series.append((f"{y}年", [tot["income"], tot["expense"]]))
        out[cid] = folder / f"chart_{cid}.png"
        C.bar_compare(d.title, list(d.labels), series, out[cid])
    for cid in ("income", "expense"):
        if cid not in defs:
            continue
        out[cid] = folder / f"chart_{cid}.png"
        C.pie(defs[cid].title, [(p.name, p.amount, p.share) for p in s[cid]["parts"]], out[cid])
    return out


def context(fa, project, codes, embeds, chart_images, outline_obj):
    return build_context(fa, project, codes, embeds, chart_images, outline_obj)


def workbook(fa, project, outline_obj, labels):
    return build_workbook(fa, project, outline_obj, labels)
