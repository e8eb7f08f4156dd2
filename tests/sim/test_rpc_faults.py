"""Injected faults as the SDK sees them: throttling, 5xx before any effect, lost responses
after the effect, latency, and `only` limiting them to named actions."""

from __future__ import annotations

import time

import pytest
from aliyunsdkcore.acs_exception.exceptions import ClientException, ServerException
from aliyunsdkecs.request.v20140526.DescribeRegionsRequest import DescribeRegionsRequest
from aliyunsdkecs.request.v20140526.ExportImageRequest import ExportImageRequest

from tui_export.sim.faults import Faults, parse_spec


def export(image="m-bp1demoweb0000000001"):
    req = ExportImageRequest()
    req.set_ImageId(image)
    req.set_OSSBucket("demo-export-hangzhou")
    return req


def test_throttle(sim, call, export_role):
    sim.faults.update(throttle=1.0)
    with pytest.raises(ServerException) as exc:
        call(export())
    assert (exc.value.get_http_status(), exc.value.get_error_code()) == (400, "Throttling.User")
    assert exc.value.get_error_msg() == "Request was denied due to user flow control."
    assert sim.world.running_exports() == 1       # only the demo's own


def test_server_error_happens_before_any_effect(sim, call, export_role):
    sim.faults.update(server_error=1.0, only={"ExportImage"})
    for _ in range(4):
        with pytest.raises(ServerException) as exc:
            call(export())
        assert (exc.value.get_http_status(), exc.value.get_error_code()) in {
            (500, "InternalError"), (503, "ServiceUnavailable")}
    assert sim.world.running_exports() == 1
    assert call(DescribeRegionsRequest())          # `only` spares other actions


def test_lost_response_still_carries_out_the_action(sim, call, export_role):
    sim.faults.update(lost_response=1.0, only={"ExportImage"})
    with pytest.raises(ClientException) as exc:
        call(export())
    assert exc.value.get_error_code() == "SDK.HttpError"
    assert sim.world.running_exports() == 2        # the export did start
    sim.faults.clear()
    with pytest.raises(ServerException) as exc:
        call(export())
    assert exc.value.get_error_code() == "ImageIsExporting"


def test_latency(sim, call):
    sim.faults.update(latency_ms=150)
    started = time.monotonic()
    call(DescribeRegionsRequest())
    assert time.monotonic() - started >= 0.15


def test_jitter_spreads_the_latency(sim, call):
    sim.faults.update(latency_ms=60, jitter_ms=50, seed=7)
    took = []
    for _ in range(6):
        started = time.monotonic()
        call(DescribeRegionsRequest())
        took.append(time.monotonic() - started)
    assert min(took) >= 0.01                      # never below latency - jitter
    assert max(took) - min(took) > 0.015, took    # and not one fixed delay


def test_faults_spec_string(sim):
    sim.faults.update(**parse_spec("throttle=0.5,only=ExportImage|CancelTask"))
    assert sim.faults.throttle == 0.5 and sim.faults.only == {"ExportImage", "CancelTask"}


def test_server_errors_are_500_and_503_for_the_named_actions_only():
    faults = Faults.parse("server_error=1,only=ExportImage")
    faults.update(seed=3)
    assert {faults.server_error_code("ExportImage") for _ in range(40)} == {"InternalError", "ServiceUnavailable"}
    assert faults.server_error_code("DescribeTasks") is None
    faults.clear()
    assert faults.server_error_code("ExportImage") is None


def test_a_sim_bug_answers_internal_error(sim, call, monkeypatch):
    monkeypatch.setattr(sim.world, "region_ids", None)   # DescribeRegions iterates it: TypeError
    with pytest.raises(ServerException) as exc:
        call(DescribeRegionsRequest())
    assert (exc.value.get_http_status(), exc.value.get_error_code()) == (500, "InternalError")


def test_only_takes_one_action_name_as_a_string():
    from tui_export.sim.faults import Faults
    faults = Faults()
    faults.update(only="GetObject")
    assert faults.applies("GetObject") and not faults.applies("G") and not faults.applies("ListObjects")
