"""The suite is laid out like the package (tests/<area>/); what the areas share lives here.

``helpers.py`` (running mpptool, comparing goldens) and the data folders (``broken/``,
``fixtures/``, ``golden/``, ``data/``) stay at the top of tests/, and this folder is put on
the import path so every area imports ``helpers`` the same way. Test file names are unique
across areas: pytest imports them by their base name.
"""

from __future__ import annotations

import sys
from pathlib import Path

TESTS = str(Path(__file__).resolve().parent)
if TESTS not in sys.path:
    sys.path.insert(0, TESTS)
