"""Render a .docx from a docxtpl template and a context.

* Templates are rendered in a sandboxed Jinja environment with StrictUndefined: a user-edited
  template can neither reach Python internals nor silently print a blank where a value belongs.
* Jinja errors are reported with the template file and the text of the paragraph they stand in.
* The result asks Word to update fields on opening (the 目录), and is saved deterministically:
  fixed zip timestamps and document properties, so identical inputs give identical bytes.
"""
from __future__ import annotations

import datetime as _dt
import io
import re
import zipfile
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from ..errors import InputError, Where

FIXED_TIME = (2000, 1, 1, 0, 0, 0)


def make_env(formats) -> SandboxedEnvironment:
    env = SandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=False,
                               trim_blocks=False, lstrip_blocks=False)
    formats.install(env)
    return env


def _xml_text(xml: str) -> str:
    return re.sub(r"<[^>]+>", "", xml)


def _locate(template_path: Path, exc: Exception) -> str:
    """The text of the paragraph near a Jinja error, so a template editor can find it in Word."""
    lineno = getattr(exc, "lineno", None)
    try:
        with zipfile.ZipFile(template_path) as z:
            xml = z.read("word/document.xml").decode("utf-8")
    except Exception:  # noqa: BLE001 - best effort only
        return ""
    paragraphs = re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.S)
    texts = [_xml_text(p).strip() for p in paragraphs]
    texts = [t for t in texts if t]
    name = getattr(exc, "name", None) or ""
    msg = str(exc)
    # look for the variable named in the message
    m = re.search(r"'([^']+)' (?:is undefined|has no attribute '([^']+)')", msg)
    needle = (m.group(2) or m.group(1)) if m else None
    if needle:
        for t in texts:
            if needle in t:
                return t[:80]
    if lineno:
        return ""
    return name


def render_docx(template_path: Path, context_factory, formats, out: io.BytesIO | None = None) -> bytes:
    """Render ``template_path``; ``context_factory(tpl)`` builds the context (it may need the
    template object for images and sub-documents)."""
    from docxtpl import DocxTemplate

    if not template_path.exists():
        raise InputError(f"找不到 Word 模板：{template_path}", Where(str(template_path)))
    try:
        tpl = DocxTemplate(str(template_path))
        tpl.init_docx()
    except Exception as exc:  # noqa: BLE001
        raise InputError(f"无法打开 Word 模板（不是有效的 .docx 文件）：{exc.__class__.__name__}",
                         Where(template_path.name)) from None
    context = context_factory(tpl)
    env = make_env(formats)
    try:
        tpl.render(context, jinja_env=env)
    except jinja2.TemplateSyntaxError as exc:
        raise InputError(
            f"模板语法错误：{exc.message}。请检查模板中 {{% … %}} / {{{{ … }}}} 标记是否成对、拼写是否正确"
            + (f"（附近文字：“{_locate(template_path, exc)}”）" if _locate(template_path, exc) else ""),
            Where(template_path.name),
        ) from None
    except jinja2.UndefinedError as exc:
        near = _locate(template_path, exc)
        raise InputError(
            f"模板使用了不存在的变量：{exc.message}" + (f"（所在段落：“{near}”）" if near else "")
            + "。可用变量见 templates/README.md",
            Where(template_path.name),
        ) from None
    except jinja2.exceptions.SecurityError as exc:
        raise InputError(f"模板中有不允许的写法：{exc}", Where(template_path.name)) from None
    except ValueError as exc:
        raise InputError(f"模板渲染失败：{exc}", Where(template_path.name)) from None
    set_update_fields(tpl.docx)
    fix_properties(tpl.docx)
    buf = io.BytesIO()
    tpl.save(buf)
    return normalize_zip(buf.getvalue())


def set_update_fields(document) -> None:
    """Ask Word to refresh fields (the 目录) when the file is opened (ECMA-376 w:updateFields)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    settings = document.settings.element
    el = settings.find(qn("w:updateFields"))
    if el is None:
        el = OxmlElement("w:updateFields")
        settings.append(el)
    el.set(qn("w:val"), "true")


def fix_properties(document) -> None:
    props = document.core_properties
    fixed = _dt.datetime(2000, 1, 1)
    props.created = fixed
    props.modified = fixed
    props.last_printed = fixed
    props.revision = 1
    props.last_modified_by = "reportgen"
    props.author = "reportgen"


def normalize_zip(data: bytes) -> bytes:
    """Rewrite a zip (docx/xlsx) with fixed timestamps and a stable member order."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        names = src.namelist()
        ordered = [n for n in names if n == "[Content_Types].xml"] + [n for n in names if n != "[Content_Types].xml"]
        for name in ordered:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            payload = src.read(name)
            if name == "docProps/core.xml" or name.endswith("core.xml"):
                payload = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(<)", rb"\g<1>2000-01-01T00:00:00Z\g<3>", payload)
            dst.writestr(info, payload)
    return out.getvalue()
