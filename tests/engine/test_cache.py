"""The validation cache: a warm run reports exactly what a cold run does, and never lies.

A changed file, another rule set or another configuration must never be answered from a
stale entry; a broken or foreign cache is a miss, not an error.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from helpers import BROKEN, VALID_MINIMAL

from mpptool.commands.validate import ValidateOptions, ValidationResult, run_validate
from mpptool.engine.cache import CACHE_FILE, OutcomeCache, package_files, run_key
from mpptool.engine.policy import Selection
from mpptool.rules import registry, validation_rules


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    folder = tmp_path / "catalog"
    shutil.copytree(BROKEN, folder)
    shutil.copy(VALID_MINIMAL, folder / "valid.yaml")
    return folder


def _run(catalog: Path, cache_dir: Path | None, **changes: object) -> ValidationResult:
    options = ValidateOptions(
        (str(catalog),), cache=cache_dir is not None, cache_dir=str(cache_dir) if cache_dir else None, isolated=True
    )
    for name, value in changes.items():
        options = options.__class__(**{**{f: getattr(options, f) for f in options.__slots__}, name: value})  # type: ignore[attr-defined]
    run = run_validate(options)
    assert run.notes == ()
    return run.result


def test_warm_run_equals_cold_run(catalog: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    uncached = _run(catalog, None)
    cold = _run(catalog, cache_dir)
    assert (cache_dir / CACHE_FILE).is_file()
    assert (cache_dir / ".gitignore").read_text(encoding="utf-8").endswith("*\n")
    stored = json.loads((cache_dir / CACHE_FILE).read_text(encoding="utf-8"))
    assert len(stored["files"]) >= 40
    warm = _run(catalog, cache_dir)
    assert cold == uncached
    assert warm == uncached
    assert len(warm.findings) > 40


def test_a_changed_file_is_checked_again(catalog: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    valid = catalog / "valid.yaml"
    assert not [f for f in _run(catalog, cache_dir).findings if f.file.endswith("valid.yaml")]
    valid.write_text(valid.read_text(encoding="utf-8").replace("total: 4", "total: 5"), encoding="utf-8")
    found = [f.code for f in _run(catalog, cache_dir).findings if f.file.endswith("valid.yaml")]
    assert "C002" in found


def test_configuration_changes_apply_to_cached_outcomes(catalog: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    codes = {f.code for f in _run(catalog, cache_dir).findings}
    assert "Y004" in codes
    narrowed = _run(catalog, cache_dir, selection=Selection(ignore=("Y004",)))
    assert "Y004" not in {f.code for f in narrowed.findings}


def test_a_corrupt_or_foreign_cache_is_a_miss(catalog: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    expected = _run(catalog, None)
    cache_dir.mkdir()
    for junk in ("{not json", '{"key": "other", "files": {}}', "[]", '{"key": null}'):
        (cache_dir / CACHE_FILE).write_text(junk, encoding="utf-8")
        assert _run(catalog, cache_dir) == expected
    key = run_key(validation_rules())
    display = str(catalog / "valid.yaml")
    content = (catalog / "valid.yaml").read_bytes()
    from mpptool.engine.cache import digest

    finding = ["C001", "warning", "m", 4, 21, "/declared", None, 4, 22]
    outcome = {"findings": [finding], "mpp": [None, None, None], "spans": {}, "ignore": [], "bad": []}
    hostile = [
        {**outcome, "findings": [[*finding[:2], ["a list"], *finding[3:]]]},  # a message that is not text
        {**outcome, "findings": [[*finding[:3], "4", *finding[4:]]]},  # a line that is not a number
        {**outcome, "findings": [[*finding[:3], True, *finding[4:]]]},
        {**outcome, "spans": []},
        {**outcome, "ignore": [[1, 1, [5], None]]},
        {**outcome, "ignore": [[1, 1, "C001", None]]},
        {**outcome, "mpp": [["x"], None, None]},
    ]
    entries: list[object] = [[digest(content), {"findings": [["bad"]]}], [digest(content)], "x"]
    entries += [[digest(content), bad] for bad in hostile]
    for entry in entries:
        (cache_dir / CACHE_FILE).write_text(json.dumps({"key": key, "files": {display: entry}}), encoding="utf-8")
        assert _run(catalog, cache_dir) == expected, entry
    stored = json.dumps({"key": key, "files": {display: [digest(content), hostile[0]]}}).replace('"m"', "NaN")
    (cache_dir / CACHE_FILE).write_text(stored, encoding="utf-8")
    assert _run(catalog, cache_dir) == expected


def test_the_key_changes_with_the_rules() -> None:
    assert run_key(validation_rules()) != run_key(registry())
    assert run_key(validation_rules()) == run_key(validation_rules())
    assert run_key(validation_rules(), 100) != run_key(validation_rules(), 5)  # outcomes depend on the cap


def test_the_key_covers_every_part_of_the_package() -> None:
    """Editing a loader, a rule or the schema in a checkout must miss: the key lists the whole package."""
    files = {relative for relative, _ in package_files()}
    expected = ("loaders/strict_yaml.py", "rules/operations.py", "engine/cache.py", "data/regions.csv")
    assert set(expected) <= files and "schemas/mpp-catalog-v1.schema.json" in files
    assert all(not relative.startswith("..") for relative in files)


def test_an_unwritable_cache_is_a_note_not_a_failure(catalog: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    options = ValidateOptions((str(catalog),), cache_dir=str(blocker / "cache"), isolated=True)
    run = run_validate(options)
    assert len(run.notes) == 1 and str(run.notes[0]).startswith("cache not written")
    assert run.result == _run(catalog, None)


def test_entries_of_deleted_files_are_dropped(catalog: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    _run(catalog, cache_dir)
    gone = catalog / "valid.yaml"
    os.unlink(gone)
    touched = next(catalog.glob("*.yaml"))
    touched.write_bytes(touched.read_bytes() + b"\n# touched\n")  # something to write the cache for
    _run(catalog, cache_dir)
    cache = OutcomeCache(str(cache_dir), run_key(validation_rules()))
    from mpptool.engine.cache import digest

    assert cache._entries, "the cache must hold the other files, or this test proves nothing"
    assert cache.lookup(str(gone), digest(VALID_MINIMAL.read_bytes())) is None


def test_the_cache_never_writes_through_a_symlink(catalog: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("secret", encoding="utf-8")
    (cache_dir / CACHE_FILE).symlink_to(victim)
    options = ValidateOptions((str(catalog),), cache_dir=str(cache_dir), isolated=True)
    run = run_validate(options)
    assert victim.read_text(encoding="utf-8") == "secret"
    assert run.notes and "is a symlink; refusing to write through it" in str(run.notes[0])
    assert not (cache_dir / ".gitignore").exists()  # only a folder mpptool made gets one


def test_a_config_cache_dir_must_stay_beside_the_config(tmp_path: Path) -> None:
    from mpptool.engine.config import Config
    from mpptool.engine.settings import cache_folder
    from mpptool.errors import UsageError

    base = str(tmp_path)
    assert cache_folder(None, Config(source=base + "/mpptool.toml", base=base, cache_dir="c")) == base + "/c"
    for bad in ("../elsewhere", "/tmp/x"):
        with pytest.raises(UsageError, match="leaves the folder of the configuration file"):
            cache_folder(None, Config(source=base + "/mpptool.toml", base=base, cache_dir=bad))
    assert cache_folder("/tmp/given", Config(cache_dir="../x")) == "/tmp/given"  # the command line is trusted


def test_a_cached_message_that_would_not_render_is_a_miss(catalog: Path, tmp_path: Path) -> None:
    """An edited entry must never reach a format: a Text whose template lacks its values, reaches
    into Python objects, or says other than the cached English is a miss, checked in every language."""
    from mpptool.engine.cache import digest

    cache_dir = tmp_path / "cache"
    cache_dir.mkdir()
    expected = _run(catalog, None)
    key = run_key(validation_rules())
    display = str(catalog / "valid.yaml")
    content = (catalog / "valid.yaml").read_bytes()
    row = ["C001", "warning", "m", 4, 21, "/declared", None, 4, 22, None]
    texts = [
        ["yaml.alias", "{anchor}", []],  # a value the template needs is missing
        ["", "{0}", []],
        ["", "{x.__class__}", [["x", "s", "m"]]],
        ["", "{x:Z}", [["x", "i", 1]]],
        ["", "not m", []],  # renders, but not as the cached English
        ["", "{x}", [["x", "q", "m"]]],  # an unknown value tag
    ]
    for text in texts:
        outcome = {"findings": [[*row, text]], "mpp": [None, None, None], "spans": {}, "ignore": [], "bad": []}
        stored = {"key": key, "files": {display: [digest(content), outcome]}}
        (cache_dir / CACHE_FILE).write_text(json.dumps(stored), encoding="utf-8")
        assert _run(catalog, cache_dir) == expected, text
    good = {
        "findings": [[*row, ["", "{x}", [["x", "s", "m"]]]]],
        "mpp": [None, None, None],
        "spans": {},
        "figures": None,
        "schedule": None,
    }
    stored = {"key": key, "files": {display: [digest(content), {**good, "ignore": [], "bad": []}]}}
    (cache_dir / CACHE_FILE).write_text(json.dumps(stored), encoding="utf-8")
    assert [f.message for f in _run(catalog, cache_dir).findings if f.file == display] == ["m"]  # a hit, proved
