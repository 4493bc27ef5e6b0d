"""Build the default 预算 Word template (templates/budget/document.docx).

Parts, sections and tables are dispatched by id in loops over the outline, so Format A and
Format B (different part order, titles and section lists) are the same template driven by
configuration.  Shares the styles and table helpers of tools/build_templates.py.

Run: python tools/build_budget_template.py
"""
from __future__ import annotations

import copy
import sys
from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tools"))

import build_templates as B  # noqa: E402
import yaml  # noqa: E402
from reportgen.kinds.budget import schema as S  # noqa: E402
from reportgen.kinds.budget.compute import default_sheet  # noqa: E402

para, tag, cell_text, new_table, loop_rows = B.para, B.tag, B.cell_text, B.new_table, B.loop_rows


def P(doc, text):
    return para(doc, text, "正文")


def sect_para(doc, landscape: bool):
    """A paragraph that ends a section (its sectPr describes the section that ends here)."""
    body_sect = doc.element.body.sectPr
    sect = copy.deepcopy(body_sect)
    pgsz = sect.find(qn("w:pgSz"))
    mar = sect.find(qn("w:pgMar"))
    if landscape:
        pgsz.set(qn("w:w"), str(int(Cm(29.7).twips)))
        pgsz.set(qn("w:h"), str(int(Cm(21.0).twips)))
        pgsz.set(qn("w:orient"), "landscape")
        for k, v in (("top", 1.6), ("bottom", 1.6), ("left", 2.0), ("right", 2.0)):
            mar.set(qn(f"w:{k}"), str(int(Cm(v).twips)))
    p = para(doc, "", "Tag")
    p._p.get_or_add_pPr().append(sect)
    return p


def table_block(doc, tid):
    para(doc, "{{ tables.%s.section.label }}" % tid, "表头信息")
    para(doc, "{{ tables.%s.section.caption }}" % tid, "表标题")
    p = para(doc, "{{ labels.entity }}{{ dept }}\t{{ labels.unit }}", "表头信息")
    p.paragraph_format.tab_stops.add_tab_stop(Cm(25.0), alignment=2)


def pair_table(doc, tid):
    t = new_table(doc, 2, 4, [9.5, 3.3, 9.5, 3.3])
    r0, r1 = t.rows
    B.set_repeat_header(r0)
    B.set_repeat_header(r1)
    cell_text(r0.cells[0], "收入", bold=True)
    r0.cells[0].merge(r0.cells[1])
    cell_text(r0.cells[2], "支出", bold=True)
    r0.cells[2].merge(r0.cells[3])
    for i, h in enumerate(("项目", "预算数", "项目", "预算数")):
        cell_text(r1.cells[i], h, bold=True)
    rows = "tables.%s.rows" % tid
    loop_rows(t, "{%%tr for r in %s %%}" % rows,
              ["{{ r.l_label }}", "{{ r.l_v|cell }}", "{{ r.r_label }}", "{{ r.r_v|cell }}"], "{%tr endfor %}",
              aligns=["left", "right", "left", "right"])
    loop_rows(t, "{%%tr for r in tables.%s.foot %%}" % tid,
              ["{{ r.l_label }}", "{{ r.l_v|cell }}", "{{ r.r_label }}", "{{ r.r_v|cell }}"], "{%tr endfor %}",
              aligns=["center", "right", "center", "right"], bold=True)


def sangong_table(doc, tid):
    t = new_table(doc, 4, 6, [25.7 / 6] * 6)
    r0, r1, r2, r3 = t.rows
    for r in (r0, r1, r2):
        B.set_repeat_header(r)
    for i, h in ((0, "“三公”经费合计"), (1, "因公出国（境）费"), (5, "公务接待费")):
        cell_text(r0.cells[i], h, bold=True)
        r0.cells[i].merge(r1.cells[i])
    cell_text(r0.cells[2], "{{ labels.vehicle }}", bold=True)
    r0.cells[2].merge(r0.cells[4])
    for i, h in ((2, "小计"), (3, "公务用车购置费"), (4, "{{ labels.vehicle_run }}")):
        cell_text(r1.cells[i], h, bold=True)
    for k, col in enumerate(S.SANGONG.columns):
        cell_text(r2.cells[k], str(col.no))
        cell_text(r3.cells[k], "{{ tables.%s.v.%s|cell }}" % (tid, col.key), align="right")


USABLE = 25.7   # cm between the margins of the landscape table pages


def formats() -> dict:
    return yaml.safe_load((ROOT / "src" / "reportgen" / "kinds" / "budget" / "formats.yaml").read_text(encoding="utf-8"))


def layouts() -> list[dict]:
    """Every 公开表 layout of formats.yaml (``table_layouts`` of any format), by id: the template has one
    branch per layout, chosen by the context's ``tables.<id>.layout`` — the column sets are data."""
    found = {}
    for fmt in formats().values():
        if isinstance(fmt, dict):
            for lay in (fmt.get("table_layouts") or {}).values():
                found[lay["id"]] = lay
    return [found[k] for k in sorted(found)]


def _keep_next(row):
    for p in row._tr.iter(qn("w:p")):
        ppr = p.get_or_add_pPr()
        ppr.insert(0, OxmlElement("w:keepNext"))


def kept_loop_rows(table, loop, cells, aligns, bold=False, keep_all=False):
    """A row loop whose last-but-one row keeps with the next (or every row, ``keep_all``), so a table's
    last row never stands alone on a page."""
    def add(text):
        cell_text(table.add_row().cells[0], text, align="left")

    def body():
        r = table.add_row()
        B.set_cant_split(r)
        for i, text in enumerate(cells):
            cell_text(r.cells[i], text, align=aligns[i], bold=bold)
        return r

    add(loop)
    if keep_all:
        _keep_next(body())
    else:
        add("{%tr if loop.revindex == 2 %}")
        _keep_next(body())
        add("{%tr else %}")
        body()
        add("{%tr endif %}")
    add("{%tr endfor %}")


