"""The product's exportability rules agree with the cloud's own check (ExportImage DryRun).

Every demo image, plus a few names and regions the demo lacks, goes through both
`core.rules.export_blockers` (what the images screen shows) and a DryRun sent by the
real SDK to the embedded cloud, which decides with its own reading of the documented
rules (sim/rules.py). Blocked ⇔ refused, with the blocker's code and HTTP status; an
image with only cautions may pass or be refused, but only for a cautioned reason.
"""

from __future__ import annotations

import pytest

from session_fixtures import make_session
from tui_export.cloud.errors import CloudError
from tui_export.core.api_errors import ERRORS
from tui_export.core.models import DiskMapping, ExportRequest, Image
from tui_export.core.rules import export_blockers, export_cautions
from tui_export.sim import EmbeddedCloud

SYS = (DiskMapping("/dev/xvda", "system", 20, "s-extra0000000001", False),)

# Names on both sides of the documented image-name rule, and a local region.
EXTRA = [
    Image("m-extraname000000001", "release:2024", "cn-hangzhou", disks=SYS),
    Image("m-extraname000000002", "build.v2_final-x", "cn-hangzhou", disks=SYS),
    Image("m-extraname000000003", "镜像-备份", "cn-hangzhou", disks=SYS),
    Image("m-extraname000000004", "http://x", "cn-hangzhou", disks=SYS),
    Image("m-extraname000000005", "a", "cn-hangzhou", disks=SYS),
    Image("m-extraname000000006", "web", "cn-hangzhou", disks=SYS, status="CreateFailed"),
    Image("m-extraregion0000001", "fuzhou-app", "cn-fuzhou", disks=SYS),
]


@pytest.fixture(scope="module")
def demo():
    with EmbeddedCloud(scenario="demo", export_seconds=3600) as sim:
        for image in EXTRA:
            sim.world.add_image(image)
        yield sim


def _bucket_per_region(session, regions) -> dict[str, str]:
    have = {}
    for b in session.buckets():
        have.setdefault(b.region_id, b.name)
    for region in sorted(set(regions) - set(have)):
        have[region] = session.create_bucket(f"agree-{region}", region).name
    return have


def _dry_run(session, req: ExportRequest) -> CloudError | None:
    try:
        session.export(req, dry_run=True)
    except CloudError as err:
        return err
    return None


def test_every_image_blocked_exactly_when_the_dryrun_refuses_it(demo):
    s = make_session(demo)
    s.ensure_role()
    with demo.world.lock:
        images = list(demo.world.images.values())
    assert len(images) >= 20
    buckets = _bucket_per_region(s, {im.region_id for im in images})
    listed, exporting = {}, set()
    for region in {im.region_id for im in images}:
        listed.update({im.image_id: im for im in s.images(region)})     # the product's own view
        exporting |= {t.resource_id for t in s.tasks(region) if t.running}

    outcomes = {"blocked": 0, "passed": 0, "cautioned": 0}
    for world_image in images:
        # Own images as the product reads them from DescribeImages; the product never lists
        # the others, but its rules must still refuse them.
        image = listed.get(world_image.image_id, world_image)
        assert (world_image.image_id in listed) == (world_image.owner_alias == "self")
        blockers = export_blockers(image, exporting=image.image_id in exporting)
        cautions = export_cautions(image)
        refused = _dry_run(s, ExportRequest(image.region_id, image.image_id, buckets[image.region_id]))
        what = (image.image_id, image.name, [b.reason for b in blockers], refused and refused.code)
        if blockers:
            expected = ERRORS[blockers[0].error_key]
            assert refused is not None, what
            assert (refused.code, refused.http_status) == (expected.code, expected.http_status), what
            outcomes["blocked"] += 1
        elif refused is None:
            outcomes["passed"] += 1
        else:
            allowed = {(ERRORS[c.error_key].code, ERRORS[c.error_key].http_status) for c in cautions}
            assert (refused.code, refused.http_status) in allowed, what
            outcomes["cautioned"] += 1
    assert outcomes["blocked"] >= 10 and outcomes["passed"] >= 5 and outcomes["cautioned"] >= 2, outcomes
