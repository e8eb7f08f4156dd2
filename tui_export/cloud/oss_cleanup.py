"""Removing what an export left in OSS (issue #9): its objects after a verified download, and
the unfinished multipart uploads of a cancelled export under its name prefix.

Through the session's guard (errors become CloudError, scrubbed; retries by cloud/retry.py).
Deleting is idempotent in OSS (a missing key is not an error), so a retry after a cut
connection is safe.
"""

from __future__ import annotations

from tui_export.core.rules import export_object_prefix

BATCH = 1000   # DeleteMultipleObjects takes at most 1000 keys


def delete_objects(session, bucket: str, region_id: str, keys) -> int:
    """Delete `keys` from `bucket`; returns how many were asked (OSS is quiet about missing ones)."""
    keys = list(dict.fromkeys(k for k in keys if k))
    oss = session.oss

    def run(chunk):
        return lambda: oss.bucket(bucket, region_id).batch_delete_objects(chunk)

    for start in range(0, len(keys), BATCH):
        session._oss_guard(run(keys[start:start + BATCH]), "DeleteMultipleObjects")
    return len(keys)


def abort_uploads(session, bucket: str, region_id: str, image_id: str, prefix: str) -> int:
    """Abort every unfinished multipart upload under the export's object-name prefix; returns the count."""
    import oss2

    head = export_object_prefix(image_id, prefix)
    oss = session.oss
    uploads = session._oss_guard(
        lambda: [(u.key, u.upload_id) for u in oss2.MultipartUploadIterator(oss.bucket(bucket, region_id),
                                                                           prefix=head)],
        "ListMultipartUploads")
    for key, upload_id in uploads:
        try:
            session._oss_guard(lambda k=key, u=upload_id: oss.bucket(bucket, region_id).abort_multipart_upload(k, u),
                               "AbortMultipartUpload")
        except Exception as err:   # already completed or aborted meanwhile: nothing left to remove
            if getattr(err, "code", "") != "NoSuchUpload":
                raise
    return len(uploads)
