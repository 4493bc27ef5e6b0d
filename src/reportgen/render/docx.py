"""Render a .docx from a docxtpl template and a context.

* Templates are rendered in the allow-list sandbox of :mod:`.sandbox` with StrictUndefined: a
  user-edited template sees plain data only, can neither reach Python internals nor docxtpl, and
  never silently prints a blank where a value belongs.  Pictures and inserted documents are
  markers, replaced by their XML after Jinja has run (:class:`Embeds`).
* Every template failure is one Chinese message with the template file and the text of the
  paragraph (or document property) it stands in.
* The result asks Word to update fields on opening (the 目录), and is saved deterministically:
  fixed zip timestamps and document properties, so identical inputs give identical bytes.
"""
from __future__ import annotations

import datetime as _dt
import html
import io
import re
import zipfile
from collections import OrderedDict
from pathlib import Path

import jinja2

from ..errors import InputError, ReportgenError, Where
from .sandbox import Embed, ReportEnvironment, TemplateLimit, TemplateRefused, template_data

FIXED_TIME = (2000, 1, 1, 0, 0, 0)


def make_env(formats) -> ReportEnvironment:
    # autoescape (always on in the sandbox): user texts ("<80%", "R&D") reach the XML escaped
    env = ReportEnvironment()
    formats.install(env)
    return env


class Embeds:
    """The images and sub-documents of one document, handed to templates as :class:`Embed` markers.

    ``image``/``subdoc`` are called while the context is built (a sub-document's styles and
    pictures join the document then, in that order, as before); the marker's token is replaced by
    the picture's or document's XML right after Jinja has rendered the part it stands in.
    Without a template (``tpl=None``, when only the context's labels are wanted) nothing is loaded.
    """

    def __init__(self, tpl=None):
        self._tpl = tpl
        self._objects: dict[str, object] = {}

    def _add(self, obj) -> Embed:
        marker = Embed(len(self._objects) + 1)
        self._objects[str(marker)] = obj
        return marker

    def image(self, path: Path, width_mm: float) -> Embed:
        if self._tpl is None:
            return self._add(None)
        from docx.shared import Mm
        from docxtpl import InlineImage

        return self._add(InlineImage(self._tpl, str(path), width=Mm(width_mm)))

    def subdoc(self, path: Path) -> Embed | None:
        """A .docx inserted whole; python-docx's errors on a bad file propagate to the caller.

        Its plain paragraphs take the document's body style (see :func:`_adopt_body_style`)."""
        if self._tpl is None:
            return None
        sub = self._tpl.new_subdoc(str(path))
        _adopt_body_style(sub.subdocx, self._tpl.get_docx())
        return self._add(sub)

    _TOKEN = re.compile(re.escape(Embed.PREFIX) + r"\d+" + re.escape(Embed.SUFFIX))

    def resolve(self, xml: str) -> str:
        """Each marker token in ``xml`` → the XML docxtpl makes for its object, in document order."""
        if Embed.PREFIX[0] not in xml:
            return xml

        def one(m):
            obj = self._objects.get(m.group(0))
            return str(obj) if obj is not None else ""

        xml = self._TOKEN.sub(one, xml)
        if Embed.PREFIX[0] in xml or Embed.SUFFIX in xml:
            raise EmbedMisused(xml)
        return xml


BODY_STYLE = "正文"   # the templates' body paragraph style (first-line indent, justified)


def _adopt_body_style(sub, master) -> None:
    """A clerk's .docx (第四部分, an attachment) is typed in its own “Normal”, which in the
    document's template has no first-line indent: its top-level paragraphs in the default style
    take the template's body style, so they read like the rest of the document.  Paragraphs with a
    style of their own (headings, lists) or a direct alignment other than justified (a centred
    title, a right-aligned signature) and everything inside tables keep their formatting."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml.ns import qn

    try:
        body = master.styles[BODY_STYLE]
    except KeyError:
        return                          # a district template without the style: leave the text as typed
    default = master.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    plain = {None, default.style_id if default is not None else None}
    for p in sub.element.body.iterchildren(qn("w:p")):
        ppr = p.find(qn("w:pPr"))
        style = ppr.find(qn("w:pStyle")) if ppr is not None else None
        if (style.get(qn("w:val")) if style is not None else None) not in plain:
            continue
        jc = ppr.find(qn("w:jc")) if ppr is not None else None
        if jc is not None and jc.get(qn("w:val")) not in ("both", "left", "start"):
            continue
        if not "".join(t.text or "" for t in p.iter(qn("w:t"))).strip():
            continue                    # an empty line keeps its place without an indent to show
        ppr = p.get_or_add_pPr()
        ppr.get_or_add_pStyle().val = body.style_id


class EmbedMisused(Exception):
    """A marker was changed by a filter or joined into other text: it can no longer be resolved."""

    def __init__(self, xml: str):
        super().__init__("embed misused")
        i = max(xml.find(Embed.PREFIX[0]), xml.find(Embed.SUFFIX))
        start = xml.rfind("<w:p", 0, i)
        end = xml.find("</w:p>", i)
        self.paragraph = _xml_text(xml[start if start >= 0 else 0:end if end >= 0 else len(xml)]).strip()
        self.paragraph = self.paragraph.replace(Embed.PREFIX[0], "").replace(Embed.SUFFIX, "")


class _Annotated:
    """Where in the template a Jinja error happened: the part's patched XML and the line."""

    def __init__(self, source: str, label: str = ""):
        self.source, self.label = source, label


