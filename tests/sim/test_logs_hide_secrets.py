"""What the embedded cloud logs never carries a secret, an STS token or a Signature,
whatever the request (signed RPC with a token, a refused one, OSS presigned URLs, metadata)."""

from __future__ import annotations

import logging
import urllib.parse

import oss2
import pytest
import requests
from aliyunsdkcore.acs_exception.exceptions import ServerException
from aliyunsdkcore.auth.credentials import StsTokenCredential
from aliyunsdkecs.request.v20140526.DescribeRegionsRequest import DescribeRegionsRequest


def test_logs_hold_no_secret_token_or_signature(sim, call, acs_client, caplog):
    caplog.set_level(logging.DEBUG)
    ak, secret, token = sim.issue_sts_token(ttl_s=600)
    call(DescribeRegionsRequest(), credential=StsTokenCredential(ak, secret, token))
    with pytest.raises(ServerException):
        call(DescribeRegionsRequest(), secret="wrong-secret-value")
    sts_bucket = oss2.Bucket(oss2.StsAuth(ak, secret, token), sim.oss_endpoint, "demo-export-hangzhou")
    url = sts_bucket.sign_url("GET", "no-such-key", 60)
    assert requests.get(url).status_code == 404
    signature = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))["Signature"]
    requests.get(sim.metadata_credentials_url + sim.world.metadata_role)

    # the sim's own records (the SDKs' debug lines are the client's business)
    logged = "\n".join(f"{r.getMessage()} {r.exc_text or ''}" for r in caplog.records
                        if r.name.startswith("tui_export"))
    assert "DescribeRegions" in logged                    # the RPC lines were captured
    for secret_text in (secret, token, sim.access_key_secret, "wrong-secret-value", signature,
                        urllib.parse.quote(token, safe=""), urllib.parse.quote(signature, safe="")):
        assert secret_text not in logged
    assert "Signature=" not in logged and "SecurityToken=" not in logged
