"""Build data/jianghan-2022.xlsx: the input workbook of the 江汉区人民政府办公室 2022 部门决算公开.

Transcribed from the published document (shared/reference/jianghan-2022-final-accounts.txt) into
the blank layout of ``blank_workbook(SCHEMA)``.  The workbook holds the CORRECT figures: the errors
listed in final-accounts.md §6.1 (E1–E41) are not reproduced, except the published 表3 name
“租房补贴” for 2210202 (E20), kept on purpose so that the checker has something to flag.

Cells are located by content (行次, codes, labels, header names), not by fixed coordinates.

    cd /work/main && PYTHONPATH=src python tools/make_example_jianghan.py
"""
from __future__ import annotations

import datetime as dt
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
try:
    import reportgen  # noqa: F401
except ImportError:  # run without PYTHONPATH=src
    sys.path.insert(0, str(ROOT / "src"))

from reportgen.kinds.final_accounts.schema import (  # noqa: E402
    ABROAD, ADMIN_COST, ASSETS, BUDGET, OVERALL, OVERALL_GOALS, OVERALL_INDICATORS, PRIOR,
    PROCUREMENT, PROJECT_INDICATORS, PROJECTS, REASONS, RECEPTION, SANGONG, SCHEMA, T1, T2, T3,
    T4, T5, T6, T7, T8, T9, VEHICLE_RUN,
)
from reportgen.money import q2  # noqa: E402
from reportgen.workbook.blank import blank_workbook  # noqa: E402
from reportgen.workbook.reader import norm  # noqa: E402

OUT = ROOT / "data" / "jianghan-2022.xlsx"
DATE = dt.date(2023, 4, 25)          # 填报日期 of every self-evaluation table (E24: one table says 2022.4.25)


def M(text: str) -> Decimal:
    """An amount in 万元 as printed (2 places)."""
    return q2(Decimal(text.replace(",", "")))


def yuan(text: str) -> Decimal:
    """An amount the self-evaluation tables print in 元 (E23) → 万元, rounded half-up at leaf level."""
    return q2(Decimal(text) / Decimal(10000))


# ------------------------------------------------------------------------------------------------
# 第二部分: the nine tables
# ------------------------------------------------------------------------------------------------

# 表1: 行次 → 决算数 (left block 栏次1, right block 栏次2); rows 28/29/59 (the input rows) are blank.
T1_VALUES = {
    1: "4,199.36", 27: "4,199.36", 31: "4,199.36",
    32: "976.10", 39: "121.11", 40: "72.69", 43: "2,907.92", 50: "121.54",
    58: "4,199.36", 62: "4,199.36",
}

# 表4: 行次 → {栏次: 决算数}
T4_VALUES = {
    1: {1: "4,199.36"}, 27: {1: "4,199.36"}, 32: {1: "4,199.36"},
    33: {2: "976.10", 3: "976.10"},
    40: {2: "121.11", 3: "121.11"},
    41: {2: "72.69", 3: "72.69"},
    44: {2: "2,907.92", 3: "2,907.92"},
    51: {2: "121.54", 3: "121.54"},
    59: {2: "4,199.36", 3: "4,199.36"},
    64: {2: "4,199.36", 3: "4,199.36"},
}

# 表2: (code, published name, 栏1 本年收入合计, 栏2 财政拨款收入)
T2_TOTAL = ("4,199.36", "4,199.36")
T2_ROWS = [
    ("201", "一般公共服务支出", "976.10", "976.10"),
    ("20103", "政府办公厅（室）及相关机构事务", "976.10", "976.10"),
    ("2010301", "行政运行", "705.74", "705.74"),
    ("2010302", "一般行政管理事务", "134.23", "134.23"),
    ("2010399", "其他政府办公厅（室）及相关机构事务支出", "136.13", "136.13"),
    ("208", "社会保障和就业支出", "121.11", "121.11"),
    ("20805", "行政事业单位养老支出", "121.11", "121.11"),
    ("2080501", "行政单位离退休", "69.87", "69.87"),
    ("2080505", "机关事业单位基本养老保险缴费支出", "46.35", "46.35"),
    ("2080599", "其他行政事业单位养老支出", "4.89", "4.89"),
    ("210", "卫生健康支出", "72.69", "72.69"),
    ("21011", "行政事业单位医疗", "72.69", "72.69"),
    ("2101101", "行政单位医疗", "28.18", "28.18"),
    ("2101103", "公务员医疗补助", "44.51", "44.51"),
    ("213", "农林水支出", "2,907.92", "2,907.92"),
    ("21305", "巩固脱贫衔接乡村振兴", "2,907.92", "2,907.92"),
    ("2130599", "其他巩固脱贫衔接乡村振兴支出", "2,907.92", "2,907.92"),
    ("221", "住房保障支出", "121.54", "121.54"),
    ("22102", "住房改革支出", "121.54", "121.54"),
    ("2210201", "住房公积金", "83.09", "83.09"),
    ("2210202", "提租补贴", "16.47", "16.47"),
    ("2210203", "购房补贴", "21.98", "21.98"),
]

