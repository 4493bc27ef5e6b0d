"""The rule registry: a rule is a function ``(prepared, findings) -> None`` with an id."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..findings import Findings


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str            # "决算", "预算" or "*" (both)
    title: str
    func: Callable


RULES: list[Rule] = []


def rule(rule_id: str, title: str, kind: str = "*"):
    """Register a rule; the decorated function adds findings for one prepared document."""
    def deco(func):
        RULES.append(Rule(rule_id, kind, title, func))
        return func
    return deco


# the rule module of each kind; only the active kind's module is imported, so a 预算 build never
# loads the 决算 kind (and the other way round)
RULE_MODULES = {"决算": "reportgen.checks.final_accounts", "预算": "reportgen.checks.budget"}


def run_checks(prepared) -> Findings:
    from importlib import import_module

    import_module(RULE_MODULES[prepared.project.kind])
    findings = Findings()
    for r in RULES:
        if r.kind in ("*", prepared.project.kind):
            r.func(prepared, findings)
    return renumbered(findings, prepared)


def renumbered(findings: Findings, prepared) -> Findings:
    """Messages speak of the document's own table numbers: rules write the standard 表1…表9 (table id
    t1…t9), and a document whose ``table_order`` prints the 三公 table as 表7 reads 表7 in every message."""
    import re

    tables = getattr(getattr(prepared, "outline", None), "tables", None) or []
    mapping = {int(sec.id[1:]): sec.no for sec in tables
               if re.fullmatch(r"t\d", str(sec.id)) and getattr(sec, "no", None)}
    if all(k == v for k, v in mapping.items()):
        return findings
    pattern = re.compile(r"表([1-9])(?![0-9])")
    out = Findings()
    for f in findings:
        text = pattern.sub(lambda m: f"表{mapping.get(int(m.group(1)), m.group(1))}", f.message)
        out.add(f.level, f.rule, f.where, text)
    return out
