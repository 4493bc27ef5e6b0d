"""The project file (YAML): department, year, kind, texts, templates, outputs.

Paths in the file are resolved relative to the file itself, so a project folder can be moved or
shared as a whole.  Errors name the file and line; an unknown key suggests the nearest known one.
"""
from __future__ import annotations

import datetime as _dt
import difflib
import re
import os
from dataclasses import dataclass, field
from pathlib import Path

import pydantic
import yaml

from . import settings as S
from .errors import InputError, OutputError, Where

KNOWN_KINDS = S.KINDS

# Limits that keep a hostile or broken file from exhausting memory or the stack: the file size,
# the nesting depth, and the size of the document once YAML aliases (*name) are expanded
# (a "billion laughs" file is a few lines that expand to billions of values).
MAX_BYTES = 2_000_000
MAX_DEPTH = 40
MAX_NODES = 200_000
MAX_CHARS = 20_000_000

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
        line = key_node.start_mark.line + 1
        try:
            hash(key)
        except TypeError:
            raise _Unhashable(line) from None
        value = loader.construct_object(value_node, deep=deep)
        if key in mapping:
            # PyYAML silently keeps the last of two equal keys: the first value would be lost
            raise _DuplicateKey(key, line, lines[key])
        mapping[key] = value
        lines[key] = line
    return _LinedDict(mapping, lines)


def _construct_sequence(loader, node, deep=False):
    return _LinedList([loader.construct_object(child, deep=deep) for child in node.value],
                      [child.start_mark.line + 1 for child in node.value])


def _construct_timestamp(loader, node):
    # 2023-02-30 looks like a date but is none: keep the text, the schema names the line
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


class _Unhashable(Exception):
    def __init__(self, line):
        super().__init__(line)
        self.line = line


class _LinedDict(dict):
    def __init__(self, data, lines):
        super().__init__(data)
        self.lines = lines


class _LinedList(list):
    def __init__(self, data, lines):
        super().__init__(data)
        self.lines = lines


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


class _TooBig(Exception):
    def __init__(self, message, line):
        super().__init__(message)
        self.message, self.line = message, line


def _check_shape(text: str) -> None:
    """Walk the YAML events (no recursion, nothing built) and refuse what would exhaust the
    stack, memory or time later: nesting deeper than MAX_DEPTH, aliases expanding beyond
    MAX_NODES values or MAX_CHARS characters, an alias to a collection that contains it."""
    loader = yaml.SafeLoader(text)
    sizes: dict[str, tuple[int, int]] = {}     # anchor → (values, characters) once expanded
    stack: list[list] = []                      # open collections: [anchor, values, characters]
    total = [0, 0]
    try:
        while loader.check_event():
            event = loader.get_event()
            line = event.start_mark.line + 1 if event.start_mark else None
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if len(stack) >= MAX_DEPTH:
                    raise _TooBig(f"嵌套层数超过 {MAX_DEPTH} 层，项目文件不需要这么深的结构（请检查缩进和括号）", line)
                stack.append([event.anchor, 1, 0])
                continue
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                anchor, nodes, chars = stack.pop()
                if anchor is not None:
                    sizes[anchor] = (nodes, chars)
                if stack:
                    stack[-1][1] += nodes
                    stack[-1][2] += chars
                continue
            if isinstance(event, yaml.AliasEvent):
                if event.anchor not in sizes:
                    if any(entry[0] == event.anchor for entry in stack):
                        raise _TooBig(f"别名“*{event.anchor}”引用了包含它自身的内容（循环引用）", line)
                    continue     # undefined: the loader reports it with its own message
                nodes, chars = sizes[event.anchor]
                total[0] += nodes
                total[1] += chars
                if total[0] > MAX_NODES or total[1] > MAX_CHARS:
                    raise _TooBig(f"别名“*{event.anchor}”展开后内容过多（超过 {MAX_NODES:,} 个值或 "
                                  f"{MAX_CHARS // 10_000} 万字），项目文件不应这样使用别名（请直接写出内容）", line)
            elif isinstance(event, yaml.ScalarEvent):
                nodes, chars = 1, len(event.value)
                if event.anchor is not None:
                    sizes[event.anchor] = (nodes, chars)
            else:
                continue
            if stack:
                stack[-1][1] += nodes
                stack[-1][2] += chars
    finally:
        loader.dispose()


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
    layout: Path | None = None
    raw: dict = field(repr=False, default_factory=dict)
    lines: dict = field(repr=False, default_factory=dict)
    # the validated file as typed models (reportgen.settings); the dicts above hold the same
    # values (only the keys the file sets) for the code that reads them as mappings
    settings: S.ProjectBase | None = field(repr=False, default=None)

    def where(self, *keys) -> Where:
        """The line of a key (dotted path; list items by index) in the project file, for messages."""
        return Where(self.path.name, line=_line_of(self.raw, keys))

    @property
    def stem(self) -> str:
        """The output file name without extension (``output.name`` filled in, safe as a file name)."""
        return S.file_stem(self.output_name, {"year": self.year, "department": self.department,
                                              "kind": self.kind, "short_name": self.short_name})


