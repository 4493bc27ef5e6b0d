"""Issue 10: a template is untrusted input (templates travel between districts).

Each hostile template below is a copy of the shipped 决算 template with one paragraph (the 目录
heading) replaced, as someone editing it in Word would.  ``check`` and ``build`` must both stop
with exit code 2 and one Chinese message naming the template file and the paragraph, write
nothing, leave every input byte-for-byte unchanged and run nothing.

The second half asserts that ``check`` and ``build`` agree: ``check`` exits 0 exactly when
``build`` writes, on a set of bad inputs that used to pass ``check`` and fail ``build``.
"""
from __future__ import annotations

import html
import zipfile
from pathlib import Path

import pytest
from docx import Document

from conftest import copy_example
from test_bad_input import DOCX_NAME, PROJECT, TEMPLATE, WORKBOOK, edit_yaml, run_inprocess, snapshot

PARAGRAPH = "目  录"      # the paragraph the hostile text replaces (first occurrence: the 目录 heading)

NOT_THERE = "模板使用了不存在的变量或属性“{}”（所在段落：“{}”）。可用变量见 templates/README.md"
UNSAFE = "模板中有不允许的写法：不能读取“{}”（所在段落：“{}”）。模板只能读取 templates/README.md 列出的变量"
LIMIT = "模板运行超出限制：{}（所在段落：“{}”）。请检查模板中的循环和运算"
REFUSED = "模板中有不允许的写法：{}（所在段落：“{}”）"
LOOPS = "循环和调用超过 1,000,000 次（是否有嵌套过深或过大的循环？）"
TOO_LONG = "生成的文字过长（一处超过 1,000,000 个字符）"

# (id, paragraph text as the template editor sees it, expected message with {p} for the paragraph)
HOSTILE = [
    ("tpl", "{{ charts.total.tpl }}", NOT_THERE.format("tpl", "{p}")),
    ("tpl-render-properties", "{{ charts.total.tpl.render_properties({}) }}", NOT_THERE.format("tpl", "{p}")),
    ("docx", "{{ charts.income.docx }}", NOT_THERE.format("docx", "{p}")),
    ("render", "{{ charts.expense.render({}) }}", NOT_THERE.format("render", "{p}")),
    ("save", "{{ charts.fiscal.save('jianghan-2022.xlsx') }}", NOT_THERE.format("save", "{p}")),
    ("cycler-globals", "{{ cycler.__init__.__globals__ }}", UNSAFE.format("__init__", "{p}")),
    ("joiner-init", "{{ joiner.__init__ }}", UNSAFE.format("__init__", "{p}")),
    ("namespace", "{{ namespace }}", NOT_THERE.format("namespace", "{p}")),
    ("str-class", "{{ ''.__class__ }}", UNSAFE.format("__class__", "{p}")),
    ("method-call", "{{ dept.format() }}", REFUSED.format("不能调用“format”", "{p}")),
    ("nested-loops", "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}",
     LIMIT.format(LOOPS, "{p}")),
    ("huge-string", "{{ 'x'*10**10 }}", LIMIT.format(TOO_LONG, "{p}")),
    ("doubling-concat", "{% set a = 'x' * 900000 %}{{ a ~ a }}", LIMIT.format(TOO_LONG, "{p}")),
    ("macro-recursion", "{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}",
     "模板运行超出限制：宏的调用嵌套过深（所在段落：“{p}”）"),
    ("safe-filter", "{{ dept|safe }}",
     "模板使用了不存在或不允许的过滤器“safe”（所在段落：“{p}”）。可用的过滤器见 templates/README.md"),
    ("safe-through-map", "{{ dept|list|map('safe')|join }}",
     "模板使用了不存在或不允许的过滤器“safe”（所在段落：“{p}”）。可用的过滤器见 templates/README.md"),
    ("raw-xml-run", "{{r '<w:p/>' }}",
     "模板中有不允许的写法：不能使用 {{r …}} 或 {%r …%} 标记（它们插入原始 XML）（所在段落：“{p}”）。请改用 {{ … }}"),
    ("autoescape-off", "{% autoescape false %}{{ dept }}{% endautoescape %}",
     REFUSED.format("不能使用 {% autoescape %}", "{p}")),
    ("include", "{% include 'jianghan-2022.yaml' %}", REFUSED.format("不能使用 {% include %}", "{p}")),
    ("percent-format", "{{ '%s' % dept }}", REFUSED.format("不能用“%”格式化文字（请用过滤器，如 amt、pct）", "{p}")),
    ("image-as-text", "{{ charts.total|upper }}",
     REFUSED.format("图片和插入的 Word 文件只能用 {{ … }} 原样插入，不能加过滤器或与文字连接", "{p}")),
]


