"""决算: the context the Word template reads.

Everything here is arrangement (rows zipped side by side, headings, labels); the figures come
from :mod:`.compute` unchanged.  The template words and lays them out.
"""
from __future__ import annotations

import itertools
from pathlib import Path

from ... import glossary as G
from ...errors import InputError, Where
from ...money import ZERO
from ...numerals import cn_ordinal
from ...render.tables import func_rows
from . import schema as S
from .compute import FinalAccounts
from .outline import Outline

NOTES = {
    "t1": ["注：1. 本表反映部门本年度的总收支和年末结转结余情况。", "2. 本套报表金额单位转换时可能存在尾数误差。",
           "27行=（1+2+3+4+5+6+7+8）行；31行=（27+28+29）行；58行=（32+33+…+57）行；62行=（58+59+60）行。"],
    "t2": ["注：本表反映部门本年度取得的各项收入情况。", "1栏各行=（2+3+4+5+6+7）栏各行。"],
    "t3": ["注：本表反映部门本年度各项支出情况。", "1栏各行=（2+3+4+5+6）栏各行。"],
    "t4": ["注：本表反映部门本年度一般公共预算财政拨款、政府性基金预算财政拨款和国有资本经营预算财政拨款的总支出和年末结转结余情况。",
           "27行=（1+2+3）行；28行=（29+30+31）行；32行=（27+28）行；59行=（33+34+…+58）行；64行=（59+60）行。"],
    "t5": ["注：本表反映部门本年度一般公共预算财政拨款支出情况。", "1栏各行=（2+3）栏各行。"],
    "t6": ["注：本表反映部门本年度一般公共预算财政拨款基本支出明细情况。"],
    "t7": ["注：本表反映部门本年度政府性基金预算财政拨款收入、支出及结转和结余情况。",
           "6栏各行=（1+2-3）栏各行；3栏各行=（4+5）栏各行。"],
    "t8": ["注：本表反映部门本年度国有资本经营预算财政拨款支出情况。", "1栏各行=（2+3）栏各行。"],
    "t9": ["注：本表反映部门本年度财政拨款“三公”经费支出预决算情况。其中，预算数为“三公”经费全年预算数，"
           "反映按规定程序调整后的预算数；决算数是包括当年财政拨款和以前年度结转资金安排的实际支出。",
           "1栏=（2+3+6）栏；3栏=（4+5）栏；7栏=（8+9+12）栏；9栏=（10+11）栏。"],
}

PERF_NOTES = [
    "备注：1. 预算执行情况口径：预算数为调整后财政资金总额（包括上年结余结转），执行数为资金使用单位财政资金执行总额。",
    "2. 定量指标完成数汇总原则：绝对值直接累加计算，相对值按照资金额度加权平均计算。定量指标计分原则：正向指标（即目标值为≥X，"
    "得分=权重×B/A），反向指标（即目标值为≤X，得分=权重×A/B），得分不得突破权重总额。",
    "3. 定性指标计分原则：达成预期指标、部分达成预期指标、未达成预期指标三档，分别按照该指标对应分值区间100%-80%（≥80%）、"
    "80%-50%（≥50%，<80%）、50%-0%（<50%）合理确定分值。汇总时，以资金额度为权重，对分值进行加权平均计算。",
    "4. 基于经济性和必要性等因素考虑，满意度指标暂可不作为必评指标。",
]


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


def build_context(fa: FinalAccounts, project, codes, embeds, charts: dict, outline: Outline) -> dict:
    profile = project.profile
    tables = {}
    for sec in outline.tables:
        tid = sec.id
        entry = {"section": sec, "notes": NOTES[tid] if profile.get("notes_with_formulas", True) else NOTES[tid][:1]}
        t = getattr(fa, tid)
        if tid in ("t2", "t3", "t5", "t7", "t8"):
            entry["rows"] = func_rows(t.rows)
            entry["empty"] = t.empty
        elif tid in ("t1", "t4"):
            entry["rows"] = _fixed_rows(t, t.sheet)
        elif tid == "t6":
            entry["rows"] = _econ_rows(t)
            entry["personnel"] = t.personnel
            entry["public"] = t.public
        else:
            entry["v"] = t.values
        tables[tid] = entry
    who = project.short_name or "本单位"
    tables["t7"]["empty_text"] = f"{project.year}年度{who}无政府性基金预算财政拨款收入支出。"
    tables["t8"]["empty_text"] = f"{project.year}年度{who}无国有资本经营预算财政拨款支出。"

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
    n_builtin = 2
    for i, att in enumerate(project.attachments, start=n_builtin + 1):
        attachments.append({"heading": f"{cn_ordinal(i)}、{att['title']}",
                            "subdoc": _subdoc(embeds, att["path"], project.where("attachments"))})

    perf = fa.s["performance"]
    # number the overall indicators within their goal, for 指标n labels
    counters: dict = {}
    for ind in perf["overall"]["indicators"]:
        counters[ind["goal"]] = counters.get(ind["goal"], 0) + 1
        ind["n"] = counters[ind["goal"]]

    suffix = profile.get("cover_title_suffix", "部门决算公开")
    date = project.publish_date
    texts = dict(project.texts)
    texts.setdefault("functions", [])
    texts.setdefault("units", [])
    perf_texts = dict(texts.get("performance") or {})
    perf_texts.setdefault("overall_comment", "")
    perf_texts.setdefault("application", [])
    perf_texts.setdefault("work", "")
    texts.setdefault("staffing", "")
    texts["performance"] = perf_texts
    texts.setdefault("special_transfer", "")
    return {
        "Y": project.year, "Y1": project.year - 1, "dept": project.department, "short": who,
        "phone": project.phone,
        "title": f"{project.year}年度{project.department}{suffix}",   # the document Title property
        "cover": {"title_line1": f"{project.year}年度{project.department}",
                  "title_line2": suffix,
                  "date": f"{date.year}年{date.month}月{date.day}日" if date else ""},
        "toc": outline.toc(),
        "parts": {p.id: p for p in outline.parts},
        "tables": tables,
        "labels": {
            "entity": profile.get("entity_label", "部门："),
            "unit": profile.get("unit_label", "单位：万元"),
            "vehicle": profile.get("vehicle_term", "公务用车购置及运行维护费"),
            "vehicle_run": profile.get("vehicle_run_term", "公务用车运行维护费"),
            "budget_word": profile.get("budget_word", "年初预算"),
            "sangong_budget": profile.get("sangong_budget_word", "预算"),
        },
        "yoy": bool(profile.get("yoy_in_income_expense", False)),
        "s": fa.s,
        "texts": texts,
        "part4": _part4(project, embeds),
        "glossary": glossary,
        "attachments": attachments,
        "charts": charts,
        "perf_notes": PERF_NOTES,
        "ZERO": ZERO,
    }
