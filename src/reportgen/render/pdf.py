"""PDF output and a 目录 with true page numbers, through LibreOffice headless.

The .docx rendered by docxtpl holds a real TOC field whose cached entries have no page numbers.
Here LibreOffice lays the document out, updates every index (twice) and field, writes the .docx
back (so its 目录 shows page numbers when opened anywhere) and exports a PDF with fonts embedded.

Fonts: the templates name the fonts of Chinese official documents (仿宋_GB2312, 黑体,
楷体_GB2312, 方正小标宋简体, 宋体) and Times New Roman for Latin text.  Where one is not installed
(Linux servers), a private fontconfig file pins it to an installed face — Noto Serif/Sans CJK SC for
the Chinese faces (Simplified-Chinese glyphs, not a Japanese fallback), Liberation Serif/Sans/Mono
and Carlito for the Latin ones (metric-compatible with Times New Roman/Arial/Courier New/Calibri, so
lines and pages break as in Word), else the CJK face of the same kind — so the layout never depends
on what else a machine happens to have; the build names each substitute.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from ..errors import ReportgenError

TIMEOUT = int(os.environ.get("REPORTGEN_PDF_TIMEOUT", "300"))
# The Chinese faces of official documents and the Noto CJK SC face used where they are missing.
TEMPLATE_FONTS = {
    "仿宋_GB2312": "Noto Serif CJK SC", "仿宋": "Noto Serif CJK SC", "FangSong": "Noto Serif CJK SC",
    "宋体": "Noto Serif CJK SC", "SimSun": "Noto Serif CJK SC", "方正小标宋简体": "Noto Serif CJK SC",
    "楷体_GB2312": "Noto Serif CJK SC", "楷体": "Noto Serif CJK SC", "KaiTi": "Noto Serif CJK SC",
    "黑体": "Noto Sans CJK SC", "SimHei": "Noto Sans CJK SC", "微软雅黑": "Noto Sans CJK SC",
}
# Latin faces of Windows templates and their metric-compatible free faces (fonts-liberation2,
# fonts-crosextra-carlito/caladea): same advance widths, so lines and pages break as in Word.
# Without them the Latin face is pinned to the CJK face of the same kind, never left to whatever
# fontconfig finds first (a wider face moves the 目录's page numbers off their line).
LATIN_FONTS = {
    "Times New Roman": "Liberation Serif", "Times": "Liberation Serif",
    "Arial": "Liberation Sans", "Helvetica": "Liberation Sans",
    "Courier New": "Liberation Mono", "Courier": "Liberation Mono",
    "Calibri": "Carlito", "Cambria": "Caladea",
}
LATIN_SANS = {"Liberation Sans", "Carlito"}

INSTALL_HINT = (
    "请安装 LibreOffice：Debian/Ubuntu 运行 sudo apt-get install libreoffice-writer-nogui python3-uno "
    "fonts-noto-cjk fonts-liberation2 fonts-crosextra-carlito；Windows 从 https://www.libreoffice.org 下载安装后，把安装目录下的 program 文件夹加入 PATH。"
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
_FONT_ATTRS = ("eastAsia", "ascii", "hAnsi", "cs")


def document_fonts(docx: Path) -> list[str]:
    """The font families a .docx uses, in order of first use: the document defaults, the styles the
    body, headers and footers use (with the styles they are based on) and direct formatting.
    Styles that nothing uses (python-docx's template carries dozens) do not count."""
    import re
    import zipfile

    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    names: dict[str, None] = {}

    def take(rfonts) -> None:
        for attr in _FONT_ATTRS:
            value = rfonts.get(w + attr)
            if value:
                names.setdefault(value, None)

    try:
        with zipfile.ZipFile(docx) as z:
            parts = [n for n in z.namelist()
                     if n == "word/document.xml" or re.fullmatch(r"word/(header|footer)\d*\.xml", n)]
            bodies = [etree.fromstring(z.read(n)) for n in sorted(parts)]
            styles = etree.fromstring(z.read("word/styles.xml")) if "word/styles.xml" in z.namelist() else None
    except (OSError, KeyError, zipfile.BadZipFile, etree.XMLSyntaxError):
        return []
    by_id = {}
    if styles is not None:
        for el in styles.iter(w + "rPrDefault"):
            for rf in el.iter(w + "rFonts"):
                take(rf)
        by_id = {st.get(w + "styleId"): st for st in styles.iter(w + "style")}
        default_para = [st.get(w + "styleId") for st in by_id.values()
                        if st.get(w + "type") == "paragraph" and st.get(w + "default") == "1"]
        used: list[str] = list(default_para)
        for body in bodies:
            for tag in ("pStyle", "rStyle", "tblStyle"):
                used += [el.get(w + "val") for el in body.iter(w + tag)]
        seen: set[str] = set()
        while used:
            sid = used.pop(0)
            st = by_id.get(sid)
            if sid in seen or st is None:
                continue
            seen.add(sid)
            for rf in st.iter(w + "rFonts"):
                take(rf)
            for ref in ("basedOn", "link"):
                el = st.find(w + ref)
                if el is not None:
                    used.append(el.get(w + "val"))
    for body in bodies:
        for rf in body.iter(w + "rFonts"):
            take(rf)
    return list(names)


def _fallback_for(name: str, fams: set[str]) -> str:
    """The installed face that stands in for a missing font: the Noto CJK SC face of a known
    Chinese font; a metric-compatible face for a Latin one, else the Noto CJK SC face of its kind."""
    face = TEMPLATE_FONTS.get(name)
    if face is None and name.isascii():
        face = LATIN_FONTS.get(name, "Liberation Serif")
        if face not in fams:
            sans = face in LATIN_SANS or "sans" in name.lower()
            face = SANS_FALLBACK if sans else SERIF_FALLBACK
    elif face is None:
        face = SANS_FALLBACK if any(k in name for k in ("黑", "雅黑", "圆")) else SERIF_FALLBACK
    return face if face in fams else next(f for f in (SERIF_FALLBACK, SANS_FALLBACK) if f in fams)


def font_report(docs: list[Path] | None = None) -> tuple[list[str], str | None]:
    """(warnings about template fonts that are missing, path of a fontconfig file with aliases).

    Every font the documents use (the default templates' fonts without ``docs``) that is not
    installed is pinned to an installed face, Latin faces included, and each substitution is named
    in the warning.  Known Windows names (宋体, SimSun, Times New Roman …) are aliased too, so a
    district template that names them lays out the same.
    """
    fams = installed_families()
    if not fams:
        return [], None
    if docs:
        used = list(dict.fromkeys(f for d in docs for f in document_fonts(Path(d))))
    else:
        used = list(TEMPLATE_FONTS) + list(LATIN_FONTS)
    missing_used = [f for f in used if f not in fams]
    to_alias = list(dict.fromkeys(missing_used + [f for f in (*TEMPLATE_FONTS, *LATIN_FONTS) if f not in fams]))
    if not to_alias:
        return [], None
    if not {SERIF_FALLBACK, SANS_FALLBACK} & fams:
        missing_cjk = [f for f in missing_used if not f.isascii()]
        if not missing_cjk:
            return [], None
        return [f"本机没有模板使用的字体 {'、'.join(missing_cjk)}，也没有可代替的中文字体，"
                "PDF 中的中文可能显示为方框。请安装：sudo apt-get install fonts-noto-cjk"], None
    aliases = {name: _fallback_for(name, fams) for name in to_alias}
    warnings: list[str] = []
    if missing_used:
        by_face: dict[str, list[str]] = {}
        for name in missing_used:
            by_face.setdefault(aliases[name], []).append(name)
        shown = "；".join(f"{'、'.join(names)} 以 {face} 代替" for face, names in by_face.items())
        warnings.append(f"本机未安装模板使用的字体，PDF 中：{shown}"
                        "（在装有这些字体的 Windows 电脑上用 Word/WPS 打开 .docx 时按原字体显示）")
    return warnings, _fontconfig(aliases)


def _fontconfig(aliases: dict[str, str]) -> str:
    """A fontconfig file: the configuration in force (FONTCONFIG_FILE, else the system's) plus one
    strong alias per missing font, so the substitute is the same on every machine."""
    from xml.sax.saxutils import escape

    base = os.environ.get("FONTCONFIG_FILE") or "/etc/fonts/fonts.conf"
    folder = Path(tempfile.mkdtemp(prefix="reportgen-fonts-"))
    rules = "\n".join(
        f"  <match target=\"pattern\"><test name=\"family\"><string>{escape(name)}</string></test>"
        f"<edit name=\"family\" mode=\"assign\" binding=\"strong\"><string>{escape(face)}</string></edit></match>"
        for name, face in aliases.items())
    text = f"""<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">{escape(str(Path(base).resolve()))}</include>
{rules}
</fontconfig>
"""
    path = folder / "fonts.conf"
    path.write_text(text, encoding="utf-8")
    return str(path)


def update_and_export(jobs: list[tuple[Path, Path | None, Path | None]], workdir: Path | None = None) -> list[str]:
    """Run LibreOffice once for several documents: (input .docx, updated .docx, .pdf) each.

    LibreOffice's profile goes into ``workdir`` (a temporary folder if not given).  The helper
    and LibreOffice run in a process group of their own that dies with reportgen: the helper
    watches its parent (and, on Linux, gets SIGTERM when it dies) and then kills the group; on a
    time-out or an interruption here, the whole group is killed too.

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
    own = workdir is None
    work = Path(tempfile.mkdtemp(prefix=f"reportgen-pdf-{os.getpid()}-")) if own else Path(workdir)
    profile = work / "profile"
    try:
        if fontconf:   # into the work folder, which the next run removes if this one is killed
            moved = work / "fonts"
            shutil.move(str(Path(fontconf).parent), str(moved))
            fontconf = str(moved / Path(fontconf).name)
        args = [py, str(script), soffice, str(profile)]
        for src, out_docx, out_pdf in jobs:
            args += [str(src), str(out_docx) if out_docx else "-", str(out_pdf) if out_pdf else "-"]
        env = dict(os.environ)
        env["REPORTGEN_PARENT_PID"] = str(os.getpid())
        for var in ("TMPDIR", "TMP", "TEMP"):        # LibreOffice's own temporary files go into ``work`` too
            env[var] = str(work)
        if fontconf:
            env["FONTCONFIG_FILE"] = fontconf
        env.setdefault("SAL_USE_VCLPLUGIN", "svp")
        code, out, err = _run_group(args, env)
        if code is None:
            raise PdfError(f"LibreOffice 超过 {TIMEOUT} 秒未完成，已放弃生成 PDF。"
                           "可设置环境变量 REPORTGEN_PDF_TIMEOUT 延长时限")
        if code != 0:
            detail = (err or out).strip().splitlines()[-1:] or [f"退出码 {code}"]
            raise PdfError(f"LibreOffice 转换失败（{detail[0]}），PDF 未生成")
    finally:
        if fontconf:
            shutil.rmtree(Path(fontconf).parent, ignore_errors=True)
        if own:
            shutil.rmtree(work, ignore_errors=True)
        else:
            shutil.rmtree(profile, ignore_errors=True)
    return warnings


def _run_group(args: list[str], env: dict) -> tuple[int | None, str, str]:
    """Run the UNO helper in a new process group; (exit code or None on time-out, stdout, stderr).

    Whatever happens here (time-out, Ctrl-C, an exception), the group — the helper, soffice and
    soffice.bin — is killed before returning.
    """
    posix = os.name == "posix"
    kwargs = {"start_new_session": True} if posix else \
        {"creationflags": getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0)}
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, **kwargs)
    try:
        out, err = proc.communicate(timeout=TIMEOUT)
        return proc.returncode, out, err
    except subprocess.TimeoutExpired:
        return None, "", ""
    finally:
        _kill_group(proc, posix)


def _kill_group(proc: subprocess.Popen, posix: bool) -> None:
    if posix:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    elif proc.poll() is None:          # Windows: the helper and the soffice tree it started
        try:
            subprocess.run(["taskkill", "/T", "/F", "/PID", str(proc.pid)], capture_output=True, timeout=30)
        except (OSError, subprocess.SubprocessError):
            pass
        proc.kill()
    try:
        proc.communicate(timeout=10)
    except (subprocess.TimeoutExpired, ValueError, OSError):
        pass


def render_pdf(docx: bytes) -> tuple[bytes, bytes, list[str]]:
    """(the .docx with its 目录 page numbers filled in, the PDF, font warnings), in a temporary folder.

    The folder (``reportgen-pdf-<pid>-…`` in the system's temporary folder) holds the input, the
    outputs, LibreOffice's profile and lock files; it is removed afterwards, and by the next run
    if this process is killed.
    """
    work = Path(tempfile.mkdtemp(prefix=f"reportgen-pdf-{os.getpid()}-"))
    try:
        src, out_docx, out_pdf = work / "in.docx", work / "updated.docx", work / "out.pdf"
        src.write_bytes(docx)
        warnings = update_and_export([(src, out_docx, out_pdf)], workdir=work)
        if not out_pdf.exists() or not out_docx.exists():
            raise PdfError("LibreOffice 没有写出文件，PDF 未生成")
        return out_docx.read_bytes(), out_pdf.read_bytes(), warnings
    finally:
        shutil.rmtree(work, ignore_errors=True)


def convert(docx: Path, pdf: Path) -> list[str]:
    """Update the 目录 of ``docx`` in place (atomically) and write ``pdf``; returns font warnings."""
    from ..build import write_atomic
    from .docx import normalize_zip

    updated, pdf_bytes, warnings = render_pdf(Path(docx).read_bytes())
    write_atomic(docx, normalize_zip(updated))   # same inputs, same bytes
    write_atomic(pdf, pdf_bytes)
    return warnings