def _template_copy(folder: Path, paragraph: str | None = None, title: str | None = None) -> Path:
    """``folder/mytpl/document.docx``: the shipped template with the 目录 heading replaced by
    ``paragraph`` and/or the document title (core properties) set to ``title``."""
    (folder / "mytpl").mkdir()
    path = folder / "mytpl" / "document.docx"
    with zipfile.ZipFile(TEMPLATE) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "word/document.xml" and paragraph is not None:
                xml = data.decode("utf-8")
                assert PARAGRAPH in xml
                data = xml.replace(PARAGRAPH, html.escape(paragraph, quote=False), 1).encode("utf-8")
            if info.filename == "docProps/core.xml" and title is not None:
                xml = data.decode("utf-8")
                assert "<dc:title>部门决算公开模板</dc:title>" in xml
                data = xml.replace("部门决算公开模板", html.escape(title, quote=False), 1).encode("utf-8")
            zout.writestr(info, data)
    edit_yaml(folder, f"workbook: {WORKBOOK}", f"workbook: {WORKBOOK}\ntemplates: mytpl")
    return path


def _assert_refused(folder: Path, project: Path, template: Path, message: str, canary: Path | None = None):
    before = snapshot(folder)
    workbook_sha = before[WORKBOOK]
    for command in ("check", "build"):
        run = run_inprocess([command, str(project)])
        assert run.code == 2, (command, run.code, run.stdout, run.stderr)
        assert run.stderr.strip() == f"错误：{template}：{message}", command
        assert "Traceback" not in run.stdout + run.stderr
        assert snapshot(folder) == before and snapshot(folder)[WORKBOOK] == workbook_sha
        out = folder / "out"
        assert not out.exists() or not [p for p in out.rglob("*") if p.is_file()], "something was written"
        if canary is not None:
            assert not canary.exists(), "a command ran"


@pytest.mark.parametrize("case", HOSTILE, ids=[c[0] for c in HOSTILE])
def test_hostile_template_is_refused(case, tmp_path):
    _id, paragraph, message = case
    project = copy_example(tmp_path)
    template = _template_copy(tmp_path, paragraph)
    _assert_refused(tmp_path, project, template, message.replace("{p}", paragraph))


def test_core_properties_are_rendered_in_the_sandbox(tmp_path):
    """docxtpl renders the document properties (title …) with the template's environment: a title
    holding Jinja used to run a shell command from an unsandboxed environment."""
    canary = tmp_path / "pwned"
    title = f"{{{{ cycler.__init__.__globals__.os.popen('touch {canary}') }}}}"
    project = copy_example(tmp_path)
    template = _template_copy(tmp_path, title=title)
    message = ("模板中有不允许的写法：不能读取“__init__”（文档属性“标题”：“" + title[:80]
               + "”）。模板只能读取 templates/README.md 列出的变量")
    _assert_refused(tmp_path, project, template, message, canary=canary)


def test_a_title_with_allowed_tags_is_rendered(tmp_path):
    from reportgen.build import build

    project = copy_example(tmp_path)
    _template_copy(tmp_path, title="{{ Y }}年度{{ short }}部门决算")
    path = tmp_path / "mytpl" / "document.docx"
    doc = Document(str(path))          # the title is reportgen's own (the document title): tags go in the subject
    doc.core_properties.subject, doc.core_properties.title = doc.core_properties.title, "模板"
    doc.save(str(path))
    _prepared, written = build(project, formats=("docx",))
    assert Document(str(written["docx"])).core_properties.subject == "2022年度区政府办部门决算"


def _make_docx(path: Path, text: str) -> None:
    doc = Document()
    doc.add_paragraph(text)
    doc.save(path)


@pytest.mark.parametrize("where,paragraph,name", [
    ("part4", "{{ part4.subdoc.tpl.save('jianghan-2022.xlsx') }}", "tpl"),
    ("attachment", "{{ attachments[0].subdoc.docx }}", "docx"),
], ids=["part4-subdoc", "attachment-subdoc"])
def test_inserted_documents_are_markers(where, paragraph, name, tmp_path):
    project = copy_example(tmp_path)
    _make_docx(tmp_path / "extra.docx", "一是完成重点工作。")
    if where == "part4":
        edit_yaml(tmp_path, "  part4:\n", "  part4:\n    docx: extra.docx\n")
    else:
        project.write_text(project.read_text(encoding="utf-8")
                           + "\nattachments:\n  - {title: 其他附件, path: extra.docx}\n", encoding="utf-8")
    template = _template_copy(tmp_path, paragraph)
    _assert_refused(tmp_path, project, template, NOT_THERE.format(name, paragraph))


