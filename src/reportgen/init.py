"""``reportgen init``: a new project file and a blank input workbook, never overwriting.

``init 2024.yaml --kind 决算 --department 武汉市XX区XX局`` writes ``2024.yaml`` and ``2024.xlsx``
side by side.  ``--from 2023.yaml`` rolls last year's project forward:

* the year is last year's + 1; every year in the carried texts moves on with it
  (``2023年重点工作完成情况`` → ``2024年重点工作完成情况``, ``publish_date`` + 1 year);
* last year's document is computed and its 本年 figures are written into the new workbook's
  上年 sheet (上年决算数 for 决算), so every 与上年相比 of the new document starts from them;
* texts that usually stay are carried over (主要职能, 单位构成, glossary, profile, short_name,
  phone, templates …); year-bound texts (重点工作完成情况, 绩效 texts) are cleared, and what is
  left to do is printed and written as a comment block at the top of the new project file.

Nothing here is specific to one kind: the workbook comes from the kind module's ``SCHEMA``; a
kind may supply ``prior_figures(result) -> (sheet name, {field key: value})``,
``YEAR_BOUND_TEXTS`` and ``PROJECT_TEXTS``; 决算 defaults are defined below.
"""
from __future__ import annotations

import datetime as _dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError, OutputError, Where
from .kinds import KINDS, load_kind
from .workbook.blank import BlankInfo, write_blank
from .workbook.schema import WorkbookSchema

PROJECT_HEAD = """\
# reportgen 项目文件（{kind}）。路径相对于本文件所在文件夹。
kind: {kind}
year: {year}
department: {department}
short_name: {short_name}            # 文中简称，如“2022年度区政府办无政府性基金预算财政拨款收入支出。”
publish_date: {publish}
phone: ""                     # 公开咨询电话，可留空
workbook: {workbook}
output:
  dir: output
"""

# the texts block of a new project file, by kind (a kind module may define PROJECT_TEXTS)
PROJECT_TEXTS = {
    "决算": """\
texts:
  functions:                  # 部门主要职能，一条一行
    - 请填写部门主要职能
  units: []                   # 下属二级单位名称；只有本级时留空
  part4:
    title: {year}年重点工作完成情况
    sections: []
    table: []
  performance:
    overall_comment: ""
    application: []
""",
}
DEFAULT_TEXTS = """\
texts:
  functions:                  # 部门主要职能，一条一行
    - 请填写部门主要职能
  units: []                   # 下属二级单位名称；只有本级时留空
"""

# texts that belong to one year: cleared by --from (a kind module may define YEAR_BOUND_TEXTS)
YEAR_BOUND_TEXTS = {
    "决算": ("part4", "performance", "special_transfer"),
    "预算": ("part4", "performance", "special_transfer", "goals", "overall"),
}

# where last year's 本年 figures go in the new workbook (a kind may define prior_figures)
PRIOR_SHEETS = {"决算": "上年决算数"}


def _final_accounts_prior(result) -> dict[str, Any]:
    s = result.s
    sg = s["sangong"]
    return {
        "total": s["total"]["total"],
        "income_total": s["income"]["total"],
        "expense_total": s["expense"]["total"],
        "fiscal_total": s["fiscal"]["total"],
        "gpb_income": s["fiscal"]["gpb_income"],
        "gpb_expense": s["gpb"]["total"],
        "admin_cost": s["admin"]["amount"],
        "sg_abroad": sg["abroad"]["actual"],
        "sg_purchase": sg["purchase"]["actual"],
        "sg_run": sg["run"]["actual"],
        "sg_reception": sg["reception"]["actual"],
    }


PRIOR_FIGURES = {"决算": _final_accounts_prior}


@dataclass
class InitResult:
    written: list[Path]
    todo: list[str] = field(default_factory=list)


# -- kinds -----------------------------------------------------------------------------------

