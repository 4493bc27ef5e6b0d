"""Findings: what the checks (and the reader) tell the user.

A finding has a level (错误 stops the build, 警告 does not), a rule id, the place it points
at and a message in Chinese.  Findings are plain data so that ``check --json`` can print them
and the build can refuse to write when there are errors.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .errors import Where

ERROR = "错误"
WARNING = "警告"
INFO = "提示"        # information: a 尾数 (rounding) difference, nothing to correct


@dataclass(frozen=True)
class Finding:
    level: str
    rule: str
    where: Where
    message: str

    def __str__(self) -> str:
        place = self.where.short() if self.where else ""
        return f"{self.level} {place} {self.message}" if place else f"{self.level} {self.message}"

    def as_dict(self) -> dict:
        return {
            "level": {ERROR: "error", WARNING: "warning"}.get(self.level, "info"),
            "rule": self.rule,
            "file": self.where.file if self.where else "",
            "sheet": self.where.sheet if self.where else "",
            "cell": self.where.cell if self.where else "",
            "line": self.where.line if self.where else None,
            "message": self.message,
        }


@dataclass
class Findings:
    """An ordered collection of findings with counts."""

    items: list[Finding] = field(default_factory=list)

    def add(self, level: str, rule: str, where: Where | None, message: str) -> None:
        self.items.append(Finding(level, rule, where or Where(), message))

    def error(self, rule: str, where: Where | None, message: str) -> None:
        self.add(ERROR, rule, where, message)

    def warn(self, rule: str, where: Where | None, message: str) -> None:
        self.add(WARNING, rule, where, message)

    def info(self, rule: str, where: Where | None, message: str) -> None:
        self.add(INFO, rule, where, message)

    def extend(self, other: "Findings") -> None:
        self.items.extend(other.items)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.items if f.level == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.items if f.level == WARNING]

    @property
    def infos(self) -> list[Finding]:
        return [f for f in self.items if f.level == INFO]

    def summary(self) -> str:
        text = f"共 {len(self.errors)} 个错误，{len(self.warnings)} 个警告"
        return text + (f"，{len(self.infos)} 个提示" if self.infos else "")

    def __iter__(self):
        return iter(self.items)

    def __len__(self):
        return len(self.items)
