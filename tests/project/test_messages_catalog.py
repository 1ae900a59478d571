"""The message catalogs outside the code (`mpptool/messages/<lang>.toml`): complete, and used."""

from __future__ import annotations

import os
import shutil
import string
from pathlib import Path

from helpers import REPO, assert_no_traceback, run_mpptool

import mpptool
from mpptool.rules import registry
from mpptool.text.i18n import DESCRIPTIONS, LANGUAGES, Text, catalog, msg, rule_fixes, rule_rationales, rule_summaries


def test_every_rule_has_a_summary_in_every_language() -> None:
    codes = set(registry())
    for lang in LANGUAGES:
        if lang == "en":
            continue  # English is each rule's own summary, written beside it
        said = rule_summaries(lang)
        assert set(said) == codes, (lang, sorted(codes ^ set(said)))
        for code, text in said.items():
            assert text.endswith(".") and text[0].isupper() and text != registry()[code].summary, (lang, code)


def test_every_rationale_and_fix_description_is_in_every_language() -> None:
    rules = registry()
    with_rationale = {code for code, rule in rules.items() if rule.rationale}
    fixable = {code for code, rule in rules.items() if rule.fix is not None}
    assert len(with_rationale) > 50 and fixable >= {"S003", "S004", "Y010"}  # the registry is read
    for lang in LANGUAGES:
        if lang == "en":
            assert rule_rationales(lang) == {} and rule_fixes(lang) == {}  # English is each rule's own
            continue
        rationales, fixes = rule_rationales(lang), rule_fixes(lang)
        assert set(rationales) == with_rationale, (lang, sorted(with_rationale ^ set(rationales)))
        assert set(fixes) == fixable, (lang, sorted(fixable ^ set(fixes)))
        for code, text in rationales.items():
            english = rules[code].rationale
            paragraphs = text.split("\n\n")
            assert all(p and p == " ".join(p.split()) for p in paragraphs), (lang, code)  # prose, one line each
            assert len(paragraphs) == len(english.split("\n\n")), (lang, code, "paragraphs")
            assert text != english and (text[0].isupper() or text[0] == english[0]) and text.endswith("."), (lang, code)
            # codes and code spans are the same in every language
            assert _spans(text) == _spans(english), (lang, code)
        for code, text in fixes.items():
            assert text and text != rules[code].fix and not text.endswith("."), (lang, code)  # "...: {fix}."


def _spans(text: str) -> list[str]:
    """The code spans and rule codes of a text, in order."""
    import re

    return re.findall(r"`[^`]*`|\b[ACFILMSVXY]\d{3}\b", text)


def test_a_rule_is_explained_in_the_language_asked_for() -> None:
    english = run_mpptool("rules", "A002")
    said = run_mpptool("rules", "A002", "--lang", "id")
    assert english.returncode == said.returncode == 0
    assert said.stdout.startswith("A002 counter-empty (error)\n")  # code, name and severity stay
    for words in (
        "Hanya diperiksa oleh `mpptool audit`",
        "Gerai kosong adalah kekurangan yang paling sering ditemukan",
        "Gagal: ",
        "Lolos: ",
        "dilaporkan pada baris ",
        "Untuk membungkamnya: `# mpptool: ignore[A002]`",
    ):
        assert words in said.stdout, words
    for words in ("Checked by", "The empty counter", "Fails:", "Passes:", "reported at", "To silence it"):
        assert words not in said.stdout, words
    # English is the rules' own text, byte for byte what the code says
    from mpptool.formats.rules.text import explain
    from mpptool.rules.examples import examples

    assert english.stdout == explain(registry()["A002"], examples("A002"))
    assert "An empty counter is the fault reports find most" in english.stdout
    assert english.stdout == run_mpptool("rules", "A002", "--lang", "en").stdout
    fixable = run_mpptool("rules", "S004", "--lang", "id")
    assert "Dapat diperbaiki dengan `mpptool fix`: hari yang ditulis dalam bahasa Indonesia" in fixable.stdout
    listed = run_mpptool("rules", "S", "--lang", "id")
    assert "S004  value-not-allowed" in listed.stdout and listed.stdout.count("[dapat diperbaiki]") == 2


