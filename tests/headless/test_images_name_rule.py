"""`tui-export images` says which naming rule a malformed image name breaks, with the same
rule and wording as the app (core.rules.validate_image_name; docs/api.md)."""

from __future__ import annotations

from tests.headless.conftest import REGION, image_id, run, scenario


def test_images_name_the_broken_rule_in_both_languages(start_sim):
    doc = scenario(images=2)
    doc["images"][0]["name"] = "1st-backup"
    doc["images"][1]["name"] = "release:2024"
    sim = start_sim(doc)
    en = {row["image_id"]: row for row in run(sim, "images", "--region", REGION, "--json").doc["images"]}
    assert not en[image_id(0)]["exportable"]
    assert "starts with “1”; it must start with a letter or a Chinese character" in en[image_id(0)]["reasons"][0]
    assert "holds “:”; only letters, Chinese characters, digits" in en[image_id(1)]["reasons"][0]
    zh = run(sim, "images", "--region", REGION, "--lang", "zh")
    assert zh.code == 0
    assert "镜像名称以“1”开头，必须以英文字母或中文开头" in zh.stdout
    assert "镜像名称包含“:”" in zh.stdout