# 表5: (code, published name, 栏1 小计, 栏2 基本支出, 栏3 项目支出); "" = blank cell
T5_TOTAL = ("4,199.36", "1,054.43", "3,144.93")
T5_ROWS = [
    ("201", "一般公共服务支出", "976.10", "739.09", "237.01"),
    ("20103", "政府办公厅（室）及相关机构事务", "976.10", "739.09", "237.01"),
    ("2010301", "行政运行", "705.74", "705.74", ""),
    ("2010302", "一般行政管理事务", "134.23", "33.35", "100.88"),
    ("2010399", "其他政府办公厅（室）及相关机构事务支出", "136.13", "", "136.13"),
    ("208", "社会保障和就业支出", "121.11", "121.11", ""),
    ("20805", "行政事业单位养老支出", "121.11", "121.11", ""),
    ("2080501", "行政单位离退休", "69.87", "69.87", ""),
    ("2080505", "机关事业单位基本养老保险缴费支出", "46.35", "46.35", ""),
    ("2080599", "其他行政事业单位养老支出", "4.89", "4.89", ""),
    ("210", "卫生健康支出", "72.69", "72.69", ""),
    ("21011", "行政事业单位医疗", "72.69", "72.69", ""),
    ("2101101", "行政单位医疗", "28.18", "28.18", ""),
    ("2101103", "公务员医疗补助", "44.51", "44.51", ""),
    ("213", "农林水支出", "2,907.92", "", "2,907.92"),
    ("21305", "巩固脱贫衔接乡村振兴", "2,907.92", "", "2,907.92"),
    ("2130599", "其他巩固脱贫衔接乡村振兴支出", "2,907.92", "", "2,907.92"),
    ("221", "住房保障支出", "121.54", "121.54", ""),
    ("22102", "住房改革支出", "121.54", "121.54", ""),
    ("2210201", "住房公积金", "83.09", "83.09", ""),
    ("2210202", "提租补贴", "16.47", "16.47", ""),
    ("2210203", "购房补贴", "21.98", "21.98", ""),
]
# 表3 = 表5 in every figure (all income is 一般公共预算财政拨款); its 栏4–6 are blank.  The published
# 表3 names 2210202 “租房补贴” (E20) — kept here so the checker flags it.
T3_TOTAL = T5_TOTAL
T3_ROWS = [(c, "租房补贴" if c == "2210202" else n, a, b, p) for c, n, a, b, p in T5_ROWS]

# 表6: every published non-blank amount (类 and 款 rows) and the two footer totals.
T6_VALUES = {
    "301": "872.94", "30101": "149.16", "30102": "221.43", "30103": "259.59", "30106": "40.51",
    "30108": "53.29", "30110": "19.36", "30111": "32.38", "30112": "6.91", "30113": "90.31",
    "303": "91.67", "30302": "75.32", "30307": "16.35",
    "302": "86.97", "30201": "8.64", "30202": "2.91", "30207": "1.19", "30211": "0.58",
    "30213": "10.10", "30214": "3.35", "30217": "0.15", "30226": "6.28", "30228": "9.83",
    "30229": "3.36", "30231": "5.70", "30239": "29.67", "30299": "5.21",
    "310": "2.85", "31002": "2.85",
}
T6_FOOTERS = {"人员经费合计": "964.61", "公用经费合计": "89.82"}

# 表9: 栏次 1–12 (blank = 0)
T9_VALUES = ["10.98", "0", "10.00", "0", "10.00", "0.98",
             "6.07", "0", "5.70", "0", "5.70", "0.37"]

# ------------------------------------------------------------------------------------------------
# The other sheets
# ------------------------------------------------------------------------------------------------

# 上年决算数 = current − published change.  E15: the document gives +2,385.42 for 收支总计 but
# +2,385.41 for 财政拨款收支总计 / 一般公共预算收入 / 一般公共预算支出 (three statements against one;
# the 财政拨款 total cannot exceed the total) → 4,199.36 − 2,385.41 = 1,813.95 for all four.
PRIOR_VALUES = {
    "收支总计": "1,813.95",
    "本年收入合计": None,
    "本年支出合计": None,
    "财政拨款收支总计": "1,813.95",
    "一般公共预算财政拨款收入": "1,813.95",
    "一般公共预算财政拨款支出": "1,813.95",
    "机关运行经费": "61.83",                              # 89.82 − 27.99
    "“三公”经费-因公出国（境）费": "0",
    "“三公”经费-公务用车购置费": "0",
    "“三公”经费-公务用车运行维护费": "5.26",              # 5.70 − 0.44
    "“三公”经费-公务接待费": "0.15",                      # 0.37 − 0.22
}

# 年初预算数 by 类; 213 is not printed (E22): 3,927.98 − (883.46 + 120.24 + 73.09 + 122.39) = 2,728.80.
BUDGET_ROWS = [
    ("201", "一般公共服务支出", "883.46"),
    ("208", "社会保障和就业支出", "120.24"),
    ("210", "卫生健康支出", "73.09"),
    ("213", "农林水支出", "2,728.80"),
    ("221", "住房保障支出", "122.39"),
    (None, "合计", "3,927.98"),
]

SANGONG_VALUES = {
    "因公出国（境）团组数": 0,
    "因公出国（境）人次": 0,
    "购置（更新）公务用车数": 0,
    "公务用车保有量": 3,
}

VEHICLE_RUN_ROWS = [("燃料费", "2.00"), ("维修费", "2.78"), ("保险费", "0.92")]

RECEPTION_ROWS = [
    {"接待类别": "外省市交流接待", "金额": M("0.37"), "主要用于": "新疆博乐市和宣恩县",
     "批次": 2, "人次": 14, "陪同人次": 2},
]

PROCUREMENT_VALUES = {
    "政府采购货物支出": "2.70",
    "政府采购工程支出": "0",
    "政府采购服务支出": "22.30",
    "货物采购授予中小企业合同金额": "2.70",
    "工程采购授予中小企业合同金额": "0",
    "服务采购授予中小企业合同金额": "19.38",        # 22.08 − 2.70
    "授予小微企业合同金额": "22.08",
}

# 十二: the four categories the text lists (the printed total “3辆” is E12; the total is derived).
ASSETS_VALUES = {
    "副部（省）级及以上领导用车": 1,
    "主要领导干部用车": 1,
    "机要通信用车": 1,
    "应急保障用车": 1,
    "单价50万元（含）以上通用设备": 0,
    "单价100万元（含）以上专用设备": 0,
}

# ---- projects (第三部分 五(三) order) and their self-evaluation tables -------------------------

