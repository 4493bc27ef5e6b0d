"""Issue 10: `check` exit 0 ⇔ `build` writes, over the whole bad-input corpus.

Every case of the careless-user corpus (tests/test_bad_input.py) and of the hostile-workbook
corpus (tests/test_hostile_workbook.py) is run through `check` and then through `build` on the
same copy: a case that `check` passes must build, and a case `check` refuses must leave the output
folder empty with the same exit code.  The unchanged example is the case that passes.
"""
from __future__ import annotations

import pytest

from conftest import copy_example
from test_bad_input import CORPUS, run_inprocess
from test_hostile_workbook import CASES

ALL = [(c.id, c.setup) for c in CORPUS] + [(c.id, c.setup) for c in CASES]
ALL.append(("the-example-unchanged", lambda folder: None))


def _written(folder):
    out = folder / "out"
    return sorted(p.name for p in out.rglob("*") if p.is_file()) if out.exists() else []


@pytest.mark.parametrize("case_id,setup", ALL, ids=[i for i, _ in ALL])
def test_check_and_build_agree(case_id, setup, tmp_path):
    project = copy_example(tmp_path)
    setup(tmp_path)
    check = run_inprocess(["check", str(project)])
    assert _written(tmp_path) == [], "check wrote a file"
    build = run_inprocess(["build", str(project)])
    written = _written(tmp_path)
    assert "Traceback" not in check.stderr + build.stderr
    if check.code == 0:
        assert build.code == 0, f"check passed but build failed: {build.stderr}"
        assert any(name.endswith(".docx") for name in written) and any(name.endswith(".xlsx") for name in written)
    else:
        assert build.code == check.code, f"check exit {check.code}, build exit {build.code}: {build.stderr}"
        assert written == [], f"check refused ({check.stderr.strip()}) but build wrote {written}"
    if case_id == "the-example-unchanged":
        assert check.code == 0
