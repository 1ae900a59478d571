"""The catalog's shared vocabulary: reading parsed data safely (:mod:`.access`), what state a
counter is in (:mod:`.state`) and the figures an audit or report is built on (:mod:`.figures`).

Pure functions over parsed YAML, with public names. Imports nothing of mpptool but itself and
:mod:`mpptool.errors`, so every layer above may use it and nothing here runs back up.
"""
