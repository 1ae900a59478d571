"""The message catalogs outside the code (`mpptool/messages/<lang>.toml`): complete, and used."""

from __future__ import annotations

import os

from helpers import assert_no_traceback, run_mpptool

from mpptool.loaders.messages import LANGUAGES, rule_summaries
from mpptool.rules import registry


def test_every_rule_has_a_summary_in_every_language() -> None:
    codes = set(registry())
    for lang in LANGUAGES:
        if lang == "en":
            continue  # English is each rule's own summary, written beside it
        said = rule_summaries(lang)
        assert set(said) == codes, (lang, sorted(codes ^ set(said)))
        for code, text in said.items():
            assert text.endswith(".") and text[0].isupper() and text != registry()[code].summary, (lang, code)


def test_rules_speak_the_language_asked_for() -> None:
    listed = run_mpptool("rules", "--lang", "id")
    assert listed.returncode == 0 and "A001  agency-on-paper" in listed.stdout  # codes and names do not change
    assert "Instansi menawarkan layanan gerai tetapi tidak menempati gerai mana pun." in listed.stdout
    env = {**os.environ, "MPPTOOL_LANG": "id"}
    explained = run_mpptool("rules", "X001", env=env)
    assert explained.returncode == 0 and "Sel pada lembar kerja digabung" in explained.stdout
    english = run_mpptool("rules", "X001", "--lang", "en", env=env)  # the option wins over the environment
    assert "Cells of a workbook sheet are merged" in english.stdout
    wrong = run_mpptool("rules", env={**os.environ, "MPPTOOL_LANG": "fr"})
    assert wrong.returncode == 2 and "E002" in wrong.stderr and "MPPTOOL_LANG" in wrong.stderr
    assert_no_traceback(wrong)
