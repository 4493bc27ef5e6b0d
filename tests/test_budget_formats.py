"""Acceptance: the published formats are configuration, not code paths (budget spec §1.4).

"A test switches the same example to Format B by configuration alone and checks the part order and table
titles": the 新洲 2023 example is copied, ONLY ``profile: {format: B}`` is changed in its project file, and
the generated document must follow Format B (spec §1.3, src/reportgen/kinds/budget/formats.yaml B):

* parts 第一部分 部门预算公开说明 / 第二部分 一般公共预算“三公”经费预算情况说明 / 第三部分 名词解释 /
  第四部分 部门预算报表及预算绩效目标表 (the glossary before the tables), no cover, no 目录;
* tables labelled 公开表1 … 公开表8 with year-prefixed titles ("2023年部门收支预算总表" …), no 项目支出表;
* glossary numbered （一）… and ending with the 公开咨询电话 line;
* the cross-references of 三 / 四 ("详见公开表5", "详见公开表6") generated from the table list.

A second test shows a district override by configuration: ``profile: {format: A, titles: {contact: …}}``
renames 九、联系方式 in both the 目录 and the body.
"""
from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
import yaml
from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

from conftest import copy_example

DEPT = "武汉市新洲区人民政府办公室"
PROFILE_A = "profile:\n  format: A\n"


def _set_profile(project: Path, new_block: str) -> None:
    """Replace the example's ``profile`` block (and nothing else) in the copied project file."""
    text = project.read_text(encoding="utf-8")
    assert text.count(PROFILE_A) == 1, "the example's project file no longer has the block 'profile: {format: A}'"
    changed = text.replace(PROFILE_A, new_block)
    before, after = yaml.safe_load(text), yaml.safe_load(changed)
    assert {k: v for k, v in before.items() if k != "profile"} == \
        {k: v for k, v in after.items() if k != "profile"}, "only the profile block may change"
    assert after["profile"] == yaml.safe_load(new_block)["profile"]
    project.write_text(changed, encoding="utf-8")


def _build(folder: Path, profile_block: str):
    from reportgen.build import build

    project = copy_example(folder, "xinzhou-2023")
    _set_profile(project, profile_block)
    prepared, written = build(project, formats=("docx", "xlsx"))
    return prepared, Document(str(written["docx"])), Path(written["xlsx"])


def _styled(doc):
    return [(p.style.name if p.style is not None else "", p.text.strip()) for p in doc.paragraphs]


def _part(styled, prefix: str):
    start = next(i for i, (s, t) in enumerate(styled) if s == "Heading 1" and t.startswith(prefix))
    end = next((i for i in range(start + 1, len(styled)) if styled[i][0] == "Heading 1"), len(styled))
    return styled[start:end]


def _section(styled, heading: str) -> list[str]:
    i = next(k for k, (s, t) in enumerate(styled) if s.startswith("Heading") and t == heading)
    out = []
    for s, t in styled[i + 1:]:
        if s.startswith("Heading"):
            break
        if t:
            out.append(t)
    return out


# =============================================================================================
# Format B by configuration alone
# =============================================================================================

B_TABLES = [  # formats.yaml B: table_label "公开表{n}", table_title "{Y}年{name}", no 项目支出表
    "2023年部门收支预算总表",
    "2023年部门收入预算总表",
    "2023年部门支出预算总表",
    "2023年财政拨款收支预算总表",
    "2023年一般公共预算支出表",
    "2023年一般公共预算基本支出表",
    "2023年一般公共预算“三公”经费支出表",
    "2023年政府性基金预算支出表",
]


@pytest.fixture(scope="module")
def format_b(tmp_path_factory):
    return _build(tmp_path_factory.mktemp("xinzhou-format-b"), "profile:\n  format: B\n")


@pytest.fixture(scope="module")
def b_styled(format_b):
    return _styled(format_b[1])


def test_format_b_builds_without_errors(format_b):
    prepared = format_b[0]
    assert prepared.result.fmt["name"] == "B"
    assert not prepared.findings.errors, "\n".join(str(f) for f in prepared.findings.errors)


