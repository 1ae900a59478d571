"""Usage errors and notes on stderr speak the language of the run: ``--lang`` (even while the
options are being parsed), else ``MPPTOOL_LANG``, else English, which stays as it was."""

from __future__ import annotations

import os

import pytest
from helpers import VALID_MINIMAL, assert_no_traceback, run_mpptool

from mpptool.cli import _early_language
from mpptool.errors import UsageError
from mpptool.text.i18n import msg

EXPORT = "examples/broken-queue-export.csv"


def _error(*args: str, lang: str | None = None) -> str:
    env = {**os.environ, "MPPTOOL_LANG": lang} if lang else None
    run = run_mpptool(*args, env=env)
    assert_no_traceback(run)
    assert run.returncode == 2 and run.stdout == "", run.describe()
    return run.stderr


E002 = ("validate", str(VALID_MINIMAL), "--strict", "--exit-zero")
E004 = ("audit", "catalog", "--mpp", "kab-cirebom")


@pytest.mark.parametrize("how", ["option", "environment"])
def test_an_e002_error_is_said_in_indonesian(how: str) -> None:
    said = _error(*E002, "--lang", "id") if how == "option" else _error(*E002, lang="id")
    assert said == "mpptool: error [E002]: --strict dan --exit-zero tidak dapat digabungkan: pilih salah satu\n"


def test_an_e002_error_stays_english_without_a_language() -> None:
    assert _error(*E002) == "mpptool: error [E002]: --strict and --exit-zero do not combine: choose one\n"
    assert _error(*E002, "--lang=en", lang="id") == _error(*E002)


@pytest.mark.parametrize("how", ["option", "environment"])
def test_an_e004_error_is_said_in_indonesian(how: str) -> None:
    said = _error(*E004, "--lang=id") if how == "option" else _error(*E004, lang="id")
    assert said.startswith("mpptool: error [E004]: --mpp: tidak ada MPP dengan ID 'kab-cirebom' dalam katalog: ")
    assert said.endswith(": mungkin maksudnya kab-cirebon, kota-cirebon?\n")


def test_an_e004_error_stays_english() -> None:
    said = _error(*E004)
    assert said.startswith("mpptool: error [E004]: --mpp: no MPP with id 'kab-cirebom' in the catalog: did you mean")


def test_an_e008_error_is_said_in_the_language_asked_for(tmp_path: os.PathLike[str]) -> None:
    missing = os.path.join(tmp_path, "nowhere.toml")
    args = ("validate", str(VALID_MINIMAL), "--config", missing)
    assert _error(*args) == f"mpptool: error [E008]: --config: {missing} is not a file\n"
    assert _error(*args, "--lang", "id") == f"mpptool: error [E008]: --config: {missing} bukan berkas\n"
    assert _error(*args, lang="id") == f"mpptool: error [E008]: --config: {missing} bukan berkas\n"


def test_an_error_while_parsing_options_speaks_the_language_too() -> None:
    said = _error("audit", "catalog", "--format", "nope", "--lang", "id")
    assert said.startswith("mpptool: error [E002]: --format: nilai 'nope' tidak dikenal; pilih salah satu dari: ")


def test_an_unknown_language_is_an_english_e002() -> None:
    said = _error("validate", str(VALID_MINIMAL), "--lang", "fr", lang="id")
    assert said == "mpptool: error [E002]: --lang: unknown value 'fr'; choose one of: en, id\n"


@pytest.mark.parametrize("how", ["option", "environment", "english"])
def test_the_log_rows_note_is_said_in_the_language_of_the_run(how: str) -> None:
    args = ("activity", "check", EXPORT, "--catalog", "catalog", "--format", "json")
    extra = ("--lang", "id") if how == "option" else ()
    env = {**os.environ, "MPPTOOL_LANG": "id"} if how == "environment" else None
    run = run_mpptool(*args, *extra, env=env, timeout=60)
    assert_no_traceback(run)
    assert run.returncode == 1, run.describe()
    if how == "english":
        assert "mpptool: note: 13 log row(s) read, 2 usable, 11 left out\n" in run.stderr
    else:
        assert "mpptool: note: 13 baris log dibaca, 2 dapat dipakai, 11 tidak dipakai\n" in run.stderr


def test_the_early_language() -> None:
    assert _early_language(["validate", "--lang", "id"]) == "id"
    assert _early_language(["validate", "--lang=id"]) == "id"
    assert _early_language(["validate", "--lang", "fr"]) == "en"
    assert _early_language(["validate", "--", "--lang", "id"]) in ("en", os.environ.get("MPPTOOL_LANG", "en"))
    assert _early_language(["new", "--lang", "id"]) in ("en", os.environ.get("MPPTOOL_LANG", "en"))


def test_a_usage_error_is_english_as_a_string() -> None:
    error = UsageError(msg("errors.strict-exit-zero", "--strict and --exit-zero do not combine: choose one"), "E002")
    assert str(error) == "--strict and --exit-zero do not combine: choose one"
    assert error.say("id") == "--strict dan --exit-zero tidak dapat digabungkan: pilih salah satu"
    assert UsageError("plain").say("id") == "plain"
