"""Plain explanations of the ExportImage errors (the seed's table), of credentials and
signing, of permission denials and of the RAM role — en and zh (core/explain.py uses them)."""

from __future__ import annotations

# (what happened, what to do next)
Texts = tuple[str, str]

# The offer that ends every denial's next step: the pre-flight check lists all that is missing.
_DOCTOR_EN = "Check my setup (command palette, or `tui-export doctor`) lists everything missing and the policy to paste."
_DOCTOR_ZH = "“检查我的配置”（命令面板，或 `tui-export doctor`）会列出所有缺少的权限及可直接粘贴的策略。"

EXPORT_AND_ACCESS: dict[str, dict[str, Texts]] = {
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
}
