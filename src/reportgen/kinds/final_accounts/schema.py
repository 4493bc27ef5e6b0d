"""The input workbook of a 部门决算 (final accounts): its sheets, columns and fields.

The nine tables keep the standard published layout so a table exported from the 决算 software
(or last year's published workbook) can be pasted in.  The other sheets carry what the tables do
not: prior-year figures, budgets, 三公 details, procurement, assets, projects and performance
self-evaluation, and the 主要原因 texts keyed to the comparison they explain.
"""
from __future__ import annotations

from dataclasses import dataclass

from ...workbook.schema import (
    CODE, DATE, DEC, INT, MONEY, TEXT,
    Column, EconTableSheet, Field, FixedRow, FixedTableSheet, FuncTableSheet,
    KVSheet, ListSheet, RowTableSheet, WorkbookSchema,
)
from ..common import CLASS_ROWS_26


def _sum(*keys, minus=()):
    return tuple((k, 1) for k in keys) + tuple((k, -1) for k in minus)


T1 = FixedTableSheet(
    name="表1 收入支出决算总表", table="t1", title="收入支出决算总表",
    help="只需填写第28、29、59行（使用非财政拨款结余、年初结转和结余、结余分配）；其余各行由其他表计算，"
         "如已粘贴则用于核对。",
    left_rows=(
        FixedRow(1, "一、一般公共预算财政拨款收入"),
        FixedRow(2, "二、政府性基金预算财政拨款收入"),
        FixedRow(3, "三、国有资本经营预算财政拨款收入"),
        FixedRow(4, "四、上级补助收入"),
        FixedRow(5, "五、事业收入"),
        FixedRow(6, "六、经营收入"),
        FixedRow(7, "七、附属单位上缴收入"),
        FixedRow(8, "八、其他收入"),
        *(FixedRow(n, "") for n in range(9, 27)),
        FixedRow(27, "本年收入合计"),
        FixedRow(28, "使用非财政拨款结余", input=True),
        FixedRow(29, "年初结转和结余", input=True),
        FixedRow(30, ""),
        FixedRow(31, "总计"),
    ),
    right_rows=(
        *(FixedRow(31 + i, label) for i, (_code, label) in enumerate(CLASS_ROWS_26, start=1)),
        FixedRow(58, "本年支出合计"),
        FixedRow(59, "结余分配", input=True),
        FixedRow(60, "年末结转和结余"),
        FixedRow(61, ""),
        FixedRow(62, "总计"),
    ),
    left_columns=(Column(1, "amount", "决算数"),),
    right_columns=(Column(2, "amount", "决算数"),),
)

T2 = FuncTableSheet(
    name="表2 收入决算表", table="t2", title="收入决算表",
    help="按项级（7位）科目填写各栏金额；类、款和合计行可不填（自动汇总），填了则自动核对。",
    columns=(
        Column(1, "total", "本年收入合计", formula=_sum("fiscal", "upper", "business", "operating", "affiliated", "other")),
        Column(2, "fiscal", "财政拨款收入"),
        Column(3, "upper", "上级补助收入"),
        Column(4, "business", "事业收入"),
        Column(5, "operating", "经营收入"),
        Column(6, "affiliated", "附属单位上缴收入"),
        Column(7, "other", "其他收入"),
    ),
)

T3 = FuncTableSheet(
    name="表3 支出决算表", table="t3", title="支出决算表",
    help="按项级科目填写基本支出、项目支出等；本年支出合计栏自动计算。",
    columns=(
        Column(1, "total", "本年支出合计", formula=_sum("basic", "project", "to_upper", "operating", "to_affiliated")),
        Column(2, "basic", "基本支出"),
        Column(3, "project", "项目支出"),
        Column(4, "to_upper", "上缴上级支出"),
        Column(5, "operating", "经营支出"),
        Column(6, "to_affiliated", "对附属单位补助支出"),
    ),
)

