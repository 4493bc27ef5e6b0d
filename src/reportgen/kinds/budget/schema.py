"""The input workbook of a 部门预算 (budget): its sheets, columns and fields.

Only leaves are entered: 项 rows of the function-classified tables, 款 rows of the 基本支出表,
one 三公 row, one row per project and its detail lines.  收支总表, 财政拨款收支总表 and 项目支出表
are derived entirely; 收入总表 and 支出总表 are derived from 一般公共预算支出表 (plus 政府性基金 and
国有资本经营) when the department has no other money, or entered when it has.
"""
from __future__ import annotations

from ...workbook.schema import (
    CODE, DATE, INT, MONEY, TEXT,
    Column, Field, FuncTableSheet, KVSheet, ListSheet, RowTableSheet, WorkbookSchema,
)


def _sum(*keys):
    return tuple((k, 1) for k in keys)


INCOME_SOURCES = (
    ("gpb", "一般公共预算拨款收入"),
    ("fund", "政府性基金预算拨款收入"),
    ("soe", "国有资本经营预算拨款收入"),
    ("special", "财政专户管理资金收入"),
    ("business", "事业收入"),
    ("operating", "事业单位经营收入"),
    ("upper", "上级补助收入"),
    ("affiliated", "附属单位上缴收入"),
    ("other", "其他收入"),
)

INCOME = FuncTableSheet(
    name="收入总表", table="income", required=False, title="收入总表",
    help="有一般公共预算拨款以外收入（事业收入、财政专户管理资金等）的单位按项级科目填写；"
         "只有财政拨款的单位可删除本表，程序按一般公共预算支出表等生成。"
         "“用事业基金弥补收支差额”只有格式 B 的公开表2 列出（格式 A 的收入总表没有此栏）。",
    columns=(
        Column(1, "total", "合计", formula=_sum(*(k for k, _ in INCOME_SOURCES), "carry", "fund_balance")),
        *(Column(i + 2, key, label) for i, (key, label) in enumerate(INCOME_SOURCES)),
        Column(len(INCOME_SOURCES) + 2, "carry", "上年结转结余"),
        # 格式 B 公开表2 (budget spec §2.2); 收支总表: 收入总计 = 本年收入合计 + 上年结转 + 此栏 (R3)
        Column(len(INCOME_SOURCES) + 3, "fund_balance", "用事业基金弥补收支差额", optional=True),
    ),
)

EXPENSE = FuncTableSheet(
    name="支出总表", table="expense", required=False, title="支出总表",
    help="有一般公共预算以外支出的单位按项级科目填写；只有财政拨款的单位可删除本表。"
         "“结转下年”只有格式 B 的公开表3 列出，各科目之和即收支总表的“结转下年”（格式 A 留空，年终结转结余填在“结转结余”表）。",
    columns=(
        Column(1, "total", "合计",
               formula=_sum("basic", "project", "operating", "to_upper", "to_affiliated", "carry_next")),
        Column(2, "basic", "基本支出"),
        Column(3, "project", "项目支出"),
        Column(4, "operating", "事业单位经营支出"),
        Column(5, "to_upper", "上缴上级支出"),
        Column(6, "to_affiliated", "对附属单位补助支出"),
        # 格式 B 公开表3 (budget spec §2.3, R8); 收支总表: 支出总计 = 本年支出合计 + 结转下年 (R4)
        Column(7, "carry_next", "结转下年", optional=True),
    ),
)

GPB = FuncTableSheet(
    name="一般公共预算支出表", table="gpb", title="一般公共预算支出表",
    help="按项级科目填写人员经费、公用经费、项目支出；小计、合计和类、款行自动计算。",
    columns=(
        Column(1, "total", "合计", formula=_sum("personnel", "public", "project")),
        Column(2, "basic", "小计", group="基本支出", formula=_sum("personnel", "public")),
        Column(3, "personnel", "人员经费", group="基本支出"),
        Column(4, "public", "公用经费", group="基本支出"),
        Column(5, "project", "项目支出"),
    ),
)

BASIC = FuncTableSheet(
    name="一般公共预算基本支出表", table="basic", title="一般公共预算基本支出表", classification="economic",
    help="按部门预算支出经济分类款级（5位）科目填写人员经费、公用经费；301、302、303 类行和合计自动计算。",
    columns=(
        Column(1, "total", "合计", group="本年一般公共预算基本支出", formula=_sum("personnel", "public")),
        Column(2, "personnel", "人员经费", group="本年一般公共预算基本支出"),
        Column(3, "public", "公用经费", group="本年一般公共预算基本支出"),
    ),
)

