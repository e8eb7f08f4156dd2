"""The bucket namespace is global: PutBucket on a name another account owns is 409
BucketAlreadyExists, as on one of ours, and ListBuckets never shows it (scenario
`taken_bucket_names`; sim/oss/README.md)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import oss2
import pytest

from oss_fixtures import oss_sim  # noqa: F401  (fixture)
from tui_export.sim.oss.store import ObjectStore, StoreError
from tui_export.sim.scenario import DEMO_PATH, ScenarioError, apply_scenario, load_scenario
from tui_export.sim.world import World


def test_put_bucket_on_another_accounts_name_is_409_and_it_is_never_listed(oss_sim):  # noqa: F811
    oss_sim.store.take_for_another_account("someone-elses")
    with pytest.raises(oss2.exceptions.ServerError) as e:
        oss_sim.bucket("someone-elses").create_bucket()
    assert (e.value.status, e.value.code) == (409, "BucketAlreadyExists")
    oss_sim.bucket("ours-now").create_bucket()
    with pytest.raises(oss2.exceptions.ServerError) as e:   # ours: the same answer
        oss_sim.bucket("ours-now").create_bucket()
    assert (e.value.status, e.value.code) == (409, "BucketAlreadyExists")
    listed = [b.name for b in oss2.BucketIterator(oss_sim.service())]
    assert listed == ["ours-now"]


def test_a_name_is_either_ours_or_anothers(tmp_path):
    store = ObjectStore(tmp_path)
    store.create_bucket("mine", "cn-hangzhou")
    with pytest.raises(StoreError):
        store.take_for_another_account("mine")
    doc = json.loads(DEMO_PATH.read_text(encoding="utf-8"))
    doc["taken_bucket_names"].append("demo-export-hangzhou")
    with pytest.raises(ScenarioError, match=r"taken_bucket_names\[1\].*also a bucket"):
        load_scenario(doc)
    doc["taken_bucket_names"][1] = "Not_A_Bucket"
    with pytest.raises(ScenarioError, match=r"taken_bucket_names\[1\]"):
        load_scenario(doc)


def test_the_demo_has_another_accounts_bucket():
    with tempfile.TemporaryDirectory() as d:
        world = apply_scenario(World(ObjectStore(Path(d)), bytes_per_gib=1), load_scenario("demo"))
        assert "image-export" not in {b.name for b in world.store.list_buckets()}
        with pytest.raises(StoreError, match="BucketAlreadyExists"):
            world.store.create_bucket("image-export", "cn-hangzhou")
