"""What a job's journal says of its downloads: each verified object's line reads
"verified KEY (SIZE bytes, FETCHED fetched)" (jobs/downloads.py), which is how tests see that a
resumed download didn't fetch again the bytes it had."""

from __future__ import annotations

import re

_VERIFIED = re.compile(r"^verified .*\((\d+) bytes, (\d+) fetched\)")


def verified_fetched(store, job_id: str) -> list[tuple[int, int]]:
    """(size, bytes fetched) of every object verified, in the order the journal has them."""
    return [tuple(map(int, m.groups())) for _, _, detail in store.job_journal(job_id)
            if (m := _VERIFIED.match(detail))]