T4 = FixedTableSheet(
    name="表4 财政拨款收入支出决算总表", table="t4", title="财政拨款收入支出决算总表",
    help="只需填写第3行（国有资本经营预算财政拨款收入）、第29行和第31行（年初一般公共预算、"
         "国有资本经营预算财政拨款结转和结余）；其余由表5、表7、表8计算。",
    left_rows=(
        FixedRow(1, "一、一般公共预算财政拨款"),
        FixedRow(2, "二、政府性基金预算财政拨款"),
        FixedRow(3, "三、国有资本经营预算财政拨款", input=True),
        *(FixedRow(n, "") for n in range(4, 27)),
        FixedRow(27, "本年收入合计"),
        FixedRow(28, "年初财政拨款结转和结余"),
        FixedRow(29, "一般公共预算财政拨款", input=True),
        FixedRow(30, "政府性基金预算财政拨款"),
        FixedRow(31, "国有资本经营预算财政拨款", input=True),
        FixedRow(32, "总计"),
    ),
    right_rows=(
        *(FixedRow(32 + i, label) for i, (_code, label) in enumerate(CLASS_ROWS_26, start=1)),
        FixedRow(59, "本年支出合计"),
        FixedRow(60, "年末财政拨款结转和结余"),
        FixedRow(61, ""),
        FixedRow(62, ""),
        FixedRow(63, ""),
        FixedRow(64, "总计"),
    ),
    left_columns=(Column(1, "amount", "决算数"),),
    right_columns=(
        Column(2, "subtotal", "小计", group="决算数", formula=_sum("gpb", "fund", "soe")),
        Column(3, "gpb", "一般公共预算财政拨款", group="决算数"),
        Column(4, "fund", "政府性基金预算财政拨款", group="决算数"),
        Column(5, "soe", "国有资本经营预算财政拨款", group="决算数"),
    ),
)

T5 = FuncTableSheet(
    name="表5 一般公共预算财政拨款支出决算表", table="t5", title="一般公共预算财政拨款支出决算表",
    help="按项级科目填写基本支出、项目支出；小计栏自动计算。",
    columns=(
        Column(1, "total", "小计", group="本年支出", formula=_sum("basic", "project")),
        Column(2, "basic", "基本支出", group="本年支出"),
        Column(3, "project", "项目支出", group="本年支出"),
    ),
)

def _rows(text: str) -> tuple[tuple[str, str], ...]:
    return tuple(tuple(item.split(" ", 1)) for item in text.split("；"))


# The fixed rows of 表6 (final-accounts spec §2.6); 类 rows first in each group.
T6_PERSONNEL = _rows(
    "301 工资福利支出；30101 基本工资；30102 津贴补贴；30103 奖金；30106 伙食补助费；30107 绩效工资；"
    "30108 机关事业单位基本养老保险缴费；30109 职业年金缴费；30110 职工基本医疗保险缴费；"
    "30111 公务员医疗补助缴费；30112 其他社会保障缴费；30113 住房公积金；30114 医疗费；30199 其他工资福利支出；"
    "303 对个人和家庭的补助；30301 离休费；30302 退休费；30303 退职（役）费；30304 抚恤金；30305 生活补助；"
    "30306 救济费；30307 医疗费补助；30308 助学金；30309 奖励金；30310 个人农业生产补贴；30311 代缴社会保险费；"
    "30399 其他对个人和家庭的补助")
T6_PUBLIC = _rows(
    "302 商品和服务支出；30201 办公费；30202 印刷费；30203 咨询费；30204 手续费；30205 水费；30206 电费；"
    "30207 邮电费；30208 取暖费；30209 物业管理费；30211 差旅费；30212 因公出国（境）费用；30213 维修（护）费；"
    "30214 租赁费；30215 会议费；30216 培训费；30217 公务接待费；30218 专用材料费；30224 被装购置费；"
    "30225 专用燃料费；30226 劳务费；30227 委托业务费；30228 工会经费；30229 福利费；30231 公务用车运行维护费；"
    "30239 其他交通费用；30240 税金及附加费用；30299 其他商品和服务支出")
T6_CAPITAL = _rows(
    "310 资本性支出；31002 办公设备购置；31003 专用设备购置；31007 信息网络及软件购置更新；31013 公务用车购置；"
    "31019 其他交通工具购置；31021 文物和陈列品购置；31022 无形资产购置；31099 其他资本性支出")

