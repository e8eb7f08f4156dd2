"""Drill: every bad input of issue #7 §3 through the command line a user would type.

    .venv/bin/python benchmarks/drill_bad_input.py            # this tree
    PYTHONPATH=/path/to/other/tree .venv/bin/python benchmarks/drill_bad_input.py   # another one

Each input runs `tui-export sim --scenario F`, `tui-export info` or `tui-export [flags]` in a
subprocess with its own HOME and is counted as refused cleanly when it exits 2 with exactly one
line on stderr and no traceback, and that line names the file or flag at fault
(a one-line refusal that doesn't say where is counted "unnamed"). Prints one row per kind of
input and the total.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

TIMEOUT_S = 20   # an input that is accepted starts a server or the UI: stopped after this

GOOD_PROFILE = {"name": "default", "mode": "AK", "access_key_id": "FAKEdrill0000001",
                "access_key_secret": "drill-secret", "region_id": "cn-hangzhou"}
IMAGE = {"id": "m-ok0001", "name": "ok", "region": "cn-hangzhou"}

SCENARIOS = [
    "[]", '{"images":[1]}', '{"custom_policies":[]}',
    '{"buckets":[{"name":"Bad_Bucket!","region":"cn-hangzhou"}]}',
    '{"buckets":[{"name":"ab","region":"cn-hangzhou"}]}',
    '{"regions":"cn-hangzhou"}', '{"account":{"whitelisted":"yes"}}', '{"account":{"concurrent_quota":-1}}',
    '{"account":{"account_id":12}}', '{"images":[{"id":"m-1","name":"x"}]}',
    '{"images":[{"id":"m-1","name":"x","region":"cn-hangzhou","disks":[{"device":"/dev/xvda","size_gib":"40"}]}]}',
    '{"images":[{"id":"m-1","name":"x","region":"cn-hangzhou","created":"yesterday"}]}',
    '{"images":[{"id":"m-1","name":"x","region":"cn-hangzhou","tags":{"k":1}}]}',
    '{"roles":[{"name":"r","policies":[["a"]]}]}', '{"roles":[{"name":"r","trust_policy":5}]}',
    '{"tasks":[{"image":"m-none","bucket":"some-bucket"}]}',
    '{"images":[%s],"tasks":[{"image":"m-ok0001","bucket":"nowhere","status":"Finished"}]}' % json.dumps(IMAGE),
    '{"images":[%s],"tasks":[{"image":"m-ok0001","bucket":"abc","started_seconds_ago":"1h"}]}' % json.dumps(IMAGE),
    "{", "[" * 100_000,
]

CLI_CONFIGS = [
    "[" * 100_000 + "]" * 100_000,
    json.dumps({"current": "default", "profiles": [{**GOOD_PROFILE, "access_key_id": ["x"]}]}),
    json.dumps({"current": "default", "profiles": "abc"}),
    json.dumps({"current": "default", "profiles": [GOOD_PROFILE, {"name": "typo", "mode": "AccesKey"}]}),
    json.dumps({"current": "default", "profiles": [{**GOOD_PROFILE, "mode": 5}]}),
    json.dumps({"current": 7, "profiles": [GOOD_PROFILE]}),
    json.dumps({"profiles": [GOOD_PROFILE, "second"]}),
    json.dumps({"profiles": [{**GOOD_PROFILE, "expired_seconds": "3600"}]}),
    "[1, 2]", '{"profiles": [{"access_key_secret": "x",}]}',
]

APP_CONFIGS = [{"profiles": ["demo"]}, {"profiles": {"demo": {"store": "keyring", "key_hint": 5}}},
               {"current_profile": ["demo"]}, {"endpoints": {"ecs": "ftp://127.0.0.1:9"}}]

STORE_DAMAGE = {
    "bad base64": lambda d: {**d, "ciphertext": "%%%not base64%%%"},
    "kdf a string": lambda d: {**d, "kdf": "scrypt"},
    "n not a number": lambda d: {**d, "kdf": {**d["kdf"], "n": "32768"}},
    "n = 2**30": lambda d: {**d, "kdf": {**d["kdf"], "n": 2 ** 30}},
    "salt a number": lambda d: {**d, "kdf": {**d["kdf"], "salt": 12345}},
}

ENDPOINT_FLAGS = [
    ("--ecs-endpoint", "ftp://127.0.0.1:9"), ("--ecs-endpoint", "http://"), ("--ecs-endpoint", "127.0.0.1:abc"),
    ("--ecs-endpoint", "http://[::1"), ("--ram-endpoint", "http://127.0.0.1:99999"),
    ("--oss-endpoint", "https://oss.example/some/path"), ("--oss-cname", "mybucket=ftp://files.example"),
]


def run(args: list[str], home: Path, names: str, extra_env: dict | None = None) -> str:
    """The outcome of one input; `names`: what the refusal must name (the file or the flag)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TUI_EXPORT_", "ALIBABA", "ALIYUN", "ALICLOUD"))}
    env.update(HOME=str(home), TUI_EXPORT_CONFIG_DIR=str(home / "cfg"), TUI_EXPORT_STATE_DIR=str(home / "state"),
               LANG="en_US.UTF-8", **(extra_env or {}))
    try:
        # cwd=home: `-m` puts the working directory first on sys.path, before PYTHONPATH
        r = subprocess.run([sys.executable, "-m", "tui_export", *args], env=env, stdin=subprocess.DEVNULL,
                           capture_output=True, text=True, timeout=TIMEOUT_S, cwd=home)
    except subprocess.TimeoutExpired:
        return "accepted"
    if "Traceback" in r.stderr:
        return "traceback"
    lines = r.stderr.strip().splitlines()
    if r.returncode == 2 and len(lines) == 1:   # (`info` still prints its report on stdout)
        return "clean" if names in lines[0] else "unnamed"
    return "accepted" if r.returncode == 0 else f"other (exit {r.returncode})"


