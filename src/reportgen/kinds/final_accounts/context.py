"""决算: the context the Word template reads.

Everything here is arrangement (rows zipped side by side, headings, labels); the figures come
from :mod:`.compute` unchanged.  The template words and lays them out.
"""
from __future__ import annotations

import itertools
from pathlib import Path

from ... import glossary as G
from ... import layout as L
from ...errors import InputError, Where
from ...money import ZERO
from ...numerals import cn_ordinal
from ...render.sandbox import template_data
from ...render.tables import func_rows
from . import schema as S
from .compute import FinalAccounts
from .outline import Outline

def _fixed_rows(table, sheet: S.FixedTableSheet) -> list[dict]:
    out = []
    for left, right in itertools.zip_longest(sheet.left_rows, sheet.right_rows):
        row = {"l_label": "", "l_no": "", "l_v": None, "r_label": "", "r_no": "", "r_v": {}}
        if left:
            row.update(l_label=left.label, l_no=left.no, l_v=table.left.get(left.no, {}).get("amount"))
        if right:
            vals = table.right.get(right.no, {})
            row.update(r_label=right.label, r_no=right.no, r_v={c.key: vals.get(c.key) for c in sheet.right_columns})
        out.append(row)
    return out


def _econ_rows(t6) -> list[dict]:
    blocks = [rows for _g, rows in t6.blocks]
    out = []
    for line in itertools.zip_longest(*blocks):
        row = {}
        for b, item in enumerate(line):
            code, name, amount = item if item else ("", "", None)
            row.update({f"c{b}": code, f"n{b}": name, f"v{b}": amount})
        out.append(row)
    return out


def _part4(project, embeds) -> dict:
    p4 = project.texts.get("part4") or {}
    sections = []
    for i, sec in enumerate(p4.get("sections") or [], start=1):
        if not isinstance(sec, dict):
            raise InputError("texts.part4.sections 的每一项应含 title 和 paragraphs", project.where("texts", "part4"))
        subs = []
        for j, sub in enumerate(sec.get("subsections") or [], start=1):
            subs.append({"number": f"（{cn_ordinal(j)}）", "title": str(sub.get("title") or ""),
                         "paragraphs": [str(p) for p in (sub.get("paragraphs") or [])]})
        sections.append({"number": f"{cn_ordinal(i)}、", "title": str(sec.get("title") or ""),
                         "paragraphs": [str(p) for p in (sec.get("paragraphs") or [])], "subsections": subs})
    subdoc = None
    if p4.get("docx"):
        path = project.path.parent / str(p4["docx"])
        subdoc = _subdoc(embeds, path, project.where("texts", "part4"))
    table = [{"item": str(r.get("item", "")), "content": str(r.get("content", "")), "status": str(r.get("status", ""))}
             for r in (p4.get("table") or [])]
    return {"sections": sections, "table": table, "subdoc": subdoc}


def _subdoc(embeds, path: Path, where: Where):
    """A .docx inserted whole, as the marker the template prints (see render.docx.Embeds)."""
    if not path.exists():
        raise InputError(f"找不到要插入的 Word 文件：{path}", where)
    try:
        return embeds.subdoc(path)
    except Exception as exc:  # noqa: BLE001 - python-docx raises assorted errors on bad files
        raise InputError(f"无法读取要插入的 Word 文件 {path.name}（{exc.__class__.__name__}）", where) from None


def table_notes(outline: Outline, tid: str, with_formulas: bool) -> list[str]:
    """The notes under a table, then its 栏次 formulas.  The 三公 table's formulas name its columns
    by ``no.<key>`` (their 栏次), so they stay right when a layout adds columns to it."""
    d = outline.table_defs[tid]
    notes = list(d.notes or [])
    if with_formulas:
        notes += list(d.formulas or [])
    extra = {"no": sangong_numbers(d)} if (d.from_ or tid) == "t9" else None
    return [outline._text(n, "tables", tid, "notes", extra=extra) for n in notes]


def _sangong_order(d):
    """The columns of a 三公 table in print order: (half, key, label, extra, formula) — each half's six t9
    columns, then its extra ones of the layout (``extra_columns``), 预算数 before 决算数.  A figure may stand
    in both halves (机关运行经费) or twice: columns are numbered by position, never by key."""
    for half, prefix, attr in (("预算数", "b_", "budget"), ("决算数", "a_", "actual")):
        for c in S.T9.columns:
            if c.key.startswith(prefix):
                yield half, c.key, c.label, False, c.formula
        for x in (d.extra_columns or []) if d is not None else []:
            key = getattr(x, attr)
            if key is not None:
                yield half, key, x.label, True, ()


def sangong_numbers(d) -> dict[str, int]:
    """栏次 of the six standard columns of each half of a 三公 table (``no.b_total`` … in its formulas)."""
    return {key: no for no, (_h, key, _l, extra, _f) in enumerate(_sangong_order(d), start=1) if not extra}


