"""PDF output and a 目录 with true page numbers, through LibreOffice headless.

The .docx rendered by docxtpl holds a real TOC field whose cached entries have no page numbers.
Here LibreOffice lays the document out, updates every index (twice) and field, writes the .docx
back (so its 目录 shows page numbers when opened anywhere) and exports a PDF with fonts embedded.

Chinese fonts: the templates name the fonts of Chinese official documents (仿宋_GB2312, 黑体,
楷体_GB2312, 方正小标宋简体, 宋体).  Where they are not installed (Linux servers), a private
fontconfig file maps them to Noto Serif/Sans CJK SC so LibreOffice uses Simplified-Chinese glyphs
instead of falling back to a Japanese face; the build warns which fallback it used.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ..errors import ReportgenError, Where

TIMEOUT = int(os.environ.get("REPORTGEN_PDF_TIMEOUT", "300"))
TEMPLATE_FONTS = {
    "仿宋_GB2312": "Noto Serif CJK SC", "仿宋": "Noto Serif CJK SC", "FangSong": "Noto Serif CJK SC",
    "宋体": "Noto Serif CJK SC", "SimSun": "Noto Serif CJK SC", "方正小标宋简体": "Noto Serif CJK SC",
    "楷体_GB2312": "Noto Serif CJK SC", "楷体": "Noto Serif CJK SC", "KaiTi": "Noto Serif CJK SC",
    "黑体": "Noto Sans CJK SC", "SimHei": "Noto Sans CJK SC", "微软雅黑": "Noto Sans CJK SC",
}

INSTALL_HINT = (
    "请安装 LibreOffice：Debian/Ubuntu 运行 sudo apt-get install libreoffice-writer-nogui python3-uno "
    "fonts-noto-cjk；Windows 从 https://www.libreoffice.org 下载安装后，把安装目录下的 program 文件夹加入 PATH。"
    "也可以不生成 PDF：.docx 已经写好，可在 Word/WPS 中打开后“更新目录”并另存为 PDF。"
)


class PdfError(ReportgenError):
    exit_code = 4


def find_soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        path = shutil.which(name)
        if path:
            return path
    for candidate in (r"C:\Program Files\LibreOffice\program\soffice.exe",
                      r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
                      "/usr/lib/libreoffice/program/soffice",
                      "/Applications/LibreOffice.app/Contents/MacOS/soffice"):
        if Path(candidate).exists():
            return candidate
    return None


def find_uno_python() -> str | None:
    """The interpreter that can ``import uno`` (LibreOffice's own on Windows, the system one on Debian)."""
    candidates = []
    soffice = find_soffice()
    if soffice:
        prog = Path(soffice).resolve().parent
        candidates += [str(prog / "python.exe"), str(prog / "python")]
    candidates += ["/usr/bin/python3", sys.executable]
    for c in candidates:
        if c and Path(c).exists():
            try:
                r = subprocess.run([c, "-c", "import uno"], capture_output=True, timeout=30)
            except (OSError, subprocess.TimeoutExpired):
                continue
            if r.returncode == 0:
                return c
    return None


def installed_families() -> set[str]:
    try:
        r = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return set()
    fams = set()
    for line in r.stdout.splitlines():
        for f in line.split(","):
            fams.add(f.strip())
    return fams


def font_report() -> tuple[list[str], str | None]:
    """(warnings about template fonts that are missing, path of a fontconfig file with aliases)."""
    fams = installed_families()
    if not fams:
        return [], None
    missing = [f for f in TEMPLATE_FONTS if f not in fams]
    warnings = []
    conf = None
    if missing:
        have_noto = any("Noto Serif CJK SC" in f or "Noto Sans CJK SC" in f for f in fams)
        if have_noto:
            conf = _fontconfig(missing)
            shown = "、".join(dict.fromkeys(f for f in missing if not f.isascii()))
            warnings.append(f"本机未安装模板使用的字体 {shown}，PDF 中以 Noto Serif/Sans CJK SC 代替"
                            "（在装有这些字体的 Windows 电脑上用 Word/WPS 打开 .docx 时按原字体显示）")
        else:
            warnings.append("本机没有中文字体，PDF 中的中文可能显示为方框。请安装：sudo apt-get install fonts-noto-cjk")
    return warnings, conf


def _fontconfig(missing: list[str]) -> str:
    folder = Path(tempfile.mkdtemp(prefix="reportgen-fonts-"))
    aliases = "\n".join(
        f"  <alias binding=\"same\"><family>{name}</family><prefer><family>{TEMPLATE_FONTS[name]}</family></prefer></alias>"
        for name in missing)
    text = f"""<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
{aliases}
</fontconfig>
"""
    path = folder / "fonts.conf"
    path.write_text(text, encoding="utf-8")
    return str(path)


def update_and_export(jobs: list[tuple[Path, Path | None, Path | None]]) -> list[str]:
    """Run LibreOffice once for several documents: (input .docx, updated .docx, .pdf) each.

    Returns warnings (fonts).  Raises :class:`PdfError` with a Chinese message on failure.
    """
    soffice = find_soffice()
    if soffice is None:
        raise PdfError("找不到 LibreOffice（soffice），无法生成 PDF 和带页码的目录。" + INSTALL_HINT)
    py = find_uno_python()
    if py is None:
        raise PdfError("找不到能使用 LibreOffice UNO 接口的 Python（Debian/Ubuntu 需安装 python3-uno）。" + INSTALL_HINT)
    warnings, fontconf = font_report()
    script = Path(__file__).with_name("uno_update.py")
    with tempfile.TemporaryDirectory(prefix="reportgen-lo-") as profile:
        args = [py, str(script), soffice, profile]
        for src, out_docx, out_pdf in jobs:
            args += [str(src), str(out_docx) if out_docx else "-", str(out_pdf) if out_pdf else "-"]
        env = dict(os.environ)
        if fontconf:
            env["FONTCONFIG_FILE"] = fontconf
        env.setdefault("SAL_USE_VCLPLUGIN", "svp")
        try:
            r = subprocess.run(args, capture_output=True, text=True, timeout=TIMEOUT, env=env)
        except subprocess.TimeoutExpired:
            raise PdfError(f"LibreOffice 超过 {TIMEOUT} 秒未完成，已放弃生成 PDF（.docx 已生成）。"
                           "可设置环境变量 REPORTGEN_PDF_TIMEOUT 延长时限") from None
        finally:
            if fontconf:
                shutil.rmtree(Path(fontconf).parent, ignore_errors=True)
        if r.returncode != 0:
            detail = (r.stderr or r.stdout).strip().splitlines()[-1:] or [f"退出码 {r.returncode}"]
            raise PdfError(f"LibreOffice 转换失败（{detail[0]}），.docx 已生成，PDF 未生成")
    return warnings


def convert(docx: Path, pdf: Path) -> list[str]:
    """Update the 目录 of ``docx`` in place (atomically) and write ``pdf``; returns font warnings."""
    from ..build import write_atomic

    with tempfile.TemporaryDirectory(prefix="reportgen-pdf-") as tmp:
        tmp_docx = Path(tmp) / "updated.docx"
        tmp_pdf = Path(tmp) / "out.pdf"
        warnings = update_and_export([(docx, tmp_docx, tmp_pdf)])
        if not tmp_pdf.exists() or not tmp_docx.exists():
            raise PdfError("LibreOffice 没有写出文件，PDF 未生成", Where(str(docx)))
        write_atomic(docx, tmp_docx.read_bytes())
        write_atomic(pdf, tmp_pdf.read_bytes())
    return warnings
