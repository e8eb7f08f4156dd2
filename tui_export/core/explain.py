"""What an error code means, in plain words, and what to do next — en and zh.

The cloud's own messages are terse and sometimes wrong (the seed's
"ECS service account Have no right..."). A user on a jump host needs to know what
happened and the one concrete thing to try. Keys follow core.api_errors: a code,
or code + "." + variant where one code means several things (ImageNotSupported).
Codes we don't know fall back to the API's own message: never hide what it said.
"""

from __future__ import annotations

from tui_export.core.api_errors import ERRORS

# (what happened, what to do next)
Texts = tuple[str, str]

_PERM = "ecs:ExportImage"
# The offer that ends every denial's next step: the pre-flight check lists all that is missing.
_DOCTOR_EN = "Check my setup (command palette, or `tui-export doctor`) lists everything missing and the policy to paste."
_DOCTOR_ZH = "“检查我的配置”（命令面板，或 `tui-export doctor`）会列出所有缺少的权限及可直接粘贴的策略。"

EXPLANATIONS: dict[str, dict[str, Texts]] = {
    # --- the seed's table (ExportImage) ------------------------------------------
    "MissingParameter.RegionId": {
        "en": ("The request had no region.", "Pick a region, then try again."),
        "zh": ("请求中缺少地域。", "请先选择一个地域，然后重试。"),
    },
    "MissingParameter.ImageId": {
        "en": ("The request had no image.", "Pick an image in the list, then try again."),
        "zh": ("请求中缺少镜像。", "请在列表中选择一个镜像，然后重试。"),
    },
    "MissingParameter.OSSBucket": {
        "en": ("The request had no OSS bucket.", "Choose a bucket in the image's region, then try again."),
        "zh": ("请求中缺少 OSS Bucket。", "请选择与镜像同一地域的 Bucket，然后重试。"),
    },
    "InvalidImageName.Malformed": {
        "en": ("The image's name breaks the naming rule (2–128 characters, starting with a letter or a "
               "Chinese character; no http:// or https://).",
               "Rename the image in the ECS console, then export it."),
        "zh": ("镜像名称不符合规则（2~128 个字符，以英文字母或中文开头，不能以 http:// 或 https:// 开头）。",
               "请在 ECS 控制台修改镜像名称后再导出。"),
    },
    "InvalidOSSPrefix.Malformed": {
        "en": ("The object prefix is not allowed: it must be 1–30 letters or digits.",
               "Change the prefix (for example EcsExport) or leave it empty."),
        "zh": ("对象前缀不合法：只能由 1~30 个字母或数字组成。", "请修改前缀（例如 EcsExport）或留空。"),
    },
    "InvalidRegionId.NotFound": {
        "en": ("The cloud doesn't know this region.", "Reload the region list and pick a region from it."),
        "zh": ("云端不存在该地域。", "请刷新地域列表并从中选择。"),
    },
    "InvalidRegion.NotSupport": {
        "en": ("This region doesn't offer image export.",
               "Copy the image to a region that does (for example cn-hangzhou) and export it there."),
        "zh": ("该地域不支持导出镜像。", "请把镜像复制到支持导出的地域（例如 cn-hangzhou）后在那里导出。"),
    },
    "InvalidImageId.NotFound": {
        "en": ("This account has no such image in this region (shared images can't be exported either).",
               "Check the region and the image id; export only custom images this account owns."),
        "zh": ("该账号在此地域下没有这个镜像（共享镜像也不能导出）。",
               "请检查地域和镜像 ID；只能导出本账号拥有的自定义镜像。"),
    },
    "IncorrectImageStatus": {
        "en": ("The image is not Available (it may still be creating, or it failed).",
               "Wait until the image is Available, then export it."),
        "zh": ("镜像状态不是“可用”（可能仍在创建中或已失败）。", "请等待镜像变为“可用”后再导出。"),
    },
    "ImageNotSupported.Market": {
        "en": ("The image comes from the Alibaba Cloud Marketplace; such images can't be exported.",
               "Export a custom image built without Marketplace software instead."),
        "zh": ("该镜像来自镜像市场，不能导出。", "请改为导出不含镜像市场软件的自定义镜像。"),
    },
    "ImageNotSupported.Marketplace": {
        "en": ("Images from the Marketplace can't be exported.",
               "Export a custom image built without Marketplace software instead."),
        "zh": ("不支持导出镜像市场中的镜像。", "请改为导出不含镜像市场软件的自定义镜像。"),
    },
    "ImageNotSupported.Encrypted": {
        "en": ("The image contains encrypted snapshots; encrypted images can't be exported.",
               "Create an unencrypted copy of the disks, make a new image from it, and export that."),
        "zh": ("镜像包含加密快照，加密镜像不能导出。", "请用未加密的磁盘副本创建新镜像，再导出新镜像。"),
    },
    "InvalidImageFormat.Malformed": {
        "en": ("The export format isn't one of raw, vhd, qcow2, vmdk or vdi.",
               "Choose one of those formats (raw where the region only allows raw)."),
        "zh": ("导出格式不是 raw、vhd、qcow2、vmdk、vdi 之一。", "请选择上述格式之一（只支持 raw 的地域请选 raw）。"),
    },
    "ImageIsExporting": {
        "en": ("An export of this image is already running; only one at a time is allowed.",
               "Watch that task in the task list, or cancel it before starting another."),
        "zh": ("该镜像已有导出任务在进行中，同一时间只能导出一次。", "请在任务列表中查看该任务，或取消后再重新导出。"),
    },
    "ExportImageFailed": {
        "en": ("The cloud failed to export the image, for a reason it didn't give.",
               "Try again later; if it keeps failing, open a ticket with the RequestId."),
        "zh": ("云端导出镜像失败，未说明原因。", "请稍后重试；若仍失败，请携带 RequestId 提交工单。"),
    },
    "UserNotInTheWhiteList": {
        "en": ("This account isn't allowed to export images (an old allow-list restriction).",
               "Open a ticket asking Alibaba Cloud to enable image export for the account."),
        "zh": ("该账号不在导出镜像白名单中（旧的白名单限制）。", "请提交工单，申请为该账号开通导出镜像功能。"),
    },
    "NoSetRoletoECSServiceAcount": {
        "en": ("ECS may not write to your OSS: the role AliyunECSImageExportDefaultRole or its policy "
               "AliyunECSImageExportRolePolicy is missing.",
               "Let this app create the role (Role → Create), or authorise it in the RAM console."),
        "zh": ("ECS 无权写入您的 OSS：缺少角色 AliyunECSImageExportDefaultRole 或其策略 "
               "AliyunECSImageExportRolePolicy。",
               "请让本程序创建该角色（角色 → 创建），或在 RAM 控制台授权。"),
    },
    "InvalidOSSBucket.NotFound": {
        "en": ("No such bucket in the image's region.",
               "Choose a bucket in the same region as the image, or create one there."),
        "zh": ("镜像所在地域中没有这个 Bucket。", "请选择与镜像同一地域的 Bucket，或在该地域新建一个。"),
    },
    "OperationDenied": {
        "en": ("The image contains a data-disk snapshot, which this account can't export.",
               "Make an image of the system disk only, or open a ticket."),
        "zh": ("该镜像包含数据盘快照，此账号不支持导出。", "请只用系统盘创建镜像后导出，或提交工单。"),
    },
    "InvalidImage.DiskAmountOrSize": {
        "en": ("The image has more than 4 data disks, or a data disk over 500 GiB.",
               "Make an image with at most 4 data disks of at most 500 GiB each."),
        "zh": ("镜像的数据盘超过 4 块，或某块数据盘超过 500 GiB。", "请创建最多 4 块数据盘且每块不超过 500 GiB 的镜像。"),
    },
    "InvalidOSSBucket.NotMatched": {
        "en": ("The bucket can't take this export (usually: it's in another region).",
               "Choose a bucket in the image's region."),
        "zh": ("该 Bucket 不能用于本次导出（通常是地域不同）。", "请选择与镜像同一地域的 Bucket。"),
    },
    "ConcurrentQuotaExceed.ExportImage": {
        "en": ("Too many exports are running at once for this account.",
               "Wait for a running export to finish, then try again."),
        "zh": ("该账号同时进行的导出任务已达上限。", "请等待正在进行的导出完成后再试。"),
    },
    "WeeklyQuotaExceed.ExportImage": {
        "en": ("This account has used up its exports for this week.",
               "Try again next week, or ask Alibaba Cloud (ticket) for a higher quota."),
        "zh": ("该账号本周的导出次数已用完。", "请下周再试，或提交工单申请更高配额。"),
    },
    "InvalidImageLicense.NotSupported": {
        "en": ("The image's licence doesn't allow export (for example Windows Server).",
               "Export an image whose licence allows it (for example a Linux image)."),
        "zh": ("镜像的许可证不允许导出（例如 Windows Server）。", "请导出许可证允许导出的镜像（例如 Linux 镜像）。"),
    },
    # --- credentials and signing -------------------------------------------------------
    "InvalidAccessKeySecret": {
        "en": ("The AccessKey secret is wrong for this AccessKey ID.",
               "Enter the secret again (copy it whole, no spaces), or create a new AccessKey."),
        "zh": ("AccessKey Secret 与 AccessKey ID 不匹配。", "请重新输入 Secret（完整复制，不含空格），或新建一个 AccessKey。"),
    },
    "SignatureDoesNotMatch": {
        "en": ("The cloud rejected the request's signature: usually the AccessKey secret is wrong.",
               "Enter the secret again (copy it whole, no spaces), or create a new AccessKey."),
        "zh": ("云端拒绝了请求签名，通常是 AccessKey Secret 错误。", "请重新输入 Secret（完整复制，不含空格），或新建一个 AccessKey。"),
    },
    "IncompleteSignature": {
        "en": ("The request's signature was incomplete.", "Check the AccessKey, then try again."),
        "zh": ("请求签名不完整。", "请检查 AccessKey 后重试。"),
    },
    "SignatureNonceUsed": {
        "en": ("The cloud saw the same request twice and refused the second.", "Try again."),
        "zh": ("云端收到了重复的请求并拒绝了第二次。", "请重试。"),
    },
    "InvalidAccessKeyId.NotFound": {
        "en": ("The cloud doesn't know this AccessKey ID (deleted, mistyped, or from another site).",
               "Check the AccessKey ID, or create a new AccessKey in the RAM console."),
        "zh": ("云端不存在该 AccessKey ID（已删除、输错或属于其他站点）。", "请检查 AccessKey ID，或在 RAM 控制台新建 AccessKey。"),
    },
    "InvalidAccessKeyId": {
        "en": ("OSS doesn't know this AccessKey ID.",
               "Check the AccessKey ID, or create a new AccessKey in the RAM console."),
        "zh": ("OSS 不认识该 AccessKey ID。", "请检查 AccessKey ID，或在 RAM 控制台新建 AccessKey。"),
    },
    "Forbidden.AccessKeyDisabled": {
        "en": ("This AccessKey is disabled.", "Enable it in the RAM console, or use another AccessKey."),
        "zh": ("该 AccessKey 已被禁用。", "请在 RAM 控制台启用它，或使用其他 AccessKey。"),
    },
    "InvalidTimeStamp.Expired": {
        "en": ("This computer's clock is off by more than 15 minutes, so the cloud refused the request.",
               "Set the clock right (for example: enable NTP with timedatectl set-ntp true), then try again."),
        "zh": ("本机时钟偏差超过 15 分钟，云端拒绝了请求。", "请校准时钟（例如执行 timedatectl set-ntp true 启用 NTP）后重试。"),
    },
    "RequestTimeTooSkewed": {
        "en": ("This computer's clock is off by more than 15 minutes, so OSS refused the request.",
               "Set the clock right (for example: enable NTP with timedatectl set-ntp true), then try again."),
        "zh": ("本机时钟偏差超过 15 分钟，OSS 拒绝了请求。", "请校准时钟（例如执行 timedatectl set-ntp true 启用 NTP）后重试。"),
    },
    "InvalidTimeStamp.Format": {
        "en": ("The request's time stamp was malformed.", "Check this computer's clock and time zone, then try again."),
        "zh": ("请求的时间戳格式错误。", "请检查本机时钟和时区后重试。"),
    },
    "InvalidSecurityToken.Expired": {
        "en": ("The temporary (STS) credentials have expired.",
               "Get a new STS token (or use a long-term AccessKey) and sign in again."),
        "zh": ("临时（STS）凭证已过期。", "请获取新的 STS Token（或使用长期 AccessKey）后重新登录。"),
    },
    "InvalidSecurityToken.Malformed": {
        "en": ("The STS security token is malformed.", "Copy the whole token again, or get a new one."),
        "zh": ("STS 安全令牌格式错误。", "请重新完整复制令牌，或获取新的令牌。"),
    },
    "InvalidSecurityToken.MismatchWithAccessKey": {
        "en": ("The STS token doesn't belong to this AccessKey ID.",
               "Use the AccessKey ID, secret and token from the same STS answer."),
        "zh": ("STS 令牌与该 AccessKey ID 不匹配。", "请使用同一次 STS 返回的 AccessKey ID、Secret 和令牌。"),
    },
    "InvalidSecurityToken": {
        "en": ("OSS refused the STS security token (expired or invalid).", "Get a new STS token and sign in again."),
        "zh": ("OSS 拒绝了 STS 安全令牌（已过期或无效）。", "请获取新的 STS Token 后重新登录。"),
    },
    "NoCredentials": {
        "en": ("No AccessKey is configured.", "Sign in with an AccessKey, an aliyun CLI profile or environment variables."),
        "zh": ("尚未配置 AccessKey。", "请用 AccessKey、aliyun CLI 配置或环境变量登录。"),
    },
    # --- permissions ---------------------------------------------------------------------
    # What was denied ({operation}), the action to grant ({permission}) and the doctor, for every
    # flow at once: the UI shows these in its one error path (ui/errors.py).
    "Forbidden.RAM": {
        "en": ("ECS refused {operation}: this RAM user is not allowed {permission}.",
               "Ask your administrator to grant {permission}. " + _DOCTOR_EN),
        "zh": ("ECS 拒绝了 {operation}：此 RAM 用户没有 {permission} 权限。", "请管理员授予 {permission}。" + _DOCTOR_ZH),
    },
    "Forbidden.Unauthorized": {
        "en": ("The cloud refused {operation}: this RAM user is not allowed {permission}.",
               "Ask your administrator to grant {permission}. " + _DOCTOR_EN),
        "zh": ("云端拒绝了 {operation}：此 RAM 用户没有 {permission} 权限。", "请管理员授予 {permission}。" + _DOCTOR_ZH),
    },
    "NoPermission": {
        "en": ("RAM refused {operation}: this RAM user is not allowed {permission}.",
               "Ask your administrator to grant {permission} (or to create the role AliyunECSImageExportDefaultRole "
               "for you). " + _DOCTOR_EN),
        "zh": ("RAM 拒绝了 {operation}：此 RAM 用户没有 {permission} 权限。",
               "请管理员授予 {permission}（或请管理员代为创建角色 AliyunECSImageExportDefaultRole）。" + _DOCTOR_ZH),
    },
    "AccessDenied": {
        "en": ("OSS refused {operation}: this RAM user is not allowed {permission} on this bucket.",
               "Ask your administrator to grant {permission} on the bucket. " + _DOCTOR_EN),
        "zh": ("OSS 拒绝了 {operation}：此 RAM 用户对该 Bucket 没有 {permission} 权限。",
               "请管理员授予该 Bucket 的 {permission} 权限。" + _DOCTOR_ZH),
    },
    # AccessDenied that is no permission problem (told apart by the message: resolve_key)
    "AccessDenied.Endpoint": {
        "en": ("OSS refused the request: the bucket is in another region than the endpoint used.",
               "Check the bucket's region (or the OSS endpoint setting), then try again."),
        "zh": ("OSS 拒绝了请求：Bucket 与所用 Endpoint 不在同一地域。", "请检查 Bucket 所在地域（或 OSS Endpoint 设置）后重试。"),
    },
    "AccessDenied.Expired": {
        "en": ("The signed link has expired.", "Copy a new link, or download from the app."),
        "zh": ("签名链接已过期。", "请重新复制链接，或在应用内下载。"),
    },
    "Unauthorized.EmptyRegion": {
        "en": ("This account can't see any region.", "Ask your administrator for ecs:DescribeRegions."),
        "zh": ("该账号看不到任何地域。", "请向管理员申请 ecs:DescribeRegions 权限。"),
    },
    # --- RAM role ------------------------------------------------------------------------
    "EntityNotExist.Role": {
        "en": ("The role AliyunECSImageExportDefaultRole doesn't exist yet.", "Let this app create it (Role → Create)."),
        "zh": ("角色 AliyunECSImageExportDefaultRole 尚不存在。", "请让本程序创建该角色（角色 → 创建）。"),
    },
    "EntityAlreadyExists.Role": {
        "en": ("The role already exists.", "Nothing to do."),
        "zh": ("该角色已存在。", "无需操作。"),
    },
    "EntityAlreadyExists.Role.Policy": {
        "en": ("The policy is already attached to the role.", "Nothing to do."),
        "zh": ("该策略已授予此角色。", "无需操作。"),
    },
    "LimitExceeded.Role": {
        "en": ("The account has reached its limit of RAM roles.", "Delete a role you no longer use, then try again."),
        "zh": ("该账号的 RAM 角色数量已达上限。", "请删除不再使用的角色后重试。"),
    },
    "EntityNotExist.Policy": {
        "en": ("The system policy AliyunECSImageExportRolePolicy wasn't found.",
               "Attach it in the RAM console, or grant the role a custom policy with the OSS permissions export needs."),
        "zh": ("未找到系统策略 AliyunECSImageExportRolePolicy。", "请在 RAM 控制台授权，或为角色授予包含导出所需 OSS 权限的自定义策略。"),
    },
    "MalformedPolicyDocument": {
        "en": ("RAM refused the role's trust policy document.", "Create the role in the RAM console instead."),
        "zh": ("RAM 拒绝了角色的信任策略文档。", "请改在 RAM 控制台创建该角色。"),
    },
    "RoleTrustPolicyMismatch": {
        "en": ("The role AliyunECSImageExportDefaultRole exists but doesn't trust ecs.aliyuncs.com, "
               "so ECS can't use it.",
               "In the RAM console, edit the role's trust policy so the ECS service (ecs.aliyuncs.com) may assume it."),
        "zh": ("角色 AliyunECSImageExportDefaultRole 已存在，但未信任 ecs.aliyuncs.com，ECS 无法使用它。",
               "请在 RAM 控制台修改该角色的信任策略，允许 ECS 服务（ecs.aliyuncs.com）扮演该角色。"),
    },
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
