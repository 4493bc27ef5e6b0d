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



def _layout(text: str):
    """A layout file beside the example project, named by its ``layout:`` line."""
    def setup(folder):
        (folder / "my-layout.yaml").write_text(text, encoding="utf-8")
        with (folder / "jianghan-2022.yaml").open("a", encoding="utf-8") as f:
            f.write("layout: my-layout.yaml\n")
    return setup


ALL = [(c.id, c.setup) for c in CORPUS] + [(c.id, c.setup) for c in CASES]
ALL.append(("the-example-unchanged", lambda folder: None))
# a layout column whose figure the workbook lacks: a warning, blank cells, both commands exit 0
ALL.append(("layout-column-figure-not-entered", _layout(
    "extends: default\ntables:\n  t9:\n    extra_columns: [{label: 会议费, budget: meeting_budget, actual: meeting}]\n")))
# a figure name the model does not have: both commands exit 2
ALL.append(("layout-column-unknown-figure", _layout(
    "extends: default\ntables:\n  t9:\n    extra_columns: [{label: 会议费, actual: meetings}]\n")))


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
    if case_id == "layout-column-figure-not-entered":
        warning = ("警告 会议费培训费 《财政拨款“三公”经费支出决算表》的“会议费”列（决算数）没有数字，表中留空："
                   "工作簿中没有工作表“会议费培训费”，请从 reportgen init 生成的空白工作簿复制该表，在“会议费决算数”行填写"
                   "（未发生的填 0）")
        assert check.code == 0 and warning in check.stdout.splitlines()
        assert warning in build.stdout.splitlines() + build.stderr.splitlines()
    if case_id == "layout-column-unknown-figure":
        assert check.code == 2 and "“meetings”不是可加列的数字，是否应为“meeting”？" in check.stderr
