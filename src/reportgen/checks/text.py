"""Lints on free text: a year left over from another document, empty slots, doubled words."""
from __future__ import annotations

import re


_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d{2})(?=\s*年)")
_COMPARE = re.compile(r"比\s*((?:19|20)\d{2})\s*年")
_SLOT = re.compile(r"主要用于的|收入万元|为万元|支出万元|主要原因是。|主要原因：。")
_DOUBLE = re.compile(r"([\u4e00-\u9fff]{2,8})\1")


def _walk(value, path):
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _walk(v, path + (str(k),))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _walk(v, path + (str(i),))


def texts_of(prepared):
    """Every free text: (where, label, text) from the project file and the workbook's text cells."""
    project = prepared.project
    for path, text in _walk(project.texts, ("texts",)):
        yield project.where(*path), ".".join(path), text
    for sheet in prepared.workbook.sheets.values():
        for rec in getattr(sheet, "records", []) or []:
            for key, cell in rec.values.items():
                if isinstance(cell.value, str) and len(cell.value) > 6:
                    yield cell.where, key, cell.value
        for key, cell in (getattr(sheet, "values", {}) or {}).items():
            if hasattr(cell, "value") and isinstance(cell.value, str) and len(cell.value) > 6:
                yield cell.where, key, cell.value


def lint_years(prepared, findings) -> None:
    y = prepared.project.year
    allowed = {y - 1, y, y + 1}
    for where, label, text in texts_of(prepared):
        for m in _YEAR.finditer(text):
            year = int(m.group(1))
            if year not in allowed:
                snippet = text[max(0, m.start() - 10): m.end() + 10].replace("\n", " ")
                findings.warn("L-YEAR", where,
                              f"文字中出现“{year}年”（…{snippet}…），既不是本年度 {y} 也不是上年 {y - 1}，"
                              "可能是沿用旧文档未改")
        for m in _COMPARE.finditer(text):
            if int(m.group(1)) != y - 1:
                findings.warn("L-YEAR", where, f"“比{m.group(1)}年”：与上年比较应为“比{y - 1}年”")
        if _SLOT.search(text):
            findings.warn("L-SLOT", where, f"文字中有空缺：“{_SLOT.search(text).group(0)}”")
        m = _DOUBLE.search(text)
        if m and m.group(1) not in ("一是", "二是"):
            findings.warn("L-DOUBLE", where, f"文字中有重复词语：“{m.group(0)}”")