def _line_of(raw, keys) -> int | None:
    node, line = raw, None
    for k in keys:
        if isinstance(node, _LinedDict) and k in node:
            line = node.lines.get(k, line)
            node = node[k]
        elif isinstance(node, _LinedList) and str(k).isdigit() and int(k) < len(node):
            line = node.lines[int(k)]
            node = node[int(k)]
        else:
            break
    return line


# -- schema errors in Chinese, with the YAML line --------------------------------------------------

def _loc_text(loc) -> str:
    """``('texts', 'part4', 'sections', 1, 'title')`` → ``texts.part4.sections 第2项的 title``."""
    out = ""
    loc = tuple(loc)
    for i, part in enumerate(loc):
        if part == "[key]":
            continue
        if i + 1 < len(loc) and loc[i + 1] == "[key]":
            out += f" 中的键“{part}”"
        elif isinstance(part, int):
            out += f" 第{part + 1}项"
        elif out.endswith("项"):
            out += f"的 {part}"
        else:
            out += f".{part}" if out else str(part)
    return out


def _describe(value) -> str:
    return S._shown(value)


def _visible(text: str) -> str:
    """A message stays one line: control characters of a key or value (a key written with a line
    break) are shown as escapes."""
    return re.sub(r"[\x00-\x1f\x7f]", lambda m: "\\x%02x" % ord(m.group()), text)


def _message(error: dict, model: type, kind: str) -> str:
    loc = tuple(error["loc"])
    kind_of = error["type"]
    here = _loc_text(loc)
    if kind_of == "extra_forbidden":
        key = str(loc[-1])
        parent = _loc_text(loc[:-1])
        where = f"{parent} 中" if parent else "项目文件中"
        sub = S.model_at(model, loc[:-1])
        known = S.known_keys(sub) if sub else []
        near = difflib.get_close_matches(key, known, n=1, cutoff=0.5)
        other = next((k for k, m in S.PROJECT_MODELS.items() if k != kind), None)
        if loc[:-1] == ("profile",) and other and key in S.PROJECT_MODELS[other].model_fields["profile"].annotation.model_fields:
            return f"{where}没有“{key}”这一项（这是{other}项目的设置，本项目是{kind}）"
        if near:
            return f"{where}没有“{key}”这一项，是否想写“{near[0]}”？"
        return f"{where}没有“{key}”这一项（可用：{'、'.join(known)}）"
    if kind_of == "missing":
        parent = _loc_text(loc[:-1])
        return f"{parent + ' ' if parent else ''}缺少必填设置“{loc[-1]}”"
    if kind_of == "reportgen":
        return f"{here} {error['msg']}"
    value = error.get("input")
    if kind_of == "list_type":
        return f"{here} 应为列表（每项一行，以“- ”开头），现为{_describe(value)}"
    if kind_of in ("model_type", "dict_type", "model_attributes_type"):
        return f"{here} 应为“键: 值”形式的一组设置，现为{_describe(value)}"
    if kind_of == "literal_error":
        expected = str(error.get("ctx", {}).get("expected", "")).replace("'", "").replace(" or ", "、").replace(", ", "、")
        return f"{here} 只能是 {expected}，现为{_describe(value)}"
    if kind_of == "string_type":
        return f"{here} 应为文字，现为{_describe(value)}"
    return f"{here} 的值无效，现为{_describe(value)}"


