"""Document layouts as data: the typed schema of a layout file, loading, patching and fragments.

A kind ships its default layout (``kinds/<kind>/layout.yaml``) and a folder of fragments
(``kinds/<kind>/fragments/*.j2``, one small Jinja text template per narrative block).  A project
names its own layout file with ``layout: my-layout.yaml``; that file either replaces the default
(it lists ``parts``) or patches it (``extends: default`` plus ``rename`` / ``drop`` / ``insert`` /
``move`` and any top-level key it wants to change).  Fragments are looked up district folder
first, package defaults second (the MkDocs ``custom_dir`` pattern): a fragment of the same name
replaces the default one, any other is added.

Every key is checked by pydantic models with ``extra="forbid"``; a misspelt key or an unknown
section/table/fragment id is an :class:`InputError` naming the file, the line and the nearest
known key or id.
"""
from __future__ import annotations

import difflib
import re
from importlib import resources
from pathlib import Path
from typing import Any, Literal, Optional, Union, get_args, get_origin

import jinja2
import yaml
from jinja2.sandbox import SandboxedEnvironment
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from .errors import InputError, Where


# -- the schema ------------------------------------------------------------------------------

class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Block(_Strict):
    """One content block: a fragment (``name``), a chart, a template widget or a page break."""

    fragment: Optional[str] = None
    chart: Optional[str] = None
    widget: Optional[Literal["part4", "perf_tables", "attachments"]] = None
    page_break: Optional[bool] = None

    @model_validator(mode="before")
    @classmethod
    def _from_name(cls, value):
        return {"fragment": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _one(self):
        given = [k for k in ("fragment", "chart", "widget", "page_break") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("每个内容块应为一个片段名，或 chart / widget / page_break 之一")
        return self


class SectionDef(_Strict):
    """A section (一、…) or a subsection (（一）…).  Only ``id``: the known section of that id."""

    id: str
    title: Optional[str] = None
    blocks: Optional[list[Block]] = None
    subsections: Optional[list["SectionDef"]] = None
    follows_table: Optional[str] = None

    @model_validator(mode="before")
    @classmethod
    def _from_id(cls, value):
        return {"id": value} if isinstance(value, str) else value


class PartDef(_Strict):
    id: str
    title: Optional[str] = None
    sections: list[SectionDef] = []
    tables: list[str] = []
    blocks: list[Block] = []
    page_break: bool = True          # start on a new page
    landscape: Optional[bool] = None  # default: true for a part of tables
    table_heading: Optional[str] = None
    table_caption: Optional[str] = None

    @model_validator(mode="before")
    @classmethod
    def _from_id(cls, value):
        return {"id": value} if isinstance(value, str) else value


class Numbering(_Strict):
    part: str = "第{cn}部分 "
    section: str = "{cn}、"
    subsection: str = "（{cn}）"
    toc_depth: int = 2


class Cover(_Strict):
    line1: Optional[str] = None
    line2: Optional[str] = None
    date: Optional[bool] = None


class Labels(_Strict):
    entity: Optional[str] = None
    unit: Optional[str] = None
    vehicle: Optional[str] = None
    vehicle_run: Optional[str] = None
    budget_word: Optional[str] = None
    sangong_budget: Optional[str] = None


class ChartDef(_Strict):
    title: str
    labels: list[str] = []


class Column(_Strict):
    key: str
    label: str


class TableDef(_Strict):
    """A table.  The nine standard tables need only their wording; a derived table names the
    standard table it is taken from (``from``), the column it shows and the row levels."""

    name: Optional[str] = None
    notes: Optional[list[str]] = None
    formulas: Optional[list[str]] = None
    empty_text: Optional[str] = None
    from_: Optional[str] = None
    columns: Optional[list[Column]] = None
    levels: Optional[list[Literal["total", "class", "section", "item"]]] = None

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    @model_validator(mode="before")
    @classmethod
    def _alias(cls, value):
        if isinstance(value, dict) and "from" in value:
            value = dict(value)
            value["from_"] = value.pop("from")
        return value


class Position(_Strict):
    after: Optional[str] = None
    before: Optional[str] = None
    into: Optional[str] = None      # a part id: appended to its sections

    @model_validator(mode="after")
    def _one(self):
        if sum(x is not None for x in (self.after, self.before, self.into)) != 1:
            raise ValueError("位置应为 after、before、into 之一")
        return self


class InsertOp(Position):
    section: Optional[SectionDef] = None
    part: Optional[PartDef] = None


class MoveOp(Position):
    id: str


class Layout(_Strict):
    extends: Optional[str] = None
    fragments: Optional[str] = None
    numbering: Optional[Numbering] = None
    cover: Optional[Cover] = None
    labels: Optional[Labels] = None
    charts: Optional[dict[str, ChartDef]] = None
    chart_caption: Optional[str] = None
    tables: Optional[dict[str, TableDef]] = None
    table_heading: Optional[str] = None
    table_caption: Optional[str] = None
    perf_notes: Optional[list[str]] = None
    extra_sections: Optional[list[SectionDef]] = None
    parts: Optional[list[PartDef]] = None
    # patch operations, applied in this order to the parts of the extended layout
    rename: Optional[dict[str, str]] = None
    drop: Optional[list[str]] = None
    insert: Optional[list[InsertOp]] = None
    move: Optional[list[MoveOp]] = None

    @field_validator("extends")
    @classmethod
    def _extends(cls, value):
        if value is not None and value != "default":
            raise ValueError("extends 只能是 default（在内置布局的基础上修改）")
        return value


# -- YAML with the line of every key and list item -------------------------------------------

class _Lined(dict):
    lines: dict


class _LinedList(list):
    lines: list


class _Loader(yaml.SafeLoader):
    pass


def _mapping(loader, node, deep=False):
    out = _Lined()
    out.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in out:
            raise InputError(f"设置项“{key}”出现了两次（另见第{out.lines[key]}行），请只保留一个",
                             Where(loader.name, line=key_node.start_mark.line + 1))
        out[key] = loader.construct_object(value_node, deep=True)
        out.lines[key] = key_node.start_mark.line + 1
    return out


def _sequence(loader, node, deep=False):
    out = _LinedList(loader.construct_object(n, deep=True) for n in node.value)
    out.lines = [n.start_mark.line + 1 for n in node.value]
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


def _read_yaml(path: Path, label: str):
    name = path.name
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"找不到{label}：{path}", Where(name)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"无法读取{label}（{exc.__class__.__name__}），请保存为 UTF-8 编码", Where(name)) from None
    loader = _Loader(text)
    loader.name = name
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark else None
        raise InputError(f"YAML 格式错误：{exc.problem}。常见原因：缩进不一致、冒号后缺少空格、引号不成对",
                         Where(name, line=line)) from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise InputError(f"{label}应为“键: 值”形式的设置（YAML 映射）", Where(name))
    return data


def _line_of(data, loc) -> int | None:
    line = None
    node = data
    for k in loc:
        if isinstance(node, _Lined) and k in node:
            line = node.lines.get(k, line)
            node = node[k]
        elif isinstance(node, _LinedList) and isinstance(k, int) and k < len(node):
            line = node.lines[k]
            node = node[k]
        else:
            break
    return line


def _unwrap(tp):
    """The model class (or dict/list) behind Optional[...] / list[...] annotations."""
    while True:
        origin = get_origin(tp)
        if origin is Union:
            args = [a for a in get_args(tp) if a is not type(None)]
            tp = args[0] if len(args) == 1 else tp
            if len(args) != 1:
                return tp
        else:
            return tp


def _known_keys(loc) -> list[str]:
    """The keys allowed where ``loc`` (without its last element) points."""
    tp: Any = Layout
    for k in loc[:-1]:
        tp = _unwrap(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            field = tp.model_fields.get(k if k != "from" else "from_")
            if field is None:
                return []
            tp = field.annotation
        elif get_origin(tp) is list:
            tp = get_args(tp)[0]
        elif get_origin(tp) is dict:
            tp = get_args(tp)[1]
        else:
            return []
    tp = _unwrap(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return [("from" if n == "from_" else n) for n in tp.model_fields]
    return []


def _path(loc) -> str:
    out = ""
    for k in loc:
        out += f"[{k}]" if isinstance(k, int) else (f".{k}" if out else str(k))
    return out


def _validate(data, name: str) -> Layout:
    try:
        return Layout.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(k for k in err["loc"] if k not in ("function-after[_one(), Block]",))
        loc = tuple("from" if k == "from_" else k for k in loc)
        where = Where(name, line=_line_of(data, loc))
        if err["type"] == "extra_forbidden":
            known = _known_keys(loc)
            near = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.5)
            hint = f"，是否应为“{near[0]}”？" if near else (f"。可用的键：{'、'.join(known)}" if known else "")
            raise InputError(f"布局文件中未知的设置项“{_path(loc)}”{hint}", where) from None
        msg = err.get("msg", "")
        if err["type"] == "literal_error":
            msg = "应为 " + str(err.get("ctx", {}).get("expected", ""))
        elif err["type"] == "missing":
            msg = "缺少此项"
        elif err["type"].endswith("_type"):
            msg = f"类型不对（{err['type']}）"
        elif err["type"] == "value_error":
            msg = msg.replace("Value error, ", "")
        raise InputError(f"布局文件中“{_path(loc)}”有误：{msg}", where) from None


# -- loading and patching --------------------------------------------------------------------

def default_layout_path(kind_package: str) -> Path:
    return Path(str(resources.files(kind_package).joinpath("layout.yaml")))


def default_fragments_dir(kind_package: str) -> Path:
    return Path(str(resources.files(kind_package).joinpath("fragments")))


class Resolved:
    """A complete layout (defaults merged with a district's file) and where its fragments are."""

    def __init__(self, layout: Layout, catalog: dict[str, SectionDef], fragment_dirs: list[Path],
                 source: str, lines, data):
        self.layout = layout
        self.catalog = catalog
        self.fragment_dirs = fragment_dirs
        self.source = source        # file name for messages
        self._lines = lines
        self._data = data

    def where(self, *loc) -> Where:
        return Where(self.source, line=_line_of(self._data, loc) if self._data is not None else None)


def _catalog(layout: Layout) -> dict[str, SectionDef]:
    out: dict[str, SectionDef] = {}

    def add(sec: SectionDef):
        out.setdefault(sec.id, sec)
        for sub in sec.subsections or []:
            add(sub)

    for part in layout.parts or []:
        for sec in part.sections:
            add(sec)
    for sec in layout.extra_sections or []:
        add(sec)
    return out


def _merge_dicts(base: dict, over: dict) -> dict:
    out = dict(base)
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict) and k not in ("rename",):
            out[k] = _merge_dicts(out[k], v)
        else:
            out[k] = v
    return out


def load(kind_package: str, project) -> Resolved:
    """The layout of ``project``: the kind's default, or the project's ``layout`` file."""
    default_path = default_layout_path(kind_package)
    default_data = _read_yaml(default_path, "内置布局文件")
    default = _validate(default_data, default_path.name)
    dirs = [default_fragments_dir(kind_package)]
    spec = getattr(project, "layout", None)
    if not spec:
        return Resolved(default, _catalog(default), dirs, default_path.name, None, None)
    path = Path(spec)
    data = _read_yaml(path, "布局文件")
    own = _validate(data, path.name)
    folder = path.parent / (own.fragments or path.stem)
    if own.fragments and not folder.is_dir():
        raise InputError(f"找不到片段文件夹：{folder}", Where(path.name, line=_line_of(data, ("fragments",))))
    if folder.is_dir():
        dirs.insert(0, folder)
    if own.extends is None and own.parts is None:
        raise InputError("布局文件应列出 parts（完整布局），或写 extends: default 在内置布局上修改", Where(path.name))
    edits = {"parts", "rename", "drop", "insert", "move", "extends", "fragments"}
    merged = _merge_dicts(default.model_dump(exclude_none=True, exclude={"parts"}),
                          own.model_dump(exclude_none=True, exclude=edits))
    layout = Layout.model_validate(merged)
    defaults = {p.id: p for p in default.parts or []}
    if own.parts is None:
        layout.parts = [p.model_copy(deep=True) for p in default.parts or []]
    else:
        # a part of a known id keeps what it does not say (its sections, tables or blocks)
        layout.parts = [defaults[p.id].model_copy(deep=True, update={k: getattr(p, k) for k in p.model_fields_set})
                        if p.id in defaults else p for p in own.parts]
    ops = {k: getattr(own, k) for k in ("rename", "drop", "insert", "move")}
    ops = {k: ([o.model_dump(exclude_none=True) for o in v] if isinstance(v, list) and v and isinstance(v[0], BaseModel)
               else v) for k, v in ops.items()}
    catalog = _catalog(default)
    for sec in own.extra_sections or []:
        catalog[sec.id] = sec
    resolved = Resolved(layout, catalog, dirs, path.name, None, data)
    _apply_ops(resolved, ops)
    return resolved


def _nearest(word: str, known) -> str:
    near = difflib.get_close_matches(word, list(known), n=1, cutoff=0.3)
    return f"，是否应为“{near[0]}”？" if near else f"。可用：{'、'.join(known)}"


def _apply_ops(r: Resolved, ops: dict) -> None:
    parts = r.layout.parts or []

    def locate(sid: str):
        for p in parts:
            for i, s in enumerate(p.sections):
                if s.id == sid:
                    return p, i
        return None, None

    def all_ids():
        return [p.id for p in parts] + [s.id for p in parts for s in p.sections] + \
               [t for p in parts for t in p.tables]

    def unknown(sid, *loc):
        raise InputError(f"布局文件中的“{sid}”不是当前布局中的部分或章节{_nearest(sid, all_ids())}", r.where(*loc))

    for sid, title in (ops.get("rename") or {}).items():
        part = next((p for p in parts if p.id == sid), None)
        p, i = locate(sid)
        if part is not None:
            part.title = title
        elif p is not None:
            p.sections[i] = p.sections[i].model_copy(update={"title": title})
        elif any(sid in p.tables for p in parts) or sid in (r.layout.tables or {}):
            r.layout.tables.setdefault(sid, TableDef())
            r.layout.tables[sid].name = title
        else:
            unknown(sid, "rename", sid)
    for n, sid in enumerate(ops.get("drop") or []):
        part = next((p for p in parts if p.id == sid), None)
        p, i = locate(sid)
        if part is not None:
            parts.remove(part)
        elif p is not None:
            del p.sections[i]
        elif any(sid in p.tables for p in parts):
            for p in parts:
                if sid in p.tables:
                    p.tables.remove(sid)
        else:
            unknown(sid, "drop", n)

    def place(item_kind: str, obj, op: dict, n: int, key: str):
        target = op.get("after") or op.get("before") or op.get("into")
        if item_kind == "part":
            idx = next((i for i, p in enumerate(parts) if p.id == target), None)
            if idx is None or op.get("into"):
                unknown(target, key, n)
            parts.insert(idx + (1 if op.get("after") else 0), obj)
            return
        if op.get("into"):
            part = next((p for p in parts if p.id == target), None)
            if part is None:
                unknown(target, key, n, "into")
            part.sections.append(obj)
            return
        p, i = locate(target)
        if p is None:
            unknown(target, key, n)
        p.sections.insert(i + (1 if op.get("after") else 0), obj)

    for n, op in enumerate(ops.get("insert") or []):
        if op.get("part"):
            place("part", PartDef.model_validate(op["part"]), op, n, "insert")
        elif op.get("section"):
            place("section", SectionDef.model_validate(op["section"]), op, n, "insert")
        else:
            raise InputError("insert 的每一项应含 section 或 part", r.where("insert", n))
    for n, op in enumerate(ops.get("move") or []):
        sid = op["id"]
        part = next((p for p in parts if p.id == sid), None)
        if part is not None:
            parts.remove(part)
            place("part", part, op, n, "move")
            continue
        p, i = locate(sid)
        if p is None:
            unknown(sid, "move", n, "id")
        sec = p.sections.pop(i)
        place("section", sec, op, n, "move")


# -- fragments -------------------------------------------------------------------------------

# a paragraph style a fragment line may ask for: "[小标题] text"
LINE_STYLES = ("正文", "小标题", "小标题二", "表注", "图题")


_TAG_LINE = re.compile(r"(?m)^([ \t]*(?:\{%[^%]*%\}[ \t]*)+)\n")


class FragmentLoader(jinja2.FileSystemLoader):
    """District folder first, package defaults second.  A line holding only ``{% … %}`` tags
    prints nothing (not even a line end), and ``\\`` at a line end joins the next line; both are
    rewritten as Jinja comments so that error line numbers stay those of the file."""

    def get_source(self, environment, template):
        src, filename, uptodate = super().get_source(environment, template)
        src = _TAG_LINE.sub(lambda m: m.group(1) + "{#\n#}", src.replace("\\\n", "{#\n#}"))
        return src, filename, uptodate


def fragment_env(dirs: list[Path], formats) -> SandboxedEnvironment:
    env = SandboxedEnvironment(loader=FragmentLoader([str(d) for d in dirs]), undefined=jinja2.StrictUndefined,
                               autoescape=False, trim_blocks=False, lstrip_blocks=True, keep_trailing_newline=False,
                               finalize=_keep_value_newlines)
    formats.install(env)
    return env


_VALUE_NL = "\x0b"


def _keep_value_newlines(value):
    # a newline inside a value (a glossary definition) is a line break, not a new paragraph
    if isinstance(value, str):
        return value.replace("\n", _VALUE_NL)
    return value


def fragment_names(dirs: list[Path]) -> list[str]:
    names = set()
    for d in dirs:
        if d.is_dir():
            names.update(p.stem for p in d.glob("*.j2"))
    return sorted(names)


def render_fragment(env, name: str, context: dict) -> list[tuple[str, str]]:
    """(style, text) of each paragraph of a fragment: one per non-empty output line."""
    try:
        text = env.get_template(f"{name}.j2").render(context)
    except jinja2.TemplateSyntaxError as exc:
        raise InputError(f"片段 {name}.j2 第{exc.lineno}行语法错误：{exc.message}", Where(f"{name}.j2", line=exc.lineno)) from None
    except jinja2.UndefinedError as exc:
        raise InputError(f"片段 {name}.j2 使用了不存在的变量：{exc.message}", Where(f"{name}.j2", line=_tb_line(exc, name))) from None
    except jinja2.TemplateNotFound:
        raise InputError(f"找不到片段 {name}.j2", Where(f"{name}.j2")) from None
    out = []
    for line in text.split("\n"):
        if not line.strip():
            continue
        style = "正文"
        if line.startswith("[") and "]" in line:
            head, rest = line[1:].split("]", 1)
            if head in LINE_STYLES:
                style, line = head, rest.lstrip()
        out.append((style, line.replace(_VALUE_NL, "\n")))
    return out


def _tb_line(exc, name: str) -> int | None:
    tb = exc.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(f"{name}.j2"):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def render_string(env, source: str, context: dict, where: Where) -> str:
    try:
        return env.from_string(source).render(context)
    except jinja2.TemplateError as exc:
        raise InputError(f"布局中的文字“{source}”有误：{exc}", where) from None


KIND_PACKAGES = {"决算": "reportgen.kinds.final_accounts"}


def export(kind: str, folder: Path) -> list[Path]:
    """Copy the default layout of ``kind`` and its fragments into ``folder`` (``layout.yaml`` and
    ``layout/*.j2``: the folder a layout file named layout.yaml looks in first)."""
    package = KIND_PACKAGES[kind]
    sources = [(default_layout_path(package), folder / "layout.yaml")]
    sources += [(p, folder / "layout" / p.name) for p in sorted(default_fragments_dir(package).glob("*.j2"))]
    existing = [dst for _src, dst in sources if dst.exists()]
    if existing:
        raise InputError("文件已存在，未复制任何文件（不会覆盖已有文件）", Where(str(existing[0])))
    try:
        (folder / "layout").mkdir(parents=True, exist_ok=True)
        for src, dst in sources:
            dst.write_bytes(src.read_bytes())
    except OSError as exc:
        from .errors import OutputError

        raise OutputError(f"无法写入 {folder}：{exc.strerror}", Where(str(folder))) from None
    return [dst for _src, dst in sources]
