"""The screens' one contract with the app (ui/app_contract.py): the app and the dialog tests'
host both keep it, and nothing reaches into Textual's private attributes or tells screens
apart by class name."""

from __future__ import annotations

import re
from pathlib import Path

from export_fixtures import ExportHost

from tui_export.ui.app import TuiExportApp
from tui_export.ui.app_contract import AppContract

ROOT = Path(__file__).resolve().parents[2]

# Textual internals the code once used; each has a public way (see ui/terminal.py, conftest.notifications).
PRIVATE = re.compile(r"\._(notifications|thread_id|driver)\b")
# a screen told apart by its class name instead of isinstance
BY_NAME = re.compile(r"__class__\.__name__\s*==|type\([^)]*\)\.__name__\s*==")
# a screen guessing what the app has instead of asking the contract
GUESS = re.compile(r"getattr\((self\.)?app, \"(lang|session|engine|read_only|demo|state_dir|show_error|"
                   r"refuse_if_read_only|download_dir|account_label|source_label|connection_state)\"")


def test_the_app_and_the_test_host_keep_the_contract():
    assert isinstance(TuiExportApp(), AppContract)
    assert isinstance(ExportHost(None, lambda: None), AppContract)


def test_a_host_missing_a_member_breaks_it():
    class Partial(ExportHost):
        job_folder = None   # a host without the jobs' side

    assert not isinstance(Partial(None, lambda: None), AppContract)


def _offences(pattern: re.Pattern, folder: str) -> list[str]:
    found = []
    for path in sorted((ROOT / folder).rglob("*.py")):
        if path.name == Path(__file__).name:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    return found


def test_no_private_textual_attributes():
    assert _offences(PRIVATE, "tui_export") + _offences(PRIVATE, "tests") == []


def test_the_app_code_asks_the_contract_and_never_a_class_name():
    assert _offences(BY_NAME, "tui_export/ui") + _offences(GUESS, "tui_export/ui") == []