def sangong_columns(fa, d) -> tuple[list[dict], list[dict]]:
    """The columns of a 三公 table with the layout's ``extra_columns``: each half's six standard
    columns, then its extra ones (a figure not entered is None: printed blank, never 0).  Each
    column: 栏次 ``no``, ``half`` (预算数/决算数), ``key`` (t9's key, or the figure's), ``label``,
    ``v`` and, for an extra column, ``extra`` True."""
    halves: dict[str, list[dict]] = {"预算数": [], "决算数": []}
    for no, (half, key, label, extra, formula) in enumerate(_sangong_order(d), start=1):
        halves[half].append({"no": no, "half": half, "key": key, "label": label, "extra": extra,
                             "v": fa.figures[key].value if extra else fa.t9[key], "formula": formula})
    return halves["预算数"], halves["决算数"]


def _derived_rows(fa, d) -> list[dict]:
    """A table derived from 表5 (功能分类): the chosen column, the chosen row levels, rows
    without an amount left out."""
    source = getattr(fa, d.from_)
    cols = [c.key for c in d.columns or []]
    levels = set(d.levels or ("total", "class", "section", "item"))
    rows = []
    for r in func_rows(source.rows):
        if r["level"] not in levels:
            continue
        if not any(r["v"].get(k) for k in cols):
            continue
        rows.append({**r, "v": {k: r["v"].get(k) for k in cols}})
    return rows


def build_context(fa: FinalAccounts, project, codes, embeds, charts: dict, outline: Outline) -> dict:
    profile = project.profile
    lay = outline.layout
    who = project.short_name or "本单位"
    with_formulas = profile.get("notes_with_formulas", True)
    tables = {}
    for sec in outline.tables:
        tid = sec.id
        d = outline.definitions[tid]
        entry = {"section": sec, "notes": table_notes(outline, tid, with_formulas)}
        if d.from_ and d.columns:
            entry["rows"] = _derived_rows(fa, d)
            entry["columns"] = [c.model_dump() for c in d.columns]
            entry["shape"] = "func1"
            tables[tid] = entry
            continue
        src = d.from_ or tid            # a copy of a standard table under another id and title
        t = getattr(fa, src)
        entry["shape"] = src
        if src in ("t2", "t3", "t5", "t7", "t8"):
            entry["rows"] = func_rows(t.rows)
            entry["empty"] = t.empty
        elif src in ("t1", "t4"):
            entry["rows"] = _fixed_rows(t, t.sheet)
        elif src == "t6":
            entry["rows"] = _econ_rows(t)
            entry["personnel"] = t.personnel
            entry["public"] = t.public
        else:
            entry["v"] = t.values
            if d.extra_columns:         # the 三公 table with columns the layout adds
                b, a = sangong_columns(fa, d)
                entry["shape"] = "t9x"
                entry["cols"] = [{"no": c["no"], "v": c["v"]} for c in b + a]
                entry["extra_b"] = [c["label"] for c in b if c["extra"]]
                entry["extra_a"] = [c["label"] for c in a if c["extra"]]
                entry["span_b"], entry["span_a"] = len(b), len(a)
        empty_text = d.empty_text or outline.table_defs[src].empty_text
        if empty_text:
            entry["empty_text"] = outline._text(empty_text, "tables", tid, "empty_text")
        tables[tid] = entry
    for tid in ("t7", "t8"):   # the template reads them even when a layout leaves a table out
        tables.setdefault(tid, {"empty": getattr(fa, tid).empty, "empty_text": ""})
        tables[tid].setdefault("empty_text", "")

    present = {
        "一般公共预算财政拨款收入": fa.t1.value(1) != 0,
        "政府性基金预算财政拨款收入": fa.t1.value(2) != 0,
        "国有资本经营预算财政拨款收入": fa.t1.value(3) != 0,
        "上级补助收入": fa.t1.value(4) != 0, "事业收入": fa.t1.value(5) != 0,
        "经营收入": fa.t1.value(6) != 0, "其他收入": fa.t1.value(8) != 0,
        "使用非财政拨款结余": fa.t1.value(28) != 0, "年初结转和结余": fa.t1.value(29) != 0,
        "结余分配": fa.t1.value(59) != 0, "年末结转和结余": fa.t1.value(60) != 0,
        "经营支出": fa.t3.total["operating"] != 0,
    }
    glossary = G.build("决算", project, fa.used_item_codes, codes["function"], present)

    attachments = []
    # the attached files are numbered after the two 自评表 (一、二、) when the layout prints them
    n_builtin = 2 if "perf_tables" in outline.widgets() else 0
    for i, att in enumerate(project.attachments, start=n_builtin + 1):
        attachments.append({"heading": f"{cn_ordinal(i)}、{att['title']}",
                            "subdoc": _subdoc(embeds, att["path"], project.where("attachments"))})

    perf = fa.s["performance"]
    # number the overall indicators within their goal, for 指标n labels
    counters: dict = {}
    for ind in perf["overall"]["indicators"]:
        counters[ind["goal"]] = counters.get(ind["goal"], 0) + 1
        ind["n"] = counters[ind["goal"]]

    cover = lay.cover or L.Cover()
    date = project.publish_date
    texts = dict(outline.title_ctx["texts"])
    texts.setdefault("functions", [])
    texts.setdefault("units", [])
    perf_texts = dict(texts.get("performance") or {})
    perf_texts.setdefault("overall_comment", "")
    perf_texts.setdefault("application", [])
    perf_texts.setdefault("work", "")
    texts.setdefault("staffing", "")
    texts["performance"] = perf_texts
    texts.setdefault("special_transfer", "")
    label_defaults = (lay.labels or L.Labels()).model_dump()
    profile_keys = {"entity": "entity_label", "unit": "unit_label", "vehicle": "vehicle_term",
                    "vehicle_run": "vehicle_run_term", "budget_word": "budget_word",
                    "sangong_budget": "sangong_budget_word"}
    labels = {k: profile.get(pk, label_defaults.get(k) or "") for k, pk in profile_keys.items()}
    labels["entity_line"] = L.render_string(outline.env, label_defaults.get("entity_line") or "{{ entity }}{{ dept }}",
                                            {**outline.title_ctx, "entity": labels["entity"]},
                                            outline.resolved.where("labels", "entity_line"))
    ctx = {
        "Y": project.year, "Y1": project.year - 1, "dept": project.department, "short": who,
        "phone": project.phone,
        "cover": {"title_line1": outline._text(cover.line1 or "", "cover", "line1"),
                  "title_line2": profile.get("cover_title_suffix") or outline._text(cover.line2 or "", "cover", "line2"),
                  "date": f"{date.year}年{date.month}月{date.day}日" if date and cover.date is not False else "",
                  "show": cover.show is not False},
        "toc": outline.toc(),
        "toc_depth": outline.numbering.toc_depth,
        "parts": {p.id: p for p in outline.parts},
        "tables": tables,
        "labels": labels,
        "yoy": bool(profile.get("yoy_in_income_expense", False)),
        "s": fa.s,
        "texts": texts,
        "part4": _part4(project, embeds),
        "glossary": glossary,
        "attachments": attachments,
        "charts": charts,
        "perf_notes": [outline._text(n, "perf_notes") for n in lay.perf_notes or []],
        "perf_form": (lay.performance_form or L.PerfForm()).model_dump(),
        # 表6 amounts by 经济分类 code (30215 会议费, 30216 培训费, …), for a district's own fragments
        "econ": {code: amount for _g, rows in fa.t6.blocks for code, _n, amount in rows},
        "ZERO": ZERO,
    }
    ctx["title"] = ctx["cover"]["title_line1"] + ctx["cover"]["title_line2"]   # the document Title property
    ctx["flow"] = flow(outline, ctx)
    return ctx


