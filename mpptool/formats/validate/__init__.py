"""`validate` output: one module per format (text, json, github, sarif, junit, markdown), each
``render(result, style) -> str``. May import: formats.shared, commands and below; no other family.
"""
