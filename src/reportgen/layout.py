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
from importlib import import_module
from importlib import resources
from pathlib import Path
from typing import Any, Literal, Optional, Union, get_args, get_origin

import jinja2
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .errors import InputError, Where
from .render.sandbox import ReportEnvironment, TemplateLimit, TemplateRefused


# -- the schema ------------------------------------------------------------------------------

class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Block(_Strict):
    """One content block: a fragment (``name``), a chart, a template widget or a page break."""

    fragment: Optional[str] = Field(default=None, description='片段名：fragments/<名>.j2，每行输出一段（写成字符串即可，如 total）')
    chart: Optional[str] = Field(default=None, description='图表：total、income、expense、fiscal（图N 按出现顺序编号）')
    widget: Optional[Literal["part4", "perf_tables", "attachments"]] = Field(default=None, description='Word 模板中的部件：part4（重点工作）、perf_tables（绩效自评表）、attachments（附件）')
    page_break: Optional[bool] = Field(default=None, description='true：在此分页')

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

    id: str = Field(description='章节 id；只写 id 即沿用内置同名章节（连同其内容块和小节）')
    title: Optional[str] = Field(default=None, description='标题（不含编号；可用 {{ Y }} 等变量）')
    blocks: Optional[list[Block]] = Field(default=None, description='内容块列表；新 id 的章节必须写出')
    subsections: Optional[list["SectionDef"]] = Field(default=None, description='小节（（一）（二）…），结构同章节')
    follows_table: Optional[str] = Field(default=None, description='与某表同序：表的顺序改变时，同一部分中这些章节随之调整（fund→t7、soe→t8、sangong→t9）')

    @model_validator(mode="before")
    @classmethod
    def _from_id(cls, value):
        return {"id": value} if isinstance(value, str) else value


class PartDef(_Strict):
    id: str = Field(description='部分 id；与内置部分同 id 时，没写的 sections/tables/blocks 沿用内置')
    title: Optional[str] = Field(default=None, description='标题（不含“第N部分”；可用 {{ Y }}、{{ dept }} 等变量）')
    sections: list[SectionDef] = Field(default_factory=list, description='章节列表（一、二、…按位置编号）')
    tables: list[str] = Field(default_factory=list, description='本部分列出的表（表号按在全文中的位置编号）')
    blocks: list[Block] = Field(default_factory=list, description='章节之前的内容块')
    page_break: bool = Field(default=True, description='另起一页（默认 true）')
    landscape: Optional[bool] = Field(default=None, description='横向页面（有表的部分默认 true）')
    table_heading: Optional[str] = Field(default=None, description='本部分表的标题格式，覆盖全局 table_heading')
    table_caption: Optional[str] = Field(default=None, description='本部分表上方的表名格式，覆盖全局 table_caption')

    @model_validator(mode="before")
    @classmethod
    def _from_id(cls, value):
        return {"id": value} if isinstance(value, str) else value


class Numbering(_Strict):
    part: str = Field(default="第{cn}部分 ", description='部分编号格式：{cn} 中文数字，{n} 阿拉伯数字')
    section: str = Field(default="{cn}、", description='章节编号格式')
    subsection: str = Field(default="（{cn}）", description='小节编号格式')
    item: str = Field(default="{n}. ", description="片段中列表项的编号格式（过滤器 item：{{ loop.index|item }}），如 “{n}. ” 或 “{n}、”")
    toc_depth: Literal[0, 1, 2] = Field(default=2, description='目录列到第几级：1 部分，2 部分和章节；0 不印目录')


class Cover(_Strict):
    line1: Optional[str] = Field(default=None, description='封面第一行（可用变量）')
    line2: Optional[str] = Field(default=None, description='封面第二行（profile.cover_title_suffix 优先）')
    date: Optional[bool] = Field(default=None, description='封面是否印公开日期')
    show: Optional[bool] = Field(default=None, description='是否有封面（默认有）')


class Labels(_Strict):
    entity: Optional[str] = Field(default=None, description='表头左侧：部门：')
    entity_line: Optional[str] = Field(default=None, description="表头左侧整行（可用变量 entity、dept、short），如 “单位：{{ dept }}本级”")
    unit: Optional[str] = Field(default=None, description='表头右侧：单位：万元')
    vehicle: Optional[str] = Field(default=None, description='三公表和说明中的“公务用车购置及运行维护费”')
    vehicle_run: Optional[str] = Field(default=None, description='“公务用车运行维护费”')
    budget_word: Optional[str] = Field(default=None, description='五（三）中的“年初预算”')
    sangong_budget: Optional[str] = Field(default=None, description='三公说明中的“预算”')


