"""The command line: options in, pure functions called, output written. No logic lives here."""

from __future__ import annotations

import enum
import os
import sys
from typing import Annotated, TypeVar

import typer

from mpptool import __version__
from mpptool.errors import UsageError

E = TypeVar("E", bound=enum.Enum)

app = typer.Typer(
    name="mpptool",
    help="Keep the service catalogs of Indonesia's public service malls (MPP) honest.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

PathsArg = Annotated[
    list[str] | None, typer.Argument(help="MPP files or folders (default: ./catalog).", show_default=False)
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"mpptool {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Validate, audit, diff and report on MPP service catalogs."""


def _emit(text: str, output: str | None, inputs: list[str]) -> None:
    if output is None or output == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from mpptool.output import write_atomic

    write_atomic(output, text, inputs)


def _use_color(output: str | None) -> bool:
    if output not in (None, "-") or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty() or bool(os.environ.get("FORCE_COLOR"))


@app.command()
def validate(
    paths: PathsArg = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="Output format: text or json.")] = "text",
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Write to FILE (atomically) instead of stdout.")
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, help="Worker processes (default: one per core for large catalogs)."),
    ] = None,
) -> None:
    """Check MPP files against the schema and the semantic rules; print every finding at file:line:col."""
    from mpptool.formats import OutputFormat, render
    from mpptool.model import Severity
    from mpptool.validate import validate_paths

    chosen = _choice(OutputFormat, fmt, "--format")
    targets = paths or ["catalog"]
    if not paths and not os.path.isdir("catalog"):
        raise UsageError("no ./catalog folder here: give the MPP files or folders to check", "E001")
    result = validate_paths(targets, jobs)
    _emit(render(result, chosen, _use_color(output)), output, targets)
    raise typer.Exit(1 if result.worst() is Severity.ERROR else 0)


@app.command()
def schema() -> None:
    """Print the catalog JSON Schema (point your editor's YAML plugin at it)."""
    from mpptool.schema import schema_text

    sys.stdout.write(schema_text())


@app.command()
def types() -> None:
    """List the national service-type taxonomy: code, category and name."""
    from mpptool.reference import load_service_types

    for code, entry in load_service_types().items():
        typer.echo(f"{code}  {entry.category:<12}  {entry.name}")


@app.command()
def rules() -> None:
    """List every rule: code, name, default severity and summary."""
    from mpptool.rules import registry

    for rule in registry().values():
        typer.echo(f"{rule.code}  {rule.name:<28} {rule.severity.value:<8} {rule.summary}")


def _choice(enum_type: type[E], value: str, option: str) -> E:
    try:
        return enum_type(value)
    except ValueError:
        allowed = ", ".join(str(member.value) for member in enum_type)
        raise UsageError(f"{option}: unknown value {value!r}; choose one of: {allowed}", "E002") from None


def main() -> None:
    """Console entry point: usage and environment errors exit 2 with a message, never a traceback."""
    try:
        app(standalone_mode=True)
    except UsageError as exc:
        sys.stderr.write(f"mpptool: error [{exc.code}]: {exc.message}\n")
        sys.exit(2)
    except KeyboardInterrupt:
        sys.stderr.write("mpptool: interrupted\n")
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("MPPTOOL_DEBUG"):
            raise
        sys.stderr.write(
            f"mpptool: internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in mpptool; rerun with MPPTOOL_DEBUG=1 for details and report it.\n"
        )
        sys.exit(2)
