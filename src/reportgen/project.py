"""The project file (YAML): department, year, kind, texts, templates, outputs.

Paths in the file are resolved relative to the file itself, so a project folder can be moved or
shared as a whole.  Errors name the file and line; an unknown key suggests the nearest known one.
"""
from __future__ import annotations

import datetime as _dt
import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError, Where

KNOWN_KINDS = ("决算", "预算")

# The keys a project file may hold, with nested mappings spelled out.  A value of ``None``
# means "free-form below this key" (lists of texts, profile options checked elsewhere).
SCHEMA: dict[str, Any] = {
    "kind": None, "year": None, "department": None, "short_name": None, "publish_date": None,
    "phone": None, "workbook": None, "workbook_unit": None, "templates": None, "codes": None,
    "output": {"dir": None, "name": None, "formats": None},
    "pdf": None,
    "profile": None,
    "texts": {
        "functions": None, "functions_intro": None, "units": None, "staffing": None, "org": None,
        "uses": None, "overall": None,
        "part4": {"title": None, "sections": None, "table": None, "docx": None},
        "performance": {"overall_comment": None, "application": None, "work": None},
        "special_transfer": None,
        "goals": None, "contact": None,
    },
    "glossary": {"extra": None, "terms": None},
    "attachments": None,
    "tolerance": None,
    "reason_threshold": None,
}


class _LineLoader(yaml.SafeLoader):
    """A safe loader that remembers the line of every mapping key."""


class _DuplicateKey(Exception):
    def __init__(self, key, line, first):
        super().__init__(key)
        self.key, self.line, self.first = key, line, first


def _construct_mapping(loader, node, deep=False):
    mapping = {}
    lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        value = loader.construct_object(value_node, deep=deep)
        line = key_node.start_mark.line + 1
        if key in mapping:
            # PyYAML silently keeps the last of two equal keys: the first value would be lost
            raise _DuplicateKey(key, line, lines[key])
        mapping[key] = value
        lines[key] = line
    return _LinedDict(mapping, lines)


class _LinedDict(dict):
    def __init__(self, data, lines):
        super().__init__(data)
        self.lines = lines


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)

# PyYAML's wording of the usual mistakes, in Chinese (the original is kept in the message).
_YAML_PROBLEMS = (
    ("mapping values are not allowed", "此处不能出现“键: 值”（冒号后的文字可能需要加引号，或缩进有误）"),
    ("could not find expected ':'", "找不到应有的冒号“:”（可能缺少冒号或冒号后缺少空格）"),
    ("expected ',' or ']'", "方括号 [ ] 没有正确结束"),
    ("expected ',' or '}'", "花括号 { } 没有正确结束"),
    ("cannot start any token", "出现了不能作为开头的字符（不能用 Tab 键缩进，请改用空格）"),
    ("expected <block end>", "缩进不一致"),
    ("expected <block mapping start>", "缩进不一致"),
    ("found unexpected end of stream", "引号不成对"),
    ("found unknown escape character", "双引号内的反斜杠“\\”用法有误（路径请用单引号或正斜杠“/”）"),
    ("found undefined alias", "以“*”开头的内容需要加引号"),
    ("found unexpected ':'", "冒号位置有误"),
)


def _yaml_problem(problem: str | None) -> str:
    problem = problem or ""
    for needle, text in _YAML_PROBLEMS:
        if needle in problem:
            return f"{text}（{problem}）"
    return f"格式错误（{problem}）" if problem else "格式错误"


@dataclass
class Project:
    """Settings of one department-year document, with paths already resolved."""

    path: Path
    kind: str
    year: int
    department: str
    short_name: str
    publish_date: _dt.date | None
    phone: str
    workbook: Path
    workbook_unit: str
    templates: Path | None
    output_dir: Path
    output_name: str
    formats: tuple[str, ...]
    pdf: bool
    profile: dict
    texts: dict
    glossary: dict
    attachments: list[dict]
    codes: list[Path]
    tolerance: str
    reason_threshold: str
    raw: dict = field(repr=False, default_factory=dict)
    lines: dict = field(repr=False, default_factory=dict)

    def where(self, *keys: str) -> Where:
        """The line of a key (dotted path) in the project file, for messages."""
        node = self.raw
        line = None
        for k in keys:
            if isinstance(node, _LinedDict) and k in node:
                line = node.lines.get(k, line)
                node = node[k]
            else:
                break
        return Where(self.path.name, line=line)

    @property
    def stem(self) -> str:
        return self.output_name.format(year=self.year, department=self.department, kind=self.kind,
                                       short_name=self.short_name)


def _check_keys(data, schema, where_file: str, prefix: str = "") -> None:
    if not isinstance(data, dict) or schema is None:
        return
    for key, value in data.items():
        if key not in schema:
            near = difflib.get_close_matches(str(key), [str(k) for k in schema], n=1, cutoff=0.5)
            hint = f"，是否应为“{prefix}{near[0]}”？" if near else f"。可用的键：{'、'.join(schema)}"
            line = data.lines.get(key) if isinstance(data, _LinedDict) else None
            raise InputError(f"未知的设置项“{prefix}{key}”{hint}", Where(where_file, line=line))
        _check_keys(value, schema[key], where_file, f"{prefix}{key}.")