class ChartDef(_Strict):
    title: str = Field(description='图表标题（也用于图题“图N：标题”）')
    labels: list[str] = Field(default_factory=list, description='柱状图的两个类别名')


class Column(_Strict):
    key: str = Field(description='来源表的列 key（表5：total、basic、project）')
    label: str = Field(description='表头文字')


class ExtraColumn(_Strict):
    """A column added to a 三公 table (t9, or a table ``from: t9``): a model figure printed next to
    公务接待费 in the 预算数 half (``budget``), the 决算数 half (``actual``) or both."""

    label: str = Field(description='表头文字，如 会议费')
    budget: Optional[str] = Field(default=None, description='预算数一半中此列印的数字名（见“表中可加列的数字”）；不写则预算数一半没有此列')
    actual: Optional[str] = Field(default=None, description='决算数一半中此列印的数字名；不写则决算数一半没有此列')

    @model_validator(mode="after")
    def _one(self):
        if self.budget is None and self.actual is None:
            raise ValueError("每一列至少写 budget 或 actual 之一（印在预算数或决算数一半中的数字）")
        return self


class TableDef(_Strict):
    """A table.  The nine standard tables need only their wording; a derived table names the
    standard table it is taken from (``from``), the column it shows and the row levels."""

    name: Optional[str] = Field(default=None, description='表名')
    notes: Optional[list[str]] = Field(default=None, description='表下的注')
    formulas: Optional[list[str]] = Field(default=None, description='注之后的栏次/行次公式说明（profile.notes_with_formulas: false 时不印）；三公表写 {{ no.b_total }} 等取各列的栏次，加列后仍正确')
    empty_text: Optional[str] = Field(default=None, description='表为空时表下的说明（可用变量）')
    from_: Optional[str] = Field(default=None, description='派生表取自的标准表（t1…t9）；写作 from')
    columns: Optional[list[Column]] = Field(default=None, description='派生表只列出的列（仅功能分类表 t2/t3/t5/t7/t8）')
    levels: Optional[list[Literal["total", "class", "section", "item"]]] = Field(default=None, description='派生表列出的行级次：total 合计、class 类、section 款、item 项')
    extra_columns: Optional[list[ExtraColumn]] = Field(default=None, description='三公表（t9 或 from: t9）在公务接待费之后加印的列，每列为模型中的一个数字（如会议费、培训费、机关运行经费）；合计仍为“三公”经费合计')

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    @model_validator(mode="before")
    @classmethod
    def _alias(cls, value):
        if isinstance(value, dict) and "from" in value:
            value = dict(value)
            value["from_"] = value.pop("from")
        return value


class PerfForm(_Strict):
    """The 项目绩效自评表's scale: 20 (预算执行) + 20 (总目标) + 60 (指标), or 20 + 80 without 总目标."""

    goal_row: bool = Field(default=True, description="印“项目绩效总目标”两行（20 + 80 分制不印）")
    goal_points: int = Field(default=20, description="总目标的分值")
    indicator_points: int = Field(default=60, description="年度绩效指标的分值合计（检查各项目指标分值之和）")


class Position(_Strict):
    after: Optional[str] = Field(default=None, description='放在此 id 之后')
    before: Optional[str] = Field(default=None, description='放在此 id 之前')
    into: Optional[str] = Field(default=None, description='放入此部分（章节列在最后）')

    @model_validator(mode="after")
    def _one(self):
        if sum(x is not None for x in (self.after, self.before, self.into)) != 1:
            raise ValueError("位置应为 after、before、into 之一")
        return self


class InsertOp(Position):
    section: Optional[SectionDef] = Field(default=None, description='插入的章节')
    part: Optional[PartDef] = Field(default=None, description='插入的部分')


class MoveOp(Position):
    id: str = Field(description='要移动的部分或章节 id')


