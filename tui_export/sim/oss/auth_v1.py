"""OSS signature V1 (HMAC-SHA1), server side: the string to sign exactly as oss2 builds it.

    VERB \n Content-MD5 \n Content-Type \n Date \n CanonicalizedOSSHeaders CanonicalizedResource

Date is `x-oss-date` or `Date` for header signatures and `Expires` for presigned URLs.
The resource is `/bucket/key` with the key *unescaped*, then the sorted sub-resources.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Iterable, Mapping

# oss2 2.19.1 ProviderAuth._subresource_key_set: query parameters that take part in the signature
SUBRESOURCES = frozenset("""
response-content-type response-content-language response-cache-control logging response-content-encoding
acl uploadId uploads partNumber group link delete website location objectInfo objectMeta
response-expires response-content-disposition cors lifecycle restore qos referer stat bucketInfo append
position security-token live comp status vod startTime endTime x-oss-process symlink callback
callback-var tagging encryption versions versioning versionId policy requestPayment x-oss-traffic-limit
qosInfo asyncFetch x-oss-request-payer sequential inventory inventoryId continuation-token worm wormId
wormExtend replication replicationLocation replicationProgress transferAcceleration cname metaQuery
x-oss-ac-source-ip x-oss-ac-subnet-mask x-oss-ac-vpc-id x-oss-ac-forward-allow resourceGroup style
styleName x-oss-async-process regionList x-oss-write-get-object-response bucketArchiveDirectRead
httpsConfig redundancyTransition x-oss-target-redundancy-type x-oss-redundancy-transition-taskid
accessPoint accessPointPolicy publicAccessBlock x-oss-access-point-name requesterQosInfo qosRequester
resourcePoolInfo resourcePool resourcePoolBuckets
""".split())


def canonical_resource(bucket: str | None, key: str, query: Mapping[str, str]) -> str:
    resource = f"/{bucket}/{key}" if bucket else "/"
    subs = sorted((k, v) for k, v in query.items() if k in SUBRESOURCES)
    if subs:
        resource += "?" + "&".join(f"{k}={v}" if v else k for k, v in subs)
    return resource


def canonical_oss_headers(headers: Iterable[tuple[str, str]]) -> str:
    oss = sorted((k.lower(), v) for k, v in headers if k.lower().startswith("x-oss-"))
    return "".join(f"{k}:{v}\n" for k, v in oss)


def string_to_sign(method: str, bucket: str | None, key: str, query: Mapping[str, str],
                   headers: Iterable[tuple[str, str]], content_md5: str, content_type: str, date: str) -> str:
    return "\n".join([method, content_md5, content_type, date,
                      canonical_oss_headers(headers) + canonical_resource(bucket, key, query)])


def sign(secret: str, to_sign: str) -> str:
    digest = hmac.new(secret.encode(), to_sign.encode("utf-8", "surrogateescape"), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()
