"""The project file as one typed schema (pydantic v2 models).

Every key a project file may hold is declared here once, with its type, its default and a
description (Chinese / English).  ``project.load_project`` validates the YAML against these models
(unknown keys are errors everywhere, values have strict types) and maps pydantic's error locations
back to YAML lines; ``reportgen options`` and ``docs/project-reference.md`` are generated from the
same models (:func:`reference`, :func:`markdown`), so the reference cannot miss a key.

Scalar types are strict on purpose, because a clerk's slip must not become a plausible document:
``year: 2022.7`` is not 2022, ``pdf: "false"`` is not true, ``functions:`` written as one string is
not a list of one-character functions, ``department: [武汉市, 江汉区]`` is not a name.

Extending: a model for a new part of the file (e.g. a layout) is a :class:`Model` subclass added as
a field of :class:`ProjectBase` (or of a kind's project class); the reference picks it up.
"""
from __future__ import annotations

import datetime as _dt
import re
import string
import types
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from importlib import resources
from typing import Annotated, Literal, Union, get_args, get_origin

import yaml
from pydantic import BaseModel, ConfigDict, Field, PlainValidator, field_validator, model_validator
from pydantic_core import PydanticCustomError

KINDS = ("决算", "预算")

# -- scalar types ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TypeName:
    """How a type is named in the reference (metadata of the ``Annotated`` types below)."""

    text: str


def _fail(message: str):
    return PydanticCustomError("reportgen", message)


def _shown(value) -> str:
    """A value as the message quotes it (short)."""
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "一组“键: 值”设置"
    if isinstance(value, list):
        return "一个列表"
    text = " ".join(str(value).split())
    if len(text) > 30:
        text = text[:30] + "…"
    return f"“{text}”"


def _text(value):
    if isinstance(value, str):
        return value
    if isinstance(value, (list, dict)):
        raise _fail(f"应为一段文字，现为{_shown(value)}（如是多项，请写成一段，或检查缩进）")
    raise _fail(f"应为文字，现为{_shown(value)}（数字、日期或 true/false 当作文字时请加引号，如 \"027\"）")


def _year(value):
    if isinstance(value, bool) or not isinstance(value, int):
        raise _fail(f"应为四位整数年份（如 2022），现为{_shown(value)}")
    if not 2000 <= value <= 2100:
        raise _fail(f"应为四位年份（2000–2100），现为 {value}")
    return value


def _flag(value):
    if not isinstance(value, bool):
        raise _fail(f"只能是 true 或 false（不加引号），现为{_shown(value)}")
    return value


def _count(value):
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _fail(f"应为不小于 0 的整数，现为{_shown(value)}")
    return value


