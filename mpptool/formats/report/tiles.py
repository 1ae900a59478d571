"""Indonesia's 38 provinces as a tile grid: one square each, placed by geography (west to east,
north to south), so a map needs no boundaries, no projection and no network.

Sumatra runs from Aceh (top left) down to Lampung; Java, Bali and Nusa Tenggara make the
bottom row; Kalimantan, Sulawesi, Maluku and the six provinces of Papua follow eastwards. A
tile is (column, row, short name): the short names are the ones the Indonesian press uses.
"""

from __future__ import annotations

from collections.abc import Mapping

COLUMNS = 16
ROWS = 7

TILES: Mapping[str, tuple[int, int, str]] = {
    "11": (0, 0, "Aceh"),
    "12": (1, 1, "Sumut"),
    "13": (1, 2, "Sumbar"),
    "14": (2, 1, "Riau"),
    "21": (3, 0, "Kepri"),
    "15": (2, 2, "Jambi"),
    "17": (2, 3, "Bengkulu"),
    "16": (3, 3, "Sumsel"),
    "19": (4, 2, "Babel"),
    "18": (3, 4, "Lampung"),
    "36": (3, 5, "Banten"),
    "31": (4, 5, "Jakarta"),
    "32": (5, 5, "Jabar"),
    "33": (6, 5, "Jateng"),
    "34": (6, 6, "DIY"),
    "35": (7, 5, "Jatim"),
    "51": (8, 5, "Bali"),
    "52": (9, 5, "NTB"),
    "53": (10, 5, "NTT"),
    "61": (5, 1, "Kalbar"),
    "62": (6, 1, "Kalteng"),
    "63": (7, 2, "Kalsel"),
    "64": (7, 1, "Kaltim"),
    "65": (7, 0, "Kaltara"),
    "71": (10, 0, "Sulut"),
    "75": (9, 0, "Gorontalo"),
    "72": (9, 1, "Sulteng"),
    "76": (8, 2, "Sulbar"),
    "73": (8, 3, "Sulsel"),
    "74": (9, 2, "Sultra"),
    "82": (11, 0, "Malut"),
    "81": (11, 2, "Maluku"),
    "96": (12, 1, "PBD"),
    "92": (13, 1, "Pabar"),
    "94": (14, 2, "Papteng"),
    "91": (15, 1, "Papua"),
    "95": (15, 2, "Pappeg"),
    "93": (15, 3, "Papsel"),
}
"""Province code -> (column, row, short name); 38 tiles, no two on one square."""
