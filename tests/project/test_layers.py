"""The house plan, enforced: a module imports only from its own layer or those below.

Every ``import`` of mpptool counts, lazy ones inside functions included: a lazy import is how
a cycle hides, so it gets no pass. The layers are the README's Development map.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "mpptool"

LAYERS: Mapping[str, int] = {
    # 0: words and vocabulary every layer shares; nothing of mpptool below them
    "mpptool": 0,  # the package root: its version only
    "errors": 0,
    "text": 0,
    "vocab": 0,
    "model": 1,
    "loaders": 2,
    "rules": 3,
    "authoring": 3.5,  # reserved: scaffold, fixes, spreadsheets, beside the loader
    "engine": 4,
    "activity": 4.5,  # reserved: queue logs held against the catalog
    "commands": 5,
    "formats": 6,
    "cli": 7,
    "__main__": 8,
}
"""Each top-level module or package of mpptool and its layer."""

ISOLATED = {"text": {"text", "errors"}, "vocab": {"vocab", "errors"}, "errors": {"errors"}}
"""Bottom packages that may import only these areas (text knows no catalog, vocab no wording)."""


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def area(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def imported(source: str, module: str) -> Iterator[tuple[int, str]]:
    """Every mpptool module ``source`` imports, with its line; relative imports resolved."""
    package = module.split(".")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "mpptool":
                    yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + (1 if module_is_package(module) else 0)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            if target.split(".")[0] == "mpptool":
                yield node.lineno, target


def module_is_package(module: str) -> bool:
    return (PACKAGE.parent / module.replace(".", "/") / "__init__.py").is_file()


def violations(module: str, source: str) -> list[str]:
    """What in ``source`` (the text of ``module``) breaks the plan, one line each."""
    found = []
    own = area(module)
    if own not in LAYERS:
        return [f"{module}: not in the house plan; give its package a layer in LAYERS and the README"]
    for line, target in imported(source, module):
        theirs = area(target)
        if theirs not in LAYERS:
            found.append(f"{module}:{line} imports {target}, which is in no layer")
        elif LAYERS[theirs] > LAYERS[own]:
            found.append(f"{module}:{line} imports {target}, a layer above ({theirs} over {own})")
        elif own in ISOLATED and theirs not in ISOLATED[own]:
            found.append(f"{module}:{line} imports {target}; {own} may import only {sorted(ISOLATED[own])}")
        elif own == "formats" and (family := _family(module)) and _family(target) not in (None, family):
            found.append(f"{module}:{line} imports {target}: one format family borrows from another")
        elif module == "mpptool.formats.shared" and _family(target):
            found.append(f"{module}:{line} imports {target}: the shared module must not lean on a family")
    return found


def _family(module: str) -> str | None:
    """``audit`` for ``mpptool.formats.audit.text``; None outside a family."""
    parts = module.split(".")
    return parts[2] if len(parts) > 2 and parts[1] == "formats" and parts[2] in FAMILIES else None


FAMILIES = frozenset(folder.name for folder in (PACKAGE / "formats").iterdir() if (folder / "__init__.py").is_file())
"""The format families: one package per command under ``formats/``."""


def every_module() -> Iterator[tuple[str, str]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        yield module_name(path), path.read_text(encoding="utf-8")


def test_no_module_imports_from_a_layer_above() -> None:
    assert [problem for module, source in every_module() for problem in violations(module, source)] == []


def test_every_package_has_a_layer() -> None:
    areas = {area(module) for module, _ in every_module()}
    assert areas - set(LAYERS) == set()


@pytest.mark.parametrize(
    ("module", "source", "expected"),
    [
        ("mpptool.rules.integrity", "from mpptool.engine.checker import FileChecker", "a layer above"),
        (
            "mpptool.model",
            "def lazy():\n    from mpptool.rules import y\n",
            "a layer above",
        ),
        ("mpptool.vocab.figures", "from mpptool.text.words import plural", "vocab may import only"),
        ("mpptool.text.safe", "import mpptool.model", "a layer above"),
        ("mpptool.formats.diff.text", "from mpptool.formats.audit.view import lines", "borrows"),
        ("mpptool.formats.diff.text", "from . import view\nfrom ..audit import view", "borrows"),
        ("mpptool.formats.shared", "from mpptool.formats.report.i18n import Lang", "lean on a family"),
        ("mpptool.loaders.files", "from mpptool.activity import logs", "a layer above"),
        ("mpptool.attic.old", "", "not in the house plan"),
    ],
)
def test_the_check_catches_each_kind_of_breach(module: str, source: str, expected: str) -> None:
    problems = violations(module, source)
    assert problems and all(expected in problem for problem in problems), problems


def test_imports_within_a_layer_and_downward_pass() -> None:
    source = "from mpptool.formats.shared import table\nfrom . import view\nfrom mpptool.commands.diff import Change\n"
    assert violations("mpptool.formats.diff.text", source) == []
