"""Render a .docx from a docxtpl template and a context.

* Templates are rendered in a sandboxed Jinja environment with StrictUndefined: a user-edited
  template can neither reach Python internals nor silently print a blank where a value belongs.
* Jinja errors are reported with the template file and the text of the paragraph they stand in.
* The result asks Word to update fields on opening (the 目录), and is saved deterministically:
  fixed zip timestamps and document properties, so identical inputs give identical bytes.
"""
from __future__ import annotations

import datetime as _dt
import html
import io
import re
import zipfile
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from ..errors import InputError, Where

FIXED_TIME = (2000, 1, 1, 0, 0, 0)


def make_env(formats) -> SandboxedEnvironment:
    # autoescape: user texts ("<80%", "R&D") must reach the XML escaped, or Word sees broken markup
    env = SandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=True,
                               trim_blocks=False, lstrip_blocks=False)
    formats.install(env)
    return env


def _xml_text(xml: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", xml))


def _paragraph_texts(template_path: Path) -> list[str]:
    try:
        with zipfile.ZipFile(template_path) as z:
            xml = z.read("word/document.xml").decode("utf-8")
    except Exception:  # noqa: BLE001 - best effort only
        return []
    paragraphs = re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.S)
    texts = [_xml_text(p).strip() for p in paragraphs]
    return [t for t in texts if t]


# a Jinja tag as it stands in a paragraph: {{ … }}, {% … %}, and docxtpl's {%p …%}, {%tr …%}, {{r …}}
_TAG = re.compile(r"\{([%{])-?(?:(?:p|tr|tc|r)(?=\s))?\s*(.*?)\s*-?[%}]\}", re.S)
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})
_BLOCKS = {"if", "for", "with", "filter", "macro", "call", "block", "autoescape", "raw"}
_DOCXTPL_TAGS = {"colspan", "cellbg", "vm", "hm"}


def _tags(text: str):
    for m in _TAG.finditer(text.translate(_QUOTES)):
        yield m.group(1), m.group(2)


def _bad_tag(texts: list[str], env) -> str | None:
    """The paragraph of the first tag that is wrong on its own or does not nest.

    Used when Jinja reports a syntax error: its line number refers to docxtpl's rewritten XML,
    which a template editor never sees, so each tag is compiled alone and blocks are matched.
    """
    def compiles(src: str) -> bool:
        try:
            env.compile(src)
            return True
        except jinja2.TemplateSyntaxError:
            return False

    stack: list[tuple[str, str]] = []
    for text in texts:
        for kind, body in _tags(text):
            if kind == "{":
                if not compiles("{{ %s }}" % body):
                    return text
                continue
            word = (body.split() or [""])[0]
            if word in _DOCXTPL_TAGS:
                continue
            if word in _BLOCKS or (word == "set" and "=" not in body):
                if not compiles("{%% %s %%}{%% end%s %%}" % (body, word)):
                    return text
                stack.append((word, text))
            elif word == "elif":
                if not (stack and stack[-1][0] == "if"
                        and compiles("{%% if true %%}{%% %s %%}{%% endif %%}" % body)):
                    return text
            elif word == "else":
                if not (stack and stack[-1][0] in ("if", "for")):
                    return text
            elif word.startswith("end"):
                if not (stack and stack[-1][0] == word[3:]):
                    return text
                stack.pop()
            elif not compiles("{%% %s %%}" % body):
                return text
    return stack[-1][1] if stack else None


_NEEDLE = re.compile(r"'([^']+)' is undefined|has no attribute '([^']+)'|attribute '([^']+)' of .* is unsafe"
                     r"|No (?:filter|test) named '([^']+)'")


def _locate(template_path: Path, exc: Exception, env=None) -> str:
    """The text of the paragraph of a Jinja error, so a template editor can find it in Word."""
    texts = _paragraph_texts(template_path)
    m = _NEEDLE.search(str(exc))
    needle = next((g for g in m.groups() if g), None) if m else None
    if needle:
        word = re.compile(r"(?<![\w.])" + re.escape(needle) + r"(?!\w)|\." + re.escape(needle) + r"(?!\w)")
        for t in texts:
            if any(word.search(body) for _kind, body in _tags(t)):
                return t[:80]
    if isinstance(exc, jinja2.TemplateSyntaxError) and env is not None:
        t = _bad_tag(texts, env)
        if t:
            return t[:80]
    return ""


