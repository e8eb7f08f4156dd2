"""What an error code means, in plain words, and what to do next — en and zh.

The cloud's own messages are terse and sometimes wrong (the seed's
"ECS service account Have no right..."). A user on a jump host needs to know what
happened and the one concrete thing to try. Keys follow core.api_errors: a code,
or code + "." + variant where one code means several things (ImageNotSupported).
Codes we don't know fall back to the API's own message: never hide what it said.
"""

from __future__ import annotations

from tui_export.core.api_errors import ERRORS
from tui_export.core.explanations_access import EXPORT_AND_ACCESS, Texts
from tui_export.core.explanations_transfer import STORAGE_AND_TRANSFER

_PERM = "ecs:ExportImage"

# Every code's texts; the two tables are split by subject only (a key is in one of them).
EXPLANATIONS: dict[str, dict[str, Texts]] = {**EXPORT_AND_ACCESS, **STORAGE_AND_TRANSFER}

# The codes users meet beyond the seed's table; a test proves each is explained.
COMMON_CODES: tuple[str, ...] = (
    "InvalidAccessKeySecret", "SignatureDoesNotMatch", "InvalidAccessKeyId.NotFound", "InvalidAccessKeyId",
    "Forbidden.AccessKeyDisabled", "InvalidTimeStamp.Expired", "RequestTimeTooSkewed",
    "Throttling", "Throttling.User", "Throttling.Api",
    "Forbidden.RAM", "NoPermission", "Forbidden.Unauthorized", "AccessDenied",
    "PublicEndpointForbidden", "NoSuchBucket", "NoSuchKey", "InvalidSecurityToken.Expired",
    "NetworkError", "Timeout", "InternalError", "ServiceUnavailable",
    "InvalidTaskId.NotFound", "InvalidTaskId.TaskActionNotSupport", "InvalidTaskId.IncorrectTaskStatus",
    "CancelTaskFailed", "DiskFull", "CrcMismatch", "DryRunOperation",
    "DestinationExists", "DownloadInProgress", "RemoteChanged", "Cancelled", "WriteFailed", "BadResponse",
    "NoDisk", "NotAnArchive", "Truncated",
)

# Which RAM permission to ask for, by API operation (for the permission errors' next step).
PERMISSIONS: dict[str, str] = {
    "DescribeRegions": "ecs:DescribeRegions",
    "DescribeImages": "ecs:DescribeImages",
    "ExportImage": _PERM,
    "DescribeTasks": "ecs:DescribeTasks",
    "DescribeTaskAttribute": "ecs:DescribeTaskAttribute",
    "CancelTask": "ecs:CancelTask",
    "GetRole": "ram:GetRole",
    "CreateRole": "ram:CreateRole",
    "AttachPolicyToRole": "ram:AttachPolicyToRole",
    "ListPoliciesForRole": "ram:ListPoliciesForRole",
    "ListBuckets": "oss:ListBuckets",
    "PutBucket": "oss:PutBucket",
    "ListObjects": "oss:ListObjects",
    "HeadObject": "oss:GetObject",
    "GetObject": "oss:GetObject",
    "download": "oss:GetObject",
    "GetBucketInfo": "oss:GetBucketInfo",
    "DeleteObject": "oss:DeleteObject",
    "DeleteMultipleObjects": "oss:DeleteObject",
    "AssumeRole": "sts:AssumeRole",
}

# What each service calls the permission it lacks when the operation isn't known.
_DEFAULT_PERMISSION = {"Forbidden.RAM": _PERM, "Forbidden.Unauthorized": _PERM, "NoPermission": "ram:*Role*",
                       "AccessDenied": "oss:GetObject"}


def permission_for(code: str, operation: str) -> str:
    """The RAM action a denial of `operation` asks to grant ("ecs:ExportImage")."""
    return PERMISSIONS.get(operation) or _DEFAULT_PERMISSION.get(code, _PERM)


def is_permission_denial(code: str, message: str = "") -> bool:
    """A RAM refusal (Forbidden.RAM, NoPermission, OSS AccessDenied that is no expired link or region mix-up)."""
    return resolve_key(code, message) in _PERMISSION_CODES

_PERMISSION_CODES = frozenset({"Forbidden.RAM", "Forbidden.Unauthorized", "NoPermission", "AccessDenied"})

_FALLBACK: dict[str, Texts] = {
    "en": ("The cloud answered: {message}", "Note the RequestId; if you can't fix this, open a ticket with it."),
    "zh": ("云端返回：{message}", "请记下 RequestId；如无法自行解决，请携带它提交工单。"),
}


