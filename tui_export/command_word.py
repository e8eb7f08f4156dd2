"""Where the command is in `tui-export`'s argv: the app's options may come before the command's
name (`tui-export --lang zh doctor`, `--demo export ...`), and an option's value is no command."""

from __future__ import annotations

from typing import Collection


def first_word(argv: list[str], value_options: Collection[str]) -> int | None:
    """The index of the first word that is neither an option nor the value of one of
    `value_options` (the options that take a value), or None."""
    skip = False
    for i, arg in enumerate(argv):
        if skip:
            skip = False
        elif arg in value_options:
            skip = True
        elif not arg.startswith("-"):
            return i
    return None


def command_at(argv: list[str], value_options: Collection[str], names: Collection[str]) -> int | None:
    """Where one of `names` is the command, else None."""
    i = first_word(argv, value_options)
    return i if i is not None and argv[i] in names else None