T6 = EconTableSheet(
    name="表6 一般公共预算财政拨款基本支出决算明细表", table="t6",
    title="一般公共预算财政拨款基本支出决算明细表",
    help="按经济分类款级（5位）科目填写决算数；301、302、303、310 类合计和人员经费合计、公用经费合计自动计算。",
    blocks=(("人员经费", T6_PERSONNEL), ("公用经费", T6_PUBLIC), ("公用经费", T6_CAPITAL)),
    footers=("人员经费合计", "公用经费合计"),
)

T7 = FuncTableSheet(
    name="表7 政府性基金预算财政拨款收入支出决算表", table="t7", required=False,
    title="政府性基金预算财政拨款收入支出决算表",
    help="没有政府性基金预算财政拨款的单位保留空表即可。",
    columns=(
        Column(1, "opening", "年初结转和结余"),
        Column(2, "income", "本年收入"),
        Column(3, "expense", "小计", group="本年支出", formula=_sum("basic", "project")),
        Column(4, "basic", "基本支出", group="本年支出"),
        Column(5, "project", "项目支出", group="本年支出"),
        Column(6, "closing", "年末结转和结余", formula=_sum("opening", "income", minus=("expense",))),
    ),
)

T8 = FuncTableSheet(
    name="表8 国有资本经营预算财政拨款支出决算表", table="t8", required=False,
    title="国有资本经营预算财政拨款支出决算表",
    help="没有国有资本经营预算财政拨款的单位保留空表即可。",
    columns=(
        Column(1, "total", "合计", group="本年支出", formula=_sum("basic", "project")),
        Column(2, "basic", "基本支出", group="本年支出"),
        Column(3, "project", "项目支出", group="本年支出"),
    ),
)

T9 = RowTableSheet(
    name="表9 财政拨款“三公”经费支出决算表", table="t9", aliases=("表9 财政拨款三公经费支出决算表",),
    title="财政拨款“三公”经费支出决算表",
    help="填写预算数和决算数的明细栏（2、4、5、6 和 8、10、11、12 栏）；合计、小计自动计算。",
    columns=(
        Column(1, "b_total", "合计", group="预算数", formula=_sum("b_abroad", "b_vehicle", "b_reception")),
        Column(2, "b_abroad", "因公出国（境）费", group="预算数"),
        Column(3, "b_vehicle", "小计", group="预算数", formula=_sum("b_purchase", "b_run")),
        Column(4, "b_purchase", "公务用车购置费", group="预算数"),
        Column(5, "b_run", "公务用车运行维护费", group="预算数"),
        Column(6, "b_reception", "公务接待费", group="预算数"),
        Column(7, "a_total", "合计", group="决算数", formula=_sum("a_abroad", "a_vehicle", "a_reception")),
        Column(8, "a_abroad", "因公出国（境）费", group="决算数"),
        Column(9, "a_vehicle", "小计", group="决算数", formula=_sum("a_purchase", "a_run")),
        Column(10, "a_purchase", "公务用车购置费", group="决算数"),
        Column(11, "a_run", "公务用车运行维护费", group="决算数"),
        Column(12, "a_reception", "公务接待费", group="决算数"),
    ),
)

PRIOR = KVSheet(
    name="上年决算数",
    help="上年度决算公开中的数字，用于第三部分的“与上年相比”（未公开的留空，不作比较）。A 列为项目，B 列为金额（万元）。",
    fields=(
        Field("total", "收支总计", help="上年 表1 第31行", required=True),
        Field("income_total", "本年收入合计", help="上年 表1 第27行（写收入同比时需要）"),
        Field("expense_total", "本年支出合计", help="上年 表1 第58行（写支出同比时需要）"),
        Field("fiscal_total", "财政拨款收支总计", help="上年 表4 第32行", required=True),
        Field("gpb_income", "一般公共预算财政拨款收入", help="上年 表4 第1行"),
        Field("gpb_expense", "一般公共预算财政拨款支出", help="上年 表5 合计", required=True),
        Field("admin_cost", "机关运行经费", required=True),
        Field("sg_abroad", "“三公”经费-因公出国（境）费", aliases=("三公经费-因公出国（境）费",)),
        Field("sg_purchase", "“三公”经费-公务用车购置费", aliases=("三公经费-公务用车购置费",)),
        Field("sg_run", "“三公”经费-公务用车运行维护费", aliases=("三公经费-公务用车运行维护费",)),
        Field("sg_reception", "“三公”经费-公务接待费", aliases=("三公经费-公务接待费",)),
        Field("sg_total", "“三公”经费合计", aliases=("三公经费合计", "“三公”经费"),
              help="上年未分项公开时填写；分项齐全时由分项相加"),
        Field("sg_vehicle", "“三公”经费-公务用车购置及运行维护费", aliases=("三公经费-公务用车购置及运行维护费",),
              help="上年未分购置、运行维护公开时填写"),
    ),
)

