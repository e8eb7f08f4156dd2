"""`tui-export sim`: run the embedded cloud in the foreground until SIGINT/SIGTERM.

Prints exactly one JSON line on stdout (endpoints and the demo keys) so scripts can
read it; everything else goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import logging
import logging.handlers
import signal
import time
import sys


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tui-export sim",
        description="Run the embedded cloud (ECS, RAM/STS, OSS) on 127.0.0.1 and print its endpoints as one JSON line.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1; anything else is reachable from the network)")
    parser.add_argument("--port", type=int, default=0, help="first port: ECS on N, RAM/STS on N+1, OSS on N+2 (default 0: free ports)")
    parser.add_argument("--scenario", default="demo", help="'demo' or a scenario JSON file (format: tui_export/sim/README.md)")
    parser.add_argument("--export-seconds", type=float, default=20.0, help="how long an export task runs (default 20)")
    parser.add_argument("--bytes-per-gib", type=int, default=1 << 20, help="bytes written per GiB of disk (default 1048576)")
    parser.add_argument("--faults", default=None, help="e.g. 'throttle=0.1,latency_ms=50,only=ExportImage|DescribeTasks'")
    parser.add_argument("--log-level", default="INFO", choices=("DEBUG", "INFO", "WARNING", "ERROR"))
    parser.add_argument("--lang", choices=("en", "zh"),
                        help="language of a refusal (default: from the locale, like the app)")
    return parser


def main(argv: list[str]) -> int:
    # argparse's own usage errors (`--port abc`, an unknown flag) stay argparse's English lines,
    # exit 2, as in the product's commands (the app, headless/common.py's _Parser, doctor)
    args = _parser().parse_args(argv)
    # the product's own rule for the language (LC_ALL, LC_MESSAGES, LANG...), so `sim` answers in
    # the language the app would; only the choice is shared, the sim's words are its own
    from tui_export.core.i18n import default_lang

    lang = args.lang or default_lang()
    held = _hold_logs(args.log_level)
    try:
        cloud = _start(args, lang)
    except _Refused as refused:   # one line naming the flag or file, in the user's language (issue #7 §3)
        _release_logs(held, shown=False)
        print(f"tui-export sim: {refused}", file=sys.stderr)
        return 2
    except BaseException:   # not a refusal: what was logged before it helps
        _release_logs(held, shown=True)
        raise
    _release_logs(held, shown=True)
    log = logging.getLogger("tui_export.sim")
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        log.warning("binding %s: the embedded cloud (with its fixed demo keys) is reachable from the network",
                    args.host)
    # A plain flag, not threading.Event: Event.set() from a signal handler can deadlock
    # when the signal lands while the main thread holds the Event's lock inside wait().
    stopping: list[int] = []
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda sig, _frame: stopping.append(sig))
    try:
        line = {**cloud.endpoints(), "access_key_id": cloud.access_key_id,
                "access_key_secret": cloud.access_key_secret}
        sys.stdout.write(json.dumps(line) + "\n")
        sys.stdout.flush()
        log.info("serving until Ctrl-C (faults: %s)", cloud.faults.describe())
        while not stopping:
            time.sleep(0.2)   # a signal interrupts the sleep; its handler sets the flag
    finally:
        cloud.stop()
        log.info("stopped")
    return 0


class _Refused(Exception):
    """The one line `sim` ends with (exit 2), already in the user's language."""


def _start(args: argparse.Namespace, lang: str):
    """The embedded cloud, listening; or _Refused for a flag or a scenario it can't use."""
    from tui_export.sim.embedded import EmbeddedCloud
    from tui_export.sim.faults import parse_spec
    from tui_export.sim.flag_messages import FlagError, refused_flag
    from tui_export.sim.scenario import ScenarioError

    try:
        _check_numbers(args)
    except FlagError as exc:
        raise _Refused(exc.text(lang)) from None
    try:
        parse_spec(args.faults or "")
    except FlagError as exc:
        raise _Refused(refused_flag("--faults", exc).text(lang)) from None
    try:
        cloud = EmbeddedCloud(args.scenario, export_seconds=args.export_seconds, bytes_per_gib=args.bytes_per_gib,
                              faults=args.faults, host=args.host, port=args.port)
    except ScenarioError as exc:
        raise _Refused(exc.text(lang)) from None
    try:
        return cloud.start()
    except OSError as exc:   # port in use, address not available, a host name that doesn't resolve
        raise _Refused(_cannot_listen(cloud, args, exc).text(lang)) from None


def _hold_logs(level: str) -> logging.handlers.MemoryHandler:
    """Start-up logs ("ecs listening on ...") are held until every server listens: a refusal
    (the OSS port taken after ECS bound) is then the only line on stderr, as scripts read it."""
    stream = logging.StreamHandler(sys.stderr)
    stream.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    held = logging.handlers.MemoryHandler(1 << 16, flushLevel=logging.CRITICAL + 1, target=stream,
                                          flushOnClose=False)
    root = logging.getLogger()
    held.level_before = root.level   # given back on a refusal (main() called in-process, by tests)
    root.setLevel(level)
    root.addHandler(held)
    return held


def _release_logs(held: logging.handlers.MemoryHandler, shown: bool) -> None:
    """Started: the held lines are written and logs go straight to stderr from now on.
    Refused: they are dropped."""
    root = logging.getLogger()
    if shown:
        root.addHandler(held.target)
    else:
        root.setLevel(held.level_before)
    root.removeHandler(held)
    if shown:
        held.flush()
    held.close()


def _check_numbers(args: argparse.Namespace) -> None:
    """The numbers argparse took but the cloud can't use, each refused with its flag's name."""
    import math

    from tui_export.sim.flag_messages import FlagError

    if not math.isfinite(args.export_seconds):   # "nan" and "inf" parse as floats
        raise FlagError("finite", flag="--export-seconds", value=str(args.export_seconds))
    if args.export_seconds < 0:
        raise FlagError("at_least", flag="--export-seconds", low=0, value=_number(args.export_seconds))
    if args.bytes_per_gib < 1:
        raise FlagError("at_least", flag="--bytes-per-gib", low=1, value=args.bytes_per_gib)
    if not 0 <= args.port <= 65533:
        raise FlagError("port_range", value=args.port)


def _number(value: float) -> str:
    return str(int(value)) if value.is_integer() else str(value)


def _cannot_listen(cloud, args: argparse.Namespace, exc: OSError):
    """A port taken (or privileged) is --port's fault; anything else (no such address, a name
    that doesn't resolve) is --host's."""
    import errno

    from tui_export.sim.flag_messages import FlagError, ListenReason

    if args.port and exc.errno in (errno.EADDRINUSE, errno.EACCES):
        # start() binds ECS (N), RAM (N+1), OSS (N+2) in turn and keeps each it bound: the first
        # one missing is the one that failed
        bound = [cloud.ecs, cloud.ram, cloud.oss]
        taken = args.port + (bound.index(None) if None in bound else 0)
        return FlagError("listen.port", port=args.port, host=args.host, taken=taken, reason=ListenReason(exc))
    return FlagError("listen.host", host=args.host, reason=ListenReason(exc))


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