GOAL_RESEARCH = (
    "1.起草《2022年政府工作报告》；\n"                       # E25: the tables print 2021
    "2.组织全区重大调研活动，编印调研文集；\n"
    "3.起草重要文件及区政府重要领导讲话材料；\n"
    "4.每月编印《广角信息》；\n"
    "5.联合科研院所开展专项课题研究。"
)
GOAL_DUTY = (
    "1.负责区人民政府政务值班工作，监督指导全区政府系统各单位做好政务值班工作。\n"
    "2.负责办理上级下达的重大突发事件相关任务；负责有关重要紧急信息报送工作，及时向市人民政府、区委、"
    "区人民政府报送紧急重要事项及区内相关重大突发情况和动态；负责接收处理区内单位报送的相关重大突发情况和动态。\n"
    "3.传达、转办、落实区人民政府同志关于突发事件的重要指示、批示精神；协助区人民政府及办公室领导处理突发事件。\n"
    "4.做好区长专线、网上群众投诉办理相关工作。\n"
    "5.负责办公室机关综治、反邪教和来信来访处理工作。\n"
    "6.负责做好领导交办的其他事项。"
)
GOAL_SPECIAL = (
    "1、围绕区委、区人民政府的中心工作，督促、检查、反馈区人民政府各部门、各街道办事处、开发区及有关单位"
    "对区委、区人民政府文件精神、会议决定事项及区领导同志重要批示的贯彻执行情况。\n"
    "2、负责区人民政府及办公室收发文电的处理和日常事务工作。\n"
    "3、负责区人民政府会议的会务组织工作，落实或组织落实区人民政府会议决定事项。\n"
    "4、协助区人民政府领导同志组织起草或审核以区人民政府及办公室名义发布的公文。负责起草区《政府工作报告》"
    "及所确定目标任务的分解；负责区政府领导同志的讲话、区政府向市政府汇报工作文稿等起草工作。\n"
    "5、负责对区人民政府各部门、各街道办事处、开发区及有关单位向区人民政府报送的请示、意见、函件提出审核处理意见，"
    "报区人民政府领导同志审定。\n"
    "6、遵照区人民政府领导同志的指示，组织有关部门对区人民政府部门之间出现的争议问题提出处理意见，"
    "报区人民政府领导同志审定。\n"
    "7、承办区人民政府领导同志交办的其他事项。"
)
GOAL_STAFF = (
    "1、做好区长专线、网上群众投诉办理相关工作\n"
    "2、做好扶贫开发工作。\n"
    "3、做好公车日常运行、维修、修理等相关工作\n"
    "4、负责做好领导交办的其他事项。"
)
GOAL_RURAL = (
    "1.根据市扶贫攻坚领导小组《向重点乡村持续选派驻村第一书记和工作队的实施意见》文件精神，"
    "我区继续对口帮扶黄陂区20个村。根据市援疆办工作要求，我区继续帮扶新疆博乐市青得里街道。\n"
    "2.依据《市委办公厅 市政府办公厅关于印发〈武汉市结对帮扶恩施州和宜昌市五峰县工作方案〉的通知》"
    "（武办文〔2021〕33号），我区结对帮扶恩施州宣恩县。"
)
GOAL_VISIT = "春节、夏季高温慰问一线工作人员"

_RESEARCH_DONE = (
    "有效捕捉各类政务信息，形成政府系统“急情要事直达”“政务动态随报”“广角信息成刊”三线信息专报机制"
    "协调安排区政府领导同志调查研究、专题研判、实地检查、基层接访等各类政务活动；组织完成《区政府工作报告》"
    "等重大综合性文稿起草任务，指导协调各战线起草各类综合文稿，协调做好10余项年度重大改革调研课题，"
    "为区政府决策提供参谋。"
)
_DUTY_DONE = (
    "一是提升完善值班硬件设施。严格贯彻落实《湖北省政府系统值班工作规范》，根据省、市各项要求，"
    "对区政府总值班室语音、录音系统进行升级换代，健全完备可靠的视频值班系统，确保工作效率不断提升。"
    "二是高效处置敏感突发事件。强化重点敏感事件紧急调度，针对重大敏感时间和节点，协调督办各类紧急敏感事件1597件，"
    "下发预警性通知文件16份，现场处置各类重大事故23起。稳妥处置市一中新疆班学生自杀事件。及时协调处置银河鞋城火灾等事故，"
    "护航党的二十大顺利召开，实现全区基本面平稳有序。三是推进群众投诉办理工作。坚持定期研判调度群众投诉工作，"
    "全年办理群众投诉件26万件，协调处理各类疑难案件89件，群众投诉满意率跃居全市前列。"   # E26: table says 90
)
_SPECIAL_DONE = (
    "带头执行中央八项规定及实施细则精神，在基层减负工作中出实招、求实效。坚持精文简会，全年普发性公文制发量同比下降7%，"
    "全区政府系统综合性大会确保基础量上的总体可控。及时编报政务信息。及时、准确、全面编发报送政务信息、调研报告126余篇，"
    "多次被市政府办公厅采用，在全市名列前茅。落实信息公开制度，全年依法公开政府信息3788条。强化公文规范管理。"
    "认真落实机要保密等要求，从严做好公文收发、流转、归档、销毁工作；全年办理各级各类来文4000余件，未发生失密泄密重大责任事故。"
    "国务院大督查、国务院“互联网+”督办、省委“三个环境”督查、省级生态环保督察回头看、市长批示件、区长批示件、"
    "人民网留言等各类专项督办220余件，办结率100%。主动接受区人大、区政协和社会各界监督，高质量办理议案、提案、"
    "建议案297件，办复率100%。"
)
_STAFF_DONE = (
    "做好区长专线、网上群众投诉办理相关工作；做好扶贫开发工作；做好公车日常运行、维修、修理等相关工作；"
    "负责做好领导交办的其他事项"
)
_RURAL_DONE = (
    "进一步深化宣恩等帮扶协作关系，7月、11月，宣恩县委、县政府主要领导同志分别到访江汉区，与我区合作举办"
    "“感恩有你，清凉一夏”大型“凉交会”活动，实现夏季全区旅行社70余个旅游团、800人次游客到宣恩游览。落实帮扶项目。"
    "帮扶开展椿木营乡白果坪村中药材基地建设、宣恩县农村电商直播基地建设、珠山镇东门关村帮扶项目等11个对口帮扶项目，"
    "全年向宣恩县拨付区域协作结对帮扶资金2200万元，同比去年增加200万元。创新帮扶举措。积极开展人才帮扶、医疗帮扶、"
    "教育帮扶等多类型帮扶活动，持续巩固脱贫攻坚成果，国家自然资源督查武汉局局长一行到我区座谈交流帮扶工作，"
    "省农业农村厅副厅长专程到我区调研帮扶工作并高度评价肯定。"
)
_VISIT_DONE = "春节慰问一线工作人员8家49万元，高温慰问一线工作人员7家19.09万元。"