SANGONG = RowTableSheet(
    name="一般公共预算三公经费支出表", table="sangong", title="一般公共预算“三公”经费支出表",
    aliases=("一般公共预算“三公”经费支出表",),
    help="填写因公出国（境）费、公务用车购置费、公务用车运行维护费、公务接待费；合计、小计自动计算。",
    columns=(
        Column(1, "total", "“三公”经费合计", formula=_sum("abroad", "vehicle", "reception")),
        Column(2, "abroad", "因公出国（境）费"),
        Column(3, "vehicle", "小计", group="公务用车购置及运行维护费", formula=_sum("purchase", "run")),
        Column(4, "purchase", "公务用车购置费", group="公务用车购置及运行维护费"),
        Column(5, "run", "公务用车运行维护费", group="公务用车购置及运行维护费"),
        Column(6, "reception", "公务接待费"),
    ),
)

FUND = FuncTableSheet(
    name="政府性基金预算支出表", table="fund", required=False, title="政府性基金预算支出表",
    help="没有政府性基金预算拨款的单位保留空表即可。",
    columns=(
        Column(1, "total", "合计", group="本年政府性基金预算支出", formula=_sum("basic", "project")),
        Column(2, "basic", "基本支出", group="本年政府性基金预算支出"),
        Column(3, "project", "项目支出", group="本年政府性基金预算支出"),
    ),
)

SOE = FuncTableSheet(
    name="国有资本经营预算支出表", table="soe", required=False, title="国有资本经营预算支出表",
    help="没有国有资本经营预算拨款的单位保留空表即可。",
    columns=(
        Column(1, "total", "合计", group="本年国有资本经营预算支出", formula=_sum("basic", "project")),
        Column(2, "basic", "基本支出", group="本年国有资本经营预算支出"),
        Column(3, "project", "项目支出", group="本年国有资本经营预算支出"),
    ),
)

CARRY = KVSheet(
    name="结转结余", required=False,
    help="上年结转结余和年终结转结余（万元），没有则留空。",
    fields=(
        Field("carry_gpb", "上年结转-一般公共预算拨款"),
        Field("carry_fund", "上年结转-政府性基金预算拨款"),
        Field("carry_soe", "上年结转-国有资本经营预算拨款"),
        Field("closing", "年终结转结余"),
    ),
)

PRIOR = KVSheet(
    name="上年预算数",
    help="上年部门预算中的数字，用于“比上年预算增加/减少”。A 列为项目，B 列为金额（万元）。",
    fields=(
        Field("total", "部门预算总额", help="上年收入总计（格式 B 的“部门总预算”比较用）"),
        Field("gpb", "一般公共预算财政拨款支出", required=True),
        Field("personnel_projects", "人员类项目支出", help="项目化口径（格式 A）"),
        Field("public_projects", "公用经费运转类项目支出", help="项目化口径（格式 A）"),
        Field("special_projects", "特定目标类项目支出", help="项目化口径（格式 A）"),
        Field("basic", "基本支出", help="基本/项目口径（格式 B）"),
        Field("project", "项目支出", help="基本/项目口径（格式 B）"),
        Field("fiscal", "财政拨款", help="上年财政拨款预算（一般公共预算 + 政府性基金 + 国有资本经营）；格式 B 部门整体绩效目标"
                                     "申报表“上年预算安排情况”用；本年只有一般公共预算拨款时可不填（取一般公共预算数）"),
        Field("other_funds", "其他资金", help="上年财政拨款以外的预算资金（没有填 0）；格式 B 部门整体绩效目标申报表“上年预算安排情况”用"),
        Field("sg_abroad", "“三公”经费-因公出国（境）费", aliases=("三公经费-因公出国（境）费",)),
        Field("sg_purchase", "“三公”经费-公务用车购置费", aliases=("三公经费-公务用车购置费",)),
        Field("sg_run", "“三公”经费-公务用车运行维护费", aliases=("三公经费-公务用车运行维护费",)),
        Field("sg_reception", "“三公”经费-公务接待费", aliases=("三公经费-公务接待费",)),
        Field("sg_total", "“三公”经费合计", aliases=("三公经费合计",), help="上年未分项公开时填写"),
        Field("sg_vehicle", "“三公”经费-公务用车购置及运行维护费", aliases=("三公经费-公务用车购置及运行维护费",),
              help="上年未分购置、运行维护公开时填写"),
        Field("admin_cost", "机关运行经费"),
    ),
)