def columns_table(doc, lay):
    """A coded table with the layout's columns: code | name | text columns | amounts (grouped headers merged)."""
    cols = lay["columns"]
    kinds = [c.get("kind", "amount") for c in cols]
    fixed = {"code": 2.4, "name": 6.4, "text": 2.4}
    rest = USABLE - sum(fixed.get(k, 0) for k in kinds)
    n_amt = kinds.count("amount")
    widths = [fixed.get(k, rest / n_amt) for k in kinds]
    grouped = any(c.get("group") for c in cols)
    t = new_table(doc, 2 if grouped else 1, len(cols), widths)
    for r in t.rows:
        B.set_repeat_header(r)
    r0 = t.rows[0]
    i = 0
    while i < len(cols):
        g = cols[i].get("group")
        if g and grouped:
            j = i
            while j + 1 < len(cols) and cols[j + 1].get("group") == g:
                j += 1
            cell_text(r0.cells[i], g, bold=True)
            if j > i:
                r0.cells[i].merge(r0.cells[j])
            for k in range(i, j + 1):
                cell_text(t.rows[1].cells[k], cols[k]["label"], bold=True)
            i = j + 1
        else:
            cell_text(r0.cells[i], cols[i]["label"], bold=True)
            if grouped:
                r0.cells[i].merge(t.rows[1].cells[i])
            i += 1
    cells = []
    for c, k in zip(cols, kinds):
        cells.append({"code": "{{ r.code }}", "name": "{{ r.name }}"}.get(k) or
                     ("{{ r.v.get('%s') or '' }}" % c["key"] if k == "text" else "{{ r.v.get('%s')|cell }}" % c["key"]))
    kept_loop_rows(t, "{%tr for r in tables[sec.id].rows %}", cells,
                   aligns=["right" if k == "amount" else "left" for k in kinds])


def blocks_table(doc, lay):
    """收支总表 / 财政拨款收支总表 as side-by-side blocks (项目 | values …) under block titles."""
    heads = [(bl["title"], bl["columns"]) for bl in lay["blocks"]]
    n = sum(len(c) for _t, c in heads)
    n_lab = len(heads)
    lab_w = min(7.0, (USABLE - 2.6 * (n - n_lab)) / n_lab)
    amt_w = (USABLE - lab_w * n_lab) / (n - n_lab)
    widths, aligns = [], []
    for _t, c in heads:
        widths += [lab_w] + [amt_w] * (len(c) - 1)
        aligns += ["left"] + ["right"] * (len(c) - 1)
    t = new_table(doc, 2, n, widths)
    r0, r1 = t.rows
    B.set_repeat_header(r0)
    B.set_repeat_header(r1)
    col = 0
    for title, c in heads:
        cell_text(r0.cells[col], title, bold=True)
        if len(c) > 1:
            r0.cells[col].merge(r0.cells[col + len(c) - 1])
        for k, h in enumerate(c):
            cell_text(r1.cells[col + k], h, bold=True)
        col += len(c)
    cells = [("{{ r.c[%d] }}" if a == "left" else "{{ r.c[%d]|cell }}") % i for i, a in enumerate(aligns)]
    # the last body row and the footers stay together
    kept_loop_rows(t, "{%tr for r in tables[sec.id].rows %}", cells, aligns=aligns)
    foot_aligns = ["center" if a == "left" else a for a in aligns]
    cell_text(t.add_row().cells[0], "{%tr for r in tables[sec.id].foot %}", align="left")
    cell_text(t.add_row().cells[0], "{%tr if not loop.last %}", align="left")
    for keep in (True, False):
        r = t.add_row()
        B.set_cant_split(r)
        for i, text in enumerate(cells):
            cell_text(r.cells[i], text, align=foot_aligns[i], bold=True)
        if keep:
            _keep_next(r)
            cell_text(t.add_row().cells[0], "{%tr else %}", align="left")
    cell_text(t.add_row().cells[0], "{%tr endif %}", align="left")
    cell_text(t.add_row().cells[0], "{%tr endfor %}", align="left")


def vertical_table(doc, lay):
    """公开表7 (B): 项目 | 本年预算数 | 情况说明, one row per item."""
    heads = lay["columns"]
    t = new_table(doc, 1, 3, [9.0, 4.5, USABLE - 13.5])
    B.set_repeat_header(t.rows[0])
    for i, h in enumerate(heads):
        cell_text(t.rows[0].cells[i], h, bold=True)
    kept_loop_rows(t, "{%tr for r in tables[sec.id].rows %}", ["{{ r.c[0] }}", "{{ r.c[1]|cell }}", "{{ r.c[2] }}"],
                   aligns=["left", "right", "left"])


def layout_tables(doc):
    """The branch of every formats.yaml layout; a table without one falls through to its default below."""
    para(doc, "{{ tables[sec.id].section.label }}", "表头信息")
    para(doc, "{{ tables[sec.id].section.caption }}", "表标题")
    p = para(doc, "{{ labels.entity }}{{ dept }}\t{{ labels.unit }}", "表头信息")
    p.paragraph_format.tab_stops.add_tab_stop(Cm(25.0), alignment=2)
    for i, lay in enumerate(layouts()):
        tag(doc, "{%%p %s tables[sec.id].layout == '%s' %%}" % ("if" if i == 0 else "elif", lay["id"]))
        {"columns": columns_table, "blocks": blocks_table, "vertical": vertical_table}[lay["kind"]](doc, lay)
    tag(doc, "{%p endif %}")


def projects_table(doc, tid):
    heads = ["项目类别", "项目名称", "科目编码", "科目名称", "合计", "一般公共预算拨款", "政府性基金预算拨款",
             "国有资本经营预算拨款", "财政专户管理资金", "单位资金", "上年结转"]
    widths = [1.8, 5.2, 1.8, 3.3] + [13.6 / 7] * 7
    t = new_table(doc, 1, len(heads), widths)
    B.set_repeat_header(t.rows[0])
    for i, h in enumerate(heads):
        cell_text(t.rows[0].cells[i], h, bold=True)
    cells = ["{{ r.category }}", "{{ r.name }}", "{{ r.code }}", "{{ r.func }}"] + [
        "{{ r.%s|cell }}" % k for k in ("total", "gpb", "fund", "soe", "special", "unit", "carry")]
    loop_rows(t, "{%%tr for r in tables.%s.rows %%}" % tid, cells, "{%tr endfor %}",
              aligns=["center", "left", "left", "left"] + ["right"] * 7)


