"""The engine with the bucket the app really uses: EmbeddedCloud + CloudSession.oss_bucket()."""

from __future__ import annotations

import tarfile

from session_fixtures import sim  # noqa: F401

from tui_export.cloud.download import DownloadJob


def test_exported_archive_through_the_session_bucket(sim, tmp_path):
    from tui_export.cloud.session import CloudSession

    session = CloudSession.for_sim(sim)
    bucket_rec = next(b for b in sim.store.list_buckets() if b.region_id == "cn-hangzhou")
    key = "demo_m-test_system.raw.tar.gz"
    sim.store.put_generated_export(bucket_rec.name, key, size=6 << 20, seed="s", member_name="disk.raw")
    bucket = session.oss_bucket(bucket_rec.name, "cn-hangzhou")
    result = DownloadJob(bucket, key, tmp_path / key, state_dir=tmp_path / "state", part_size=1 << 20).run()
    assert result.verified and result.size == 6 << 20
    assert tarfile.open(tmp_path / key).getnames() == ["disk.raw"]