PRIOR2 = KVSheet(
    name="前年预算数", required=False,
    help="前年（上上年）的数字，只用于部门整体支出绩效目标表的“近两年收支金额”。",
    fields=(
        Field("fiscal", "财政拨款"),
        Field("special", "财政专户管理资金"),
        Field("unit", "单位资金"),
        Field("personnel_projects", "人员类项目支出"),
        Field("public_projects", "运转类项目支出"),
        Field("special_projects", "特定目标类项目支出"),
    ),
)

STAFF = KVSheet(
    name="人员编制",
    help="编制数和实有人数（人）；各“其中”之和应等于总数。未公开的项留空，说明中不写该项。",
    fields=(
        Field("quota", "总编制人数", INT),
        Field("quota_admin", "行政编制", INT),
        Field("quota_inst", "事业编制", INT),
        Field("actual", "在职实有人数", INT),
        Field("actual_admin", "实有-行政编制", INT),
        Field("actual_worker", "实有-工勤人员", INT),
        Field("actual_inst", "实有-事业编制", INT),
        Field("actual_civil", "实有-参照公务员法管理", INT, help="事业编制中参照公务员法管理的人数"),
        Field("retired", "离退休人员", INT),
        Field("retired_li", "离休", INT),
        Field("retired_tui", "退休", INT),
        Field("as_of", "人数截至日期", DATE, help="格式 B 写“截至上年12月”"),
    ),
)

# every format's 项目类别 (formats.yaml project_categories); a category of another format is a check finding
PROJECT_CATEGORIES = ("人员类", "运转类", "特定目标类", "经常性项目支出", "延续性项目支出", "一次性项目支出")

PROJECTS = ListSheet(
    name="项目",
    help="本年一般公共预算项目，一行一个项目；项目名称在说明、项目支出表和项目绩效目标表中一致。",
    columns=(
        Field("name", "项目名称", TEXT, required=True, width=28),
        Field("code", "项目编码", TEXT, width=24),
        Field("category", "支出项目类别", TEXT, required=True, choices=PROJECT_CATEGORIES),
        Field("func_code", "功能科目编码", CODE, required=True),
        Field("amount", "项目当年预算", MONEY, required=True),
        Field("total_budget", "项目总预算", MONEY),
        Field("prev2", "前年预算", MONEY, help="留空表示前年无此项目"),
        Field("prev1", "上年预算", MONEY, help="留空表示上年无此项目（新增）；上年情况不详时在“上年情况”列填“不详”"),
        Field("prev2_exec", "前年执行数", MONEY,
              help="格式 B 项目基本信息表“前年-上年预算及执行情况”的执行金额；留空则只写预算，不写执行"),
        Field("prev1_exec", "上年执行数", MONEY,
              help="格式 B 项目基本信息表“前年-上年预算及执行情况”的执行金额；留空则只写预算，不写执行"),
        Field("prior", "上年情况", TEXT, choices=("新增", "不详"),
              help="上年预算留空时的含义：新增（默认，写“新增项目”）或不详（不写上年情况）"),
        Field("tables", "单独列表", TEXT, choices=("是", "否"),
              help="否：只在部门整体绩效目标申报表中列出，不生成该项目的项目表（如不可预见费）；默认是"),
        Field("table_order", "表序", INT,
              help="项目表（一项一表）的先后顺序 1、2、3…；留空按本表的行序排在有表序的项目之后。"
                   "部门整体绩效目标申报表中的项目始终按本表的行序"),
        Field("change_reason", "预算变动原因", TEXT),
        Field("purpose", "用途", TEXT, width=40, help="一句话说明，用于公开说明“其中：(1)…”"),
        Field("attribute", "项目属性", TEXT, choices=("持续性项目", "新增项目", "一次性项目")),
        Field("start_year", "起始年度", INT),
        Field("end_year", "终止年度", INT),
        Field("department", "项目主管部门", TEXT),
        Field("executor", "项目执行单位", TEXT),
        Field("leader", "项目负责人", TEXT, help="格式 B：项目基本信息表“项目申报部门”一行的负责人"),
        Field("phone", "联系电话", TEXT, help="格式 B：项目基本信息表“项目申报部门”一行的联系电话"),
        Field("leader2", "实施单位负责人", TEXT, help="格式 B：项目基本信息表“项目实施单位”一行的负责人；留空则该格留空"),
        Field("phone2", "实施单位联系电话", TEXT, help="格式 B：项目基本信息表“项目实施单位”一行的联系电话；留空则该格留空"),
        Field("address", "单位地址", TEXT),
        Field("postcode", "邮政编码", TEXT),
        Field("basis", "项目立项依据", TEXT, width=40),
        Field("related_functions", "与项目相关单位职能概述", TEXT, width=40, help="格式 B 的项目基本信息表"),
        Field("rectification", "上年绩效评价结果整改及应用", TEXT, width=40, help="格式 B 的项目基本信息表"),
        Field("plan", "项目实施方案", TEXT, width=40),
        Field("goal_name", "绩效总目标名称", TEXT),
        Field("goal_text", "绩效总目标说明", TEXT, width=40),
        Field("src_gpb", "资金来源-一般公共预算财政拨款", MONEY, help="格式 A"),
        Field("src_fund", "资金来源-政府性基金预算财政拨款", MONEY, help="格式 A"),
        Field("src_special", "资金来源-财政专户管理资金", MONEY,
              help="格式 A 的“财政专户管理资金”，也是格式 B 的“专户管理的非税收入拨款”"),
        Field("src_unit", "资金来源-单位资金", MONEY, help="格式 A"),
        Field("src_district", "资金来源-财政拨款收入（区级安排数）", MONEY, help="格式 B 项目预算资金投入表"),
        Field("src_transfer", "资金来源-财政拨款收入（上级转移支付）", MONEY, help="格式 B 项目预算资金投入表"),
        Field("src_other", "资金来源-其他资金（含事业基金及上年结转或结余）", MONEY, help="格式 B 项目预算资金投入表"),
        Field("date", "申报日期", DATE),
    ),
)