def _as_date(value, where: Where) -> _dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    import re

    m = re.match(r"^\s*(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?\s*$", str(value))
    if not m:
        raise InputError(f"日期格式无法识别：“{value}”（请写成 2023-10-24）", where)
    return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))


def load_project(path: str | Path) -> Project:
    """Read and validate a project file; every problem is an :class:`InputError` with a line."""
    path = Path(path)
    name = path.name
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"找不到项目文件：{path}", Where(name)) from None
    except UnicodeDecodeError:
        raise InputError("项目文件不是 UTF-8 编码。请用记事本“另存为”并选择 UTF-8 编码", Where(name)) from None
    except OSError as exc:
        raise InputError(f"无法读取项目文件：{exc.strerror}", Where(name)) from None
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark else None
        col = mark.column + 1 if mark else None
        raise InputError(
            f"YAML 格式错误（第{line}行第{col}列）：{_yaml_problem(exc.problem)}。"
            "常见原因：缩进不一致、冒号后缺少空格、引号不成对",
            Where(name, line=line),
        ) from None
    except yaml.YAMLError as exc:
        raise InputError(f"YAML 格式错误：{_yaml_problem(str(exc))}", Where(name)) from None
    except _DuplicateKey as exc:
        raise InputError(f"设置项“{exc.key}”出现了两次（另见第{exc.first}行），请只保留一个",
                         Where(name, line=exc.line)) from None
    if not isinstance(data, dict):
        raise InputError("项目文件应为“键: 值”形式的设置（YAML 映射）", Where(name))
    _check_keys(data, SCHEMA, name)

    def where(key):
        return Where(name, line=data.lines.get(key) if isinstance(data, _LinedDict) else None)

    def required(key):
        value = data.get(key)
        if value in (None, ""):
            raise InputError(f"缺少必填设置“{key}”", Where(name))
        return value

    kind = str(required("kind")).strip()
    if kind not in KNOWN_KINDS:
        raise InputError(f"kind 只能是 决算 或 预算，现为“{kind}”", where("kind"))
    try:
        year = int(required("year"))
    except (TypeError, ValueError):
        raise InputError(f"year 应为四位年份，现为“{data.get('year')}”", where("year")) from None
    if not 2000 <= year <= 2100:
        raise InputError(f"year 应为四位年份，现为 {year}", where("year"))
    base = path.parent
    workbook = base / str(required("workbook"))
    unit = str(data.get("workbook_unit") or "万元")
    if unit not in ("万元", "元"):
        raise InputError(f"workbook_unit 只能是 万元 或 元，现为“{unit}”", where("workbook_unit"))
    out = data.get("output") or {}
    if not isinstance(out, dict):
        raise InputError("output 应包含 dir、name 等设置", where("output"))
    default_name = "{year}年度{department}部门决算公开" if kind == "决算" else "{department}{year}年部门预算公开"
    formats = tuple(out.get("formats") or ("docx", "xlsx"))
    for f in formats:
        if f not in ("docx", "xlsx", "pdf"):
            raise InputError(f"output.formats 只能包含 docx、xlsx、pdf，现有“{f}”", where("output"))
    templates = data.get("templates")
    if templates and str(templates) != "default":
        # checked here so that ``reportgen check`` reports it, not only ``build``
        folder = base / str(templates)
        doc = folder / "document.docx" if folder.is_dir() or not folder.suffix else folder
        if not doc.is_file():
            raise InputError(f"找不到 Word 模板：{doc}。templates 应为含 document.docx 的文件夹"
                             "（相对于项目文件），或写 default 使用内置模板", where("templates"))
    texts = data.get("texts") or {}
    glossary = data.get("glossary") or {}
    attachments = data.get("attachments") or []
    if not isinstance(attachments, list):
        raise InputError("attachments 应为列表（每项含 title 和 path）", where("attachments"))
    resolved_att = []
    for item in attachments:
        if not isinstance(item, dict) or "path" not in item:
            raise InputError("attachments 的每一项应含 title 和 path", where("attachments"))
        resolved_att.append({"title": str(item.get("title") or ""), "path": base / str(item["path"])})
    codes = data.get("codes") or []
    if isinstance(codes, str):
        codes = [codes]
    proj = Project(
        path=path,
        kind=kind,
        year=year,
        department=str(required("department")).strip(),
        short_name=str(data.get("short_name") or "本单位").strip(),
        publish_date=_as_date(data.get("publish_date"), where("publish_date")),
        phone=str(data.get("phone") or "").strip(),
        workbook=workbook,
        workbook_unit=unit,
        templates=(base / str(templates)) if templates and str(templates) != "default" else None,
        output_dir=Path(os.path.normpath(base / str(out.get("dir") or "output"))),
        output_name=str(out.get("name") or default_name),
        formats=formats,
        pdf=bool(data.get("pdf")) or "pdf" in formats,
        profile=dict(data.get("profile") or {}),
        texts=texts if isinstance(texts, dict) else {},
        glossary=glossary if isinstance(glossary, dict) else {},
        attachments=resolved_att,
        codes=[base / str(c) for c in codes],
        tolerance=str(data.get("tolerance") or "0.01"),
        reason_threshold=str(data.get("reason_threshold") or "0"),
        raw=data,
    )
    return proj
