"""Default Word templates, installed as the package ``reportgen.templates`` (see setup.cfg).

This file only makes the folder an importable package so the templates are found wherever
reportgen is installed; copy a kind's folder to adapt it to a district's house style.
"""
