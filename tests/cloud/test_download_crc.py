"""CRC-64 helpers and the checkpoint record (no server needed)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tui_export.cloud import download_checkpoint as ckpt
from tui_export.cloud.crc_check import crc64, crc64_combine


def test_known_vector():
    assert crc64(b"123456789") == 11051210869376104954   # CRC-64/XZ check value (docs/api.md)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300), st.binary(max_size=300), st.binary(max_size=300))
def test_combine_equals_crc_of_concatenation(a, b, c):
    whole = crc64(a + b + c)
    assert crc64_combine(crc64_combine(crc64(a), crc64(b), len(b)), crc64(c), len(c)) == whole
    assert crc64_combine(crc64(a), crc64(b + c), len(b + c)) == whole


def test_combine_matches_oss2_on_large_lengths():
    from oss2.utils import Crc64

    for len2 in (1 << 20, 8 << 20, (1 << 33) + 12345):
        assert crc64_combine(0x1234, 0xABCDEF, len2) == Crc64().combine(0x1234, 0xABCDEF, len2)


def test_checkpoint_round_trip_and_damage(tmp_path):
    path = ckpt.checkpoint_path(tmp_path, "b", "k/x.raw", tmp_path / "x.raw")
    assert path.parent == tmp_path / "downloads" and len(path.stem) == 64
    cp = ckpt.Checkpoint(bucket="b", key="k/x.raw", dest=str(tmp_path / "x.raw"), temp="t", etag="E",
                         size=10, last_modified=5, crc64="123", part_size=4, parts={0: (4, 99), 2: (1, 7)})
    ckpt.save(path, cp)
    assert ckpt.load(path) == cp
    assert (path.stat().st_mode & 0o777) == 0o600
    assert ckpt.load(path).same_remote("E", 10, 6, "123")       # last-modified alone doesn't matter
    assert not ckpt.load(path).same_remote("F", 10, 5, "123")
    path.write_text("{not json")
    assert ckpt.load(path) is None                               # damaged record: start over
    ckpt.discard(path)
    ckpt.discard(path)
    assert ckpt.load(path) is None
