"""A RamRoleArn profile with a wrong secret: STS answers SignatureDoesNotMatch and echoes
its string to sign, which holds the AccessKeyId in full (the embedded STS does this like
the real one). Neither the error the user sees, nor its repr, nor a traceback, nor the
app's log file (where aliyunsdkcore logs the raw answer itself) may carry that id."""

from __future__ import annotations

import json
import logging
import traceback

import pytest
from session_fixtures import sim  # noqa: F401  (one embedded cloud per module)

from tui_export.cloud.credentials import CredentialFetchError, resolve
from tui_export.cloud.log_file import log_file_path, open_log_handler
from tui_export.cloud.paths import state_dir
from tui_export.cloud.session import CloudSession

WRONG_SECRET = "FAKE-wrong-secret-for-sts-0001"


def write_role_profile(home, sim) -> None:
    arn = f"acs:ram::{sim.world.account.account_id}:role/TuiExportOperator"
    profile = {"name": "role", "mode": "RamRoleArn", "access_key_id": sim.access_key_id,
               "access_key_secret": WRONG_SECRET, "ram_role_arn": arn, "ram_session_name": "tests",
               "region_id": "cn-hangzhou"}
    d = home / ".aliyun"
    d.mkdir(exist_ok=True)
    (d / "config.json").write_text(json.dumps({"current": "role", "profiles": [profile]}))
    (d / "config.json").chmod(0o600)


@pytest.fixture
def app_log():
    """The app's own log file, at DEBUG so the SDKs' records reach it too."""
    state = state_dir(create=True)
    handler = open_log_handler(state)
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield lambda: log_file_path(state).read_text(encoding="utf-8")
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
        handler.close()


def everything_said(exc: BaseException, read_log) -> str:
    """All the text this failure can put anywhere: message, repr, traceback, the log file
    (where the app writes the traceback of an error it shows)."""
    logging.getLogger("tui_export.ui").error("error while signing in: %s", type(exc).__name__, exc_info=exc)
    log_text = read_log()
    assert "SignatureDoesNotMatch" in log_text      # the log did get the failure
    return "\n".join([str(exc), repr(exc), *(repr(a) for a in exc.args),
                      "".join(traceback.format_exception(exc)), log_text])


def test_assume_role_error_never_carries_the_key_id(_isolated_cloud_env, sim, app_log):
    write_role_profile(_isolated_cloud_env, sim)
    found = resolve(sts_endpoint=sim.sts_endpoint)
    with pytest.raises(CredentialFetchError) as caught:
        found.current()
    err = caught.value
    assert err.error_code == "SignatureDoesNotMatch" and err.request_id   # the cloud's answer is kept
    said = everything_said(err, app_log)
    assert sim.access_key_id not in said
    assert WRONG_SECRET not in said
    assert "AssumeRole" in str(err)          # still says what failed


def test_session_call_with_that_profile_never_carries_the_key_id(_isolated_cloud_env, sim, app_log):
    write_role_profile(_isolated_cloud_env, sim)
    session = CloudSession.for_sim(sim, credentials=resolve(sts_endpoint=sim.sts_endpoint))
    with pytest.raises(CredentialFetchError) as caught:
        session.regions("en")
    assert sim.access_key_id not in everything_said(caught.value, app_log)

