"""Downloads that end in a disk (issue #11): --convert, --keep-archive, the manifest, `verify`."""

from __future__ import annotations

import hashlib
import json
import re
import tarfile

from tests.headless.conftest import BUCKET, REGION, image_id, run, scenario


def _raw_disk_sha256(archive_path) -> str:
    sha = hashlib.sha256()
    with tarfile.open(archive_path, "r|gz") as tar:
        member = tar.extractfile(next(iter(tar)))
        while data := member.read(1 << 20):
            sha.update(data)
    return sha.hexdigest()


def test_export_download_convert_qcow2_writes_disk_and_manifest(start_sim, tmp_path):
    sim = start_sim(scenario(images=1, gib=8))
    dest = tmp_path / "out"
    res = run(sim, "export", "--region", REGION, "--image", image_id(0), "--bucket", BUCKET, "--prefix", "p",
              "--download", str(dest), "--convert", "qcow2", "--json")
    assert res.code == 0, res.stderr
    [task] = res.doc["tasks"]
    [obj] = task["objects"]
    conv = obj["converted"]
    assert conv["format"] == "qcow2" and conv["path"].endswith("p_" + image_id(0) + "_system.qcow2")
    disk = dest / conv["path"].rsplit("/", 1)[-1]
    assert disk.read_bytes()[:4] == b"QFI\xfb"
    assert not (dest / obj["key"].rsplit("/", 1)[-1]).exists()      # archive removed once converted
    assert obj["path"] is None                                       # so `path` names no file that is gone
    [object_file] = sim.object_files()
    assert conv["sha256"] == _raw_disk_sha256(object_file)
    manifest = json.loads((dest / f"p_{image_id(0)}.manifest.json").read_text())
    assert (manifest["image_id"], manifest["region_id"], manifest["task_id"]) == (image_id(0), REGION, task["task_id"])
    [row] = manifest["objects"]
    assert row["key"] == obj["key"] and row["crc64_oss"] == row["crc64_local"] == obj["crc64"] and row["etag"]
    assert row["file"] is None and row["disk"]["sha256"] == conv["sha256"]
    assert row["disk"]["table"] == "mbr" and row["disk"]["partitions"][0]["filesystem"] == "ext4"
    assert obj["disk"] == {"table": "mbr", "partitions": row["disk"]["partitions"]}   # the JSON says what the disk is
    assert row["converted"] == [{"format": "qcow2", "file": disk.name,
                                 "sha256": hashlib.sha256(disk.read_bytes()).hexdigest()}]

    ok = run(sim, "verify", str(dest), "--json")
    assert ok.code == 0, ok.stderr
    assert ok.doc["oss_checked"] and all(c["ok"] for m in ok.doc["manifests"] for c in m["checks"])
    assert {c["what"] for c in ok.doc["manifests"][0]["checks"]} == {"converted", "oss"}

    with open(disk, "r+b") as f:   # one byte changes on disk
        f.seek(70_000)
        b = f.read(1)
        f.seek(70_000)
        f.write(bytes([b[0] ^ 1]))
    bad = run(sim, "verify", str(dest / f"p_{image_id(0)}.manifest.json"), "--json")
    assert bad.code == 7
    [wrong] = [c for m in bad.doc["manifests"] for c in m["checks"] if not c["ok"]]
    assert wrong["what"] == "converted" and wrong["name"] == disk.name
    assert "MISMATCH" in run(sim, "verify", str(dest)).stdout