def _number(value):
    """A non-negative decimal (tolerance, threshold); written as a number, not as text."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise _fail(f"应为数字（如 0.01），现为{_shown(value)}")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise _fail(f"应为数字（如 0.01），现为{_shown(value)}") from None
    if not number.is_finite() or number < 0:
        raise _fail(f"应为不小于 0 的数字，现为{_shown(value)}")
    return number


def _code(value):
    """A classification code: digits (an integer in YAML, or quoted digits); kept as written."""
    if isinstance(value, bool) or not (isinstance(value, int) or (isinstance(value, str) and value.isdigit())):
        raise _fail(f"应为科目编码（数字，如 201 或 30201），现为{_shown(value)}")
    return value


_DATE = re.compile(r"^\s*(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?\s*$")


def _date(value):
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    m = _DATE.match(value) if isinstance(value, str) else None
    if not m:
        raise _fail(f"日期格式无法识别：{_shown(value)}（请写成 2023-10-24）")
    try:
        return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise _fail(f"不是有效的日期：{_shown(value)}（{int(m.group(2))} 月没有 {int(m.group(3))} 日？）") from None


Text = Annotated[str, PlainValidator(_text), TypeName("文字 text")]
Year = Annotated[int, PlainValidator(_year), TypeName("年份 year (2000–2100)")]
Flag = Annotated[bool, PlainValidator(_flag), TypeName("true / false")]
Count = Annotated[int, PlainValidator(_count), TypeName("整数 integer ≥ 0")]
Number = Annotated[Decimal, PlainValidator(_number), TypeName("数字 number ≥ 0")]
Code = Annotated[Union[int, str], PlainValidator(_code), TypeName("科目编码 code")]
Date = Annotated[_dt.date, PlainValidator(_date), TypeName("日期 date (2023-10-24)")]


def _text_or_list(value):
    """``goals`` may be one paragraph or a list of paragraphs."""
    return [value] if isinstance(value, str) else value


# -- models ---------------------------------------------------------------------------------------


class Model(BaseModel):
    """Base of every section of the project file: unknown keys are errors; an empty value
    (``key:`` with nothing after it) means "not set", so the default applies."""

    model_config = ConfigDict(extra="forbid", validate_default=False)

    @model_validator(mode="before")
    @classmethod
    def _drop_empty(cls, data):
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if v is not None}
        return data


class Output(Model):
    dir: Text = Field("output", description="输出文件夹（相对于项目文件）/ output folder, relative to the project file")
    name: Text | None = Field(
        None, description="输出文件名（不含扩展名），可用 {year} {department} {kind} {short_name}；"
        "不能含路径分隔符等 Windows 文件名不允许的字符。字段值中的这类字符在文件名里换成“_” / "
        "file name without extension; {year} {department} {kind} {short_name}; characters Windows forbids "
        "in file names are errors here and are replaced by “_” when they come from a field value. "
        "默认 决算 {year}年度{department}部门决算公开，预算 {department}{year}年部门预算公开")
    formats: list[Literal["docx", "xlsx", "pdf"]] = Field(
        ["docx", "xlsx"], description="生成哪些文件 / which files to write")

    @field_validator("name")
    @classmethod
    def _safe_name(cls, value):
        check_name_template(value)
        return value


NAME_FIELDS = ("year", "department", "kind", "short_name")
FORBIDDEN_IN_NAMES = '\\/:*?"<>|'
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def check_name_template(value: str) -> None:
    """``output.name``: only the known {fields}, no path separators or characters Windows forbids."""
    try:
        parts = list(string.Formatter().parse(value))
    except ValueError:
        raise _fail(f"中的花括号 {{ }} 不成对：“{value}”（字段写成 {{year}} 这样）") from None
    allowed = "、".join(f"{{{f}}}" for f in NAME_FIELDS)
    for literal, field, spec, conversion in parts:
        if field is not None and (field not in NAME_FIELDS or spec or conversion):
            shown = "{" + field + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            raise _fail(f"中的“{shown}”不是可用的字段（可用：{allowed}）")
        bad = sorted({c for c in literal if c in FORBIDDEN_IN_NAMES or ord(c) < 32})
        if bad:
            shown = " ".join(c if ord(c) >= 32 else repr(c) for c in bad)
            raise _fail(f"不能含有 {shown}（文件名中不允许这些字符，输出文件总是写在 output.dir 中），现为“{value}”")
    if value.strip() in ("", ".", ".."):
        raise _fail(f"不能为“{value}”（应为文件名，如 {{year}}年度{{department}}部门决算公开）")


def file_stem(template: str, values: dict) -> str:
    """The output file name (no extension) from ``output.name``: field values are sanitized (a
    character Windows forbids in a file name becomes “_”), the literal part was checked."""
    safe = {k: "".join("_" if (c in FORBIDDEN_IN_NAMES or ord(c) < 32) else c for c in str(v))
            for k, v in values.items()}
    stem = template.format(**safe).strip().rstrip(".").strip()
    if stem in ("", ".", "..") or stem.split(".")[0].upper() in _RESERVED:
        raise ValueError(stem)
    return stem


class Attachment(Model):
    title: Text = Field("", description="附件标题 / heading of the appended document")
    path: Text = Field(description="Word 文件（相对于项目文件），其普通段落按正文样式排（首行缩进）"
                            "/ the .docx appended whole; its plain paragraphs take the body style")


class GlossaryExtra(Model):
    term: Text = Field(description="名词 / term")
    definition: Text = Field(description="解释 / definition")

    @field_validator("term", "definition")
    @classmethod
    def _not_empty(cls, value):
        if not value.strip():
            raise _fail("不能为空")
        return value


class Glossary(Model):
    terms: list[Text] | None = Field(
        None, description="选用并排序标准名词（名称列表）；不写则按数据自动选用 / standard terms to print, in order")
    extra: list[GlossaryExtra] = Field([], description="本部门自己的名词 / the department's own terms")


class Part4Sub(Model):
    title: Text = Field("", description="小节标题 / subsection title")
    paragraphs: list[Text] = Field([], description="段落 / paragraphs")


class Part4Section(Model):
    title: Text = Field("", description="节标题 / section title")
    paragraphs: list[Text] = Field([], description="段落 / paragraphs")
    subsections: list[Part4Sub] = Field([], description="小节（（一）（二）…）/ subsections")


class Part4Row(Model):
    item: Text = Field("", description="工作事项 / item")
    content: Text = Field("", description="完成情况 / what was done")
    status: Text = Field("", description="状态（如 完成）/ status")


class Part4(Model):
    title: Text | None = Field(None, description="第四部分标题（决算）/ title of part 4; default {Y}年重点工作完成情况")
    sections: list[Part4Section] = Field([], description="重点工作完成情况的各节 / sections")
    table: list[Part4Row] = Field([], description="重点工作完成情况表 / the table of part 4")
    docx: Text | None = Field(None, description="插入一个 Word 文件（相对于项目文件），排在各节之前，"
                                        "其普通段落按正文样式排（首行缩进）/ a .docx inserted before the "
                                        "sections; its plain paragraphs take the body style")


class PerformanceApplication(Model):
    title: Text = Field("", description="标题 / title")
    text: Text = Field("", description="内容 / text")


class Performance(Model):
    overall_comment: Text = Field("", description="整体评价（决算）/ overall comment")
    application: list[PerformanceApplication] = Field([], description="绩效自评结果应用情况（决算）/ how results are used")
    work: Text = Field("", description="预算绩效管理工作开展情况，接在十三（一）的自评概况之后（决算）/ printed after 十三（一）")


class Org(Model):
    plates: list[Text] = Field([], description="加挂牌子（预算）/ additional names the department carries")
    offices: Count | None = Field(None, description="内设行政科室数（预算）；不写则不提科室数 / number of offices; left out when not written")
    party_committee: Flag = Field(False, description="是否设机关党委（预算）/ has a party committee")
    units: list[Text] = Field([], description="下设二级单位（预算）/ subordinate units")
    civil_units: Count = Field(0, description="参照公务员法管理的单位数，机关运行经费一节用（预算）/ units run as civil service")


class Uses(Model):
    salary: Text = Field("", description="工资福利支出主要用于（预算）/ what salaries are used for")
    family: Text = Field("", description="对个人和家庭的补助主要用于（预算）/ what family subsidies are used for")


class Overall(Model):
    functions: list[Text] = Field([], description="整体绩效目标表：部门职能（预算）/ functions in the overall table")
    tasks: list[Text] = Field([], description="整体绩效目标表：年度主要任务（预算）/ tasks in the overall table")


class Contact(Model):
    address: Text = Field("", description="地址（预算）/ address")
    person: Text = Field("", description="联系人（预算）/ contact person")
    phone: Text = Field("", description="电话（预算；不写则用 phone）/ phone")


class Texts(Model):
    functions: list[Text] = Field([], description="部门主要职能，一条一项 / the department's functions, one per item")
    functions_intro: Text = Field("", description="主要职能前的概述（预算）/ paragraph before the functions")
    units: list[Text] = Field([], description="下属二级单位名称（决算）；只有本级时留空 / subordinate units")
    staffing: Text = Field("", description="人员构成说明，接在单位构成之后（决算）/ printed after the 单位构成 (决算)")
    org: Org = Field(default_factory=Org, description="单位构成（预算）/ organisation")
    uses: Uses = Field(default_factory=Uses, description="支出用途（预算）/ uses of spending")
    overall: Overall = Field(default_factory=Overall, description="整体绩效目标（预算）/ overall performance goals")
    part4: Part4 = Field(default_factory=Part4, description="第四部分 重点工作完成情况（决算）/ part 4")
    performance: Performance = Field(default_factory=Performance, description="绩效情况说明（决算）/ performance texts")
    special_transfer: Text = Field("", description="专项支出、转移支付支出情况说明（决算）/ special transfers")
    goals: list[Text] = Field(
        [], description="年度工作目标（预算），一段文字或一个列表 / annual goals, a paragraph or a list")
    contact: Contact = Field(default_factory=Contact, description="联系方式（预算）/ contact")
    custom: dict[str, list[Text]] = Field(
        {}, description="本地区布局自己的片段使用的文字（决算）：名称 → 一段文字或段落列表，片段中写 "
                        "{{ texts.custom.名称 }} / a district's own texts, read by its layout's fragments")

    @field_validator("goals", mode="before")
    @classmethod
    def _goals(cls, value):
        return _text_or_list(value)

    @field_validator("custom", mode="before")
    @classmethod
    def _custom(cls, value):
        if isinstance(value, dict):
            return {k: _text_or_list(v) for k, v in value.items()}
        return value


# texts that only one kind prints (the others — functions, units, staffing — are shared); a text of
# the other kind would be silently left out of the document, so it is an error
KIND_TEXTS = {"决算": ("part4", "performance", "special_transfer", "custom"),
              "预算": ("functions_intro", "org", "uses", "overall", "goals", "contact")}


# -- profile: district variants, one model per kind ----------------------------------------------

TABLE_IDS_FA = ("t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9")


class FinalAccountsProfile(Model):
    """决算: district variants (README “District variants”)."""

    table_order: list[Literal["t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9"]] | None = Field(
        None, description="九张表的顺序（t1…t9 的一个排列）；表号、目录和第三部分 七/八/九 随之 / order of the nine tables. "
        "默认 default t1…t9")
    titles: dict[str, Text] = Field(
        {}, description="按 id 改任一标题（p1…p6、t1…t9、total、gpb、sangong_overall …）/ override any heading by id")
    part3_sections: list[Text] | None = Field(
        None, description="第三部分的章节及顺序（special 增加 十四、专项支出、转移支付）/ sections of part 3. 默认 default 一…十三")
    table_title_style: Literal["year", "numbered"] = Field(
        "year", description="year → 2022年度收入决算表（表2）；numbered → 二、收入决算表 / table title style")
    toc_show_table_no: Flag = Field(True, description="目录和标题中显示（表N）/ show (表N) in the TOC and headings")
    cover_title_suffix: Text = Field("部门决算公开", description="封面第二行 / second cover line")
    entity_label: Text = Field("部门：", description="表头的单位标签 / entity label above the tables")
    unit_label: Text = Field("单位：万元", description="表头的金额单位 / unit label above the tables")
    vehicle_term: Text = Field("公务用车购置及运行维护费", description="“三公”经费中公务用车的名称 / vehicle term")
    vehicle_run_term: Text = Field("公务用车运行维护费", description="公务用车运行维护费的名称 / vehicle running term")
    budget_word: Text = Field("年初预算", description="年初预算 / 全年预算 / 预算 (budget word in 完成预算的…%)")
    sangong_budget_word: Text = Field("预算", description="“三公”经费说明中的预算用语 / budget word of 三公")
    zero_display: Text = Field("", description="表中的零显示为（\"\" 或 0.00）/ what a zero table cell shows")
    thousands_in_text: Flag = Field(True, description="正文金额用千分位（4,199.36）/ thousands separators in sentences")
    trim_zeros_in_text: Flag = Field(False, description="正文金额去掉末尾的 0 / drop trailing zeros in sentences")
    list_zero_items: Flag = Field(False, description="二、三 中列出金额为零的收支项目 / list zero items")
    yoy_in_income_expense: Flag = Field(False, description="二、三 中与上年比较 / compare income/expense with last year")
    table6_capital_rows: list[Code] | None = Field(
        None, description="表6 中列出的 310 资本性支出行（编码列表）/ 310 rows printed in table 6. 默认 default all eight")
    notes_with_formulas: Flag = Field(True, description="表下注明行次/栏次公式 / print the formulas under the tables")


BUDGET_TABLE_IDS = ("summary", "income", "expense", "fiscal", "gpb", "basic", "sangong", "fund", "soe", "projects")
BudgetTableId = Literal["summary", "income", "expense", "fiscal", "gpb", "basic", "sangong", "fund", "soe", "projects"]


class BudgetChild(Model):
    id: Text = Field(description="小节 id / subsection id")
    title: Text = Field(description="小节标题 / subsection title")


class BudgetSection(Model):
    id: Text = Field(description="章节 id（模板按 id 输出内容）/ section id (the template prints by id)")
    title: Text = Field(description="章节标题 / section title")
    children: list[BudgetChild] = Field([], description="小节 / subsections")


class BudgetPart(Model):
    id: Text = Field(description="部分 id（explanation、tables、glossary …）/ part id")
    title: Text = Field("", description="部分标题，可用 {dept} {Y} {Y1} / part title")
    sections: list[BudgetSection] = Field([], description="章节 / sections")
    tables: list[BudgetTableId] = Field([], description="本部分的表（tables 部分）/ the tables of this part")
    performance: Flag = Field(False, description="本部分后附绩效目标表 / the performance tables follow")


class BudgetTableNames(Model):
    summary: Text = Field(description="收支总表")
    income: Text = Field(description="收入总表")
    expense: Text = Field(description="支出总表")
    fiscal: Text = Field(description="财政拨款收支总表")
    gpb: Text = Field(description="一般公共预算支出表")
    basic: Text = Field(description="一般公共预算基本支出表")
    sangong: Text = Field(description="一般公共预算“三公”经费支出表")
    fund: Text = Field(description="政府性基金预算支出表")
    soe: Text = Field(description="国有资本经营预算支出表")
    projects: Text = Field(description="项目支出表")


class BudgetPerformanceTitles(Model):
    overall: Text = Field(description="整体绩效目标表的章节名 / overall section")
    projects: Text = Field(description="项目绩效目标表的章节名 / projects section")


class BudgetPerformanceTableTitles(Model):
    overall: Text = Field(description="整体绩效目标表的表名，可用 {Y} / overall table title")
    project: Text = Field(description="项目绩效目标表的表名 / project table title")


class BudgetInfoCell(Model):
    label: Text = Field(description="栏名，可用 {Y} {Y1} {Y_2}（= Y-2）/ label")
    value: Text = Field(description="“项目”表的列（schema 的 key，如 leader2），dept（部门名称）或 history（预算及执行情况）/ value")


class BudgetSource(Model):
    label: Text = Field(description="资金来源的名称 / label of the source row")
    key: Text = Field(description="读取的“项目”表的列（schema 的 key，如 src_district）/ the project column it reads")


class BudgetFundsLabels(Model):
    total: Text = Field(description="项目总金额")
    amount: Text = Field(description="当年金额")
    sources: Text = Field(description="资金来源一栏的标题，可用 {Y} / sources heading")
    lines: Text = Field(description="拟投入资金构成一栏的标题，可用 {Y} / spending lines heading")
    line_columns: list[Text] = Field(min_length=3, max_length=3, description="项目内容、经济科目名称、财拨合计三栏的栏名")
    procurement: Text = Field(description="政府采购计划一栏的标题 / procurement heading")
    procurement_columns: list[Text] = Field(min_length=4, max_length=4, description="采购类别、采购目录、数量、总计四栏的栏名")
    goal: Text = Field(description="项目绩效总目标")


IncomeRow = Literal["gpb", "fund", "soe", "special", "business", "operating", "upper", "affiliated", "other"]


class BudgetProfile(Model):
    """预算: the format (A or B, kinds/budget/formats.yaml) and any of its keys overridden."""

    format: Literal["A", "B"] = Field("A", description="公开格式 A 或 B / published format A or B")
    titles: dict[str, Text] = Field({}, description="按 id 改任一标题（部分、章节、表 id）/ override any heading by id")
    cover: Flag | None = Field(None, description="有封面 / a cover page")
    toc: Flag | None = Field(None, description="有目录 / a table of contents")
    spending: Literal["projectized", "basic_project"] | None = Field(
        None, description="支出口径：人员类/公用经费运转类/特定目标类，或 基本/项目 / spending classification")
    glossary_numbering: Text | None = Field(None, description="名词解释的编号，{cn} = 一、二… / glossary numbering")
    contact_placement: Literal["section", "glossary"] | None = Field(
        None, description="联系方式：单独一节，或名词解释后一行 / where the contact goes")
    table_label: Text | None = Field(None, description="表号，{n} = 序号 / table label")
    table_title: Text | None = Field(None, description="表名，{name} {Y} / table title")
    entity_label: Text | None = Field(None, description="表头的单位标签 / entity label")
    unit_label: Text | None = Field(None, description="表头的金额单位 / unit label")
    thousands_in_text: Flag | None = Field(None, description="正文金额用千分位 / thousands separators in sentences")
    trim_zeros_in_text: Flag | None = Field(None, description="正文金额去掉末尾的 0 / drop trailing zeros in sentences")
    zero_display: Text | None = Field(None, description="表中的零显示为 / what a zero table cell shows")
    compare: Text | None = Field(None, description="与上年比较的用语，{Y1} / comparison wording")
    same: Text | None = Field(None, description="与上年持平的用语，{Y1} / unchanged wording")
    economic_list: Literal["basic_and_project", "none"] | None = Field(
        None, description="经济分类列示：基本支出 + 项目支出，或不列 / economic classification list")
    class_ordinal_21: Text | None = Field(None, description="收支总表第 21 类起的序号（廿 或 二十）/ ordinal from 21")
    parts: list[BudgetPart] | None = Field(None, description="各部分及其章节 / parts and their sections")
    table_names: BudgetTableNames | None = Field(None, description="表名（十张表都要写）/ table names, all ten")
    performance_titles: BudgetPerformanceTitles | None = Field(None, description="绩效目标表的章节名 / titles")
    performance_table_titles: BudgetPerformanceTableTitles | None = Field(None, description="绩效目标表的表名 / titles")
    project_tables: Literal["one", "three"] | None = Field(
        None, description="每个项目一张申报表，或三张表 / one table per project, or three")
    project_code_printed: Flag | None = Field(
        None, description="本格式的项目表是否印项目编码（P-CODE 只在印时提示缺编码）/ whether a 项目编码 is printed")
    glossary_terms: list[Text] | None = Field(None, description="名词解释选用的标准名词 / standard glossary terms")
    indicator_level1: dict[str, Text] | None = Field(None, description="一级指标的名称对照 / level-1 indicator names")
    indicator_level2: dict[str, Text] | None = Field(None, description="二级指标的名称对照 / level-2 indicator names")
    income_rows: list[IncomeRow] | None = Field(None, description="收支总表的收入行 / income rows of the summary table")
    class_rows: list[Code] | None = Field(None, description="收支总表的支出功能分类（类）/ expense classes of the summary")
    project_categories: dict[Text, Literal["personnel", "public", "project"]] | None = Field(
        None, description="项目类别及其对应的一般公共预算支出表栏 / project categories and their column")
    table_layouts: dict[Text, dict] | None = Field(
        None, description="公开表的栏目（按表 id；id 须为模板中已有的版式）/ column sets of the public tables")
    income_labels: dict[Text, Text] | None = Field(None, description="收支总表收入行的名称 / income row labels")
    income_table_rows: list[Literal["gpb", "fund", "soe", "special", "business", "operating", "upper", "affiliated",
                                    "other", "fund_balance"]] | None = Field(
        None, description="收支总表（分栏版式）的收入行 / income rows of the block layout")
    class_label: Text | None = Field(None, description="分栏版式中科目的写法，{code}{name} / class label pattern")
    fiscal_income_rows: list[IncomeRow] | None = Field(None, description="财政拨款收支总表的收入行 / fiscal income rows")
    economic_rows: list[Code] | None = Field(None, description="经济分类栏的类 / economic classes of the block")
    overall_labels: dict[Text, Text] | None = Field(None, description="部门整体表的栏名 / labels of the overall table")
    overall_project_name: Text | None = Field(None, description="部门整体表的项目名称写法，{n} {name} / project names")
    overall_annual_history: Flag | None = Field(None, description="年度指标列前年、上年 / annual grid has 前年/上年")
    overall_indicator_level2: dict[Text, Text] | None = Field(
        None, description="部门整体表二级指标的名称对照 / level-2 names of the overall table")
    indicator_spellings: dict[Text, Text] | None = Field(
        None, description="二级指标的其他写法 → 规范名称（加在 formats.yaml 的对照之上）/ other spellings of level-2 names")
    project_sources: list[BudgetSource] | None = Field(
        None, description="项目表的资金来源行及其读取的“项目”表的列 / the fund source rows of the project tables")
    project_info: list[list[BudgetInfoCell]] | None = Field(
        None, description="格式 B 项目基本信息表的行，每行 1 至 3 项 / rows of B's 项目基本信息表, 1–3 pairs each")
    project_funds_labels: BudgetFundsLabels | None = Field(
        None, description="格式 B 项目预算资金投入表的栏名 / labels of B's 项目预算资金投入表")
    prior_parts: list[Literal["personnel_projects", "public_projects", "special_projects", "basic", "project"]] | None = Field(
        None, description="上年预算数中相加等于上年一般公共预算的分项（N-4）/ prior-year parts of 一般公共预算")
    prior_projects: dict[Literal["field", "label"], Text] | None = Field(
        None, description="各项目上年预算之和应等于的上年数（field）及其名称（label）/ prior figure of the projects")
    overall_funds_complete: Flag | None = Field(
        None, description="部门整体表“部门总体资金情况”每格须有数字（缺则提示）/ every cell of the funds block required")


# -- the project file -----------------------------------------------------------------------------


class ProjectBase(Model):
    kind: Literal["决算", "预算"] = Field(description="文档类型 / document kind")
    year: Year = Field(description="年度 / year of the document")
    department: Text = Field(description="部门全称 / the department's full name")
    short_name: Text = Field("本单位", description="文中简称 / short name used in sentences")
    publish_date: Date | None = Field(None, description="公开日期（封面）/ publication date (cover)")
    phone: Text = Field("", description="公开咨询电话 / enquiry phone")
    workbook: Text = Field(description="输入工作簿（相对于项目文件）/ the input workbook, relative to this file")
    workbook_unit: Literal["万元", "元"] = Field("万元", description="工作簿的金额单位 / unit of the workbook's amounts")
    templates: Text = Field("default", description="default，或含 document.docx 的文件夹 / default or a template folder")
    codes: list[Text] = Field([], description="补充或覆盖科目编码的 CSV 文件 / CSV files adding or overriding codes")
    output: Output = Field(default_factory=Output, description="输出 / outputs")
    pdf: Flag = Field(False, description="同时生成 PDF（需要 LibreOffice）/ also write the PDF")
    tolerance: Number = Field(Decimal("0.01"), description="录入数与计算数之间可接受的尾数误差（万元）/ rounding tolerance")
    reason_threshold: Number = Field(Decimal("0"), description="增减幅度（%）达到多少需要说明主要原因 / growth % needing a reason")
    texts: Texts = Field(default_factory=Texts, description="文字 / texts")
    glossary: Glossary = Field(default_factory=Glossary, description="名词解释 / glossary")
    attachments: list[Attachment] = Field([], description="整篇附加的 Word 文件 / .docx files appended whole")

    @field_validator("codes", mode="before")
    @classmethod
    def _one_code_file(cls, value):
        return [value] if isinstance(value, str) else value


class FinalAccountsProject(ProjectBase):
    profile: FinalAccountsProfile = Field(default_factory=FinalAccountsProfile, description="决算的地区差异 / variants")
    layout: Text | None = Field(
        None, description="本地区的布局文件（相对于项目文件；见 docs/adapting-layouts.md 和 docs/layout-reference.md）"
                          " / the district's layout file")


class BudgetProject(ProjectBase):
    profile: BudgetProfile = Field(default_factory=BudgetProfile, description="预算的格式及覆盖项 / format and overrides")


PROJECT_MODELS: dict[str, type[ProjectBase]] = {"决算": FinalAccountsProject, "预算": BudgetProject}


# -- the reference --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Option:
    path: str
    type: str
    default: str
    description: str
    kinds: str = ""


def _type_name(annotation) -> str:
    origin = get_origin(annotation)
    if origin is Annotated:
        for meta in annotation.__metadata__:
            if isinstance(meta, TypeName):
                return meta.text
        return _type_name(get_args(annotation)[0])
    if origin is Literal:
        return " | ".join(str(a) for a in get_args(annotation))
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        return " | ".join(_type_name(a) for a in args)
    if origin is list:
        return f"列表 list of {_type_name(get_args(annotation)[0])}"
    if origin is dict:
        return f"映射 mapping id → {_type_name(get_args(annotation)[1])}"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "设置 mapping"
    if annotation is str:
        return "文字 text"
    return getattr(annotation, "__name__", str(annotation))


def _submodel(annotation):
    """The model a field holds (directly, in a list, or optional), if any."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _submodel(get_args(annotation)[0])
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, ""
    if origin is list:
        sub = _submodel(get_args(annotation)[0])
        return (sub[0], "[]") if sub else None
    if origin is not None:
        for a in get_args(annotation):
            sub = _submodel(a)
            if sub:
                return sub
    return None