from .pages import fit_amount_columns, set_title, tidy_page_breaks  # noqa: E402


def render_docx(template_path: Path, context_factory, formats, out: io.BytesIO | None = None) -> bytes:
    """Render ``template_path``; ``context_factory(tpl)`` builds the context (it may need the
    template object for images and sub-documents)."""
    from docxtpl import DocxTemplate

    where = Where(str(template_path))
    if not template_path.exists():
        raise InputError(f"找不到 Word 模板：{template_path}", where)
    try:
        tpl = DocxTemplate(str(template_path))
        tpl.init_docx()
    except Exception as exc:  # noqa: BLE001
        raise InputError(f"无法打开 Word 模板（不是有效的 .docx 文件）：{exc.__class__.__name__}", where) from None
    context = context_factory(tpl)
    env = make_env(formats)

    def near(exc, label="所在段落"):
        text = _locate(template_path, exc, env)
        return f"（{label}：“{text}”）" if text else ""

    try:
        tpl.render(context, jinja_env=env)
    except jinja2.TemplateSyntaxError as exc:
        raise InputError(
            f"模板语法错误：{exc.message}{near(exc)}。请检查模板中 {{% … %}} / {{{{ … }}}} 标记是否成对、拼写是否正确",
            where,
        ) from None
    except jinja2.UndefinedError as exc:
        raise InputError(
            f"模板使用了不存在的变量：{exc.message}{near(exc)}。可用变量见 templates/README.md",
            where,
        ) from None
    except jinja2.exceptions.SecurityError as exc:
        raise InputError(f"模板中有不允许的写法：{exc}{near(exc)}", where) from None
    except (ValueError, TypeError, ZeroDivisionError) as exc:
        raise InputError(f"模板渲染失败：{exc.__class__.__name__}: {exc}。请检查最近修改过的模板标记", where) from None
    set_update_fields(tpl.docx)
    add_font_fallbacks(tpl.docx)
    fix_properties(tpl.docx)
    tidy_page_breaks(tpl.docx)
    fit_amount_columns(tpl.docx)
    set_title(tpl.docx, context.get("title"))
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


# The fonts of Chinese official documents and what Word/WPS should use where one is not installed
# (w:altName in the font table; GB2312 charset so the substitute has Simplified-Chinese glyphs).
FONT_FALLBACKS = {
    "仿宋_GB2312": ("仿宋", "roman"), "楷体_GB2312": ("楷体", "roman"), "方正小标宋简体": ("宋体", "roman"),
    "黑体": ("SimHei", "modern"), "宋体": ("SimSun", "roman"), "仿宋": ("FangSong", "roman"),
    "楷体": ("KaiTi", "roman"),
}


def add_font_fallbacks(document) -> None:
    """Declare the template's Chinese fonts in the font table with a Windows fallback name, so a
    machine without 仿宋_GB2312 (a separate install) shows 仿宋 rather than a Latin default."""
    from lxml import etree

    part = next((p for p in document.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml"), None)
    if part is None:
        return
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    w = "{%s}" % ns
    root = etree.fromstring(part.blob)
    fonts = {el.get(w + "name"): el for el in root.findall(w + "font")}
    for name, (alt, family) in FONT_FALLBACKS.items():
        el = fonts.get(name)
        if el is None:
            el = etree.SubElement(root, w + "font")
            el.set(w + "name", name)
        for child in list(el):
            if child.tag in (w + "altName", w + "charset", w + "family", w + "pitch"):
                el.remove(child)
        for tag, val in (("altName", alt), ("charset", "86"), ("family", family), ("pitch", "variable")):
            child = etree.Element(w + tag)
            child.set(w + "val", val)
            el.insert({"altName": 0, "charset": 1, "family": 2, "pitch": 3}[tag], child)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


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
            elif name.startswith("word/") and name.endswith(".xml"):
                # LibreOffice names the 目录 bookmarks __RefHeading___Toc<n>_<random>: fix the random part
                payload = re.sub(rb"(__RefHeading___Toc\d+)_\d+", rb"\g<1>_1", payload)
            dst.writestr(info, payload)
    return out.getvalue()