def kind_module(kind: str):
    """The kind's module, or a clear message when it does not exist or is not finished."""
    if kind not in KINDS:
        raise InputError(f"未知的文档类型“{kind}”，只能是 {' 或 '.join(KINDS)}")
    try:
        mod = load_kind(kind)
    except Exception as exc:  # noqa: BLE001 - a kind being written may fail in any way
        raise InputError(f"“{kind}”文档类型暂时无法使用（载入失败：{exc.__class__.__name__}: {exc}）。"
                         f"请更新 reportgen；已可用的类型：{_available(kind)}") from None
    if not isinstance(getattr(mod, "SCHEMA", None), WorkbookSchema):
        raise InputError(f"“{kind}”文档类型尚未完成（没有输入工作簿的定义），暂时不能新建{kind}项目。"
                         f"请更新 reportgen；已可用的类型：{_available(kind)}")
    return mod


def _available(exclude: str) -> str:
    ok = []
    for name in KINDS:
        if name == exclude:
            continue
        try:
            if isinstance(getattr(load_kind(name), "SCHEMA", None), WorkbookSchema):
                ok.append(name)
        except Exception:  # noqa: BLE001
            pass
    return "、".join(ok) or "无"


def _codes(year: int, extra: list[Path] | None = None) -> dict[str, list[tuple[str, str]]]:
    from .workbook.blank import default_codes

    return default_codes(year, extra)


def _year_of(path: Path) -> int | None:
    m = re.search(r"(?<!\d)(20\d\d)(?!\d)", path.stem)
    return int(m.group(1)) if m else None


def _check_targets(path: Path) -> Path:
    if path.suffix.lower() not in (".yaml", ".yml"):
        raise InputError("项目文件名应以 .yaml 结尾，如 2024.yaml", Where(str(path)))
    workbook = path.with_suffix(".xlsx")
    for p in (path, workbook):
        if p.exists():
            raise InputError(f"文件已存在，不会覆盖：{p}（如确需重新生成，请先改名或移走该文件）")
    return workbook


# -- a new project ---------------------------------------------------------------------------

def init_project(path: Path, kind: str | None = None, department: str | None = None, year: int | None = None,
                 from_path: Path | None = None, echo=None, short_name: str | None = None) -> InitResult:
    """Write ``path`` (project file) and the blank workbook beside it; with ``from_path`` roll
    last year's project forward.  Refuses to overwrite either file."""
    path = Path(path)
    if from_path is not None:
        return roll_forward(path, Path(from_path), kind=kind, department=department, year=year, echo=echo)
    if not kind:
        raise InputError("请用 --kind 指定文档类型（决算 或 预算）")
    if not department:
        raise InputError("请用 --department 指定部门全称，如 --department 武汉市XX区XX局")
    if year is None:
        year = _year_of(path)
        if year is None:
            raise InputError("请用 --year 指定年度（项目文件名中没有年份）", Where(str(path)))
    workbook = _check_targets(path)
    mod = kind_module(kind)
    publish = f"{year + 1}-09-30" if kind == "决算" else f"{year}-03-31"
    text = PROJECT_HEAD.format(kind=kind, year=year, department=_yaml_scalar(department),
                               short_name=_yaml_scalar(short_name) if short_name else "本单位",
                               publish=publish, workbook=_yaml_scalar(workbook.name))
    texts = getattr(mod, "PROJECT_TEXTS", None) or PROJECT_TEXTS.get(kind, DEFAULT_TEXTS)
    text += texts.format(year=year)
    yaml.safe_load(text)  # never write a project file that does not parse
    _write_pair(path, text, workbook,
                lambda: write_blank(mod.SCHEMA, workbook, info=BlankInfo(department, year, path.name),
                                    codes=_codes(year)))
    return InitResult([path, workbook], [
        f"在 {workbook.name} 中填写 {year} 年度的数字（先看第一张工作表“填报说明”）",
        f"在 {path.name} 中填写部门主要职能等文字",
        f"运行 reportgen check {path.name} 检查，再运行 reportgen build {path.name} 生成",
    ])