def _schema_error(exc: pydantic.ValidationError, raw, name: str, model: type, kind: str) -> InputError:
    errors = []
    raw_errors = exc.errors(include_url=False)
    # a misspelt required key is also a missing one: say it once (the misspelling, with its line)
    extra = {tuple(e["loc"]) for e in raw_errors if e["type"] == "extra_forbidden"}
    for e in list(raw_errors):
        loc = tuple(e["loc"])
        if e["type"] == "missing" and any(x[:-1] == loc[:-1] and difflib.get_close_matches(
                str(x[-1]), [str(loc[-1])], n=1, cutoff=0.5) for x in extra):
            raw_errors.remove(e)
    for e in raw_errors:
        loc = tuple(e["loc"])
        line = _line_of(raw, loc)
        errors.append((line if line is not None else 10**9, _visible(_message(e, model, kind)), line))
    errors.sort(key=lambda t: t[0])
    _order, message, line = errors[0]
    if len(errors) > 1:
        message += f"（另有 {len(errors) - 1} 处设置有误，改正后再次运行可见）"
    return InputError(message, Where(name, line=line))


def _check_output_dir(folder: Path, where: Where) -> None:
    """``output.dir`` must be a folder, or creatable: a file in its place, or a parent that is a
    file, is refused before anything is computed (exit code 3)."""
    try:
        if folder.exists() and not folder.is_dir():
            raise OutputError(f"output.dir 指向的“{folder}”是一个文件，不是文件夹。请改为一个文件夹的路径", where)
        parent = folder
        while not parent.exists() and parent.parent != parent:
            parent = parent.parent
        if not parent.is_dir():
            raise OutputError(f"无法创建输出文件夹“{folder}”：其中的“{parent}”是一个文件。请修改 output.dir", where)
        if not folder.exists() and not os.access(parent, os.W_OK | os.X_OK):
            raise OutputError(f"无法创建输出文件夹“{folder}”：没有在“{parent}”中写入的权限。请修改 output.dir", where)
        if folder.exists() and not os.access(folder, os.W_OK | os.X_OK):
            raise OutputError(f"输出文件夹“{folder}”没有写入权限。请修改 output.dir 或文件夹的权限", where)
    except (ValueError, OSError) as exc:
        raise OutputError(f"output.dir 不是可用的文件夹路径：“{folder}”（{exc}）", where) from None