def _template_lineno(exc: BaseException) -> int | None:
    """The template line of the innermost template frame of ``exc``'s traceback (Jinja rewrites
    tracebacks so that template frames carry template line numbers)."""
    lineno = getattr(exc, "lineno", None)
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            lineno = tb.tb_lineno
        tb = tb.tb_next
    return lineno


def _make_template_class():
    from docxtpl import DocxTemplate

    class SandboxedTemplate(DocxTemplate):
        """docxtpl with the sandbox's rules: no raw-XML run tags, markers resolved after Jinja,
        document properties rendered in the same sandbox, errors tied to their template text."""

        embeds: Embeds | None = None

        def patch_xml(self, src_xml):
            # a function of the part's XML alone: the same template part is patched once per process
            patched = _PATCHED.get(src_xml)
            if patched is not None:
                _PATCHED.move_to_end(src_xml)
                return patched
            for paragraph in re.findall(r"<w:p[ >].*?</w:p>", src_xml, flags=re.S):
                text = _xml_text(paragraph)
                if _RAW_TAG.search(text.translate(_QUOTES)):
                    raise RawXmlTag(text.strip())
            patched = super().patch_xml(src_xml)
            _PATCHED[src_xml] = patched
            while len(_PATCHED) > _PATCHED_KEPT:
                _PATCHED.popitem(last=False)
            return patched

        def map_tree(self, tree):
            # docxtpl's root.replace(body, tree), but the template's body is emptied before it
            # leaves the document: lxml would otherwise re-declare the namespaces of each of its
            # nodes, to keep a body that is thrown away (most of the time of a replace)
            root = self.docx._element
            body = root.body
            if body is None:
                return super().map_tree(tree)
            body.addprevious(tree)
            body.clear()
            root.remove(body)

        def render_xml_part(self, src_xml, part, context, jinja_env=None):
            # docxtpl 0.20's render_xml_part, with the markers resolved right after Jinja
            src_xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", src_xml)
            self.current_rendering_part = part
            try:
                template = jinja_env.from_string(src_xml)
                dst_xml = template.render(context)
                dst_xml = self.embeds.resolve(dst_xml) if self.embeds else dst_xml
            except Exception as exc:
                exc.rg_where = _Annotated(src_xml)        # type: ignore[attr-defined]
                raise
            dst_xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", dst_xml)
            dst_xml = (dst_xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}"))
            return self.resolve_listing(dst_xml)

        def resolve_listing(self, xml):
            # docxtpl turns a tab, line break, page break or new paragraph typed into a value (\t \n
            # \f \a inside a w:t) into Word's elements, calling back into Python for every paragraph,
            # run and text of the part; here only the paragraphs that hold one go through it (the same
            # paragraphs, cut by the same pattern; the others would come back unchanged)
            if _SPECIAL_TEXT.search(xml) is None:
                return xml
            listing = super().resolve_listing

            def paragraph(m):
                text = m.group(0)
                return listing(text) if _SPECIAL_TEXT.search(text) else text

            return _PARAGRAPH.sub(paragraph, xml)

        def render_properties(self, context, jinja_env=None):
            # title, subject … may hold tags (docxtpl renders them): same sandbox, same errors
            props = self.docx.core_properties
            for prop, label in _PROPERTIES:
                initial = getattr(props, prop)
                if not any(mark in initial for mark in ("{{", "{%", "{#")):
                    setattr(props, prop, initial)       # as docxtpl does: every property written
                    continue
                try:
                    rendered = jinja_env.from_string(initial).render(context)
                    if Embed.PREFIX[0] in rendered or Embed.SUFFIX in rendered:
                        raise EmbedMisused(rendered)
                except Exception as exc:
                    exc.rg_where = _Annotated(initial, f"文档属性“{label}”")    # type: ignore[attr-defined]
                    raise
                setattr(props, prop, rendered)

    return SandboxedTemplate