def explanation(doc):
    """Every section of 公开说明 (Format A and B), dispatched by id."""
    T = lambda text: tag(doc, text)  # noqa: E731
    Q = lambda text: P(doc, text)  # noqa: E731
    cmp = "|change_vs(labels.compare, labels.same)"
    T("{%p for sec in part.children %}")
    para(doc, "{{ sec.heading }}", "Heading 2")
    T("{%p for c in (sec.children or [sec]) %}")
    T("{%p if c is not sameas sec %}")
    para(doc, "{{ c.heading }}", "Heading 3")
    T("{%p endif %}")

    T("{%p if c.id == 'functions' %}")
    T("{%p if texts.functions_intro %}")
    Q("{{ texts.functions_intro }}")
    T("{%p endif %}")
    T("{%p for f in texts.functions %}")
    Q("{{ loop.index }}. {{ f }}")
    T("{%p endfor %}")

    T("{%p elif c.id == 'units' %}")
    # every part of the sentence is optional: what is not entered is left out, never printed as 0
    Q("{% set o = texts.org %}{% if o.plates or o.offices or o.party_committee or o.units %}{{ dept }}"
      "{% if o.plates %}加挂{{ o.plates|join('、') }}牌子{% if o.offices or o.party_committee or o.units %}，{% endif %}{% endif %}"
      "{% if o.offices %}内设{{ o.offices }}个行政科室{% if o.party_committee %}和机关党委{% endif %}"
      "{% elif o.party_committee %}设机关党委{% endif %}"
      "{% if o.units %}{% if o.offices or o.party_committee %}，{% endif %}下设{{ o.units|join('、') }}，"
      "共{{ o.units|length }}个二级事业单位{% endif %}。{% endif %}")

    T("{%p elif c.id == 'staff' %}")
    Q("{% set st = s.staff %}"
      "{% set qp = [('行政编制', st.quota_admin), ('事业编制', st.quota_inst)]|rejectattr('1', 'none')|list %}"
      "{% set ap = [('行政编制', st.actual_admin), ('工勤人员', st.actual_worker), ('事业编制', st.actual_inst)]"
      "|rejectattr('1', 'none')|list %}"
      "{% set rp = [('离休', st.retired_li), ('退休', st.retired_tui)]|rejectattr('1', 'none')|list %}"
      "{% if st.quota is not none %}{{ short }}总编制人数{{ st.quota }}人"
      "{% for l, n in qp %}{{ '，其中：' if loop.first else '，' }}{{ l }}{{ n }}人{% endfor %}。{% endif %}"
      "{% if st.actual is not none %}在职实有人数{{ st.actual }}人"
      "{% for l, n in ap %}{{ '，其中：' if loop.first else '，' }}{{ l }}{{ n }}人"
      "{% if l == '事业编制' and st.actual_civil %}（其中：参照公务员法管理{{ st.actual_civil }}人）{% endif %}{% endfor %}。{% endif %}"
      "{% if st.retired is not none %}离退休人员{{ st.retired }}人"
      "{% for l, n in rp %}{{ '，其中：' if loop.first else '，' }}{{ l }}{{ n }}人{% endfor %}。{% endif %}")

    T("{%p elif c.id == 'goals' %}")
    T("{%p for g in texts.goals %}")
    Q("{{ g }}")
    T("{%p endfor %}")

    T("{%p elif c.id == 'overview' %}")
    Q("{% set o = s.overview %}（一）{{ Y }}年部门预算总收入{{ o.income|amt }}万元。其中：财政拨款收入{{ o.fiscal|amt }}万元"
      "{% for l, v in o.other_income %}；{{ l }}{{ v|amt }}万元{% endfor %}。")
    Q("{% set o = s.overview %}（二）{{ Y }}年部门预算总支出{{ o.expense|amt }}万元。其中：")
    Q("{% set o = s.overview %}1. 按照支出功能分类科目，主要用于：{% for k in o.classes %}{{ k.name }}{{ k.amount|amt }}万元"
      "{{ '。' if loop.last else '；' }}{% endfor %}")
    T("{%p if fmt.economic_list == 'basic_and_project' %}")
    Q("{% set o = s.overview %}2. 按照支出经济分类科目，基本支出主要用于：{% for k in o.econ_classes %}{{ k.name }}"
      "{{ k.amount|amt }}万元{{ '；' if not loop.last else '。' }}{% endfor %}项目支出{{ o.project|amt }}万元。")
    T("{%p endif %}")

    T("{%p elif c.id == 'gpb' %}")
    Q("{% set g = s.gpb %}{{ Y }}年一般公共预算财政拨款支出预算数{{ g.total|amt }}万元"
      "{% if g.change.known %}，{{ g.change" + cmp + " }}{% endif %}，安排情况如下：")
    T("{%p if s.gpb.split %}")
    Q("{% set g = s.gpb %}（一）人员类项目支出{{ g.personnel|amt }}万元{% if g.personnel_change.known %}，"
      "{{ g.personnel_change" + cmp + " }}{% endif %}{% if g.personnel_reason %}，主要原因是：{{ g.personnel_reason }}{% endif %}。")
    Q("（1）工资福利支出{{ s.gpb.e301|amt }}万元{% if texts.uses.salary %}，主要用于{{ texts.uses.salary }}{% endif %}。")
    Q("（2）对个人和家庭的补助{{ s.gpb.e303|amt }}万元{% if texts.uses.family %}，主要用于{{ texts.uses.family }}{% endif %}。")
    Q("{% set g = s.gpb %}（二）公用经费运转类项目支出{{ g.public|amt }}万元{% if g.public_change.known %}，"
      "{{ g.public_change" + cmp + " }}{% endif %}{% if g.public_reason %}，主要原因是：{{ g.public_reason }}{% endif %}。")
    T("{%p endif %}")
    Q("{% set g = s.gpb %}（三）特定目标类项目支出{{ g.special|amt }}万元{% if g.special_change.known %}，"
      "{{ g.special_change" + cmp + " }}{% endif %}{% if g.special_reason %}，主要原因是：{{ g.special_reason }}{% endif %}。"
      "{% if g.special_projects %}其中：{% endif %}")
    T("{%p for p in s.gpb.special_projects %}")
    Q("（{{ loop.index }}）{{ p.name }}{{ p.amount|amt }}万元。{% if p.purpose %}{{ p.purpose }}。{% endif %}")
    T("{%p endfor %}")

    T("{%p elif c.id == 'sangong_scope' %}")
    Q("{{ dept }}安排“三公”经费的单位由机关{% if texts.org.units %}及下属{{ texts.org.units|length }}个二级单位{% endif %}组成。"
      "{% if texts.org.units %}二级单位包括：{% endif %}")
    T("{%p for u in texts.org.units %}")
    Q("{{ loop.index }}. {{ u }}")
    T("{%p endfor %}")

    T("{%p elif c.id == 'sangong_detail' %}")
    Q("{% set g = s.sangong %}{{ Y }}年一般公共预算财政拨款资金安排“三公”经费预算{{ g.total|amt }}万元"
      "{% if g.total_change.known %}，{{ g.total_change" + cmp + " }}{% endif %}。其中：")
    Q("{% set g = s.sangong %}1. 因公出国（境）经费预算{{ g.abroad|amt }}万元{% if g.abroad_change.known %}，"
      "{{ g.abroad_change" + cmp + " }}{% endif %}{% if g.abroad_reason %}，主要原因：{{ g.abroad_reason }}{% endif %}。")
    Q("{% set g = s.sangong %}2. 公务用车购置及运行维护费{{ g.vehicle|amt }}万元{% if g.vehicle_change.known %}，"
      "{{ g.vehicle_change" + cmp + " }}{% endif %}。其中：")
    Q("{% set g = s.sangong %}（1）公务用车购置费{{ g.purchase|amt }}万元{% if g.purchase_change.known %}，"
      "{{ g.purchase_change" + cmp + " }}{% endif %}{% if g.purchase_reason %}，主要原因是：{{ g.purchase_reason }}{% endif %}。")
    Q("{% set g = s.sangong %}（2）公务用车运行维护费{{ g.run|amt }}万元{% if g.run_change.known %}，"
      "{{ g.run_change" + cmp + " }}{% endif %}{% if g.run_reason %}，主要原因是：{{ g.run_reason }}{% endif %}。")
    Q("{% set g = s.sangong %}3. 公务接待费{{ g.reception|amt }}万元{% if g.reception_change.known %}，"
      "{{ g.reception_change" + cmp + " }}{% endif %}{% if g.reception_reason %}，主要原因是：{{ g.reception_reason }}{% endif %}。")

    for key, word in (("fund", "政府性基金预算"), ("soe", "国有资本经营预算")):
        T("{%%p elif c.id == '%s' %%}" % key)
        Q("{%% set g = s.%s %%}{%% if g.empty %%}{{ dept }}{{ Y }}年没有使用%s财政拨款安排的支出。{%% else %%}"
          "{{ Y }}年%s财政拨款支出预算数{{ g.total|amt }}万元。主要用于：{%% for i in g['items'] %%}{{ i.name }}"
          "{{ i.amount|amt }}万元{{ '。' if loop.last else '；' }}{%% endfor %%}{%% endif %%}" % (key, word, word))

    T("{%p elif c.id == 'admin' %}")
    Q("{% set g = s.admin %}{{ Y }}年部门机关{% if g.civil_units %}及下属{{ g.civil_units }}家参照公务员法管理事业单位{% endif %}"
      "的机关运行经费{{ g.total|amt }}万元{% if g.change.known %}，{{ g.change" + cmp + " }}{% endif %}。"
      "{% for i in g['items'] %}{% if loop.first %}主要包括：{% endif %}{{ i.name }}{{ i.amount|amt }}万元"
      "{{ '。' if loop.last else '、' }}{% endfor %}")

    T("{%p elif c.id == 'procurement' %}")
    Q("{% set g = s.procurement %}{% if g.total == 0 %}{{ Y }}年部门预算中未安排政府采购预算。{% else %}"
      "按照现行政府采购管理规定，{{ Y }}年部门预算中纳入政府采购预算支出合计{{ g.total|amt }}万元"
      "{% if g.sme %}，其中：面向中小微企业的政府采购预算{{ g.sme|amt }}万元{% endif %}。包括：{% endif %}")
    T("{%p for k in s.procurement.categories %}")
    Q("{{ loop.index }}. {{ k.name }}类{{ k.total|amt }}万元。其中：{% for l in k.lines %}{{ l.name }}{{ l.amount|amt }}万元"
      "{{ '。' if loop.last else '；' }}{% endfor %}")
    T("{%p endfor %}")

    T("{%p elif c.id == 'assets' %}")
    Q("{% set g = s.assets %}{% if g.vehicle_total is not none %}截至{{ Y1 }}年12月31日，部门共有车辆{{ g.vehicle_total }}辆"
      "{% for l, n in g.vehicles %}{% if loop.first %}。其中：{% else %}、{% endif %}{{ l }}{{ n }}辆{% endfor %}。{% endif %}"
      "{% if g.equipment %}单位价值50万元以上设备{{ g.equipment }}台（套）。{% endif %}")

    T("{%p elif c.id == 'perf_goals' %}")
    Q("{{ Y }}年部门项目{% if s.perf_goals.all %}均{% endif %}实行绩效目标管理，涉及一般公共预算当年财政拨款"
      "{{ s.perf_goals.amount|amt }}万元。")

    T("{%p elif c.id == 'contact' %}")
    Q("部门单位地址：{{ texts.contact.address }}")
    Q("联系人：{{ texts.contact.person }}")
    Q("联系电话：{{ texts.contact.phone }}")

    # ---- Format B sections ----
    T("{%p elif c.id == 'overview_b' %}")
    Q("{% set o = s.overview %}按照综合预算的原则，本部门所有收入和支出均纳入部门预算管理。收入包括："
      "{% for p in o.income_parts %}{{ p.name }}{{ '' if loop.last else '、' }}{% endfor %}；支出包括：基本支出、项目支出。")
    Q("{% set o = s.overview %}{{ Y }}年部门总预算{{ o.income|amt }}万元{% if o.total_change.known %}，"
      "{{ o.total_change" + cmp + " }}{% if o.total_reason %}，变动的主要原因是{{ o.total_reason }}{% endif %}{% endif %}。")
    Q("{% set o = s.overview %}{{ Y }}年部门预算收入{{ o.income|amt }}万元，其中：{% for p in o.income_parts %}{{ p.name }}"
      "{{ p.amount|amt }}万元，占{{ p.share|pct }}{{ '。' if loop.last else '；' }}{% endfor %}")
    Q("{% set o = s.overview %}{{ Y }}年部门预算支出{{ o.expense|amt }}万元，其中：基本支出{{ o.basic|amt }}万元，"
      "占{{ o.basic_share|pct }}；项目支出{{ o.project|amt }}万元，占{{ o.project_share|pct }}。")
    Q("按照支出功能分类科目，主要用于：")
    T("{%p for k in s.overview.classes %}")
    Q("{{ loop.index }}. {{ k.name }}{{ k.amount|amt }}万元。")
    T("{%p endfor %}")

    T("{%p elif c.id == 'gpb_b' %}")
    Q("{% set g = s.gpb %}{{ Y }}年一般公共预算安排支出{{ g.total|amt }}万元（按功能分类到项级详见{{ refs.gpb }}），具体情况如下：")
    Q("{% set g = s.gpb %}（一）基本支出{{ g.basic|amt }}万元，主要用于人员经费（工资福利支出、对个人和家庭补助支出）、"
      "公用经费（商品和服务支出）{% if g.basic_change.known %}，{{ g.basic_change" + cmp + " }}"
      "{% if g.basic_reason %}，变动的主要原因是{{ g.basic_reason }}{% endif %}{% endif %}。")
    Q("{% set g = s.gpb %}（二）项目支出{{ g.project|amt }}万元{% if g.project_change.known %}，{{ g.project_change" + cmp + " }}"
      "{% if g.project_reason %}，变动的主要原因是{{ g.project_reason }}{% endif %}{% endif %}。"
      "{% if g.project_items %}其中按功能科目分类，主要用于：{% endif %}")
    T("{%p for i in s.gpb.project_items %}")
    Q("{{ loop.index }}. {{ i.name }}{{ i.amount|amt }}万元。")
    T("{%p endfor %}")

    T("{%p elif c.id == 'basic_b' %}")
    Q("{% set g = s.gpb %}{{ Y }}年一般公共预算基本支出{{ g.basic|amt }}万元（按经济分类到款级详见{{ refs.basic }}）。{% if g.split %}其中：{% endif %}")
    T("{%p if s.gpb.split %}")
    Q("{% set g = s.gpb %}（一）人员经费{{ g.personnel|amt }}万元。包括：工资福利支出{{ g.e301|amt }}万元"
      "{% if g.e301_items %}，主要用于：{{ g.e301_items|join('、') }}等{% endif %}。对个人和家庭的补助{{ g.e303|amt }}万元"
      "{% if g.e303_items %}，主要用于：{{ g.e303_items|join('、') }}等{% endif %}。")
    Q("{% set g = s.gpb %}（二）公用经费{{ g.public|amt }}万元{% if g.public_items %}。主要用于：{{ g.public_items|join('、') }}等{% endif %}。")
    T("{%p endif %}")

    T("{%p elif c.id == 'perf_b' %}")
    Q("{{ Y }}年本部门所有项目支出均纳入预算绩效管理，涉及一般公共预算{{ s.gpb.project|amt }}万元；部门整体支出纳入绩效目标管理，"
      "涉及一般公共预算{{ s.gpb.total|amt }}万元。")

    T("{%p elif c.id == 'services' %}")
    Q("{% if s.services.amount %}{{ Y }}年本部门政府购买服务预算{{ s.services.amount|amt }}万元。"
      "{% else %}{{ Y }}年本部门无政府购买服务支出。{% endif %}")

    T("{%p elif c.id == 'sangong_scope_b' %}")
    Q("{{ Y }}年{{ dept }}因公出国（境）费、公务接待费、公务用车购置及运行维护费开支单位包括{{ dept }}机关"
      "{% if texts.org.units %}及{{ texts.org.units|join('、') }}{% endif %}。")

    T("{%p elif c.id == 'sangong_b' %}")
    Q("{% set g = s.sangong %}{{ Y }}年部门一般公共预算安排“三公”经费预算{{ g.total|amt }}万元"
      "{% if g.total_change.known %}，{{ g.total_change" + cmp + " }}{% endif %}。具体情况如下：")
    Q("{% set g = s.sangong %}（一）因公出国（境）费{{ g.abroad|amt }}万元{% if g.abroad_change.known %}，"
      "{{ g.abroad_change" + cmp + " }}{% endif %}{% if g.abroad_reason %}，主要原因是{{ g.abroad_reason }}{% endif %}。")
    Q("{% set g = s.sangong %}（二）公务接待费{{ g.reception|amt }}万元{% if g.reception_change.known %}，"
      "{{ g.reception_change" + cmp + " }}{% endif %}{% if g.reception_reason %}，主要原因是{{ g.reception_reason }}{% endif %}。")
    Q("{% set g = s.sangong %}（三）公务用车购置及运行维护费{{ g.vehicle|amt }}万元{% if g.vehicle_change.known %}，"
      "{{ g.vehicle_change" + cmp + " }}{% endif %}。其中：1. 公务用车购置费{{ g.purchase|amt }}万元"
      "{% if g.purchase_reason %}，主要原因是{{ g.purchase_reason }}{% endif %}；2. 公务用车运行维护费{{ g.run|amt }}万元"
      "{% if g.run_reason %}，主要原因是{{ g.run_reason }}{% endif %}。")
    T("{%p endif %}")
    T("{%p endfor %}")
    T("{%p endfor %}")


