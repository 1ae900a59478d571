"""Message catalogs outside the code: `mpptool/messages/<lang>.toml`, one file per language a translator edits.

English is written beside each rule (`Rule.define`); another language's catalog maps rule codes
to their summaries (``[rules]``). Read once per process; a missing entry falls back to English,
and a test keeps every catalog complete.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from functools import cache
from importlib.resources import files as package_files
from types import MappingProxyType

LANGUAGES = ("en", "id")
"""Languages mpptool speaks; English is the code's own."""


@cache
def rule_summaries(lang: str) -> Mapping[str, str]:
    """Rule code -> summary in ``lang``; empty for English (the rules' own text is English)."""
    if lang == "en":
        return MappingProxyType({})
    with (package_files("mpptool") / "messages" / f"{lang}.toml").open("rb") as stream:
        data = tomllib.load(stream)
    rules = data.get("rules", {})
    return MappingProxyType({str(code): str(text) for code, text in rules.items()})