def save_encrypted_profile(home: Path) -> Path:
    code = (
        "from tui_export.cloud import secret_store as s\n"
        "from tui_export.cloud.credentials import Credentials\n"
        "s.save_profile('demo', Credentials('FAKEdrill0000001', 'drill-secret'), s.StoreChoice.ENCRYPTED_FILE,"
        " passphrase_provider=lambda c: 'pw')\n")
    env = dict(os.environ, HOME=str(home), TUI_EXPORT_CONFIG_DIR=str(home / "cfg"))
    subprocess.run([sys.executable, "-c", code], env=env, check=True, cwd=home)
    return home / "cfg" / "secrets.enc.json"


def main() -> None:
    rows: dict[str, list[str]] = {}
    with tempfile.TemporaryDirectory() as d:
        root = Path(d)
        for i, text in enumerate(SCENARIOS):
            f = root / f"scenario{i}.json"
            f.write_text(text)
            rows.setdefault("sim --scenario F", []).append(run(["sim", "--scenario", str(f)], root, f.name))
        for i, text in enumerate(CLI_CONFIGS):
            home = root / f"cli{i}"
            (home / ".aliyun").mkdir(parents=True)
            (home / ".aliyun" / "config.json").write_text(text)
            rows.setdefault("~/.aliyun/config.json (info)", []).append(run(["info"], home, ".aliyun/config.json"))
        for i, doc in enumerate(APP_CONFIGS):
            home = root / f"app{i}"
            (home / "cfg").mkdir(parents=True)
            (home / "cfg" / "config.json").write_text(json.dumps(doc))
            rows.setdefault("app config.json (info)", []).append(run(["info"], home, "config.json"))
        for name, damage in STORE_DAMAGE.items():
            home = root / f"store-{name.replace(' ', '_').replace('*', '')}"
            home.mkdir()
            path = save_encrypted_profile(home)
            before = path.read_bytes()
            path.write_text(json.dumps(damage(json.loads(before))))
            damaged = path.read_bytes()
            result = run(["info"], home, "secrets.enc.json")
            rows.setdefault("saved-credentials file (info)", []).append(
                result if path.read_bytes() == damaged else "rewritten")
        for i, (flag, value) in enumerate(ENDPOINT_FLAGS):
            home = root / f"ep{i}"
            home.mkdir()
            rows.setdefault("endpoint flags (app launch)", []).append(run(["--demo", flag, value], home, flag))
    print(f"{'input':34} {'tried':>5} {'clean':>5}  other outcomes")
    total = clean = 0
    for name, results in rows.items():
        n_clean = results.count("clean")
        others = sorted({r for r in results if r != "clean"})
        print(f"{name:34} {len(results):5} {n_clean:5}  {', '.join(f'{o} x{results.count(o)}' for o in others)}")
        total, clean = total + len(results), clean + n_clean
    print(f"{'total':34} {total:5} {clean:5}")


if __name__ == "__main__":
    main()
