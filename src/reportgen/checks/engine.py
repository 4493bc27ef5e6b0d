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


def run_checks(prepared) -> Findings:
    from . import budget, final_accounts  # noqa: F401 - registers the rules

    findings = Findings()
    for r in RULES:
        if r.kind in ("*", prepared.project.kind):
            r.func(prepared, findings)
    return findings
