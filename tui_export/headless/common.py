"""What every headless command shares: the app's options (before or after the command name),
the session (same credential chain as the app, or the embedded cloud with --demo), the
task store, output (one JSON document on stdout with --json; progress on stderr at most
once a second) and errors said in the user's language.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from tui_export.cloud.account_label import account_of
from tui_export.headless import exit_codes

# app options that take a value: a command name right after one of them is that value
VALUE_OPTIONS = frozenset({"--profile", "--lang", "--region", "--ecs-endpoint", "--ram-endpoint",
                           "--oss-endpoint", "--oss-cname"})


class CommandFailed(Exception):
    """Ends a command: `code` is the exit code, `error` the JSON error (code, message, request_id)."""

    def __init__(self, exit_code: int, text: str, error: dict | None = None) -> None:
        super().__init__(text)
        self.exit_code = exit_code
        self.text = text
        self.error = error


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error with --json still prints one JSON document (exit 2)."""

    json_mode = False

    def error(self, message: str):   # noqa: D401
        if self.json_mode:
            print(json.dumps({"error": {"code": "Usage", "message": message, "request_id": None}}))
        self.print_usage(sys.stderr)
        self.exit(exit_codes.USAGE, f"{self.prog}: error: {message}\n")


def parser(command: str, description: str) -> argparse.ArgumentParser:
    from tui_export.endpoint_flags import ENDPOINT_FLAGS

    p = _Parser(prog=f"tui-export {command}", description=description)
    p.json_mode = False
    p.add_argument("--json", action="store_true", help="print exactly one JSON document on stdout")
    app = p.add_argument_group("the app's options")
    app.add_argument("--demo", action="store_true", help="the embedded demo cloud, inside this process")
    app.add_argument("--profile", help="credential profile (aliyun CLI or saved by this app)")
    app.add_argument("--lang", choices=("en", "zh"), help="language of messages (default: from the locale)")
    app.add_argument("--read-only", action="store_true", help="change nothing in the cloud (export and cleanup refused)")
    for flag, env, what in ENDPOINT_FLAGS:
        app.add_argument(flag, metavar="URL", help=f"{what} (env {env})")
    app.add_argument("--oss-internal", action="store_true", help="read objects through the OSS internal endpoint")
    app.add_argument("--oss-cname", metavar="DOMAIN", help="custom domain for object reads")
    return p


def add_convert_options(p: argparse.ArgumentParser) -> None:
    """--convert FMT and --keep-archive (issue #11): what each downloaded archive becomes."""
    from tui_export.convert.formats import FORMATS

    p.add_argument("--convert", default="archive", choices=FORMATS, type=str.lower, metavar="FMT",
                   help="turn each archive into a disk while it downloads: " + ", ".join(FORMATS)
                   + " (default archive: the object as exported)")
    p.add_argument("--keep-archive", action="store_true",
                   help="keep the .tar.gz after converting (removed once the disk is verified otherwise)")


def convert_plan(args: argparse.Namespace):
    from tui_export.jobs.convert_step import ConvertPlan

    return ConvertPlan(args.convert, args.keep_archive) if args.convert != "archive" else None


def parse(p: argparse.ArgumentParser, argv: list[str]) -> argparse.Namespace:
    from tui_export.endpoint_flags import check_endpoint_flags, export_endpoint_flags
    from tui_export.core.i18n import default_lang

    p.json_mode = "--json" in argv
    args = p.parse_args(argv)
    args.lang = args.lang or default_lang()
    check_endpoint_flags(p, args, args.lang)
    export_endpoint_flags(args)
    return args


@dataclass
class Context:
    args: argparse.Namespace
    session: object
    store: object
    account: str
    lang: str
    sim: object = None
    engine: object = None
    _last_progress: float = field(default=0.0)

    def close(self) -> None:
        if self.engine is not None:
            self.engine.shutdown()
        if self.store is not None:
            self.store.close()
        if self.sim is not None:
            self.sim.stop()
            import shutil
            shutil.rmtree(getattr(self, "_demo_dir", None) or "", ignore_errors=True)

    def engine_for(self, options=None):
        from tui_export.jobs import JobEngine

        if self.engine is None:
            self.engine = JobEngine(self.session, self.store, account=self.account,
                                    read_only=self.args.read_only, options=options or engine_options())
        return self.engine

    def progress(self, line: str, *, force: bool = False) -> None:
        """A progress line on stderr, at most once a second."""
        now = time.monotonic()
        if force or now - self._last_progress >= 1.0:
            self._last_progress = now
            print(line, file=sys.stderr, flush=True)


