"""Text on its way to a person: escaping for each medium (:mod:`.safe`), plurals and ordinals
(:mod:`.words`), look-alike characters (:mod:`.lookalikes`).

Knows nothing of catalogs; imports nothing of mpptool but itself and :mod:`mpptool.errors`.
"""
