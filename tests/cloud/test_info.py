"""`tui-export info` tells paths and the credential source, never a secret."""

import subprocess
import sys


def _info(env_extra, tmp_path, monkeypatch, *args):
    env = {k: v for k, v in __import__("os").environ.items()}
    env.update(env_extra)
    env["HOME"] = str(tmp_path)
    return subprocess.run([sys.executable, "-m", "tui_export", "info", *args], env=env,
                          capture_output=True, text=True, check=True).stdout


def test_info_names_paths_and_source_without_the_secret(tmp_path, monkeypatch):
    out = _info({
        "ALIBABA_CLOUD_ACCESS_KEY_ID": "SIMDEMOKEY-info-test",
        "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "very-secret-value-123",
        "ALIBABA_CLOUD_SECURITY_TOKEN": "token-value-456",
    }, tmp_path, monkeypatch)
    assert "state:" in out and "log file:" in out and "config:" in out
    assert "environment (ALIBABA_CLOUD_ACCESS_KEY_ID)" in out
    assert "very-secret-value-123" not in out and "token-value-456" not in out


def test_info_words_the_source_in_the_users_language(tmp_path, monkeypatch):
    keys = {"ALIBABA_CLOUD_ACCESS_KEY_ID": "SIMDEMOKEY-info-test", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "s3cret-zh"}
    out = _info(keys, tmp_path, monkeypatch, "--lang", "zh")
    assert "环境变量（ALIBABA_CLOUD_ACCESS_KEY_ID）" in out and "environment (" not in out


def test_info_without_credentials_says_the_app_will_ask(tmp_path, monkeypatch):
    clean = {k: "" for k in ("ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET")}
    out = _info(clean, tmp_path, monkeypatch)
    assert "none found" in out


def test_info_says_locked_for_an_encrypted_store_that_only_needs_its_passphrase(tmp_path):
    import os

    from tui_export.cloud import secret_store
    from tui_export.cloud.credentials import Credentials
    from tui_export.cloud.info import info_lines
    from tui_export.cloud.secret_store import StoreChoice, save_profile

    env = {k: v for k, v in os.environ.items() if "ACCESS_KEY" not in k and "PROFILE" not in k}
    env["HOME"] = str(tmp_path)
    save_profile("work", Credentials("FAKEinfolocked0001", "locked-secret-value"), StoreChoice.ENCRYPTED_FILE,
                 passphrase_provider=lambda creating: "correct horse", env=env)
    secret_store._file_stores.clear()       # as in a new process: nothing unlocked
    refusals: list[str] = []
    lines = list(info_lines(env=env, refusals=refusals))
    credentials = next(line for line in lines if line.startswith("credentials:"))
    assert "locked" in credentials and "secrets.enc.json" in credentials
    assert "unusable" not in credentials and refusals == []
    assert "locked-secret-value" not in "\n".join(lines)