def test_the_explanations_words_are_said_in_every_language() -> None:
    from mpptool.formats.rules.text import explain
    from mpptool.rules.examples import examples

    for code, rule in registry().items():
        said = explain(
            rule,
            examples(code),
            rule_summaries("id"),
            rationales=rule_rationales("id"),
            fixes=rule_fixes("id"),
            lang="id",
        )
        # the examples' own words (names, situations) are catalog text and stay as written
        for english in (
            "\nFails: ",
            "\nPasses: ",
            "\nTo silence it",
            "silenced: it means",
            "\n  reported ",
            "(read with",
        ):
            assert english not in said, (code, english)
        flat = " ".join(said.split())  # the prose as said, unwrapped
        assert all(paragraph in flat for paragraph in rule_rationales("id")[code].split("\n\n")), code


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


def _said_in_code() -> dict[str, set[str]]:
    """Every ``msg("KEY", "English", ...)`` in the package: key -> its English templates."""
    return {key: {english for english, _ in said} for key, said in _calls().items()}


def _calls() -> dict[str, set[tuple[str, frozenset[str]]]]:
    """Every ``msg("KEY", "English", name=...)``: key -> (English, the names it is filled with)."""
    import ast
    from pathlib import Path

    said: dict[str, set[tuple[str, frozenset[str]]]] = {}
    for path in sorted(Path(mpptool.__file__).parent.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "msg":
                key, english = node.args[:2]
                assert isinstance(key, ast.Constant) and isinstance(english, ast.Constant), (path, node.lineno)
                names = frozenset("**" if word.arg is None else word.arg for word in node.keywords)
                said.setdefault(str(key.value), set()).add((str(english.value), names))
    return said


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def test_every_message_is_in_every_catalog_with_the_same_placeholders() -> None:
    said = _said_in_code()
    assert len(said) > 30  # the scan finds the messages (a broken scan must not pass as complete)
    for key, english in said.items():
        assert len(english) == 1, (key, english)  # one key, one sentence
    for lang in LANGUAGES:
        if lang == "en":
            continue
        translated = {k: v for k, v in catalog(lang).items() if not k.startswith(f"{DESCRIPTIONS}.")}
        assert set(said) - set(translated) == set(), (lang, "untranslated", sorted(set(said) - set(translated)))
        assert set(translated) - set(said) == set(), (lang, "said nowhere", sorted(set(translated) - set(said)))
        for key, calls in _calls().items():
            for english, names in calls:
                if "**" in names:
                    continue  # filled from a mapping (`**values`): the names are known only when it runs
                # the English says every value but extra ones a language may need (`numbers` beside
                # English ordinals); a translation uses only values the code gives
                assert _fields(english) <= names and _fields(translated[key]) <= names, (lang, key)
                assert len(names - _fields(english) - _fields(translated[key])) == 0, (lang, key, "unused value")


def test_a_message_renders_numbers_and_dates_in_the_language_asked_for() -> None:
    import datetime as dt

    text = msg("A010.low", "x", visitors=1867, start=dt.date(2024, 3, 4), end=dt.date(2024, 3, 5), rate=8.75)
    assert Text("", "{n} {d} {r}", (("n", 1867), ("d", dt.date(2024, 3, 4)), ("r", 1867.5))).render("id") == (
        "1.867 4 Maret 2024 1.867,5"
    )
    assert Text("", "{n} {d} {r}", (("n", 1867), ("d", dt.date(2024, 3, 4)), ("r", 1867.5))).render("en") == (
        "1,867 2024-03-04 1,867.5"
    )
    assert Text.from_data(text.as_data()) == text  # the cache keeps a message whole


def test_validate_and_audit_speak_indonesian_and_keep_codes_and_keys() -> None:
    import json

    english = run_mpptool("audit", "catalog", "--as-of", "2025-10-31", "--format", "json")
    said = run_mpptool("audit", "catalog", "--as-of", "2025-10-31", "--format", "json", "--lang", "id")
    assert english.returncode == said.returncode
    en, id_ = json.loads(english.stdout), json.loads(said.stdout)
    strip = [{k: v for k, v in f.items() if k != "message"} for f in en["findings"]]
    assert strip == [{k: v for k, v in f.items() if k != "message"} for f in id_["findings"]]  # only words change
    assert en["mpps"] == id_["mpps"] and en["summary"] == id_["summary"]
    messages = {f["code"]: f["message"] for f in id_["findings"]}
    assert messages["A002"].startswith("gerai `") and "minta instansinya" in messages["A002"]
    text = run_mpptool("audit", "catalog", "--as-of", "2025-10-31", env={**os.environ, "MPPTOOL_LANG": "id"})
    assert "Audit MPP per 31 Oktober 2025" in text.stdout and "1.867 pengunjung" in text.stdout
    assert "error   A001 catalog/kab-cirebon.yaml:105:5: instansi `imigrasi-cirebon`" in text.stdout
    table = run_mpptool("audit", "catalog", "--as-of", "2025-10-31", "--format", "csv", "--lang", "id")
    header = "tingkat,kode,aturan,mpp,berkas,baris,kolom,baris_akhir,kolom_akhir,pointer,pesan,sel"
    assert table.stdout.startswith(header)
    checked = run_mpptool("validate", "examples/broken.yaml", "--lang", "id", "--format", "text")
    assert checked.returncode == 1 and checked.stdout.endswith("1 berkas diperiksa: 4 galat, 0 peringatan\n")
    wrong = run_mpptool("validate", "catalog", "--lang", "fr")
    assert wrong.returncode == 2 and "E002" in wrong.stderr
    assert_no_traceback(wrong)


def test_the_configuration_sets_the_language_and_the_option_wins(tmp_path: Path) -> None:
    (tmp_path / "catalog").mkdir()
    shutil.copy(REPO / "catalog" / "kota-cirebon.yaml", tmp_path / "catalog")
    (tmp_path / "mpptool.toml").write_text('lang = "id"\n', encoding="utf-8")
    said = run_mpptool("validate", "catalog", cwd=tmp_path)
    assert said.returncode == 0 and said.stdout == "1 berkas diperiksa: 0 galat, 0 peringatan\n"
    english = run_mpptool("validate", "catalog", "--lang", "en", cwd=tmp_path)
    assert english.stdout == "1 file checked: 0 errors, 0 warnings\n"
    (tmp_path / "mpptool.toml").write_text('lang = "fr"\n', encoding="utf-8")
    wrong = run_mpptool("validate", "catalog", cwd=tmp_path)
    assert wrong.returncode == 2 and "E008" in wrong.stderr and "mpptool.toml:1:1: lang:" in wrong.stderr
    assert_no_traceback(wrong)


def _schema_descriptions() -> set[str]:
    import json

    found: set[str] = set()
    stack: list[object] = [json.loads((REPO / "mpptool" / "schemas" / "mpp-catalog-v1.schema.json").read_text())]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if isinstance(node.get("description"), str):
                found.add(node["description"])
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


def test_every_schema_description_is_translated_and_said_as_a_hint() -> None:
    """The schema's descriptions are quoted in S001/S005 hints: each has its Indonesian, none extra."""
    descriptions = _schema_descriptions()
    assert len(descriptions) > 50
    translated = {k[len(DESCRIPTIONS) + 1 :] for k in catalog("id") if k.startswith(f"{DESCRIPTIONS}.")}
    assert translated == descriptions, sorted(translated ^ descriptions)[:5]
    closing = run_mpptool("validate", "tests/broken/hours-reversed.yaml", "--lang", "id", cwd=REPO)
    missing = run_mpptool("validate", "tests/broken/missing-required.yaml", "--lang", "id", cwd=REPO)
    said = closing.stdout + missing.stdout
    assert ": diharapkan " in said and ": expected " not in said