# Text that recurs in 五(三) and 十三(三).
_REPORTS = ("及时、准确、全面编发报送政务信息、调研报告126余篇，多次被市政府办公厅采用，在全市名列前茅。"
            "落实信息公开制度，全年依法公开政府信息3788条。")
_DRAFTING = ("组织完成《区政府工作报告》等重大综合性文稿起草任务，指导协调各战线起草各类综合文稿，"
             "协调做好10余项年度重大改革调研课题，为区政府决策提供参谋")
_COMPLAINTS = "坚持定期研判调度群众投诉工作，全年办理群众投诉件26万件，协调处置各类疑难案件89件，群众投诉满意率跃居全市前列"
_RURAL_EFFECT_TAIL = (
    "帮扶开展椿木营乡白果坪村中药材基地建设、宣恩县农村电商直播基地建设、珠山镇东门关村帮扶项目等11个对口帮扶项目，"
    "全年向宣恩县拨付区域协作结对帮扶资金2200万元，同比去年增加200万元。积极开展人才帮扶、医疗帮扶、教育帮扶等"
    "多类型帮扶活动，持续巩固脱贫攻坚成果"
)
_MEETINGS = "抓好会务统筹，精心组织区政府全体会议、区政府廉政会议等全区性会议，确保会议效率和质量。"
_SUPERVISION = ("主动接受区人大、区政协和社会各界监督，高质量办理议案、提案、建议案297件，办复率100%。"
                "持续优化营商环境，开展“解难题，稳增长，促发展”企业走访活动和区领导走访企业督查督办工作，"
                "先后下发9批企业反馈问题清单，开展现场督办、循环督办，对470余项问题开展重点督办，办结率100%")

# Amounts of the self-evaluation tables are printed in 元 (E23); converted here.
PROJECT_ROWS = [
    {
        "项目名称": "调查研究工作经费", "自评表项目名称": "调查研究2022", "功能分类科目编码": "2010302",
        "全年预算数": yuan("130000"), "执行数": yuan("130000"),
        "用途": "组织实施全区重大课题调查研究经费；起草政府工作报告；编印调研文集；参加调研培训，购买书籍资料",
        # 五(三)(1) gives both a 主要产出和效果 and a 主要成效 sentence: merged into one
        "主要成效": ("组织完成《区政府工作报告》等重大综合性文稿起草任务，协调保障“十四五”规划纲要等重大规划编制工作，"
                 "指导协调各战线起草各类综合文稿，协调做好10余项年度重大改革调研课题，为区政府决策提供参谋"),
        "主要产出和效益": _REPORTS + _DRAFTING,
        "资金来源-部门预算项目": yuan("130000"),
        "年初设定目标": GOAL_RESEARCH, "全年实际完成情况": _RESEARCH_DONE,
        "偏差大或目标未完成原因分析": "无", "改进措施及结果应用方案": "无",
    },
    {
        "项目名称": "区政府总值班室工作经费", "自评表项目名称": "总值班室工作2022", "功能分类科目编码": "2010302",
        "全年预算数": yuan("240000"), "执行数": yuan("240000"),
        "用途": "区政府总值班室办公系统维护；起草、修订、编印相关宣传资料及会议资料",
        "主要成效": _COMPLAINTS,
        "主要产出和效益": (
            "对区政府总值班室语音、录音系统进行升级换代，健全完备可靠的视频值班系统，确保工作效率不断提升。"
            "强化重点敏感事件紧急调度，针对重大敏感时间和节点，协调督办各类紧急敏感事件1597件，下发预警性通知文件16份，"
            "现场处置各类重大事故23起。" + _COMPLAINTS),
        "资金来源-部门预算项目": yuan("240000"),
        "年初设定目标": GOAL_DUTY, "全年实际完成情况": _DUTY_DONE,
        "偏差大或目标未完成原因分析": "无", "改进措施及结果应用方案": "无",
    },
    {
        "项目名称": "乡村振兴及对口帮扶工作", "自评表项目名称": "乡村振兴及对口帮扶工作2022",
        "功能分类科目编码": "2130599",
        "全年预算数": yuan("29079248.83"), "执行数": yuan("29079248.83"),
        "用途": "精准扶贫、对口支援和援疆扶贫开发工作",
        "主要成效": "进一步深化宣恩等帮扶协作关系，实现夏季全区旅行社70余个旅游团、800人次游客到宣恩游览。"
                + _RURAL_EFFECT_TAIL,
        "主要产出和效益": (
            "进一步深化宣恩等帮扶协作关系，7月、11月，宣恩县委、县政府主要领导同志分别到访江汉区，与我区合作举办"
            "“感恩有你，清凉一夏”大型“凉交会”活动，实现夏季全区旅行社70余个旅游团、800人次游客到宣恩游览。"
            + _RURAL_EFFECT_TAIL),
        "资金来源-部门预算项目": yuan("27079248.83"), "资金来源-专项资金": yuan("2000000"),
        "年初设定目标": GOAL_RURAL, "全年实际完成情况": _RURAL_DONE,
        "偏差大或目标未完成原因分析": "无", "改进措施及结果应用方案": "无",
    },
    {
        "项目名称": "专项工作经费", "自评表项目名称": "专项工作2022", "功能分类科目编码": "2010302",
        # E19: 十三(三)4 says 预算数 43 万元; the 自评表 says 638,751.17 元 for both
        "全年预算数": yuan("638751.17"), "执行数": yuan("638751.17"),
        "用途": "党建工作；协调工作经费；综合保障经费；招商引资工作经费",
        "主要成效": _MEETINGS + _SUPERVISION + "。及时、准确、全面编发报送政务信息、调研报告126余篇",
        "主要产出和效益": (_MEETINGS + "跟踪督办区《政府工作报告》进展情况4次，撰写政务督查通报4期；"
                    "督办区政府常务会议决议16次、决策事项101件。" + _SUPERVISION),
        "资金来源-部门预算项目": yuan("638751.17"),
        "年初设定目标": GOAL_SPECIAL, "全年实际完成情况": _SPECIAL_DONE,
        "偏差大或目标未完成原因分析": "无", "改进措施及结果应用方案": "无",
    },
    {
        "项目名称": "聘用人员工作经费", "自评表项目名称": "聘用人员工作经费2022", "功能分类科目编码": "2010399",
        # E18: 五(三)(5) prints 68.04; 680,470.65 元 = 68.05 万元
        "全年预算数": yuan("690000"), "执行数": yuan("680470.65"),
        "用途": "支付长期聘用人员工资等",
        "资金来源-部门预算项目": yuan("690000"),
        "年初设定目标": GOAL_STAFF, "全年实际完成情况": _STAFF_DONE,
        "偏差大或目标未完成原因分析": "聘用人员人数减少", "改进措施及结果应用方案": "增加聘用人员稳定性",
    },
    {
        "项目名称": "走访慰问专项资金", "自评表项目名称": "走访慰问专项资金", "功能分类科目编码": "2010399",
        "全年预算数": yuan("680859.4"), "执行数": yuan("680859.4"),
        "用途": "春节、高温走访慰问一线工作人员",
        "主要产出和效益": "春节慰问一线工作人员一次，高温慰问一线工作人员一次",
        "资金来源-专项资金": yuan("680859.4"),
        "年初设定目标": GOAL_VISIT, "全年实际完成情况": _VISIT_DONE,
        "偏差大或目标未完成原因分析": "无", "改进措施及结果应用方案": "无",
    },
]
for _p in PROJECT_ROWS:
    _p.update({"主管部门": "区政府办", "项目实施单位": "区政府办", "项目类型": "经常性项目",
               "总目标得分": Decimal("20"), "填报日期": DATE})
    if "资金来源-部门预算项目" not in _p and "资金来源-专项资金" not in _p:
        raise SystemExit(f"{_p['项目名称']}: no 资金来源")