def _yaml_scalar(text: str) -> str:
    """``text`` as a YAML scalar (quoted when it would otherwise read as something else)."""
    return yaml.safe_dump(str(text), allow_unicode=True, width=10000).strip().removesuffix("...").strip()


def _write_pair(path: Path, text: str, workbook: Path, write_workbook) -> None:
    """Write the workbook, then the project file; both or neither (a folder that cannot be
    written is a clear message with exit code 3, not a crash).  Neither file existed before
    (``_check_targets``), so whatever is left of a failed attempt is removed."""
    target = workbook
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_workbook()
        target = path
        _write_new(path, text)
    except (OSError, InputError) as exc:
        try:
            workbook.unlink(missing_ok=True)
        except OSError:
            pass
        if isinstance(exc, InputError):
            raise
        raise _unwritable(target, exc) from None


def _unwritable(target: Path, exc: OSError) -> OutputError:
    folder = target.parent
    reason = {13: "没有写入权限", 1: "没有写入权限", 30: "磁盘只读", 28: "磁盘空间不足",
              20: "路径中有同名的文件", 17: "路径中有同名的文件"}.get(exc.errno, exc.strerror or "")
    return OutputError(f"无法在文件夹“{folder}”中写入 {target.name}：{reason}。请换一个文件夹，或检查该文件夹的权限",
                       Where(str(target)))


def _write_new(path: Path, text: str) -> None:
    # "x": fail rather than overwrite a file that appeared meanwhile
    try:
        with open(path, "x", encoding="utf-8", newline="\n") as f:
            f.write(text)
    except FileExistsError:
        raise InputError(f"文件已存在，不会覆盖：{path}") from None


# -- rolling a project forward ---------------------------------------------------------------

_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


class _Shifter:
    """Moves every year of last year's document (Y-1, Y, Y+1) on by one, remembering where."""

    def __init__(self, old_year: int):
        self.years = {old_year - 1, old_year, old_year + 1}
        self.changed: list[str] = []

    def text(self, value: str, where: str) -> str:
        new = _YEAR.sub(lambda m: str(int(m.group(1)) + 1) if int(m.group(1)) in self.years else m.group(1), value)
        if new != value:
            self.changed.append(where)
        return new

    def __call__(self, value, where: str = ""):
        if isinstance(value, str):
            return self.text(value, where)
        if isinstance(value, _dt.date):
            return _plus_year(value)
        if isinstance(value, dict):
            return {k: self(v, f"{where}.{k}" if where else str(k)) for k, v in value.items()}
        if isinstance(value, list):
            return [self(v, f"{where}[{i}]") for i, v in enumerate(value)]
        return value


def _plus_year(d: _dt.date) -> _dt.date:
    try:
        return d.replace(year=d.year + 1)
    except ValueError:       # 29 February
        return d.replace(year=d.year + 1, day=28)


def _rebase(value: str, old_base: Path, new_base: Path) -> str:
    """A path relative to last year's project file, made relative to the new one."""
    p = Path(str(value))
    if p.is_absolute() or old_base == new_base:
        return str(value)
    return Path(os.path.relpath(old_base / p, new_base)).as_posix()


