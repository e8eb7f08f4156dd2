"""Every text has English and Chinese; every key the screens ask for exists.

Covers each catalogue module (core/messages_*.py), the cloud error explanations
(core/explain.py), and a scan of the UI sources for literal `t("key", ...)` calls.
"""

import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import tui_export.core as core
from tui_export.core.i18n import CATALOGUE_MODULES, messages, t

UI_DIR = Path(__file__).resolve().parents[2] / "tui_export" / "ui"
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _message_modules():
    names = {m.name for m in pkgutil.iter_modules(core.__path__) if m.name.startswith("messages_")}
    return sorted(names)


@pytest.mark.parametrize("module_name", _message_modules())
def test_every_message_has_en_and_zh(module_name):
    module = importlib.import_module(f"tui_export.core.{module_name}")
    assert module_name in CATALOGUE_MODULES, f"core.i18n does not merge {module_name}"
    for key, texts in module.MESSAGES.items():
        assert set(texts) >= {"en", "zh"}, f"{module_name}: {key} lacks a language"
        assert texts["en"].strip() and texts["zh"].strip(), f"{module_name}: {key} has an empty text"
        # the same placeholders in both languages, or a value goes missing in one
        assert set(PLACEHOLDER.findall(texts["en"])) == set(PLACEHOLDER.findall(texts["zh"])), key


def test_every_error_explanation_has_en_and_zh():
    from tui_export.core.explain import EXPLANATIONS

    for code, texts in EXPLANATIONS.items():
        assert set(texts) >= {"en", "zh"}, code
        for lang in ("en", "zh"):
            what, next_step = texts[lang]
            assert what.strip() and next_step.strip(), f"{code} [{lang}]"


def test_seed_errors_are_all_explained():
    from tui_export.core.api_errors import SEED_ERRORS
    from tui_export.core.explain import EXPLANATIONS

    assert set(SEED_ERRORS) <= set(EXPLANATIONS)


def _keys_used_by_ui():
    keys = set()
    for path in UI_DIR.rglob("*.py"):
        for key in re.findall(r"""\bt\(\s*["']([a-z_]+\.[A-Za-z0-9_.]+)["']""", path.read_text(encoding="utf-8")):
            keys.add(key)
    return sorted(keys)


def test_every_key_the_ui_uses_exists():
    catalogue = messages()
    missing = [k for k in _keys_used_by_ui() if k not in catalogue]
    assert not missing, f"keys used by the UI but not in the catalogue: {missing}"


def test_dynamic_keys_exist():
    """Keys built at run time: columns, task statuses, blockers, read-only actions, worker jobs."""
    from tui_export.core.rules import export_blockers  # noqa: F401  (the reasons below are its)
    from tui_export.ui.screens.images import COLUMNS as IMAGE_COLUMNS
    from tui_export.ui.screens.tasks import COLUMNS as TASK_COLUMNS

    catalogue = messages()
    needed = [f"col.{c}" for c in IMAGE_COLUMNS + TASK_COLUMNS]
    needed += [f"task.status.{s}" for s in ("Waiting", "Processing", "Finished", "Failed", "Deleted", "Paused")]
    needed += [f"action.{a}" for a in ("export", "cancel", "create_role", "create_bucket")]
    needed += ["caution.region_export_unconfirmed"]
    needed += [f"blocker.{r}" for r in ("marketplace_image", "not_owned", "bad_name_length", "bad_name_url",
                                        "bad_name_start", "bad_name_char",
                                        "not_available", "marketplace_derived", "encrypted",
                                        "too_many_data_disks", "data_disk_too_big", "windows", "exporting")]
    assert [k for k in needed if k not in catalogue] == []


def test_unknown_key_comes_back_as_itself():
    assert t("no.such.key", "zh") == "no.such.key"
