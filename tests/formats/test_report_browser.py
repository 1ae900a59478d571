"""The HTML report as a person sees it: rendered in headless Chromium (Debian's ``chromium``).

:func:`render_in_chromium` opens one HTML file in a fresh headless Chromium, spoken to over the
Chrome DevTools Protocol on ``--remote-debugging-pipe`` (standard library only: no Selenium, no
chromedriver, nothing downloaded), and returns a :class:`PageCheck`: the console errors and
uncaught exceptions, every ``svg.chart`` with its ``data-chart`` name and drawn size (on screen
and under emulated print media), the network requests the page made, the title, the
Content-Security-Policy meta tag and a full-page screenshot. :func:`page_problems` turns that into
a list of what is wrong; the tests assert it is empty for the hand-written sample
(tests/fixtures/report-sample.html) and for the real `mpptool report --format html` output, and
a negative control proves the checks can fail.

Every browser step has a deadline and the browser is always closed (its process group killed if
it will not close). Without Chromium the tests skip, unless the environment variable CI is set:
there a missing browser fails, so CI cannot silently skip the browser test. ``.ci/run`` installs
Debian's ``chromium`` when /usr/bin/chromium is missing. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from helpers import FIXTURES, REPO, assert_no_traceback, run_mpptool

SAMPLE = FIXTURES / "report-sample.html"
ARTIFACTS = REPO / "test-artifacts"
CHART_NAMES = frozenset({"coverage-timeline", "agencies-by-category", "staffing-gap", "province-map"})
"""The charts the HTML report draws, one ``<svg class="chart" data-chart="NAME">`` each."""
HEATMAP = "counter-activity"
"""With ``--activity``: one counters-by-weeks heatmap per MPP with queue-log evidence."""

AS_OF = "2026-11-22"

STEP_TIMEOUT = 15.0
"""Seconds any one browser step (a protocol command, a page load) may take."""
LAUNCH_TIMEOUT = 30.0
"""Seconds Chromium may take to start and answer its first command (a cold CI machine)."""
VIEWPORT = (1280, 900)
A4_PRINTABLE_PX = round((210 - 2 * 14) / 25.4 * 96)
"""An A4 page's printable width in CSS pixels (the report's @page margins are 14 mm)."""
A4_LANDSCAPE_PX = round((297 - 2 * 14) / 25.4 * 96)
"""The printable width of a landscape A4 page, where a ``section.landscape`` prints (``@page wide``)."""
A4_PRINTABLE_HEIGHT_PX = round((297 - 2 * 14) / 25.4 * 96)
"""A portrait A4 page's printable height in CSS pixels: what page 1 holds."""

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox refuses to start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",  # else it calls Google at start, refused noisily offline
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",  # containers have a small /dev/shm
    "--disable-extensions",
    "--mute-audio",
    "--hide-scrollbars",
    f"--window-size={VIEWPORT[0]},{VIEWPORT[1]}",
    "--remote-debugging-pipe",
)

_MEASURE_JS = """
((landscape) => {
  const charts = Array.from(document.querySelectorAll("svg.chart")).map((svg) => {
    const box = svg.getBoundingClientRect();
    return {name: svg.getAttribute("data-chart"), width: box.width, height: box.height};
  });
  const csp = document.querySelector('meta[http-equiv="Content-Security-Policy" i]');
  const page = document.documentElement.clientWidth;
  const measured = (table) => landscape === null || (table.closest(".landscape") !== null) === landscape;
  const wide = Array.from(document.querySelectorAll("table")).filter(measured).filter((table) => {
    const holder = table.parentElement;
    return table.getBoundingClientRect().right > page + 1 || holder.scrollWidth > holder.clientWidth + 1;
  }).map((table) => (table.querySelector("caption") || {textContent: "a table"}).textContent.trim());
  return {
    wide: wide,
    scrolls: document.documentElement.scrollWidth > page + 1,
    url: document.URL,
    title: document.title,
    charts: charts,
    csp: csp === null ? null : csp.getAttribute("content"),
    print: window.matchMedia("print").matches,
    resources: performance.getEntriesByType("resource").map((entry) => entry.name),
  };
})(LANDSCAPE)
"""
"""What a page shows, measured; LANDSCAPE (null, true or false) says which tables are checked for width:
all of them, only those printed on landscape pages (in a ``.landscape`` element), or only the others."""