def roll_forward(path: Path, from_path: Path, kind: str | None = None, department: str | None = None,
                 year: int | None = None, echo=None) -> InitResult:
    from .build import prepare
    from .project import load_project

    old = load_project(from_path, check_output=False)
    kind = kind or old.kind
    if kind != old.kind:
        raise InputError(f"--from 的项目是{old.kind}，不能用来新建{kind}项目（上年数字的口径不同）",
                         Where(from_path.name))
    new_year = old.year + 1
    if year is not None and year != new_year:
        raise InputError(f"--year {year} 与上年项目的年度 {old.year} 不衔接（应为 {new_year}）", Where(str(path)))
    named = _year_of(path)
    if named is not None and named != new_year:
        raise InputError(f"项目文件名中的年份 {named} 与上年项目的年度 {old.year} 不衔接（新项目应为 {new_year} 年度，"
                         f"如 {new_year}.yaml）", Where(str(path)))
    workbook = _check_targets(path)
    mod = kind_module(kind)

    if echo:
        echo(f"正在计算上年项目 {from_path.name}（{old.year} 年度）…")
    try:
        prepared = prepare(from_path)
    except InputError as exc:
        raise InputError(f"无法计算上年项目，上年数字无法带入：{exc}", Where(from_path.name)) from None
    sheet_name, figures = _prior(mod, kind, prepared.result)

    raw = yaml.safe_load(Path(from_path).read_text(encoding="utf-8-sig")) or {}
    old_base, new_base = from_path.resolve().parent, path.resolve().parent
    shift = _Shifter(old.year)
    todo: list[str] = []
    data: dict[str, Any] = {}
    data["kind"] = kind
    data["year"] = new_year
    data["department"] = department or old.department
    for key in ("short_name",):
        if raw.get(key):
            data[key] = shift(raw[key], key)
    if old.publish_date:
        data["publish_date"] = _plus_year(old.publish_date)
        todo.append(f"publish_date：已设为 {data['publish_date']:%Y-%m-%d}（上年日期顺延一年），请按实际公开日期修改")
    for key in ("phone",):
        if raw.get(key) not in (None, ""):
            data[key] = raw[key]
    data["workbook"] = workbook.name
    for key in ("workbook_unit", "tolerance", "reason_threshold", "pdf"):
        if key in raw:
            data[key] = raw[key]
    if raw.get("templates") and str(raw["templates"]) != "default":
        data["templates"] = _rebase(raw["templates"], old_base, new_base)
    elif "templates" in raw:
        data["templates"] = raw["templates"]
    if raw.get("codes"):
        codes = raw["codes"] if isinstance(raw["codes"], list) else [raw["codes"]]
        data["codes"] = [_rebase(c, old_base, new_base) for c in codes]
    if raw.get("output"):
        data["output"] = shift(raw["output"], "output")
    if raw.get("profile"):
        data["profile"] = shift(raw["profile"], "profile")

    bound = tuple(getattr(mod, "YEAR_BOUND_TEXTS", None) or YEAR_BOUND_TEXTS.get(kind, ()))
    texts_in = raw.get("texts") or {}
    texts: dict[str, Any] = {}
    for key, value in texts_in.items():
        if key not in bound:
            texts[key] = shift(value, f"texts.{key}")
            continue
        cleared = _cleared(key, value, shift, new_year)
        if cleared is not None:
            texts[key] = cleared
        if _has_content(key, value):
            todo.append(_todo_text(key, value, new_year, shift))
    if texts:
        data["texts"] = texts
    if raw.get("glossary"):
        data["glossary"] = shift(raw["glossary"], "glossary")
    if raw.get("attachments"):
        atts = []
        for a in raw["attachments"]:
            a = dict(a)
            a["title"] = shift(str(a.get("title") or ""), "attachments.title")
            a["path"] = _rebase(a["path"], old_base, new_base)
            atts.append(a)
        data["attachments"] = atts
        todo.append("attachments：已沿用上年的附件（" + "、".join(str(a["title"] or a["path"]) for a in atts)
                    + "），请确认是否仍适用、内容是否已更新")
    for key, value in raw.items():          # anything else the project file may hold
        if key not in data and key not in ("year", "kind", "department", "workbook", "publish_date"):
            data[key] = shift(value, key)

    # the workbook: blank, with last year's figures in the 上年 sheet
    values = {sheet_name: figures} if sheet_name and figures else {}
    prefilled = (sheet_name,) if values else ()
    extra_codes = [new_base / c for c in data.get("codes", [])]
    info = BlankInfo(data["department"], new_year, path.name, str(data.get("workbook_unit") or "万元"), prefilled)
    head_todo = [f"{workbook.name}：填写 {new_year} 年度的各表数字（先看“填报说明”）"]
    if values:
        head_todo.append(f"{workbook.name}「{sheet_name}」：已按 {old.year} 年度决算填入，请与上年公开文档核对"
                         if kind == "决算" else
                         f"{workbook.name}「{sheet_name}」：已按 {old.year} 年度数字填入，请核对")
    elif sheet_name or any("上年" in s.name for s in mod.SCHEMA.sheets):
        head_todo.append(f"{workbook.name}：上年数字未能自动带入，请在上年数工作表中填写")
    if any(s.name == "主要原因" for s in mod.SCHEMA.sheets):
        head_todo.append(f"{workbook.name}「主要原因」：按本年各项增减变化重新填写（上年原因不再适用）")
    if prepared.findings.errors:
        head_todo.append(f"上年项目检查有 {len(prepared.findings.errors)} 个错误（reportgen check {from_path.name}），"
                         "带入的上年数字请特别核对")
    todo = head_todo + todo
    shifted = [w for w in dict.fromkeys(shift.changed) if w != "output.name"]
    if shifted:
        todo.append("以下文字中的年份已顺延一年，请核对：" + "、".join(shifted[:12])
                    + ("等" if len(shifted) > 12 else ""))
    todo.append(f"运行 reportgen check {path.name} 检查，再运行 reportgen build {path.name} 生成")

    header = [f"# reportgen 项目文件（{kind}，{new_year} 年度），由 reportgen init --from {from_path.name} 生成。",
              "# 路径相对于本文件所在文件夹。", "#", "# 待办："]
    header += [f"#   {i}. {line}" for i, line in enumerate(todo, start=1)]
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10000, default_flow_style=False)
    text = "\n".join(header) + "\n\n" + body
    _write_pair(path, text, workbook,
                lambda: write_blank(mod.SCHEMA, workbook, info=info, codes=_codes(new_year, extra_codes),
                                    values=values))
    try:
        load_project(path, check_output=False)
    except InputError as exc:                 # pragma: no cover - a bug here, not the user's
        raise InputError(f"生成的项目文件无法读取（{exc}），请报告维护人员", Where(str(path))) from None
    return InitResult([path, workbook], todo)


