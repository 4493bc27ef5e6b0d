"""预算: the document outline built from the chosen format (formats.yaml) — parts, sections, tables.

目录, body headings, table labels and the 第二部分 list are all rendered from this one object, so
they cannot disagree (E19–E21, E23).
"""
from __future__ import annotations

from ...compute import Section
from ...errors import InputError
from ...numerals import cn_ordinal

PART_NUMERALS = "一二三四五六七八九"


class Outline:
    def __init__(self, project, fmt: dict):
        self.fmt = fmt
        y = project.year
        names = {"dept": project.department, "short": project.short_name, "Y": y, "Y1": y - 1, "Y2": y + 2}
        titles = dict(fmt.get("titles") or {})

        def title(sid: str, default: str) -> str:
            return str(titles.get(sid, default)).format(**names)

        self.parts: list[Section] = []
        self.tables: list[Section] = []
        self.performance: list[Section] = []
        for i, pdef in enumerate(fmt["parts"], start=1):
            part = Section(pdef["id"], title(pdef["id"], pdef.get("title", "")), f"第{cn_ordinal(i)}部分 ", level=1)
            if pdef["id"] == "tables":
                n = 0
                for tid in pdef.get("tables", []):
                    n += 1
                    name = title(tid, fmt["table_names"][tid])
                    sec = Section(tid, name, f"{cn_ordinal(n)}、")
                    sec.no = n
                    sec.label = str(fmt.get("table_label", "")).format(n=n, **names)
                    sec.caption = str(fmt.get("table_title", "{name}")).format(name=name, **names)
                    sec.caption_short = f"{sec.label or n} {name}"[:31]
                    sec.name = name
                    self.tables.append(sec)
                    part.children.append(sec)
                if pdef.get("performance"):
                    for key in ("overall", "projects"):
                        n += 1
                        sec = Section(f"perf_{key}", title(f"perf_{key}", fmt["performance_titles"][key]),
                                      f"{cn_ordinal(n)}、")
                        self.performance.append(sec)
                        part.children.append(sec)
            else:
                for j, sdef in enumerate(pdef.get("sections", []), start=1):
                    sec = Section(sdef["id"], title(sdef["id"], sdef["title"]), f"{cn_ordinal(j)}、")
                    for k, cdef in enumerate(sdef.get("children", []), start=1):
                        sec.children.append(Section(cdef["id"], title(cdef["id"], cdef["title"]),
                                                    f"（{cn_ordinal(k)}）", level=3))
                    part.children.append(sec)
            self.parts.append(part)
        ids = [p.id for p in self.parts]
        if len(set(ids)) != len(ids):
            raise InputError(f"profile.parts 中有重复的部分：{ids}", project.where("profile"))

    def toc(self) -> list[dict]:
        out = []
        for part in self.parts:
            out.append({"level": 1, "text": part.heading})
            for sec in part.children:
                out.append({"level": 2, "text": sec.heading})
                for child in sec.children:
                    out.append({"level": 3, "text": child.heading})
        return out

    def part(self, pid: str) -> Section | None:
        return next((p for p in self.parts if p.id == pid), None)
