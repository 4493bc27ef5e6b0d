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


SERIF_FALLBACK, SANS_FALLBACK = "Noto Serif CJK SC", "Noto Sans CJK SC"


def document_fonts(docx: Path) -> list[str]:
    """The font families a .docx names (styles and direct formatting), in order of first use."""
    import re
    import zipfile

    names: dict[str, None] = {}
    try:
        with zipfile.ZipFile(docx) as z:
            for part in ("word/styles.xml", "word/document.xml", "word/footer1.xml", "word/footer2.xml"):
                if part not in z.namelist():
                    continue
                xml = z.read(part).decode("utf-8", "replace")
                for tag in re.finditer(r"<w:rFonts\b([^>]*)>", xml):
                    for m in re.finditer(r'w:(?:eastAsia|ascii|hAnsi|cs)="([^"]+)"', tag.group(1)):
                        names.setdefault(m.group(1), None)
    except (OSError, zipfile.BadZipFile):
        return []
    return list(names)


def _fallback_for(name: str) -> str | None:
    """Noto CJK SC face to use for a missing Chinese font (黑体-like names get the sans face)."""
    if name in TEMPLATE_FONTS:
        return TEMPLATE_FONTS[name]
    if name.isascii():
        return None                      # Latin fonts: LibreOffice's own metric-compatible fallbacks
    return SANS_FALLBACK if any(k in name for k in ("黑", "雅黑", "圆")) else SERIF_FALLBACK


def font_report(docs: list[Path] | None = None) -> tuple[list[str], str | None]:
    """(warnings about template fonts that are missing, path of a fontconfig file with aliases).

    With ``docs``, only the Chinese fonts those documents name are reported, each with the Noto CJK
    SC face used instead; without, the fonts of the default templates.
    """
    fams = installed_families()
    if not fams:
        return [], None
    if docs:
        used = [f for d in docs for f in document_fonts(Path(d))]
        used = [f for f in dict.fromkeys(used) if not f.isascii()]
    else:
        used = [f for f in TEMPLATE_FONTS if not f.isascii()]
    missing_used = [f for f in used if f not in fams]
    # alias every missing known name too: a district template may name 仿宋 or SimSun
    to_alias = list(dict.fromkeys(missing_used + [f for f in TEMPLATE_FONTS if f not in fams]))
    warnings: list[str] = []
    conf = None
    if not to_alias:
        return warnings, None
    have = {face for face in (SERIF_FALLBACK, SANS_FALLBACK) if face in fams}
    if not have:
        have = {face for face in (SERIF_FALLBACK, SANS_FALLBACK) if any(face in f for f in fams)}
    if have:
        aliases = {}
        for name in to_alias:
            face = _fallback_for(name)
            if face is None:
                continue
            aliases[name] = face if face in have else next(iter(have))
        conf = _fontconfig(aliases)
        if missing_used:
            by_face: dict[str, list[str]] = {}
            for name in missing_used:
                by_face.setdefault(aliases[name], []).append(name)
            shown = "；".join(f"{'、'.join(names)} 以 {face} 代替" for face, names in by_face.items())
            warnings.append(f"本机未安装模板使用的字体，PDF 中：{shown}"
                            "（在装有这些字体的 Windows 电脑上用 Word/WPS 打开 .docx 时按原字体显示）")
    elif missing_used:
        warnings.append(f"本机没有模板使用的字体 {'、'.join(missing_used)}，也没有可代替的中文字体，"
                        "PDF 中的中文可能显示为方框。请安装：sudo apt-get install fonts-noto-cjk")
    return warnings, conf


def _fontconfig(aliases: dict[str, str]) -> str:
    from xml.sax.saxutils import escape

    folder = Path(tempfile.mkdtemp(prefix="reportgen-fonts-"))
    aliases = "\n".join(
        f"  <alias binding=\"same\"><family>{escape(name)}</family><prefer><family>{face}</family></prefer></alias>"
        for name, face in aliases.items())
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
    warnings, fontconf = font_report([src for src, _, _ in jobs])
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
    from .docx import normalize_zip

    with tempfile.TemporaryDirectory(prefix="reportgen-pdf-") as tmp:
        tmp_docx = Path(tmp) / "updated.docx"
        tmp_pdf = Path(tmp) / "out.pdf"
        warnings = update_and_export([(docx, tmp_docx, tmp_pdf)])
        if not tmp_pdf.exists() or not tmp_docx.exists():
            raise PdfError("LibreOffice 没有写出文件，PDF 未生成", Where(str(docx)))
        write_atomic(docx, normalize_zip(tmp_docx.read_bytes()))   # same inputs, same bytes
        write_atomic(pdf, tmp_pdf.read_bytes())
    return warnings