BUDGET = ListSheet(
    name="年初预算数",
    help="一般公共预算财政拨款支出的年初预算（或调整后预算，见项目文件 budget_word），按类（3位）填写；"
         "如按项（7位）填写，类级自动汇总。最后可加一行科目名称为“合计”的总数用于核对。",
    columns=(
        Field("code", "科目编码", CODE),
        Field("name", "科目名称", TEXT),
        Field("amount", "年初预算数", MONEY, required=True),
    ),
)

SANGONG = KVSheet(
    name="三公经费明细",
    help="“三公”经费说明所需的数量。",
    fields=(
        Field("abroad_groups", "因公出国（境）团组数", INT),
        Field("abroad_persons", "因公出国（境）人次", INT),
        Field("vehicles_bought", "购置（更新）公务用车数", INT),
        Field("fleet", "公务用车保有量", INT, help="截至12月31日开支财政拨款的公务用车保有量（辆）"),
    ),
)

VEHICLE_RUN = ListSheet(
    name="公务用车运行维护费明细", required=False,
    help="公务用车运行维护费按费用项目分列（可不填），合计应等于表9第11栏。",
    columns=(Field("item", "费用项目", TEXT, required=True), Field("amount", "金额", MONEY, required=True)),
)

ABROAD = ListSheet(
    name="因公出国费用明细", required=False,
    help="因公出国（境）费按住宿费、旅费、伙食补助费、培训费、杂费等分列，合计应等于表9第8栏。",
    columns=(Field("item", "费用项目", TEXT, required=True), Field("amount", "金额", MONEY, required=True)),
)

RECEPTION = ListSheet(
    name="公务接待明细", required=False,
    help="公务接待费按接待类别分列（可不填），合计应等于表9第12栏。",
    columns=(
        Field("category", "接待类别", TEXT, required=True),
        Field("amount", "金额", MONEY, required=True),
        Field("purpose", "主要用于", TEXT, help="如：新疆博乐市和宣恩县"),
        Field("batches", "批次", INT),
        Field("persons", "人次", INT),
        Field("escorts", "陪同人次", INT),
    ),
)

ADMIN_COST = KVSheet(
    name="机关运行经费",
    help="本年机关运行经费一般等于表6公用经费合计；留空即取公用经费合计。",
    fields=(Field("amount", "本年机关运行经费"),),
)

MEETINGS = KVSheet(
    name="会议费培训费", required=False,
    help="一般公共预算财政拨款安排的会议费、培训费（万元），供布局中列有会议费、培训费的三公表（如柞水的"
         "“三公”经费及会议费、培训费支出决算表）使用；布局不列这两项的可不填。未发生的填 0，不要留空。",
    fields=(
        Field("meeting_budget", "会议费预算数"),
        Field("meeting", "会议费决算数"),
        Field("training_budget", "培训费预算数"),
        Field("training", "培训费决算数"),
    ),
)


@dataclass(frozen=True)
class TableFigure:
    """A figure of the model that a layout's table may print as an extra column (``extra_columns``):
    its key in the layout, its label, and the sheet and row it is entered in."""

    key: str
    label: str
    sheet: str
    field: str
    default: str = ""        # what stands in when the row is blank (empty: nothing, the cell stays blank)
    half: str = "actual"     # the half of the 三公 table it belongs in: budget (预算数) or actual (决算数)


