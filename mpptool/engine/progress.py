"""A progress bar on stderr for long runs: shown only on a terminal, only after a moment.

The engine reports (done, total) through a plain callback; this module owns the display, so
no engine code knows about terminals.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.progress import Progress

    from mpptool.engine.catalog import Progress as Callback

DELAY = 0.5
"""Seconds before the bar appears: a run that ends sooner never flickers one."""


def wanted() -> bool:
    """A bar helps a person at a terminal; CI logs and pipes get none."""
    return sys.stderr.isatty() and not os.environ.get("CI") and os.environ.get("TERM") != "dumb"


@contextmanager
def progress_bar(label: str, enabled: bool) -> Iterator[Callback | None]:
    """Yield a callback for the engine (or None when disabled); the bar is removed on exit."""
    if not enabled:
        yield None
        return
    started = time.monotonic()
    state: dict[str, tuple[Progress, object]] = {}

    def update(done: int, total: int) -> None:
        if "bar" not in state:
            if time.monotonic() - started < DELAY or done >= total:
                return
            from rich.console import Console
            from rich.progress import Progress

            bar = Progress(console=Console(stderr=True), transient=True)
            bar.start()
            state["bar"] = (bar, bar.add_task(label, total=total))
        bar, task = state["bar"]
        bar.update(task, completed=done)  # type: ignore[arg-type]

    try:
        yield update
    finally:
        if "bar" in state:
            state["bar"][0].stop()