def _prior(mod, kind: str, result) -> tuple[str | None, dict]:
    own = getattr(mod, "prior_figures", None)
    if own is not None:
        sheet, values = own(result)
        return sheet, dict(values)
    fn = PRIOR_FIGURES.get(kind)
    if fn is None:
        return None, {}
    return PRIOR_SHEETS[kind], fn(result)


def _cleared(key: str, value, shift: _Shifter, new_year: int):
    """The empty form of a year-bound text, keeping its structure (titles move on a year)."""
    if key == "part4" and isinstance(value, dict):
        out = {}
        title = value.get("title")
        out["title"] = shift(str(title), "texts.part4.title") if title else f"{new_year}年重点工作完成情况"
        out["sections"] = []
        out["table"] = []
        return out
    if isinstance(value, dict):
        return {k: ([] if isinstance(v, list) else {} if isinstance(v, dict) else "")
                for k, v in value.items() if k != "docx"}
    if isinstance(value, list):
        return []
    return ""


def _has_content(key: str, value) -> bool:
    if isinstance(value, dict):
        return any(_has_content(k, v) for k, v in value.items() if k != "title")
    if isinstance(value, list):
        return bool(value)
    return value not in (None, "")


_TEXT_NAMES = {
    "part4": "第四部分 重点工作完成情况（sections / table）",
    "performance": "绩效情况说明（overall_comment 整体评价、application 绩效自评结果应用情况等）",
    "special_transfer": "专项支出、转移支付支出情况说明",
    "goals": "年度工作目标",
    "overall": "整体绩效目标",
}


def _todo_text(key: str, value, new_year: int, shift) -> str:
    name = _TEXT_NAMES.get(key, key)
    extra = ""
    if key == "part4" and isinstance(value, dict) and value.get("docx"):
        extra = f"；上年插入的 Word 文件 {value['docx']} 未沿用，如需要请重新指定 texts.part4.docx"
    return f"texts.{key}：填写 {new_year} 年度的{name}，上年内容已清空{extra}"