def label_cell(cell, default: str, key: str):
    """A header cell printing ``default`` unless the format's ``overall_labels`` has ``key``; paragraph tags, so
    the default prints exactly as a literal cell would."""
    p = cell_text(cell, default, bold=True)._p
    tags = ("{%%p if not s.performance.labels.get('%s') %%}" % key, "{%p else %}",
            "{{ s.performance.labels.get('%s') }}" % key, "{%p endif %}")
    made = []
    for text in tags:
        q = copy.deepcopy(p)
        q.find(qn("w:r")).find(qn("w:t")).text = text
        made.append(q)
    p.addprevious(made[0])
    p.addnext(made[1])
    made[1].addnext(made[2])
    made[2].addnext(made[3])


def performance(doc):
    """部门整体支出绩效目标表 and the 项目 tables (one per project)."""
    T = lambda text: tag(doc, text)  # noqa: E731
    o = "s.performance"
    T("{%p elif sec.id == 'perf_overall' %}")
    para(doc, "{{ perf_titles.overall }}", "附件标题")
    p = para(doc, "填报日期：{{ %s.date|date }}\t单位：万元" % o, "表头信息")
    p.paragraph_format.tab_stops.add_tab_stop(Cm(25.0), alignment=2)
    w = [3.2, 3.0, 4.2, 3.2, 2.4, 3.2, 3.2]
    t = new_table(doc, 2, 7, w)
    r = t.rows
    label_cell(r[0].cells[0], "部门（单位）名称", "name")
    r[0].cells[1].merge(r[0].cells[6])
    cell_text(r[0].cells[1], "{{ dept }}")
    cell_text(r[1].cells[0], "填报人", bold=True)
    r[1].cells[1].merge(r[1].cells[2])
    cell_text(r[1].cells[1], "{{ %s.filler }}" % o)
    cell_text(r[1].cells[3], "联系电话", bold=True)
    r[1].cells[4].merge(r[1].cells[6])
    cell_text(r[1].cells[4], "{{ %s.phone }}" % o)
    # 部门总体资金情况: two prior-year columns (A: 前年, 上年) or one (B: 上年预算安排情况) — o.prev_labels
    for variant, cond in ((2, "{%%tr if %s.prev_labels|length == 2 %%}" % o), (1, "{%tr else %}")):
        cell_text(t.add_row().cells[0], cond, align="left")
        hdr = t.add_row()
        for i, h in enumerate(("部门总体资金情况", "总体资金情况", "", "当年金额", "占比",
                               "{{ %s.prev_labels[0] }}" % o, "{{ %s.prev_labels[1] }}" % o)):
            cell_text(hdr.cells[i], h if variant == 2 or i < 5 else ("{{ %s.prev_labels[0] }}" % o if i == 5 else ""),
                      bold=True)
        hdr.cells[1].merge(hdr.cells[2])
        cell_text(hdr.cells[1], "总体资金情况", bold=True)
        if variant == 1:
            hdr.cells[5].merge(hdr.cells[6])
        for block, label in (("income", "收入构成"), ("spend", "支出构成")):
            loop_rows(t, "{%%tr for x in %s.%s %%}" % (o, block),
                      ["", label, "{{ x.label }}", "{{ x.amount|cell }}", "{{ x.share|pct }}", "{{ x.prev2|cell }}",
                       "{{ x.prev1|cell }}"] if variant == 2 else
                      ["", label, "{{ x.label }}", "{{ x.amount|cell }}", "{{ x.share|pct }}", "{{ x.prev1|cell }}", ""],
                      "{%tr endfor %}", aligns=["center", "center", "left", "right", "right", "right", "right"])
            if variant == 1:
                t.rows[-2].cells[5].merge(t.rows[-2].cells[6])
    cell_text(t.add_row().cells[0], "{%tr endif %}", align="left")
    for label, key in (("部门职能概述", "functions"), ("年度工作任务", "tasks")):
        loop_rows(t, "{%%tr for f in texts.overall.%s %%}" % key,
                  [label, "{{ loop.index }}. {{ f }}", "", "", "", "", ""], "{%tr endfor %}",
                  aligns=["center", "left"] + ["left"] * 5)
        row = t.rows[-2]
        row.cells[1].merge(row.cells[6])
    hdr = t.add_row()
    for i, h in enumerate(("项目支出情况", "项目名称", "", "支出项目类别", "项目总预算", "项目本年度预算",
                           "项目主要支出方向和用途")):
        cell_text(hdr.cells[i], h, bold=True)
    label_cell(hdr.cells[3], "支出项目类别", "category")
    hdr.cells[1].merge(hdr.cells[2])
    cell_text(hdr.cells[1], "项目名称", bold=True)
    loop_rows(t, "{%tr for p in projects %}",
              ["", "{{ p.overall_name }}", "", "{{ p.category }}", "{{ p.total_budget|cell }}", "{{ p.amount|cell }}",
               "{{ p.purpose }}"], "{%tr endfor %}", aligns=["center", "left", "left", "center", "right", "right", "left"])
    row = t.rows[-2]
    row.cells[1].merge(row.cells[2])
    hdr = t.add_row()
    cell_text(hdr.cells[0], "整体绩效总目标", bold=True)
    hdr.cells[1].merge(hdr.cells[3])
    cell_text(hdr.cells[1], "长期目标（截止{{ %s.long_until }}年）" % o, bold=True)
    hdr.cells[4].merge(hdr.cells[6])
    cell_text(hdr.cells[4], "年度目标", bold=True)
    loop_rows(t, "{%%tr for g in %s.goals %%}" % o,
              ["", "目标{{ g.no }}：{{ g.long }}", "", "", "目标{{ g.no }}：{{ g.annual }}", "", ""], "{%tr endfor %}",
              aligns=["center", "left", "left", "left", "left", "left", "left"])
    row = t.rows[-2]
    row.cells[1].merge(row.cells[3])
    row.cells[4].merge(row.cells[6])
    # per goal: long-term indicators, then annual indicators; the annual grid has the 前年/上年 columns
    # (A) or the long grid's 指标值 / 说明 columns (B) — o.annual_history
    merged = ["{{ i.level1 }}", "{{ i.level2 }}", "{{ i.level3 }}", "{{ i.value }}", "", "{{ i.basis }}"]
    history = ["{{ i.level1 }}", "{{ i.level2 }}", "{{ i.level3 }}", "{{ i.prev2 }}", "{{ i.prev1 }}", "{{ i.value }}"]

    def grid(kind, cols, with_history):
        hdr = t.add_row()
        heads = (["{{ g.short }}", "一级指标", "二级指标", "三级指标", "前年", "上年", "预期当年实现值"] if with_history else
                 ["{{ g.short }}", "一级指标", "二级指标", "三级指标", "指标值", "", "指标值确定依据"])
        for i, h in enumerate(heads):
            cell_text(hdr.cells[i], h, bold=True)
        if not with_history:
            label_cell(hdr.cells[6], "指标值确定依据", "basis")
        if not with_history:
            hdr.cells[4].merge(hdr.cells[5])
            cell_text(hdr.cells[4], "指标值", bold=True)
        loop_rows(t, "{%%tr for i in g.%s_indicators %%}" % kind, [""] + cols, "{%tr endfor %}",
                  aligns=["center"] * 7)
        if not with_history:
            row = t.rows[-2]
            row.cells[4].merge(row.cells[5])

    for kind, title in (("long", "长期目标{{ g.no }}：{{ g.long }}"), ("annual", "年度目标{{ g.no }}：{{ g.annual }}")):
        row = t.add_row()
        cell_text(row.cells[0], "{%%tr for g in %s.goals %%}" % o, align="left")
        row = t.add_row()
        cell_text(row.cells[0], title.split("：")[0] + "：", bold=True)
        row.cells[1].merge(row.cells[6])
        cell_text(row.cells[1], "{{ g.%s }}" % kind, align="left")
        if kind == "long":
            grid(kind, merged, False)
        else:
            cell_text(t.add_row().cells[0], "{%%tr if %s.annual_history %%}" % o, align="left")
            grid(kind, history, True)
            cell_text(t.add_row().cells[0], "{%tr else %}", align="left")
            grid(kind, merged, False)
            cell_text(t.add_row().cells[0], "{%tr endif %}", align="left")
        row = t.add_row()
        cell_text(row.cells[0], "{%tr endfor %}", align="left")

    T("{%p elif sec.id == 'perf_projects' %}")
    T("{%p if fmt.project_tables == 'three' %}")
    project_tables_b(doc)
    T("{%p else %}")
    T("{%p for p in table_projects %}")
    para(doc, "{{ perf_titles.project }}", "附件标题")
    p = para(doc, "申报日期：{{ p.date|date }}\t单位：万元", "表头信息")
    p.paragraph_format.tab_stops.add_tab_stop(Cm(25.0), alignment=2)
    w = [3.6, 4.2, 3.4, 3.4, 3.4, 3.2]
    t = new_table(doc, 0, 6, w)
    pairs = (("项目名称", "{{ p.name }}", "项目编码", "{{ p.code }}"),
             ("项目主管部门", "{{ p.department }}", "项目执行单位", "{{ p.executor }}"),
             ("项目负责人", "{{ p.leader }}", "联系电话", "{{ p.phone }}"),
             ("单位地址", "{{ p.address }}", "邮政编码", "{{ p.postcode }}"))
    for a, b, c, d in pairs:
        row = t.add_row()
        cell_text(row.cells[0], a, bold=True)
        row.cells[1].merge(row.cells[2])
        cell_text(row.cells[1], b, align="left")
        cell_text(row.cells[3], c, bold=True)
        row.cells[4].merge(row.cells[5])
        cell_text(row.cells[4], d, align="left")
    for a, b in (("项目属性", "{{ p.attribute }}"), ("支出项目类别", "{{ p.category }}"),
                 ("起止年度", "{{ p.start_year or '' }}—{{ p.end_year or '' }}"), ("项目立项依据", "{{ p.basis }}"),
                 ("项目实施方案", "{{ p.plan }}"),
                 ("项目总预算", "{{ p.total_budget|cell }}（项目当年预算 {{ p.amount|cell }}）"),
                 ("项目前两年预算及当年预算变动情况", "{% if p.prior_unknown %}{% elif p.prev1 is none %}{% if p.prev2 is not none %}"
                  "{{ Y - 2 }}年预算{{ p.prev2|amt }}万元{% else %}本年新增项目{% endif %}{% elif p.change.same %}无变动"
                  "{% else %}{% if p.prev2 is not none %}{{ Y - 2 }}年预算{{ p.prev2|amt }}万元，{% endif %}"
                  "{{ Y1 }}年预算{{ p.prev1|amt }}万元，本年预算{{ p.change|change }}"
                  "{% if p.change_reason %}，变动原因为{{ p.change_reason }}{% endif %}{% endif %}")):
        row = t.add_row()
        cell_text(row.cells[0], a, bold=True)
        row.cells[1].merge(row.cells[5])
        cell_text(row.cells[1], b, align="left")
    row = t.add_row()
    cell_text(row.cells[0], "项目资金来源", bold=True)
    row.cells[1].merge(row.cells[4])
    cell_text(row.cells[1], "合计", bold=True)
    cell_text(row.cells[5], "{{ p.sources_total|cell }}", align="right")
    loop_rows(t, "{%tr for n, v in p.sources %}", ["", "{{ loop.index }}. {{ n }}", "", "", "", "{{ v|cell }}"],
              "{%tr endfor %}", aligns=["center", "left", "left", "left", "left", "right"])
    row = t.rows[-2]
    row.cells[1].merge(row.cells[4])
    hdr = t.add_row()
    for i, h in enumerate(("项目支出明细测算", "项目活动", "活动内容表述", "支出经济分类", "金额", "测算依据及说明")):
        cell_text(hdr.cells[i], h, bold=True)
    loop_rows(t, "{%tr for l in p.lines %}",
              ["", "{{ l.activity or '' }}", "{{ l.content or '' }}", "{{ l.econ or '' }}", "{{ l.amount|cell }}",
               "{{ l.basis or '' }}"], "{%tr endfor %}", aligns=["center", "left", "left", "left", "right", "left"])
    hdr = t.add_row()
    for i, h in enumerate(("项目采购", "品名", "采购类别", "数量", "金额", "")):
        cell_text(hdr.cells[i], h, bold=True)
    loop_rows(t, "{%tr for q in p.procurement %}",
              ["", "{{ q.item }}", "{{ q.category }}", "{{ q.quantity or '' }}", "{{ q.amount|cell }}", ""],
              "{%tr endfor %}", aligns=["center", "left", "center", "center", "right", "left"])
    row = t.add_row()
    cell_text(row.cells[0], "项目绩效总目标", bold=True)
    cell_text(row.cells[1], "{{ p.goal_name }}", align="left")
    row.cells[2].merge(row.cells[5])
    cell_text(row.cells[2], "{{ p.goal_text }}", align="left")
    for kind, label, cols in (("long", "长期绩效目标", ["{{ i.goal_name }}", "{{ i.level1 }}", "{{ i.level2 }}",
                                                      "{{ i.level3 }}", "{{ i.value }}", "{{ i.basis }}"]),
                              ("annual", "年度绩效目标", ["{{ i.goal_name }}", "{{ i.level1 }}/{{ i.level2 }}",
                                                        "{{ i.level3 }}", "{{ i.prev2 }}", "{{ i.prev1 }}", "{{ i.value }}"])):
        hdr = t.add_row()
        heads = (["目标名称", "一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据"] if kind == "long"
                 else ["目标名称", "一级/二级指标", "三级指标", "前年", "上年", "预计当年实现"])
        for i, h in enumerate(heads):
            cell_text(hdr.cells[i], h, bold=True)
        loop_rows(t, "{%%tr for i in p.%s %%}" % kind, cols, "{%tr endfor %}", aligns=["left"] * 6)
    T("{%p if not loop.last %}")
    B.page_break(doc)
    T("{%p endif %}")
    T("{%p endfor %}")
    T("{%p endif %}")


