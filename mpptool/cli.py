"""The command line: each command maps its options to an options object, calls its run
(:mod:`mpptool.commands`), renders the result (:mod:`mpptool.formats`) and writes it through
one guarded place; the run says the exit status. Nothing is decided here."""

from __future__ import annotations

import enum
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from mpptool import __version__
from mpptool.errors import UsageError
from mpptool.model import Severity
from mpptool.text.i18n import LANGUAGES, Text, msg, say
from mpptool.text.safe import safe

if TYPE_CHECKING:
    from mpptool.commands.audit import LogRequest
    from mpptool.engine.policy import Selection
    from mpptool.formats.shared import Lang

E = TypeVar("E", bound=enum.Enum)

_SPEAKING = frozenset({"validate", "audit", "activity", "fix", "diff", "report", "rules"})
"""Commands whose ``--lang`` is the language of the run (of its output, errors and notes)."""


def _early_language(argv: Sequence[str] | None = None, *, every_command: bool = False) -> str:
    """The language of errors and notes, known before (or without) parsing the options: a valid
    ``--lang``/``--lang=xx`` in ``argv``, else a valid ``MPPTOOL_LANG``, else English.

    The configuration's ``lang`` is not read here: an error can come before (or from) reading the
    configuration, so errors follow the command line and the environment only. An invalid ``--lang``
    means English (its own E002 error is said in English), whatever ``MPPTOOL_LANG`` says.
    ``every_command``: a ``--lang`` counts after any command (for ``--help``, which makes no file).
    """
    args = list(sys.argv[1:] if argv is None else argv)
    command = next((arg for arg in args if not arg.startswith("-")), "")
    if command not in _SPEAKING and not every_command:
        args = []  # `new`, `export`, `import`: their --lang is the language of the file made
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" or arg.startswith("--lang="):
            value = arg.partition("=")[2] if "=" in arg else (args[index + 1] if index + 1 < len(args) else "")
            return value if value in LANGUAGES else "en"
    from_env = os.environ.get("MPPTOOL_LANG", "").strip()
    return from_env if from_env in LANGUAGES else "en"


_HELP_LANG = _early_language(every_command=True)
"""The language of ``--help`` (`mpptool report --lang id --help`), known when the commands are made."""


def _h(text: Text) -> str:
    """A help text in the language of ``--help``: English is the code's own (no catalog is read)."""
    return text.render(_HELP_LANG)


app = typer.Typer(
    name="mpptool",
    help=_h(msg("help.app", "Keep the service catalogs of Indonesia's public service malls (MPP) honest.")),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

PathsArg = Annotated[
    list[str] | None,
    typer.Argument(help=_h(msg("help.paths", "MPP files or folders (default: ./catalog).")), show_default=False),
]

OutputOpt = Annotated[
    str | None,
    typer.Option("--output", "-o", help=_h(msg("help.output", "Write to FILE (atomically) instead of stdout."))),
]
JobsOpt = Annotated[
    int | None,
    typer.Option(
        "--jobs", "-j", min=1, help=_h(msg("help.jobs", "Worker processes (default: one per core for large catalogs)."))
    ),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"mpptool {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help=_h(msg("help.version", "Show the version and exit."))
        ),
    ] = False,
) -> None:
    """Validate, audit, diff and report on MPP service catalogs."""


def _emit(text: str, output: str | None, inputs: Sequence[str], medium: str = "text") -> None:
    """The single place output is written: every line guarded against CI log commands, every
    byte accounted for (a short write is an error), a file never written over an input."""
    from mpptool.engine.output import write_atomic, write_stdout
    from mpptool.text.safe import guard_lines

    text = guard_lines(text, medium)
    if output is None or output == "-":
        write_stdout(text)
        return
    write_atomic(output, text, inputs)


def _notes(notes: Sequence[str | Text], lang: str | None = None) -> None:
    """What the user should hear about the run itself, on stderr (never mixed into a report), in
    ``lang`` (by default the language the command line or the environment asks for)."""
    said = _early_language() if lang is None else lang
    for note in notes:
        sys.stderr.write(f"mpptool: note: {safe(say(note, said))}\n")


LangOpt = Annotated[
    str | None,
    typer.Option(
        "--lang",
        help=_h(msg("help.lang", "Language of labels and sentences: en or id (default: $MPPTOOL_LANG, else en).")),
    ),
]