TABLE_FIGURES = (
    TableFigure("meeting_budget", "会议费预算数", MEETINGS.name, "meeting_budget", half="budget"),
    TableFigure("meeting", "会议费决算数", MEETINGS.name, "meeting"),
    TableFigure("training_budget", "培训费预算数", MEETINGS.name, "training_budget", half="budget"),
    TableFigure("training", "培训费决算数", MEETINGS.name, "training"),
    TableFigure("admin_cost", "机关运行经费（决算数）", ADMIN_COST.name, "amount", default="表6 公用经费合计"),
)


PROCUREMENT = KVSheet(
    name="政府采购",
    help="政府采购支出及授予中小企业、小微企业合同金额（万元）。",
    fields=(
        Field("goods", "政府采购货物支出"),
        Field("works", "政府采购工程支出"),
        Field("services", "政府采购服务支出"),
        Field("sme_goods", "货物采购授予中小企业合同金额"),
        Field("sme_works", "工程采购授予中小企业合同金额"),
        Field("sme_services", "服务采购授予中小企业合同金额"),
        Field("micro", "授予小微企业合同金额"),
    ),
)

VEHICLE_TYPES = (
    ("v_leader", "副部（省）级及以上领导用车"),
    ("v_main", "主要领导干部用车"),
    ("v_confidential", "机要通信用车"),
    ("v_emergency", "应急保障用车"),
    ("v_enforcement", "执法执勤用车"),
    ("v_special", "特种专业技术用车"),
    ("v_retired", "离退休干部用车"),
    ("v_other", "其他用车"),
)

VEHICLES = ListSheet(
    name="车辆明细", required=False,
    help="可不填：按任意类型名称逐行填写车辆数，填了则代替国有资产表的分类型车辆数。",
    columns=(Field("type", "车辆类型", TEXT, required=True, width=24), Field("count", "数量", INT, required=True)),
)

ASSETS = KVSheet(
    name="国有资产",
    help="截至12月31日的车辆数（按类型，辆）和大额设备数（台套）。共有车辆数由各类型相加得出。",
    fields=(
        *(Field(key, label, INT) for key, label in VEHICLE_TYPES),
        Field("v_other_note", "其他用车说明", TEXT),
        Field("equip_general_50", "单价50万元（含）以上通用设备", INT),
        Field("equip_special_100", "单价100万元（含）以上专用设备", INT),
    ),
)

PROJECTS = ListSheet(
    name="项目支出",
    help="一般公共预算项目支出，一行一个项目（一级项目）。执行数之和应等于表5项目支出合计。"
         "绩效自评表的内容也在这一行填写。",
    columns=(
        Field("name", "项目名称", TEXT, required=True, width=24),
        Field("eval_name", "自评表项目名称", TEXT, help="自评表上的名称，如“调查研究2022”；留空同项目名称"),
        Field("code", "功能分类科目编码", CODE),
        Field("budget", "全年预算数", MONEY, required=True),
        Field("amount", "执行数", MONEY, required=True),
        Field("use", "用途", TEXT, width=40),
        Field("effect", "主要成效", TEXT, width=40),
        Field("output", "主要产出和效益", TEXT, width=40, help="第三部分十三（三）的自评综述"),
        Field("department", "主管部门", TEXT),
        Field("implementer", "项目实施单位", TEXT),
        Field("type", "项目类型", TEXT, choices=("经常性项目", "延续性项目", "一次性项目")),
        Field("src_dept", "资金来源-部门预算项目", MONEY),
        Field("src_special", "资金来源-专项资金", MONEY),
        Field("src_transfer", "资金来源-上级转移支付项目", MONEY),
        Field("goal", "年初设定目标", TEXT, width=40),
        Field("achieved", "全年实际完成情况", TEXT, width=40),
        Field("goal_score", "总目标得分", DEC),
        Field("deviation", "偏差大或目标未完成原因分析", TEXT),
        Field("improve", "改进措施及结果应用方案", TEXT),
        Field("date", "填报日期", DATE),
    ),
)

INDICATOR_COLUMNS = (
    Field("level1", "一级指标", TEXT, required=True, choices=("产出指标", "效益指标", "满意度指标")),
    Field("level2", "二级指标", TEXT, required=True),
    Field("level3", "三级指标", TEXT, required=True, width=30),
    Field("target", "年初目标值", TEXT, required=True),
    Field("actual", "实际完成值", TEXT, required=True),
    Field("weight", "分值", DEC, required=True),
    Field("score", "得分", DEC, required=True),
)

