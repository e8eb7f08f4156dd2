"""`tui-export sim`: run the embedded cloud in the foreground until SIGINT/SIGTERM.

Prints exactly one JSON line on stdout (endpoints and the demo keys) so scripts can
read it; everything else goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import logging
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
                        help="language of a refused scenario (default: from the locale, like the app)")
    return parser


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=args.log_level, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    log = logging.getLogger("tui_export.sim")
    if args.export_seconds < 0 or args.bytes_per_gib < 1 or not 0 <= args.port <= 65533:
        print("tui-export sim: --export-seconds >= 0, --bytes-per-gib >= 1, --port 0..65533", file=sys.stderr)
        return 2
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        log.warning("binding %s: the embedded cloud (with its fixed demo keys) is reachable from the network",
                    args.host)

    # the product's own rule for the language (LC_ALL, LC_MESSAGES, LANG...), so `sim` answers in
    # the language the app would; only the choice is shared, the sim's words are its own
    from tui_export.core.i18n import default_lang
    from tui_export.sim.embedded import EmbeddedCloud
    from tui_export.sim.faults import parse_spec
    from tui_export.sim.scenario import ScenarioError

    try:
        parse_spec(args.faults or "")
        cloud = EmbeddedCloud(args.scenario, export_seconds=args.export_seconds, bytes_per_gib=args.bytes_per_gib,
                              faults=args.faults, host=args.host, port=args.port)
    except ScenarioError as exc:   # a bad scenario file: one line in the user's language (issue #7)
        print(f"tui-export sim: {exc.text(args.lang or default_lang())}", file=sys.stderr)
        return 2
    except ValueError as exc:   # a bad --faults spec
        print(f"tui-export sim: {exc}", file=sys.stderr)
        return 2
    # A plain flag, not threading.Event: Event.set() from a signal handler can deadlock
    # when the signal lands while the main thread holds the Event's lock inside wait().
    stopping: list[int] = []
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda sig, _frame: stopping.append(sig))
    try:
        cloud.start()
    except OSError as exc:   # port in use, address not available
        print(f"tui-export sim: cannot listen: {exc}", file=sys.stderr)
        return 1
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


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