def _language(
    given: str | None, paths: Sequence[str] | None = None, config: str | None = None, isolated: bool = False
) -> Lang:
    """``--lang``, else ``MPPTOOL_LANG``, else the configuration's ``lang`` (when the command reads
    one: ``paths`` given), else English; an unknown one is E002 naming where it came from."""
    from mpptool.formats.shared import Lang

    if given is not None:
        return _choice(Lang, given, "--lang")
    from_env = os.environ.get("MPPTOOL_LANG", "").strip()
    if from_env:
        return _choice(Lang, from_env, "MPPTOOL_LANG")
    if paths is not None:
        from mpptool.engine.settings import configuration

        configured = configuration(paths, config, isolated).lang  # checked when read: en or id
        if configured is not None:
            return Lang(configured)
    return Lang.EN


def _show_source(asked: bool | None, text: bool, output: str | None) -> bool:
    """``--show-source``: as asked; by default only for text on a terminal (as ruff and rustc do)."""
    if asked is not None:
        return asked and text
    return text and output in (None, "-") and sys.stdout is not None and sys.stdout.isatty()


def _use_color(output: str | None) -> bool:
    if output not in (None, "-") or os.environ.get("NO_COLOR"):
        return False
    return (sys.stdout is not None and sys.stdout.isatty()) or bool(os.environ.get("FORCE_COLOR"))


SelectOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--select",
        help=_h(
            msg("help.select", "Report only these rule codes or prefixes (comma-separated; replaces the config's).")
        ),
    ),
]
ExtendSelectOpt = Annotated[
    list[str] | None,
    typer.Option("--extend-select", help=_h(msg("help.extend-select", "Report these codes or prefixes as well."))),
]
IgnoreOpt = Annotated[
    list[str] | None, typer.Option("--ignore", help=_h(msg("help.ignore", "Do not report these codes or prefixes.")))
]
ConfigOpt = Annotated[
    str | None,
    typer.Option("--config", help=_h(msg("help.config", "Read settings from FILE (mpptool.toml or pyproject.toml)."))),
]
IsolatedOpt = Annotated[
    bool, typer.Option("--isolated", help=_h(msg("help.isolated", "Ignore every configuration file.")))
]


def _selection(select: list[str] | None, extend_select: list[str] | None, ignore: list[str] | None) -> Selection:
    from mpptool.engine.policy import Selection

    def split(values: list[str] | None, option: str) -> tuple[str, ...]:
        codes = tuple(part.strip() for value in values or () for part in value.split(",") if part.strip())
        if values and not codes:
            raise UsageError(
                msg(
                    "errors.no-rule-code",
                    "{option}: names no rule code; give codes or prefixes such as C001,I",
                    option=option,
                ),
                "E002",
            )
        return codes

    return Selection(
        split(select, "--select") if select is not None else None,
        split(extend_select, "--extend-select"),
        split(ignore, "--ignore"),
    )


CheckFormatOpt = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        help=_h(
            msg(
                "help.check-format",
                "text, json, github, sarif, junit, markdown, or auto (github on GitHub Actions). "
                "Default: what -o's file name ends with (.json, .sarif, .xml, .md, .txt), else auto.",
            )
        ),
    ),
]
NoCacheOpt = Annotated[
    bool, typer.Option("--no-cache", help=_h(msg("help.no-cache", "Neither read nor write the cache.")))
]
CacheDirOpt = Annotated[
    str | None,
    typer.Option("--cache-dir", help=_h(msg("help.cache-dir", "Keep the cache in DIR (default: .mpptool_cache)."))),
]
StrictOpt = Annotated[bool, typer.Option("--strict", help=_h(msg("help.strict", "Fail (exit 1) on warnings too.")))]
ExitZeroOpt = Annotated[
    bool, typer.Option("--exit-zero", help=_h(msg("help.exit-zero", "Exit 0 even when there are errors.")))
]
StatisticsOpt = Annotated[
    bool, typer.Option("--statistics", help=_h(msg("help.statistics", "Count the findings of each rule.")))
]
ShowSourceOpt = Annotated[
    bool | None,
    typer.Option(
        "--show-source/--no-show-source",
        help=_h(
            msg(
                "help.show-source",
                "Text: the source line under each finding, a caret under its column (default: on a terminal).",
            )
        ),
    ),
]
"""Options `validate` and `activity check` share: they report findings the same way."""


