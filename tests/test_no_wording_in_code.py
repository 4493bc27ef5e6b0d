"""Issue 12: document wording lives in layouts, fragments, templates and data files — not in Python.

The guard parses every module under src/reportgen that takes part in making the document and fails
on a Chinese string literal that reads like document wording: a sentence (it holds Chinese sentence
punctuation “。，；：” and at least 8 CJK characters) or a long phrase (more than 16 CJK characters).  Allowed: docstrings, and the
text of messages to the user (anything inside ``raise …``, ``InputError(…)``, ``Finding(…)`` and the
like, or anything in a function named ``…message…``) and the descriptions of settings (pydantic ``Field(description=…)``, the reference).  Short names of figures and rows ("上级补助收入", "基本支出") are identifiers of data, not wording.

Modules whose texts are the tool's own interface, not the document, are out of scope: the checks'
findings, the input workbook (sheet help, 填报说明), the project file skeleton of ``init``, the command
line, the input workbook schemas (kinds/*/schema.py), the project file schema and its reference
(settings.py), the code tables' loader warnings (codes.py), the pipeline's and the output set's
messages (build.py, outputset.py), the district build's progress, summary and 汇总.xlsx (batch.py)
and district init (district.py), the change report of the manifest, and the install hints of the PDF/chart renderers.

KNOWN would list literals allowed for now (none: the 预算 kind's notes are in its formats.yaml); the
test fails when one is added — and when one is removed, so that the list only shrinks.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "reportgen"
CJK = re.compile(r"[\u4e00-\u9fff]")
SENTENCE = re.compile(r"[。，；：]")
NUMERALS = re.compile(r"^[一二三四五六七八九十百千〇零\s]+$")     # a digit table, not wording
MESSAGE_CALLS = {"InputError", "OutputError", "ChecksFailed", "ReportgenError", "Finding", "Where", "Field",
                 "ValueError", "echo", "secho", "fail", "error", "warning", "warn"}
OUT_OF_SCOPE = ("checks/", "workbook/", "kinds/final_accounts/schema.py", "kinds/budget/schema.py", "init.py",
                "cli.py", "errors.py", "findings.py", "project.py", "settings.py", "codes.py", "manifest.py",
                "build.py", "outputset.py", "batch.py", "district.py",
                "render/pdf.py", "render/charts.py", "render/uno_update.py")
KNOWN: dict[str, set] = {}


def _text(node) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
    return None


def _is_message(node, parents) -> bool:
    p = parents.get(node)
    while p is not None:
        if isinstance(p, ast.Raise):
            return True
        if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef)) and "message" in p.name:
            return True                           # a function that words an error (_template_message)
        if isinstance(p, ast.Call):
            f = p.func
            name = f.id if isinstance(f, ast.Name) else (f.attr if isinstance(f, ast.Attribute) else "")
            if name in MESSAGE_CALLS:
                return True
        p = parents.get(p)
    return False


def wording(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {c: n for n in ast.walk(tree) for c in ast.iter_child_nodes(n)}
    docstrings = {n.body[0].value for n in ast.walk(tree)
                  if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and n.body and isinstance(n.body[0], ast.Expr)}
    found = set()
    for node in ast.walk(tree):
        text = _text(node)
        if text is None or node in docstrings or isinstance(parents.get(node), ast.JoinedStr):
            continue
        n = len(CJK.findall(text))
        if NUMERALS.match(text) or not ((SENTENCE.search(text) and n >= 8) or n > 16):
            continue
        if not _is_message(node, parents):
            found.add(text)
    return found


def in_scope() -> list[Path]:
    return [p for p in sorted(SRC.rglob("*.py"))
            if not any(str(p.relative_to(SRC)).startswith(x) for x in OUT_OF_SCOPE)]


def test_no_document_wording_in_python_modules():
    problems = {}
    for path in in_scope():
        rel = str(path.relative_to(SRC))
        extra = wording(path) - KNOWN.get(rel, set())
        if extra:
            problems[rel] = sorted(extra)
    assert not problems, "document wording belongs in a layout, fragment, template or data file: %s" % problems


def test_known_exceptions_only_shrink():
    for rel, texts in KNOWN.items():
        assert texts <= wording(SRC / rel), f"{rel}: remove the converted literals from KNOWN"


def test_the_guard_sees_wording():
    """The guard itself: a sentence in code is found, a message and a short name are not."""
    import tempfile

    src = ('X = "本部门本年度无政府采购支出。"\n'
           'Y = "上级补助收入"\n'
           'def f():\n    raise InputError(f"找不到文件：{p}，请检查路径")\n')
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "m.py"
        p.write_text(src, encoding="utf-8")
        assert wording(p) == {"本部门本年度无政府采购支出。"}