class Layout(_Strict):
    extends: Optional[str] = Field(default=None, description='default：在内置布局基础上修改（只写不同之处）')
    fragments: Optional[str] = Field(default=None, description='本地区片段文件夹（默认：与布局文件同名的文件夹）')
    numbering: Optional[Numbering] = Field(default=None, description='编号格式')
    cover: Optional[Cover] = Field(default=None, description='封面')
    labels: Optional[Labels] = Field(default=None, description='表头和说明中的固定用语')
    charts: Optional[dict[str, ChartDef]] = Field(default=None, description='图表标题（按 id）')
    chart_caption: Optional[str] = Field(default=None, description='图题格式：{n} 图号，{title} 标题')
    tables: Optional[dict[str, TableDef]] = Field(default=None, description='各表的名称、注和派生表定义（按 id）')
    table_heading: Optional[str] = Field(default=None, description='表在目录和正文中的标题格式：{n} 表号，{cn} 中文数字，{name} 表名')
    table_caption: Optional[str] = Field(default=None, description='表上方的表名格式（{Y} 年度）；空字符串则不印')
    perf_notes: Optional[list[str]] = Field(default=None, description='绩效自评表下的备注')
    performance_form: Optional[PerfForm] = Field(default=None, description="项目绩效自评表的分值结构")
    extra_sections: Optional[list[SectionDef]] = Field(default=None, description='可按 id 引用但不在默认目录中的章节')
    parts: Optional[list[PartDef]] = Field(default=None, description='各部分（第N部分按位置编号）')
    # patch operations, applied in this order to the parts of the extended layout
    rename: Optional[dict[str, str]] = Field(default=None, description='改标题：{id: 新标题}（部分、章节或表）')
    drop: Optional[list[str]] = Field(default=None, description='删去的部分、章节或表的 id')
    insert: Optional[list[InsertOp]] = Field(default=None, description='插入章节或部分：after / before / into + section 或 part')
    move: Optional[list[MoveOp]] = Field(default=None, description='移动部分或章节：id + after / before / into')

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
        errs = exc.errors()
        # a misspelt key also leaves the key it stands for missing: name the misspelling
        err = next((e for e in errs if e["type"] == "extra_forbidden"), errs[0])
        loc = tuple("from" if k == "from_" else k for k in err["loc"])
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
                 source: str, data):
        self.layout = layout
        self.catalog = catalog
        self.fragment_dirs = fragment_dirs
        self.source = source        # file name for messages
        self._data = data           # the district's file as read (lines of keys and items)

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


# the kind's default layout, parsed and validated, by the text of its file: a district build
# lays out many documents with it (each gets its own deep copy, which the outline may change)
_DEFAULTS: dict[tuple[str, str], Layout] = {}


def _default_layout(path: Path) -> Layout:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        text = None                      # _read_yaml words the error
    key = (str(path), text)
    layout = _DEFAULTS.get(key) if text is not None else None
    if layout is None:
        layout = _validate(_read_yaml(path, "内置布局文件"), path.name)
        if text is not None:
            if len(_DEFAULTS) >= 8:
                _DEFAULTS.clear()
            _DEFAULTS[key] = layout
    return layout.model_copy(deep=True)


def load(kind_package: str, project) -> Resolved:
    """The layout of ``project``: the kind's default, or the project's ``layout`` file."""
    default_path = default_layout_path(kind_package)
    default = _default_layout(default_path)
    dirs = [default_fragments_dir(kind_package)]
    spec = getattr(project, "layout", None)
    if not spec:
        return Resolved(default, _catalog(default), dirs, default_path.name, None)
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
    resolved = Resolved(layout, catalog, dirs, path.name, data)
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


class FragmentEnvironment(ReportEnvironment):
    """The document's sandbox (allow-list, limits: :mod:`reportgen.render.sandbox`) for fragments:
    text out (the Word template escapes it when it prints the paragraph), blocks on lines of their
    own, and a newline inside a value kept as a line break rather than a new paragraph."""

    def __init__(self, dirs: list[Path]):
        super().__init__()
        self.loader = FragmentLoader([str(d) for d in dirs])
        self.autoescape = False
        self.lstrip_blocks = True

    def _finalize(self, value):
        value = super()._finalize(value)
        return value.replace("\n", _VALUE_NL) if isinstance(value, str) else value


def fragment_env(dirs: list[Path], formats) -> FragmentEnvironment:
    env = FragmentEnvironment(dirs)
    formats.install(env)
    return env


