"""Shared fixtures: build the bundled examples once per test session into a temporary folder."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]

# Property tests draw the same examples on every run (a CI result does not depend on luck);
# HYPOTHESIS_PROFILE=explore draws new ones each run to look for more (README, 测试).
from hypothesis import settings as _hsettings  # noqa: E402

_hsettings.register_profile("fixed", derandomize=True, database=None)
_hsettings.register_profile("explore", derandomize=False)
_hsettings.load_profile(__import__("os").environ.get("HYPOTHESIS_PROFILE", "fixed"))
DATA = ROOT / "data"


def copy_example(dest: Path, name: str = "jianghan-2022") -> Path:
    """Copy an example project (YAML + workbook) to ``dest`` with its output folder inside ``dest``.

    Returns the path of the copied project file.  Tests edit the copy, never ``data/``.
    """
    dest.mkdir(parents=True, exist_ok=True)
    src_yaml = DATA / f"{name}.yaml"
    data = yaml.safe_load(src_yaml.read_text(encoding="utf-8"))
    shutil.copy(DATA / data["workbook"], dest / data["workbook"])
    text = src_yaml.read_text(encoding="utf-8").replace("dir: ../output", "dir: out")
    target = dest / src_yaml.name
    target.write_text(text, encoding="utf-8")
    return target


@pytest.fixture(scope="session")
def jianghan_build(tmp_path_factory):
    """The 江汉区 2022 example built once: (prepared, {"docx": path, "xlsx": path})."""
    from reportgen.build import build

    project = copy_example(tmp_path_factory.mktemp("jianghan"))
    prepared, written = build(project, formats=("docx", "xlsx"))
    return prepared, written


@pytest.fixture(scope="session")
def jianghan(jianghan_build):
    """The computed 决算 object of the example."""
    return jianghan_build[0].result


@pytest.fixture(scope="session")
def jianghan_docx(jianghan_build):
    return jianghan_build[1]["docx"]


@pytest.fixture(scope="session")
def jianghan_xlsx(jianghan_build):
    return jianghan_build[1]["xlsx"]


@pytest.fixture(scope="session")
def jianghan_text(jianghan_docx):
    """The body paragraphs of the generated document, as plain text, in order."""
    from docx import Document

    doc = Document(str(jianghan_docx))
    return [p.text for p in doc.paragraphs]


# The font packages .ci/run installs (LibreOffice brings fonts-opensymbol).  The PDF tests build
# with a fontconfig that sees only these, as on a fresh CI machine: a font that happens to be on a
# developer's machine cannot make them pass.
CI_FONT_PACKAGES = ("fonts-noto-cjk", "fonts-liberation2", "fonts-crosextra-carlito", "fonts-opensymbol")


def ci_fonts_only(folder: Path) -> Path:
    """A fonts.conf listing only the font folders of CI_FONT_PACKAGES (dpkg -L)."""
    import subprocess

    dirs = []
    for pkg in CI_FONT_PACKAGES:
        r = subprocess.run(["dpkg", "-L", pkg], capture_output=True, text=True)
        assert r.returncode == 0, f"font package {pkg} is not installed (.ci/run installs it)"
        dirs += sorted({str(Path(f).parent) for f in r.stdout.split()
                        if f.lower().endswith((".ttf", ".ttc", ".otf"))})
    folder.mkdir(parents=True, exist_ok=True)
    conf = folder / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        + "".join(f"  <dir>{d}</dir>\n" for d in dirs)
        + f"  <cachedir>{folder / 'cache'}</cachedir>\n"
        + '  <include ignore_missing="yes">/etc/fonts/conf.d</include>\n</fontconfig>\n', encoding="utf-8")
    families = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True,
                              env={"FONTCONFIG_FILE": str(conf), "PATH": "/usr/bin:/bin"}).stdout
    assert "DejaVu" not in families and "Liberation Serif" in families, families
    return conf


@pytest.fixture(scope="module")
def ci_fonts(tmp_path_factory):
    """FONTCONFIG_FILE = only the fonts .ci/run installs, for the tests of a module."""
    conf = ci_fonts_only(tmp_path_factory.mktemp("fonts"))
    mp = pytest.MonkeyPatch()
    mp.setenv("FONTCONFIG_FILE", str(conf))
    yield conf
    mp.undo()
