"""Fixtures for the embedded cloud's tests: a fast EmbeddedCloud and real-SDK clients for it.

Shared by the RPC and OSS tests: keep these generic.
"""

from __future__ import annotations

import json

import pytest
from aliyunsdkcore.client import AcsClient
from aliyunsdkcore.request import CommonRequest

from tui_export.sim import EmbeddedCloud

FAST_EXPORT_S = 1.0
SMALL_BYTES_PER_GIB = 16 << 10   # 16 KiB per GiB: a 40 GiB disk exports 640 KiB


@pytest.fixture
def sim():
    """The demo scenario on free ports, exports taking ~1 s and writing tiny archives."""
    with EmbeddedCloud("demo", export_seconds=FAST_EXPORT_S, bytes_per_gib=SMALL_BYTES_PER_GIB) as cloud:
        yield cloud


@pytest.fixture
def export_role(sim):
    """The export role in place (trusting ECS, with the system policy), as the console would make it."""
    return sim.world.grant_export_role()


@pytest.fixture
def acs_client(sim):
    """make(region="cn-hangzhou", ak=None, secret=None, credential=None) -> AcsClient aimed at the sim."""
    def make(region: str = "cn-hangzhou", ak: str | None = None, secret: str | None = None,
             credential=None) -> AcsClient:
        if credential is not None:
            client = AcsClient(region_id=region, credential=credential)
        else:
            client = AcsClient(ak or sim.access_key_id, secret or sim.access_key_secret, region)
        # add_endpoint with a full URL; never AcsClient(port=...) (docs/sdk.md, "Endpoints as URLs")
        client.add_endpoint(region, "Ecs", sim.ecs_endpoint)
        client.add_endpoint(region, "Ram", sim.ram_endpoint)
        client.add_endpoint(region, "Sts", sim.sts_endpoint)
        return client
    return make


@pytest.fixture
def call(acs_client):
    """call(request, region=..., **client kwargs) -> parsed JSON of a real SDK request."""
    def run(request, region: str = "cn-hangzhou", client: AcsClient | None = None, **kw) -> dict:
        client = client or acs_client(region, **kw)
        return json.loads(client.do_action_with_exception(request))
    return run


@pytest.fixture
def ram_request(sim):
    """ram_request(action, version="2015-05-01", **params) -> a CommonRequest for the RAM port."""
    def make(action: str, version: str = "2015-05-01", **params) -> CommonRequest:
        request = CommonRequest(domain=sim.ram_endpoint, version=version, action_name=action)
        request.set_method("POST")
        request.set_accept_format("json")
        for key, value in params.items():
            request.add_query_param(key, value)
        return request
    return make