PROJECT_LINES = ListSheet(
    name="项目支出明细",
    help="各项目的支出明细测算，一行一项；每个项目的金额之和应等于其当年预算。",
    columns=(
        Field("project", "项目名称", TEXT, required=True, width=28),
        Field("activity", "项目活动", TEXT),
        Field("content", "活动内容表述", TEXT, width=30),
        Field("econ", "支出经济分类", TEXT),
        Field("amount", "金额", MONEY, required=True),
        Field("basis", "测算依据及说明", TEXT, width=30),
        Field("note", "备注", TEXT),
    ),
)

PROJECT_ECON = ListSheet(
    name="项目支出经济分类", required=False,
    help="项目支出按部门预算经济分类（款级 5 位或类级 3 位科目）的金额，一行一条；用于格式 B 公开表1、公开表4 的"
         "“支出（部门预算经济分类）”栏。各行合计应等于项目支出合计。没有则删除本表。",
    columns=(
        Field("econ_code", "经济分类科目编码", CODE, required=True),
        Field("gpb", "一般公共预算", MONEY),
        Field("fund", "政府性基金预算", MONEY),
        Field("other", "其他资金", MONEY),
        Field("project", "项目名称", TEXT, width=28, help="可留空"),
    ),
)

PROCUREMENT = ListSheet(
    name="政府采购",
    help="纳入政府采购预算的支出，一行一条（可对应项目或基本支出）。",
    columns=(
        Field("project", "项目名称", TEXT, width=28, help="基本支出中的采购可留空"),
        Field("item", "品名", TEXT, required=True),
        Field("category", "采购类别", TEXT, required=True, choices=("货物", "工程", "服务")),
        Field("quantity", "数量", TEXT),
        Field("amount", "金额", MONEY, required=True),
        Field("sme", "面向中小微企业金额", MONEY),
    ),
)

VEHICLE_TYPES = (
    ("v_general", "一般公务用车"), ("v_enforcement", "执法执勤用车"), ("v_special", "特种专业技术用车"),
    ("v_emergency", "应急保障用车"), ("v_confidential", "机要通信用车"), ("v_other", "其他用车"),
)

VEHICLES = ListSheet(
    name="车辆明细", required=False,
    help="可不填：按任意类型名称逐行填写车辆数，填了则代替国有资产表的分类型车辆数。",
    columns=(Field("type", "车辆类型", TEXT, required=True, width=24), Field("count", "数量", INT, required=True)),
)

