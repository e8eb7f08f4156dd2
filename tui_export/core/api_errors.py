"""The error table: every code the ExportImage reference (the seed) lists, and the
common RPC, RAM and OSS errors, with the real HTTP status and message.

The embedded cloud answers with these; the cloud layer and the tests recognise them
by the same keys. A key is the code, or code + "." + a variant where one code has
several messages (MissingParameter.ImageId, ImageNotSupported.Encrypted, ...).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ApiError:
    code: str
    http_status: int
    message: str      # may hold one "%s" for a detail

    def format(self, detail: str = "") -> str:
        return self.message.replace("%s", detail) if "%s" in self.message else self.message


def _missing(name: str) -> ApiError:
    return ApiError(
        "MissingParameter", 400,
        f'An input parameter "{name}" that is mandatory for processing the request is not supplied.',
    )


# The seed's table, row by row (docs/api.md, "The ExportImage error table").
SEED_ERRORS: dict[str, ApiError] = {
    "MissingParameter.RegionId": _missing("RegionId"),
    "MissingParameter.ImageId": _missing("ImageId"),
    "MissingParameter.OSSBucket": _missing("OSSBucket"),
    "InvalidImageName.Malformed": ApiError("InvalidImageName.Malformed", 400, "The specified Image name is wrongly formed."),
    "InvalidOSSPrefix.Malformed": ApiError("InvalidOSSPrefix.Malformed", 400, "The specified OSSPrefix format is wrongly formed."),
    "InvalidRegionId.NotFound": ApiError("InvalidRegionId.NotFound", 400, "The specified RegionId does not exist."),
    "InvalidRegion.NotSupport": ApiError("InvalidRegion.NotSupport", 400, "The specified region does not support image import or export."),
    "InvalidImageId.NotFound": ApiError("InvalidImageId.NotFound", 404, "The specified ImageId does not exist."),
    "IncorrectImageStatus": ApiError("IncorrectImageStatus", 400, "The specified Image is not available."),
    "ImageNotSupported.Market": ApiError("ImageNotSupported", 403, "The specified image from the image market, do not support export image."),
    "InvalidImageFormat.Malformed": ApiError("InvalidImageFormat.Malformed", 400, "The specified Image Format is wrongly formed."),
    "ImageIsExporting": ApiError("ImageIsExporting", 403, "The specified Image is exporting."),
    "ExportImageFailed": ApiError("ExportImageFailed", 403, "Exporting image is failed, Please contact the administrator."),
    "UserNotInTheWhiteList": ApiError("UserNotInTheWhiteList", 403, "The user is not in the white list of exporting image."),
    "NoSetRoletoECSServiceAcount": ApiError(
        "NoSetRoletoECSServiceAcount", 403,
        "ECS service account Have no right to access your OSS.please attach a role of access your oss to ECS service account.",
    ),
    "InvalidOSSBucket.NotFound": ApiError("InvalidOSSBucket.NotFound", 400, "The specified OSS bucket does not exist in this region."),
    "OperationDenied": ApiError("OperationDenied", 400, "The specified image contains the snapshot of the data disk,does not support this operation."),
    "InvalidImage.DiskAmountOrSize": ApiError("InvalidImage.DiskAmountOrSize", 400, "%s"),
    "ImageNotSupported.Encrypted": ApiError("ImageNotSupported", 400, "The specified Image contains encrypted snapshots, do not support export."),
    "ImageNotSupported.Marketplace": ApiError("ImageNotSupported", 400, "Image from image market does not support exporting."),
    "InvalidOSSBucket.NotMatched": ApiError("InvalidOSSBucket.NotMatched", 400, "The specified OSS bucket is incorrect, %s."),
    "ConcurrentQuotaExceed.ExportImage": ApiError("ConcurrentQuotaExceed.ExportImage", 403, "%s"),
    "WeeklyQuotaExceed.ExportImage": ApiError("WeeklyQuotaExceed.ExportImage", 403, "%s"),
    "InvalidImageLicense.NotSupported": ApiError("InvalidImageLicense.NotSupported", 403, "%s"),
}

# ECS / RAM / STS errors common to every RPC call (docs/api.md, "RPC common errors"),
# the task calls' and the role's.
RPC_ERRORS: dict[str, ApiError] = {
    "DryRunOperation": ApiError("DryRunOperation", 400, "Request validation has been passed with DryRun flag set."),
    "MissingParameter": ApiError("MissingParameter", 400, 'An input parameter "%s" that is mandatory for processing the request is not supplied.'),
    "InvalidParameter": ApiError("InvalidParameter", 400, "The specified parameter %s is not valid."),
    "Throttling.User": ApiError("Throttling.User", 400, "Request was denied due to user flow control."),
    "Throttling": ApiError("Throttling", 400, "Request was denied due to request throttling."),
    "SignatureDoesNotMatch": ApiError("SignatureDoesNotMatch", 400, "Specified signature is not matched with our calculation. server string to sign is:%s"),
    "IncompleteSignature": ApiError("IncompleteSignature", 400, "The request signature does not conform to Aliyun standards."),
    "InvalidAccessKeyId.NotFound": ApiError("InvalidAccessKeyId.NotFound", 404, "Specified access key is not found."),
    "InvalidAccessKeySecret": ApiError("InvalidAccessKeySecret", 400, "The AccessKeySecret is incorrect. Please check your AccessKeyId and AccessKeySecret."),
    "Forbidden.AccessKeyDisabled": ApiError("Forbidden.AccessKeyDisabled", 403, "The Access Key is disabled."),
    "InvalidSecurityToken.Expired": ApiError("InvalidSecurityToken.Expired", 400, "Specified SecurityToken is expired."),
    "InvalidSecurityToken.Malformed": ApiError("InvalidSecurityToken.Malformed", 400, "Specified SecurityToken is malformed."),
    "InvalidSecurityToken.MismatchWithAccessKey": ApiError("InvalidSecurityToken.MismatchWithAccessKey", 400, "Specified SecurityToken mismatch with the AccessKey."),
    "SignatureNonceUsed": ApiError("SignatureNonceUsed", 400, "Specified signature nonce was used already."),
    "InvalidTimeStamp.Expired": ApiError("InvalidTimeStamp.Expired", 400, "Specified time stamp or date value is expired."),
    "InvalidTimeStamp.Format": ApiError("InvalidTimeStamp.Format", 400, "Specified time stamp or date value is not well formatted."),
    "Forbidden.RAM": ApiError("Forbidden.RAM", 403, "User not authorized to operate on the specified resource, or this API doesn't support RAM."),
    "Forbidden.Unauthorized": ApiError("Forbidden.Unauthorized", 403, "User not authorized to operate on the specified resource."),
    "InvalidAction.NotFound": ApiError("InvalidAction.NotFound", 404, "Specified api is not found, please check your url and method."),
    "InternalError": ApiError("InternalError", 500, "The request processing has failed due to some unknown error, exception or failure."),
    "ServiceUnavailable": ApiError("ServiceUnavailable", 503, "The request has failed due to a temporary failure of the server."),
    "InvalidTaskId.NotFound": ApiError("InvalidTaskId.NotFound", 400, 'The specified "TaskId" is not found.'),
    "InvalidTaskId.TaskActionNotSupport": ApiError("InvalidTaskId.TaskActionNotSupport", 403, "The specified task action not support."),
    "InvalidTaskId.IncorrectTaskStatus": ApiError("InvalidTaskId.IncorrectTaskStatus", 403, "The specified task status is not invalid."),
    "CancelTaskFailed": ApiError("CancelTaskFailed", 403, "The task is failed to cancel, Please contact the administrator."),
    "InvalidImageOwnerAlias.ValueNotSupported": ApiError("InvalidImageOwnerAlias.ValueNotSupported", 400, "The specified ImageOwnerAlias is not supported."),
    "InvalidAcceptLanguage.NotFound": ApiError("InvalidAcceptLanguage.NotFound", 404, "The specified AcceptLanguage is not found."),
    # RAM (docs/api.md, "The export role")
    "EntityNotExist.Role": ApiError("EntityNotExist.Role", 404, "The role does not exist: %s."),
    "EntityAlreadyExists.Role": ApiError("EntityAlreadyExists.Role", 409, "The role does already EXIST."),
    "LimitExceeded.Role": ApiError("LimitExceeded.Role", 409, "The count of roles beyond the current limits."),
    "MalformedPolicyDocument": ApiError("MalformedPolicyDocument", 400, "The policy document is malformed: %s."),
    "InvalidParameter.RoleName.InvalidChars": ApiError("InvalidParameter.RoleName.InvalidChars", 400, "The parameter - RoleName contains invalid chars."),
    "InvalidParameter.RoleName.Length": ApiError("InvalidParameter.RoleName.Length", 400, "The parameter - RoleName beyond the length limit."),
    "InvalidParameter.PolicyType": ApiError("InvalidParameter.PolicyType", 400, "The parameter - PolicyType is invalid."),
    "EntityNotExist.Policy": ApiError("EntityNotExist.Policy", 404, "The policy does not exist: %s."),
    "EntityAlreadyExists.Role.Policy": ApiError("EntityAlreadyExists.Role.Policy", 409, "The policy is already attached to the role."),
    "NoPermission": ApiError("NoPermission", 403, "You are not authorized to do this action."),
}

# OSS REST errors (docs/api.md, "OSS error answers"); HTTP status per code.
OSS_ERRORS: dict[str, ApiError] = {
    "NoSuchBucket": ApiError("NoSuchBucket", 404, "The specified bucket does not exist."),
    "NoSuchKey": ApiError("NoSuchKey", 404, "The specified key does not exist."),
    "BucketAlreadyExists": ApiError("BucketAlreadyExists", 409, "The requested bucket name is not available."),
    "BucketNotEmpty": ApiError("BucketNotEmpty", 409, "The bucket you tried to delete is not empty."),
    "AccessDenied": ApiError("AccessDenied", 403, "%s"),
    "InvalidAccessKeyId": ApiError("InvalidAccessKeyId", 403, "The OSS Access Key Id you provided does not exist in our records."),
    "SignatureDoesNotMatch.OSS": ApiError("SignatureDoesNotMatch", 403, "The request signature we calculated does not match the signature you provided. Check your key and signing method."),
    "RequestTimeTooSkewed": ApiError("RequestTimeTooSkewed", 403, "The difference between the request time and the current time is too large."),
    "InvalidArgument": ApiError("InvalidArgument", 400, "%s"),
    "InvalidRange": ApiError("InvalidRange", 416, "The requested range cannot be satisfied"),
    "PreconditionFailed": ApiError("PreconditionFailed", 412, "At least one of the pre-conditions you specified did not hold."),
    "InvalidBucketName": ApiError("InvalidBucketName", 400, "The specified bucket is not valid."),
    "InvalidDigest": ApiError("InvalidDigest", 400, "The Content-MD5 you specified is not valid."),
    "MethodNotAllowed": ApiError("MethodNotAllowed", 405, "The specified method is not allowed against this resource."),
    "InvalidSecurityToken": ApiError("InvalidSecurityToken", 403, "The security token you provided is invalid."),
    "PublicEndpointForbidden": ApiError("PublicEndpointForbidden", 400, "Not allowed using the OSS public endpoint , please use CNAME instead."),
    "InternalError.OSS": ApiError("InternalError", 500, "We encountered an internal error. Please try again."),
    "ServiceUnavailable.OSS": ApiError("ServiceUnavailable", 503, "Please reduce your request rate."),
}

ERRORS: dict[str, ApiError] = {**SEED_ERRORS, **RPC_ERRORS, **OSS_ERRORS}
