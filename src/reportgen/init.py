"""``reportgen init``: a new project file and a blank input workbook, never overwriting."""
from __future__ import annotations

import re
from pathlib import Path

from .errors import InputError, Where
from .kinds import load_kind
from .workbook.blank import write_blank

PROJECT_TEMPLATE = """\
# reportgen 项目文件（{kind}）。路径相对于本文件所在文件夹。
kind: {kind}
year: {year}
department: {department}
short_name: 本单位            # 表7/表8 空表说明等处使用的简称
publish_date: {publish}
phone: ""                     # 公开咨询电话，可留空
workbook: {workbook}
output:
  dir: output
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
"""


def init_project(path: Path, kind: str, department: str, year: int | None = None) -> list[Path]:
    if path.suffix.lower() not in (".yaml", ".yml"):
        raise InputError("项目文件名应以 .yaml 结尾，如 2024.yaml", Where(str(path)))
    if year is None:
        m = re.search(r"(20\d\d)", path.stem)
        if not m:
            raise InputError("请用 --year 指定年度（项目文件名中没有年份）", Where(str(path)))
        year = int(m.group(1))
    workbook = path.with_suffix(".xlsx")
    for p in (path, workbook):
        if p.exists():
            raise InputError(f"文件已存在，不会覆盖：{p}", Where(str(p)))
    mod = load_kind(kind)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_blank(mod.SCHEMA, workbook)
    path.write_text(PROJECT_TEMPLATE.format(kind=kind, year=year, department=department,
                                            publish=f"{year + 1}-09-30", workbook=workbook.name),
                    encoding="utf-8")
    return [path, workbook]