def test_format_b_part_order(b_styled):
    """Spec §1.1: in B the 三公 说明 is its own part and the glossary comes before the tables."""
    assert [t for s, t in b_styled if s == "Heading 1"] == [
        "第一部分 部门预算公开说明",
        "第二部分 一般公共预算“三公”经费预算情况说明",
        "第三部分 名词解释",
        "第四部分 部门预算报表及预算绩效目标表",
    ]


def test_format_b_has_no_cover_and_no_toc(format_b, b_styled):
    styles = {s for s, t in b_styled if t}
    assert not any(s.startswith("TOC") for s in styles), "B has no 目录"
    texts = [re.sub(r"\s+", "", t) for _s, t in b_styled]
    assert "目录" not in texts
    assert f"{DEPT}2023年部门预算" not in texts, "B has no cover title"
    first = next(t for s, t in b_styled if t)
    assert first == "第一部分 部门预算公开说明", f"the document starts with {first!r}, not with 第一部分"


def test_format_b_section_titles(b_styled):
    """Spec §1.3: B's own section titles and its 六 其他重要事项 with five sub-sections."""
    part1 = _part(b_styled, "第一部分")
    h2 = [t for s, t in part1 if s == "Heading 2"]
    assert h2 == ["一、基本情况", "二、收支预算总体安排情况", "三、一般公共预算安排情况", "四、一般公共预算基本支出情况",
                  "五、政府性基金预算财政拨款支出预算情况", "六、其他重要事项说明"], h2
    h3 = [t for s, t in part1 if s == "Heading 3"]
    assert h3 == ["（一）部门主要职责", "（二）部门预算单位构成情况", "（三）人员情况", "（一）机关运行经费情况",
                  "（二）政府采购预算情况", "（三）国有资产占有使用情况", "（四）预算绩效开展情况",
                  "（五）政府购买服务情况"], h3
    part2 = _part(b_styled, "第二部分")
    assert [t for s, t in part2 if s == "Heading 2"] == ["一、“三公”经费的单位范围",
                                                         "二、2023年一般公共预算“三公”经费预算情况"]


def _b_tables(doc):
    """[(label, title, unit line, has a table)] for every 公开表N label paragraph, in order."""
    out = []
    blocks = list(doc.iter_inner_content())
    for i, block in enumerate(blocks):
        if isinstance(block, Paragraph) and re.fullmatch(r"公开表\d+", block.text.strip()):
            following = []
            table = False
            for nxt in blocks[i + 1:]:
                if isinstance(nxt, Table):
                    table = True
                    break
                if nxt.text.strip():
                    following.append(nxt.text.strip())
            out.append((block.text.strip(), following[0] if following else "",
                        following[1] if len(following) > 1 else "", table))
    return out


def test_format_b_table_labels_and_titles(format_b, b_styled):
    tables = _b_tables(format_b[1])
    assert [lab for lab, *_ in tables] == [f"公开表{n}" for n in range(1, 9)], tables
    assert [title for _l, title, *_ in tables] == B_TABLES
    for lab, _t, unit, has_table in tables:
        assert unit.startswith(f"单位名称：{DEPT}") and "单位：万元" in unit, (lab, unit)
        assert has_table, f"{lab}: no table after its title"
    # the tables are in 第四部分, whose headings list the same tables (then the 绩效 tables)
    part4 = [t for s, t in _part(b_styled, "第四部分") if s == "Heading 2"]
    assert [re.sub(r"^[一二三四五六七八九十]+、", "", t) for t in part4[:8]] == \
        [t.removeprefix("2023年") for t in B_TABLES], part4
    assert not any("项目支出表" in t for _s, t in b_styled), "B has no 项目支出表"


def test_format_b_xlsx_sheets_follow_the_same_labels(format_b):
    wb = openpyxl.load_workbook(str(format_b[2]))
    assert [ws.title.split(" ", 1)[0] for ws in wb.worksheets] == [f"公开表{n}" for n in range(1, 9)], wb.sheetnames
    titles = [ws["A1"].value for ws in wb.worksheets]
    assert titles == B_TABLES, titles


def test_format_b_glossary_numbering_and_contact_line(b_styled):
    paras = [t for s, t in _part(b_styled, "第三部分")[1:] if t]
    terms = paras[:-1]
    numbers = [re.match(r"^（([一二三四五六七八九十]+)）", t) for t in terms]
    assert all(numbers), terms
    cn = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
    assert [m.group(1) for m in numbers] == cn[:len(terms)], [m.group(1) for m in numbers]
    assert len(terms) == 10, "B's glossary has 10 terms (spec §4)"
    assert paras[-1] == "公开咨询电话：86925015", paras[-1]