OUT_ = "产出指标"
EFF = "效益指标"
SAT = "满意度指标"
# 二级 labels
QTY, QUAL, TIME, COST = "数量指标", "质量指标", "时效指标", "成本指标"
ECO, SOC, GRN, SUS = "经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"

# (一级, 二级, 三级, 年初目标值, 实际完成值, 分值=得分 as printed)
PROJECT_INDICATORS_BY_PROJECT = {
    "调查研究工作经费": [
        (OUT_, QTY, "起草《2022年政府工作报告》", "1次", "1次", 6),
        (OUT_, QTY, "调研文集数", "1本", "1本", 6),
        (OUT_, QTY, "广角信息期数", "≥10期", "12期", 6),
        (OUT_, QUAL, "政府工作报告容错率", "≤千分之四", "千分之二", 6),
        (OUT_, TIME, "工作完成及时率", "及时", "及时", 6),
        (OUT_, COST, "预算执行率", "97%—100%", "100%", 6),
        (EFF, ECO, "为经济发展提供决策", "完成", "完成", 6),
        (EFF, SOC, "课题成果运用率", "≥10%", "15%", 6),
        (EFF, SUS, "为区政府决策提出参谋", "可持续发展", "可持续发展", 6),
        (SAT, SAT, "区政府及各组成部门满意率", "≥98%", "100%", 6),
    ],
    "区政府总值班室工作经费": [
        (OUT_, QTY, "办理群众投诉件", "≥5000件", "26万件", 6),
        (OUT_, QTY, "突发情况处置次数", "≥300次", "1597次", 6),
        (OUT_, QUAL, "24小时政务值守到岗率", "100%", "100%", 6),
        (OUT_, QUAL, "文电办理错漏率", "≤4‰", "0", 6),               # E27: table prints ≤4%
        (OUT_, TIME, "工作完成及时率", "及时", "及时", 6),
        (OUT_, COST, "预算执行率", "97%-100%", "100%", 6),
        (EFF, ECO, "有效助政府经济发展", "完成", "完成", 6),
        (EFF, SOC, "办理好群众投诉工作", "投诉量下降", "下降", 6),
        (EFF, GRN, "政府运转效率", "有效提升", "提升", 6),
        (SAT, SAT, "投诉群众满意率", "≥95%", "98%", 6),
    ],
    "乡村振兴及对口帮扶工作": [
        (OUT_, QTY, "对口帮扶县及脱贫村、街道数", "≥20个", "22个", 8),
        (OUT_, QUAL, "按期落实资金程度", "≥95%", "100%", 8),
        (OUT_, TIME, "精准帮扶工作完成率", "100%", "100%", 8),
        (OUT_, COST, "预算执行率", "≥97%", "100%", 8),
        (EFF, ECO, "受援地区经济收入提升度", "显著提高", "显著提高", 6),
        (EFF, SOC, "巩固拓展脱贫攻坚成果同乡村振兴有效衔接情况", "巩固提升", "巩固提升", 6),
        (EFF, SUS, "对口帮扶可持续发展", "完成", "完成", 8),
        (SAT, SAT, "帮扶对象满意度", "≥95%", "98%", 8),
    ],
    # E13: the extraction shows 11 rows (满意度 row twice, once labelled 可持续影响指标); the table has 10
    "专项工作经费": [
        (OUT_, QTY, "精文简会率同比下降", "5%", "7%", 6),
        (OUT_, QTY, "调研报告完成篇数", "≥50篇", "126篇", 6),
        (OUT_, QTY, "信息公开完成率", "≥98%", "100%", 6),
        (OUT_, QUAL, "做好各类公文收发、流转、归档、销毁", "≥98%", "100%", 6),
        (OUT_, QUAL, "各类批示件、人民网留言办结率", "≥98%", "100%", 6),
        (OUT_, TIME, "按时完成各项指标", "完成", "完成", 6),
        (OUT_, COST, "预算执行率", "97%-100%", "100%", 6),
        (EFF, SOC, "政府系统综合能力提升率", "提升", "提升", 6),
        (EFF, SUS, "协调保障重点工作可持续性", "完成", "完成", 6),
        (SAT, SAT, "人大、政协提案办理满意率", "97%-100%", "98%", 6),
    ],
    "聘用人员工作经费": [
        (OUT_, QTY, "聘用人员人数", "≤14人", "10人", 10),
        (OUT_, QUAL, "体检合格率", "100%", "100%", 10),
        (OUT_, TIME, "完成工作任务", "≥95%", "100%", 10),
        (OUT_, COST, "预算执行率", "≥98%", "98.62%", 10),
        (EFF, SOC, "工作保障程度", "保障", "保障", 10),
        (SAT, SAT, "对聘用人员满意度", "≥85%", "95%", 10),
    ],
    "走访慰问专项资金": [
        (OUT_, QTY, "春节慰问一线工作人员", "1次", "1次", 6),
        (OUT_, QTY, "高温慰问一线工作人员", "1次", "1次", 6),          # E28: table prints “次”
        (OUT_, QUAL, "慰问对象覆盖面", "≥98%", "100%", 6),
        (OUT_, QUAL, "预算数据规范、完整、准确", "≥98%", "100%", 6),
        (OUT_, TIME, "按时限完成慰问", "春节、高温", "按时限完成", 6),
        (OUT_, COST, "预算执行率", "≥98%", "100%", 6),
        (EFF, ECO, "为经济发展提供决策", "完成", "完成", 6),
        (EFF, SOC, "提高工作人员工作积极性", "≥10%", "15%", 6),
        (EFF, SUS, "项目可持续性", "可持续发展", "可持续发展", 6),
        (SAT, SAT, "慰问单位满意率", "≥98%", "100%", 6),
    ],
}

