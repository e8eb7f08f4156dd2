"""The command is the first word that is no option and no option's value (command_word.py):
`sim`, `doctor` and the headless commands are found the same way behind the app's options."""

from __future__ import annotations

import pytest

from tui_export.command_word import command_at, first_word

VALUES = {"--lang", "--region"}


@pytest.mark.parametrize("argv, index", [
    (["sim"], 0),
    (["--lang", "zh", "sim", "--scenario", "f"], 2),
    (["--demo", "--lang", "sim", "doctor"], 3),        # "sim" is --lang's value here
    (["--demo", "--read-only"], None),
    (["--lang"], None),
])
def test_first_word_skips_options_and_their_values(argv, index):
    assert first_word(argv, VALUES) == index


def test_only_the_named_commands_count():
    assert command_at(["--region", "cn-hangzhou", "export"], VALUES, ("export", "status")) == 2
    assert command_at(["--region", "cn-hangzhou", "exprt"], VALUES, ("export", "status")) is None
