"""Nothing that looks like a real AccessKey id or a private key is ever committed.

Real AccessKey ids start with LTAI; test data uses obviously fake ids instead.
"""

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOOKS_REAL = re.compile(rb"LTAI[0-9A-Za-z]{12,}|-----BEGIN (?:RSA |EC |OPENSSH )?PRIVATE KEY-----")


def _files():
    try:
        out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
        return [ROOT / name for name in out.decode().split("\0") if name]
    except (OSError, subprocess.CalledProcessError):   # not a checkout: look at the sources
        return [p for p in ROOT.rglob("*") if p.is_file() and ".venv" not in p.parts and ".git" not in p.parts]


def test_no_file_holds_something_like_a_real_key():
    hits = []
    for path in _files():
        try:
            data = path.read_bytes()
        except OSError:
            continue
        for match in LOOKS_REAL.finditer(data):
            hits.append(f"{path.relative_to(ROOT)}: {match.group()[:8].decode(errors='replace')}…")
    assert hits == []


def test_the_check_would_catch_one():
    assert LOOKS_REAL.search(b"key = 'LTAI" + b"5tAbCdEfGh1234'")   # split so this file stays clean