ASSETS = KVSheet(
    name="国有资产",
    help="截至上年12月31日的车辆数（按类型，辆）；共有车辆由各类型相加。",
    fields=(
        *(Field(key, label, INT) for key, label in VEHICLE_TYPES),
        Field("equipment", "单位价值50万元以上设备", INT),
    ),
)

INDICATOR_LEVEL1 = ("产出指标", "效益指标", "满意度指标")

INDICATORS = ListSheet(
    name="绩效指标",
    help="部门整体和各项目的绩效指标，一行一个。“所属”填“部门整体”或项目名称；“目标类型”填长期或年度。",
    columns=(
        Field("owner", "所属", TEXT, required=True, width=24),
        Field("kind", "目标类型", TEXT, required=True, choices=("长期", "年度")),
        Field("goal", "目标序号", INT, help="部门整体：对应“整体绩效目标”表的序号"),
        Field("goal_name", "目标名称", TEXT, width=20, help="项目表的“目标名称”列"),
        Field("level1", "一级指标", TEXT, required=True, choices=INDICATOR_LEVEL1),
        Field("level2", "二级指标", TEXT, required=True),
        Field("level3", "三级指标", TEXT, required=True, width=30),
        Field("value", "指标值", TEXT, help="长期目标的指标值，或年度目标的预期当年实现值"),
        Field("prev2", "前年", TEXT),
        Field("prev1", "上年", TEXT),
        Field("basis", "指标值确定依据", TEXT),
    ),
)

OVERALL_GOALS = ListSheet(
    name="整体绩效目标",
    help="部门整体支出绩效目标：长期目标与年度目标一一对应。",
    columns=(
        Field("no", "目标序号", INT, required=True),
        Field("short", "目标简称", TEXT, help="指标表左列的名称，如“区人民政府公报”"),
        Field("long", "长期目标", TEXT, required=True, width=50),
        Field("annual", "年度目标", TEXT, required=True, width=40),
    ),
)

SERVICES = KVSheet(
    name="政府购买服务", required=False,
    help="政府购买服务预算（万元）；没有则留空或填 0。",
    fields=(Field("amount", "政府购买服务支出"),),
)

OVERALL = KVSheet(
    name="整体绩效",
    help="部门整体支出绩效目标申报表的表头。",
    fields=(
        Field("date", "填报日期", DATE),
        Field("filler", "填报人", TEXT),
        Field("phone", "联系电话", TEXT),
    ),
)

REASON_KEYS = (
    "部门预算总额较上年",
    "一般公共预算财政拨款支出较上年",
    "人员类项目支出较上年",
    "公用经费运转类项目支出较上年",
    "特定目标类项目支出较上年",
    "基本支出较上年",
    "项目支出较上年",
    "“三公”经费较上年",
    "因公出国（境）费较上年",
    "公务用车购置费较上年",
    "公务用车运行维护费较上年",
    "公务接待费较上年",
)

REASONS = ListSheet(
    name="主要原因",
    help="公开说明中各项增减变化的主要原因（可以写持平的原因，如“没有计划因公出国（境）活动”）。",
    columns=(
        Field("key", "说明事项", TEXT, required=True, choices=REASON_KEYS, width=36),
        Field("text", "主要原因", TEXT, required=True, width=60),
    ),
)

SCHEMA = WorkbookSchema(
    kind="预算",
    sheets=(GPB, BASIC, SANGONG, FUND, SOE, INCOME, EXPENSE, CARRY, PRIOR, PRIOR2, STAFF, PROJECTS,
            PROJECT_LINES, PROJECT_ECON, PROCUREMENT, ASSETS, VEHICLES, SERVICES, OVERALL, OVERALL_GOALS, INDICATORS, REASONS),
    instructions=(
        "本工作簿保存部门预算公开所需的全部数字，reportgen 据此生成公开说明、公开表和绩效目标表。",
        "金额单位：万元，保留两位小数。",
        "只填项级（7位）功能科目行、款级（5位）经济科目行；类、款、合计由程序汇总，填了则核对。",
        "收支总表、财政拨款收支总表、项目支出表由程序生成，不需填写。",
        "改动数字后，运行 reportgen check 项目文件.yaml 检查，再运行 reportgen build 项目文件.yaml 重新生成。",
    ),
)