@app.command(
    help=_h(
        msg(
            "help.validate",
            "Check MPP files against the schema and the semantic rules; print every finding at file:line:col.",
        )
    )
)
def validate(
    paths: PathsArg = None,
    fmt: CheckFormatOpt = None,
    output: OutputOpt = None,
    select: SelectOpt = None,
    extend_select: ExtendSelectOpt = None,
    ignore: IgnoreOpt = None,
    config: ConfigOpt = None,
    isolated: IsolatedOpt = False,
    strict: StrictOpt = False,
    exit_zero: ExitZeroOpt = False,
    statistics: StatisticsOpt = False,
    show_source: ShowSourceOpt = None,
    changed_since: Annotated[
        str | None,
        typer.Option(
            "--changed-since",
            help=_h(msg("help.changed-since", "Report only on files changed since git revision REV (and untracked).")),
        ),
    ] = None,
    no_cache: NoCacheOpt = False,
    cache_dir: CacheDirOpt = None,
    jobs: JobsOpt = None,
    annotate: Annotated[
        str | None,
        typer.Option(
            "--annotate",
            help=_h(msg("help.annotate", "With one .xlsx to check: write a copy with each finding as a cell comment.")),
        ),
    ] = None,
    fix: Annotated[
        bool,
        typer.Option(
            "--fix",
            help=_h(
                msg("help.validate-fix", "First apply the fixes that are certain (as `mpptool fix`), then validate.")
            ),
        ),
    ] = False,
    lang: LangOpt = None,
) -> None:
    from mpptool.commands.validate import ValidateOptions, run_validate
    from mpptool.engine.progress import progress_bar, wanted
    from mpptool.engine.settings import catalog_paths
    from mpptool.formats import OutputFormat, medium, needs_root, render, resolve_format
    from mpptool.formats.shared import Style

    if fix:
        from mpptool.commands.fix import FixOptions, run_fix

        fixed = run_fix(
            FixOptions(catalog_paths(paths), False, False, _selection(select, extend_select, ignore), config, isolated)
        )
        changed = sum(1 for file in fixed.result.files if file.edits)
        done = msg(
            "notes.fixed",
            "fixed {fixed} finding(s) in {files} file(s); `mpptool fix --diff` shows what a fix does",
            fixed=fixed.result.fixed,
            files=changed,
        )
        _notes((done,), _language(lang, catalog_paths(paths), config, isolated))
    chosen = resolve_format(_format(OutputFormat, fmt, output, OutputFormat.AUTO), os.environ)
    options = ValidateOptions(
        catalog_paths(paths),
        _selection(select, extend_select, ignore),
        config,
        isolated,
        strict,
        exit_zero,
        changed_since,
        jobs,
        not no_cache,
        cache_dir,
        needs_root(chosen),
        _show_source(show_source, chosen is OutputFormat.TEXT, output),
    )
    with progress_bar("Validating", wanted()) as progress:
        run = run_validate(options, progress)
    language = _language(lang, options.paths, config, isolated)
    _notes((*run.result.notes, *run.notes), language)
    rendered = render(run.result, chosen, Style(color=_use_color(output), statistics=statistics, lang=language))
    if annotate is not None:
        from mpptool.commands.spreadsheet import annotate as annotate_workbook

        books = [path for path in options.paths if path.lower().endswith(".xlsx")]
        if len(books) != 1:
            raise UsageError(msg("errors.annotate-one", "--annotate: give exactly one .xlsx workbook to check"), "E002")
        found = [finding for finding in run.result.findings if finding.file == books[0]]
        marked = annotate_workbook(books[0], found, annotate, language)
        _notes(
            (msg("notes.annotated", "wrote {path}: {cells} cell(s) annotated", path=annotate, cells=marked),), language
        )
    _emit(rendered, output, [*options.paths, *run.read], medium(chosen))
    raise typer.Exit(run.exit_status)


