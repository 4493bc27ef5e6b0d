"""Helpers and rules shared by every kind: entered-vs-computed comparisons, classified tables, codes."""
from __future__ import annotations

from decimal import Decimal

from ..money import ZERO, fmt_amount, q2


def tolerance(prepared) -> Decimal:
    """The 尾数误差 accepted between an entered and a computed total (project ``tolerance``)."""
    try:
        return Decimal(prepared.project.tolerance)
    except Exception:  # noqa: BLE001 - a malformed value falls back to the default
        return Decimal("0.01")


def amount(v: Decimal) -> str:
    return fmt_amount(v, True)


def compare(findings, prepared, rule_id, where, entered, computed, what, how="", n: int = 0):
    """Entered vs computed: information within n × 0.005 (n terms added), warning within the
    tolerance, error beyond it."""
    if entered is None:
        return
    near(findings, prepared, rule_id, where, entered, computed,
         f"{what}：{how + ' = ' if how else '应为 '}{amount(computed)}，表中为 {amount(entered)}", n)


HALF_CENT = Decimal("0.005")


def rounding_room(n: int) -> Decimal:
    """The largest 尾数 of a sum of ``n`` amounts each rounded to 0.01 on its own: n × 0.005."""
    return HALF_CENT * n


def near(findings, prepared, rule_id, where, a: Decimal, b: Decimal, message: str, n: int = 0):
    """Two figures that must agree.  A difference within ``n × 0.005`` (``n`` rounded amounts were
    added: the published note “本套报表金额单位转换时可能存在尾数误差”) is information; within the
    project tolerance a warning; beyond it an error."""
    diff = q2(a - b)
    if diff == 0:
        return
    text = f"{message}（差 {amount(abs(diff))}）"   # e.g. …，表中为 134.20（差 0.03）
    # a 尾数 never turns a sum of non-negative amounts negative: rounding cannot produce that
    if n > 1 and abs(diff) <= rounding_room(n) and (a < 0) == (b < 0):
        findings.info(rule_id, where, text + f"，是 {n} 个分别四舍五入的金额相加的尾数误差（不超过 {n}×0.005），以填写数为准")
    elif abs(diff) <= tolerance(prepared):
        findings.warn(rule_id, where, text + "，在尾数误差范围内")
    else:
        findings.error(rule_id, where, text)


def formula_text(sheet, values: dict[str, Decimal], col) -> str:
    """``基本支出 33.35 + 项目支出 100.88`` for a computed column (zero terms left out)."""
    terms = [(k, s) for k, s in col.formula if values.get(k, ZERO) != 0] or list(col.formula)
    parts = [("+ " if sign > 0 else "− ") + f"{sheet.column(key).label} {amount(values.get(key, ZERO))}"
             for key, sign in terms]
    text = " ".join(parts)
    return text[2:] if text.startswith("+ ") else text


def check_classified(prepared, findings, sheet, data, table, short: str) -> None:
    """A classified table: computed columns of leaf rows, entered parent rows, the 合计 row."""
    by_no = {c.no: c for c in sheet.columns}
    leaf_len = sheet.leaf_len
    leaf_word = "项级" if leaf_len == 7 else "款级"
    for row in data.rows:
        comp = table.get(row.code)
        if len(row.code) == leaf_len:
            vals = table.leaves.get(row.code, {})
            name = comp.name if comp else row.name
            for no, cell in row.values.items():
                col = by_no.get(no)
                if col is None or not col.computed or cell.value is None:
                    continue
                compare(findings, prepared, "T-COL", cell.where, cell.value, vals.get(col.key, ZERO),
                        f"{short} {row.code} {name}", formula_text(sheet, vals, col))
            continue
        level = {3: "类", 5: "款"}.get(len(row.code), "")
        sums = table.sums.get(row.code) or (comp.values if comp else {})
        n = sum(1 for code in table.leaves if code.startswith(row.code))
        for no, cell in row.values.items():
            col = by_no.get(no)
            if col is None or cell.value is None:
                continue
            compare(findings, prepared, "T-SUM", cell.where, cell.value, sums.get(col.key, ZERO),
                    f"{short} {row.code} {row.name or (comp.name if comp else '')}（{level}）{col.label}",
                    f"下属{leaf_word}科目合计", n)
    if data.total is not None:
        sums = table.sums.get("", table.total.values)
        for no, cell in data.total.values.items():
            col = by_no.get(no)
            if col is None or cell.value is None:
                continue
            compare(findings, prepared, "T-TOTAL", cell.where, cell.value, sums.get(col.key, ZERO),
                    f"{short} 合计 {col.label}", f"各{leaf_word}科目合计", len(table.leaves))


def check_codes(prepared, findings, sheet, data, classification: str) -> None:
    """Unknown codes (error), names that differ from the code table (warning), 项 under a wrong 款."""
    year = prepared.project.year
    codes = prepared.codes[classification]
    kind_word = "功能分类" if classification == "function" else "经济分类"
    parent = None
    for row in data.rows:
        entry = codes.entry(row.code, year)
        if entry is None:
            other = row.code in codes
            findings.error("CODE-UNKNOWN", row.where,
                           f"{kind_word}科目编码 {row.code}（{row.name or '无名称'}）"
                           + (f"在{year}年科目表中不存在（其他年度有此编码）" if other else "不在科目代码表中")
                           + "。请核对编码；如确为新增科目，请在项目文件 codes: 指定的代码表中补充")
            continue
        if row.name and norm_name(row.name) != norm_name(entry.name):
            other = codes.other_editions(row.code, row.name, year)
            edition = f"（“{row.name}”是{other[0].editions}科目表的名称）" if other else ""
            findings.warn("CODE-NAME", row.where,
                          f"{row.code} 的科目名称为“{row.name}”，{year}年科目表为“{entry.name}”{edition}；文档按科目表名称输出")
        if len(row.code) == sheet.leaf_len - 2:
            parent = row.code
        elif len(row.code) == 3:
            parent = None
        elif len(row.code) == sheet.leaf_len and parent and not row.code.startswith(parent):
            leaf, upper = ("项级", "款") if sheet.leaf_len == 7 else ("款级", "类")
            findings.warn("CODE-PARENT", row.where,
                          f"{leaf}科目 {row.code} 排在{upper}级科目 {parent} 之下，但编码不属于该{upper}"
                          f"（应属 {row.code[:len(parent)]}）")


def norm_name(text: str) -> str:
    """Names compared without spaces and with one bracket width."""
    return text.replace("(", "（").replace(")", "）").replace(" ", "")
