"""Table rows arranged for templates (shared by every kind)."""
from __future__ import annotations

from ..compute import Row


def func_rows(rows: list[Row]) -> list[dict]:
    """Classified rows as the templates read them: ``r.code``, ``r.name``, ``r.level``, ``r.v.<column>``."""
    return [{"code": r.code, "name": r.name, "level": r.level, "v": r.values} for r in rows]