def _measure_js(landscape: bool | None) -> str:
    return _MEASURE_JS.replace("LANDSCAPE", json.dumps(landscape))


class BrowserError(RuntimeError):
    """Chromium failed, answered with an error or missed a deadline."""


@dataclass(frozen=True, slots=True)
class ConsoleMessage:
    """A console error, an uncaught exception or an error the browser logged (a refused load)."""

    level: str
    source: str
    text: str

    def __str__(self) -> str:
        return f"[{self.level}/{self.source}] {self.text}"


@dataclass(frozen=True, slots=True)
class Chart:
    """One ``svg.chart`` element: its ``data-chart`` name and getBoundingClientRect size (CSS px)."""

    name: str | None
    width: float
    height: float

    @property
    def drawn(self) -> bool:
        return self.width > 0 and self.height > 0


@dataclass(slots=True)
class PageCheck:
    """What one page did in Chromium."""

    url: str
    title: str
    console_errors: list[ConsoleMessage]
    charts: list[Chart]
    print_charts: list[Chart]
    """The charts again under emulated print media."""
    print_media_applied: bool
    requests: list[str]
    """Requests the page made beyond its own document (``data:`` URLs are part of the page)."""
    resources: list[str]
    """performance.getEntriesByType("resource"): what the page itself says it fetched."""
    csp: str | None
    screenshot: Path | None
    seconds: float
    pdf: Path | None = None
    browser_log: str = field(default="", repr=False)
    probed: Any = None
    """What the caller's ``probe`` expression returned, on screen."""
    wide_tables: tuple[str, ...] = ()
    """Captions of tables wider than the screen or their box (they would scroll sideways)."""
    print_wide_tables: tuple[str, ...] = ()
    """Captions of tables wider than an A4 page's printable width (a column would be cut): each table against
    the page it prints on, portrait or, in a ``.landscape`` section, landscape."""
    print_probed: Any = None
    """What the caller's ``print_probe`` expression returned under print media, on a portrait A4 width."""
    page_scrolls: bool = False
    """The page itself scrolls sideways on the 1280-pixel screen."""

    def describe(self) -> str:
        """For assertion messages."""
        charts = ", ".join(f"{c.name}={c.width:.0f}x{c.height:.0f}" for c in self.charts)
        printed = ", ".join(f"{c.name}={c.width:.0f}x{c.height:.0f}" for c in self.print_charts)
        errors = "\n  ".join(str(message) for message in self.console_errors) or "none"
        return (
            f"{self.url} in {self.seconds:.2f}s: title {self.title!r}\n"
            f"charts: {charts or 'none'}\nprint: {printed or 'none'}\n"
            f"console errors:\n  {errors}\nrequests: {self.requests}\nresources: {self.resources}\n"
            f"csp: {self.csp!r}\nscreenshot: {self.screenshot}"
        )


def page_problems(
    check: PageCheck, expected: frozenset[str] = CHART_NAMES, repeated: frozenset[str] = frozenset()
) -> list[str]:
    """Everything wrong with a rendered report page; empty when it passes. ``repeated``: charts
    drawn once per MPP, which may appear more than once."""
    problems = [f"console error {message}" for message in check.console_errors]
    names = [chart.name for chart in check.charts]
    for name in sorted(expected - {name for name in names if name is not None}):
        problems.append(f"chart {name!r} is missing")
    for name in sorted({str(name) for name in names if name not in expected}):
        problems.append(f"unexpected chart {name!r} (expected only {sorted(expected)})")
    for name in sorted({str(name) for name in names if names.count(name) > 1 and name not in repeated}):
        problems.append(f"chart {name!r} appears {names.count(name)} times")
    for media, charts in (("screen", check.charts), ("print", check.print_charts)):
        for chart in charts:
            if not chart.drawn:
                problems.append(f"chart {chart.name!r} is drawn at {chart.width}x{chart.height} ({media})")
    if len(check.print_charts) != len(check.charts):
        problems.append(f"{len(check.charts)} charts on screen but {len(check.print_charts)} in print")
    if not check.print_media_applied:
        problems.append("print media emulation did not apply (matchMedia('print') is false)")
    problems.extend(f"network request to {url}" for url in check.requests)
    problems.extend(f"resource fetched: {url}" for url in check.resources)
    if not check.csp:
        problems.append("no Content-Security-Policy meta tag")
    if not check.title.strip():
        problems.append("the document has no title")
    problems.extend(f"table {caption!r} scrolls sideways on a 1280-pixel screen" for caption in check.wide_tables)
    problems.extend(f"table {caption!r} is wider than an A4 page in print" for caption in check.print_wide_tables)
    if check.page_scrolls:
        problems.append("the page scrolls sideways on a 1280-pixel screen")
    return problems