# patched template parts (docxtpl's patch_xml), by their XML: a worker renders many documents from
# the same template; the key is the whole text, so an edited template is patched afresh
_PATCHED: "OrderedDict[str, str]" = OrderedDict()
_PATCHED_KEPT = 8

_PROPERTIES = (("author", "作者"), ("comments", "备注"), ("identifier", "标识符"), ("language", "语言"),
               ("subject", "主题"), ("title", "标题"))
# a w:t whose text holds what docxtpl's resolve_listing rewrites (a text holds no "<": XML escapes it)
_SPECIAL_TEXT = re.compile(r"<w:t(?: [^>]*)?>[^<]*[\t\a\n\f]")
_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)      # docxtpl's, in resolve_listing
# docxtpl's run-level tags {{r …}} / {%r …%} insert raw XML (RichText): not available to templates
_RAW_TAG = re.compile(r"\{\{r\s|\{%r\s")


class RawXmlTag(Exception):
    def __init__(self, paragraph: str):
        super().__init__("raw xml tag")
        self.paragraph = paragraph


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


from .pages import fit_tables, set_title, tidy_page_breaks  # noqa: E402


_TRIVIAL = {"else", "endif", "endfor", "endwith", "endmacro", "endcall", "endfilter", "endset"}


def _line_paragraph(template_path: Path, source: str, lineno: int | None) -> str:
    """The template paragraph of line ``lineno`` of a part's patched XML (docxtpl starts each
    ``<w:p`` on a new line, so a line is a paragraph, with any {%p …%} tags next to it)."""
    lines = source.split("\n")
    if not lineno or not 0 < lineno <= len(lines):
        return ""
    text = _xml_text(lines[lineno - 1]).strip()
    bodies = {b for _k, b in _tags(text)} - _TRIVIAL
    best, best_score = "", 0
    for t in _paragraph_texts(template_path):
        score = len(bodies & {b for _k, b in _tags(t)})
        if score > best_score:
            best, best_score = t, score
    return best or text


def _where_in_template(template_path: Path, exc: BaseException, env) -> str:
    """``（所在段落：“…”）`` / ``（文档属性“标题”：“…”）`` for an error, or "" when unknown."""
    where = getattr(exc, "rg_where", None)
    if where is not None and where.label:
        return f"（{where.label}：“{where.source[:80]}”）"
    paragraph = getattr(exc, "paragraph", "")
    if not paragraph:
        paragraph = _locate(template_path, exc, env)
    if not paragraph and where is not None:
        paragraph = _line_paragraph(template_path, where.source, _template_lineno(exc))[:80]
    return f"（所在段落：“{paragraph}”）" if paragraph else ""


_UNSAFE = re.compile(r"attribute '([^']+)' of '[^']*' object is unsafe")
_NO_FILTER = re.compile(r"No (filter|test) named '([^']+)'")


def _template_message(exc: BaseException, near: str) -> str:
    """One Chinese message for any failure of a template."""
    if isinstance(exc, RawXmlTag):
        return f"模板中有不允许的写法：不能使用 {{{{r …}}}} 或 {{%r …%}} 标记（它们插入原始 XML）{near}。请改用 {{{{ … }}}}"
    if isinstance(exc, EmbedMisused):
        return f"模板中有不允许的写法：图片和插入的 Word 文件只能用 {{{{ … }}}} 原样插入，不能加过滤器或与文字连接{near}"
    if isinstance(exc, TemplateLimit):
        return f"模板运行超出限制：{exc.chinese}{near}。请检查模板中的循环和运算"
    if isinstance(exc, TemplateRefused):
        return f"模板中有不允许的写法：{exc.chinese}{near}"
    if isinstance(exc, RecursionError):
        return f"模板运行超出限制：宏的调用嵌套过深{near}"
    m = _NO_FILTER.search(str(exc)) if isinstance(exc, jinja2.TemplateError) else None
    if m:      # at compile time, or through map('…') / select('…') while rendering
        what = "过滤器" if m.group(1) == "filter" else "判断"
        return f"模板使用了不存在或不允许的{what}“{m.group(2)}”{near}。可用的过滤器见 templates/README.md"
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return (f"模板语法错误：{exc.message}{near}。请检查模板中 {{% … %}} / {{{{ … }}}} 标记是否成对、拼写是否正确")
    if isinstance(exc, jinja2.UndefinedError):
        m = _NEEDLE.search(str(exc))
        name = next((g for g in m.groups() if g), None) if m else None
        if name:
            return f"模板使用了不存在的变量或属性“{name}”{near}。可用变量见 templates/README.md"
        return f"模板使用了不存在的变量：{exc.message}{near}。可用变量见 templates/README.md"
    if isinstance(exc, jinja2.exceptions.SecurityError):
        m = _UNSAFE.search(str(exc))
        if m:
            return f"模板中有不允许的写法：不能读取“{m.group(1)}”{near}。模板只能读取 templates/README.md 列出的变量"
        return f"模板中有不允许的写法：{exc}{near}"
    return f"模板渲染失败：{exc.__class__.__name__}: {exc}{near}。请检查最近修改过的模板标记"