PROJECT_INDICATORS = ListSheet(
    name="项目绩效指标",
    help="每个项目的年度绩效指标，一行一个指标；“项目名称”与“项目支出”表一致。",
    columns=(Field("project", "项目名称", TEXT, required=True, width=24), *INDICATOR_COLUMNS),
)

OVERALL = KVSheet(
    name="整体绩效",
    help="部门（单位）整体绩效自评表的表头与结论。执行数取本年支出合计，不在此填写。",
    fields=(
        Field("unit_name", "单位名称", TEXT),
        Field("budget", "部门整体支出预算数", MONEY, required=True),
        Field("date", "填报日期", DATE),
        Field("grade", "评价等级", TEXT, choices=("优", "良", "中", "差")),
        Field("deviation", "偏差大或目标未完成原因分析", TEXT),
        Field("improve", "改进措施及结果应用方案", TEXT),
    ),
)

OVERALL_GOALS = ListSheet(
    name="整体绩效目标",
    help="整体绩效自评表的年度目标，一行一个。",
    columns=(
        Field("no", "目标序号", INT, required=True),
        Field("weight", "分值", DEC, required=True),
        Field("text", "目标内容", TEXT, required=True, width=60),
        Field("score", "得分", DEC, help="只公开目标得分、不列指标时填写；列出指标时由指标得分相加"),
    ),
)

OVERALL_INDICATORS = ListSheet(
    name="整体绩效指标",
    help="整体绩效自评表各年度目标下的指标，一行一个；“目标序号”对应“整体绩效目标”表。",
    columns=(Field("goal", "目标序号", INT, required=True), *INDICATOR_COLUMNS),
)

REASON_KEYS = (
    "收支总计较上年",
    "本年收入合计较上年",
    "本年支出合计较上年",
    "财政拨款收支总计较上年",
    "一般公共预算财政拨款收入较上年",
    "一般公共预算财政拨款支出较上年",
    "支出决算与年初预算差异",
    "“三公”经费决算与预算差异",
    "“三公”经费较上年",
    "因公出国（境）费决算与预算差异",
    "因公出国（境）费较上年",
    "公务用车购置及运行维护费决算与预算差异",
    "公务用车购置及运行维护费较上年",
    "公务接待费决算与预算差异",
    "公务接待费较上年",
    "机关运行经费较上年",
)

REASONS = ListSheet(
    name="主要原因",
    help="第三部分各项增减变化的主要原因。“说明事项”从下拉列表选择；“支出决算与年初预算差异”需同时填写科目编码。",
    columns=(
        Field("key", "说明事项", TEXT, required=True, choices=REASON_KEYS, width=36),
        Field("code", "科目编码", CODE),
        Field("text", "主要原因", TEXT, required=True, width=60),
    ),
)

SCHEMA = WorkbookSchema(
    kind="决算",
    sheets=(T1, T2, T3, T4, T5, T6, T7, T8, T9, PRIOR, BUDGET, SANGONG, VEHICLE_RUN, ABROAD,
            RECEPTION, ADMIN_COST, MEETINGS, PROCUREMENT, ASSETS, VEHICLES, PROJECTS, PROJECT_INDICATORS, OVERALL,
            OVERALL_GOALS, OVERALL_INDICATORS, REASONS),
    instructions=(
        "本工作簿保存部门决算公开所需的全部数字，reportgen 据此生成公开文档中的表格和说明文字。",
        "金额单位：万元，保留两位小数（如项目文件中 workbook_unit 设为“元”，则按元填写）。",
        "表1至表9保持公开表的格式：只需填写项级（7位）科目行和标明需要填写的行，类、款、合计由程序汇总；"
        "从决算软件导出或上年公开表粘贴的完整表格也可以，程序会逐格核对。",
        "不要改动工作表名称、表头和栏次行；可以增加数据行。",
        "改动数字后，运行 reportgen check 项目文件.yaml 检查，再运行 reportgen build 项目文件.yaml 重新生成。",
    ),
)