HISTORY = ("{% for h in p.history %}{{ h.year }}年预算{{ h.budget|amt }}万元{% if h.exec is not none %}，执行{{ h.exec|amt }}万元"
           "{% endif %}{% if not loop.last %}；{% endif %}{% endfor %}"
           "{% if p.prev1 is none and not p.prior_unknown and not p.history %}新增项目{% endif %}")


def _info_row(t, pairs: int) -> None:
    """A 项目基本信息表 row of ``pairs`` (label, value) pairs over the six columns; the last value spans
    to the last column."""
    row = t.add_row()
    B.set_cant_split(row)
    for i in range(pairs):
        cell_text(row.cells[2 * i], "{{ r[%d].label }}" % i, bold=True)
        if i == pairs - 1 and 2 * i + 1 < 5:
            row.cells[2 * i + 1].merge(row.cells[5])
        cell_text(row.cells[2 * i + 1], _info_value(i), align="left")


def _info_value(i: int) -> str:
    """The value cell of pair i of a 项目基本信息表 row: the entered text, or the worded 预算及执行情况."""
    return "{%% if r[%d].key == 'history' %%}%s{%% else %%}{{ r[%d].text }}{%% endif %%}" % (i, HISTORY, i)


def project_tables_b(doc):
    """Format B: three tables per project (budget spec §5.2 B).  The 项目基本信息表 rows and the 资金投入表
    labels come from formats.yaml (project_info, project_sources, project_funds_labels)."""
    T = lambda text: tag(doc, text)  # noqa: E731
    L = "project_funds_labels"
    T("{%p for p in table_projects %}")
    para(doc, "项目基本信息表", "附件标题")
    # six columns: a row of three (label, value) pairs fills them; two pairs: the second value spans three;
    # one pair: the value spans five
    t = new_table(doc, 0, 6, [4.6, 5.4, 2.6, 5.4, 2.6, 5.0])
    cell_text(t.add_row().cells[0], "{%tr for r in p.info %}", align="left")
    for pairs, branch in ((1, "{%tr if r|length == 1 %}"), (2, "{%tr elif r|length == 2 %}"), (3, "{%tr else %}")):
        cell_text(t.add_row().cells[0], branch, align="left")
        _info_row(t, pairs)
    cell_text(t.add_row().cells[0], "{%tr endif %}", align="left")
    cell_text(t.add_row().cells[0], "{%tr endfor %}", align="left")
    para(doc, "项目预算资金投入表", "附件标题")
    t = new_table(doc, 0, 4, [6.6, 6.6, 6.6, 5.8])
    row = t.add_row()
    for i, text in enumerate(("{{ %s.total }}" % L, "{{ p.total_budget|cell }}", "{{ %s.amount }}" % L, "{{ p.amount|cell }}")):
        cell_text(row.cells[i], text, bold=i in (0, 2), align="center" if i in (0, 2) else "right")
    row = t.add_row()
    row.cells[0].merge(row.cells[3])
    cell_text(row.cells[0], "{{ %s.sources }}" % L, bold=True)
    loop_rows(t, "{%tr for n, v in p.sources %}", ["{{ loop.index }}、{{ n }}", "", "", "{{ v|cell }}"],
              "{%tr endfor %}", aligns=["left", "left", "left", "right"])
    t.rows[-2].cells[0].merge(t.rows[-2].cells[2])
    row = t.add_row()
    row.cells[0].merge(row.cells[3])
    cell_text(row.cells[0], "{{ %s.lines }}" % L, bold=True)
    row = t.add_row()
    for i, text in enumerate(("{{ %s.line_columns[0] }}" % L, "{{ %s.line_columns[1] }}" % L, "",
                              "{{ %s.line_columns[2] }}" % L)):
        cell_text(row.cells[i], text, bold=True)
    row.cells[1].merge(row.cells[2])
    cell_text(row.cells[1], "{{ %s.line_columns[1] }}" % L, bold=True)
    loop_rows(t, "{%tr for l in p.lines %}",
              ["{{ l.content or l.activity or '' }}", "{{ l.econ or '' }}", "", "{{ l.amount|cell }}"],
              "{%tr endfor %}", aligns=["left", "left", "left", "right"])
    t.rows[-2].cells[1].merge(t.rows[-2].cells[2])
    row = t.add_row()
    row.cells[0].merge(row.cells[3])
    cell_text(row.cells[0], "{{ %s.procurement }}" % L, bold=True)
    row = t.add_row()
    for i in range(4):
        cell_text(row.cells[i], "{{ %s.procurement_columns[%d] }}" % (L, i), bold=True)
    loop_rows(t, "{%tr for q in p.procurement %}",
              ["{{ q.category }}", "{{ q.item }}", "{{ q.quantity or '' }}", "{{ q.amount|cell }}"],
              "{%tr endfor %}", aligns=["center", "left", "center", "right"])
    row = t.add_row()
    cell_text(row.cells[0], "{{ %s.goal }}" % L, bold=True)
    row.cells[1].merge(row.cells[3])
    cell_text(row.cells[1], "{{ p.goal_text }}", align="left")
    para(doc, "项目绩效目标评价指标表", "附件标题")
    para(doc, "单位名称：{{ dept }}　项目名称：{{ p.name }}　项目{{ Y }}年本级财拨预算金额：{{ p.amount|amt }}（万元）", "表头信息")
    t = new_table(doc, 1, 5, [3.4, 3.8, 8.6, 4.0, 5.8])
    B.set_repeat_header(t.rows[0])
    for i, text in enumerate(("一级目标", "二级目标", "明细指标内容", "指标值", "指标说明")):
        cell_text(t.rows[0].cells[i], text, bold=True)
    loop_rows(t, "{%tr for i in p.b_indicators %}",
              ["{{ i.level1_b }}", "{{ i.level2_b }}", "{{ i.level3 }}", "{{ i.value }}", "{{ i.basis }}"],
              "{%tr endfor %}", aligns=["center", "center", "left", "center", "left"])
    T("{%p if not loop.last %}")
    B.page_break(doc)
    T("{%p endif %}")
    T("{%p endfor %}")


