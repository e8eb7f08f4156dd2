"""The doctor's checks of this computer: where secrets go, CRC-64 speed, room for the download."""

from __future__ import annotations

import os
import shutil
import time

from tui_export.core.i18n import t

CRC_SAMPLE = 16 << 20      # enough for a stable figure, a few ms with a fast CRC
CRC_SLOW_MB_S = 100.0      # below this, verifying a 40 GiB image takes more than 7 minutes


def keyring(lang: str):
    from tui_export.cloud.doctor.report import Check
    from tui_export.cloud.secret_store import store_status

    status = store_status()
    label = t("doctor.check.keyring", lang)
    if status.usable:
        return Check("keyring", True, t("doctor.keyring.ok", lang, name=status.name), label)
    # A headless machine has its answer: environment, CLI profiles, the encrypted file.
    return Check("keyring", None, t("doctor.keyring.headless", lang, name=status.name), label)


def crc_speed(lang: str):
    from tui_export.cloud.crc_check import crc64, crc_backend
    from tui_export.cloud.doctor.report import Check

    data = bytes(CRC_SAMPLE)
    start = time.perf_counter()
    crc64(data)
    elapsed = max(time.perf_counter() - start, 1e-6)
    speed = CRC_SAMPLE / elapsed / 1e6
    key = "doctor.crc.ok" if speed >= CRC_SLOW_MB_S else "doctor.crc.slow"
    return Check("crc64", True if speed >= CRC_SLOW_MB_S else None,
                 t(key, lang, speed=f"{speed:,.0f}", impl=crc_backend()), t("doctor.check.crc64", lang))


def _human_bytes(n: int) -> str:
    for unit, size in (("TiB", 1 << 40), ("GiB", 1 << 30), ("MiB", 1 << 20)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n} B"


def free_space(path: str, lang: str):
    from tui_export.cloud.doctor.report import Check

    label = t("doctor.check.free_space", lang)
    path = path or os.getcwd()
    if not os.path.isdir(path):
        why = t("doctor.space.not_folder", lang)
        return Check("free_space", False, t("doctor.space.bad", lang, path=path, why=why), label)
    if not os.access(path, os.W_OK | os.X_OK):
        why = t("doctor.space.no_write", lang)
        return Check("free_space", False, t("doctor.space.bad", lang, path=path, why=why), label)
    free = shutil.disk_usage(path).free
    return Check("free_space", True, t("doctor.space.ok", lang, free=_human_bytes(free), path=path), label)