def test_format_b_cross_references_to_the_tables(b_styled):
    """Spec §3.3: "（按功能分类到项级详见公开表5）" in 三, "（按经济分类到款级详见公开表6）" in 四 — and
    公开表5 / 公开表6 are indeed the 一般公共预算支出表 / 基本支出表."""
    s3 = " ".join(_section(b_styled, "三、一般公共预算安排情况"))
    s4 = " ".join(_section(b_styled, "四、一般公共预算基本支出情况"))
    assert "详见公开表5" in s3, s3
    assert "详见公开表6" in s4, s4
    assert B_TABLES[4].endswith("一般公共预算支出表") and B_TABLES[5].endswith("一般公共预算基本支出表")


def test_format_b_uses_basic_project_model(b_styled):
    """B's spending model (spec §3.3): 基本支出 / 项目支出 instead of 人员类 / 运转类 / 特定目标类."""
    body = " ".join(t for _s, t in _part(b_styled, "第一部分"))
    assert "人员类项目支出" not in body and "特定目标类项目支出" not in body
    assert "（一）基本支出1,293.13万元" in body  # 一般公共预算支出表 基本支出 小计 as published (authoritative)
    assert "（二）项目支出304.53万元" in body


# =============================================================================================
# A district override by configuration (Format A + a renamed section)
# =============================================================================================


@pytest.fixture(scope="module")
def override(tmp_path_factory):
    block = "profile:\n  format: A\n  titles:\n    contact: 联系方式及地址\n"
    return _build(tmp_path_factory.mktemp("xinzhou-override"), block)


def test_override_renames_the_section_in_toc_and_body(override):
    styled = _styled(override[1])
    toc = [t for s, t in styled if s.startswith("TOC")]
    body = [t for s, t in styled if s.startswith("Heading")]
    assert "九、联系方式及地址" in toc, toc
    assert "九、联系方式及地址" in body, body
    assert "九、联系方式" not in toc and "九、联系方式" not in body
    assert _section(styled, "九、联系方式及地址") == [
        "部门单位地址：武汉市新洲区邾城街道红旗街14号", "联系人：李育琴", "联系电话：86925015"]
    # everything else of the outline unchanged: TOC = body headings, same count as the plain example
    assert toc == [t for s, t in styled if re.fullmatch(r"Heading [123]", s)]


def test_format_b_has_three_tables_per_project_with_b_indicator_names(format_b, b_styled):
    # budget spec §5.2 B: 项目基本信息表 → 项目预算资金投入表 → 项目绩效目标评价指标表, one set per project;
    # §5.3 B: 一级 项目产出/项目效益, 二级 coded 01…09 — mapped from the one stored classification
    _prepared, doc, _xlsx = format_b
    titles = [t for s, t in b_styled if s == "附件标题"]
    triples = [t for t in titles if t in ("项目基本信息表", "项目预算资金投入表", "项目绩效目标评价指标表")]
    assert triples == ["项目基本信息表", "项目预算资金投入表", "项目绩效目标评价指标表"] * 10
    assert "部门项目申报表（含绩效目标）" not in titles
    assert titles[0] == "2023年部门整体绩效目标申报表"
    headers = [[c.text for c in t.rows[0].cells] for t in doc.tables]
    assert headers.count(["一级目标", "二级目标", "明细指标内容", "指标值", "指标说明"]) == 10
    levels = {(t.rows[i].cells[0].text, t.rows[i].cells[1].text) for t in doc.tables
              if [c.text for c in t.rows[0].cells] == ["一级目标", "二级目标", "明细指标内容", "指标值", "指标说明"]
              for i in range(1, len(t.rows))}
    assert ("项目产出", "01产出数量") in levels and ("项目效益", "09服务对象满意度") in levels
    assert all(a in ("项目产出", "项目效益") for a, _b in levels)
    # the money block of the first project: 区政务服务便民热线办理中心运行经费, 50.00, detail lines sum to it
    money = next(t for t in doc.tables if t.rows[0].cells[0].text == "项目总金额")
    assert [c.text for c in money.rows[0].cells][1:4:2] == ["50.00", "50.00"]