class FailOn(enum.StrEnum):
    """The least severe finding that makes `audit` exit 1."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
    NEVER = "never"


ActivityOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--activity",
        help=_h(
            msg(
                "help.activity",
                "Queue-machine logs (CSV, Parquet, JSON Lines, XLSX; files or folders, repeatable) to hold the catalog "
                "against.",
            )
        ),
    ),
]
LogFromOpt = Annotated[
    str | None,
    typer.Option("--from", help=_h(msg("help.from", "Queue logs: first day of the period read, YYYY-MM-DD."))),
]
LogToOpt = Annotated[
    str | None,
    typer.Option("--to", help=_h(msg("help.to", "Queue logs: last day of the period read, YYYY-MM-DD."))),
]
SheetOpt = Annotated[
    str | None,
    typer.Option(
        "--sheet", help=_h(msg("help.sheet", "Queue logs: the sheet of XLSX logs to read (default: the first)."))
    ),
]
MemoryOpt = Annotated[
    str | None,
    typer.Option(
        "--memory-limit",
        help=_h(msg("help.memory-limit", "Queue logs: memory DuckDB may use before spilling to disk [1GB].")),
    ),
]


def _log_request(
    activity: list[str] | None, start: str | None, end: str | None, sheet: str | None, memory: str | None
) -> LogRequest | None:
    """``--activity`` and its companions, or None; a companion without ``--activity`` is a usage error."""
    from mpptool.commands.audit import LogRequest

    if not activity:
        for name, value in (("--from", start), ("--to", end), ("--sheet", sheet), ("--memory-limit", memory)):
            if value is not None:
                raise UsageError(
                    msg(
                        "errors.needs-activity",
                        "{option} reads queue logs: give them with --activity PATH",
                        option=name,
                    ),
                    "E002",
                )
        return None
    return LogRequest(tuple(activity), start, end, sheet, memory)


@app.command(
    help=_h(
        msg(
            "help.audit",
            "Report staffing gaps, empty and part-time counters, agencies on paper, standards and throughput.",
        )
    )
)
def audit(
    paths: PathsArg = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help=_h(
                msg(
                    "help.audit-format",
                    "Output format: text, json, markdown, csv; github, sarif, junit for CI. "
                    "Default: what -o's file name ends with, else text.",
                )
            ),
        ),
    ] = None,
    output: OutputOpt = None,
    fail_on: Annotated[
        str,
        typer.Option(
            "--fail-on", help=_h(msg("help.fail-on", "Exit 1 on findings this severe: error, warning, info or never."))
        ),
    ] = "never",
    mpp: Annotated[
        list[str] | None,
        typer.Option("--mpp", help=_h(msg("help.audit-mpp", "Audit only the MPP with this id (repeatable)."))),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help=_h(msg("help.audit-as-of", "Judge agreements as of this date, YYYY-MM-DD (default: today).")),
        ),
    ] = None,
    expiring_within: Annotated[
        int | None,
        typer.Option(
            "--expiring-within",
            min=0,
            help=_h(msg("help.expiring-within", "Days ahead in which an expiring agreement is reported [90].")),
        ),
    ] = None,
    benchmark: Annotated[
        int | None,
        typer.Option(
            "--benchmark",
            min=1,
            help=_h(msg("help.benchmark", "Busiest MPPs' visitors a day, to set throughput against [4000].")),
        ),
    ] = None,
    low_throughput: Annotated[
        int | None,
        typer.Option(
            "--low-throughput",
            min=0,
            help=_h(msg("help.low-throughput", "Visitors per open day under which a period is reported [40].")),
        ),
    ] = None,
    peer_share: Annotated[
        float | None,
        typer.Option(
            "--peer-share",
            min=0.0,
            max=1.0,
            help=_h(msg("help.peer-share", "Report an MPP under this share of the peer median [0.5].")),
        ),
    ] = None,
    select: SelectOpt = None,
    extend_select: ExtendSelectOpt = None,
    ignore: IgnoreOpt = None,
    config: ConfigOpt = None,
    isolated: IsolatedOpt = False,
    jobs: JobsOpt = None,
    activity: ActivityOpt = None,
    log_from: LogFromOpt = None,
    log_to: LogToOpt = None,
    sheet: SheetOpt = None,
    memory_limit: MemoryOpt = None,
    show_source: ShowSourceOpt = None,
    no_cache: NoCacheOpt = False,
    cache_dir: CacheDirOpt = None,
    lang: LangOpt = None,
) -> None:
    import datetime as dt

    from mpptool.commands.audit import AuditOptions, run_audit
    from mpptool.engine.progress import progress_bar, wanted
    from mpptool.engine.settings import catalog_paths
    from mpptool.formats import AuditFormat, medium, needs_root, render
    from mpptool.formats.shared import Style

    chosen = _format(AuditFormat, fmt, output, AuditFormat.TEXT)
    threshold = _choice(FailOn, fail_on, "--fail-on")
    options = AuditOptions(
        catalog_paths(paths),
        _selection(select, extend_select, ignore),
        config,
        isolated,
        as_of,
        {
            "expiring_within": expiring_within,
            "benchmark": benchmark,
            "low_throughput": low_throughput,
            "peer_share": peer_share,
        },
        tuple(mpp or ()),
        None if threshold is FailOn.NEVER else Severity(threshold.value),
        jobs,
        _log_request(activity, log_from, log_to, sheet, memory_limit),
        needs_root(chosen),
        _show_source(show_source, chosen is AuditFormat.TEXT, output),
        not no_cache,
        cache_dir,
    )
    with progress_bar("Auditing", wanted()) as progress:
        run = run_audit(options, dt.date.today(), progress)
    language = _language(lang, options.paths, config, isolated)
    _notes(run.result.notes, language)
    logs = run.result.activity.files if run.result.activity is not None else ()
    inputs = [*options.paths, *run.read, *(activity or ()), *logs]  # a log inside a folder is an input too
    _emit(
        render(run.result, chosen, Style(color=_use_color(output), lang=language)),
        output,
        inputs,
        medium(chosen),
    )
    raise typer.Exit(run.exit_status)


activity_app = typer.Typer(
    name="activity",
    help=_h(
        msg("help.activity-app", "Queue-machine logs on their own: check an export before it is used as evidence.")
    ),
    no_args_is_help=True,
)
app.add_typer(activity_app)


@activity_app.command(
    "check",
    help=_h(
        msg(
            "help.activity-check",
            "Check queue logs alone: columns, times, ids, duplicates, impossible orders; every bad row at file:row.",
        )
    ),
)
def activity_check(
    logs: Annotated[
        list[str],
        typer.Argument(
            help=_h(msg("help.logs", "Log files or folders (CSV, Parquet, JSON Lines, XLSX).")), show_default=False
        ),
    ],
    catalog: Annotated[
        list[str] | None,
        typer.Option(
            "--catalog",
            help=_h(msg("help.check-catalog", "The catalog the logs must match (repeatable; default: ./catalog).")),
        ),
    ] = None,
    fmt: CheckFormatOpt = None,
    output: OutputOpt = None,
    mpp: Annotated[
        list[str] | None,
        typer.Option(
            "--mpp",
            help=_h(
                msg("help.check-mpp", "Only rows of this MPP; given once, it is the MPP of logs with no mpp column.")
            ),
        ),
    ] = None,
    log_from: LogFromOpt = None,
    log_to: LogToOpt = None,
    sheet: SheetOpt = None,
    memory_limit: MemoryOpt = None,
    select: SelectOpt = None,
    extend_select: ExtendSelectOpt = None,
    ignore: IgnoreOpt = None,
    config: ConfigOpt = None,
    isolated: IsolatedOpt = False,
    strict: StrictOpt = False,
    exit_zero: ExitZeroOpt = False,
    statistics: StatisticsOpt = False,
    lang: LangOpt = None,
) -> None:
    import datetime as dt

    from mpptool.commands.activity import CheckOptions, run_check
    from mpptool.commands.audit import LogRequest
    from mpptool.engine.settings import catalog_paths
    from mpptool.formats import OutputFormat, medium, needs_root, render, resolve_format
    from mpptool.formats.shared import Style

    chosen = resolve_format(_format(OutputFormat, fmt, output, OutputFormat.AUTO), os.environ)
    options = CheckOptions(
        LogRequest(tuple(logs), log_from, log_to, sheet, memory_limit),
        catalog_paths(catalog),
        _selection(select, extend_select, ignore),
        config,
        isolated,
        tuple(mpp or ()),
        strict,
        exit_zero,
        needs_root(chosen),
    )
    run = run_check(options, dt.date.today())
    language = _language(lang, options.catalog, config, isolated)
    _notes(run.result.notes, language)
    rendered = render(run.result, chosen, Style(color=_use_color(output), statistics=statistics, lang=language))
    _emit(rendered, output, [*options.catalog, *logs, *run.result.files, *run.read], medium(chosen))
    raise typer.Exit(run.exit_status)


@app.command(
    help=_h(msg("help.new", "Start a new MPP file for a region: every part of the format once, with what to fill in."))
)
def new(
    region: Annotated[
        str | None,
        typer.Option(
            "--region",
            help=_h(msg("help.region", "Kemendagri code of the kab/kota (or province) the MPP serves, e.g. 32.05.")),
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help=_h(msg("help.new-output", "Where to write it (default: catalog/<id>.yaml); .xlsx: a workbook.")),
        ),
    ] = None,
    lang: Annotated[
        str, typer.Option("--lang", help=_h(msg("help.new-lang", "Language of the comments: id (Indonesian) or en.")))
    ] = "id",
    from_xlsx: Annotated[
        str | None,
        typer.Option(
            "--from-xlsx",
            help=_h(msg("help.from-xlsx", "Start from a filled workbook (as `mpptool export` writes) instead.")),
        ),
    ] = None,
) -> None:
    from mpptool.commands.new import NewOptions, run_new
    from mpptool.engine.output import write_stdout

    run = run_new(NewOptions(region, output, lang, from_xlsx))
    _notes(run.problems)
    what = f"from {safe(from_xlsx)}" if from_xlsx else "fill in what its comments ask"
    if not from_xlsx and run.path.lower().endswith(".xlsx"):
        what = "fill in its sheets"
    write_stdout(
        f"wrote {safe(run.path)} (MPP id {safe(run.id)}): {what}, then run `mpptool validate {safe(run.path)}`\n"
    )
    raise typer.Exit(run.exit_status)


@app.command(
    help=_h(msg("help.fix", "Apply the fixes that are certain, keeping comments, order and quoting; say what remains."))
)
def fix(
    paths: PathsArg = None,
    diff: Annotated[
        bool,
        typer.Option("--diff", help=_h(msg("help.fix-diff", "Show the changes as a unified diff; write nothing."))),
    ] = False,
    unsafe_fixes: Annotated[
        bool,
        typer.Option(
            "--unsafe-fixes",
            help=_h(msg("help.unsafe-fixes", "Also apply the guesses (30.000 -> 30000 where a whole number is due).")),
        ),
    ] = False,
    fmt: Annotated[str, typer.Option("--format", "-f", help=_h(msg("help.fix-format", "text or json.")))] = "text",
    select: SelectOpt = None,
    extend_select: ExtendSelectOpt = None,
    ignore: IgnoreOpt = None,
    config: ConfigOpt = None,
    isolated: IsolatedOpt = False,
    lang: LangOpt = None,
) -> None:
    from mpptool.commands.fix import FixOptions, run_fix
    from mpptool.engine.output import write_stdout
    from mpptool.engine.settings import catalog_paths
    from mpptool.formats import FixFormat, render
    from mpptool.formats.shared import Style

    chosen = _choice(FixFormat, fmt, "--format")
    options = FixOptions(
        catalog_paths(paths), diff, unsafe_fixes, _selection(select, extend_select, ignore), config, isolated
    )
    run = run_fix(options)
    write_stdout(render(run.result, chosen, Style(lang=_language(lang, options.paths, config, isolated))))
    raise typer.Exit(run.exit_status)


ForceOpt = Annotated[bool, typer.Option("--force", help=_h(msg("help.force", "Replace the output if it exists.")))]


@app.command(
    "export",
    help=_h(
        msg(
            "help.export",
            "Write an MPP file as an XLSX workbook a clerk can keep: one sheet per list, drop-downs, codes as text.",
        )
    ),
)
def export_(
    source: Annotated[
        str,
        typer.Argument(
            help=_h(msg("help.export-source", "The MPP file (YAML) to write as a workbook.")), show_default=False
        ),
    ],
    output: Annotated[
        str, typer.Option("--output", "-o", help=_h(msg("help.export-output", "The workbook to write (.xlsx).")))
    ],
    lang: Annotated[
        str, typer.Option("--lang", help=_h(msg("help.export-lang", "Language of sheet names and headers: id or en.")))
    ] = "id",
    force: ForceOpt = False,
) -> None:
    from mpptool.commands.spreadsheet import SpreadsheetOptions, run_export
    from mpptool.engine.output import write_stdout

    run = run_export(SpreadsheetOptions(source, output, lang, force))
    write_stdout(f"wrote {safe(run.output)}\n")
    raise typer.Exit(run.exit_status)


@app.command(
    "import",
    help=_h(msg("help.import", "Turn a workbook written by `mpptool export` (and edited) back into an MPP file.")),
)
def import_(
    source: Annotated[
        str,
        typer.Argument(
            help=_h(msg("help.import-source", "The workbook (.xlsx) to turn back into an MPP file.")),
            show_default=False,
        ),
    ],
    output: Annotated[
        str, typer.Option("--output", "-o", help=_h(msg("help.import-output", "The MPP file (YAML) to write.")))
    ],
    force: ForceOpt = False,
) -> None:
    from mpptool.commands.spreadsheet import SpreadsheetOptions, run_import
    from mpptool.engine.output import write_stdout

    run = run_import(SpreadsheetOptions(source, output, force=force))
    _notes(run.problems)
    write_stdout(f"wrote {safe(run.output)}; check it with `mpptool validate {safe(run.output)}`\n")
    raise typer.Exit(run.exit_status)


@app.command(
    help=_h(
        msg("help.diff", "Compare two MPPs by service type and agency category, many MPPs as a matrix, or revisions.")
    )
)
def diff(
    args: Annotated[
        list[str] | None,
        typer.Argument(
            help=_h(
                msg("help.diff-args", "Two MPPs (files or ids) to compare; with --rev or --matrix, catalog paths.")
            ),
            show_default=False,
        ),
    ] = None,
    rev: Annotated[
        str | None,
        typer.Option("--rev", help=_h(msg("help.rev", "Compare with git revision REV (or A..B: two revisions)."))),
    ] = None,
    matrix: Annotated[
        bool, typer.Option("--matrix", help=_h(msg("help.matrix", "Service type by MPP presence over the catalog.")))
    ] = False,
    catalog: Annotated[
        str, typer.Option("--catalog", help=_h(msg("help.diff-catalog", "Where MPP ids are looked up.")))
    ] = "catalog",
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help=_h(
                msg(
                    "help.diff-format",
                    "Output format: text, json, markdown or github. Default: what -o's file name ends with, else text.",
                )
            ),
        ),
    ] = None,
    output: OutputOpt = None,
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help=_h(msg("help.exit-code", "Exit 1 when there are differences.")))
    ] = False,
    jobs: JobsOpt = None,
    lang: LangOpt = None,
) -> None:
    from mpptool.commands.diff import DiffOptions, run_diff
    from mpptool.engine.settings import catalog_paths
    from mpptool.formats import DiffFormat, medium, render

    chosen = _format(DiffFormat, fmt, output, DiffFormat.TEXT)
    options = DiffOptions(tuple(args or ()), rev, matrix, catalog, exit_code, jobs)
    run = run_diff(options, lambda: catalog_paths(None))
    from mpptool.formats.shared import Style

    _emit(render(run.result, chosen, Style(lang=_language(lang))), output, run.read, medium(chosen))
    raise typer.Exit(run.exit_status)


@app.command(help=_h(msg("help.schema", "Print the catalog JSON Schema (point your editor's YAML plugin at it).")))
def schema() -> None:
    from mpptool.loaders.schema import schema_text

    _emit(schema_text(), None, (), "json")


@app.command(help=_h(msg("help.types", "List the national service-type taxonomy: code, category and name.")))
def types() -> None:
    from mpptool.loaders.reference import load_service_types

    lines = (f"{code}  {entry.category:<12}  {entry.name}\n" for code, entry in load_service_types().items())
    _emit("".join(lines), None, ())


@app.command(help=_h(msg("help.rules", "List every rule (code, name, default severity, summary), or explain one.")))
def rules(
    code: Annotated[
        str | None,
        typer.Argument(
            help=_h(msg("help.rule-code", "Explain this rule, with examples; a prefix (C, A00) lists those rules."))
        ),
    ] = None,
    lang: LangOpt = None,
) -> None:
    from mpptool.commands.rules import run_rules
    from mpptool.formats import RulesFormat, render

    _emit(render(run_rules(code, _language(lang).value), RulesFormat.TEXT), None, ())


@app.command(
    help=_h(
        msg("help.report", "Write a rollout report: national coverage, provinces, each MPP, service types, sources.")
    )
)
def report(
    paths: PathsArg = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help=_h(
                msg(
                    "help.report-format",
                    "Output format: markdown, html, json or csv. "
                    "Default: what -o's file name ends with, else markdown.",
                )
            ),
        ),
    ] = None,
    output: OutputOpt = None,
    province: Annotated[
        str | None,
        typer.Option(
            "--province",
            help=_h(msg("help.province", "Narrow to one province (two-digit code, e.g. 32); national figures stay.")),
        ),
    ] = None,
    lang: LangOpt = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", help=_h(msg("help.report-as-of", "Report as of this date, YYYY-MM-DD (default: today)."))
        ),
    ] = None,
    select: SelectOpt = None,
    extend_select: ExtendSelectOpt = None,
    ignore: IgnoreOpt = None,
    config: ConfigOpt = None,
    isolated: IsolatedOpt = False,
    jobs: JobsOpt = None,
    activity: ActivityOpt = None,
    log_from: LogFromOpt = None,
    log_to: LogToOpt = None,
    sheet: SheetOpt = None,
    memory_limit: MemoryOpt = None,
    summary: Annotated[
        bool,
        typer.Option(
            "--summary",
            help=_h(msg("help.summary", "The executive summary page alone (html and markdown): one A4 page.")),
        ),
    ] = False,
    no_cache: NoCacheOpt = False,
    cache_dir: CacheDirOpt = None,
) -> None:
    import datetime as dt

    from mpptool.commands.report import ReportOptions, run_report
    from mpptool.engine.progress import progress_bar, wanted
    from mpptool.engine.settings import catalog_paths
    from mpptool.formats import ReportFormat, medium, render
    from mpptool.formats.shared import Style

    chosen = _format(ReportFormat, fmt, output, ReportFormat.MARKDOWN)
    language = _language(lang, catalog_paths(paths), config, isolated)
    if summary and chosen not in (ReportFormat.HTML, ReportFormat.MARKDOWN):
        raise UsageError(
            msg(
                "errors.summary-format",
                "--summary: a page for people (html, markdown); {format} holds every figure",
                format=chosen.value,
            ),
            "E002",
        )
    options = ReportOptions(
        catalog_paths(paths),
        _selection(select, extend_select, ignore),
        config,
        isolated,
        as_of,
        province,
        jobs,
        _log_request(activity, log_from, log_to, sheet, memory_limit),
        not no_cache,
        cache_dir,
    )
    with progress_bar("Reporting", wanted()) as progress:
        run = run_report(options, dt.date.today(), progress)
    _notes(run.report.notes, language)
    inputs = [*options.paths, *run.read, *(activity or ())]
    _emit(render(run.report, chosen, Style(lang=language, summary_only=summary)), output, inputs, medium(chosen))
    raise typer.Exit(run.exit_status)


def _format(formats: type[E], fmt: str | None, output: str | None, default: E) -> E:
    """--format as given; else the format -o's file name asks for (``report.html``); else the command's default."""
    if fmt is not None:
        return _choice(formats, fmt, "--format")
    from mpptool.formats import format_for

    return format_for(formats, output) or default


def _choice(enum_type: type[E], value: str, option: str) -> E:
    try:
        return enum_type(value)
    except ValueError:
        allowed = ", ".join(str(member.value) for member in enum_type)
        raise UsageError(
            msg(
                "errors.unknown-value",
                "{option}: unknown value {value}; choose one of: {allowed}",
                option=option,
                value=repr(value),
                allowed=allowed,
            ),
            "E002",
        ) from None


def main() -> None:
    """Console entry point: usage and environment errors exit 2 with a message, never a traceback."""
    from mpptool.engine.output import Interrupted, StdoutClosed

    try:
        app(standalone_mode=True)
    except UsageError as exc:
        sys.stderr.write(f"mpptool: error [{exc.code}]: {safe(exc.say(_early_language()))}\n")
        sys.exit(2)
    except StdoutClosed:
        sys.exit(141)  # the reader went away (`| head`): 128 + SIGPIPE, as a shell reports it
    except (KeyboardInterrupt, Interrupted) as exc:
        sys.stderr.write("mpptool: interrupted\n")
        sys.exit(128 + exc.number if isinstance(exc, Interrupted) else 130)
    except Exception as exc:
        if os.environ.get("MPPTOOL_DEBUG"):
            raise
        sys.stderr.write(
            f"mpptool: internal error: {type(exc).__name__}: {safe(str(exc))}\n"
            "This is a bug in mpptool; rerun with MPPTOOL_DEBUG=1 for details and report it.\n"
        )
        sys.exit(2)
