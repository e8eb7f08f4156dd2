"""The repository stands alone: no file cites notes kept outside it (docs/internals.md).

What the code relies on about the APIs and SDKs is written in docs/api.md and docs/sdk.md;
a citation points there. The patterns are built from pieces so this file doesn't match itself.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTSIDE = (
    "api" + "-notes",               # the project's private API notes
    ".." + "/shared",               # the folder beside the repository
    "/work" + "/shared",
    "DESIGN" + ".md",               # design and style notes that live beside the repository
    "STYLE" + ".md",
)
SKIP_DIRS = {".git", ".venv", "__pycache__", ".pytest_cache", "node_modules", "dist", "build"}


def repo_files() -> list[Path]:
    try:
        out = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
                             cwd=ROOT, capture_output=True, check=True).stdout.decode()
        files = [ROOT / name for name in out.split("\0") if name]
    except (OSError, subprocess.CalledProcessError):   # no git here: walk the tree
        files = [p for p in ROOT.rglob("*") if p.is_file() and not SKIP_DIRS & set(p.relative_to(ROOT).parts)]
    return [p for p in files if p.is_file()]


def test_no_file_cites_notes_outside_the_repository():
    found = []
    for path in repo_files():
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue        # binary files (images, archives) cite nothing
        for n, line in enumerate(text.splitlines(), 1):
            hits = [p for p in OUTSIDE if p in line]
            if hits:
                found.append(f"{path.relative_to(ROOT)}:{n}: {', '.join(hits)}")
    assert found == [], "cites notes outside the repository (write the fact in docs/ and cite that):\n" + "\n".join(found)


def test_every_cited_docs_section_exists():
    """A citation (a docs page, then a section title in double quotes) names a `## ` title of
    that page, or its start (renaming a section would otherwise leave the code pointing nowhere)."""
    cite = re.compile(r'(docs/[a-z_]+\.md)`?,\s+"([^"]+)"')
    titles: dict[str, set[str]] = {}
    missing = []
    for path in repo_files():
        if path.suffix not in (".py", ".md"):
            continue
        text = path.read_text(encoding="utf-8")
        for doc, title in cite.findall(" ".join(line.strip().lstrip("#").strip() for line in text.splitlines())):
            if doc not in titles:
                page = ROOT / doc
                titles[doc] = {line[3:].strip() for line in page.read_text(encoding="utf-8").splitlines()
                               if line.startswith("## ")} if page.is_file() else set()
            if not any(full.startswith(title) for full in titles[doc]):
                missing.append(f"{path.relative_to(ROOT)}: {doc}, \"{title}\"")
    assert missing == [], "cited sections that don't exist:\n" + "\n".join(missing)
