"""Errors that reach the user.

Every problem the user can fix is raised as :class:`InputError` with a Chinese message and,
when known, the place it refers to (file, sheet, cell or YAML line).  The CLI prints these
messages and exits non-zero; it never shows a traceback for them.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Where:
    """A place in the user's inputs: a workbook cell, a sheet, or a line of the project file."""

    file: str = ""
    sheet: str = ""
    cell: str = ""
    line: int | None = None

    def __str__(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.sheet:
            parts.append(f"{self.sheet}!{self.cell}" if self.cell else self.sheet)
        if self.line is not None:
            parts.append(f"第{self.line}行")
        return " ".join(parts)

    def short(self) -> str:
        """``表3!E12`` without the file name (what findings print)."""
        if self.sheet:
            return f"{self.sheet}!{self.cell}" if self.cell else self.sheet
        return str(self)


class ReportgenError(Exception):
    """Base class of every error reportgen raises on purpose."""

    exit_code = 2

    def __init__(self, message: str, where: Where | None = None):
        super().__init__(message)
        self.message = message
        self.where = where

    def __str__(self) -> str:
        if self.where and str(self.where):
            return f"{self.where}：{self.message}"
        return self.message


class InputError(ReportgenError):
    """The inputs (project file, workbook, templates) cannot be read or used as they are."""


class OutputError(ReportgenError):
    """An output file cannot be written (often: it is open in Word/Excel on Windows)."""

    exit_code = 3


class ChecksFailed(ReportgenError):
    """The checks found errors; nothing was written."""

    exit_code = 1


def internal_error_message(exc: BaseException) -> str:
    """An unexpected failure (a bug): one readable line, the traceback in a log file for the
    maintainers.  Used by the command line (exit 70) and by a district build for one department."""
    import tempfile
    import traceback

    with tempfile.NamedTemporaryFile("w", prefix="reportgen-error-", suffix=".log", delete=False,
                                     encoding="utf-8") as f:
        traceback.print_exception(exc, file=f)
        log = f.name
    return (f"内部错误：{exc.__class__.__name__}: {exc}。这是 reportgen 的问题而不是您的数据问题；"
            f"详细信息已写入 {log}，请把该文件发给维护人员。")
