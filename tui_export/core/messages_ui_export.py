"""Texts of the export form, the create-bucket and confirm dialogs, and the result
(download / copy link) screen, in English and Chinese. Merged by core.i18n.

Values are plain text ({name} placeholders filled by t()); the screens show them
as literal Content, so no markup escaping is needed here.
"""

MESSAGES: dict[str, dict[str, str]] = {
    # --- export form ---------------------------------------------------------------
    "export_form.title": {"en": "Export {image_id} ({name})", "zh": "导出镜像 {image_id}（{name}）"},
    "export_form.subtitle": {
        "en": "{region} · {size} GiB · data disks: {data}",
        "zh": "{region} · {size} GiB · 数据盘：{data}",
    },
    "export_form.bucket": {"en": "OSS bucket (same region as the image)", "zh": "OSS Bucket（须与镜像同地域）"},
    "export_form.create_bucket": {"en": "New bucket in this region…", "zh": "在此地域新建 Bucket…"},
    "export_form.no_bucket": {
        "en": "No bucket in {region} yet: create one to export into.",
        "zh": "{region} 还没有 Bucket：请新建一个用于存放导出文件。",
    },
    "export_form.buckets_failed": {
        "en": "Could not list the buckets ({code}). Type the name of a bucket in {region}:",
        "zh": "无法列出 Bucket（{code}）。请输入 {region} 中某个 Bucket 的名称：",
    },
    "export_form.bucket_manual_placeholder": {"en": "bucket name", "zh": "Bucket 名称"},
    "export_form.bucket_created": {"en": "Bucket {bucket} created.", "zh": "已创建 Bucket {bucket}。"},
    # remembered choices (cloud/export_choices.py): the last bucket, prefix and format per region
    "export_form.bucket_gone": {
        "en": "The bucket you used last time here, {bucket}, no longer exists in {region}: choose another.",
        "zh": "上次在此使用的 Bucket {bucket} 已不在 {region}：请另选一个。",
    },
    "export_form.bucket_remembered": {
        "en": "Last used here: {bucket}.",
        "zh": "上次在此使用：{bucket}。",
    },
    "export_form.remember_failed": {
        "en": "Could not save this export's choices for next time ({reason}).",
        "zh": "无法保存本次导出的选项供下次使用（{reason}）。",
    },
    "export_form.format": {"en": "Image format", "zh": "镜像格式"},
    "export_form.prefix": {"en": "Object prefix (optional, 1–30 letters or digits)",
                           "zh": "文件名前缀（可选，1~30 个字母或数字）"},
    "export_form.prefix_placeholder": {"en": "e.g. EcsExport", "zh": "例如 EcsExport"},
    "export_form.preview": {"en": "The export will write:", "zh": "导出后将生成："},
    "export_form.preview_invalid": {
        "en": "(the object names appear once the prefix is valid)",
        "zh": "（前缀合法后显示导出的文件名）",
    },
    "export_form.role": {"en": "RAM role for the export", "zh": "导出所需的 RAM 角色"},
    "export_form.role_checking": {"en": "Checking {role}…", "zh": "正在检查 {role}…"},
    "export_form.role_creating": {"en": "Creating {role}…", "zh": "正在创建 {role}…"},
    "export_form.role_present": {
        "en": "✓ {role} is in place.",
        "zh": "✓ {role} 已就绪。",
    },
    "export_form.role_missing": {
        "en": "✗ {role} does not exist: ECS cannot write to your bucket without it.",
        "zh": "✗ {role} 不存在：没有它，ECS 无法写入您的 Bucket。",
    },
    "export_form.role_policy_missing": {
        "en": "✗ {role} exists but lacks the policy {policy}.",
        "zh": "✗ {role} 已存在，但未授权策略 {policy}。",
    },
    "export_form.role_unknown": {
        "en": "? Could not check {role} (see the error); the DryRun will say if it is missing.",
        "zh": "? 无法检查 {role}（见错误提示）；预检（DryRun）会指出它是否缺失。",
    },
    "export_form.role_retry": {"en": "Check the role again", "zh": "重新检查角色"},
    # what ensure_role() would do (cloud/ram.py RolePlan.message_lines)
    "role_plan.trust_mismatch": {
        "en": "The role {role} exists but doesn't trust {service}; edit its trust policy in the RAM console.",
        "zh": "角色 {role} 已存在，但未信任 {service}；请在 RAM 控制台修改其信任策略。",
    },
    "role_plan.in_place": {"en": "The role {role} is in place; nothing to do.", "zh": "角色 {role} 已就绪，无需操作。"},
    "role_plan.head": {"en": "This will:", "zh": "将执行："},
    "role_plan.step.CreateRole": {
        "en": "Create the RAM role {role}, trusted by the ECS service ({service})",
        "zh": "创建 RAM 角色 {role}，信任 ECS 服务（{service}）",
    },
    "role_plan.step.AttachPolicyToRole": {
        "en": "Attach the system policy {policy} to it (lets ECS write the export to OSS)",
        "zh": "为其授予系统策略 {policy}（读写 OSS 中的导出文件）",
    },
    "role_plan.needs": {"en": "Needs: {permissions}", "zh": "需要权限：{permissions}"},
    "export_form.role_create": {
        "en": "Create it + attach {policy}…",
        "zh": "创建该角色并授权 {policy}…",
    },
    "export_form.role_attach": {
        "en": "Attach {policy}…",
        "zh": "授权 {policy}…",
    },
    "export_form.role_confirm_title": {"en": "Change RAM in this account?", "zh": "修改此账号的 RAM 配置？"},
    "export_form.role_confirm_body": {
        "en": "ECS uses the role {role} to write the exported image into your bucket.",
        "zh": "ECS 通过角色 {role} 将导出的镜像写入您的 Bucket。",
    },
    "export_form.role_confirm_go": {"en": "Make these changes", "zh": "执行以上操作"},
    "export_form.cancel": {"en": "Cancel", "zh": "取消"},
    "export_form.submit": {"en": "Check & export", "zh": "检查并导出"},
    "export_form.checking": {"en": "Checking with the cloud (DryRun)…", "zh": "正在向云端预检（DryRun）…"},
    "export_form.ready": {"en": "Ready (Ctrl+S): the cloud checks it first (DryRun).",
                          "zh": "就绪（Ctrl+S）：将先由云端预检（DryRun）。"},
    "export_form.blocked": {"en": "To export: {what}.", "zh": "导出前请：{what}。"},
    "export_form.list_sep": {"en": "; ", "zh": "；"},
    "export_form.wait_buckets": {"en": "wait for the buckets", "zh": "等待 Bucket 列表"},
    "export_form.wait_role": {"en": "wait for the role check", "zh": "等待角色检查"},
    "export_form.need_bucket": {"en": "choose a bucket", "zh": "选择 Bucket"},
    "export_form.need_prefix": {"en": "fix the prefix", "zh": "修正前缀"},
    "export_form.need_role": {"en": "set up the RAM role", "zh": "配置 RAM 角色"},
    "export_form.next_step": {"en": "Next: {step}", "zh": "下一步：{step}"},
    "export_form.request_id": {"en": "RequestId: {request_id}", "zh": "请求 ID：{request_id}"},

    # --- footer labels and tooltips of these screens (by action; see ui/widgets/localize.py)

    # --- create bucket -------------------------------------------------------------
    "create_bucket.title": {"en": "New OSS bucket", "zh": "新建 OSS Bucket"},
    "create_bucket.region": {"en": "Region: {region} (the image's region)", "zh": "地域：{region}（与镜像相同）"},
    "create_bucket.name": {"en": "Bucket name (3–63: a-z, 0-9, -; unique across OSS)",
                           "zh": "Bucket 名称（3~63 位：a-z、0-9、-；全 OSS 唯一）"},
    "create_bucket.placeholder": {"en": "e.g. image-export-{region}", "zh": "例如 image-export-{region}"},
    "create_bucket.creating": {"en": "Creating {name}…", "zh": "正在创建 {name}…"},
    "create_bucket.cancel": {"en": "Cancel", "zh": "取消"},
    "create_bucket.create": {"en": "Create", "zh": "创建"},
    # PutBucket answered BucketAlreadyExists: whose it is, found in ListBuckets
    "create_bucket.yours_here": {
        "en": "You already own {name} in this region: it is selected in the bucket list.",
        "zh": "您在此地域已拥有 {name}：已在 Bucket 列表中为您选中。",
    },
    "create_bucket.yours_elsewhere": {
        "en": "You already own {name}, but in {region}: an export needs a bucket in the image's region. "
              "Choose another name.",
        "zh": "您已拥有 {name}，但它位于 {region}：导出需要与镜像同地域的 Bucket。请换一个名称。",
    },
    "create_bucket.taken": {
        "en": "{name} belongs to another account (bucket names are unique across all of OSS). "
              "Choose another name.",
        "zh": "{name} 已被其他账号占用（Bucket 名称在整个 OSS 中唯一）。请换一个名称。",
    },

    # --- confirm dialog ------------------------------------------------------------
    "confirm_dialog.cancel": {"en": "Cancel", "zh": "取消"},

    # --- download destination ------------------------------------------------------
    "download_dest.title": {"en": "Download {name}", "zh": "下载 {name}"},
    "download_dest.label": {"en": "Into the directory", "zh": "保存到目录"},
    "download_dest.target": {"en": "Saves as {path}", "zh": "保存为 {path}"},
    "download_dest.target_many": {"en": "Saves into {path}", "zh": "保存到 {path}"},
    "download_dest.empty": {"en": "Type a directory.", "zh": "请输入目录。"},
    "download_dest.not_dir": {"en": "{path} is not an existing directory.", "zh": "{path} 不是已存在的目录。"},
    "download_dest.not_writable": {"en": "{path} is not writable for you.", "zh": "您没有 {path} 的写入权限。"},
    "download_dest.cancel": {"en": "Cancel", "zh": "取消"},
    "download_dest.start": {"en": "Download", "zh": "下载"},

    # --- result screen ---------------------------------------------------------------
    "export_result.title": {"en": "Export task {task_id} · {status}", "zh": "导出任务 {task_id} · {status}"},
    "export_result.subtitle": {
        "en": "{image_id} → oss://{bucket} ({region}) · {format}",
        "zh": "{image_id} → oss://{bucket}（{region}）· {format}",
    },
    "export_result.col_object": {"en": "Exported object", "zh": "导出的文件"},
    "export_result.col_size": {"en": "Size", "zh": "大小"},
    "export_result.col_local": {"en": "Local copy", "zh": "本地副本"},
    "export_result.no_objects": {
        "en": "No exported object found under this prefix yet. Press r to list again.",
        "zh": "该前缀下还没有导出的文件。按 r 重新列出。",
    },
    "export_result.list_failed": {
        "en": "Could not list the exported objects (see the error). Press r to try again.",
        "zh": "无法列出导出的文件（见错误提示）。按 r 重试。",
    },
    "export_result.all_files": {"en": "all {count} exported files", "zh": "全部 {count} 个导出文件"},
    "export_result.busy": {"en": "A download is already running; x stops it.", "zh": "已有下载在进行；按 x 停止。"},
    "export_result.downloading": {"en": "Downloading to {dest}", "zh": "正在下载到 {dest}"},
    "export_result.progress": {
        "en": "{done} of {total} · {rate} · ETA {eta}",
        "zh": "{done}/{total} · {rate} · 剩余 {eta}",
    },
    "export_result.done": {"en": "Downloaded {path} ({size})", "zh": "已下载 {path}（{size}）"},
    "export_result.verified": {"en": "✓ verified (CRC-64)", "zh": "✓ 已校验（CRC-64）"},
    "export_result.crc_slow": {
        "en": "! crcmod's C extension is missing: CRC-64 checks run in pure Python and slow the download.",
        "zh": "! 缺少 crcmod 的 C 扩展：CRC-64 校验以纯 Python 运行，下载会变慢。",
    },
    "export_result.cancelled": {
        "en": "Stopped at {done}. Press d on it again to resume from there.",
        "zh": "已停止于 {done}。再次按 d 可从此处继续。",
    },
    "export_result.stopping": {"en": "Stopping…", "zh": "正在停止…"},
    "export_result.overwrite_title": {"en": "Replace the existing file?", "zh": "替换已有文件？"},
    "export_result.overwrite_body": {
        "en": "{path} already exists and differs from the exported object.",
        "zh": "{path} 已存在，且与导出的文件不同。",
    },
    "export_result.overwrite_confirm": {"en": "Replace it", "zh": "替换"},
    "export_result.overwrite_declined": {
        "en": "Kept {path}; choose another directory to download.",
        "zh": "已保留 {path}；请选择其他目录下载。",
    },
    "export_result.cancel_title": {"en": "Stop the download?", "zh": "停止下载？"},
    "export_result.cancel_body": {
        "en": "The parts already downloaded are kept: Download again later resumes from there.",
        "zh": "已下载的部分会保留：稍后再次下载将从此处继续。",
    },
    "export_result.cancel_confirm": {"en": "Stop", "zh": "停止"},
    "export_result.cancel_keep": {"en": "Keep downloading", "zh": "继续下载"},
    "export_result.local_downloading": {"en": "downloading…", "zh": "下载中…"},
    "export_result.local_verified": {"en": "✓ verified", "zh": "✓ 已校验"},
    "export_result.local_unverified": {"en": "! unverified", "zh": "! 未校验"},
    "export_result.local_partial": {"en": "⏸ {done}", "zh": "⏸ {done}"},
    "export_result.link_osc52_hint": {
        "en": "Nothing to paste? The terminal must allow OSC 52 clipboard writes (tmux: set -g set-clipboard on).",
        "zh": "粘贴为空？终端需允许 OSC 52 写入剪贴板（tmux：set -g set-clipboard on）。",
    },
    "export_result.link_copied": {
        "en": "Signed link copied: {where} — expires {expires}",
        "zh": "已复制签名链接：{where} — {expires} 过期",
    },
    "export_result.no_objects_asked": {
        "en": "No exported file under oss://{bucket}/{head}… Check the bucket and prefix: Esc, then Enter on "
              "the task to enter them again.",
        "zh": "oss://{bucket}/{head}… 下没有导出的文件。请核对 Bucket 和前缀：按 Esc，再在任务上按 Enter 重新输入。",
    },
    # --- where a task started elsewhere exported to -----------------------------------
    "export_location.title": {"en": "Where did export {task} write its files?",
                              "zh": "导出任务 {task} 的文件存放在哪里？"},
    "export_location.body": {
        "en": "Started elsewhere (console, another machine): the cloud doesn't say which bucket and prefix "
              "this export of {image} ({region}) used. Enter them to list its files.",
        "zh": "该任务在别处发起（控制台或其他机器），云端未说明此次导出 {image}（{region}）使用的 Bucket "
              "和前缀。请输入它们以列出导出的文件。",
    },
    "export_location.bucket": {"en": "OSS bucket", "zh": "OSS Bucket"},
    "export_location.prefix": {"en": "Object prefix the export used (empty if none)",
                               "zh": "导出时使用的文件名前缀（未使用则留空）"},
    "export_location.prefix_placeholder": {"en": "none", "zh": "无"},
    "export_location.preview": {"en": "Looks for: oss://{bucket}/{head}…", "zh": "将查找：oss://{bucket}/{head}…"},
    "export_location.cancel": {"en": "Cancel", "zh": "取消"},
    "export_location.list": {"en": "List files", "zh": "列出文件"},
}
