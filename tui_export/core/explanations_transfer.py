"""Plain explanations of OSS, task, transport and service errors, of the download and
conversion failures, and of failures on this computer — en and zh (core/explain.py uses them)."""

from __future__ import annotations

from tui_export.core.explanations_access import Texts

STORAGE_AND_TRANSFER: dict[str, dict[str, Texts]] = {
    # --- OSS -------------------------------------------------------------------------------
    "PublicEndpointForbidden": {
        "en": ("OSS refuses object access on its public endpoint for this bucket (newer accounts, mainland regions).",
               "Use the bucket's custom domain (--oss-cname / TUI_EXPORT_OSS_CNAME), or the internal endpoint "
               "from an ECS instance in the same region (--oss-internal / TUI_EXPORT_OSS_INTERNAL=1)."),
        "zh": ("OSS 不允许通过公网 Endpoint 访问该 Bucket 的对象（较新账号、中国内地地域）。",
               "请使用 Bucket 绑定的自定义域名（--oss-cname / TUI_EXPORT_OSS_CNAME），或在同地域的 ECS 实例上使用内网 "
               "Endpoint（--oss-internal / TUI_EXPORT_OSS_INTERNAL=1）。"),
    },
    "NoSuchBucket": {
        "en": ("The bucket doesn't exist (any more).", "Reload the bucket list and choose another bucket."),
        "zh": ("该 Bucket 不存在（或已删除）。", "请刷新 Bucket 列表并选择其他 Bucket。"),
    },
    "NoSuchKey": {
        "en": ("The exported file isn't in the bucket (deleted, or the export didn't write it).",
               "Reload the task's files; if it's gone, export the image again."),
        "zh": ("Bucket 中没有该导出文件（已删除，或导出未写入）。", "请刷新任务的文件列表；若已不存在，请重新导出镜像。"),
    },
    "BucketAlreadyExists": {
        "en": ("That bucket name is taken (names are global across all accounts).", "Choose another name."),
        "zh": ("该 Bucket 名称已被占用（名称在所有账号间全局唯一）。", "请换一个名称。"),
    },
    "InvalidBucketName": {
        "en": ("The bucket name isn't valid (3–63 lowercase letters, digits, hyphens).", "Choose a valid name."),
        "zh": ("Bucket 名称不合法（3~63 个小写字母、数字或短横线）。", "请换一个合法的名称。"),
    },
    "InvalidRange": {
        "en": ("The download asked for bytes past the end of the file.", "Restart the download from the beginning."),
        "zh": ("下载请求的字节范围超出了文件末尾。", "请从头重新下载。"),
    },
    "PreconditionFailed": {
        "en": ("The file changed in the bucket during the download.", "Restart the download from the beginning."),
        "zh": ("下载过程中 Bucket 中的文件发生了变化。", "请从头重新下载。"),
    },
    # --- tasks ------------------------------------------------------------------------------
    "InvalidTaskId.NotFound": {
        "en": ("The cloud has no such task in this region (old tasks are forgotten).",
               "Reload the task list; check the bucket for the exported files."),
        "zh": ("该地域中没有这个任务（旧任务会被清除）。", "请刷新任务列表，并到 Bucket 中查看导出的文件。"),
    },
    "InvalidTaskId.TaskActionNotSupport": {
        "en": ("This kind of task can't be cancelled.", "Only image import and export tasks can be cancelled."),
        "zh": ("这类任务不能取消。", "只能取消导入或导出镜像的任务。"),
    },
    "InvalidTaskId.IncorrectTaskStatus": {
        "en": ("The task can't be cancelled in its current state (it has probably finished).",
               "Reload the task to see its state."),
        "zh": ("任务当前状态不能取消（可能已经结束）。", "请刷新任务查看其状态。"),
    },
    "CancelTaskFailed": {
        "en": ("The cloud failed to cancel the task.", "Try again later; if it keeps failing, open a ticket with the RequestId."),
        "zh": ("云端取消任务失败。", "请稍后重试；若仍失败，请携带 RequestId 提交工单。"),
    },
    "TaskCancelled": {   # not the cloud's code: a task whose status turned Deleted (headless/follow.py)
        "en": ("The export task was cancelled (its status is Deleted), so it wrote no image.",
               "Export the image again if you still need it."),
        "zh": ("导出任务已取消（状态为 Deleted），没有写出镜像文件。", "如仍需要，请重新导出该镜像。"),
    },
    "DryRunOperation": {
        "en": ("The pre-check passed: the cloud would accept this export.", "Start the export."),
        "zh": ("预检通过：云端会接受本次导出。", "开始导出。"),
    },
    # --- transport and service --------------------------------------------------------------
    "Throttling": {
        "en": ("The cloud is limiting the request rate.", "Wait a few seconds and try again."),
        "zh": ("云端正在限制请求频率。", "请等待几秒后重试。"),
    },
    "Throttling.User": {
        "en": ("This account sent too many requests and is being rate-limited.", "Wait a few seconds and try again."),
        "zh": ("该账号请求过多，已被限流。", "请等待几秒后重试。"),
    },
    "Throttling.Api": {
        "en": ("This API is being rate-limited.", "Wait a few seconds and try again."),
        "zh": ("该接口正在被限流。", "请等待几秒后重试。"),
    },
    "NetworkError": {
        "en": ("The cloud couldn't be reached (network down, DNS, proxy or firewall).",
               "Check the network and any HTTPS_PROXY setting, then try again."),
        "zh": ("无法连接云端（网络中断、DNS、代理或防火墙问题）。", "请检查网络及 HTTPS_PROXY 设置后重试。"),
    },
    "Timeout": {
        "en": ("The cloud didn't answer in time.", "Try again; on a slow link, try a longer timeout."),
        "zh": ("云端未及时响应。", "请重试；网络较慢时可调大超时时间。"),
    },
    "InternalError": {
        "en": ("The cloud had an internal error.", "Try again in a minute; if it persists, open a ticket with the RequestId."),
        "zh": ("云端内部错误。", "请一分钟后重试；若持续出现，请携带 RequestId 提交工单。"),
    },
    "ServiceUnavailable": {
        "en": ("The service is temporarily unavailable.", "Try again in a minute."),
        "zh": ("服务暂时不可用。", "请一分钟后重试。"),
    },
    "DiskFull": {
        "en": ("The local disk is full, so the download stopped.", "Free some space or choose another folder, then resume."),
        "zh": ("本地磁盘已满，下载已停止。", "请释放空间或选择其他目录后继续下载。"),
    },
    "CrcMismatch": {
        "en": ("The downloaded file's CRC-64 doesn't match the one OSS reports: the file is damaged, so it was discarded.",
               "Download it again; it starts over from the beginning."),
        "zh": ("下载文件的 CRC-64 与 OSS 记录的不一致，文件已损坏并已丢弃。", "请重新下载，将从头开始。"),
    },
    # --- conversion of a downloaded archive into a disk (issue #11) ------------------
    "NoDisk": {
        "en": ("The downloaded archive holds no disk image (no partition table and no filesystem), so it was not converted.",
               "The archive itself is kept and verified; check the export's image, or download with --convert archive."),
        "zh": ("下载的归档中没有磁盘镜像（既无分区表也无文件系统），因此未转换。",
               "归档本身已保留并通过校验；请检查所导出的镜像，或使用 --convert archive 下载。"),
    },
    "NotAnArchive": {
        "en": ("The downloaded object is not a .tar.gz export (it could not be read as gzip/tar), so it was not converted.",
               "Download it as it is (--convert archive); objects written in VHD/VMDK/QCOW2 need no conversion."),
        "zh": ("下载的文件不是 .tar.gz 导出文件（无法按 gzip/tar 读取），因此未转换。",
               "请按原样下载（--convert archive）；以 VHD/VMDK/QCOW2 格式导出的文件无需转换。"),
    },
    "Truncated": {
        "en": ("The archive ends before the disk inside it does, so no converted disk was kept.",
               "Download it again; if it stays short, export the image again."),
        "zh": ("归档在其中的磁盘结束之前就结束了，因此未保留转换后的磁盘。", "请重新下载；如果仍不完整，请重新导出镜像。"),
    },
    "DestinationExists": {
        "en": ("A different file with that name is already in the destination folder.",
               "Choose another folder, or confirm that it may be overwritten."),
        "zh": ("目标目录中已有同名的其他文件。", "请选择其他目录，或确认覆盖该文件。"),
    },
    "DownloadInProgress": {
        "en": ("This object is already being downloaded to that file (here or by another tui-export).",
               "Wait for that download to end, or choose another destination."),
        "zh": ("该对象正在下载到这个文件（本程序或另一个 tui-export 进程）。", "请等待该下载结束，或选择其他目标位置。"),
    },
    "RemoteChanged": {
        "en": ("The object in OSS changed while it was being downloaded.",
               "Download it again; it starts over from the beginning."),
        "zh": ("下载过程中 OSS 中的对象发生了变化。", "请重新下载，将从头开始。"),
    },
    "Cancelled": {
        "en": ("The download was cancelled; what was fetched is kept.",
               "Start the download again to resume where it stopped."),
        "zh": ("下载已取消，已下载的部分会保留。", "再次开始下载即可从中断处继续。"),
    },
    "WriteFailed": {
        "en": ("The file could not be written to the destination folder.",
               "Check the folder exists and is writable, then resume."),
        "zh": ("无法写入目标目录。", "请确认目录存在且可写，然后继续下载。"),
    },
    "BadResponse": {
        "en": ("OSS sent an answer the download could not use (wrong range or length).",
               "Resume the download; if it happens again, note the RequestId and open a ticket."),
        "zh": ("OSS 返回了无法使用的响应（范围或长度不正确）。", "请继续下载；如再次出现，请记下 RequestId 并提交工单。"),
    },
    # --- generic fallbacks for families -------------------------------------------------------
    "MissingParameter": {
        "en": ("A required value was missing from the request.", "Fill in every field, then try again."),
        "zh": ("请求中缺少必填参数。", "请填写所有字段后重试。"),
    },
    "InvalidParameter": {
        "en": ("A value in the request was refused.", "Check the fields, then try again."),
        "zh": ("请求中的某个参数不合法。", "请检查各字段后重试。"),
    },
    "InvalidResponse": {
        "en": ("The cloud's answer couldn't be read (a proxy or gateway may have answered instead).",
               "Try again; check any HTTPS_PROXY setting and the endpoint settings."),
        "zh": ("无法解析云端的响应（可能是代理或网关代为响应）。", "请重试，并检查 HTTPS_PROXY 与 Endpoint 设置。"),
    },
    # --- failures on this computer ---------------------------------------------------------
    "TaskBucketUnknown": {
        "en": ("The task doesn't say which bucket it exported to, so there is nothing to list.",
               "Open the task again from the task list and enter the bucket and prefix the export used."),
        "zh": ("该任务未说明导出到了哪个 Bucket，因此无法列出文件。",
               "请在任务列表中重新打开该任务，并输入导出时使用的 Bucket 和前缀。"),
    },
    "InvalidAction.NotFound": {
        "en": ("The endpoint doesn't offer this API (wrong endpoint or region).", "Check the endpoint settings."),
        "zh": ("该 Endpoint 不提供此接口（Endpoint 或地域错误）。", "请检查 Endpoint 设置。"),
    },
}
