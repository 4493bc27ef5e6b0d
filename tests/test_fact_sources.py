"""No fact without a source, made checkable: the manifest records each printed figure's source — the
entered cell (“表3 支出决算表!D9”), the printed table cell it repeats (“= 表1 第31行 …”) or the computation
that made it (“计算：…”) — and a figure without one fails here, over both examples."""
from __future__ import annotations

import json

import pytest


@pytest.fixture(scope="module", params=["jianghan-2022", "xinzhou-2023"])
def figures(request):
    from reportgen.build import prepare
    from reportgen.manifest import figures as collect

    from conftest import DATA

    return collect(prepare(DATA / f"{request.param}.yaml"))


def test_every_printed_figure_has_a_source(figures):
    missing = [f"{f.where} = {f.value}" for f in figures if not f.source]
    assert missing == []


def test_narrative_figures_have_sources(figures):
    narrative = [f for f in figures if not f.where.startswith(("表", "gpb ", "basic ", "fund ", "soe ", "income ",
                                                                  "expense "))]
    assert len(narrative) > 100
    assert all(f.source for f in narrative)


def test_sources_name_the_cell_or_the_computation(figures):
    by_where = {f.where: f.source for f in figures}
    if "表3 2010301 行政运行 基本支出" in by_where:          # 江汉 2022 决算
        assert by_where["表3 2010301 行政运行 基本支出"] == "表3 支出决算表!D9"          # entered
        assert by_where["表3 合计 基本支出"] == "表3 支出决算表!D6"                      # pasted 合计
        assert by_where["表3 2010301 行政运行 项目支出"] == "计算：未填写（0）"
        assert by_where["第三部分 一、收支总计较上年增减"] == "计算：第三部分 一、收支总计 本年数 − 上年数"
        assert by_where["第三部分 六、人员经费"] == "= 表6 人员经费合计"
        assert by_where["第三部分 十三、预算执行情况得分"] == "计算：预算执行得分 = 20 × 执行数 ÷ 预算数（不超过20分）"
    else:                                                       # 新洲 2023 预算
        assert by_where["gpb 合计 total"] == "一般公共预算支出表!C6"                     # the published 合计
        assert by_where["gpb 2210201 住房公积金 personnel"] == "一般公共预算支出表!E18"
        assert by_where["说明 staff quota"] == "人员编制!B4"
        assert by_where["说明 overview classes 1 share"] == "计算：占比"
        assert by_where["说明 gpb special_projects 1 history 1 year"] == "计算：年度 − 2 或 年度 − 1（项目的预算及执行情况）"


def test_the_manifest_file_carries_the_sources(jianghan_build):
    _prepared, written = jianghan_build
    data = json.loads(written["manifest"].read_text(encoding="utf-8"))
    assert all(f["source"] for f in data["figures"])