def load_project(path: str | Path, check_output: bool = True) -> Project:
    """Read and validate a project file; every problem is an :class:`InputError` with a line
    (:class:`OutputError` for an output folder that cannot be created, unless ``check_output``
    is false)."""
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"项目文件过大（{size / 1e6:.1f} MB，上限 {MAX_BYTES / 1e6:.0f} MB）。"
                             "项目文件只放设置和文字，数字放在工作簿中", Where(name))
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"找不到项目文件：{path}", Where(name)) from None
    except UnicodeDecodeError:
        raise InputError("项目文件不是 UTF-8 编码。请用记事本“另存为”并选择 UTF-8 编码", Where(name)) from None
    except IsADirectoryError:
        raise InputError(f"{path} 是一个文件夹，应为项目文件（.yaml）", Where(name)) from None
    except (OSError, ValueError) as exc:
        raise InputError(f"无法读取项目文件：{getattr(exc, 'strerror', None) or exc}", Where(name)) from None
    try:
        _check_shape(text)
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
    except _TooBig as exc:
        raise InputError(exc.message, Where(name, line=exc.line)) from None
    except _DuplicateKey as exc:
        raise InputError(f"设置项“{exc.key}”出现了两次（另见第{exc.first}行），请只保留一个",
                         Where(name, line=exc.line)) from None
    except _Unhashable as exc:
        raise InputError("设置项的名称不能是列表或映射（可能多写了“? ”或括号）", Where(name, line=exc.line)) from None
    if not isinstance(data, dict):
        raise InputError("项目文件应为“键: 值”形式的设置（YAML 映射）", Where(name))

    def where(*keys):
        return Where(name, line=_line_of(data, keys))

    kind = data.get("kind")
    if kind in (None, ""):
        raise InputError("缺少必填设置“kind”", Where(name))
    if kind not in KNOWN_KINDS:
        raise InputError(f"kind 只能是 决算 或 预算，现为{S._shown(kind)}", where("kind"))
    model = S.PROJECT_MODELS[kind]
    try:
        settings = model.model_validate(data)
    except pydantic.ValidationError as exc:
        raise _schema_error(exc, data, name, model, kind) from None
    for other, keys in S.KIND_TEXTS.items():
        stray = [k for k in keys if k in settings.texts.model_fields_set] if other != kind else []
        if stray:
            raise InputError(f"texts 中的“{stray[0]}”是{other}项目的文字，本项目是{kind}，不会出现在文档中。请删除或移到{other}项目中",
                             where("texts", stray[0]))
    for key in ("department", "workbook"):
        if not getattr(settings, key).strip():
            raise InputError(f"缺少必填设置“{key}”", where(key))

    base = path.parent
    templates = settings.templates.strip()
    if templates and templates != "default":
        # checked here so that ``reportgen check`` reports it, not only ``build``
        folder = base / templates
        doc = folder / "document.docx" if folder.is_dir() or not folder.suffix else folder
        if not doc.is_file():
            raise InputError(f"找不到 Word 模板：{doc}。templates 应为含 document.docx 的文件夹"
                             "（相对于项目文件），或写 default 使用内置模板", where("templates"))
    layout = getattr(settings, "layout", None)     # 决算: the district's layout file
    if layout:
        layout = base / layout
        if not layout.is_file():
            raise InputError(f"找不到布局文件：{layout}。layout 应为布局 YAML 文件的路径（相对于项目文件）",
                             where("layout"))
    out = settings.output
    default_name = "{year}年度{department}部门决算公开" if kind == "决算" else "{department}{year}年部门预算公开"
    try:
        output_dir = Path(os.path.normpath(base / out.dir))
    except ValueError:
        raise OutputError(f"output.dir 不是可用的文件夹路径：{S._shown(out.dir)}", where("output", "dir")) from None
    proj = Project(
        path=path,
        kind=kind,
        year=settings.year,
        department=settings.department.strip(),
        short_name=settings.short_name.strip() or "本单位",
        publish_date=settings.publish_date,
        phone=settings.phone.strip(),
        workbook=base / settings.workbook,
        workbook_unit=settings.workbook_unit,
        templates=(base / templates) if templates and templates != "default" else None,
        output_dir=output_dir,
        output_name=out.name or default_name,
        formats=tuple(out.formats),
        pdf=settings.pdf or "pdf" in out.formats,
        profile=settings.profile.model_dump(exclude_unset=True),
        texts=settings.texts.model_dump(exclude_unset=True),
        glossary=settings.glossary.model_dump(exclude_unset=True),
        attachments=[{"title": a.title, "path": base / a.path} for a in settings.attachments],
        codes=[base / c for c in settings.codes],
        tolerance=str(settings.tolerance),
        reason_threshold=str(settings.reason_threshold),
        layout=layout or None,
        raw=data,
        settings=settings,
    )
    name_where = where("output", "name") if out.name else where("output")
    try:
        stem = proj.stem
    except ValueError as exc:
        raise InputError(f"output.name 填入后的文件名“{exc}”不能用作文件名（为空，或是 CON、PRN、AUX、NUL、COM1、LPT1 "
                         "等 Windows 保留的名称），请修改 output.name", name_where) from None
    target = (output_dir / f"{stem}.docx").resolve()
    if target.parent != output_dir.resolve():      # pragma: no cover - excluded by the checks above
        raise InputError(f"输出文件“{target}”不在 output.dir 中，请修改 output.name", name_where)
    if check_output:
        _check_output_dir(output_dir, where("output", "dir") if out.dir != "output" or "output" in data
                          else Where(name))
    return proj
