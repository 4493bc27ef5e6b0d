"""Checks: rules that turn the inputs and the computed figures into findings.

Each rule has an id, a level and a Chinese message pointing at a workbook cell or a project
file line.  ``build`` runs them first and writes nothing when there is an error.
"""
from __future__ import annotations

from ..findings import Findings
from .engine import RULES, run_checks

__all__ = ["Findings", "RULES", "run_checks"]
