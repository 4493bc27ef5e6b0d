"""Issue 12: layouts as data.  The three example layouts of data/layouts/ (L1 柞水, L2 云南, L3 曾都 of
/work/shared/docs/layouts.md) build from the 江汉区 2022 figures; each document's heading sequence is
typed here from the published outlines (years as 2022), and its 目录 equals its headings.  A misspelt
key or an unknown id at each level of a layout file exits 2 naming the file, the line and the nearest
known key or id.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from conftest import copy_example
from reportgen.build import build, prepare
from reportgen.cli import main

ROOT = Path(__file__).resolve().parents[1]
LAYOUTS = ROOT / "data" / "layouts"
HEADINGS = ("Heading 1", "Heading 2", "Heading 3", "表标题")


def copy_layout_example(dest: Path, name: str) -> Path:
    """data/layouts/<name>.yaml, its fragments folder and its project, with ../jianghan-2022.xlsx."""
    (dest / "layouts").mkdir(parents=True)
    shutil.copy(ROOT / "data" / "jianghan-2022.xlsx", dest / "jianghan-2022.xlsx")
    shutil.copy(LAYOUTS / f"{name}.yaml", dest / "layouts" / f"{name}.yaml")
    if (LAYOUTS / name).is_dir():
        shutil.copytree(LAYOUTS / name, dest / "layouts" / name)
    project = dest / "layouts" / f"{name}-jianghan-2022.yaml"
    text = (LAYOUTS / project.name).read_text(encoding="utf-8")
    project.write_text(text.replace("dir: ../../output/layouts", "dir: out"), encoding="utf-8")
    return project


@pytest.fixture(scope="module", params=["zhashui", "yunnan", "zengdu"])
def example(request, tmp_path_factory):
    project = copy_layout_example(tmp_path_factory.mktemp(request.param), request.param)
    prepared, written = build(project, formats=("docx", "xlsx"), echo=lambda *_: None)
    doc = Document(str(written["docx"]))
    prepared.xlsx = written["xlsx"]
    return request.param, prepared, doc


def headings(doc) -> list[str]:
    return [f"{p.style.name[-1] if p.style.name.startswith('Heading') else '表'} {p.text}"
            for p in doc.paragraphs if p.style.name in HEADINGS]


def _tables(names, heading, caption=None):
    out = []
    for n, name in enumerate(names, start=1):
        out.append("2 " + heading.format(n=n, cn="一二三四五六七八九十"[n - 1] if n <= 10 else "十一", name=name))
        if caption:
            out.append("表 " + caption.format(n=n, name=name))
    return out


L1_TABLES = ["收入支出决算总表", "收入决算总表", "支出决算总表", "财政拨款收入支出决算总表",
             "一般公共预算财政拨款支出决算表", "一般公共预算财政拨款基本支出决算表",
             "一般公共预算财政拨款“三公”经费及会议费、培训费支出决算表",
             "政府性基金预算财政拨款收入支出决算表", "国有资本经营预算财政拨款支出决算表"]
L2_TABLES = ["收入支出决算表", "收入决算表", "支出决算表", "财政拨款收入支出决算表",
             "一般公共预算财政拨款收入支出决算表", "一般公共预算财政拨款基本支出决算表",
             "一般公共预算财政拨款项目支出决算表", "政府性基金预算财政拨款收入支出决算表",
             "国有资本经营预算财政拨款收入支出决算表", "财政拨款“三公”经费、行政参公单位机关运行经费情况表",
             "一般公共预算财政拨款“三公”经费情况表"]
L3_TABLES = ["收入支出决算总表", "收入决算表", "支出决算表", "财政拨款收入支出决算总表",
             "一般公共预算财政拨款支出决算表", "一般公共预算财政拨款基本支出决算表",
             "一般公共预算财政拨款“三公”经费支出决算表", "政府性基金预算财政拨款收入支出决算表",
             "国有资本经营预算财政拨款支出决算表"]
GPB_SUBS = ["3 （一）一般公共预算财政拨款支出决算总体情况", "3 （二）一般公共预算财政拨款支出决算结构情况",
            "3 （三）一般公共预算财政拨款支出决算具体情况"]
SANGONG_SUBS = ["3 （一）“三公”经费财政拨款支出决算总体情况说明", "3 （二）“三公”经费财政拨款支出决算具体情况说明"]
PERF_SUBS = ["3 （一）预算绩效管理工作开展情况", "3 （二）部门（单位）整体支出自评结果", "3 （三）项目支出自评结果",
             "3 （四）绩效自评结果应用情况"]

EXPECTED = {
    "zhashui": [
        "1 第一部分 部门概况", "2 一、部门主要职责及内设机构", "2 二、部门决算单位构成", "2 三、部门人员情况",
        "1 第二部分 2022年部门决算表",
        *_tables(L1_TABLES, "{cn}、{name}", "2022年度{name}"),
        "1 第三部分 2022年部门决算情况说明", "2 一、收入支出决算总体情况说明",
        "2 二、2022年度财政拨款收入支出总体情况说明", "2 三、2022年度“三公”经费、培训费及会议费支出情况说明",
        "2 四、2022年度部门绩效管理情况说明", "2 五、其他重要事项的情况说明",
        "1 第四部分 专业名词解释",
    ],
    "yunnan": [
        "1 第一部分 部门概况", "2 一、主要职责", "2 二、基本情况", "2 三、重点工作概述",
        "1 第二部分 2022年度部门决算表",
        *_tables(L2_TABLES, "{cn}、{name}", "2022年度{name}（表{n}）"),
        "1 第三部分 2022年度部门决算情况说明", "2 一、收入决算情况说明", "2 二、支出决算情况说明",
        "2 三、一般公共预算财政拨款支出决算情况说明", *GPB_SUBS, "3 （四）一般公共预算财政拨款基本支出决算情况",
        "2 四、财政拨款“三公”经费支出决算情况说明", *SANGONG_SUBS,
        "1 第四部分 其他重要事项及相关口径情况说明", "2 一、机关运行经费支出情况", "2 二、国有资产占用情况",
        "2 三、政府采购支出情况", "2 四、部门绩效自评情况", *PERF_SUBS, "2 五、其他重要事项情况说明",
        "2 六、相关口径说明",
        "1 第五部分 名词解释",
    ],
    "zengdu": [
        "1 第一部分 基本情况", "2 一、部门主要职能", "2 二、部门和所属预算单位机构设置情况", "2 三、人员构成情况",
        "1 第二部分 2022年度部门决算情况说明", "2 一、2022年度收入支出决算总体及增减变动情况",
        "2 二、2022年度财政拨款支出决算情况",
        "2 三、2022年度一般公共决算财政拨款安排的“三公”经费支出决算及增减变动情况说明", *SANGONG_SUBS,
        "2 四、2022年度政府性基金支出决算情况", "2 五、2022年度国有资本经营预算支出决算情况",
        "1 第三部分 其他重要事项情况说明", "2 一、关于机关运行经费支出说明", "2 二、关于政府采购支出说明",
        "2 三、关于国有资产占用情况说明", "2 四、关于2022年度预算绩效情况的说明", *PERF_SUBS,
        "2 五、政府购买服务情况",
        "1 第四部分 名词解释",
        "1 第五部分 2022年度部门决算公开报表（见附件）",
        *_tables(L3_TABLES, "表{n} {name}"),
    ],
}


def test_heading_sequence(example):
    name, _prepared, doc = example
    assert headings(doc) == EXPECTED[name]


def test_toc_equals_headings(example):
    _name, _prepared, doc = example
    styled = [(p.style.name, p.text) for p in doc.paragraphs]
    for level in (1, 2):
        toc = [t for s, t in styled if s == f"TOC {level}"]
        body = [t for s, t in styled if s == f"Heading {level}"]
        assert toc == body and toc


def test_check_passes(example):
    name, prepared, _doc = example
    assert prepared.findings.errors == [], name


@pytest.mark.parametrize("example", ["yunnan"], indirect=True)
def test_yunnan_project_table_derives_from_table5(example):
    name, _prepared, doc = example
    assert name == "yunnan"
    # 表7: 表5's 项目支出 column by 功能分类 (reference 表5: 2010302 100.88, 2010399 136.13, 2130599 2,907.92)
    rows = [[c.text for c in r.cells] for r in doc.tables[7].rows]
    assert rows == [
        ["功能分类科目编码", "科目名称", "项目支出"], ["类 款 项", "栏次", "1"],
        ["", "合计", "3,144.93"],
        ["201", "一般公共服务支出", "237.01"], ["20103", "政府办公厅（室）及相关机构事务", "237.01"],
        ["2010302", "一般行政管理事务", "100.88"], ["2010399", "其他政府办公厅（室）及相关机构事务支出", "136.13"],
        ["213", "农林水支出", "2,907.92"], ["21305", "巩固脱贫衔接乡村振兴", "2,907.92"],
        ["2130599", "其他巩固脱贫衔接乡村振兴支出", "2,907.92"],
    ]


def test_xlsx_has_every_table_of_the_layout_in_its_order(example):
    """The .xlsx lists the layout's tables with their 表号 and names (derived tables included), and a
    table printed without a caption takes its name as the sheet title."""
    import openpyxl

    name, prepared, _doc = example
    names = {"zhashui": L1_TABLES, "yunnan": L2_TABLES, "zengdu": L3_TABLES}[name]
    wb = openpyxl.load_workbook(prepared.xlsx)
    assert wb.sheetnames == [f"表{n} {t}"[:31] for n, t in enumerate(names, start=1)]
    titles = [wb[s].cell(row=1, column=1).value for s in wb.sheetnames]
    if name == "zengdu":
        assert titles == names
    elif name == "yunnan":
        assert titles[6] == "2022年度一般公共预算财政拨款项目支出决算表（表7）"
        rows = list(wb[wb.sheetnames[6]].iter_rows(min_row=5, values_only=True))
        assert [(r[0], r[2]) for r in rows[:4]] == [(None, 3144.93), ("201", 237.01), ("20103", 237.01),
                                                     ("2010302", 100.88)]


@pytest.mark.parametrize("example", ["zengdu"], indirect=True)
def test_zengdu_tables_last_on_landscape_pages_without_a_blank_page(example):
    name, _prepared, doc = example
    assert name == "zengdu"
    from docx.enum.section import WD_ORIENT

    assert [s.orientation for s in doc.sections] == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE]
    assert doc.paragraphs[-1].style.name in ("表注", "正文")   # the document ends with the last table's notes


# -- errors: a misspelt key or an unknown id at each level -----------------------------------------

@pytest.fixture()
def with_layout(tmp_path):
    project = copy_example(tmp_path)
    with project.open("a", encoding="utf-8") as f:
        f.write("layout: my-layout.yaml\n")

    def run(text: str):
        (tmp_path / "my-layout.yaml").write_text(text, encoding="utf-8")
        result = CliRunner().invoke(main, ["check", str(project)])
        return result.exit_code, result.output.strip().splitlines()[-1]
    return run


@pytest.mark.parametrize("text, message", [
    ("extends: default\ntabels: {}\n",
     "错误：my-layout.yaml 第2行：布局文件中未知的设置项“tabels”，是否应为“tables”？"),
    ("extends: default\nparts:\n  - id: p1\n    titel: 概况\n",
     "错误：my-layout.yaml 第4行：布局文件中未知的设置项“parts[0].titel”，是否应为“title”？"),
    ("extends: default\nparts:\n  - id: p1\n    sections:\n      - {id: functions, blokcs: [functions]}\n",
     "错误：my-layout.yaml 第5行：布局文件中未知的设置项“parts[0].sections[0].blokcs”，是否应为“blocks”？"),
    ("extends: default\nparts:\n  - id: p3\n    sections:\n      - id: total\n        subsections:\n"
     "          - {id: a, title: 甲, blocks: [total], folows_table: t9}\n",
     "错误：my-layout.yaml 第7行：布局文件中未知的设置项“parts[0].sections[0].subsections[0].folows_table”，"
     "是否应为“follows_table”？"),
    ("extends: default\nparts:\n  - id: p3\n    sections:\n      - {id: x, title: 新, blocks: [{chart: total, pgae_break: true}]}\n",
     "错误：my-layout.yaml 第5行：布局文件中未知的设置项“parts[0].sections[0].blocks[0].pgae_break”，"
     "是否应为“page_break”？"),
    ("extends: default\ntables:\n  t2: {nmae: 收入表}\n",
     "错误：my-layout.yaml 第3行：布局文件中未知的设置项“tables.t2.nmae”，是否应为“name”？"),
    ("extends: default\nnumbering: {sectoin: '{n}.'}\n",
     "错误：my-layout.yaml 第2行：布局文件中未知的设置项“numbering.sectoin”，是否应为“section”？"),
    ("extends: default\nparts:\n  - id: p3\n    sections:\n      - total\n      - incme\n",
     "错误：my-layout.yaml 第6行：布局中的章节“incme”不是已知的章节，是否应为“income”？（自定义章节须写出 blocks）"),
    ("extends: default\nparts:\n  - id: p3\n    sections:\n      - {id: x, title: 新, blocks: [expnse]}\n",
     "错误：my-layout.yaml 第5行：找不到片段“expnse”，是否应为“expense”？（片段是 fragments 文件夹中的 .j2 文件）"),
    ("extends: default\nparts:\n  - id: p2\n    tables: [t1, t2, t33]\n",
     "错误：my-layout.yaml 第4行：布局中的表“t33”没有定义，是否应为“t3”？"),
    ("extends: default\ndrop: [p1, sangnog]\n",
     "错误：my-layout.yaml 第2行：布局文件中的“sangnog”不是当前布局中的部分或章节，是否应为“sangong”？"),
    ("extends: default\ntables:\n  t9:\n    extra_columns:\n      - {lable: 会议费, actual: meeting}\n",
     "错误：my-layout.yaml 第5行：布局文件中未知的设置项“tables.t9.extra_columns[0].lable”，是否应为“label”？"),
    ("extends: default\ntables:\n  t9:\n    extra_columns:\n      - {label: 会议费, actual: meting}\n",
     "错误：my-layout.yaml 第5行：表“t9”加列“会议费”的 actual：“meting”不是可加列的数字，是否应为“meeting”？"
     "（见 docs/layout-reference.md）"),
    ("extends: default\ntables:\n  t9:\n    extra_columns:\n      - {label: 会议费}\n",
     "错误：my-layout.yaml 第5行：布局文件中“tables.t9.extra_columns[0]”有误：每一列至少写 budget 或 actual 之一"
     "（印在预算数或决算数一半中的数字）"),
    ("extends: default\ntables:\n  t9:\n    extra_columns:\n      - {label: 会议费, budget: meeting}\n",
     "错误：my-layout.yaml 第5行：表“t9”加列“会议费”的 budget：“meeting”是会议费决算数，不能印在预算数一半"
     "（budget 可用：meeting_budget、training_budget）"),
    ("extends: default\ntables:\n  t5: {extra_columns: [{label: 会议费, actual: meeting}]}\n",
     "错误：my-layout.yaml 第3行：表“t5”：只有三公表（t9 或 from: t9）可以加列（extra_columns）"),
])
def test_misspelt_key_or_unknown_id_exits_2(with_layout, text, message):
    code, last = with_layout(text)
    assert (code, last) == (2, message)


def test_patch_operations(with_layout, tmp_path):
    """rename, drop, insert a custom section with its own fragment, move the tables after the 说明."""
    (tmp_path / "my-layout").mkdir()
    (tmp_path / "my-layout" / "org.j2").write_text(
        "{{ dept }}内设{{ texts.custom.offices|length }}个科室：{{ texts.custom.offices|join('、') }}。\n",
        encoding="utf-8")
    project = tmp_path / "jianghan-2022.yaml"
    text = project.read_text(encoding="utf-8").replace(
        "  units: []\n", "  units: []\n  custom:\n    offices: [秘书科, 综合科]\n", 1)
    project.write_text(text, encoding="utf-8")
    code, _ = with_layout(
        "extends: default\n"
        "rename: {p3: 部门决算情况说明, units: 机构设置}\n"
        "drop: [p6, assets]\n"
        "insert:\n  - after: units\n    section: {id: org, title: 内设机构, blocks: [org]}\n"
        "move:\n  - {id: p2, after: p5}\n")
    assert code == 0
    prepared = prepare(project)
    outline = prepared.outline
    assert [p.heading for p in outline.parts] == [
        "第一部分 武汉市江汉区人民政府办公室概况", "第二部分 部门决算情况说明", "第三部分 2022年重点工作完成情况",
        "第四部分 名词解释", "第五部分 武汉市江汉区人民政府办公室2022年度部门决算表"]
    assert [s.heading for s in outline.parts[0].children] == ["一、部门主要职能", "二、机构设置", "三、内设机构"]
    assert [s.heading for s in outline.parts[1].children][-2:] == ["十一、政府采购支出说明", "十二、预算绩效情况说明"]
    assert outline.tables[0].heading == "一、收入支出决算总表（表1）"
    from reportgen import layout as L

    assert L.render_fragment(outline.env, "org", {"dept": "区政府办", "texts": {"custom": {"offices": ["秘书科", "综合科"]}}}) \
        == [("正文", "区政府办内设2个科室：秘书科、综合科。")]


def test_district_fragment_overrides_the_default_by_name(with_layout, tmp_path):
    (tmp_path / "my-layout").mkdir()
    (tmp_path / "my-layout" / "admin.j2").write_text(
        "{{ Y }}年度本部门机关运行经费{{ s.admin.amount|amt }}万元。\n", encoding="utf-8")
    code, _ = with_layout("extends: default\n")
    assert code == 0
    prepared, written = build(tmp_path / "jianghan-2022.yaml", formats=("docx",), echo=lambda *_: None)
    texts = [p.text for p in Document(str(written["docx"])).paragraphs]
    i = len(texts) - 1 - texts[::-1].index("十、机关运行经费支出说明")   # the heading, not the 目录 entry
    # 表6 公用经费合计 89.82 (the example's 机关运行经费 defaults to it)
    assert texts[i + 1] == "2022年度本部门机关运行经费89.82万元。"


def test_exported_default_layout_builds_the_same_document(tmp_path):
    """`reportgen layout-export` copies the default; a project pointing at the copy gets the same
    body, and an edited copy of a fragment changes exactly its paragraph."""
    result = CliRunner().invoke(main, ["layout-export", str(tmp_path / "district")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "district" / "layout.yaml").is_file()
    frag = tmp_path / "district" / "layout" / "soe.j2"
    frag.write_text(frag.read_text(encoding="utf-8").replace("本部门", "本单位"), encoding="utf-8")
    project = copy_example(tmp_path / "p")
    default = build(project, formats=("docx",), echo=lambda *_: None)[1]["docx"]
    before = [(p.style.name, p.text) for p in Document(str(default)).paragraphs]
    with project.open("a", encoding="utf-8") as f:
        f.write("layout: ../district/layout.yaml\n")
    after = [(p.style.name, p.text) for p in
             Document(str(build(project, formats=("docx",), echo=lambda *_: None)[1]["docx"])).paragraphs]
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    assert len(before) == len(after)
    assert changed == [(("正文", "本部门2022年度无国有资本经营预算财政拨款支出。"),
                        ("正文", "本单位2022年度无国有资本经营预算财政拨款支出。"))]
    again = CliRunner().invoke(main, ["layout-export", str(tmp_path / "district")])
    assert again.exit_code == 2
    assert "文件已存在，未复制任何文件（不会覆盖已有文件）" in again.output


def test_fragment_lines_styles_and_continuations(tmp_path):
    from reportgen import layout as L
    from reportgen.render.filters import Formats

    (tmp_path / "f.j2").write_text(
        "{% for x in items %}\n"
        "[小标题] {{ loop.index }}. {{ x.name }}\n"
        "{{ x.name }}支出{{ x.amount|amt }}万元，\\\n"
        "{% if x.note %}{{ x.note }}{% endif %}完成。\n"
        "{% endfor %}\n"
        "{{ definition }}\n", encoding="utf-8")
    env = L.fragment_env([tmp_path], Formats({}))
    from decimal import Decimal

    got = L.render_fragment(env, "f", {"items": [{"name": "甲", "amount": Decimal("1234.5"), "note": "另计"},
                                                 {"name": "乙", "amount": Decimal("2"), "note": ""}],
                                       "definition": "第一段\n1. 第二段"})
    assert got == [("小标题", "1. 甲"), ("正文", "甲支出1,234.50万元，另计完成。"),
                   ("小标题", "2. 乙"), ("正文", "乙支出2.00万元，完成。"),
                   ("正文", "第一段\n1. 第二段")]   # a newline inside a value stays a line break


def test_fragment_with_an_unknown_variable_names_fragment_and_line(with_layout, tmp_path):
    (tmp_path / "my-layout").mkdir()
    (tmp_path / "my-layout" / "admin.j2").write_text(
        "{{ Y }}年度机关运行经费\n{{ s.admin.amont|amt }}万元。\n", encoding="utf-8")
    code, last = with_layout("extends: default\n")       # check renders too (what build does short of writing)
    assert code == 2 and last.startswith("错误：admin.j2 第2行：片段 admin.j2 使用了不存在的变量：") and "amont" in last
    result = CliRunner().invoke(main, ["build", str(tmp_path / "jianghan-2022.yaml")])
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1] == last
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.docx"))


def test_layout_reference_is_generated_and_lists_every_key_and_id():
    from reportgen import layout as L

    text = L.reference()
    assert (ROOT / "docs" / "layout-reference.md").read_text(encoding="utf-8") == text, \
        "docs/layout-reference.md is stale: reportgen options --layout > docs/layout-reference.md"
    assert CliRunner().invoke(main, ["options", "--layout"]).output == text
    for _title, model in L._MODELS:
        for name in model.model_fields:
            key = "from" if name == "from_" else name
            assert f"| `{key}` |" in text, (model.__name__, key)
    for sid in ("total", "gpb_detail", "sangong", "perf_application", "special", "functions", "units"):
        assert f"| 章节 | `{sid}` |" in text
    for tid in ("t1", "t9"):
        assert f"| 表 | `{tid}` |" in text
    assert "| 片段 | `glossary` | fragments/glossary.j2 |" in text


def test_an_id_used_twice_is_an_error(with_layout):
    code, last = with_layout("extends: default\nparts:\n  - id: p3\n    sections:\n      - total\n      - income\n"
                             "      - {id: total, title: 又一个, blocks: [total]}\n")
    assert (code, last) == (2, "错误：my-layout.yaml 第7行：布局中的 id“total”出现了两次；每个部分、章节和表的 id 只能用一次")


def test_profile_outline_switches_still_apply(tmp_path):
    """The profile keys of earlier versions act on the layout: table_order (the 说明 sections of 七/八/九
    follow), part3_sections (special adds 十四), titles, table_title_style, toc_show_table_no."""
    project = copy_example(tmp_path)
    with project.open("a", encoding="utf-8") as f:
        f.write("profile:\n  table_order: [t1, t2, t3, t4, t5, t6, t9, t7, t8]\n"
                "  part3_sections: [total, income, expense, fiscal, gpb, basic, fund, soe, sangong, admin,"
                " procurement, assets, performance, special]\n"
                "  table_title_style: numbered\n  toc_show_table_no: false\n"
                "  titles: {p5: 专业名词解释, t9: 三公经费表, admin: 机关运行经费说明}\n")
    outline = prepare(project).outline
    toc = [e["text"] for e in outline.toc()]
    assert toc[10:13] == ["七、三公经费表", "八、政府性基金预算财政拨款收入支出决算表", "九、国有资本经营预算财政拨款支出决算表"]
    assert toc[20:23] == ["七、财政拨款“三公”经费支出决算情况说明", "八、政府性基金预算财政拨款收入支出决算情况说明",
                          "九、国有资本经营预算财政拨款支出决算情况说明"]
    assert toc[23] == "十、机关运行经费说明" and toc[27] == "十四、专项支出、转移支付支出情况说明"
    assert toc[29] == "第五部分 专业名词解释"
    assert [t.caption for t in outline.tables][6] == "七、三公经费表"


def test_performance_form_20_plus_80(with_layout, tmp_path):
    """A 20 + 80 自评表: no 总目标 rows, 80 points of indicators — and the check holds the example's
    indicators (60 points each project) against 80."""
    code, last = with_layout("extends: default\nperformance_form: {goal_row: false, indicator_points: 80}\n")
    assert code == 1
    result = CliRunner().invoke(main, ["check", str(tmp_path / "jianghan-2022.yaml")])
    assert "项目“调查研究工作经费”年度绩效指标分值之和为 60.00，应为 80 分" in result.output
    assert ("错误 项目支出!Q9 项目“走访慰问专项资金”填了总目标得分 20.00，但布局的自评表没有总目标一行"
            "（performance_form）") in result.output
    _prepared, written = build(tmp_path / "jianghan-2022.yaml", force=True, formats=("docx",), echo=lambda *_: None)
    cells = [c.text for t in Document(str(written["docx"])).tables for r in t.rows for c in r.cells]
    assert not any(c.startswith("项目绩效总目标") for c in cells)
    assert cells.count("三级指标（项目年度绩效指标，80分）") == 6 * 2      # 6 projects, a merged cell twice


def test_default_form_keeps_the_goal_rows(jianghan_docx):
    cells = [c.text for t in Document(str(jianghan_docx)).tables for r in t.rows for c in r.cells]
    assert cells.count("项目绩效总目标（20分）") == 6 * 2                # merged over two rows
    assert cells.count("三级指标（项目年度绩效指标，60分）") == 6 * 2


def test_list_item_numbering_from_the_layout(with_layout, tmp_path):
    code, _ = with_layout("extends: default\nnumbering: {item: '{n}、', section: '{cn}、'}\n")
    assert code == 0
    _prepared, written = build(tmp_path / "jianghan-2022.yaml", formats=("docx",), echo=lambda *_: None)
    texts = [p.text for p in Document(str(written["docx"])).paragraphs]
    assert "1、负责区人民政府及办公室收发文电的处理和日常事务工作。" not in texts   # the second function is 2、
    assert "2、负责区人民政府及办公室收发文电的处理和日常事务工作。" in texts
    assert "1、本单位2022年无因公出国（境）支出。" in texts
    assert not [t for t in texts if t.startswith("1. ")]


def test_no_cover_and_a_parts_only_toc(with_layout, tmp_path):
    code, _ = with_layout("extends: default\ncover: {show: false}\nnumbering: {toc_depth: 1}\n")
    assert code == 0
    _prepared, written = build(tmp_path / "jianghan-2022.yaml", formats=("docx",), echo=lambda *_: None)
    doc = Document(str(written["docx"]))
    styled = [(p.style.name, p.text) for p in doc.paragraphs]
    assert not [t for s, t in styled if s == "封面标题"]
    assert [t for s, t in styled if s == "TOC 1"] == [t for s, t in styled if s == "Heading 1"]
    assert not [t for s, t in styled if s == "TOC 2"]
    instr = "".join(el.text for el in doc.element.body.iter(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}instrText"))
    assert 'TOC \\o "1-1"' in instr          # the field, when Word or LibreOffice updates it, stays at parts


def test_toc_depth_0_prints_no_toc(with_layout, tmp_path):
    code, _ = with_layout("extends: default\nnumbering: {toc_depth: 0}\n")
    assert code == 0
    _prepared, written = build(tmp_path / "jianghan-2022.yaml", formats=("docx",), echo=lambda *_: None)
    styled = [(p.style.name, p.text) for p in Document(str(written["docx"])).paragraphs]
    assert not [t for s, t in styled if s in ("目录标题", "TOC 1", "TOC 2")]
    assert [t for s, t in styled if s == "Heading 1"][0] == "第一部分 武汉市江汉区人民政府办公室概况"


def test_misspelt_layout_key_in_the_project_file(tmp_path):
    project = copy_example(tmp_path)
    lines = project.read_text(encoding="utf-8").splitlines()
    project.write_text("\n".join(lines + ["layuot: my-layout.yaml"]) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(project)])
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1] == \
        f"错误：jianghan-2022.yaml 第{len(lines) + 1}行：项目文件中没有“layuot”这一项，是否想写“layout”？"


def test_attachments_numbered_from_one_without_the_self_evaluation_tables(with_layout, tmp_path):
    from docx import Document as NewDocument

    extra = NewDocument()
    extra.add_paragraph("绩效评价报告正文")
    extra.save(str(tmp_path / "report.docx"))
    project = tmp_path / "jianghan-2022.yaml"
    project.write_text(project.read_text(encoding="utf-8")
                       + "attachments:\n  - {title: 部门整体绩效评价报告, path: report.docx}\n", encoding="utf-8")
    code, _ = with_layout("extends: default\nparts:\n  - p1\n  - p2\n  - p3\n  - p5\n"
                          "  - {id: p6, blocks: [{widget: attachments}]}\n")
    assert code == 0
    _prepared, written = build(project, formats=("docx",), echo=lambda *_: None)
    paras = [p.text for p in Document(str(written["docx"])).paragraphs]
    assert "一、部门整体绩效评价报告" in paras and "绩效评价报告正文" in paras
    assert not [t for t in paras if "整体绩效自评表" in t]
    assert [t for t in paras if t.startswith("第") and "部分" in t][-1] == "第五部分 附件"


def test_zengdu_pdf_pages_and_a_landscape_last_page(tmp_path, ci_fonts):
    """The 曾都 layout in the PDF: no page a reader would fault (blank page, stranded header, split
    amount), and the document ends on the landscape pages of its tables."""
    import re
    import subprocess

    from pagecheck import page_problems

    project = copy_layout_example(tmp_path, "zengdu")
    _prepared, written = build(project, formats=("docx", "pdf"), echo=lambda *_: None)
    pdf = written["pdf"]
    assert page_problems(pdf, "2022年度武汉市江汉区人民政府办公室部门决算公开") == []
    info = subprocess.run(["pdfinfo", "-l", "1000", str(pdf)], capture_output=True, text=True).stdout
    sizes = [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]
    assert sizes[0][0] < sizes[0][1] and sizes[-1][0] > sizes[-1][1]     # portrait cover, landscape end


@pytest.mark.parametrize("name", ["zhashui", "yunnan"])
def test_layout_pdf_has_no_faulty_page(tmp_path, ci_fonts, name):
    """The other two example layouts in the PDF, under the fonts .ci/run installs: no page a reader
    would fault (issue 13's page check)."""
    from pagecheck import page_problems

    project = copy_layout_example(tmp_path, name)
    _prepared, written = build(project, formats=("docx", "pdf"), echo=lambda *_: None)
    assert page_problems(written["pdf"], "2022年度武汉市江汉区人民政府办公室部门决算公开") == []


@pytest.mark.parametrize("example", ["zhashui"], indirect=True)
def test_zhashui_meetings_fragment_reads_table6(example):
    """柞水's own fragment: 会议费/培训费 from 表6 (30215, 30216; both blank in the 江汉 表6)."""
    name, _prepared, doc = example
    assert name == "zhashui"
    texts = [p.text for p in doc.paragraphs]
    i = len(texts) - 1 - texts[::-1].index("四、2022年度部门绩效管理情况说明")
    assert texts[i - 1] == "2022年度未发生会议费、培训费支出。"


def test_zhashui_meetings_fragment_with_amounts():
    from decimal import Decimal

    from reportgen import layout as L
    from reportgen.render.filters import Formats

    env = L.fragment_env([LAYOUTS / "zhashui"], Formats({}))
    none = {"meeting": None, "meeting_budget": None, "training": None, "training_budget": None}
    got = L.render_fragment(env, "meetings", {"Y": 2022, "s": {"figures": none},
                                              "econ": {"30215": Decimal("1.2"), "30216": Decimal("0")}})
    assert got == [("正文", "2022年度会议费支出1.20万元，培训费支出0.00万元。")]
    # the figures of the 三公 table's 会议费/培训费 columns come first when both are entered
    figures = {**none, "meeting": Decimal("2.56"), "meeting_budget": Decimal("3"), "training": Decimal("1.2")}
    got = L.render_fragment(env, "meetings", {"Y": 2022, "s": {"figures": figures}, "econ": {"30215": Decimal("9")}})
    assert got == [("正文", "2022年度会议费支出2.56万元（预算3.00万元），培训费支出1.20万元。")]


# -- tables as data: columns a layout adds to the 三公 table (extra_columns) ------------------------

def _sangong_docx(doc, header: str):
    """The grid of the docx table whose heading (Heading 2 text) is ``header``."""
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from tablegrid import docx_grid

    body = doc.element.body
    heading = next(p for p in doc.paragraphs if p.style.name == "Heading 2" and p.text == header)
    el = heading._p.getnext()
    while el.tag.rsplit("}", 1)[-1] != "tbl":
        el = el.getnext()
    from docx.table import Table

    assert el.getparent() is body
    return [[(c.col, c.span, c.text) for c in row] for row in docx_grid(Table(el, doc)).rows]


ZHASHUI_T7 = "七、一般公共预算财政拨款“三公”经费及会议费、培训费支出决算表"
HALF = ["合计", "因公出国（境）费", "公务用车购置及运行维护费", "公务接待费", "会议费", "培训费"]
SUB = ["小计", "公务用车购置费", "公务用车运行维护费"]
FIG_MSG = ("《一般公共预算财政拨款“三公”经费及会议费、培训费支出决算表》的“{col}”列（{half}）没有数字，表中留空："
           "请在工作表“会议费培训费”的“{row}”行填写（未发生的填 0）")
FIG_MSG_NO_SHEET = ("《一般公共预算财政拨款“三公”经费及会议费、培训费支出决算表》的“{col}”列（{half}）没有数字，表中留空："
                    "工作簿中没有工作表“会议费培训费”，请从 reportgen init 生成的空白工作簿复制该表，在“{row}”行填写（未发生的填 0）")


def _zhashui_header_checks(grid, xlsx_rows):
    assert grid[0] == [(0, 8, "预算数"), (8, 8, "决算数")]
    assert [t for _c, _s, t in grid[1]] == HALF * 2
    assert [(c, s) for c, s, _t in grid[1]] == [(0, 1), (1, 1), (2, 3), (5, 1), (6, 1), (7, 1),
                                                (8, 1), (9, 1), (10, 3), (13, 1), (14, 1), (15, 1)]
    assert [t for _c, _s, t in grid[2] if t] == SUB * 2
    assert [t for _c, _s, t in grid[3]] == [str(n) for n in range(1, 17)]
    assert xlsx_rows[2][:8] == ("预算数", None, None, None, None, None, None, None)
    assert xlsx_rows[2][8] == "决算数"
    assert xlsx_rows[3] == ("合计", "因公出国（境）费", "公务用车购置及运行维护费", None, None, "公务接待费", "会议费", "培训费",
                            "合计", "因公出国（境）费", "公务用车购置及运行维护费", None, None, "公务接待费", "会议费", "培训费")
    assert xlsx_rows[5] == tuple(range(1, 17))


def _xlsx_rows(path, sheet_no: int):
    import openpyxl

    wb = openpyxl.load_workbook(path)
    ws = wb[wb.sheetnames[sheet_no - 1]]
    return list(ws.iter_rows(min_row=1, max_row=7, values_only=True)), ws


@pytest.mark.parametrize("example", ["zhashui"], indirect=True)
def test_zhashui_sangong_table_has_meeting_and_training_columns_blank_when_not_entered(example):
    """柞水's 表七: 会议费 and 培训费 after 公务接待费 in both halves.  The 江汉 workbook has no such figures
    (nor the optional sheet 会议费培训费): the cells stay blank, never 0, and a warning names the sheet and
    each row to fill; 合计 stays the 三公 total (江汉 表9: 10.98 预算, 6.07 决算)."""
    _name, prepared, doc = example
    grid = _sangong_docx(doc, ZHASHUI_T7)
    rows, ws = _xlsx_rows(prepared.xlsx, 7)
    _zhashui_header_checks(grid, rows)
    assert [t for _c, _s, t in grid[4]] == ["10.98", "", "10.00", "", "10.00", "0.98", "", "",
                                            "6.07", "", "5.70", "", "5.70", "0.37", "", ""]
    assert rows[6] == ("=B7+C7+F7", 0, "=D7+E7", 0, 10, 0.98, None, None, "=J7+K7+N7", 0, "=L7+M7", 0, 5.7, 0.37, None, None)
    # the 栏次 formulas follow the added columns: 决算数 starts at 9, its 公务接待费 is 14
    formula = "1栏=（2+3+6）栏；3栏=（4+5）栏；9栏=（10+11+14）栏；11栏=（12+13）栏。"
    assert [p.text for p in doc.paragraphs if "栏=（" in p.text and "+6）栏" in p.text] == [formula]
    assert formula in [c.value for row in ws.iter_rows() for c in row]
    found = [(f.level, f.where.sheet, f.where.cell, f.message) for f in prepared.findings if f.rule == "LAYOUT-FIG"]
    assert found == [
        ("警告", "会议费培训费", "", FIG_MSG_NO_SHEET.format(col="会议费", half="预算数", row="会议费预算数")),
        ("警告", "会议费培训费", "", FIG_MSG_NO_SHEET.format(col="会议费", half="决算数", row="会议费决算数")),
        ("警告", "会议费培训费", "", FIG_MSG_NO_SHEET.format(col="培训费", half="预算数", row="培训费预算数")),
        ("警告", "会议费培训费", "", FIG_MSG_NO_SHEET.format(col="培训费", half="决算数", row="培训费决算数")),
    ]


def test_zhashui_sangong_table_with_entered_meeting_and_training_figures(tmp_path):
    """The same table with 会议费 3.00 / 2.56 and 培训费 决算 1.20 entered (培训费 预算 left blank): the
    amounts in their columns of the .docx and the .xlsx, one warning for the blank row, the manifest
    names the cells, and the 柞水 meetings sentence prints the entered figures; `check` says the same."""
    import json

    import openpyxl

    project = copy_layout_example(tmp_path, "zhashui")
    wb = openpyxl.load_workbook(tmp_path / "jianghan-2022.xlsx")
    ws = wb.create_sheet("会议费培训费")            # as `reportgen init` writes it (项目 | 数值 from row 3)
    for row in (("项目", "数值"), ("会议费预算数", 3), ("会议费决算数", 2.56), ("培训费预算数", None), ("培训费决算数", 1.2)):
        ws.append(row)
    ws.insert_rows(1, 2)
    wb.save(tmp_path / "jianghan-2022.xlsx")
    check = CliRunner().invoke(main, ["check", str(project)])
    assert check.exit_code == 0
    message = "警告 会议费培训费!B6 " + FIG_MSG.format(col="培训费", half="预算数", row="培训费预算数")
    assert [line for line in check.output.splitlines() if "会议费培训费" in line] == [message]
    prepared, written = build(project, formats=("docx", "xlsx"), echo=lambda *_: None)
    doc = Document(str(written["docx"]))
    grid = _sangong_docx(doc, ZHASHUI_T7)
    rows, _ws = _xlsx_rows(written["xlsx"], 7)
    _zhashui_header_checks(grid, rows)
    assert [t for _c, _s, t in grid[4]] == ["10.98", "", "10.00", "", "10.00", "0.98", "3.00", "",
                                            "6.07", "", "5.70", "", "5.70", "0.37", "2.56", "1.20"]
    assert rows[6] == ("=B7+C7+F7", 0, "=D7+E7", 0, 10, 0.98, 3, None, "=J7+K7+N7", 0, "=L7+M7", 0, 5.7, 0.37, 2.56, 1.2)
    assert [str(f) for f in prepared.findings if f.rule == "LAYOUT-FIG"] == [message]
    manifest = json.loads(written["manifest"].read_text(encoding="utf-8"))
    figures = {f["where"]: (f["value"], f["source"]) for f in manifest["figures"]}
    assert figures["表7 预算数 会议费（第7栏）"] == ("3.00", "会议费培训费!B4")
    assert figures["表7 决算数 会议费（第15栏）"] == ("2.56", "会议费培训费!B5")
    assert figures["表7 决算数 培训费（第16栏）"] == ("1.20", "会议费培训费!B7")
    assert not any("培训费（第8栏）" in w for w in figures)
    texts = [p.text for p in doc.paragraphs]
    i = len(texts) - 1 - texts[::-1].index("四、2022年度部门绩效管理情况说明")
    assert texts[i - 1] == "2022年度会议费支出2.56万元（预算3.00万元），培训费支出1.20万元。"


@pytest.mark.parametrize("example", ["yunnan"], indirect=True)
def test_yunnan_table_10_has_the_admin_cost_column(example):
    """云南's 表十: 机关运行经费 after 公务接待费 in the 决算数 half only (whether the published table has
    a budget for it is not known), with 江汉's figure: 89.82 (表6 公用经费合计, the 机关运行经费 sheet blank)."""
    _name, prepared, doc = example
    grid = _sangong_docx(doc, "十、财政拨款“三公”经费、行政参公单位机关运行经费情况表")
    assert grid[0] == [(0, 6, "预算数"), (6, 7, "决算数")]
    assert [t for _c, _s, t in grid[1]] == HALF[:4] * 2 + ["机关运行经费"]
    assert [t for _c, _s, t in grid[3]] == [str(n) for n in range(1, 14)]
    assert [t for _c, _s, t in grid[4]] == ["10.98", "", "10.00", "", "10.00", "0.98",
                                            "6.07", "", "5.70", "", "5.70", "0.37", "89.82"]
    rows, _ws = _xlsx_rows(prepared.xlsx, 10)
    assert rows[3][11:] == ("公务接待费", "机关运行经费")
    assert rows[6] == ("=B7+C7+F7", 0, "=D7+E7", 0, 10, 0.98, "=H7+I7+L7", 0, "=J7+K7", 0, 5.7, 0.37, 89.82)
    assert [f for f in prepared.findings if f.rule == "LAYOUT-FIG"] == []
    # 十一 (from: t9, no extra columns) keeps the standard twelve columns
    grid11 = _sangong_docx(doc, "十一、一般公共预算财政拨款“三公”经费情况表")
    assert grid11[0] == [(0, 6, "预算数"), (6, 6, "决算数")] and len(grid11[4]) == 12


def test_entity_line_from_the_layout(with_layout, tmp_path):
    import openpyxl

    code, _ = with_layout("extends: default\nlabels: {entity_line: '单位：{{ dept }}本级'}\n")
    assert code == 0
    _prepared, written = build(tmp_path / "jianghan-2022.yaml", formats=("docx", "xlsx"), echo=lambda *_: None)
    lines = [p.text for p in Document(str(written["docx"])).paragraphs if p.style.name == "表头信息"]
    assert lines[:9] == ["单位：武汉市江汉区人民政府办公室本级\t单位：万元"] * 9
    wb = openpyxl.load_workbook(written["xlsx"])
    assert {wb[s].cell(row=2, column=1).value for s in wb.sheetnames} == {"单位：武汉市江汉区人民政府办公室本级"}


def test_default_sangong_formulas_keep_their_numbers(jianghan_build):
    """The default 表9 (six columns a half): the formulas printed as the 江汉 document prints them."""
    import openpyxl

    _prepared, written = jianghan_build
    formula = "1栏=（2+3+6）栏；3栏=（4+5）栏；7栏=（8+9+12）栏；9栏=（10+11）栏。"
    doc = Document(str(written["docx"]))
    assert [p.text for p in doc.paragraphs if "栏=（" in p.text and "+6）栏" in p.text] == [formula]
    wb = openpyxl.load_workbook(written["xlsx"])
    assert formula in [c.value for row in wb[wb.sheetnames[8]].iter_rows() for c in row]


def test_a_figure_twice_in_the_sangong_table_keeps_each_column_its_own_number(with_layout, tmp_path):
    """Columns are numbered by position: 机关运行经费 twice in the 决算数 half gives 栏次 13 and 14 (the
    preceding halves 1–6 and 7–12), not one number for both."""
    code, _ = with_layout("extends: default\ntables:\n  t9:\n    extra_columns:\n"
                          "      - {label: 机关运行经费, actual: admin_cost}\n"
                          "      - {label: 机关运行经费（再列）, actual: admin_cost}\n")
    assert code == 0
    _prepared, written = build(tmp_path / "jianghan-2022.yaml", formats=("docx",), echo=lambda *_: None)
    doc = Document(str(written["docx"]))
    numbers = next(r for t in doc.tables for r in ([c.text for c in row.cells] for row in t.rows)
                   if r[:3] == ["1", "2", "3"] and len(r) == 14)
    assert numbers == [str(n) for n in range(1, 15)]
