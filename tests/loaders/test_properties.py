"""Property-based tests of the loader: whatever the input, only findings come out.

The contract: ``FileChecker.check_text`` and ``parse_yaml`` never raise for any input, and
every finding is located at a line and column inside the file.
"""

from __future__ import annotations

import string

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mpptool.engine.checker import FileChecker
from mpptool.loaders.files import decode
from mpptool.loaders.strict_yaml import parse_yaml

CHECKER = FileChecker()
YAML_ALPHABET = string.ascii_letters + string.digits + " \n\t:-[]{},'\"#&*!|>%@`?~.\\_/é—\u202e\x00\x1b"
FRAGMENTS = st.sampled_from(
    [
        "schema_version: 1\n",
        "mpp:\n",
        "  id: m\n",
        "  region: 32.10\n",
        "  status: operating\n",
        "- ",
        ": ",
        "{",
        "}",
        "[",
        "]",
        "&a ",
        "*a",
        "!!str ",
        "---\n",
        "...\n",
        "? ",
        "yes",
        "no",
        "010",
        "1_000",
        "15:00",
        "agencies:\n",
        "  - {id: a, name: A, category: opd_local}\n",
        "\t",
        '"',
        "'",
        "#",
        "\n",
        "  ",
        "|\n",
        ">\n",
    ]
)


def _assert_located(text: str) -> None:
    outcome = CHECKER.check_text("prop.yaml", text)
    lines = text.count("\n") + 2
    for finding in outcome.findings:
        assert finding.line >= 1 and finding.column >= 1
        assert finding.line <= lines, (finding, text)
        assert finding.code[0] in "FYSIC"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=YAML_ALPHABET, max_size=300))
def test_any_text_gives_only_findings(text: str) -> None:
    parse_yaml(text)
    _assert_located(text)


@settings(max_examples=400, deadline=None)
@given(st.lists(FRAGMENTS, max_size=40).map("".join))
def test_yaml_like_fragments_give_only_findings(text: str) -> None:
    _assert_located(text)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_decode_or_locate(data: bytes) -> None:
    text, bad = decode(data)
    if text is None:
        assert bad is not None and bad[0] >= 1 and bad[1] >= 1
    else:
        _assert_located(text)


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**6), 10**6) | st.text(string.ascii_letters + " -_.:", max_size=12),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(string.ascii_lowercase, min_size=1, max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(string.ascii_lowercase, min_size=1, max_size=8), JSONISH, max_size=5))
def test_round_trip_of_safe_dumps(data: dict[str, object]) -> None:
    """What PyYAML dumps (quoting ambiguous strings) we read back to the same data."""
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    loaded = parse_yaml(text)
    if data:
        ambiguous = [p for p in loaded.problems if p.code == "Y010"]
        if not ambiguous:
            assert loaded.data == data
