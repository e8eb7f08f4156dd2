"""Headless commands (issue #9 §3): `regions`, `images`, `export`, `status`, `download`, `cleanup`,
`verify` (issue #11).

A contract scripts depend on: command lines, JSON shapes (schema.json) and exit codes
(exit_codes.py). One module per command; `main` finds the command name among the app's
options (they work before or after it) and runs it.
"""

from __future__ import annotations

import importlib
import sys

COMMANDS = ("regions", "images", "export", "status", "download", "cleanup", "verify")


def command_index(argv: list[str]) -> int | None:
    """Where the command name is in argv (app options may come before it), or None."""
    from tui_export.command_word import command_at
    from tui_export.headless.common import VALUE_OPTIONS

    return command_at(argv, VALUE_OPTIONS, COMMANDS)


def main(argv: list[str], index: int) -> int:
    from tui_export.headless import exit_codes
    from tui_export.headless.common import CommandFailed, emit_json, fail_from

    name = argv[index]
    rest = argv[:index] + argv[index + 1:]
    module = importlib.import_module(f"tui_export.headless.{name}")
    as_json = "--json" in rest
    try:
        return module.run(rest)
    except CommandFailed as exc:
        failed = exc
    except KeyboardInterrupt:
        # Ctrl-C outside a wait (signing in, the role check, a listing): follow.py answers one
        # inside it. Either way --json still prints its one document (the contract).
        from tui_export.core.i18n import t
        failed = CommandFailed(exit_codes.INTERRUPTED, t("headless.interrupted", _lang(rest)),
                               {"code": "Interrupted", "message": "interrupted", "request_id": None})
    except Exception as exc:   # noqa: BLE001 - a cloud call that ends the command: said, never a traceback
        lang = _lang(rest)
        failed = fail_from(exc, lang)
    print(f"tui-export {name}: {failed.text}", file=sys.stderr)
    if as_json:
        key = {"regions": "regions", "images": "images", "verify": "manifests"}.get(name, "tasks")
        doc = {key: [], "error": failed.error}
        if name == "images":
            doc["region_id"] = _value(rest, "--region")
        emit_json(doc)
    return failed.exit_code


def _value(argv: list[str], flag: str) -> str | None:
    for i, arg in enumerate(argv):
        if arg == flag and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith(flag + "="):
            return arg.split("=", 1)[1]
    return None


def _lang(argv: list[str]) -> str:
    from tui_export.core.i18n import default_lang
    return _value(argv, "--lang") or default_lang()
