"""External .docx appendices and a 第四部分 given as a .docx are appended whole (docxcompose)."""
from __future__ import annotations

from docx import Document

from conftest import copy_example


def _make_docx(path, paragraphs, table_rows=None):
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    if table_rows:
        t = doc.add_table(rows=len(table_rows), cols=len(table_rows[0]))
        for r, row in enumerate(table_rows):
            for c, text in enumerate(row):
                t.cell(r, c).text = text
    doc.save(path)


def test_external_appendix_and_part4_docx_are_included(tmp_path):
    from reportgen.build import build

    project = copy_example(tmp_path)
    _make_docx(tmp_path / "report.docx", ["2022年度部门整体绩效评价报告", "一、自评结论：得分99.97分，等级为优。"],
               [["序号", "项目名称"], ["1", "调查研究工作经费"]])
    _make_docx(tmp_path / "part4.docx", ["一是完成重点工作；二是提升服务质量。"])
    text = project.read_text(encoding="utf-8")
    text = text.replace("  part4:\n", "  part4:\n    docx: part4.docx\n", 1)
    text += "\nattachments:\n  - {title: 2022年度部门整体绩效评价报告, path: report.docx}\n"
    project.write_text(text, encoding="utf-8")

    _prepared, written = build(project, formats=("docx",))
    doc = Document(str(written["docx"]))
    paras = [p.text for p in doc.paragraphs]
    # the appendix gets the next number after the two built-in self-evaluation tables
    assert "三、2022年度部门整体绩效评价报告" in paras
    i = paras.index("三、2022年度部门整体绩效评价报告")
    # its heading is a heading, flush left like the two 自评表 headings before it
    heading = doc.paragraphs[i]
    assert (heading.style.name, heading.paragraph_format.first_line_indent) == ("小标题", 0)
    one = doc.paragraphs[paras.index("一、2022年度武汉市江汉区人民政府办公室整体绩效自评表")]
    assert (one.style.name, one.paragraph_format.first_line_indent) == ("小标题", 0)
    assert "2022年度部门整体绩效评价报告" in paras[i + 1:]
    assert "一、自评结论：得分99.97分，等级为优。" in paras[i + 1:]
    assert any(t.cell(1, 1).text == "调查研究工作经费" for t in doc.tables)
    # 第四部分 from a .docx comes right after its heading
    j = len(paras) - 1 - paras[::-1].index("第四部分 2022年重点工作完成情况")   # the body heading, not the 目录
    assert "一是完成重点工作；二是提升服务质量。" in paras[j + 1:j + 4]


def test_missing_appendix_is_a_clear_error(tmp_path):
    from click.testing import CliRunner

    from reportgen.cli import main

    project = copy_example(tmp_path)
    project.write_text(project.read_text(encoding="utf-8")
                       + "\nattachments:\n  - {title: 附件, path: nowhere.docx}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(project)])
    assert result.exit_code == 2
    assert "找不到要插入的 Word 文件" in result.output and "nowhere.docx" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.docx"))


def test_inserted_docx_paragraphs_take_the_body_style(tmp_path):
    """A clerk's .docx is typed in its own Normal (no first-line indent): its plain paragraphs read
    like the body (style 正文, indented two characters); a heading, a centred title, an empty line and
    the text of a table keep what the clerk gave them."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from reportgen.build import build

    project = copy_example(tmp_path)
    doc = Document()
    doc.add_heading("一、抓好综合协调", level=2)
    doc.add_paragraph("区政府办公室党组牢牢把握政府机关首先是政治机关的政治属性。")
    doc.add_paragraph("")
    title = doc.add_paragraph("重点工作一览")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_table(rows=1, cols=1).cell(0, 0).text = "调查研究工作"
    doc.save(tmp_path / "part4.docx")
    text = project.read_text(encoding="utf-8")
    project.write_text(text.replace("  part4:\n", "  part4:\n    docx: part4.docx\n", 1), encoding="utf-8")

    _prepared, written = build(project, formats=("docx",))
    out = Document(str(written["docx"]))
    styles = {p.text: p.style.name for p in out.paragraphs}
    assert styles["区政府办公室党组牢牢把握政府机关首先是政治机关的政治属性。"] == "正文"
    assert styles["一、抓好综合协调"] == "Heading 2"
    assert styles["重点工作一览"] == "Normal"
    cell = next(t.cell(0, 0) for t in out.tables if t.cell(0, 0).text == "调查研究工作")
    assert cell.paragraphs[0].style.name == "Normal"
    # the body style is the one with the two-character first-line indent (16 pt text)
    assert out.styles["正文"].paragraph_format.first_line_indent.pt == 32
