"""`rules` output: the listing and one rule explained (:mod:`.text`).
May import: formats.shared, commands and below; no other family.
"""
