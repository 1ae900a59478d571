"""The strict loader: typing as the format fixes it, strictness, positions, safety limits."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
import yaml

from mpptool.loaders import strict_yaml as yamlload
from mpptool.loaders.files import decode
from mpptool.loaders.locate import Locator
from mpptool.loaders.strict_yaml import MAX_DEPTH, PROBLEMS_PER_CODE, parse_yaml, plain_scalar


@pytest.mark.parametrize(
    ("text", "value", "ambiguity"),
    [
        ("32.09", 32.09, None),
        ("32.10", 32.1, None),
        ("37", 37, None),
        ("-5", -5, None),
        ("true", True, None),
        ("False", False, None),
        ("yes", True, "boolean"),
        ("no", False, "boolean"),
        ("on", True, "boolean"),
        ("N", False, "boolean"),
        ("~", None, None),
        ("null", None, None),
        ("010", "010", "number"),
        ("0o17", "0o17", "number"),
        ("0x1F", "0x1F", "number"),
        ("1_000", "1_000", "number"),
        ("1:30", "1:30", "number"),
        (".inf", ".inf", "number"),
        ("08:00", "08:00", None),
        ("2023-07", "2023-07", None),
        ("2024-02-29", "2024-02-29", None),
        ("SP4N-LAPOR!", "SP4N-LAPOR!", None),
        ("A01", "A01", None),
    ],
)
def test_plain_scalars_are_typed_as_the_format_says(text: str, value: object, ambiguity: str | None) -> None:
    assert plain_scalar(text) == (value, ambiguity)


def test_dates_and_times_stay_text() -> None:
    loaded = parse_yaml('opened: 2023-07-13\nopen: "08:00"\nnoon: 12:00\n')
    assert loaded.data == {"opened": "2023-07-13", "open": "08:00", "noon": "12:00"}
    # 12:00 stays text for us, but YAML 1.1 reads it as 720: it is flagged so it gets quoted
    assert [(p.code, p.line) for p in loaded.problems] == [("Y010", 3)]


def test_quoted_scalars_are_always_text() -> None:
    loaded = parse_yaml("a: 'no'\nb: \"32.10\"\nc: |\n  010\n")
    assert loaded.data == {"a": "no", "b": "32.10", "c": "010\n"}


def test_duplicate_key_reports_both_lines() -> None:
    loaded = parse_yaml("mpp:\n  id: a\n  name: x\n  id: b\n")
    (problem,) = loaded.problems
    assert (problem.code, problem.line, problem.column, problem.pointer) == ("Y004", 4, 3, "/mpp/id")
    assert "first at line 2" in str(problem.message)


def test_non_string_keys_are_rejected() -> None:
    codes = {(p.code, p.line) for p in parse_yaml("1: a\nyes: b\nnull: c\n? [x]\n: d\n").problems}
    assert codes == {("Y005", 1), ("Y005", 2), ("Y005", 3), ("Y005", 4)}


def test_billion_laughs_is_rejected_without_expansion() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 30)]
    started = time.perf_counter()
    loaded = parse_yaml("\n".join(lines) + "\n")
    assert time.perf_counter() - started < 5  # generous: it is milliseconds; expansion would never end
    assert {problem.code for problem in loaded.problems} == {"Y006"}
    assert loaded.problems[0].line == 2


def test_tags_are_rejected() -> None:
    problems = parse_yaml("a: !!python/object:os.system x\nb: !custom text\n").problems
    assert [(p.code, p.line) for p in problems] == [("Y007", 1), ("Y007", 2)]


def test_nesting_limit_in_flow_and_block() -> None:
    deep_flow = "a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n"
    assert [p.code for p in parse_yaml(deep_flow).problems] == ["Y009"]
    block = "".join("  " * level + f"k{level}:\n" for level in range(MAX_DEPTH + 3)) + "  " * (MAX_DEPTH + 3) + "v: 1\n"
    assert "Y009" in {p.code for p in parse_yaml(block).problems}


@pytest.mark.parametrize("bounded", [True, False], ids=["libyaml-bounds-nesting", "measured-first"])
def test_pathological_nesting_does_not_crash_the_process(monkeypatch: pytest.MonkeyPatch, bounded: bool) -> None:
    # libyaml before 0.2.6 recurses in C while composing; 200k levels would overflow the C stack,
    # so such builds measure files first. Both paths give the same Y009 at the same place.
    monkeypatch.setattr(yamlload, "LIBYAML_BOUNDS_NESTING", bounded)
    for text in ("a: " + "[" * 200_000, "- " * 3_000 + "x", "a: " + "{a: " * 2_000):
        loaded = parse_yaml(text)
        assert [(p.code, p.line) for p in loaded.problems] == [("Y009", 1)], text[:20]
        assert loaded.problems[0].column in (35, 65, 128)


class _RefusingParser:
    """Stands in for a libyaml that refuses nesting past ``limit`` levels with words of its own.

    Like libyaml's scanner, it reads ahead (``lag`` events) before the parser hands events out,
    so the refusal comes before the deep events are seen; at the end of the text (or at another
    error) what was read ahead is handed out first.
    """

    def __init__(self, real: Any, limit: int, lag: int = 5000) -> None:
        self.real, self.limit, self.lag = real, limit, lag

    def __call__(self, text: str, Loader: Any) -> Iterator[Any]:
        depth = 0
        ahead: list[Any] = []
        try:
            for event in self.real(text, Loader=Loader):
                if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                    depth += 1
                    if depth >= self.limit:
                        raise _Refused("while doing something", None, "zu tief", event.start_mark)
                elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                    depth -= 1
                ahead.append(event)
                if len(ahead) > self.lag:
                    yield ahead.pop(0)
        except _Refused:
            raise
        except yaml.YAMLError:
            yield from ahead
            raise
        yield from ahead


class _Refused(yaml.scanner.ScannerError):
    pass


@pytest.mark.parametrize("limit", [34, 40, 1000])
@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 3000,
        "a: " + "[" * 100 + "]" * 100 + "\n",
        "".join("  " * level + f"k{level}:\n" for level in range(120)) + "  " * 120 + "v: 1\n",
    ],
    ids=["unclosed-flow", "closed-flow", "block"],
)
def test_any_parser_refusing_deep_nesting_is_y009(monkeypatch: pytest.MonkeyPatch, limit: int, text: str) -> None:
    # PyYAML 6.0.4's libyaml refuses at 1,000 levels with a scanner error; older builds crash while
    # composing; a future one may refuse elsewhere with other words. Every way is Y009, at level 33.
    monkeypatch.setattr(yamlload.yaml, "parse", _RefusingParser(yaml.parse, limit))
    problems = parse_yaml(text).problems
    assert [p.code for p in problems] == ["Y009"]


def test_a_syntax_error_near_deep_brackets_is_still_a_syntax_error() -> None:
    loaded = parse_yaml("a: [" + "x, " * 300 + "@]\n")
    assert [p.code for p in loaded.problems] == ["Y001"]


def test_multiple_documents() -> None:
    (problem,) = parse_yaml("a: 1\n---\nb: 2\n").problems
    assert (problem.code, problem.line) == ("Y008", 2)


def test_control_characters_are_located() -> None:
    (problem,) = parse_yaml("a: 1\nb: x\x07y\n").problems
    assert (problem.code, problem.line, problem.column) == ("Y002", 2, 5)


def test_control_characters_after_multibyte_text_are_located_by_character() -> None:
    (problem,) = parse_yaml('mpp:\n  name: "Kantor Ñandú \x01 x"\nb: 😀\x07\n').problems
    assert (problem.code, problem.line, problem.column) == ("Y002", 2, 23)
    (problem,) = parse_yaml("a: Ñ\nb: 😀é\x07\n").problems  # 4-byte and 2-byte characters before it
    assert (problem.code, problem.line, problem.column) == ("Y002", 2, 6)


def test_invalid_utf8_is_located() -> None:
    text, bad = decode(b"a: 1\nname: Caf" + b"\xe9\n")
    assert text is None and bad is not None
    assert bad[:2] == (2, 10)


def test_bom_is_accepted() -> None:
    text, bad = decode("\ufeffa: 1\n".encode())
    assert (text, bad) == ("a: 1\n", None)


def test_positions_of_values_keys_and_items() -> None:
    text = "mpp:\n  id: kab-x\n  region: 32.10\nlist:\n  - {a: 1}\n  - b\n"
    loaded = parse_yaml(text)
    locator = Locator(loaded.root)
    assert (locator.span("/mpp/region").line, locator.span("/mpp/region").column) == (3, 11)
    assert (locator.span("/mpp/region", at_key=True).line, locator.span("/mpp/region", at_key=True).column) == (3, 3)
    assert (locator.span("/list/1").line, locator.span("/list/1").column) == (6, 5)
    assert locator.source_text("/mpp/region") == "32.10"
    # a pointer to something missing lands on its deepest existing ancestor
    assert locator.span("/mpp/name").line == 2


def test_non_ascii_columns_count_characters() -> None:
    loaded = parse_yaml("nama: Dinas Pemuda — Olahraga\nx: [é, 32.10]\n")
    span = Locator(loaded.root).span("/x/1")
    assert (span.line, span.column) == (2, 8)


@pytest.mark.parametrize("text", ["", "   \n", "# only a comment\n"])
def test_empty_documents(text: str) -> None:
    assert [p.code for p in parse_yaml(text).problems] == ["Y011"]


def test_many_duplicate_keys_take_linear_time() -> None:
    # Each duplicate's first occurrence is 50,000 keys back: rescanning the mapping for it, as
    # the loader once did, takes minutes; remembering the first key node takes milliseconds.
    keys = "".join(f"k{i}:\n" for i in range(50_000))
    started = time.perf_counter()
    loaded = parse_yaml(keys + keys)
    assert time.perf_counter() - started < 5  # generous: about a second, most of it libyaml composing
    problems = loaded.problems
    assert len(problems) == PROBLEMS_PER_CODE  # the rest are counted, not kept: memory stays bounded
    assert loaded.overflow == {"Y004": 50_000 - PROBLEMS_PER_CODE}
    assert {problem.code for problem in problems} == {"Y004"}
    last = problems[-1]
    number = PROBLEMS_PER_CODE - 1
    assert (last.line, last.column, last.pointer) == (50_001 + number, 1, f"/k{number}")
    assert str(last.message).startswith(f"duplicate key `k{number}` (first at line {number + 1}): ")


@pytest.mark.parametrize(
    ("text", "line", "column", "advice"),
    [
        pytest.param('mpp:\n  name: "Mal"# the full name\n', 2, 14, "space before `#`", id="comment-glued-to-quote"),
        pytest.param(
            "mpp:\n  hours: {days: [mon, tue,\n  wed]}\n", 3, 3, "at least 3 spaces", id="flow-continued-too-low"
        ),
        pytest.param(
            'mpp:\n  name: "Mal Pelayanan\n  Publik"\n', 3, 3, "at least 3 spaces", id="quoted-continued-too-low"
        ),
        pytest.param('mpp:\n  name: "Mal Pelayanan\n \tPublik"\n', 3, 2, "not a tab", id="tab-in-quoted-continuation"),
        pytest.param(
            "mpp:\n  notes: >#illustrative\n    text\n", 2, 11, "space before `#`", id="comment-glued-to-header"
        ),
        pytest.param(
            "mpp:\n  notes: |\n\n       \n    # text, not a comment\n  id: m\n",
            4,
            5,
            "remove the spaces after column 4",
            id="blank-line-wider-than-block-text",
        ),
        pytest.param("days: [mon, tue]#weekdays\n", 1, 17, "space before `#`", id="comment-glued-to-bracket"),
        pytest.param("days: [mon,#first\n  tue]\n", 1, 12, "space before `#`", id="comment-glued-to-comma"),
        pytest.param("%YAML 1.2#version\n---\na: 1\n", 1, 10, "space before `#`", id="comment-glued-to-directive"),
        pytest.param("days: [mon, -]\n", 1, 13, 'quote it ("-")', id="lone-dash-in-flow"),
    ],
)
def test_what_libyaml_accepts_but_yaml_1_2_rejects_is_a_syntax_error(
    text: str, line: int, column: int, advice: str
) -> None:
    # Strict means portable: other parsers (the editor's, Go's, JavaScript's) reject these.
    loaded = parse_yaml(text)
    assert [(p.code, p.line, p.column) for p in loaded.problems] == [("Y001", line, column)]
    assert advice in str(loaded.problems[0].message)
    assert loaded.data is None and loaded.root is None  # like any syntax error: nothing else is checked


@pytest.mark.parametrize(
    "text",
    [
        'name: "Mal\n  Pelayanan"\n',
        'name: "Mal\n  \tPelayanan"\n',  # a tab after the indentation is separation
        "name: 'Mal\n\n  Pelayanan'\n",  # an empty line may be indented less
        "- id: a\n  days: [mon,\n   tue]\n",
        "days: [mon,\n# a comment line may start anywhere\n\t\n tue]\n",
        "days:\n- [mon,\n tue]\n",
        "? days\n: [mon,\n tue]\n",
        "notes: |\n  \n  text\n",
        "notes: |2\n      \n  text\n",  # the indentation is given
        "notes: |\n     \nid: m\n",  # an empty block text: the next line is not its first line
        'colour: "#fff"\nhours: [mon] # weekdays\nname: "it" # a comment\n',
        "pair: {-: x}\nnote: a -, b\n",
        "hours: {days: [mon, tue], open: '08:00'}\n",
    ],
)
def test_portable_yaml_is_not_flagged(text: str) -> None:
    assert "Y001" not in {problem.code for problem in parse_yaml(text).problems}
