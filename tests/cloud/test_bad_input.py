"""Damaged input files — the aliyun CLI config, the app's config, the saved-credentials file —
are refused with one line naming the file and what is wrong, in the user's language; never a
traceback, never a coerced value, and the saved-credentials file is never rewritten."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import example, HealthCheck, given, settings
from hypothesis import strategies as st

from tui_export.cloud import secret_store
from tui_export.cloud.bad_input import localized
from tui_export.cloud.config import ConfigError, load_config
from tui_export.cloud.credentials import CliConfigError, CredentialError, NoCredentials, resolve
from tui_export.cloud.secret_store import EncryptedFileKeyring, StoreChoice, StoreCorrupt
from tui_export.ui.errors import describe

GOOD_PROFILE = {"name": "default", "mode": "AK", "access_key_id": "FAKEcliak00000001",
                "access_key_secret": "cli-secret-not-shown", "region_id": "cn-hangzhou"}


def info(home: Path, lang: str = "en") -> subprocess.CompletedProcess:
    env = dict(os.environ, HOME=str(home), LANG="zh_CN.UTF-8" if lang == "zh" else "en_US.UTF-8")
    env.pop("LC_ALL", None)
    env.pop("LC_MESSAGES", None)
    return subprocess.run([sys.executable, "-m", "tui_export", "info"], env=env, capture_output=True,
                          text=True, timeout=120)


def refused_line(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("tui-export info: ")
    return line


def write_cli(home: Path, text: str) -> Path:
    path = home / ".aliyun" / "config.json"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text)
    return path


CLI_BAD = [
    ("[" * 100_000 + "]" * 100_000, "nests more than 32 levels deep"),
    ('{"profiles": [' * 3000, "nests more than 32 levels deep"),
    (json.dumps({"current": "default", "profiles": [{**GOOD_PROFILE, "access_key_id": ["x"]}]}),
     "profiles[0].access_key_id should be a string, not a list"),
    (json.dumps({"current": "default", "profiles": "abc"}), "profiles should be a list, not a string"),
    (json.dumps({"current": "default", "profiles": [GOOD_PROFILE, {"name": "typo", "mode": "AccesKey"}]}),
     'profiles[1].mode is "AccesKey", which is not an aliyun CLI mode (tui-export supports: AK, StsToken, '
     'RamRoleArn, EcsRamRole)'),
    (json.dumps({"current": "default", "profiles": [{**GOOD_PROFILE, "mode": 5}]}),
     "profiles[0].mode should be a string, not a whole number"),
    (json.dumps({"current": 7, "profiles": [GOOD_PROFILE]}), "current should be a string, not a whole number"),
    (json.dumps({"profiles": [GOOD_PROFILE, "second"]}), "profiles[1] should be an object, not a string"),
    (json.dumps({"profiles": [{**GOOD_PROFILE, "expired_seconds": "3600"}]}),
     "profiles[0].expired_seconds should be a whole number, not a string"),
    (json.dumps({"profiles": [{**GOOD_PROFILE, "region_id": False}]}),
     "profiles[0].region_id should be a string, not true or false"),
    ("[1, 2]", "does not hold a JSON object"),
    ('{"profiles": [{"access_key_secret": "leaky",}]}', "is not valid JSON (line 1, column"),
]


@pytest.mark.parametrize("text,expected", CLI_BAD, ids=[c[1][:40] for c in CLI_BAD])
def test_a_damaged_aliyun_cli_config_is_one_line_naming_the_field(_isolated_cloud_env, text, expected):
    write_cli(_isolated_cloud_env, text)
    result = info(_isolated_cloud_env)
    line = refused_line(result)
    assert "~/.aliyun/config.json" in line and expected in line
    assert "cli-secret-not-shown" not in result.stdout + result.stderr and "leaky" not in line


def test_the_cli_config_refusal_is_in_chinese_under_a_chinese_locale(_isolated_cloud_env):
    write_cli(_isolated_cloud_env, json.dumps({"profiles": "abc"}))
    line = refused_line(info(_isolated_cloud_env, "zh"))
    assert line == "tui-export info: ~/.aliyun/config.json：profiles 应为列表，而不是字符串。"


def test_a_wrong_type_is_refused_never_coerced_into_a_key():
    path = Path(os.environ["HOME"]) / ".aliyun" / "config.json"
    write_cli(path.parent.parent, json.dumps({"current": "default",
                                              "profiles": [{**GOOD_PROFILE, "access_key_id": ["x"]}]}))
    with pytest.raises(CliConfigError) as e:
        resolve()
    assert "['x']" not in str(e.value)


def test_the_app_shows_a_damaged_cli_config_in_the_users_language():
    write_cli(Path(os.environ["HOME"]), json.dumps({"profiles": [{**GOOD_PROFILE, "mode": "Nonsense"}]}))
    with pytest.raises(CredentialError) as e:
        resolve()
    view = describe(e.value, "zh")
    assert "~/.aliyun/config.json：profiles[0].mode 为“Nonsense”" in view.what
    assert "AK, StsToken, RamRoleArn, EcsRamRole" in view.what


# --- the app's own config.json ---------------------------------------------------------------

APP_BAD = [
    ({"profiles": ["demo"]}, "profiles should be an object, not a list"),
    ({"profiles": {"demo": {"store": "keyring", "key_hint": 5}}}, "profiles.demo.key_hint should be a string"),
    ({"current_profile": ["demo"]}, "current_profile should be a string, not a list"),
    ({"endpoints": {"ecs": "ftp://127.0.0.1:9"}}, 'endpoints.ecs: "ftp://127.0.0.1:9" uses ftp://'),
]


@pytest.mark.parametrize("doc,expected", APP_BAD, ids=[c[1][:30] for c in APP_BAD])
def test_a_damaged_app_config_is_refused(_isolated_cloud_env, doc, expected):
    config = Path(os.environ["TUI_EXPORT_CONFIG_DIR"])
    config.mkdir(parents=True, exist_ok=True)
    (config / "config.json").write_text(json.dumps(doc))
    with pytest.raises(ConfigError) as e:
        load_config()
    assert expected in str(e.value)
    assert expected in refused_line(info(_isolated_cloud_env))


# --- the saved-credentials file --------------------------------------------------------------

def damaged(doc: dict, what: str) -> dict:
    kdf = doc["kdf"]
    return {
        "bad base64": {**doc, "ciphertext": "%%%not base64%%%"},
        "kdf as a string": {**doc, "kdf": "scrypt"},
        "n not a number": {**doc, "kdf": {**kdf, "n": "32768"}},
        "n = 2**30": {**doc, "kdf": {**kdf, "n": 2 ** 30}},
        "salt a number": {**doc, "kdf": {**kdf, "salt": 12345}},
        "unknown cipher": {**doc, "cipher": "ROT13"},
    }[what]


STORE_CASES = {
    "bad base64": "ciphertext is not base64",
    "kdf as a string": "kdf should be an object, not a string",
    "n not a number": "kdf.n should be a whole number, not a string",
    "n = 2**30": "kdf.n is 1073741824, outside what tui-export writes (1024 to 32768)",
    "salt a number": "kdf.salt should be a string, not a whole number",
    "unknown cipher": 'cipher is "ROT13", which tui-export does not know',
}


@pytest.fixture
def saved_in_file(_isolated_cloud_env):
    """A profile saved to the encrypted file, as the sign-in screen does; returns the file."""
    from tui_export.cloud.credentials import Credentials

    secret_store.save_profile("demo", Credentials("FAKEsaved00000001", "saved-secret-not-shown"),
                              StoreChoice.ENCRYPTED_FILE, passphrase_provider=lambda creating: "pass phrase")
    secret_store.reset_detection()
    secret_store._file_stores.clear()   # a new process: nothing unlocked yet
    return Path(os.environ["TUI_EXPORT_CONFIG_DIR"]) / secret_store.SECRETS_FILE_NAME


@pytest.mark.parametrize("what", list(STORE_CASES))
def test_a_damaged_secrets_file_names_itself_says_move_it_aside_and_is_never_rewritten(
        _isolated_cloud_env, saved_in_file, what):
    saved_in_file.write_text(json.dumps(damaged(json.loads(saved_in_file.read_text()), what)))
    before = saved_in_file.read_bytes()

    line = refused_line(info(_isolated_cloud_env))
    assert STORE_CASES[what] in line and "secrets.enc.json" in line and "move it aside" in line
    assert "saved-secret-not-shown" not in line

    ask = lambda creating: "pass phrase"   # noqa: E731
    with pytest.raises(StoreCorrupt) as e:
        secret_store.load_profile("demo", ask)
    zh = describe(e.value, "zh").what
    assert "已损坏" in zh and "请把它移开" in zh and str(saved_in_file) in zh
    from tui_export.cloud.credentials import Credentials
    with pytest.raises(StoreCorrupt):   # saving another profile must not write over it either
        secret_store.save_profile("other", Credentials("FAKEother0000001", "x"), StoreChoice.ENCRYPTED_FILE,
                                  passphrase_provider=ask)
    assert saved_in_file.read_bytes() == before


# --- property: whatever JSON is in the file, a clean refusal or a valid result ----------------

SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10)
ANY_JSON = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                        | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=20)


def near(valid):
    return st.one_of(valid, valid, ANY_JSON)


MODES = st.sampled_from(["AK", "ak", "StsToken", "RamRoleArn", "EcsRamRole", "OIDC", "", "Bogus"])
PROFILE_LIKE = st.fixed_dictionaries({"name": near(st.sampled_from(["default", "p2", ""]))}, optional={
    "mode": near(MODES), "access_key_id": near(st.just("FAKEak0000000001")), "access_key_secret": near(st.just("s")),
    "sts_token": near(st.just("t")), "ram_role_arn": near(st.just("acs:ram::1:role/r")),
    "ram_role_name": near(st.just("r")), "region_id": near(st.just("cn-hangzhou")),
    "expired_seconds": near(st.integers(-5, 50000)), "sts_region": near(st.just("cn-hangzhou")),
})
CLI_LIKE = st.fixed_dictionaries({}, optional={
    "current": near(st.sampled_from(["default", "p2", "missing"])),
    "profiles": near(st.lists(near(PROFILE_LIKE), max_size=3)), "meta_path": ANY_JSON})
DEEP_TEXT = st.integers(min_value=30, max_value=50_000).map(lambda n: "[" * n + "]" * n)


def as_text(value) -> str:
    return value if isinstance(value, str) and value.startswith("[") else json.dumps(value)


# 120 examples: cheap properties (past failures are pinned as @example)
PROPERTY = settings(max_examples=120, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@PROPERTY
@given(st.one_of(CLI_LIKE, ANY_JSON, DEEP_TEXT))
def test_any_json_in_the_cli_config_is_refused_cleanly_or_resolves(doc):
    with tempfile.TemporaryDirectory() as d:
        home = Path(d)
        write_cli(home, as_text(doc))
        env = {"HOME": str(home), "TUI_EXPORT_CONFIG_DIR": str(home / "cfg"),
               "TUI_EXPORT_STATE_DIR": str(home / "state")}
        try:
            found = resolve(env=env)
        except CredentialError as exc:
            assert str(exc) and "\n" not in localized(exc, "zh")
        else:
            if not isinstance(found, NoCredentials):
                assert found.source and found.kind == "cli"


@PROPERTY
@given(st.one_of(st.fixed_dictionaries({}, optional={
    "current_profile": near(st.just("demo")),
    "profiles": near(st.dictionaries(st.sampled_from(["demo", "x"]), near(st.fixed_dictionaries(
        {"store": near(st.sampled_from(["keyring", "encrypted_file", "?"]))},
        optional={"key_hint": ANY_JSON, "region_id": ANY_JSON})), max_size=2)),
    "endpoints": near(st.dictionaries(st.sampled_from(["ecs", "oss", "sts", "other"]),
                                      near(st.sampled_from(["http://127.0.0.1:9", "ftp://x", "h:abc", ""])),
                                      max_size=3)),
}), ANY_JSON, DEEP_TEXT))
@example({"profiles": {"\n": False}})     # a key with a newline once split the refusal in two
def test_any_json_in_the_app_config_is_refused_cleanly_or_loads(doc):
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "config.json"
        path.write_text(as_text(doc))
        try:
            cfg = load_config(path)
        except ConfigError as exc:
            assert str(exc) and "\n" not in str(exc)
        else:
            assert all(isinstance(k, str) for k in cfg.profiles)


@PROPERTY
@given(st.one_of(st.fixed_dictionaries({
    "format": near(st.just(secret_store.FILE_FORMAT)), "version": near(st.just(1)),
    "kdf": near(st.fixed_dictionaries({"name": near(st.just("scrypt")),
                                       "n": near(st.sampled_from([1, 1000, 1024, 2 ** 30, -4])),
                                       "r": near(st.integers(-1, 9)), "p": near(st.integers(-1, 3)),
                                       "salt": near(st.sampled_from(["AAAAAAAAAAAAAAAAAAAAAA==", "x", ""]))})),
    "cipher": near(st.sampled_from([secret_store.CIPHER_AES_GCM, secret_store.CIPHER_HMAC_CTR, "?"])),
    "nonce": near(st.sampled_from(["AAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAAAAAAAA==", "%"])),
    "ciphertext": near(st.sampled_from(["", "AAAA", "%%"])),
    "tag": near(st.sampled_from(["AAAAAAAAAAAAAAAAAAAAAA==", "AAAA"])),
}), ANY_JSON, DEEP_TEXT))
def test_any_json_in_the_secrets_file_is_refused_cleanly_never_rewritten(doc):
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "secrets.enc.json"
        path.write_text(as_text(doc))
        before = path.read_bytes()
        store = EncryptedFileKeyring(path, passphrase_provider=lambda creating: "pw")
        try:
            store.get_password("svc", "user")
        except CredentialError as exc:   # StoreCorrupt, or WrongPassphrase for a well-formed one
            assert str(exc) and "\n" not in str(exc)
        assert path.read_bytes() == before


def test_saving_a_profile_over_a_damaged_app_config_is_shown_in_the_users_language(_isolated_cloud_env):
    from tui_export.cloud.credentials import Credentials

    config = Path(os.environ["TUI_EXPORT_CONFIG_DIR"])
    config.mkdir(parents=True, exist_ok=True)
    (config / "config.json").write_text('{"profiles": "demo"}')
    before = (config / "config.json").read_bytes()
    with pytest.raises(ConfigError) as e:
        secret_store.save_profile("demo", Credentials("FAKEsaved00000001", "s"), StoreChoice.ENCRYPTED_FILE,
                                  passphrase_provider=lambda creating: "pass phrase")
    view = describe(e.value, "zh")
    assert view.title == "访问凭证问题" and "profiles 应为对象，而不是字符串" in view.what
    assert (config / "config.json").read_bytes() == before
    assert not (config / secret_store.SECRETS_FILE_NAME).exists()   # nothing half-saved