def test_templates_get_plain_data_only():
    """The sandbox's boundary: a live object in a context is a reportgen bug, refused at once."""
    from docxtpl import DocxTemplate

    from reportgen.compute import Change
    from reportgen.render.sandbox import Embed, template_data

    data = template_data({"c": Change(cur=__import__("decimal").Decimal("2"), prev=None), "e": Embed(1),
                          "rows": [(1, "a")]})
    assert data["rows"] == [(1, "a")] and str(data["e"]) == "\ue000reportgen-embed-1\ue001"
    with pytest.raises(TypeError, match="docxtpl.template.DocxTemplate is not plain data"):
        template_data({"charts": {"total": DocxTemplate(str(TEMPLATE))}})


@pytest.mark.parametrize("source,expected", [
    ("{% for k, v in d.items() %}{{ loop.index }}{{ k }}={{ v }};{% endfor %}", "1a=1;2b=2;"),
    ("{{ d.get('a') }} {{ t|join('、') }} {{ t|length }} {{ s.strip()|upper }}", "1 甲、乙 2 X"),
    ("{% for i in range(3) %}{{ loop.cycle('单', '双') }}{% endfor %}", "单双单"),
    ("{% macro m(x) %}[{{ x }}]{% endmacro %}{{ m('<&>') }}", "[&lt;&amp;&gt;]"),
    ("{{ 'ab' * 3 }}{{ 2 ** 10 }}{{ 'x' ~ 1 }}", "ababab1024x1"),
], ids=["items-loop", "methods-filters", "cycle", "macro-escapes", "small-ops"])
def test_the_sandbox_still_allows_what_templates_use(source, expected):
    from reportgen.render.sandbox import ReportEnvironment

    env = ReportEnvironment()
    out = env.from_string(source).render(d={"a": 1, "b": 2}, t=("甲", "乙"), s=" x ")
    assert out == expected


# -- check and build agree ----------------------------------------------------------------------

def _output_dir_is_a_file(folder):
    (folder / "out").write_text("not a folder", encoding="utf-8")


def _output_dir_under_a_file(folder):
    (folder / "blocker").write_text("not a folder", encoding="utf-8")
    edit_yaml(folder, "dir: out", "dir: blocker/out")


def _docx_name_taken_by_a_folder(folder):
    (folder / "out" / DOCX_NAME).mkdir(parents=True)


def _missing_part4_docx(folder):
    edit_yaml(folder, "  part4:\n", "  part4:\n    docx: nowhere.docx\n")


def _corrupt_attachment(folder):
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not really a docx")
    path = folder / PROJECT
    path.write_text(path.read_text(encoding="utf-8") + "\nattachments:\n  - {title: 附件, path: broken.docx}\n",
                    encoding="utf-8")


def _undefined_variable(folder):
    _template_copy(folder, "{{ undefined_var }}")


def _nothing(folder):
    pass


AGREE = [
    ("ok", _nothing, 0, None),
    ("output-dir-is-a-file", _output_dir_is_a_file, 3,
     "错误：jianghan-2022.yaml 第{line}行：output.dir 指向的“{folder}/out”是一个文件，不是文件夹。请改为一个文件夹的路径"),
    ("output-dir-under-a-file", _output_dir_under_a_file, 3,
     "错误：jianghan-2022.yaml 第{line}行：无法创建输出文件夹“{folder}/blocker/out”：其中的“{folder}/blocker”是一个文件。"
     "请修改 output.dir"),
    ("docx-name-is-a-folder", _docx_name_taken_by_a_folder, 3,
     f"错误：{{folder}}/out/{DOCX_NAME}：无法写入 {DOCX_NAME}：该路径是一个文件夹。请改名或移走该文件夹，或在项目文件中修改 output"),
    ("missing-part4-docx", _missing_part4_docx, 2,
     "错误：jianghan-2022.yaml 第{part4}行：找不到要插入的 Word 文件：{folder}/nowhere.docx"),
    ("corrupt-attachment", _corrupt_attachment, 2,
     "错误：jianghan-2022.yaml 第{attachments}行：无法读取要插入的 Word 文件 broken.docx（PackageNotFoundError）"),
    ("template-undefined-variable", _undefined_variable, 2,
     "错误：{folder}/mytpl/document.docx：模板使用了不存在的变量或属性“undefined_var”（所在段落：“{{{{ undefined_var }}}}”）。"
     "可用变量见 templates/README.md"),
]