# ---- 整体绩效 -----------------------------------------------------------------------------------

OVERALL_VALUES = {
    "单位名称": "江汉区人民政府办公室",
    "部门整体支出预算数": M("4,206.19"),
    "填报日期": DATE,
    "评价等级": "优",
    "偏差大或目标未完成原因分析": None,
    "改进措施及结果应用方案": None,
}

OVERALL_GOAL_ROWS = [
    (1, "15", GOAL_RESEARCH),
    (2, "15", GOAL_DUTY),
    (3, "15", GOAL_SPECIAL),
    (4, "12", GOAL_STAFF),
    (5, "14", GOAL_RURAL),
    (6, "9", "走访慰问专项资金"),
]

# goal → rows (一级, 二级, 三级, 目标值, 实际值, 分值=得分 as printed)
OVERALL_INDICATORS_BY_GOAL = {
    1: [
        (OUT_, QTY, "起草《2022年政府工作报告》", "1次", "1次", "1.5"),
        (OUT_, QTY, "调研文集数", "1本", "1本", "1.5"),
        (OUT_, QTY, "广角信息期数", "≥10期", "12期", "1.5"),
        (OUT_, QUAL, "政府工作报告容错率", "≤千分之四", "千分之二", "1.5"),
        (OUT_, TIME, "工作完成及时率", "按时限完成", "按时限完成", "1.5"),
        (OUT_, COST, "预算执行率", "97%—100%", "100%", "1.5"),
        (EFF, ECO, "为经济发展提供决策", "完成", "完成", "1.5"),
        (EFF, SOC, "课题成果运用率", "≥10%", "15%", "1.5"),
        (EFF, SUS, "为区政府决策提出参谋", "可持续发展", "可持续发展", "1.5"),
        (SAT, SAT, "区政府及各组成部门满意率", "≥98%", "100%", "1.5"),
    ],
    # The extraction of goal 2 is garbled (shifted label cells, first score lost).  Rebuilt with the
    # 总值班室 project table for levels/values; the 整体 table's own rows are kept (it has 维护稳定 under
    # 可持续影响 and labels 文电办理错漏率 时效·指标1), which gives 5 产出 / 4 效益 / 1 满意度 — the split
    # that makes 十三(二)'s 30 / 17 / 6 come out.
    2: [
        (OUT_, QTY, "办理群众投诉件", "≥5000件", "26万件", "1.5"),
        (OUT_, QTY, "突发情况处置次数", "≥300次", "1597次", "1.5"),
        (OUT_, QUAL, "24小时政务值守到岗率", "100%", "100%", "1.5"),
        (OUT_, TIME, "文电办理错漏率", "≤4‰", "0", "1.5"),
        (OUT_, COST, "预算执行率", "97%—100%", "100%", "1.5"),
        (EFF, ECO, "有效助政府经济发展", "完成", "完成", "1.5"),
        (EFF, SOC, "办理好群众投诉工作", "投诉量下降", "下降", "1.5"),
        (EFF, GRN, "政府运转效率", "有效提升", "提升", "1.5"),
        (EFF, SUS, "维护稳定", "完成", "完成", "1.5"),
        (SAT, SAT, "投诉群众满意度", "≥95%", "98%", "1.5"),
    ],
    3: [
        (OUT_, QTY, "精文简会率同比下降", "5%", "7%", "1.5"),          # E39: printed 精简简会率
        (OUT_, QTY, "调研报告完成篇数", "≥50篇", "126篇", "1.5"),
        (OUT_, QTY, "信息公开完成率", "≥98%", "100%", "1.5"),
        (OUT_, QUAL, "做好各类公文收发、流转、归档、销毁", "≥98%", "100%", "1.5"),
        (OUT_, COST, "预算执行率", "≥98%", "100%", "1.5"),
        (OUT_, TIME, "按时完成各项指标", "完成", "完成", "1.5"),
        (EFF, ECO, "经济发展提升度", "提升", "提升", "1.5"),
        (EFF, SOC, "政府系统综合能力提升率", "提升", "提升", "1.5"),
        (EFF, SUS, "协调保障重点工作可持续性", "完成", "完成", "1.5"),
        (SAT, SAT, "人大代表、政协委员对办理结果满意", "≥95%", "97%", "1.5"),
    ],
    # E29: the 整体 table prints 成本 target ≥97% and 满意度 actual 90% where the 聘用人员 project table
    # (the table of that project) has ≥98% and 95%: aligned with the project table.
    4: [
        (OUT_, QTY, "聘用人员人数", "≤14人", "10人", "2"),
        (OUT_, QUAL, "体检合格率", "100%", "100%", "2"),
        (OUT_, TIME, "完成工作任务", "≥95%", "100%", "2"),
        (OUT_, COST, "预算执行率", "≥98%", "98.62%", "2"),
        (EFF, SOC, "工作保障程度", "保障", "保障", "2"),
        (SAT, SAT, "对聘用人员满意度", "≥85%", "95%", "2"),
    ],
    5: [
        (OUT_, QTY, "对口帮扶县及脱贫村、街道数", "20个", "22个", "2"),
        (OUT_, QUAL, "扶贫单位按期落实资金程度", "≥95%", "100%", "2"),
        (OUT_, TIME, "精准帮扶工作完成率", "100%", "100%", "2"),
        (OUT_, COST, "预算执行率", "≥97%", "100%", "2"),
        (EFF, ECO, "受援地区经济收入提升度", "显著提高", "显著提高", "2"),
        (EFF, SOC, "巩固拓展脱贫攻坚成果同乡村振兴有效衔接", "巩固提升", "巩固提升", "2"),
        (EFF, SUS, "对口帮扶可持续发展", "完成", "完成", "1"),
        (SAT, SAT, "扶贫对象满意率", "≥95%", "98%", "1"),
    ],
    6: [
        (OUT_, QTY, "春节慰问一线工作人员", "1次", "1次", "1"),
        (OUT_, QTY, "高温慰问一线工作人员", "1次", "1次", "1"),
        (OUT_, QUAL, "预算数据规范、完整、准确", "≥98%", "100%", "1"),
        (OUT_, TIME, "按时限完成慰问", "春节、高温", "按时限完成", "1"),
        (OUT_, COST, "控制预算率", "97%≤98%≤100%", "100%", "1"),
        (EFF, ECO, "为经济发展提供决策", "完成", "完成", "1"),
        (EFF, SOC, "提高工作人员工作积极性", "≥10%", "15%", "1"),
        (EFF, SUS, "项目可持续性", "可持续发展", "可持续发展", "1"),
        (SAT, SAT, "慰问单位满意率", "≥98%", "100%", "1"),
    ],
}

