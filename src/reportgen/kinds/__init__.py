"""Document kinds (决算, 预算): each is data plus templates on the shared core.

A kind supplies its workbook schema, its table definitions, its outline (section list) and the
context its templates read.  The core (reader, compute helpers, checks engine, renderers) knows
no kind; kinds never import each other.
"""
from __future__ import annotations

from importlib import import_module

KINDS = {
    "决算": "reportgen.kinds.final_accounts",
    "预算": "reportgen.kinds.budget",
}


def load_kind(name: str):
    """Return the module of a document kind by its Chinese name."""
    return import_module(KINDS[name])