def _line(folder: Path, prefix: str) -> int:
    lines = (folder / PROJECT).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if line.strip().startswith(prefix))


@pytest.mark.parametrize("case", AGREE, ids=[c[0] for c in AGREE])
def test_check_and_build_agree(case, tmp_path):
    _id, setup, code, message = case
    project = copy_example(tmp_path)
    setup(tmp_path)
    check = run_inprocess(["check", str(project)])
    files_before = sorted(p for p in (tmp_path / "out").rglob("*") if p.is_file()) if (tmp_path / "out").is_dir() else []
    assert files_before == []
    build = run_inprocess(["build", str(project)])
    out = tmp_path / "out"
    written = [p for p in out.rglob("*") if p.is_file()] if out.is_dir() else []
    assert (check.code, build.code) == (code, code), (check.stderr, build.stderr)
    assert (check.code == 0) == bool(written)
    if code == 0:
        assert out / DOCX_NAME in written
        return
    expected = message.format(folder=tmp_path, line=_line(tmp_path, "dir:"),
                              part4=_line(tmp_path, "part4:") if "part4" in _id else 0,
                              attachments=_line(tmp_path, "attachments:") if "attachment" in _id else 0)
    assert check.stderr.strip() == expected
    assert build.stderr.strip() == expected


def test_check_json_reports_a_template_error_as_fatal(tmp_path):
    import json

    project = copy_example(tmp_path)
    template = _template_copy(tmp_path, "{{ charts.total.tpl }}")
    run = run_inprocess(["check", "--json", str(project)])
    assert run.code == 2
    data = json.loads(run.stdout)
    assert data["fatal"] == f"{template}：" + NOT_THERE.format("tpl", "{{ charts.total.tpl }}")
    # the example: 2 warnings and 1 提示 (the project-list 尾数, issue 11)
    assert data["errors"] == 1 and data["warnings"] == 2 and len(data["findings"]) == 3


def test_check_pdf_finds_a_missing_libreoffice_like_build(tmp_path, monkeypatch):
    from reportgen.render import pdf as pdf_mod

    project = copy_example(tmp_path)
    monkeypatch.setattr(pdf_mod, "find_soffice", lambda: None)
    check = run_inprocess(["check", "--pdf", str(project)])
    build = run_inprocess(["build", "--pdf", str(project)])
    assert (check.code, build.code) == (4, 4)
    # build wrote the rest of the set (all-or-nothing output set, issue 10) and says so
    assert build.stderr.strip() == check.stderr.strip() + "已生成 .docx、.xlsx（目录页码未填写，可在 Word/WPS 中更新目录）"
    assert check.stderr.strip().startswith("错误：找不到 LibreOffice（soffice），无法生成 PDF 和带页码的目录。")


@pytest.mark.parametrize("limits,source,message", [
    ({"seconds": 0}, "{% for i in range(5000) %}{% endfor %}", "运行超过 0 秒"),
    ({"output": 1000}, "{% for i in range(100) %}{{ s }}{% endfor %}", "生成的文字超过 1,000 个字符"),
    ({"output": 1000}, "{% macro m() %}{% for i in range(200) %}0123456789{% endfor %}{% endmacro %}{% set x = m() %}",
     "生成的文字超过 1,000 个字符"),
    ({"steps": 100}, "{% for a in t %}{% for b in t %}{% for c in t %}{% endfor %}{% endfor %}{% endfor %}",
     "循环和调用超过 100 次（是否有嵌套过深或过大的循环？）"),
], ids=["deadline", "printed-text", "loop-body-text", "nested-data-loops"])
def test_each_limit_stops_the_render(limits, source, message):
    from reportgen.render.sandbox import Limits, ReportEnvironment, TemplateLimit

    env = ReportEnvironment(Limits(**limits))
    with pytest.raises(TemplateLimit) as info:
        env.from_string(source).render(s="0123456789abcdefghij", t=tuple(range(10)))
    assert info.value.chinese == message


def test_compiled_code_is_shared_and_each_document_keeps_its_own_filters(monkeypatch):
    # a district build compiles a template part once per process; a document with other number
    # formats must still get its own, also where the filter's argument is a constant in the template
    from decimal import Decimal

    import jinja2

    from reportgen.render.docx import make_env
    from reportgen.render.filters import Formats

    source = "{{ 1234|amt }}／{{ x|amt }}{% if 5|amt == '5.00' %}；是{% endif %}（共享编译测试）"

    compiled = []                        # Jinja's own compile, under the sandbox's cache
    real_compile = jinja2.Environment.compile
    monkeypatch.setattr(jinja2.Environment, "compile",
                        lambda self, *a, **k: compiled.append(1) or real_compile(self, *a, **k))
    grouped = make_env(Formats({})).from_string(source).render(x=Decimal("9876.5"))
    plain = make_env(Formats({"thousands_in_text": False})).from_string(source).render(x=Decimal("9876.5"))
    assert grouped == "1,234.00／9,876.50；是（共享编译测试）"
    assert plain == "1234.00／9876.50；是（共享编译测试）"
    assert len(compiled) == 1


