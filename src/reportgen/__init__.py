"""reportgen: 部门预算/决算公开文档生成器.

Finance staff keep the figures in an Excel workbook and the texts in a YAML project file;
reportgen reads both, computes every total and every narrative figure in one place, checks
them, and renders the complete disclosure as .docx, .xlsx and PDF.

Pipeline, in one direction only: read → model → compute → check → render.
"""

__version__ = "0.1.0"
