"""部门预算 (budget): schema, computation, outline, template context, .xlsx tables.

Data plus templates on the shared core; the two published formats (A and B) are configuration
(``formats.yaml`` + ``profile`` in the project file), not code paths.
"""
from __future__ import annotations

from pathlib import Path

from .compute import compute as _compute
from .context import build_context
from .outline import Outline
from .schema import SCHEMA
from .xlsx import build_workbook

NAME = "预算"
TEMPLATE_DIR = "budget"

__all__ = ["NAME", "SCHEMA", "TEMPLATE_DIR", "compute", "outline", "charts", "context", "workbook"]


def compute(wb, project, codes):
    return _compute(wb, project, codes)


def outline(project):
    from .compute import format_of

    return Outline(project, format_of(project))


def format_options(project) -> dict:
    """Number formats of the chosen format (formats.yaml) with the project's profile over them."""
    from .compute import format_of

    return format_of(project)


def charts(result, project, folder: Path, outline_obj=None) -> dict[str, Path]:
    """The budget documents carry no charts."""
    return {}


def context(result, project, codes, embeds, chart_images, outline_obj):
    return build_context(result, project, codes, embeds, chart_images, outline_obj)


def workbook(result, project, outline_obj, labels):
    return build_workbook(result, project, outline_obj, labels)
