"""决算: the document outline, built from the layout (``layout.yaml`` and a district's file).

The 目录 and the body headings are both rendered from the object built here, so they cannot
disagree (E31).  Numbering (第N部分, 一、, （一）, 表N) follows from position.  The older
``profile`` switches (titles, table_order, part3_sections, table_title_style, toc_show_table_no)
are applied to the layout as the equivalent edits.
"""
from __future__ import annotations

from ... import layout as L
from ...compute import Section
from ...errors import InputError
from ...numerals import cn_ordinal

PACKAGE = "reportgen.kinds.final_accounts"
STANDARD_TABLES = ("t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9")
FUNC_TABLES = ("t2", "t3", "t5", "t7", "t8")


def _fmt(pattern: str, n: int, **kw) -> str:
    return pattern.format(n=n, cn=cn_ordinal(n), **kw)


class Outline:
    """Parts, sections and tables of one document, numbered once."""

    def __init__(self, project, formats=None):
        from ...render.filters import Formats

        self.project = project
        self.year = project.year
        self.dept = project.department
        self.resolved = L.load(PACKAGE, project)
        lay = self.resolved.layout
        self.layout = lay
        self.env = L.fragment_env(self.resolved.fragment_dirs, formats or Formats(project.profile))
        self.fragments = L.fragment_names(self.resolved.fragment_dirs)
        profile = project.profile
        titles = dict(profile.get("titles") or {})
        self.table_defs = dict(lay.tables or {})
        self._apply_profile(profile)
        texts = dict(project.texts)
        texts.setdefault("part4", {})
        part4 = dict(texts["part4"] or {})
        part4.setdefault("title", "")
        texts["part4"] = part4
        self.title_ctx = {"Y": project.year, "Y1": project.year - 1, "dept": project.department,
                          "short": project.short_name or "本单位", "texts": texts}
        num = lay.numbering or L.Numbering()
        self.numbering = num
        # list items in fragments: {{ loop.index|item }} → "1. " (numbering.item)
        self.env.filters["item"] = lambda n: _fmt(num.item, int(n))

        self.parts: list[Section] = []
        self.tables: list[Section] = []
        # the layout data of each part/section (blocks) and table (definition), by id: kept off the
        # Section objects, which the templates read and which hold plain data only
        self.blocks: dict[str, list[L.Block]] = {}
        self.definitions: dict[str, L.TableDef] = {}
        table_no = 0
        for pi, pdef in enumerate(lay.parts or [], start=1):
            title = titles.get(pdef.id) or self._text(pdef.title or "", "parts", pi - 1, "title")
            part = Section(pdef.id, title, _fmt(num.part, pi), level=1)
            self.blocks[pdef.id] = self._blocks(pdef.blocks, ("parts", pi - 1, "blocks"))
            part.page_break = pdef.page_break
            part.landscape = pdef.landscape if pdef.landscape is not None else bool(pdef.tables)
            part.is_tables = bool(pdef.tables)
            heading = pdef.table_heading or lay.table_heading
            caption = pdef.table_caption or lay.table_caption
            for tj, tid in enumerate(pdef.tables):
                tdef = self.table_defs.get(tid)
                if tdef is None:
                    raise InputError(f"布局中的表“{tid}”没有定义{L._nearest(tid, self.table_defs)}",
                                     self.resolved.where("parts", pi - 1, "tables", tj))
                table_no += 1
                name = titles.get(tid) or tdef.name or tid
                # the heading pattern holds the numbering of a table (一、… （表1）, 表1 …)
                sec = Section(tid, _fmt(heading, table_no, name=name, Y=self.year))
                sec.no = table_no
                sec.name = name
                sec.caption = _fmt(caption, table_no, name=name, Y=self.year)
                self.definitions[tid] = tdef
                part.children.append(sec)
                self.tables.append(sec)
            for si, sdef in enumerate(pdef.sections, start=1):
                part.children.append(self._section(sdef, si, 2, ("parts", pi - 1, "sections", si - 1), titles))
            self.parts.append(part)
        self._check_tables()
        self._check_unique()

    # -- building --------------------------------------------------------------------------

    def _text(self, source: str, *loc, extra: dict | None = None) -> str:
        if "{" not in source:
            return source
        ctx = {**self.title_ctx, **extra} if extra else self.title_ctx
        return L.render_string(self.env, source, ctx, self.resolved.where(*loc))

    def _section(self, sdef: L.SectionDef, n: int, level: int, loc: tuple, titles: dict) -> Section:
        base = self.resolved.catalog.get(sdef.id)
        custom = sdef.blocks is not None or sdef.subsections is not None
        if base is None and not custom:
            known = list(self.resolved.catalog)
            raise InputError(f"布局中的章节“{sdef.id}”不是已知的章节{L._nearest(sdef.id, known)}"
                             "（自定义章节须写出 blocks）", self.resolved.where(*loc))
        title = sdef.title or (base.title if base else None) or ""
        blocks = sdef.blocks if sdef.blocks is not None else (base.blocks if base and sdef.subsections is None else [])
        subs = sdef.subsections if sdef.subsections is not None else (
            base.subsections if base and sdef.blocks is None else [])
        pattern = self.numbering.section if level == 2 else self.numbering.subsection
        title = titles.get(sdef.id) or self._text(title, *loc, "title")
        sec = Section(sdef.id, title, _fmt(pattern, n), level=level)
        self.blocks[sdef.id] = self._blocks(blocks or [], loc + ("blocks",))
        sec.follows_table = sdef.follows_table or (base.follows_table if base else None)
        for j, sub in enumerate(subs or [], start=1):
            sec.children.append(self._section(sub, j, 3, loc + ("subsections", j - 1), titles))
        return sec

    def _blocks(self, blocks, loc) -> list[L.Block]:
        for i, b in enumerate(blocks):
            if b.fragment is not None and b.fragment not in self.fragments:
                raise InputError(f"找不到片段“{b.fragment}”{L._nearest(b.fragment, self.fragments)}"
                                 "（片段是 fragments 文件夹中的 .j2 文件）", self.resolved.where(*loc, i))
            if b.chart is not None and b.chart not in (self.layout.charts or {}):
                raise InputError(f"未知的图表“{b.chart}”{L._nearest(b.chart, self.layout.charts or {})}",
                                 self.resolved.where(*loc, i))
        return list(blocks)

    def _apply_profile(self, profile: dict) -> None:
        """The profile switches of earlier versions, as layout edits."""
        lay = self.layout
        if profile.get("table_title_style") == "numbered":
            lay.table_caption = "{cn}、{name}"
        if profile.get("toc_show_table_no") is False:
            lay.table_heading = lay.table_heading.replace("（表{n}）", "")
        order = profile.get("table_order")
        tables_part = next((p for p in lay.parts or [] if p.tables), None)
        if order:
            order = list(order)
            if tables_part is None or sorted(order) != sorted(tables_part.tables):
                raise InputError(f"profile.table_order 应为 t1…t9 九张表的一个排列，现为 {order}",
                                 self.project.where("profile"))
            tables_part.tables = order
        ids = profile.get("part3_sections")
        p3 = next((p for p in lay.parts or [] if p.id == "p3"), None)
        if ids and p3 is not None:
            for sid in ids:
                if sid not in self.resolved.catalog:
                    known = [s for s in self.resolved.catalog if "_" not in s]
                    raise InputError(f"profile.part3_sections 中的“{sid}”不是已知的说明章节（可用：{'、'.join(known)}）",
                                     self.project.where("profile"))
            p3.sections = [L.SectionDef(id=sid) for sid in ids]
        # sections tied to a table (基金, 国资, 三公) follow the order of their tables
        if tables_part is not None:
            for part in lay.parts or []:
                tied = {}
                for s in part.sections:
                    follows = s.follows_table or getattr(self.resolved.catalog.get(s.id), "follows_table", None)
                    if follows:
                        tied[s.id] = follows
                if len(tied) < 2:
                    continue
                slots = [i for i, s in enumerate(part.sections) if s.id in tied]
                ordered = sorted((part.sections[i] for i in slots),
                                 key=lambda s: tables_part.tables.index(tied[s.id])
                                 if tied[s.id] in tables_part.tables else 99)
                for i, s in zip(slots, ordered):
                    part.sections[i] = s

    def _check_tables(self) -> None:
        for sec in self.tables:
            d = self.definitions[sec.id]
            if sec.id not in STANDARD_TABLES and not d.from_:
                raise InputError(f"表“{sec.id}”不是标准表（t1…t9），须用 from 写明它取自哪张标准表",
                                 self.resolved.where("tables", sec.id))
            if d.from_ and d.from_ not in STANDARD_TABLES:
                raise InputError(f"表“{sec.id}”的 from 应为 t1…t9 之一{L._nearest(d.from_, STANDARD_TABLES)}",
                                 self.resolved.where("tables", sec.id, "from"))
            if d.columns and d.from_ not in FUNC_TABLES:
                raise InputError(f"表“{sec.id}”：只有按功能分类的表（{'、'.join(FUNC_TABLES)}）可以选列（columns）",
                                 self.resolved.where("tables", sec.id, "columns"))
            if d.columns:
                from .schema import SCHEMA

                sheet = next(sh for sh in SCHEMA.sheets if getattr(sh, "table", "") == d.from_)
                keys = [c.key for c in sheet.columns]
                for i, col in enumerate(d.columns):
                    if col.key not in keys:
                        raise InputError(f"表“{sec.id}”的列“{col.key}”不是 {d.from_} 的列{L._nearest(col.key, keys)}",
                                         self.resolved.where("tables", sec.id, "columns", i, "key"))

            if d.extra_columns:
                from .schema import TABLE_FIGURES

                if (d.from_ or sec.id) != "t9":
                    raise InputError(f"表“{sec.id}”：只有三公表（t9 或 from: t9）可以加列（extra_columns）",
                                     self.resolved.where("tables", sec.id, "extra_columns"))
                figures = {f.key: f for f in TABLE_FIGURES}
                known = list(figures)
                for i, col in enumerate(d.extra_columns):
                    for half in ("budget", "actual"):
                        key = getattr(col, half)
                        if key is not None and key not in known:
                            raise InputError(f"表“{sec.id}”加列“{col.label}”的 {half}：“{key}”不是可加列的数字"
                                             f"{L._nearest(key, known)}（见 docs/layout-reference.md）",
                                             self.resolved.where("tables", sec.id, "extra_columns", i, half))
                        if key is not None and figures[key].half != half:
                            fits = [k for k, f in figures.items() if f.half == half]
                            raise InputError(f"表“{sec.id}”加列“{col.label}”的 {half}：“{key}”是{figures[key].label}，"
                                             f"不能印在{'预算数' if half == 'budget' else '决算数'}一半"
                                             f"（{half} 可用：{'、'.join(fits)}）",
                                             self.resolved.where("tables", sec.id, "extra_columns", i, half))

    def _check_unique(self) -> None:
        seen: dict[str, tuple] = {}

        def visit(sec, loc):
            if sec.id in seen:
                raise InputError(f"布局中的 id“{sec.id}”出现了两次；每个部分、章节和表的 id 只能用一次",
                                 self.resolved.where(*loc))
            seen[sec.id] = loc
            for j, child in enumerate(c for c in sec.children if c not in self.tables):
                visit(child, loc + ("sections" if sec.level == 1 else "subsections", j))

        for i, part in enumerate(self.parts):
            visit(part, ("parts", i))
            for j, t in enumerate(c for c in part.children if c in self.tables):
                if t.id in seen:
                    raise InputError(f"布局中的 id“{t.id}”出现了两次；每个部分、章节和表的 id 只能用一次",
                                     self.resolved.where("parts", i, "tables", j))
                seen[t.id] = ("parts", i, "tables", j)

    # -- reading ---------------------------------------------------------------------------

    def part(self, pid: str) -> Section:
        return next(p for p in self.parts if p.id == pid)

    def sections(self):
        """(part, section) for every section of every part, in document order (tables excluded)."""
        for part in self.parts:
            for sec in part.children:
                if sec not in self.tables:
                    yield part, sec

    def widgets(self) -> set[str]:
        """The template widgets the layout uses (part4, perf_tables, attachments)."""
        out = set()

        def visit(sec):
            out.update(b.widget for b in self.blocks.get(sec.id, []) if b.widget)
            for child in sec.children:
                visit(child)

        for part in self.parts:
            visit(part)
        return out

    def toc(self) -> list[dict]:
        """The 目录 entries: every part and, down to ``numbering.toc_depth``, its sections and tables."""
        depth = self.numbering.toc_depth     # 0: no 目录
        out = []

        def walk(sec, level):
            if level > depth:
                return
            out.append({"level": level, "text": sec.heading})
            for c in sec.children:
                walk(c, level + 1)

        for part in self.parts:
            walk(part, 1)
        return out
