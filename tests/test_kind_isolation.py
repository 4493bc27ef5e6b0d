"""Acceptance: "No module of the 决算 kind is imported by the 预算 kind or the other way round; both go
through the same core."

1. Statically: every module under src/reportgen/kinds/budget and src/reportgen/kinds/final_accounts is parsed
   with ``ast``; every import (absolute, relative — including ``from .. import final_accounts`` — and
   ``importlib.import_module("…")`` / ``__import__("…")`` with a literal name) is resolved to an absolute
   module name and must not reach the other kind's package.  Both kinds must import the shared core
   (reportgen.compute, reportgen.workbook, reportgen.render …).
2. Dynamically: each kind's example is built (``reportgen.build.build``: read → compute → checks → .docx +
   .xlsx) in a fresh Python subprocess and ``sys.modules`` is inspected afterwards: neither the other kind's
   package (``reportgen.kinds.<other>``) nor the other kind's check rules (``reportgen.checks.<other>``, which
   import that kind's schema) may have been loaded.
"""
from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import copy_example

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
KINDS = {
    "budget": {"package": "reportgen.kinds.budget", "other": "reportgen.kinds.final_accounts",
               "checks": "reportgen.checks.budget", "other_checks": "reportgen.checks.final_accounts",
               "example": "xinzhou-2023"},
    "final_accounts": {"package": "reportgen.kinds.final_accounts", "other": "reportgen.kinds.budget",
                       "checks": "reportgen.checks.final_accounts", "other_checks": "reportgen.checks.budget",
                       "example": "jianghan-2022"},
}
SHARED_CORE = ["reportgen.compute", "reportgen.money", "reportgen.workbook.schema", "reportgen.render.xlsx",
               "reportgen.render.tables", "reportgen.glossary", "reportgen.numerals"]


def _module_name(path: Path) -> str:
    rel = path.relative_to(SRC).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _package_of(path: Path) -> str:
    name = _module_name(path)
    return name if path.name == "__init__.py" else name.rsplit(".", 1)[0]


def imported_modules(path: Path, source: str | None = None) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in ``path`` (names imported from a package included).

    ``source`` replaces the file's text (to resolve a synthetic module as if it lived at ``path``).
    """
    text = path.read_text(encoding="utf-8") if source is None else source
    tree = ast.parse(text, filename=str(path))
    package = _package_of(path)
    out: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                if node.level > 1:
                    base = base[: len(base) - (node.level - 1)]
                prefix = ".".join(base)
                module = f"{prefix}.{node.module}" if node.module else prefix
            else:
                module = node.module or ""
            out.append((node.lineno, module))
            # ``from pkg import name`` may import the sub-module pkg.name
            out += [(node.lineno, f"{module}.{alias.name}") for alias in node.names if alias.name != "*"]
        elif isinstance(node, ast.Call):
            func = node.func
            fname = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if fname in ("import_module", "__import__") and node.args and isinstance(node.args[0], ast.Constant) \
                    and isinstance(node.args[0].value, str):
                out.append((node.lineno, node.args[0].value))
    return out


def _modules(kind: str) -> list[Path]:
    folder = SRC / "reportgen" / "kinds" / kind
    files = sorted(folder.rglob("*.py"))
    assert files, f"no modules under {folder}"
    return files


def _reaches(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_the_ast_resolver_sees_relative_imports_of_the_other_kind():
    """Self-check of the resolver: a synthetic module resolved as if it were kinds/budget/probe.py."""
    fake = SRC / "reportgen" / "kinds" / "budget" / "probe.py"  # never written
    source = ("from .. import final_accounts\nfrom ..final_accounts import schema\n"
              "from ...kinds.final_accounts.compute import x\nimport reportgen.kinds.final_accounts.outline\n"
              "from importlib import import_module\nimport_module('reportgen.kinds.final_accounts')\n"
              "from . import compute\nfrom ...money import q2\n")
    found = imported_modules(fake, source)
    hits = sorted({line for line, m in found if _reaches(m, "reportgen.kinds.final_accounts")})
    assert hits == [1, 2, 3, 4, 6], found
    assert (7, "reportgen.kinds.budget.compute") in found and (8, "reportgen.money") in found


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_no_module_of_a_kind_imports_the_other_kind(kind):
    other = KINDS[kind]["other"]
    bad = []
    for path in _modules(kind):
        for line, module in imported_modules(path):
            if _reaches(module, other):
                bad.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_both_kinds_go_through_the_same_core(kind):
    imported = {m for path in _modules(kind) for _l, m in imported_modules(path)}
    missing = [core for core in SHARED_CORE if not any(_reaches(m, core) for m in imported)]
    assert not missing, f"kinds/{kind} does not import the shared core modules {missing}"
    # … and only the core: nothing outside reportgen's shared modules and its own package
    own = KINDS[kind]["package"]
    foreign = sorted(m for m in imported if m.startswith("reportgen.kinds.") and not _reaches(m, own)
                     and not _reaches(m, "reportgen.kinds.common"))
    assert not foreign, foreign


def test_build_loads_a_kind_through_the_shared_registry():
    """build.prepare goes through reportgen.kinds.load_kind for both kinds (no per-kind code path)."""
    from reportgen.kinds import KINDS as REGISTRY

    assert REGISTRY == {"决算": KINDS["final_accounts"]["package"], "预算": KINDS["budget"]["package"]}
    build_imports = {m for _l, m in imported_modules(SRC / "reportgen" / "build.py")}
    assert "reportgen.kinds.load_kind" in build_imports
    assert not any(_reaches(m, KINDS[k]["package"]) for m in build_imports for k in KINDS)


_SCRIPT = """
import json, sys
from reportgen.build import build
prepared, written = build(sys.argv[1], formats=("docx", "xlsx"), echo=lambda *a: None)
assert not prepared.findings.errors, [str(f) for f in prepared.findings.errors]
print(json.dumps({"kind": prepared.project.kind, "written": sorted(written),
                  "modules": sorted(m for m in sys.modules if m.startswith("reportgen"))}))
"""


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_build_never_loads_the_other_kind(kind, tmp_path):
    spec = KINDS[kind]
    project = copy_example(tmp_path, spec["example"])
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]))
    proc = subprocess.run([sys.executable, "-c", _SCRIPT, str(project)], capture_output=True, text=True,
                          env=env, cwd=tmp_path, timeout=300)
    assert proc.returncode == 0, f"build of {spec['example']} failed:\n{proc.stdout}\n{proc.stderr}"
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    modules = report["modules"]
    assert {"docx", "xlsx"} <= set(report["written"]), report["written"]
    assert spec["package"] in modules and spec["checks"] in modules, "the kind itself was not used?"
    leaked = [m for m in modules if _reaches(m, spec["other"]) or _reaches(m, spec["other_checks"])]
    assert not leaked, f"building the {kind} example loaded the other kind: {leaked}"
