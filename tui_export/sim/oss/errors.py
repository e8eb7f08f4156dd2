"""OSS error codes the sim answers with: HTTP status, message, EC.

Messages are the real ones where public docs show them. EC values other than
PublicEndpointForbidden's are illustrative (clients must never branch on EC).
"""

from __future__ import annotations

# code -> (HTTP status, message, EC)
CATALOGUE: dict[str, tuple[int, str, str]] = {
    "AccessDenied": (403, "You have no right to access this object because of bucket acl.", "0003-00000001"),
    "RequestExpired": (403, "Request has expired.", "0002-00000069"),  # code on the wire: AccessDenied
    "InvalidAccessKeyId": (403, "The OSS Access Key Id you provided does not exist in our records.", "0002-00000902"),
    "InvalidSecurityToken": (403, "The security token you provided is invalid.", "0002-00000905"),
    "SecurityTokenExpired": (403, "The security token you provided has expired.", "0002-00000906"),
    "SignatureDoesNotMatch": (403, "The request signature we calculated does not match the signature you "
                                   "provided. Check your key and signing method.", "0002-00000040"),
    "RequestTimeTooSkewed": (403, "The difference between the request time and the current time is too large.",
                             "0002-00000504"),
    "NoSuchBucket": (404, "The specified bucket does not exist.", "0015-00000101"),
    "NoSuchKey": (404, "The specified key does not exist.", "0026-00000001"),
    "BucketAlreadyExists": (409, "The requested bucket name is not available. The bucket namespace is shared "
                                 "by all users of the system. Please select a different name and try again.",
                            "0015-00000104"),
    "BucketNotEmpty": (409, "The bucket you tried to delete is not empty.", "0015-00000301"),
    "FileAlreadyExists": (409, "The object you specified already exists and can not be overwritten.",
                          "0026-00000008"),
    "NoSuchUpload": (404, "The specified upload does not exist. The upload ID may be invalid, or the upload "
                          "may have been aborted or completed.", "0042-00000002"),
    "InvalidPart": (400, "One or more of the specified parts could not be found or the specified entity tag "
                         "might not have matched the part's entity tag.", "0042-00000311"),
    "InvalidPartOrder": (400, "The list of parts was not in ascending order. Parts list must specified in "
                              "order by part number.", "0042-00000312"),
    "EntityTooSmall": (400, "Your proposed upload smaller than the minimum allowed size.", "0042-00000313"),
    "InvalidArgument": (400, "Invalid argument.", "0017-00000001"),
    "InvalidBucketName": (400, "The specified bucket is not valid.", "0015-00000001"),
    "InvalidObjectName": (400, "The specified object is not valid.", "0016-00000006"),
    "InvalidDigest": (400, "The Content-MD5 you specified was invalid.", "0016-00000103"),
    "MalformedXML": (400, "The XML you provided was not well-formed or did not validate against our "
                          "published schema.", "0016-00000701"),
    "MissingArgument": (400, "Missing Some Required Arguments.", "0016-00000502"),
    "MissingContentLength": (411, "You must provide the Content-Length HTTP header.", "0016-00000102"),
    "InvalidRange": (416, "The requested range cannot be satisfied", "0027-00000005"),
    "PreconditionFailed": (412, "At least one of the pre-conditions you specified did not hold", "0026-00000002"),
    "MethodNotAllowed": (405, "The specified method is not allowed against this resource.", "0016-00000503"),
    "NotImplemented": (501, "A header you provided implies functionality that is not implemented.",
                       "0016-00000504"),
    "PublicEndpointForbidden": (400, "Not allowed using the OSS public endpoint , please use CNAME instead.",
                                "0048-00000401"),
    "InternalError": (500, "We encountered an internal error. Please try again.", "0000-00000001"),
    "ServiceUnavailable": (503, "Please reduce your request rate.", "0000-00000002"),
}


class OssError(Exception):
    """Answered as an `<Error>` XML body (or `x-oss-err` on HEAD). `extra` are more child elements."""

    def __init__(self, code: str, message: str | None = None, *, status: int | None = None,
                 **extra: str) -> None:
        known_status, known_message, ec = CATALOGUE.get(code, (400, code, "0000-00000000"))
        wire_code = "AccessDenied" if code == "RequestExpired" else code
        super().__init__(f"{wire_code}: {message or known_message}")
        self.code = wire_code
        self.status = status or known_status
        self.message = message or known_message
        self.ec = ec
        self.extra = extra
