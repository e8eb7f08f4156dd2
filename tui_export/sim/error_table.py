"""The embedded cloud's own error table: what it answers with (code, HTTP status, message).

Deliberately separate from the product's `core.api_errors`: the sim is the test oracle,
so a wrong row in the product must show up as a failing test, not be copied into the
answers. The ExportImage rows are transcribed from the ExportImage API reference's
error table (docs/api.md, "ExportImage: the documented rules"); the common RPC, RAM
and STS rows from the error bodies the real services send.

A key is the code, or code + "." + a variant where one code has several messages
(MissingParameter.ImageId, ImageNotSupported.Encrypted, ...).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SimError:
    code: str
    http_status: int
    message: str      # may hold one "%s" for a detail

    def format(self, detail: str = "") -> str:
        return self.message.replace("%s", detail) if "%s" in self.message else self.message


def _row(http_status: int, code: str, message: str) -> SimError:
    return SimError(code, http_status, message)


_MANDATORY = 'An input parameter "{}" that is mandatory for processing the request is not supplied.'

# ExportImage, row by row as the reference lists them (HTTP, code, message).
EXPORT_IMAGE_ERRORS: dict[str, SimError] = {
    "MissingParameter.RegionId": _row(400, "MissingParameter", _MANDATORY.format("RegionId")),
    "MissingParameter.ImageId": _row(400, "MissingParameter", _MANDATORY.format("ImageId")),
    "MissingParameter.OSSBucket": _row(400, "MissingParameter", _MANDATORY.format("OSSBucket")),
    "InvalidImageName.Malformed": _row(400, "InvalidImageName.Malformed", "The specified Image name is wrongly formed."),
    "InvalidOSSPrefix.Malformed": _row(400, "InvalidOSSPrefix.Malformed",
                                       "The specified OSSPrefix format is wrongly formed."),
    "InvalidRegionId.NotFound": _row(400, "InvalidRegionId.NotFound", "The specified RegionId does not exist."),
    "InvalidRegion.NotSupport": _row(400, "InvalidRegion.NotSupport",
                                     "The specified region does not support image import or export."),
    "InvalidImageId.NotFound": _row(404, "InvalidImageId.NotFound", "The specified ImageId does not exist."),
    "IncorrectImageStatus": _row(400, "IncorrectImageStatus", "The specified Image is not available."),
    # The reference has three ImageNotSupported rows; the variant names which one.
    "ImageNotSupported.Market": _row(403, "ImageNotSupported",
                                     "The specified image from the image market, do not support export image."),
    "InvalidImageFormat.Malformed": _row(400, "InvalidImageFormat.Malformed",
                                         "The specified Image Format is wrongly formed."),
    "ImageIsExporting": _row(403, "ImageIsExporting", "The specified Image is exporting."),
    "ExportImageFailed": _row(403, "ExportImageFailed", "Exporting image is failed, Please contact the administrator."),
    "UserNotInTheWhiteList": _row(403, "UserNotInTheWhiteList",
                                  "The user is not in the white list of exporting image."),
    "NoSetRoletoECSServiceAcount": _row(
        403, "NoSetRoletoECSServiceAcount",
        "ECS service account Have no right to access your OSS.please attach a role of access your oss "
        "to ECS service account."),
    "InvalidOSSBucket.NotFound": _row(400, "InvalidOSSBucket.NotFound",
                                      "The specified OSS bucket does not exist in this region."),
    "OperationDenied": _row(400, "OperationDenied",
                            "The specified image contains the snapshot of the data disk,does not support this operation."),
    "InvalidImage.DiskAmountOrSize": _row(400, "InvalidImage.DiskAmountOrSize", "%s"),
    "ImageNotSupported.Encrypted": _row(400, "ImageNotSupported",
                                        "The specified Image contains encrypted snapshots, do not support export."),
    "ImageNotSupported.Marketplace": _row(400, "ImageNotSupported",
                                          "Image from image market does not support exporting."),
    "InvalidOSSBucket.NotMatched": _row(400, "InvalidOSSBucket.NotMatched",
                                        "The specified OSS bucket is incorrect, %s."),
    "ConcurrentQuotaExceed.ExportImage": _row(403, "ConcurrentQuotaExceed.ExportImage", "%s"),
    "WeeklyQuotaExceed.ExportImage": _row(403, "WeeklyQuotaExceed.ExportImage", "%s"),
    "InvalidImageLicense.NotSupported": _row(403, "InvalidImageLicense.NotSupported", "%s"),
}

# Errors every RPC service (ECS, RAM, STS) answers with: signature, keys, tokens, throttling.
COMMON_ERRORS: dict[str, SimError] = {
    "DryRunOperation": _row(400, "DryRunOperation", "Request validation has been passed with DryRun flag set."),
    "MissingParameter": _row(400, "MissingParameter", _MANDATORY.format("%s")),
    "InvalidParameter": _row(400, "InvalidParameter", "The specified parameter %s is not valid."),
    "Throttling.User": _row(400, "Throttling.User", "Request was denied due to user flow control."),
    "Throttling": _row(400, "Throttling", "Request was denied due to request throttling."),
    "SignatureDoesNotMatch": _row(400, "SignatureDoesNotMatch",
                                  "Specified signature is not matched with our calculation. server string to sign is:%s"),
    "IncompleteSignature": _row(400, "IncompleteSignature", "The request signature does not conform to Aliyun standards."),
    "InvalidAccessKeyId.NotFound": _row(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found."),
    "InvalidAccessKeySecret": _row(400, "InvalidAccessKeySecret",
                                   "The AccessKeySecret is incorrect. Please check your AccessKeyId and AccessKeySecret."),
    "Forbidden.AccessKeyDisabled": _row(403, "Forbidden.AccessKeyDisabled", "The Access Key is disabled."),
    "InvalidSecurityToken.Expired": _row(400, "InvalidSecurityToken.Expired", "Specified SecurityToken is expired."),
    "InvalidSecurityToken.Malformed": _row(400, "InvalidSecurityToken.Malformed", "Specified SecurityToken is malformed."),
    "InvalidSecurityToken.MismatchWithAccessKey": _row(400, "InvalidSecurityToken.MismatchWithAccessKey",
                                                       "Specified SecurityToken mismatch with the AccessKey."),
    "SignatureNonceUsed": _row(400, "SignatureNonceUsed", "Specified signature nonce was used already."),
    "InvalidTimeStamp.Expired": _row(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired."),
    "InvalidTimeStamp.Format": _row(400, "InvalidTimeStamp.Format",
                                    "Specified time stamp or date value is not well formatted."),
    "Forbidden.RAM": _row(403, "Forbidden.RAM",
                          "User not authorized to operate on the specified resource, or this API doesn't support RAM."),
    "Forbidden.Unauthorized": _row(403, "Forbidden.Unauthorized", "User not authorized to operate on the specified resource."),
    "InvalidAction.NotFound": _row(404, "InvalidAction.NotFound", "Specified api is not found, please check your url and method."),
    "InternalError": _row(500, "InternalError",
                          "The request processing has failed due to some unknown error, exception or failure."),
    "ServiceUnavailable": _row(503, "ServiceUnavailable", "The request has failed due to a temporary failure of the server."),
}

# ECS task and image-listing errors.
ECS_ERRORS: dict[str, SimError] = {
    "InvalidTaskId.NotFound": _row(400, "InvalidTaskId.NotFound", 'The specified "TaskId" is not found.'),
    "InvalidTaskId.TaskActionNotSupport": _row(403, "InvalidTaskId.TaskActionNotSupport",
                                               "The specified task action not support."),
    "InvalidTaskId.IncorrectTaskStatus": _row(403, "InvalidTaskId.IncorrectTaskStatus",
                                              "The specified task status is not invalid."),
    "CancelTaskFailed": _row(403, "CancelTaskFailed", "The task is failed to cancel, Please contact the administrator."),
    "InvalidImageOwnerAlias.ValueNotSupported": _row(400, "InvalidImageOwnerAlias.ValueNotSupported",
                                                     "The specified ImageOwnerAlias is not supported."),
    "InvalidAcceptLanguage.NotFound": _row(404, "InvalidAcceptLanguage.NotFound", "The specified AcceptLanguage is not found."),
}

# RAM roles and policies.
RAM_ERRORS: dict[str, SimError] = {
    "EntityNotExist.Role": _row(404, "EntityNotExist.Role", "The role does not exist: %s."),
    "EntityAlreadyExists.Role": _row(409, "EntityAlreadyExists.Role", "The role does already EXIST."),
    "LimitExceeded.Role": _row(409, "LimitExceeded.Role", "The count of roles beyond the current limits."),
    "MalformedPolicyDocument": _row(400, "MalformedPolicyDocument", "The policy document is malformed: %s."),
    "InvalidParameter.RoleName.InvalidChars": _row(400, "InvalidParameter.RoleName.InvalidChars",
                                                   "The parameter - RoleName contains invalid chars."),
    "InvalidParameter.RoleName.Length": _row(400, "InvalidParameter.RoleName.Length",
                                             "The parameter - RoleName beyond the length limit."),
    "InvalidParameter.PolicyType": _row(400, "InvalidParameter.PolicyType", "The parameter - PolicyType is invalid."),
    "EntityNotExist.Policy": _row(404, "EntityNotExist.Policy", "The policy does not exist: %s."),
    "EntityAlreadyExists.Role.Policy": _row(409, "EntityAlreadyExists.Role.Policy",
                                            "The policy is already attached to the role."),
    "NoPermission": _row(403, "NoPermission", "You are not authorized to do this action."),
}

ERRORS: dict[str, SimError] = {**EXPORT_IMAGE_ERRORS, **COMMON_ERRORS, **ECS_ERRORS, **RAM_ERRORS}