def test_download_convert_raw_keep_archive(start_sim, tmp_path):
    sim = start_sim(scenario(images=1, gib=4))
    first = run(sim, "export", "--region", REGION, "--image", image_id(0), "--bucket", BUCKET, "--wait", "--json")
    task_id = first.doc["tasks"][0]["task_id"]
    dest = tmp_path / "dl"
    res = run(sim, "download", "--region", REGION, task_id, "--to", str(dest), "--convert", "raw",
              "--keep-archive", "--json")
    assert res.code == 0, res.stderr
    [obj] = res.doc["tasks"][0]["objects"]
    archive = dest / obj["key"].rsplit("/", 1)[-1]
    raw = dest / obj["converted"]["path"].rsplit("/", 1)[-1]
    assert archive.exists() and raw.name.endswith("_system.raw")
    assert obj["path"] == str(archive)                               # the kept archive is still named
    assert raw.stat().st_blocks * 512 < raw.stat().st_size // 2          # sparse: zeros are holes
    assert hashlib.sha256(raw.read_bytes()).hexdigest() == obj["converted"]["sha256"] == _raw_disk_sha256(archive)
    ok = run(sim, "verify", str(dest), "--json")
    assert ok.code == 0 and {c["what"] for c in ok.doc["manifests"][0]["checks"]} == {"archive", "converted", "oss"}
    body = bytearray(archive.read_bytes())
    body[len(body) // 2] ^= 1
    archive.write_bytes(bytes(body))
    assert run(sim, "verify", str(dest)).code == 7
    # without --json, a line under the task says what the disk is, in the user's language
    text = run(sim, "download", "--region", REGION, task_id, "--to", str(tmp_path / "again"), "--convert", "vmdk",
               "--lang", "zh")
    assert text.code == 0, text.stderr
    assert re.search(r"^  \S+_system\.vmdk: MBR · 1 个分区：#1 Linux \S+ \S+ ext4$", text.stdout, re.M), text.stdout


def test_verify_without_a_manifest_is_a_usage_error(start_sim, tmp_path):
    sim = start_sim(scenario(images=1))
    res = run(sim, "verify", str(tmp_path), "--json")
    assert res.code == 2 and res.doc["error"]["code"] == "NoManifest"
    assert "manifest" in res.stderr


def test_an_object_that_is_no_archive_is_reported_and_kept(start_sim, tmp_path):
    """A region that honours ImageFormat writes qcow2 itself: asking to convert that is refused
    with a clear message; the verified object stays."""
    doc = scenario(images=1)
    doc["regions"].append("ap-southeast-1")
    doc["images"][0]["region"] = "ap-southeast-1"
    doc["buckets"] = [{"name": "sg-bucket", "region": "ap-southeast-1"}]
    sim = start_sim(doc)
    dest = tmp_path / "sg"
    res = run(sim, "export", "--region", "ap-southeast-1", "--image", image_id(0), "--bucket", "sg-bucket",
              "--format", "qcow2", "--download", str(dest), "--convert", "vmdk", "--json")
    assert res.code == 1
    [task] = res.doc["tasks"]
    assert task["error"]["code"] == "NotAnArchive" and task["error"]["request_id"] is None
    assert "not a .tar.gz export" in res.stderr and "--convert archive" in res.stderr
    assert [p.suffix for p in dest.iterdir()] == [".qcow2"]          # the object as exported, verified, kept


def test_verify_compares_the_objects_in_oss_when_it_can(start_sim, tmp_path):
    """The OSS side of `verify`: an object changed in OSS since the download is a mismatch
    (exit 7); one cleaned up is noted, not a mismatch; an unreachable cloud leaves the local
    checks, said so. Changes are made through the real oss2 against the sim."""
    import oss2

    sim = start_sim(scenario(images=1, gib=2))
    dest = tmp_path / "plain"
    res = run(sim, "export", "--region", REGION, "--image", image_id(0), "--bucket", BUCKET, "--download", str(dest),
              "--json")                                 # no --convert: a manifest all the same
    assert res.code == 0, res.stderr
    [obj] = res.doc["tasks"][0]["objects"]
    ok = run(sim, "verify", str(dest), "--json")
    assert ok.code == 0 and {c["what"] for c in ok.doc["manifests"][0]["checks"]} == {"archive", "oss"}, ok.doc
    assert ok.doc["oss_checked"] is True

    bucket = oss2.Bucket(oss2.Auth(sim.info["access_key_id"], sim.info["access_key_secret"]),
                         sim.info["oss_endpoint"], BUCKET, connect_timeout=30, region=REGION)
    bucket.put_object(obj["key"], b"not the exported disk")
    bad = run(sim, "verify", str(dest), "--json")
    assert bad.code == 7, bad.stderr
    [wrong] = [c for m in bad.doc["manifests"] for c in m["checks"] if not c["ok"]]
    assert (wrong["what"], wrong["name"]) == ("oss", obj["key"]) and "size 21" in wrong["detail"], wrong
    assert "MISMATCH  oss" in run(sim, "verify", str(dest)).stdout

    bucket.delete_object(obj["key"])
    gone = run(sim, "verify", str(dest))
    assert gone.code == 0, gone.stdout + gone.stderr
    assert "no longer in OSS (cleaned up)" in gone.stdout

    sim.stop()                                          # the cloud can't be reached any more
    offline = run(sim, "verify", str(dest), "--json", timeout=240)
    assert offline.code == 0, offline.stderr
    assert {c["what"] for c in offline.doc["manifests"][0]["checks"]} == {"archive"}
    assert offline.doc["oss_checked"] is False and "OSS not checked (" in offline.stderr, offline.stderr
