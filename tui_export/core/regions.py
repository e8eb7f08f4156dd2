"""Alibaba Cloud's public regions: ids, names in English and Chinese, and what each allows.

Source: the OSS "regions and endpoints" pages (docs/api.md, "Regions") and the regions that
honour `ImageFormat` (docs/api.md, "Export formats by region").
The embedded cloud serves this list from DescribeRegions; the app shows
what the API returns, so this table is only the sim's truth and the UI's fallback.
"""

from __future__ import annotations

from dataclasses import dataclass

# Regions where ExportImage honours ImageFormat (docs/api.md, "Export formats by region"); elsewhere exports are RAW.
FORMAT_REGIONS = frozenset({
    "ap-northeast-1", "ap-southeast-5", "eu-central-1", "me-east-1", "us-east-1",
    "eu-west-1", "ap-southeast-1", "ap-southeast-3", "us-west-1",
})

# Local regions ("local region" sites, some closing down). No document says image
# export is offered there and none says it isn't: that it may be refused
# (InvalidRegion.NotSupport) is our inference, so it is only ever a caution, never a
# block — the cloud's DryRun decides (docs/api.md, "Regions where export is unconfirmed").
EXPORT_UNCONFIRMED_REGIONS = frozenset({"cn-nanjing", "cn-fuzhou", "cn-wuhan-lr"})


@dataclass(frozen=True)
class Region:
    region_id: str
    name_en: str
    name_zh: str

    def name(self, lang: str) -> str:
        return self.name_zh if lang.startswith("zh") else self.name_en


REGIONS: tuple[Region, ...] = tuple(Region(*row) for row in (
    ("cn-qingdao", "China (Qingdao)", "华北1（青岛）"),
    ("cn-beijing", "China (Beijing)", "华北2（北京）"),
    ("cn-zhangjiakou", "China (Zhangjiakou)", "华北3（张家口）"),
    ("cn-huhehaote", "China (Hohhot)", "华北5（呼和浩特）"),
    ("cn-wulanchabu", "China (Ulanqab)", "华北6（乌兰察布）"),
    ("cn-hangzhou", "China (Hangzhou)", "华东1（杭州）"),
    ("cn-shanghai", "China (Shanghai)", "华东2（上海）"),
    ("cn-nanjing", "China (Nanjing – Local Region, closing down)", "华东5（南京-本地地域-关停中）"),
    ("cn-fuzhou", "China (Fuzhou – Local Region, being decommissioned)", "华东6（福州-本地地域-关停中）"),
    ("cn-wuhan-lr", "China (Wuhan – Local Region)", "华中1（武汉-本地地域）"),
    ("cn-shenzhen", "China (Shenzhen)", "华南1（深圳）"),
    ("cn-heyuan", "China (Heyuan)", "华南2（河源）"),
    ("cn-guangzhou", "China (Guangzhou)", "华南3（广州）"),
    ("cn-chengdu", "China (Chengdu)", "西南1（成都）"),
    ("cn-zhongwei", "China (Zhongwei)", "西北2（中卫）"),
    ("cn-hongkong", "China (Hong Kong)", "中国香港"),
    ("ap-northeast-1", "Japan (Tokyo)", "日本（东京）"),
    ("ap-northeast-2", "South Korea (Seoul)", "韩国（首尔）"),
    ("ap-southeast-1", "Singapore", "新加坡"),
    ("ap-southeast-3", "Malaysia (Kuala Lumpur)", "马来西亚（吉隆坡）"),
    ("ap-southeast-5", "Indonesia (Jakarta)", "印度尼西亚（雅加达）"),
    ("ap-southeast-6", "Philippines (Manila)", "菲律宾（马尼拉）"),
    ("ap-southeast-7", "Thailand (Bangkok)", "泰国（曼谷）"),
    ("ap-southeast-8", "Malaysia (Johor)", "马来西亚（柔佛州）"),
    ("us-west-1", "US (Silicon Valley)", "美国（硅谷）"),
    ("us-east-1", "US (Virginia)", "美国（弗吉尼亚）"),
    ("na-south-1", "Mexico", "墨西哥"),
    ("eu-central-1", "Germany (Frankfurt)", "德国（法兰克福）"),
    ("eu-west-1", "UK (London)", "英国（伦敦）"),
    ("eu-west-2", "France (Paris)", "法国（巴黎）"),
    ("me-east-1", "UAE (Dubai)", "阿联酋（迪拜）"),
))

_BY_ID = {r.region_id: r for r in REGIONS}


def region_by_id(region_id: str) -> Region | None:
    return _BY_ID.get(region_id)
