"""The README is the manual: every ```console block in it runs, and prints what it shows.

Each block is one shell session: its `$ ` lines are run in order by bash, in a copy of the
repository's `catalog/` and `examples/` (so `-o` writes land in a scratch folder), with
`mpptool` from this environment first on PATH and stderr merged into stdout, as a terminal
shows them. The text after the commands must match what they print, line for line.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import REPO, clean_env, mpptool_command

README = REPO / "README.md"
_BLOCK = re.compile(r"^```console\n(.*?)^```", re.M | re.S)


@dataclass(frozen=True)
class Session:
    """One console block: the commands typed and what the terminal shows."""

    line: int
    commands: tuple[str, ...]
    shown: str


def sessions() -> list[Session]:
    """Every console block of the README, in order."""
    text = README.read_text(encoding="utf-8")
    found = []
    for match in _BLOCK.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        commands = tuple(row[2:] for row in match.group(1).splitlines() if row.startswith("$ "))
        found.append(Session(line, commands, match.group(1)))
    return found


def _transcript(session: Session, folder: Path) -> str:
    """Run the block's commands and lay out the terminal as the README does: `$ cmd` then its output."""
    bin_folder = Path(mpptool_command()[0]).parent
    env = clean_env({"PATH": f"{bin_folder}:/usr/bin:/bin", "NO_COLOR": "1", "LC_ALL": "C.UTF-8"})
    env.pop("MPPTOOL_CACHE_DIR", None)
    shown = []
    status = 0
    for command in session.commands:
        script = f"(exit {status})\n{command}"  # so `echo $?` sees the previous command's status
        done = subprocess.run(
            ["bash", "-c", script],
            cwd=folder,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            timeout=120,
            check=False,
        )
        status = done.returncode
        shown.append(f"$ {command}\n{done.stdout.decode('utf-8')}")
    return "".join(shown)


@pytest.mark.parametrize("session", sessions(), ids=lambda session: f"README.md:{session.line}")
def test_console_block_prints_what_it_shows(session: Session, tmp_path: Path) -> None:
    for name in ("catalog", "examples"):
        shutil.copytree(REPO / name, tmp_path / name)
    assert _transcript(session, tmp_path) == session.shown


def test_the_readme_has_console_blocks() -> None:
    assert len(sessions()) >= 5  # a parsing slip must not make every check above vanish
