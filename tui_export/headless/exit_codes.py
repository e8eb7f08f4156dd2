"""Exit codes of the headless commands: a contract scripts depend on (issue #9 §3).

With several tasks the highest code wins; each task's error is in the JSON.
"""

from __future__ import annotations

OK = 0
FAILED = 1            # anything else (a network that never answered, a disk full ...)
USAGE = 2             # usage or bad input
CREDENTIALS = 3       # credentials, permission, or the export role missing without --create-role
NOT_EXPORTABLE = 4    # the image can't be exported / ExportImage refused it / the task failed
WEEKLY_QUOTA = 5
TIMEOUT = 6
VERIFY_FAILED = 7
INTERRUPTED = 130

_CREDENTIAL_CODES = frozenset({
    "NoCredentials", "InvalidAccessKeySecret", "SignatureDoesNotMatch", "InvalidAccessKeyId.NotFound",
    "InvalidAccessKeyId", "Forbidden.AccessKeyDisabled", "InvalidSecurityToken.Expired",
    "InvalidSecurityToken.Malformed", "InvalidSecurityToken.MismatchWithAccessKey", "Forbidden.RAM",
    "NoPermission", "Forbidden.Unauthorized", "AccessDenied", "NoSetRoletoECSServiceAcount",
    "RoleTrustPolicyMismatch", "UserNotInTheWhiteList", "CredentialError",
})
_INPUT_CODES = frozenset({
    "MissingParameter", "InvalidRegionId.NotFound", "InvalidOSSPrefix.Malformed", "InvalidImageFormat.Malformed",
    "InvalidOSSBucket.NotFound", "InvalidOSSBucket.NotMatched", "NoSuchBucket", "InvalidParameter",
    "InvalidTaskId.NotFound", "InvalidTaskId.TaskActionNotSupport", "TaskBucketUnknown", "InvalidBucketName",
    "DestinationExists",
})
_VERIFY_CODES = frozenset({"CrcMismatch", "RemoteChanged"})


def for_error(code: str, operation: str = "") -> int:
    """The exit code a failed job (or command) with this error code ends with."""
    if not code:
        return OK
    if code == "WeeklyQuotaExceed.ExportImage":
        return WEEKLY_QUOTA
    if code in _VERIFY_CODES:
        return VERIFY_FAILED
    if code in _CREDENTIAL_CODES or code.startswith(("credentials.", "secret_store.", "InvalidAccessKey",
                                                      "InvalidSecurityToken")):
        return CREDENTIALS
    if code in _INPUT_CODES or code.startswith("MissingParameter"):
        return USAGE
    if operation == "ExportImage" or code.startswith(("Image", "InvalidImage", "IncorrectImageStatus",
                                                      "InvalidRegion.NotSupport", "OperationDenied",
                                                      "ExportImageFailed", "InvalidImageName")):
        return NOT_EXPORTABLE
    return FAILED


def worst(codes) -> int:
    """The highest code wins (130 above all)."""
    codes = list(codes)
    return max(codes) if codes else OK
