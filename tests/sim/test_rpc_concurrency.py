"""Many SDK threads sharing one AcsClient (one pooled session), as the app's workers do."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

from aliyunsdkecs.request.v20140526.DescribeImagesRequest import DescribeImagesRequest
from aliyunsdkecs.request.v20140526.DescribeTasksRequest import DescribeTasksRequest


def test_sixteen_threads_share_one_client(acs_client):
    client = acs_client()

    def work(i: int) -> int:
        request = DescribeImagesRequest() if i % 2 else DescribeTasksRequest()   # one request object per call
        body = json.loads(client.do_action_with_exception(request))
        return body["TotalCount"]

    with ThreadPoolExecutor(16) as pool:
        results = list(pool.map(work, range(320)))
    assert len(results) == 320 and all(n > 0 for n in results)
