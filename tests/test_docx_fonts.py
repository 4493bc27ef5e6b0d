"""The rendered .docx declares Windows fallbacks for the fonts of Chinese official documents."""
from __future__ import annotations

import re
import zipfile


def test_font_table_names_a_fallback_for_each_template_font(jianghan_docx):
    xml = zipfile.ZipFile(jianghan_docx).read("word/fontTable.xml").decode("utf-8")
    fonts = dict(re.findall(r'<w:font w:name="([^"]+)"><w:altName w:val="([^"]+)"/><w:charset w:val="86"/>', xml))
    assert fonts["仿宋_GB2312"] == "仿宋"
    assert fonts["楷体_GB2312"] == "楷体"
    assert fonts["方正小标宋简体"] == "宋体"
    assert fonts["黑体"] == "SimHei"
    assert fonts["宋体"] == "SimSun"


def test_styles_use_the_official_document_fonts(jianghan_docx):
    styles = zipfile.ZipFile(jianghan_docx).read("word/styles.xml").decode("utf-8")

    def east_asia(style_name):
        block = re.search(r'<w:style [^>]*>\s*<w:name w:val="%s"/>.*?</w:style>' % re.escape(style_name), styles, re.S)
        assert block, style_name
        return re.search(r'w:eastAsia="([^"]+)"', block.group(0)).group(1)

    assert east_asia("Normal") == "仿宋_GB2312"        # body
    assert east_asia("heading 1") == "黑体"            # part titles
    assert east_asia("封面标题") == "方正小标宋简体"     # cover
    assert east_asia("表格文字") == "宋体"              # tables