def _default_text(field) -> str:
    if field.is_required():
        return "必填 required"
    if field.default_factory is not None:
        value = field.default_factory()
        if isinstance(value, BaseModel):
            return ""
    else:
        value = field.default
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{}"
    if value == "":
        return '""'
    return str(value)


def budget_format_defaults() -> dict:
    with resources.files("reportgen.kinds.budget").joinpath("formats.yaml").open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def _short(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10000).strip()
        return text if len(text) <= 40 else "见 see formats.yaml"
    return str(value) if value != "" else '""'


def _walk(model: type[BaseModel], prefix: str, kinds: str, out: list[Option], defaults=None) -> None:
    for name, field in model.model_fields.items():
        path = f"{prefix}{name}"
        sub = _submodel(field.annotation)
        default = _default_text(field)
        if defaults is not None and name in defaults.get("A", {}):
            default = "A: " + _short(defaults["A"][name]) + "; B: " + _short(defaults["B"].get(name, ""))
        named = next((m.text for m in field.metadata if isinstance(m, TypeName)), None)
        out.append(Option(path, named or _type_name(field.annotation), default, field.description or "", kinds))
        if sub is not None:
            _walk(sub[0], f"{path}{sub[1]}.", kinds, out)


def reference() -> list[Option]:
    """Every key of the project file: path, type, default, description (and the kind it is for)."""
    out: list[Option] = []
    _walk(ProjectBase, "", "", out)
    _walk_profile = [("决算", FinalAccountsProfile, None), ("预算", BudgetProfile, budget_format_defaults())]
    for kind, model, defaults in _walk_profile:
        out.append(Option("profile", "设置 mapping", "", PROJECT_MODELS[kind].model_fields["profile"].description, kind))
        _walk(model, "profile.", kind, out, defaults)
    return out


def markdown() -> str:
    """docs/project-reference.md (generated: ``reportgen options --markdown``)."""
    lines = [
        "# 项目文件参考 / Project file reference",
        "",
        "<!-- Generated by `reportgen options --markdown` from src/reportgen/settings.py. Do not edit. -->",
        "",
        "每个设置项的路径、类型、默认值和说明。未列出的键是错误（提示最接近的键）。"
        "`[]` 表示列表中的每一项。",
        "Every key of the project file with its type, default and meaning. Any other key is an error.",
        "",
    ]
    for title, kinds in (("通用 / Common", ""), ("profile（决算）", "决算"), ("profile（预算）", "预算")):
        lines += [f"## {title}", "", "| key | type | default | description |", "|---|---|---|---|"]
        for o in reference():
            if o.kinds == kinds:
                cells = [f"`{o.path}`", o.type, o.default, o.description]
                lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        lines.append("")
    return "\n".join(lines)


def known_keys(model: type[BaseModel]) -> list[str]:
    return list(model.model_fields)


def model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model found at ``loc`` (a pydantic error location) below ``model``."""
    current = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part)
        if field is None:
            return None
        sub = _submodel(field.annotation)
        if sub is None:
            return None
        current = sub[0]
    return current
