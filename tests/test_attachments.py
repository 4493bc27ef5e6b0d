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
