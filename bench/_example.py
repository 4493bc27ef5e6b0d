"""Shared by the bench scripts: make reportgen importable and copy the bundled example."""
from __future__ import annotations

import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

try:
    import reportgen  # noqa: F401
except ImportError:                      # not installed: run from the repository
    sys.path.insert(0, str(ROOT / "src"))


def copy_example(dest: Path, name: str = "jianghan-2022") -> Path:
    """Copy data/<name>.yaml and its workbook to ``dest``, output into ``dest/out``."""
    import yaml

    dest.mkdir(parents=True, exist_ok=True)
    src_yaml = ROOT / "data" / f"{name}.yaml"
    data = yaml.safe_load(src_yaml.read_text(encoding="utf-8"))
    shutil.copy(ROOT / "data" / data["workbook"], dest / data["workbook"])
    target = dest / src_yaml.name
    target.write_text(src_yaml.read_text(encoding="utf-8").replace("dir: ../output", "dir: out"),
                      encoding="utf-8")
    return target


def timed(fn, runs: int = 3):
    """(median seconds, all timings, last result) of ``runs`` calls of ``fn``."""
    times, result = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), times, result


def fmt(times) -> str:
    return ", ".join(f"{t:.2f}" for t in times)
