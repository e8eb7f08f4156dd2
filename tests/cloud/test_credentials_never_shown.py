"""Secrets and tokens never appear in repr/str of our objects or in our exceptions' text."""

from __future__ import annotations

import json
import string
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tui_export.cloud.credentials import (
    CredentialError, CredentialFetchError, Credentials, RamRoleArnProvider, ResolvedCredentials,
    StaticProvider, mask_key_id, resolve,
)

secret_text = st.text(alphabet=string.ascii_letters + string.digits + "+/=-_.~!*", min_size=12, max_size=64)
key_ids = st.text(alphabet=string.ascii_letters + string.digits + ".", min_size=10, max_size=40)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _shown(c):
    r = ResolvedCredentials(("source.env", {"variable": "X"}), StaticProvider(c), "environment")
    return (repr(c), str(c), f"{c}", repr(r), str(r), repr([c]), repr({"c": c}))


# What the texts print around the values (class and field names), with placeholders outside the
# generated alphabets: a generated value that is a word of that frame ("Credential") proves nothing.
_FRAME = " ".join(_shown(Credentials("#" * 12, "#" * 12, "#" * 12, "cn-hangzhou")))


@SETTINGS
@given(key_id=key_ids, secret=secret_text, token=secret_text)
def test_repr_and_str_hide_everything_secret(key_id, secret, token):
    assume(not any(v in _FRAME for v in (key_id, secret, token)))
    assume(secret not in mask_key_id(key_id) and token not in mask_key_id(key_id))  # the shown mask itself
    c = Credentials(key_id, secret, token, "cn-hangzhou")
    for text in _shown(c):
        assert secret not in text and token not in text
        assert key_id not in text
    masked = mask_key_id(key_id)
    assert masked.startswith(key_id[:4]) and masked.endswith(key_id[-3:])
    assert len(masked) == len(key_id)


@pytest.mark.parametrize("n", [0, 1, 5, 9])
def test_short_ids_are_fully_masked(n):
    assert mask_key_id("x" * n) == "*" * n


@SETTINGS
@given(secret=secret_text, token=secret_text)
def test_env_errors_hide_secrets(monkeypatch, secret, token):
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", secret)
    monkeypatch.setenv("ALIBABA_CLOUD_SECURITY_TOKEN", token)
    with pytest.raises(CredentialError) as e:
        resolve()
    assert secret not in str(e.value) and token not in str(e.value) and secret not in repr(e.value)


@SETTINGS
@given(secret=secret_text, mode=st.sampled_from(["CloudSSO", "OIDC", "External", "AK"]))
def test_cli_errors_hide_secrets(_isolated_cloud_env, secret, mode):
    d = _isolated_cloud_env / ".aliyun"
    d.mkdir(exist_ok=True)
    prof = {"name": "p", "mode": mode, "access_key_secret": secret, "sts_token": secret}
    # AK without an id is incomplete; the other modes are unsupported; both must stay quiet.
    (d / "config.json").write_text(json.dumps({"current": "p", "profiles": [prof]}))
    with pytest.raises(CredentialError) as e:
        resolve()
    assert secret not in str(e.value)
    (d / "config.json").write_text(json.dumps({"current": "p", "profiles": [prof]})[:-3] + ",,")
    with pytest.raises(CredentialError) as e:
        resolve()
    assert secret not in str(e.value)


class _EchoingSts:
    """An STS stand-in that refuses and quotes secrets back, as a careless gateway might."""

    def __init__(self):
        self.leak = ""
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                query = urllib.parse.urlsplit(self.path).query
                body = json.dumps({"RequestId": "R-1", "Code": "SignatureDoesNotMatch",
                                   "Message": f"server string to sign is:{query} {outer.leak}"}).encode()
                self.send_response(400)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *a):
                pass

        self.srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.srv.serve_forever, daemon=True).start()
        self.endpoint = f"http://127.0.0.1:{self.srv.server_address[1]}"


@pytest.fixture(scope="module")
def echoing_sts():
    s = _EchoingSts()
    yield s
    s.srv.shutdown()
    s.srv.server_close()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(secret=secret_text, token=secret_text)
def test_sts_error_text_is_scrubbed(echoing_sts, secret, token):
    echoing_sts.leak = f"secret={secret} token={token}"
    base = Credentials("FAKEbasekey0000001", secret, token)
    p = RamRoleArnProvider(base, "acs:ram::1:role/r", sts_endpoint=echoing_sts.endpoint, timeout_s=5)
    with pytest.raises(CredentialFetchError) as e:
        p.current()
    text = str(e.value) + repr(e.value) + repr(p)
    assert secret not in text and token not in text
    assert urllib.parse.quote(token, safe="") not in text
    assert e.value.request_id == "R-1"
