"""Many made-up custom images in one region, for benchmarks and tests at scale.

    add_synthetic_images(sim.world, "cn-shenzhen", 2000)

Deterministic for a given (region, count, seed): the same names, ids and times every run,
so a benchmark's filter matches the same rows each time. The mix looks like a real
account's: mostly exportable Linux images, some Windows, some with data disks (a few
with too many), a few encrypted or not Available. Names are `<role>-<env>-<os>-<n>`;
`env` is "prod" for about 64% of them (a filter that keeps most rows), and the role
"proxy" makes "pro" match more rows than "prod".
"""

from __future__ import annotations

import random
import time
import zlib

from tui_export.core.models import DiskMapping, Image
from tui_export.sim.world import World

_ROLES = ("web", "db", "cache", "api", "batch", "ci", "etl", "gw", "proxy", "search")
_OSES = (   # (os_type, platform, os_name, name tag)
    ("linux", "CentOS", "CentOS 7.9 64位", "centos7"),
    ("linux", "Ubuntu", "Ubuntu 22.04 64位", "ubuntu22"),
    ("linux", "Aliyun", "Alibaba Cloud Linux 3.2104 LTS 64位", "alinux3"),
    ("linux", "Debian", "Debian 12.5 64位", "debian12"),
    ("linux", "Rocky Linux", "Rocky Linux 9.3 64位", "rocky9"),
    ("windows", "Windows Server 2022", "Windows Server 2022 数据中心版 64位中文版", "win2022"),
)
_EPOCH = 1_735_689_600   # 2025-01-01T00:00:00Z: creation times count back from here


def synthetic_images(region_id: str, count: int, *, seed: int = 0) -> list[Image]:
    """`count` images of `region_id`, newest first (ids unique per region and seed)."""
    rng = random.Random(f"{region_id}/{seed}")
    tag = f"{zlib.crc32(f'{region_id}/{seed}'.encode()):08x}"
    out = []
    for n in range(count):
        os_type, platform, os_name, os_tag = _OSES[5] if rng.random() < 0.08 else rng.choice(_OSES[:5])
        env = "prod" if rng.random() < 0.64 else rng.choice(("staging", "dev", "test"))
        disks = [DiskMapping("/dev/xvda", "system", rng.choice((20, 40, 40, 80, 100)), f"s-{tag}{n:08d}a",
                             rng.random() < 0.02)]
        data_count = rng.choice((0, 0, 0, 1, 1, 2)) if rng.random() > 0.03 else 5
        for d in range(data_count):
            size = rng.choice((50, 100, 200, 500)) if rng.random() > 0.02 else 1000
            disks.append(DiskMapping(f"/dev/xvd{chr(ord('b') + d)}", "data", size, f"s-{tag}{n:08d}{d}", False))
        out.append(Image(
            image_id=f"m-{tag}{n:012d}",
            name=f"{rng.choice(_ROLES)}-{env}-{os_tag}-{n:05d}",
            region_id=region_id, os_type=os_type, os_name=os_name, platform=platform,
            size_gib=disks[0].size_gib,
            status="Available" if rng.random() > 0.03 else rng.choice(("Creating", "CreateFailed", "UnAvailable")),
            creation_time=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(_EPOCH - 3600 * n)),
            disks=tuple(disks), description=f"synthetic image {n} of {count}",
        ))
    return out


def add_synthetic_images(world: World, region_id: str, count: int, *, seed: int = 0) -> list[Image]:
    """Put `count` synthetic images into `world`'s `region_id` (which must be one of its regions)."""
    if region_id not in world.region_ids:
        raise ValueError(f"{region_id} is not a region of this world")
    images = synthetic_images(region_id, count, seed=seed)
    for image in images:
        world.add_image(image)
    return images