# --- finding Chromium ---------------------------------------------------------------------------


def find_chromium() -> str | None:
    """$MPPTOOL_CHROMIUM, else Debian's chromium (or chromium-browser) on PATH."""
    override = os.environ.get("MPPTOOL_CHROMIUM")
    if override:
        return override
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found is not None:
            return found
    return None


def in_ci() -> bool:
    """The real CI sets CI; there the browser test must run, never skip."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="session")
def chromium() -> str:
    """The Chromium executable; skips without one, but fails where CI is set."""
    found = find_chromium()
    if found is None:
        message = (
            "headless Chromium is not installed (no chromium on PATH, no $MPPTOOL_CHROMIUM): "
            "apt-get install chromium, as .ci/run does"
        )
        if in_ci():
            pytest.fail(f"{message}. CI is set, so the browser test may not be skipped.", pytrace=False)
        pytest.skip(message)
    return found


# --- the DevTools protocol over a pipe ----------------------------------------------------------


class Chromium:
    """One headless Chromium process spoken to over ``--remote-debugging-pipe``.

    Chromium reads NUL-terminated JSON commands from fd 3 and writes replies and events to fd 4.
    Every read has a deadline; :meth:`close` always ends the process (and its process group).
    """

    def __init__(self, executable: str, workdir: Path) -> None:
        self.events: list[dict[str, Any]] = []
        self._next_id = 0
        self._buffer = b""
        self._stderr_path = workdir / "chromium.log"
        profile = workdir / "profile"
        profile.mkdir()
        to_child, self._write_fd = os.pipe()
        self._read_fd, from_child = os.pipe()
        # Move the child's ends above 9 so dup2 onto 3 and 4 cannot clobber one with the other.
        child_in = fcntl.fcntl(to_child, fcntl.F_DUPFD_CLOEXEC, 10)
        child_out = fcntl.fcntl(from_child, fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(to_child)
        os.close(from_child)

        def wire_pipe() -> None:  # runs in the child between fork and exec
            os.dup2(child_in, 3)
            os.dup2(child_out, 4)

        try:
            with open(self._stderr_path, "wb") as stderr:
                self.process = subprocess.Popen(
                    [executable, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "about:blank"],
                    stdin=subprocess.DEVNULL,
                    stdout=stderr,
                    stderr=stderr,
                    pass_fds=(3, 4),
                    preexec_fn=wire_pipe,  # the test process runs no other threads
                    start_new_session=True,  # its own process group, so close() can end all of it
                )
        finally:
            os.close(child_in)
            os.close(child_out)

    # transport

    def _send(self, message: dict[str, Any]) -> None:
        data = json.dumps(message).encode("utf-8") + b"\0"
        while data:
            try:
                written = os.write(self._write_fd, data)
            except BrokenPipeError as error:
                raise BrowserError(f"Chromium closed its pipe{self._log_tail()}") from error
            data = data[written:]

    def _receive(self, deadline: float, what: str) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise BrowserError(f"timed out waiting for {what}{self._log_tail()}")
            ready, _, _ = select.select([self._read_fd], [], [], left)
            if not ready:
                continue
            chunk = os.read(self._read_fd, 1 << 20)
            if not chunk:
                raise BrowserError(f"Chromium exited while waiting for {what}{self._log_tail()}")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        message: dict[str, Any] = json.loads(raw)
        return message

    def call(
        self,
        method: str,
        params: dict[str, Any] | None = None,
        session: str | None = None,
        timeout: float = STEP_TIMEOUT,
    ) -> dict[str, Any]:
        """Send one command and wait (at most ``timeout`` s) for its reply; events are kept."""
        self._next_id += 1
        ident = self._next_id
        message: dict[str, Any] = {"id": ident, "method": method, "params": params or {}}
        if session is not None:
            message["sessionId"] = session
        self._send(message)
        deadline = time.monotonic() + timeout
        while True:
            reply = self._receive(deadline, method)
            if reply.get("id") != ident:
                if "method" in reply:
                    self.events.append(reply)
                continue
            if "error" in reply:
                raise BrowserError(f"{method} failed: {reply['error']}")
            result: dict[str, Any] = reply.get("result", {})
            return result

    def wait_for(
        self, method: str, session: str | None = None, since: int = 0, timeout: float = STEP_TIMEOUT
    ) -> dict[str, Any]:
        """The first event ``method`` (of ``session``) from ``self.events[since:]`` on, kept or still to come."""
        for event in self.events[since:]:
            if event["method"] == method and event.get("sessionId") == session:
                return event
        deadline = time.monotonic() + timeout
        while True:
            event = self._receive(deadline, method)
            if "method" in event:
                self.events.append(event)
                if event["method"] == method and event.get("sessionId") == session:
                    return event

    def drain(self, seconds: float) -> None:
        """Collect whatever events arrive in the next ``seconds`` (late errors, late requests)."""
        deadline = time.monotonic() + seconds
        with contextlib.suppress(BrowserError):
            while True:
                event = self._receive(deadline, "late events")
                if "method" in event:
                    self.events.append(event)

    def evaluate(self, expression: str, session: str) -> Any:
        """A JavaScript expression's value, by value (DevTools evaluation is not bound by the page's CSP)."""
        result = self.call(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True, "timeout": STEP_TIMEOUT * 1000},
            session,
        )
        if "exceptionDetails" in result:
            raise BrowserError(f"evaluation failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def log(self) -> str:
        try:
            return self._stderr_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def _log_tail(self) -> str:
        lines = [line for line in self.log().splitlines() if "dbus" not in line]  # no D-Bus in containers
        tail = "\n".join(lines[-15:])
        return f"\n--- chromium log (tail) ---\n{tail}" if tail else ""

    def close(self) -> None:
        """Ask Chromium to close; kill its process group if it has not gone within a few seconds."""
        with contextlib.suppress(BrowserError, OSError, ValueError):
            self.call("Browser.close", timeout=5.0)
        try:
            self.process.wait(timeout=5.0)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10.0)
        finally:
            for fd in (self._read_fd, self._write_fd):
                with contextlib.suppress(OSError):
                    os.close(fd)


@contextlib.contextmanager
def launched(executable: str) -> Iterator[Chromium]:
    """A Chromium that answers commands; always closed, its profile always removed."""
    with tempfile.TemporaryDirectory(prefix="mpptool-chromium-", ignore_cleanup_errors=True) as workdir:
        browser = Chromium(executable, Path(workdir))
        try:
            browser.call("Browser.getVersion", timeout=LAUNCH_TIMEOUT)
            yield browser
        finally:
            browser.close()


# --- rendering one page -------------------------------------------------------------------------


def _console_errors(events: list[dict[str, Any]], session: str) -> list[ConsoleMessage]:
    messages = []
    for event in events:
        if event.get("sessionId") != session:
            continue
        params = event.get("params", {})
        if event["method"] == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            text = details.get("exception", {}).get("description") or details.get("text", "")
            messages.append(ConsoleMessage("error", "exception", str(text)))
        elif event["method"] == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            text = " ".join(str(arg.get("value", arg.get("description", ""))) for arg in params.get("args", []))
            messages.append(ConsoleMessage("error", f"console.{params['type']}", text))
        elif event["method"] == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
            entry = params["entry"]
            where = f" ({entry['url']})" if entry.get("url") else ""
            messages.append(ConsoleMessage("error", str(entry.get("source", "log")), f"{entry.get('text', '')}{where}"))
    return messages


def _requests(events: list[dict[str, Any]], session: str, page_url: str) -> list[str]:
    urls = []
    for event in events:
        if event.get("sessionId") == session and event["method"] == "Network.requestWillBeSent":
            url = str(event["params"]["request"]["url"])
            if url != page_url and not url.startswith(("data:", "about:")) and url not in urls:
                urls.append(url)
    return urls


def _charts(measured: dict[str, Any]) -> list[Chart]:
    return [Chart(item["name"], float(item["width"]), float(item["height"])) for item in measured["charts"]]


def render_in_chromium(
    html_path: Path,
    screenshot: Path | None = None,
    pdf: Path | None = None,
    executable: str | None = None,
    probe: str | None = None,
    print_probe: str | None = None,
) -> PageCheck:
    """Open ``html_path`` in a fresh headless Chromium and report what it did (see :class:`PageCheck`).

    Saves a full-page PNG screenshot to ``screenshot`` and a printed PDF to ``pdf`` when given;
    ``probe``, a JavaScript expression, is evaluated on screen and its value kept in ``probed``;
    ``print_probe`` under print media at a portrait A4 page's printable width (``print_probed``).
    Raises :class:`BrowserError` if Chromium fails or a step misses its deadline.
    """
    executable = executable or find_chromium()
    if executable is None:
        raise BrowserError("Chromium is not installed")
    url = html_path.resolve().as_uri()
    started = time.monotonic()
    with launched(executable) as browser:
        target = browser.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            browser.call(f"{domain}.enable", session=session)
        browser.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": VIEWPORT[0], "height": VIEWPORT[1], "deviceScaleFactor": 1, "mobile": False},
            session,
        )
        since = len(browser.events)  # a load event of the initial about:blank must not count
        navigation = browser.call("Page.navigate", {"url": url}, session)
        if navigation.get("errorText"):
            raise BrowserError(f"could not open {url}: {navigation['errorText']}")
        browser.wait_for("Page.loadEventFired", session, since=since)
        # Two animation frames: layout and paint have happened, late errors have been reported.
        browser.evaluate("new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))", session)
        browser.drain(0.2)
        screen = browser.evaluate(_measure_js(None), session)
        if screen["url"] != url:
            raise BrowserError(f"expected {url} in the tab, found {screen['url']}")
        probed = browser.evaluate(probe, session) if probe is not None else None

        if screenshot is not None:
            size = browser.call("Page.getLayoutMetrics", session=session)["cssContentSize"]
            width, height = max(1, int(size["width"])), max(1, int(size["height"]))
            shot = browser.call(
                "Page.captureScreenshot",
                {
                    "format": "png",
                    "captureBeyondViewport": True,
                    "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1},
                },
                session,
            )
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            screenshot.write_bytes(base64.b64decode(shot["data"]))

        browser.call("Emulation.setEmulatedMedia", {"media": "print"}, session)
        browser.call(  # the width an A4 page prints on: 210 mm less the report's 14 mm margins, at 96 px/in
            "Emulation.setDeviceMetricsOverride",
            {"width": A4_PRINTABLE_PX, "height": VIEWPORT[1], "deviceScaleFactor": 1, "mobile": False},
            session,
        )
        browser.evaluate("new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))", session)
        printed = browser.evaluate(_measure_js(False), session)
        print_probed = browser.evaluate(print_probe, session) if print_probe is not None else None
        if pdf is not None:
            options = {"printBackground": True, "preferCSSPageSize": True}  # the report's @page: A4
            document = browser.call("Page.printToPDF", options, session, timeout=30.0)
            pdf.parent.mkdir(parents=True, exist_ok=True)
            pdf.write_bytes(base64.b64decode(document["data"]))
        browser.call(  # the landscape pages (@page wide) are wider: their tables are measured on that width
            "Emulation.setDeviceMetricsOverride",
            {"width": A4_LANDSCAPE_PX, "height": VIEWPORT[1], "deviceScaleFactor": 1, "mobile": False},
            session,
        )
        browser.evaluate("new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))", session)
        landscape = browser.evaluate(_measure_js(True), session)
        browser.drain(0.1)
        events = list(browser.events)
        log = browser.log()
    return PageCheck(
        url=url,
        title=str(screen["title"]),
        console_errors=_console_errors(events, session),
        charts=_charts(screen),
        print_charts=_charts(printed),
        wide_tables=tuple(screen.get("wide", ())),
        print_wide_tables=(*printed.get("wide", ()), *landscape.get("wide", ())),
        print_probed=print_probed,
        page_scrolls=bool(screen.get("scrolls")),
        print_media_applied=bool(printed["print"]) and not screen["print"],
        requests=_requests(events, session, url),
        resources=[str(name) for name in printed["resources"] if not str(name).startswith("data:")],
        csp=screen["csp"],
        screenshot=screenshot,
        seconds=time.monotonic() - started,
        pdf=pdf,
        browser_log=log,
        probed=probed,
    )


def assert_clean(
    check: PageCheck, expected: frozenset[str] = CHART_NAMES, repeated: frozenset[str] = frozenset()
) -> None:
    problems = page_problems(check, expected, repeated)
    assert not problems, "the page has problems:\n- " + "\n- ".join(problems) + "\n\n" + check.describe()
    assert check.screenshot is not None and check.screenshot.stat().st_size > 1000, check.describe()
    assert check.screenshot.read_bytes().startswith(b"\x89PNG\r\n\x1a\n"), check.screenshot


# --- the tests ----------------------------------------------------------------------------------


def test_sample_report_renders_cleanly(chromium: str) -> None:
    """The hand-written sample that follows the report's HTML contract passes every check."""
    check = render_in_chromium(SAMPLE, screenshot=ARTIFACTS / "report-sample.png", executable=chromium)
    assert_clean(check)
    assert sorted(chart.name or "" for chart in check.charts) == sorted(CHART_NAMES), check.describe()
    assert check.title == "MPP rollout report (sample)", check.describe()


