"""第五部分 名词解释: standard terms as data, plus the list of 项 codes the tables use.

The code list is exactly the set of 项 codes with an amount in the tables (E38: no unused code,
no used code missing), named from the code table of the document's year.
"""
from __future__ import annotations

import copy
import functools
from importlib import resources

import yaml

from .errors import InputError
from .numerals import cn_ordinal

def _entries() -> list[dict]:
    return copy.deepcopy(_parsed())      # the caller's own copy: a document may reword its terms


@functools.lru_cache(maxsize=1)
def _parsed() -> list[dict]:
    # read once per process: a district build names its terms for every department
    with resources.files("reportgen.data").joinpath("glossary.yaml").open(encoding="utf-8") as f:
        return yaml.safe_load(f) or []


def standard_terms(kind: str) -> list[dict]:
    terms = [t for t in _entries() if kind in (t.get("kinds") or [])]
    return sorted(terms, key=lambda t: t.get("order", 0))


# the term of the generated code-list entry (its wording is in glossary.yaml, like every term)
CODE_LIST_TERM = next(t["term"] for t in _entries() if t.get("code_list"))


def code_entries(codes: list[str], ftable, year: int) -> list[dict]:
    out = []
    for code in codes:
        names = [ftable.name(c, year) or "" for c in (code[:3], code[:5], code)]
        entry = ftable.entry(code, year)
        desc = entry.description if entry else ""
        text = f"{_strip(names[0])}（类）{names[1]}（款）{names[2]}（项）"
        out.append({"code": code, "text": f"{text}：{desc}" if desc else text, "description": desc})
    return out


def _strip(name: str) -> str:
    return name[:-2] if name.endswith("支出") else name


def build(kind: str, project, used_codes: list[str], ftable, present: dict[str, bool],
          code_list: bool = True) -> list[dict]:
    """The numbered glossary entries.

    ``project.glossary.terms`` (a list of term names) selects and orders the standard terms
    explicitly; otherwise a term is printed when it is marked ``always`` or its figure is
    present (``present[term]``).  ``glossary.extra`` adds the department's own terms.
    """
    std = standard_terms(kind)
    by_name = {t["term"]: t for t in std}
    chosen_names = project.glossary.get("terms")
    if chosen_names:
        chosen = []
        for name in chosen_names:
            if name == CODE_LIST_TERM:
                chosen.append({"term": CODE_LIST_TERM, "codes": True})
                continue
            if name not in by_name:
                raise InputError(f"glossary.terms 中的“{name}”不是标准名词（可用：{'、'.join(by_name)}）",
                                 project.where("glossary"))
            chosen.append(by_name[name])
        if code_list and not any(t.get("codes") for t in chosen):
            chosen.append({"term": CODE_LIST_TERM, "codes": True})
    else:
        chosen = []
        for t in std:
            if t.get("always") or present.get(t["term"], False):
                chosen.append(t)
            if code_list and t.get("code_list_after"):
                chosen.append({"term": CODE_LIST_TERM, "codes": True})
        if code_list and not any(t.get("codes") for t in chosen):
            chosen.append({"term": CODE_LIST_TERM, "codes": True})
    for extra in project.glossary.get("extra") or []:
        if not isinstance(extra, dict) or not extra.get("term") or not extra.get("definition"):
            raise InputError("glossary.extra 的每一项应含 term 和 definition，且不能为空", project.where("glossary"))
        chosen.append({"term": str(extra["term"]), "definition": str(extra["definition"]).strip()})
    out = []
    for i, t in enumerate(chosen, start=1):
        entry = {"numeral": cn_ordinal(i), "term": t["term"], "definition": (t.get("definition") or "").strip(),
                 "codes": []}
        if t.get("codes"):
            entry["codes"] = code_entries(used_codes, ftable, project.year)
            entry["is_code_list"] = True
        out.append(entry)
    return out
