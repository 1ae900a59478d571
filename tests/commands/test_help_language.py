"""`--help` speaks the language asked for: ``--lang id`` on the command line (after any command) or
``MPPTOOL_LANG=id``; English help stays the code's own, and reads no catalog to say it."""

from __future__ import annotations

import subprocess
import sys

import pytest
from helpers import assert_no_traceback, clean_env, run_mpptool

from mpptool.cli import _early_language
from mpptool.text.i18n import catalog

WIDE = {"COLUMNS": "400"}  # one line per help text, so a phrase is never split by wrapping

COMMANDS = {
    (): "app",
    ("validate",): "validate",
    ("audit",): "audit",
    ("activity",): "activity-app",
    ("activity", "check"): "activity-check",
    ("new",): "new",
    ("fix",): "fix",
    ("export",): "export",
    ("import",): "import",
    ("diff",): "diff",
    ("schema",): "schema",
    ("types",): "types",
    ("rules",): "rules",
    ("report",): "report",
}


def _help(*args: str, lang: str | None = None) -> str:
    run = run_mpptool(*args, "--help", env={**WIDE, "MPPTOOL_LANG": lang} if lang else WIDE)
    assert_no_traceback(run)
    assert run.returncode == 0 and run.stderr == "", run.describe()
    return run.stdout


@pytest.mark.parametrize("how", ["option", "environment"])
def test_validate_help_is_in_indonesian(how: str) -> None:
    said = _help("validate", "--lang", "id") if how == "option" else _help("validate", lang="id")
    for words in (
        "Memeriksa berkas MPP terhadap skema dan aturan semantik",
        "Berkas atau folder MPP (bawaan: ./catalog).",
        "Laporkan hanya kode aturan atau awalan kode ini",
        "Terapkan lebih dahulu perbaikan yang sudah pasti (seperti `mpptool fix`), lalu validasi.",
        "Bahasa label dan kalimat: en atau id",
    ):
        assert words in said, (words, said)
    for words in ("Check MPP files", "MPP files or folders", "Report only these rule codes", "First apply the fixes"):
        assert words not in said, (words, said)
    # option names, formats and Click's own words stay as they are
    for words in (
        "--select",
        "--show-source",
        "text, json, github, sarif, junit, markdown",
        "Show this message and exit.",
    ):
        assert words in said, (words, said)


def test_english_help_is_unchanged_by_the_way_it_is_asked_for() -> None:
    english = _help("validate")
    assert "Report only these rule codes or prefixes (comma-separated; replaces the config's)." in english
    assert "Check MPP files against the schema and the semantic rules" in english
    assert _help("validate", "--lang", "en") == english == _help("validate", lang="en")
    assert _help("validate", "--lang", "en", lang="id") == english  # the option wins over the environment
    assert _help("validate", "--lang", "fr") == english  # not a language mpptool speaks: English


@pytest.mark.parametrize("command", list(COMMANDS), ids=lambda args: " ".join(args) or "mpptool")
def test_every_command_says_its_help_in_indonesian(command: tuple[str, ...]) -> None:
    indonesian = catalog("id")[f"help.{COMMANDS[command]}"]
    said = _help(*command, lang="id")
    assert " ".join(indonesian.split()[:6]) in said, (indonesian, said)
    assert _help(*command) != said


@pytest.mark.parametrize(
    ("command", "words"),
    [("new", "Tempat berkas ditulis"), ("export", "Buku kerja yang ditulis (.xlsx)."), ("report", "Tulis ke FILE")],
)
def test_lang_on_the_command_line_is_the_help_language_for_every_command(command: str, words: str) -> None:
    # for `new` and `export` --lang is the language of the file made; for --help, of the help
    assert words in _help(command, "--lang", "id")
    assert _help(command, "--lang", "en", lang="id") == _help(command)


def test_the_help_language_counts_lang_after_any_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MPPTOOL_LANG", "id")
    assert _early_language(["new", "--lang", "en", "--help"], every_command=True) == "en"
    assert _early_language(["new", "--lang", "en", "--help"]) == "id"  # errors: new's --lang is the file's
    monkeypatch.delenv("MPPTOOL_LANG")
    assert _early_language(["export", "--lang=id", "--help"], every_command=True) == "id"
    assert _early_language(["schema", "--help"], every_command=True) == "en"


def test_english_reads_no_catalog_when_the_commands_are_made() -> None:
    check = "import mpptool.cli, mpptool.text.i18n as i; print(i._load.cache_info().currsize)"
    for env, loaded in (({}, "0"), ({"MPPTOOL_LANG": "id"}, "1")):
        done = subprocess.run(
            [sys.executable, "-c", check], env=clean_env(env), capture_output=True, text=True, check=True
        )
        assert done.stdout.strip() == loaded, (env, done.stdout, done.stderr)