BROKEN_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title></title></head>
<body>
<svg class="chart" data-chart="coverage-timeline" width="300" height="150"><rect width="300" height="150"/></svg>
<svg class="chart" data-chart="staffing-gap" width="0" height="0"><rect width="10" height="10"/></svg>
<svg class="chart" data-chart="mystery" width="100" height="100"></svg>
<img src="http://127.0.0.1:9/tracker.png" alt="">
<script>throw new Error("deliberate failure for the negative control");</script>
</body></html>
"""


def test_negative_control_reports_every_problem(chromium: str, tmp_path: Path) -> None:
    """A deliberately broken page: the same helper must see the thrown error, the 0x0 chart and the rest."""
    page = tmp_path / "broken.html"
    page.write_text(BROKEN_PAGE, encoding="utf-8")
    check = render_in_chromium(page, screenshot=tmp_path / "broken.png", executable=chromium)
    problems = page_problems(check)
    text = "\n".join(problems)
    assert any(
        m.source == "exception" and "deliberate failure for the negative control" in m.text
        for m in check.console_errors
    ), check.describe()
    assert "chart 'staffing-gap' is drawn at 0.0x0.0 (screen)" in problems, text
    assert "chart 'staffing-gap' is drawn at 0.0x0.0 (print)" in problems, text
    assert "chart 'agencies-by-category' is missing" in problems, text
    assert any(p.startswith("unexpected chart 'mystery'") for p in problems), text
    assert "network request to http://127.0.0.1:9/tracker.png" in problems, text
    assert "no Content-Security-Policy meta tag" in problems, text
    assert "the document has no title" in problems, text
    assert check.screenshot is not None and check.screenshot.is_file()


def _report_command_missing() -> str | None:
    """Why the real-report test must wait (``mpptool report`` does not exist yet), or None."""
    run = run_mpptool("report", "--help")
    if run.returncode == 0:
        return None
    if "No such command" in run.stderr:
        return "`mpptool report` does not exist yet (mpptool report --help: No such command 'report')"
    pytest.fail(f"`mpptool report --help` failed:\n{run.describe()}", pytrace=False)


@pytest.mark.parametrize("lang", ["en", "id"])
def test_real_report_renders_cleanly(chromium: str, lang: str, tmp_path: Path) -> None:
    """`mpptool report catalog --format html` in Chromium: no console errors, the three charts drawn,
    no network, charts still drawn in print; screenshot and PDF in test-artifacts/report-LANG.*."""
    reason = _report_command_missing()
    if reason is not None:
        pytest.skip(reason)
    out = tmp_path / f"report-{lang}.html"
    run = run_mpptool(
        "report", "catalog", "--format", "html", "-o", out, "--as-of", AS_OF, "--lang", lang, timeout=60.0
    )
    assert_no_traceback(run)
    assert run.returncode == 0, run.describe()
    assert out.is_file() and out.stat().st_size > 0, run.describe()
    check = render_in_chromium(
        out,
        screenshot=ARTIFACTS / f"report-{lang}.png",
        pdf=ARTIFACTS / f"report-{lang}.pdf",
        executable=chromium,
    )
    assert_clean(check)
    assert check.pdf is not None and check.pdf.read_bytes().startswith(b"%PDF"), check.describe()


_HEATMAP_JS = """
(() => Array.from(document.querySelectorAll('svg.chart[data-chart="counter-activity"]')).map((svg) => {
  const box = svg.getBoundingClientRect();
  const style = getComputedStyle(svg);
  const group = svg.querySelector("g.cells");
  const weeks = Number(group.getAttribute("data-weeks"));
  const cellWidth = Number(group.getAttribute("data-cell").split(" ")[0]);
  const shapes = [group.querySelector("rect.ground"), ...group.querySelectorAll("path:not(.gaps):not(.hatch)")];
  const drawn = shapes.filter((shape) => {
    const b = shape.getBoundingClientRect();
    return b.width > 0 && b.height > 0;
  });
  const rows = Array.from(svg.querySelectorAll("g.rows > rect"));
  const titled = rows.filter((row) => {
    const title = row.querySelector("title");
    return title !== null && title.textContent.trim() !== "";
  });
  const legend = svg.querySelector("g.legend");
  const legendBox = legend === null ? null : legend.getBoundingClientRect();
  return {
    mpp: svg.getAttribute("data-mpp"),
    width: box.width,
    height: box.height,
    right: box.right,
    page: document.documentElement.clientWidth,
    visible: style.display !== "none" && style.visibility === "visible" && Number(style.opacity) > 0,
    cells: rows.length * weeks,
    rows: rows.length,
    shapes: shapes.length,
    drawn: drawn.length,
    smallest: cellWidth * box.width / svg.viewBox.baseVal.width,
    titled: titled.length,
    fills: Array.from(new Set(shapes.map((shape) => getComputedStyle(shape).fill))).length,
    legend: legend === null ? 0 : legend.querySelectorAll("rect").length,
    legendWidth: legendBox === null ? 0 : legendBox.width,
    label: svg.getAttribute("aria-label"),
  };
}))()
"""
"""Each heatmap as drawn: its size and place, its grid of cells and shades drawn, its rows titled, its legend."""


@pytest.mark.parametrize("lang", ["en", "id"])
def test_report_with_activity_draws_its_heatmaps(chromium: str, lang: str, tmp_path: Path) -> None:
    """`mpptool report catalog --activity examples/activity --format html` in Chromium: the three charts and
    one heatmap per MPP with a log, each visible with its cells drawn, every counter's row titled and its legend;
    no console errors, no network; screenshot and PDF in test-artifacts/report-activity-LANG.*."""
    out = tmp_path / f"report-activity-{lang}.html"
    run = run_mpptool(
        "report", "catalog", "--activity", "examples/activity", "--format", "html", "-o", out, "--as-of", AS_OF,
        "--lang", lang, timeout=90.0,
    )  # fmt: skip
    assert_no_traceback(run)
    assert run.returncode == 0, run.describe()
    check = render_in_chromium(
        out,
        screenshot=ARTIFACTS / f"report-activity-{lang}.png",
        pdf=ARTIFACTS / f"report-activity-{lang}.pdf",
        executable=chromium,
        probe=_HEATMAP_JS,
    )
    assert_clean(check, CHART_NAMES | {HEATMAP}, frozenset({HEATMAP}))
    maps = check.probed
    assert [item["mpp"] for item in maps] == ["kab-cirebon", "kota-cirebon"], maps
    sizes = {"kab-cirebon": (38, 31), "kota-cirebon": (15, 35)}  # counters by weeks of each log period
    for item in maps:
        counters, weeks = sizes[item["mpp"]]
        assert item["visible"] and item["width"] > 300 and item["height"] > 200, item
        assert item["right"] <= item["page"] + 1, item  # not cut off at the page's edge
        assert item["cells"] == counters * weeks and item["rows"] == item["titled"] == counters, item
        assert item["drawn"] == item["shapes"] >= 3, item  # the ground and every shade's cells drawn
        assert item["smallest"] >= 5, item  # cells a reader can see
        assert item["fills"] >= 3, item  # shaded, not one flat colour
        assert item["legend"] == 7 and item["legendWidth"] > 200, item
        assert item["label"], item
    heatmaps = [chart for chart in check.print_charts if chart.name == HEATMAP]
    assert len(heatmaps) == 2 and all(chart.drawn for chart in heatmaps), check.describe()


def pdf_pages(pdf: Path) -> int:
    """How many pages a PDF Chromium printed has (its page objects)."""
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_summary_prints_on_one_a4_page(chromium: str, lang: str, tmp_path: Path) -> None:
    """`report --summary` printed to PDF is one A4 page, with the province map drawn; the full report starts
    with the same summary; screenshots of the summary in both languages go to test-artifacts/."""
    reason = _report_command_missing()
    if reason is not None:
        pytest.skip(reason)
    out = tmp_path / f"summary-{lang}.html"
    run = run_mpptool(
        "report", "catalog", "-f", "html", "-o", out, "--as-of", AS_OF, "--lang", lang, "--summary", timeout=60.0
    )
    assert run.returncode == 0, run.describe()
    check = render_in_chromium(
        out,
        screenshot=ARTIFACTS / f"report-summary-{lang}.png",
        pdf=ARTIFACTS / f"report-summary-{lang}.pdf",
        executable=chromium,
    )
    assert_clean(check, frozenset({"province-map"}))
    assert check.pdf is not None and pdf_pages(check.pdf) == 1, check.describe()
    assert b"/MediaBox [0 0 594.9" in check.pdf.read_bytes()  # A4, as the report's @page asks


NATIONAL_MPPS = 509
NATIONAL_PAGES_AT_MOST = 41
"""A third of the 123 pages the 509-MPP national report printed to before it was laid out for print."""
PROVINCE = "32"
"""The province of the screenshots: Jawa Barat, the most MPPs in the generated catalog."""

_SUMMARY_FIRST_JS = """
(() => {
  const summary = document.querySelector("main > section");
  const next = summary === null ? null : summary.nextElementSibling;
  return {
    first: summary === null ? null : summary.id,
    bottom: summary === null ? 0 : summary.getBoundingClientRect().bottom + window.scrollY,
    next: next === null ? null : next.id,
    nextBreak: next === null ? null : getComputedStyle(next).breakBefore,
  };
})()
"""
"""Under print media: which section comes first, where it ends, and whether the next one starts a page."""


@pytest.fixture(scope="module")
def national_catalog(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 509-MPP synthetic national catalog of benchmarks/generate.py (seed 1), written once."""
    folder = tmp_path_factory.mktemp("national") / "catalog"
    done = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "generate.py"), str(folder), "--count", str(NATIONAL_MPPS)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return folder


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_national_report_prints_in_few_pages(
    chromium: str, national_catalog: Path, lang: str, tmp_path: Path
) -> None:
    """The HTML report of 509 MPPs printed to A4 PDF: at most a third of the 123 pages it took before, the summary
    alone on page 1, no table wider than the page it prints on (the per-MPP tables print landscape), no console
    error; the PDF goes to test-artifacts/report-national-LANG.pdf."""
    out = tmp_path / f"national-{lang}.html"
    run = run_mpptool(
        "report", national_catalog, "-f", "html", "-o", out, "--as-of", AS_OF, "--lang", lang, timeout=120.0
    )
    assert run.returncode == 0, run.describe()
    check = render_in_chromium(
        out, pdf=ARTIFACTS / f"report-national-{lang}.pdf", executable=chromium, print_probe=_SUMMARY_FIRST_JS
    )
    problems = page_problems(check)
    assert not problems, "the page has problems:\n- " + "\n- ".join(problems) + "\n\n" + check.describe()
    assert check.pdf is not None
    pages = pdf_pages(check.pdf)
    assert 1 < pages <= NATIONAL_PAGES_AT_MOST, f"{pages} pages for {NATIONAL_MPPS} MPPs"
    summary = check.print_probed
    assert summary["first"] == "summary" and summary["next"] == "coverage", summary
    assert summary["nextBreak"] == "page", summary  # page 1 holds the summary alone
    assert 0 < summary["bottom"] <= A4_PRINTABLE_HEIGHT_PX, summary  # and all of it
    boxes = re.findall(rb"/MediaBox\s*\[([^\]]*)\]", check.pdf.read_bytes())
    assert len(boxes) == pages and boxes[0].split()[2].startswith(b"594.9"), boxes[:2]  # page 1 is portrait A4
    assert any(box.split()[2].startswith(b"841.9") for box in boxes), "no landscape page for the per-MPP tables"


@pytest.mark.parametrize("lang", ["en", "id"])
def test_one_province_of_a_national_catalog(chromium: str, national_catalog: Path, lang: str, tmp_path: Path) -> None:
    """`report --province 32` of the national catalog renders cleanly; its screenshot and PDF in both languages go
    to test-artifacts/report-province-LANG.*."""
    out = tmp_path / f"province-{lang}.html"
    run = run_mpptool(
        "report", national_catalog, "-f", "html", "-o", out, "--as-of", AS_OF, "--lang", lang,
        "--province", PROVINCE, timeout=120.0,
    )  # fmt: skip
    assert run.returncode == 0, run.describe()
    check = render_in_chromium(
        out,
        screenshot=ARTIFACTS / f"report-province-{lang}.png",
        pdf=ARTIFACTS / f"report-province-{lang}.pdf",
        executable=chromium,
    )
    assert_clean(check)
    assert check.pdf is not None and pdf_pages(check.pdf) >= 2, check.describe()
