"""Every text has English and Chinese; every key the code asks for exists, with its values.

Covers each catalogue module (core/messages_*.py), the cloud error explanations
(core/explain.py), and a scan of the sources for literal `t("key", ...)` and
`self._t("key", ...)` calls: the key exists and every placeholder of its texts
gets a value. Under tests t() itself is strict (a gap raises; see core/i18n.py).
"""

import ast
import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import tui_export.core as core
from tui_export.core.i18n import CATALOGUE_MODULES, MissingText, messages, strict, t, t_or

PACKAGE_DIR = Path(__file__).resolve().parents[2] / "tui_export"
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
        for text in (texts["en"], texts["zh"]):   # no stray brace: t() formats every text
            text.format(**{name: "x" for name in PLACEHOLDER.findall(text)})


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


def _literal_lookups():
    """(place, key, keyword names or None when some come from **values) of every t("…")/self._t("…")."""
    found = []
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            first = node.args[0]
            if name not in ("t", "_t") or not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                continue
            names = None if any(k.arg is None for k in node.keywords) else {k.arg for k in node.keywords}
            found.append((f"{path.relative_to(PACKAGE_DIR.parent)}:{node.lineno}", first.value, names))
    return found


def test_the_scan_sees_both_spellings():
    keys = {key for _, key, _ in _literal_lookups()}
    assert "source.given" in keys and "export_result.verified" in keys   # t(…) in app.py, self._t(…) in result.py


def test_every_key_the_code_uses_exists_with_its_values():
    catalogue = messages()
    missing, unfilled = [], []
    for place, key, names in _literal_lookups():
        if key not in catalogue:
            missing.append(f"{place} {key}")
        elif names is not None:
            wanted = {p for text in catalogue[key].values() for p in PLACEHOLDER.findall(text)}
            if wanted - names:
                unfilled.append(f"{place} {key} lacks {sorted(wanted - names)}")
    assert not missing, f"keys used but not in the catalogue: {missing}"
    assert not unfilled, f"placeholders without a value: {unfilled}"


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


def test_strict_under_tests_quiet_for_users(monkeypatch):
    """Under pytest a missing key or value raises; a user's app shows the key or the unfilled text."""
    assert strict()
    with pytest.raises(MissingText, match="no.such.key"):
        t("no.such.key", "zh")
    with pytest.raises(MissingText, match="task"):
        t("task.done.other", "zh", status="x")           # {task} not given
    monkeypatch.setenv("TUI_EXPORT_I18N_STRICT", "0")
    assert t("no.such.key", "zh") == "no.such.key"
    assert t("task.done.other", "en", status="x") == "Export {task} ended: {status}."
    assert not strict({}) and strict({"PYTEST_CURRENT_TEST": "x"}) and strict({"TUI_EXPORT_I18N_STRICT": "1"})


def test_a_status_without_a_text_shows_as_the_api_said():
    from tui_export.core.i18n import image_status, task_status

    assert task_status("Deleted", "en") == "Cancelled" and task_status("Deleted", "zh") == "已取消"
    assert image_status("Creating", "zh") == "创建中"
    assert task_status("SomethingNew", "zh") == "SomethingNew" == t_or("task.status.SomethingNew", "SomethingNew")
