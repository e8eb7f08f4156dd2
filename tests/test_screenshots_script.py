"""The README's screenshot command still walks the demo to a verified download (it broke once,
unnoticed, when the result screen's download moved to the job engine)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ("regions", "images", "export_form_validation", "task_in_progress", "download_verified")


def test_the_screenshot_script_reaches_a_verified_download(tmp_path):
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "screenshots.py"), "--size", "80x24",
                           "--out", str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert sorted(p.stem for p in tmp_path.glob("*.svg")) == sorted(SHOTS)
    # the SVG keeps the screen's text (spaces as &#160;)
    assert "verified&#160;(CRC-64)" in (tmp_path / "download_verified.svg").read_text(encoding="utf-8")