# Nothing reached the cloud (the SDK refused a value before sending it): never "the cloud answered".
_LOCAL_FALLBACK: dict[str, Texts] = {
    "en": ("This computer stopped the request before it reached the cloud: {message}",
           "Nothing was sent. Check the values used (bucket, prefix, region, endpoint) and try again; if it "
           "keeps happening, report it with the log file (tui-export info shows where)."),
    "zh": ("请求在本机被拦下，未发送到云端：{message}",
           "未向云端发送任何内容。请检查所用的值（Bucket、前缀、地域、Endpoint）后重试；若仍出现，请附上日志文件反馈"
           "（tui-export info 会显示其位置）。"),
}

# Next steps for when there is no RequestId to quote (a failed task, an answer without one).
WITHOUT_REQUEST_ID: dict[str, dict[str, str]] = {
    "": {"en": "If you can't fix this, open a ticket with this message and the time it happened.",
         "zh": "如无法自行解决，请携带此消息和发生时间提交工单。"},
    "ExportImageFailed": {"en": "Try again later; if it keeps failing, open a ticket with the task ID.",
                          "zh": "请稍后重试；若仍失败，请携带任务 ID 提交工单。"},
    "CancelTaskFailed": {"en": "Try again later; if it keeps failing, open a ticket with the task ID.",
                         "zh": "请稍后重试；若仍失败，请携带任务 ID 提交工单。"},
    "InternalError": {"en": "Try again in a minute; if it persists, open a ticket with the time it happened.",
                      "zh": "请一分钟后重试；若持续出现，请携带发生时间提交工单。"},
    "BadResponse": {"en": "Resume the download; if it happens again, open a ticket with the bucket and object name.",
                    "zh": "请继续下载；如再次出现，请携带 Bucket 和文件名提交工单。"},
}


def _lang(lang: str | None) -> str:
    return "zh" if lang and lang.lower().startswith("zh") else "en"


def resolve_key(code: str, message: str = "") -> str | None:
    """The EXPLANATIONS key for `code` (picking a variant by `message`), or None."""
    low = (message or "").lower()
    if code == "ImageNotSupported":
        if "encrypt" in low:
            return "ImageNotSupported.Encrypted"
        if "image market" in low and "do not support export image" in low:
            return "ImageNotSupported.Market"
        return "ImageNotSupported.Marketplace"
    if code == "AccessDenied":
        if "specified endpoint" in low:
            return "AccessDenied.Endpoint"
        if "expired" in low:
            return "AccessDenied.Expired"
    if code == "MissingParameter":
        for name in ("RegionId", "ImageId", "OSSBucket"):
            if f'"{name}"' in (message or ""):
                return f"MissingParameter.{name}"
    # exact, then the family: "Throttling.Foo" -> "Throttling", "A.B.C" -> "A.B" -> "A"
    key = code
    while key:
        if key in EXPLANATIONS:
            return key
        if "." not in key:
            break
        key = key.rsplit(".", 1)[0]
    return None


def explain(code: str, lang: str = "en", message: str = "", operation: str = "", *,
            request_id: str | None = None, local: bool = False) -> Texts:
    """(what happened, what to do next) for `code` in `lang` ("en"/"zh").

    Unknown codes fall back to the API's own `message`. For codes whose cloud message
    is only a detail ("%s" in the seed's table), that detail is appended to `what`.
    `local`: the failure happened on this computer, so it is never worded as the
    cloud's answer. `request_id=""` (known to be absent): no next step asks for one.
    """
    lang = _lang(lang)
    key = resolve_key(code, message)
    if key is None:
        shown = message or code or "?"
        what, nxt = (_LOCAL_FALLBACK if local else _FALLBACK)[lang]
        if not local and request_id == "":
            nxt = WITHOUT_REQUEST_ID[""][lang]
        return what.format(message=shown), nxt
    what, nxt = EXPLANATIONS[key][lang]
    if request_id == "" and key in WITHOUT_REQUEST_ID:
        nxt = WITHOUT_REQUEST_ID[key][lang]
    if key in _PERMISSION_CODES or "{permission}" in nxt:
        perm = permission_for(key, operation)
        shown_op = operation if operation and operation != "download" else (
            "GetObject" if operation == "download" else ("这次调用" if lang == "zh" else "this call"))
        what = what.replace("{permission}", perm).replace("{operation}", shown_op)
        nxt = nxt.replace("{permission}", perm)
    table = ERRORS.get(key)
    if table is not None and table.message == "%s" and message and message != "%s":
        what = f"{what} ({message})" if lang == "en" else f"{what}（{message}）"
    return what, nxt