# ---- 主要原因 (texts without the final 。; the template adds it) -----------------------------------

_GROWTH = "增加结对帮扶宣恩县经费；在职实有人数增加，人员经费增加"     # E16: one place name
REASON_ROWS = [
    ("收支总计较上年", None, _GROWTH),
    ("财政拨款收支总计较上年", None, _GROWTH),
    ("一般公共预算财政拨款收入较上年", None, _GROWTH),
    ("一般公共预算财政拨款支出较上年", None, _GROWTH),
    ("支出决算与年初预算差异", "201", "人员增加"),
    ("支出决算与年初预算差异", "208", "人员增加"),
    ("“三公”经费决算与预算差异", None, "厉行节约，严格控制“三公”经费"),
    ("“三公”经费较上年", None, "公车年限长，维修费增加"),
    ("公务用车购置及运行维护费决算与预算差异", None, "严格控制成本，厉行节约"),
    ("公务用车购置及运行维护费较上年", None, "公车维修费增加"),
    ("公务接待费决算与预算差异", None, "厉行节约，严格控制公务接待"),
    ("公务接待费较上年", None, "用于接待新疆博乐市青得里街道来我区考察学习，接待宣恩县来我区学习考察"),
    ("机关运行经费较上年", None, "人员增加，办公费、差旅费、工会经费、其他交通费增加"),
]


# ------------------------------------------------------------------------------------------------
# Writing helpers: locate cells by content
# ------------------------------------------------------------------------------------------------

def _amount(value):
    if value is None or value == "":
        return None
    return value if isinstance(value, Decimal) else M(str(value))


def _lanci_columns(ws, count: int) -> tuple[int, dict[int, int]]:
    """The 栏次 row: the row where 1…count stand left to right; returns (row, {栏次: column})."""
    for row in range(1, 15):
        found = {}
        for col in range(1, ws.max_column + 1):
            v = ws.cell(row=row, column=col).value
            if isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= count and v not in found:
                found[v] = col
        if len(found) == count and sorted(found, key=found.get) == list(range(1, count + 1)):
            return row, found
    raise SystemExit(f"{ws.title}: 栏次 row not found")


def fill_fixed(ws, sheet, values: dict[int, dict[int, str]]) -> None:
    """表1/表4: write {行次: {栏次: amount}} into the block whose 行次 column holds n."""
    ncols = len(sheet.left_columns) + len(sheet.right_columns)
    lanci_row, colmap = _lanci_columns(ws, ncols)
    hangci_cols = sorted({c for r in range(1, lanci_row) for c in range(1, ws.max_column + 1)
                          if norm(ws.cell(row=r, column=c).value) == "行次"})
    for n, cells in values.items():
        for lanci, amount in cells.items():
            col = colmap[lanci]
            owner = max(h for h in hangci_cols if h < col)
            row = next((r for r in range(lanci_row + 1, ws.max_row + 1)
                        if ws.cell(row=r, column=owner).value == n), None)
            if row is None:
                raise SystemExit(f"{ws.title}: 行次 {n} not found for 栏次 {lanci}")
            ws.cell(row=row, column=col, value=_amount(amount))


def fill_func(ws, sheet, total: tuple, rows: list[tuple]) -> None:
    """表2/3/5: 合计 row (name cell “合计”), then code | name | amounts in 栏次 order from row 7."""
    ncols = len(sheet.columns)
    lanci_row, colmap = _lanci_columns(ws, ncols)
    total_row = next(r for r in range(lanci_row + 1, ws.max_row + 1) if norm(ws.cell(row=r, column=2).value) == "合计")
    for k, amount in enumerate(total, start=1):
        ws.cell(row=total_row, column=colmap[k], value=_amount(amount))
    for r, (code, name, *amounts) in enumerate(rows, start=total_row + 1):
        ws.cell(row=r, column=1, value=code)
        ws.cell(row=r, column=2, value=name)
        for k, amount in enumerate(amounts, start=1):
            ws.cell(row=r, column=colmap[k], value=_amount(amount))


