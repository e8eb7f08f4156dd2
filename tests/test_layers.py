"""core, cloud and sim never import Textual (docs/internals.md, "Layers")."""

import subprocess
import sys

import pytest

LAYERS = ["tui_export.core", "tui_export.cloud", "tui_export.sim", "tui_export.jobs", "tui_export.headless",
          "tui_export.convert"]


def _walk_and_import(package: str) -> str:
    return f"""
import importlib, pkgutil, sys
pkg = importlib.import_module({package!r})
for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
    importlib.import_module(info.name)
bad = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
print(",".join(bad))
"""


@pytest.mark.parametrize("package", LAYERS)
def test_layer_never_imports_textual(package):
    out = subprocess.run(
        [sys.executable, "-c", _walk_and_import(package)],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    assert out == "", f"{package} pulled in {out}"


def test_sim_never_imports_cloud_or_ui():
    code = _walk_and_import("tui_export.sim").replace(
        'm == "textual" or m.startswith("textual.")',
        'm.startswith(("tui_export.cloud", "tui_export.ui"))',
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "", f"tui_export.sim pulled in {out}"


def test_sim_keeps_its_own_rules_and_error_table():
    """The sim is the oracle: loading all of it (and running the demo) never loads the product's
    rules or error table, so a wrong product rule fails a test instead of being echoed."""
    code = _walk_and_import("tui_export.sim").replace(
        'm == "textual" or m.startswith("textual.")',
        'm in ("tui_export.core.rules", "tui_export.core.api_errors")',
    ).replace("bad = ", "from tui_export.sim import EmbeddedCloud\nwith EmbeddedCloud():\n    pass\nbad = ")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "", f"tui_export.sim pulled in {out}"


def test_cli_help_does_not_load_sdks():
    """The first screen must not wait for the SDKs: parsing the command line loads none."""
    code = (
        "import sys; from tui_export.cli import parse_app_args; parse_app_args(['--demo']);"
        "print(','.join(sorted(m for m in sys.modules if m.startswith(('oss2','aliyunsdk','keyring')))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""


@pytest.mark.parametrize("package", ["tui_export.jobs", "tui_export.headless"])
def test_job_engine_and_headless_never_import_the_ui(package):
    """The TUI and the headless commands are two faces on the job engine: neither engine nor
    commands lean on the UI."""
    code = _walk_and_import(package).replace(
        'm == "textual" or m.startswith("textual.")', 'm.startswith("tui_export.ui")')
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "", f"{package} pulled in {out}"
