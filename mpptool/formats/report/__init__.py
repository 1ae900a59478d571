"""`report` output: one module per format (markdown, html, json, csv), each
``render(report, style) -> str``; :mod:`.view` and :mod:`.charts` are shared by Markdown and
HTML, :mod:`.i18n` holds the words in English and Indonesian.
May import: formats.shared, commands and below; no other family.
"""
