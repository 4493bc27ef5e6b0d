"""决算: the document outline (parts, sections, table order) as data.

The 目录 and the body headings are both rendered from the object built here, so they cannot
disagree (E31).  District variants change titles, section order, table order and optional
sections through the project file's ``profile`` — never through code.
"""
from __future__ import annotations

from ...compute import Section
from ...numerals import cn_ordinal

TABLE_NAMES = {
    "t1": "收入支出决算总表",
    "t2": "收入决算表",
    "t3": "支出决算表",
    "t4": "财政拨款收入支出决算总表",
    "t5": "一般公共预算财政拨款支出决算表",
    "t6": "一般公共预算财政拨款基本支出决算明细表",
    "t7": "政府性基金预算财政拨款收入支出决算表",
    "t8": "国有资本经营预算财政拨款支出决算表",
    "t9": "财政拨款“三公”经费支出决算表",
}
DEFAULT_TABLE_ORDER = ("t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9")

PART3 = (
    ("total", "收入支出决算总体情况说明", ()),
    ("income", "收入决算情况说明", ()),
    ("expense", "支出决算情况说明", ()),
    ("fiscal", "财政拨款收入支出决算总体情况说明", ()),
    ("gpb", "一般公共预算财政拨款支出决算情况说明", (
        ("gpb_overall", "一般公共预算财政拨款支出决算总体情况"),
        ("gpb_structure", "一般公共预算财政拨款支出决算结构情况"),
        ("gpb_detail", "一般公共预算财政拨款支出决算具体情况"),
    )),
    ("basic", "一般公共预算财政拨款基本支出决算情况说明", ()),
    ("fund", "政府性基金预算财政拨款收入支出决算情况说明", ()),
    ("soe", "国有资本经营预算财政拨款支出决算情况说明", ()),
    ("sangong", "财政拨款“三公”经费支出决算情况说明", (
        ("sangong_overall", "“三公”经费财政拨款支出决算总体情况说明"),
        ("sangong_detail", "“三公”经费财政拨款支出决算具体情况说明"),
    )),
    ("admin", "机关运行经费支出说明", ()),
    ("procurement", "政府采购支出说明", ()),
    ("assets", "国有资产占用情况说明", ()),
    ("performance", "预算绩效情况说明", (
        ("perf_work", "预算绩效管理工作开展情况"),
        ("perf_overall", "部门（单位）整体支出自评结果"),
        ("perf_projects", "项目支出自评结果"),
        ("perf_application", "绩效自评结果应用情况"),
    )),
    ("special", "专项支出、转移支付支出情况说明", ()),
)
DEFAULT_PART3 = tuple(sid for sid, _t, _c in PART3 if sid != "special")
# sections that follow the position of their table in the table order
TABLE_SECTIONS = {"t7": "fund", "t8": "soe", "t9": "sangong"}


def _numbered(sections: list[Section]) -> list[Section]:
    for i, sec in enumerate(sections, start=1):
        sec.number = f"{cn_ordinal(i)}、"
        for j, child in enumerate(sec.children, start=1):
            child.number = f"（{cn_ordinal(j)}）"
    return sections


class Outline:
    """Parts and sections of one document, numbered once."""

    def __init__(self, project, titles: dict | None = None):
        profile = project.profile
        self.year = project.year
        self.dept = project.department
        self.titles = {**(titles or {}), **(profile.get("titles") or {})}
        self.table_order = tuple(profile.get("table_order") or DEFAULT_TABLE_ORDER)
        unknown = [t for t in self.table_order if t not in TABLE_NAMES]
        if unknown or sorted(self.table_order) != sorted(DEFAULT_TABLE_ORDER):
            from ...errors import InputError

            raise InputError(f"profile.table_order 应为 t1…t9 九张表的一个排列，现为 {list(self.table_order)}",
                             project.where("profile"))
        self.show_table_no = profile.get("toc_show_table_no", True)
        self.title_style = profile.get("table_title_style", "year")

        # 第二部分: one section per table, numbered by position
        self.tables = []
        for i, tid in enumerate(self.table_order, start=1):
            name = self.titles.get(tid, TABLE_NAMES[tid])
            suffix = f"（表{i}）" if self.show_table_no else ""
            sec = Section(tid, f"{name}{suffix}", f"{cn_ordinal(i)}、")
            sec.no = i
            sec.name = name
            sec.caption = (f"{self.year}年度{name}（表{i}）" if self.title_style == "year"
                           else f"{cn_ordinal(i)}、{name}")
            self.tables.append(sec)

        # 第三部分: default list, sections tied to tables ordered like their tables
        ids = list(profile.get("part3_sections") or DEFAULT_PART3)
        tied = [TABLE_SECTIONS[t] for t in self.table_order if t in TABLE_SECTIONS]
        slots = [i for i, sid in enumerate(ids) if sid in tied]
        present = [sid for sid in tied if sid in ids]
        for slot, sid in zip(slots, present):
            ids[slot] = sid
        known = {sid: (title, children) for sid, title, children in PART3}
        part3 = []
        for sid in ids:
            if sid not in known:
                from ...errors import InputError

                raise InputError(f"profile.part3_sections 中的“{sid}”不是已知的说明章节（可用：{'、'.join(known)}）",
                                 project.where("profile"))
            title, children = known[sid]
            part3.append(Section(sid, self.titles.get(sid, title), children=[
                Section(cid, self.titles.get(cid, ctitle), level=3) for cid, ctitle in children]))
        self.part3 = _numbered(part3)

        self.part1 = _numbered([
            Section("functions", self.titles.get("functions", "部门主要职能")),
            Section("units", self.titles.get("units", "部门决算单位构成")),
        ])
        part4_title = ((project.texts.get("part4") or {}).get("title")
                       or self.titles.get("part4", f"{self.year}年重点工作完成情况"))
        self.parts = [
            Section("p1", self.titles.get("p1", f"{self.dept}概况"), "第一部分 ", level=1, children=self.part1),
            Section("p2", self.titles.get("p2", f"{self.dept}{self.year}年度部门决算表"), "第二部分 ", level=1,
                    children=self.tables),
            Section("p3", self.titles.get("p3", f"{self.dept}{self.year}年度部门决算情况说明"), "第三部分 ",
                    level=1, children=self.part3),
            Section("p4", part4_title, "第四部分 ", level=1),
            Section("p5", self.titles.get("p5", "名词解释"), "第五部分 ", level=1),
            Section("p6", self.titles.get("p6", "附件"), "第六部分 ", level=1),
        ]

    def part(self, pid: str) -> Section:
        return next(p for p in self.parts if p.id == pid)

    def toc(self) -> list[dict]:
        """The 目录 entries: every part, and the L1 sections of parts 一 to 三."""
        out = []
        for part in self.parts:
            out.append({"level": 1, "text": part.heading})
            if part.id in ("p1", "p2", "p3"):
                out.extend({"level": 2, "text": s.heading} for s in part.children)
        return out
