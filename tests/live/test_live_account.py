"""Against your own account (opt-in, see conftest.py): read-only calls and DryRun only.

Run it before trusting the tool: it proves the SDKs, endpoints, signatures, clock and parsing
work against the real cloud, and prints what the doctor finds for these credentials.
"""

from __future__ import annotations

import json

import pytest

from tests.live.conftest import BUCKET, IMAGE, LIVE, REGION, SKIP_REASON

pytestmark = pytest.mark.skipif(not LIVE, reason=SKIP_REASON)


def test_the_keys_work_and_the_clock_is_within_limits(live_session):
    who = live_session.caller_identity()
    assert who["AccountId"].isdigit() and who["Arn"].startswith("acs:ram::")
    from tui_export.cloud.doctor.probes import clock

    check = clock(live_session, "en")
    assert check.ok is True, check.detail


def test_regions_and_images_are_read_and_parsed(live_session):
    regions = live_session.regions("en")
    assert REGION in {r.region_id for r in regions}
    count = live_session.image_count(REGION)
    assert count >= 0
    for image in live_session.images(REGION)[:20]:
        assert image.image_id.startswith("m-") and image.region_id == REGION


def test_tasks_are_listed(live_session):
    for task in live_session.tasks(REGION)[:20]:
        assert task.task_id.startswith("t-") and task.status


def test_the_doctor_runs_end_to_end(live_session, live_credentials, capsys):
    from tui_export.cloud.doctor import DoctorOptions, run_doctor
    from tui_export.core.i18n import t_item

    report = run_doctor(live_session, DoctorOptions(region=REGION, bucket=BUCKET,
                                                    source=t_item(live_credentials.source)))
    doc = report.as_json()
    assert set(doc) == {"checks", "missing_actions", "policy"}
    checks = {c["name"]: c for c in doc["checks"]}
    assert checks["account"]["ok"] is True and checks["clock"]["ok"] is True
    with capsys.disabled():   # what an operator reads (never a secret: the key id is masked)
        print("\n" + "\n".join(report.lines()))
        print(json.dumps(doc["missing_actions"]))


@pytest.mark.skipif(not (IMAGE and BUCKET), reason="set TUI_EXPORT_LIVE_IMAGE and TUI_EXPORT_LIVE_BUCKET for the DryRun")
def test_export_dry_run_creates_no_task(live_session):
    from tui_export.cloud.errors import CloudError
    from tui_export.core.models import ExportRequest

    before = {t.task_id for t in live_session.tasks(REGION)}
    try:
        assert live_session.export(ExportRequest(REGION, IMAGE, BUCKET), dry_run=True) is None
    except CloudError as err:   # a refusal is an answer too: explained, never a crash
        assert err.explain("en")[0]
    assert {t.task_id for t in live_session.tasks(REGION)} == before


@pytest.mark.skipif(not BUCKET, reason="set TUI_EXPORT_LIVE_BUCKET for the OSS checks")
def test_a_missing_key_is_404_not_an_error(live_session):
    from tui_export.cloud.errors import CloudError

    with pytest.raises(CloudError) as missing:
        live_session.head_object(BUCKET, "tui-export-live-suite/does-not-exist", REGION)
    assert missing.value.code in ("NoSuchKey", "AccessDenied", "PublicEndpointForbidden")


def test_the_suite_itself_refuses_changes(live_session):
    from tui_export.core.models import ExportRequest

    # (AssertionError: the conftest module's class may be imported under another name)
    with pytest.raises(AssertionError, match="never starts an export"):
        live_session.export(ExportRequest(REGION, "m-x", "b"))
    with pytest.raises(AssertionError, match="never calls ensure_role"):
        live_session.ensure_role()
