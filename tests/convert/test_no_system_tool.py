"""The writers need no system tool at run time (issue #11): every format converts in a process
whose PATH finds nothing (no qemu-img, tar, gzip), and qemu-img is needed only by the tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CONVERT_ALL = """
import sys
from pathlib import Path
from tui_export.convert.engine import convert_file
archive, out = Path(sys.argv[1]), Path(sys.argv[2])
for fmt in ("raw", "qcow2", "vmdk", "vhd"):
    print(convert_file(archive, out, fmt).path.name)
"""


def test_every_format_converts_with_an_empty_path(export, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PATH"}
    env["PATH"] = str(tmp_path / "nothing-here")
    res = subprocess.run([sys.executable, "-c", CONVERT_ALL, str(export), str(tmp_path)], env=env,
                         cwd=Path(__file__).resolve().parents[2], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert res.stdout.split() == [f"p_m-1_system.{fmt}" for fmt in ("raw", "qcow2", "vmdk", "vhd")]