def engine_options():
    """The app's knobs; TUI_EXPORT_POLL_SECONDS shortens the poll gap (tests, benchmarks)."""
    from tui_export.jobs import EngineOptions

    poll = float(os.environ.get("TUI_EXPORT_POLL_SECONDS", "") or 2.0)
    return EngineOptions(poll_seconds=poll, quota_retry_seconds=max(poll * 2, 0.5))


def open_context(args: argparse.Namespace) -> Context:
    """The session and store for this run; credential trouble ends with exit 3."""
    from tui_export.cloud.paths import state_dir
    from tui_export.cloud.session import CloudSession
    from tui_export.cloud.task_store import TaskStore

    lang = args.lang
    if args.demo:
        from tui_export.sim import EmbeddedCloud
        from tui_export.sim.demo_pace import demo_export_seconds

        # One process, one embedded cloud: its tasks can't outlive it, so its journal lives
        # in a folder of its own, removed with it (never mixed with a real account's).
        import tempfile
        where = Path(tempfile.mkdtemp(prefix="tui-export-demo-"))
        sim = EmbeddedCloud(scenario="demo", data_dir=where / "cloud", lang=lang or "en",
                             export_seconds=demo_export_seconds())
        sim.start()
        session = CloudSession.for_sim(sim)
        store = TaskStore(where)
        ctx = Context(args, session, store, "demo", lang, sim=sim)
        ctx._demo_dir = where   # type: ignore[attr-defined]
        return ctx
    from tui_export.cloud.credentials import resolve

    try:
        found = resolve(args.profile, passphrase_provider=_ask_passphrase)
    except Exception as exc:   # CredentialError: safe to show, says which file or variable
        raise CommandFailed(exit_codes.CREDENTIALS, credential_text(exc, lang), error_json(exc)) from None
    if not found:
        from tui_export.core.i18n import t, t_all
        checked = t_all(getattr(found, "checked", ()) or (), lang)
        raise CommandFailed(exit_codes.CREDENTIALS, t("headless.no_credentials", lang, checked=checked),
                            {"code": "NoCredentials", "message": "No AccessKey is configured.", "request_id": None})
    session = CloudSession(found, default_region=getattr(found, "region_id", None))
    store = TaskStore(state_dir(create=True))
    return Context(args, session, store, account_of(found), lang)


def _ask_passphrase(confirm: bool = False) -> str | None:
    if not sys.stdin.isatty():
        return None
    import getpass
    try:
        return getpass.getpass("passphrase: ")
    except (EOFError, KeyboardInterrupt):
        return None


def credential_text(exc: BaseException, lang: str) -> str:
    from tui_export.cloud.bad_input import localized
    from tui_export.core.i18n import t

    code = getattr(exc, "code", "") or ""
    what = t(code, lang) if code else ""
    detail = localized(exc, lang)
    return f"{what} {detail}".strip() if detail and detail != what else what or detail


def error_json(exc: BaseException | None) -> dict | None:
    if exc is None:
        return None
    code = getattr(exc, "code", "") or type(exc).__name__
    return {"code": code, "message": getattr(exc, "message", "") or str(exc),
            "request_id": getattr(exc, "request_id", "") or None}


def explain_text(code: str, message: str, request_id: str | None, lang: str, operation: str = "",
                 local: bool = False) -> str:
    """One line: the product's explanation of an error code, in the user's language."""
    from tui_export.core.explain import explain
    from tui_export.core.i18n import t

    what, nxt = explain(code, lang, message or "", operation, request_id=request_id or "", local=local)
    rid = f" (RequestId {request_id})" if request_id else ""
    return t("headless.error_line", lang, where="", code=code, what=what, next=nxt, rid=rid)


def fail_from(exc: BaseException, lang: str) -> CommandFailed:
    """Any error of a cloud call that ends the command, as a CommandFailed with its exit code."""
    code = getattr(exc, "code", "") or ""
    if code.startswith(("credentials.", "secret_store.")):
        return CommandFailed(exit_codes.CREDENTIALS, credential_text(exc, lang), error_json(exc))
    if code and callable(getattr(exc, "explain", None)):
        text = explain_text(code, getattr(exc, "message", ""), getattr(exc, "request_id", ""), lang,
                            getattr(exc, "operation", ""), bool(getattr(exc, "local", False)))
        return CommandFailed(exit_codes.for_error(code, getattr(exc, "operation", "")) or exit_codes.FAILED,
                             text, error_json(exc))
    return CommandFailed(exit_codes.FAILED, f"{type(exc).__name__}", error_json(exc))


def emit_json(doc: dict) -> None:
    sys.stdout.write(json.dumps(doc, ensure_ascii=False) + "\n")
    sys.stdout.flush()
