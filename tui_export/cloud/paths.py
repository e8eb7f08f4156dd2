"""Where tui-export keeps its files: config, state and logs.

Linux follows XDG (`XDG_CONFIG_HOME`, `XDG_STATE_HOME`); macOS and Windows use
their usual per-user folders. `TUI_EXPORT_CONFIG_DIR` / `TUI_EXPORT_STATE_DIR`
override everything (tests, portable setups).

Nothing here touches the disk at import time: the directory functions only
compute paths unless asked to `create=True`, and then create them 0700
because the config dir holds the encrypted secret store.
"""

from __future__ import annotations

import json
import os
import sys
import secrets
from collections.abc import Mapping
from pathlib import Path

APP_DIR_NAME = "tui-export"


def _home(env: Mapping[str, str]) -> Path:
    # HOME from the given mapping first, so tests that pass env= stay isolated.
    home = env.get("HOME") or env.get("USERPROFILE")
    return Path(home) if home else Path.home()


def _platform_default(kind: str, env: Mapping[str, str]) -> Path:
    home = _home(env)
    if sys.platform == "darwin":
        return home / "Library" / "Application Support" / APP_DIR_NAME / ("" if kind == "config" else "state")
    if sys.platform.startswith("win"):
        base = env.get("APPDATA") if kind == "config" else env.get("LOCALAPPDATA")
        return Path(base or home) / APP_DIR_NAME
    xdg_var, fallback = ("XDG_CONFIG_HOME", ".config") if kind == "config" else ("XDG_STATE_HOME", ".local/state")
    base = env.get(xdg_var, "")
    # XDG says relative values are invalid and must be ignored.
    root = Path(base) if base and os.path.isabs(base) else home / fallback
    return root / APP_DIR_NAME


def config_dir(*, env: Mapping[str, str] | None = None, create: bool = False) -> Path:
    """The app's config directory (profiles' non-secret parts, encrypted store)."""
    env = os.environ if env is None else env
    override = env.get("TUI_EXPORT_CONFIG_DIR")
    path = Path(override) if override else _platform_default("config", env)
    return ensure_private_dir(path) if create else path


def state_dir(*, env: Mapping[str, str] | None = None, create: bool = False) -> Path:
    """The app's state directory (task store, download checkpoints, logs)."""
    env = os.environ if env is None else env
    override = env.get("TUI_EXPORT_STATE_DIR")
    path = Path(override) if override else _platform_default("state", env)
    return ensure_private_dir(path) if create else path


def log_dir(*, env: Mapping[str, str] | None = None, create: bool = False) -> Path:
    path = state_dir(env=env) / "logs"
    return ensure_private_dir(path) if create else path


def ensure_private_dir(path: Path) -> Path:
    """Create `path` (and missing parents) with mode 0700; leave existing dirs alone.

    We only tighten directories we create: an override may point at a folder
    the user shares on purpose.
    """
    path = Path(path)
    if not path.is_dir():
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:
            os.chmod(path, 0o700)  # mkdir's mode is filtered by the umask
        except OSError:
            pass
    return path


def ensure_private_file(path: Path) -> Path:
    """Make sure `path` exists with mode 0600, whatever the umask and the directory's mode.

    Created empty (never truncated) with 0600 from the start; an existing file of ours
    that is looser (an older version's 0644) is tightened. For files other code opens
    by name afterwards: the task store (SQLite gives its -wal/-shm the database's mode),
    the log.
    """
    path = Path(path)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_BINARY", 0), 0o600)
    try:
        if hasattr(os, "fchmod") and os.fstat(fd).st_mode & 0o077:
            try:
                os.fchmod(fd, 0o600)
            except OSError:   # not ours to change (a shared override dir): leave it
                pass
    finally:
        os.close(fd)
    return path


def atomic_write_private(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write `data` to `path` with mode 0600, atomically (temp file + os.replace).

    The temp file is created 0600 from the start with os.open, so there is no
    moment where the content is readable by others. `durable=False` skips the
    fsync: still all-or-nothing for a crashed process, not for a power cut
    (for records rewritten many times a second, like download checkpoints).
    """
    path = Path(path)
    ensure_private_dir(path.parent)
    fd, tmp = _open_private_temp(path.parent, path.name)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            if durable:
                os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _open_private_temp(directory: Path, stem: str) -> tuple[int, str]:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        name = os.path.join(directory, f".{stem}.{secrets.token_hex(6)}.tmp")
        try:
            return os.open(name, flags, 0o600), name
        except FileExistsError:
            continue
    raise FileExistsError(f"could not create a temporary file in {directory}")


def display_path(path: Path | str, *, env: Mapping[str, str] | None = None) -> str:
    """`path` with the home directory shown as `~`, for messages."""
    env = os.environ if env is None else env
    p = str(path)
    home = str(_home(env))
    if home and (p == home or p.startswith(home.rstrip(os.sep) + os.sep)):
        return "~" + p[len(home.rstrip(os.sep)):]
    return p


def read_json_object(path: Path, error: type[Exception], *, env: Mapping[str, str] | None = None) -> dict | None:
    """The JSON object in `path`, or None when there is no such file. Anything else raises
    `error` naming the file (and the position of a syntax error), never echoing its text;
    the error's `.problem` says it in the user's language (cloud/bad_input.py)."""
    from tui_export.cloud.bad_input import refuse
    from tui_export.core import json_shape

    shown = display_path(path, env=env)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as e:
        refuse(error, "input.unreadable", file=shown, reason=e.strerror or type(e).__name__)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        refuse(error, "input.not_utf8", file=shown)
    try:
        data = json_shape.loads(text)
    except json.JSONDecodeError as e:
        refuse(error, "input.not_json", file=shown, line=e.lineno, column=e.colno)
    except json_shape.TooDeep:   # Python's parser would end in RecursionError
        refuse(error, "input.too_deep", file=shown, limit=json_shape.MAX_DEPTH)
    if not isinstance(data, dict):
        refuse(error, "input.not_object", file=shown)
    return data