def flow(outline: Outline, ctx: dict) -> list[dict]:
    """The body as one list of items (headings, paragraphs, charts, tables, widgets, breaks) in
    document order; the Word template lays out each kind of item."""
    lay = outline.layout
    out: list[dict] = []
    figure = 0
    landscape = False
    data = template_data(ctx)          # fragments read plain data only, like the Word template

    def blocks(sec_blocks, sec):
        nonlocal figure
        for b in sec_blocks:
            if b.fragment is not None:
                for style, text in L.render_fragment(outline.env, b.fragment, {**data, "sec": sec}):
                    out.append({"kind": "p", "style": style, "text": text})
            elif b.chart is not None:
                figure += 1
                cdef = lay.charts[b.chart]
                out.append({"kind": "chart", "image": ctx["charts"].get(b.chart, ""),
                            "caption": (lay.chart_caption or "{title}").format(n=figure, title=cdef.title)})
            elif b.widget is not None:
                out.append({"kind": b.widget})
            elif b.page_break:
                out.append({"kind": "break"})

    def section(sec):
        out.append({"kind": f"h{sec.level}", "text": sec.heading})
        blocks(outline.blocks.get(sec.id, []), sec)
        for sub in sec.children:
            section(sub)

    for i, part in enumerate(outline.parts):
        if part.landscape and not landscape:
            out.append({"kind": "end_portrait"})
        elif landscape and not part.landscape:
            out.append({"kind": "end_landscape"})
        elif i > 0 and part.page_break:
            out.append({"kind": "break"})
        landscape = part.landscape
        out.append({"kind": "h1t" if part.is_tables else "h1", "text": part.heading})
        blocks(outline.blocks.get(part.id, []), part)
        for j, sec in enumerate(part.children):
            if sec in outline.tables:
                if j > 0:
                    out.append({"kind": "break"})
                t = ctx["tables"][sec.id]
                out.append({"kind": "table", "tid": sec.id, "shape": t["shape"], "t": t})
            else:
                section(sec)
    if landscape:
        out.append({"kind": "end_landscape"})   # the empty section after it is dropped (render.docx)
    return out
