"""`audit` output: one module per format (text, json, markdown, csv), each
``render(result, style) -> str``; :mod:`.view` holds what text and Markdown lay out alike.
May import: formats.shared, commands and below; no other family.
"""