def test_shared_compiled_code_obeys_the_limits_of_the_rendering_environment():
    from reportgen.render.sandbox import Limits, ReportEnvironment, TemplateLimit

    source = "{% for i in range(100) %}{{ s }}{% endfor %}{# shared-limits #}"
    assert len(ReportEnvironment().from_string(source).render(s="0123456789")) == 1000
    with pytest.raises(TemplateLimit) as info:
        ReportEnvironment(Limits(output=999)).from_string(source).render(s="0123456789")
    assert info.value.chinese == "生成的文字超过 999 个字符"


def test_a_refused_template_is_refused_at_every_compile():
    from reportgen.render.sandbox import ReportEnvironment, TemplateRefused

    for _ in range(2):
        with pytest.raises(TemplateRefused) as info:
            ReportEnvironment().from_string("{% include 'x.xml' %}")
        assert info.value.chinese == "不能使用 {% include %}"


def test_a_layout_fragment_is_compiled_once_and_rendered_with_each_documents_formats(tmp_path, monkeypatch):
    from decimal import Decimal

    from reportgen.layout import fragment_env, render_fragment
    from reportgen.render.filters import Formats

    (tmp_path / "收入说明.j2").write_text("[小标题]一、收入\n本年收入{{ x|amt }}万元，上年{{ 1234|amt }}万元。\n",
                                       encoding="utf-8")
    import jinja2

    compiled = []                        # Jinja's own compile, under the sandbox's cache
    real_compile = jinja2.Environment.compile
    monkeypatch.setattr(jinja2.Environment, "compile",
                        lambda self, *a, **k: compiled.append(a[1] if len(a) > 1 else k.get("name"))
                        or real_compile(self, *a, **k))
    grouped = render_fragment(fragment_env([tmp_path], Formats({})), "收入说明", {"x": Decimal("5678.9")})
    plain = render_fragment(fragment_env([tmp_path], Formats({"thousands_in_text": False})), "收入说明",
                            {"x": Decimal("5678.9")})
    assert grouped == [("小标题", "一、收入"), ("正文", "本年收入5,678.90万元，上年1,234.00万元。")]
    assert plain == [("小标题", "一、收入"), ("正文", "本年收入5678.90万元，上年1234.00万元。")]
    assert compiled == ["收入说明.j2"]   # the second document's environment found the code


def test_line_breaks_and_tabs_in_values_become_words_elements_as_docxtpl_makes_them():
    # reportgen's resolve_listing hands only the paragraphs holding \n \t \a \f in a text to
    # docxtpl's; the part comes out as docxtpl alone makes it
    from docxtpl import DocxTemplate

    from reportgen.render.docx import _make_template_class

    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    xml = (f'<w:document {ns}><w:body>'
           '<w:p><w:pPr><w:jc w:val="both"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>主要职能：\n1.起草文件；\n2.督查</w:t></w:r></w:p>'
           '<w:p><w:r><w:t xml:space="preserve">项目\t金额</w:t></w:r></w:p>'
           '<w:p><w:r><w:t>合计 4,199.36</w:t></w:r></w:p>\n'
           '<w:p w:rsidR="00A1"><w:r><w:t>第二页\f起</w:t></w:r></w:p>'
           '</w:body></w:document>')
    template = object.__new__(_make_template_class())          # resolve_listing reads nothing of it
    ours = template.resolve_listing(xml)
    assert ours == DocxTemplate.resolve_listing(None, xml)
    assert '<w:t>主要职能：</w:t><w:br/><w:t xml:space="preserve">1.起草文件；</w:t><w:br/>' in ours
    assert '<w:r><w:tab/></w:r>' in ours and '<w:br w:type="page"/>' in ours
    assert '<w:p><w:r><w:t>合计 4,199.36</w:t></w:r></w:p>\n' in ours      # untouched
    plain = f'<w:document {ns}><w:body><w:p><w:r><w:t>合计</w:t></w:r></w:p>\n</w:body></w:document>'
    assert template.resolve_listing(plain) == plain