def fill_econ(ws, values: dict[str, str], footers: dict[str, str]) -> None:
    """表6: the amount two columns right of its code; each footer total right of its label."""
    todo = dict(values)
    for row in ws.iter_rows():
        for cell in row:
            key = norm(cell.value)
            if key in todo:
                ws.cell(row=cell.row, column=cell.column + 2, value=_amount(todo.pop(key)))
            elif key in footers and cell.row > 4:
                ws.cell(row=cell.row, column=cell.column + 1, value=_amount(footers[key]))
    if todo:
        raise SystemExit(f"{ws.title}: codes not found: {sorted(todo)}")


def fill_row(ws, sheet, values: list[str]) -> None:
    """表9: the data row under the 栏次 row."""
    lanci_row, colmap = _lanci_columns(ws, len(sheet.columns))
    for k, amount in enumerate(values, start=1):
        ws.cell(row=lanci_row + 1, column=colmap[k], value=_amount(amount))


def fill_kv(ws, sheet, values: dict[str, object]) -> None:
    """KV sheets: the label in column A, the value in column B."""
    types = {f.label: f.type for f in sheet.fields}
    rows = {norm(ws.cell(row=r, column=1).value): r for r in range(1, ws.max_row + 1)}
    for label, value in values.items():
        if label not in types:
            raise SystemExit(f"{ws.title}: unknown field {label}")
        r = rows[norm(label)]
        if types[label] == "money":
            value = _amount(value)
        ws.cell(row=r, column=2, value=value)


def fill_list(ws, sheet, records: list[dict[str, object]]) -> None:
    """List sheets: header row 3 (column labels), one record per row from row 4."""
    header = {norm(ws.cell(row=3, column=c).value): c for c in range(1, ws.max_column + 1)}
    types = {f.label: f.type for f in sheet.columns}
    for r, rec in enumerate(records, start=4):
        for label, value in rec.items():
            if label not in types:
                raise SystemExit(f"{ws.title}: unknown column {label}")
            if types[label] == "money":
                value = _amount(value)
            ws.cell(row=r, column=header[norm(label)], value=value)


# ------------------------------------------------------------------------------------------------

def build():
    wb = blank_workbook(SCHEMA)
    ws = lambda sheet: wb[sheet.name[:31]]  # noqa: E731

    fill_fixed(ws(T1), T1, {n: {1 if n <= 31 else 2: v} for n, v in T1_VALUES.items()})
    fill_func(ws(T2), T2, T2_TOTAL, T2_ROWS)
    fill_func(ws(T3), T3, T3_TOTAL, T3_ROWS)
    fill_fixed(ws(T4), T4, T4_VALUES)
    fill_func(ws(T5), T5, T5_TOTAL, T5_ROWS)
    fill_econ(ws(T6), T6_VALUES, T6_FOOTERS)
    # 表7 / 表8 stay empty: 区政府办 has no 政府性基金 or 国有资本经营 appropriation
    fill_func(ws(T7), T7, (), [])
    fill_func(ws(T8), T8, (), [])
    fill_row(ws(T9), T9, T9_VALUES)

    fill_kv(ws(PRIOR), PRIOR, PRIOR_VALUES)
    fill_list(ws(BUDGET), BUDGET, [{"科目编码": c, "科目名称": n, "年初预算数": a} for c, n, a in BUDGET_ROWS])
    fill_kv(ws(SANGONG), SANGONG, SANGONG_VALUES)
    fill_list(ws(VEHICLE_RUN), VEHICLE_RUN, [{"费用项目": i, "金额": a} for i, a in VEHICLE_RUN_ROWS])
    fill_list(ws(ABROAD), ABROAD, [])
    fill_list(ws(RECEPTION), RECEPTION, RECEPTION_ROWS)
    fill_kv(ws(ADMIN_COST), ADMIN_COST, {"本年机关运行经费": None})   # = 公用经费合计 89.82
    fill_kv(ws(PROCUREMENT), PROCUREMENT, PROCUREMENT_VALUES)
    fill_kv(ws(ASSETS), ASSETS, ASSETS_VALUES)
    fill_list(ws(PROJECTS), PROJECTS, PROJECT_ROWS)

    indicators = []
    for project, rows in PROJECT_INDICATORS_BY_PROJECT.items():
        for l1, l2, l3, target, actual, weight in rows:
            indicators.append({"项目名称": project, "一级指标": l1, "二级指标": l2, "三级指标": l3,
                               "年初目标值": target, "实际完成值": actual,
                               "分值": Decimal(weight), "得分": Decimal(weight)})
    fill_list(ws(PROJECT_INDICATORS), PROJECT_INDICATORS, indicators)

    fill_kv(ws(OVERALL), OVERALL, OVERALL_VALUES)
    fill_list(ws(OVERALL_GOALS), OVERALL_GOALS,
              [{"目标序号": no, "分值": Decimal(w), "目标内容": text} for no, w, text in OVERALL_GOAL_ROWS])
    overall = []
    for goal, rows in OVERALL_INDICATORS_BY_GOAL.items():
        for l1, l2, l3, target, actual, weight in rows:
            overall.append({"目标序号": goal, "一级指标": l1, "二级指标": l2, "三级指标": l3,
                            "年初目标值": target, "实际完成值": actual,
                            "分值": Decimal(weight), "得分": Decimal(weight)})
    fill_list(ws(OVERALL_INDICATORS), OVERALL_INDICATORS, overall)

    fill_list(ws(REASONS), REASONS, [{"说明事项": k, "科目编码": c, "主要原因": t} for k, c, t in REASON_ROWS])

    OUT.parent.mkdir(parents=True, exist_ok=True)
    wb.save(OUT)
    return OUT


if __name__ == "__main__":
    print(f"written {build().relative_to(ROOT)}")
