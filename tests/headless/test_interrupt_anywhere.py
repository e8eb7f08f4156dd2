"""Ctrl-C outside a wait still ends with exit 130 and, with --json, exactly one JSON document of the
command's shape (the wait itself is tested as a subprocess in test_resume.py)."""

from __future__ import annotations

import json

import pytest

from tests.headless.conftest import validate
from tui_export import headless


@pytest.mark.parametrize("argv,shape", [
    (["--lang", "zh", "regions", "--json"], "regions"),
    (["images", "--region", "cn-hangzhou", "--json"], "images"),
    (["export", "--region", "cn-hangzhou", "--image", "m-x", "--bucket", "b", "--json"], "export"),
])
def test_ctrl_c_before_any_wait_prints_one_document_and_exits_130(argv, shape, monkeypatch, capsys):
    import importlib

    def interrupted(_argv):   # as if Ctrl-C came while the command signed in or listed
        raise KeyboardInterrupt
    monkeypatch.setattr(importlib.import_module(f"tui_export.headless.{shape}"), "run", interrupted)
    assert headless.main(argv, headless.command_index(argv)) == 130
    out, err = capsys.readouterr()
    doc = json.loads(out)                  # exactly one document
    validate(doc, shape)
    assert doc["error"]["code"] == "Interrupted" and doc[{"regions": "regions", "images": "images"}.get(
        shape, "tasks")] == []
    assert ("已中断" if "zh" in argv else "Interrupted") in err and "Traceback" not in err