def render_docx(template_path: Path, context_factory, formats, out: io.BytesIO | None = None) -> bytes:
    """Render ``template_path``; ``context_factory(embeds)`` builds the context, getting images and
    sub-documents from ``embeds`` (:class:`Embeds`) as markers.  The context is copied into plain
    data (:func:`~reportgen.render.sandbox.template_data`) before any template sees it."""
    where = Where(str(template_path))
    if not template_path.exists():
        raise InputError(f"找不到 Word 模板：{template_path}", where)
    try:
        tpl = _make_template_class()(str(template_path))
        tpl.init_docx()
    except Exception as exc:  # noqa: BLE001
        raise InputError(f"无法打开 Word 模板（不是有效的 .docx 文件）：{exc.__class__.__name__}", where) from None
    embeds = Embeds(tpl)
    context = template_data(context_factory(embeds))
    tpl.embeds = embeds
    env = make_env(formats)
    try:
        tpl.render(context, jinja_env=env)
    except (ReportgenError, KeyboardInterrupt, MemoryError):
        raise
    except Exception as exc:  # noqa: BLE001 - every failure of a template is the template's, and named
        raise InputError(_template_message(exc, _where_in_template(template_path, exc, env)), where) from None
    set_update_fields(tpl.docx)
    add_font_fallbacks(tpl.docx)
    fix_properties(tpl.docx)
    tidy_page_breaks(tpl.docx)
    fit_tables(tpl.docx)               # cell widths, amount columns, then rows kept at the final widths
    set_title(tpl.docx, context.get("title"))
    return package_bytes(tpl)


class _Members:
    """Stands for python-docx's zip writer: keeps each member's name and bytes, in order."""

    def __init__(self):
        self.items: list[tuple[str, bytes]] = []

    def write(self, pack_uri, blob) -> None:
        self.items.append((pack_uri.membername, blob.encode("utf-8") if isinstance(blob, str) else bytes(blob)))


def package_bytes(tpl) -> bytes:
    """What ``tpl.save()`` followed by :func:`normalize_zip` gives, without compressing everything
    twice: python-docx's package writer hands its members to :func:`_normalized` directly.
    docxtpl's media replacements (not used by reportgen) and another python-docx fall back to
    saving and normalizing."""
    try:
        from docx.opc.pkgwriter import PackageWriter

        steps = (PackageWriter._write_content_types_stream, PackageWriter._write_pkg_rels,
                 PackageWriter._write_parts)
    except (ImportError, AttributeError):  # pragma: no cover - another python-docx
        steps = None
    if steps is None or any(getattr(tpl, name, None) for name in (
            "pics_to_replace", "crc_to_new_media", "crc_to_new_embedded", "zipname_to_replace")):
        buf = io.BytesIO()
        tpl.save(buf)
        return normalize_zip(buf.getvalue())
    package = tpl.docx.part.package
    for part in package.parts:                   # python-docx's OpcPackage.save, step by step
        part.before_marshal()
    parts = package.parts
    members = _Members()
    steps[0](members, parts)
    steps[1](members, package.rels)
    steps[2](members, parts)
    tpl.is_saved = True
    return _normalized(members.items)


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
    names = src.namelist()
    return _normalized([(name, src.read(name)) for name in names])


def _normalized(items: list[tuple[str, bytes]]) -> bytes:
    """A zip of ``items`` (name, bytes) with fixed timestamps and a stable member order
    ([Content_Types].xml first); a name given twice holds its last bytes, as a zip reader reads it."""
    payloads = dict(items)
    names = [name for name, _ in items]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        ordered = [n for n in names if n == "[Content_Types].xml"] + [n for n in names if n != "[Content_Types].xml"]
        for name in ordered:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            payload = payloads[name]
            if name == "docProps/core.xml" or name.endswith("core.xml"):
                payload = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(<)", rb"\g<1>2000-01-01T00:00:00Z\g<3>", payload)
            elif name.startswith("word/") and name.endswith(".xml"):
                # LibreOffice names the 目录 bookmarks __RefHeading___Toc<n>_<random>: fix the random part
                payload = re.sub(rb"(__RefHeading___Toc\d+)_\d+", rb"\g<1>_1", payload)
            dst.writestr(info, payload)
    return out.getvalue()