_VALUE_NL = "\x0b"


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
    except (TemplateLimit, TemplateRefused) as exc:
        line = getattr(exc, "lineno", None) or _tb_line(exc, name)
        raise InputError(f"片段 {name}.j2 中有不允许的写法：{exc.chinese}", Where(f"{name}.j2", line=line)) from None
    except jinja2.exceptions.SecurityError as exc:
        raise InputError(f"片段 {name}.j2 中有不允许的写法：{exc}", Where(f"{name}.j2", line=_tb_line(exc, name))) from None
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


# -- the reference ---------------------------------------------------------------------------

_MODELS = (("布局文件（顶层）", Layout), ("parts 的每一项", PartDef), ("sections / subsections 的每一项", SectionDef),
           ("blocks 的每一项", Block), ("tables 的每一项", TableDef), ("columns 的每一项", Column), ("extra_columns 的每一项", ExtraColumn),
           ("numbering", Numbering), ("cover", Cover), ("labels", Labels), ("charts 的每一项", ChartDef),
           ("performance_form", PerfForm), ("insert 的每一项", InsertOp), ("move 的每一项", MoveOp))


def _kv_fields(package: str, sheet_name: str):
    schema = import_module(f"{package}.schema").SCHEMA
    return schema.sheet(sheet_name).fields


def _type_name(ann) -> str:
    if isinstance(ann, type):
        return ann.__name__
    text = re.sub(r"(?:__main__|reportgen\.layout)\.", "", str(ann).replace("typing.", ""))
    text = re.sub(r"Optional\[(.*)\]$", r"\1", text)
    return text.replace("NoneType", "None")


def reference(kind: str = "决算") -> str:
    """The layout reference (``reportgen options --layout``, docs/layout-reference.md): every key of the schema with its meaning
    and default, and every id of the kind's default layout."""
    package = KIND_PACKAGES[kind]
    default = _validate(_read_yaml(default_layout_path(package), "内置布局文件"), "layout.yaml")
    lines = [f"# 布局文件参考（{kind}）", "",
             "由 `reportgen options --layout` 生成；请勿手改（`reportgen options --layout > docs/layout-reference.md`）。",
             "用法见 docs/adapting-layouts.md。", ""]
    for title, model in _MODELS:
        lines += [f"## {title}", "", "| 键 | 类型 | 默认 | 含义 |", "|---|---|---|---|"]
        for name, field in model.model_fields.items():
            key = "from" if name == "from_" else name
            dflt = "" if field.default is None else ("[]" if field.default_factory is list else repr(field.default))
            if field.is_required():
                dflt = "（必填）"
            lines.append(f"| `{key}` | `{_type_name(field.annotation)}` | {dflt} | {field.description or ''} |")
        lines.append("")
    catalog = _catalog(default)
    lines += ["## 内置布局中的 id", "", "| 种类 | id | 标题或名称 |", "|---|---|---|"]
    for p in default.parts or []:
        lines.append(f"| 部分 | `{p.id}` | {p.title or ''} |")
    for sid, sec in catalog.items():
        lines.append(f"| 章节 | `{sid}` | {sec.title or ''} |")
    for tid, t in (default.tables or {}).items():
        lines.append(f"| 表 | `{tid}` | {t.name or ''} |")
    for cid, c in (default.charts or {}).items():
        lines.append(f"| 图表 | `{cid}` | {c.title} |")
    for w in get_args(Block.model_fields["widget"].annotation)[0].__args__:
        lines.append(f"| 部件 | `{w}` | |")
    for name in fragment_names([default_fragments_dir(package)]):
        lines.append(f"| 片段 | `{name}` | fragments/{name}.j2 |")
    figures = getattr(import_module(f"{package}.schema"), "TABLE_FIGURES", ())
    if figures:
        lines += ["", "## 表中可加列的数字（extra_columns 的 budget / actual）", "",
                  "| 数字名 | 含义 | 在工作簿中填写的位置 |", "|---|---|---|"]
        for f in figures:
            where = f"工作表“{f.sheet}”的“{next(x.label for x in _kv_fields(package, f.sheet) if x.key == f.field)}”行"
            if f.default:
                where += f"（留空取{f.default}）"
            lines.append(f"| `{f.key}` | {f.label} | {where} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover - writes the reference page
    import sys

    sys.stdout.write(reference())