def build(path: Path):
    doc = Document()
    B.setup_styles(doc)
    st = B.style(doc, "TOC 3", east_asia=B.BODY_FONT, size=14, indent=False, line=26)
    st.paragraph_format.left_indent = Cm(1.6)
    st.paragraph_format.tab_stops.add_tab_stop(Cm(15.5), alignment=2, leader=1)
    sec0 = doc.sections[0]
    sec0.page_width, sec0.page_height = Cm(21.0), Cm(29.7)
    sec0.top_margin, sec0.bottom_margin = Cm(3.7), Cm(3.5)
    sec0.left_margin, sec0.right_margin = Cm(2.8), Cm(2.6)
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    sec0.different_first_page_header_footer = True     # no page number on the cover
    B.footer_page_number(sec0)

    tag(doc, "{%p if fmt.cover %}")
    p = para(doc, "{{ cover.line1 }}", "封面标题")
    p.paragraph_format.space_before = Pt(200)
    para(doc, "{{ cover.line2 }}", "封面标题")
    B.page_break(doc)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if fmt.toc %}")
    B.toc_block(doc, depth=3)
    tag(doc, "{%p endif %}")

    tag(doc, "{%p for part in parts %}")
    tag(doc, "{%p if part.id == 'tables' %}")
    sect_para(doc, landscape=False)          # ends the portrait pages before the tables
    tag(doc, "{%p elif not loop.first %}")
    B.page_break(doc)
    tag(doc, "{%p endif %}")
    para(doc, "{{ part.heading }}", "Heading 1")
    tag(doc, "{%p if part.id in ['explanation', 'sangong_part'] %}")
    explanation(doc)
    tag(doc, "{%p elif part.id == 'glossary' %}")
    tag(doc, "{%p for g in glossary %}")
    P(doc, "{{ g.number }}{{ g.term }}：{{ g.first }}")
    tag(doc, "{%p for m in g.more %}")
    P(doc, "{{ m }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if fmt.contact_placement == 'glossary' and phone %}")
    P(doc, "公开咨询电话：{{ phone }}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p elif part.id == 'tables' %}")
    tag(doc, "{%p for sec in part.children %}")
    tag(doc, "{%p if not loop.first %}")
    B.page_break(doc)
    tag(doc, "{%p endif %}")
    para(doc, "{{ sec.heading }}", "Heading 2")
    tag(doc, "{%p if sec.id in tables and tables[sec.id].layout %}")
    layout_tables(doc)
    tag(doc, "{%p elif sec.id == 'summary' %}")
    table_block(doc, "summary")
    pair_table(doc, "summary")
    tag(doc, "{%p elif sec.id == 'fiscal' %}")
    table_block(doc, "fiscal")
    pair_table(doc, "fiscal")
    hidden = formats().get("layout_only_columns") or {}
    for tid, sheet in (("income", S.INCOME), ("expense", S.EXPENSE), ("gpb", S.GPB), ("basic", S.BASIC),
                       ("fund", S.FUND), ("soe", S.SOE)):
        tag(doc, "{%%p elif sec.id == '%s' %%}" % tid)
        table_block(doc, tid)
        # the rows of tables.<tid>; the default layout leaves out the columns only a format's own set prints
        B.func_table(doc, default_sheet(sheet, hidden.get(tid)), "tables.%s" % tid)
    tag(doc, "{%p elif sec.id == 'sangong' %}")
    table_block(doc, "sangong")
    sangong_table(doc, "sangong")
    tag(doc, "{%p elif sec.id == 'projects' %}")
    table_block(doc, "projects")
    projects_table(doc, "projects")
    performance(doc)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if sec.id in tables %}")
    tag(doc, "{%p for n in tables[sec.id].notes %}")
    para(doc, "{{ n }}", "表注")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    sect_para(doc, landscape=True)           # ends the landscape table pages
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.core_properties.author = "reportgen"
    doc.core_properties.title = "部门预算公开模板"
    doc.save(path)


if __name__ == "__main__":
    out = ROOT / "templates" / "budget" / "document.docx"
    build(out)
    print(out)
