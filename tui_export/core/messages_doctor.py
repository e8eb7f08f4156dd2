"""Texts of the pre-flight check (`tui-export doctor`, the app's "Check my setup"), en and zh.
Merged by core.i18n. Plain text with {name} placeholders."""

MESSAGES: dict[str, dict[str, str]] = {
    "doctor.title": {"en": "Check my setup", "zh": "检查我的配置"},
    "doctor.running": {"en": "Checking… (read-only calls and a DryRun; nothing is changed)",
                       "zh": "正在检查…（只读调用和 DryRun，不会更改任何内容）"},
    "doctor.all_good": {"en": "Nothing is missing: this account can export, and this computer can download.",
                        "zh": "没有缺少的项：此账号可以导出，本机可以下载。"},
    "doctor.something_wrong": {"en": "Something is missing: see the ✗ lines.", "zh": "有缺少的项：请看标有 ✗ 的行。"},
    "doctor.policy_intro": {
        "en": "Ask your administrator to grant exactly what is missing: RAM console → Permissions → Policies → "
              "Create Policy → JSON, paste this, then attach it to {who}:",
        "zh": "请管理员授予所缺的权限：RAM 控制台 → 权限管理 → 权限策略 → 创建权限策略 → 脚本编辑，粘贴以下内容，"
              "然后授权给 {who}：",
    },
    "doctor.this_identity": {"en": "this RAM user", "zh": "此 RAM 用户"},
    "doctor.missing": {"en": "Missing permissions: {actions}", "zh": "缺少的权限：{actions}"},
    "doctor.copy": {"en": "Copy policy", "zh": "复制策略"},
    "doctor.copied": {"en": "The policy is on the clipboard.", "zh": "策略已复制到剪贴板。"},
    "doctor.rerun": {"en": "Check again", "zh": "重新检查"},
    "doctor.close": {"en": "Close", "zh": "关闭"},
    "doctor.offer": {
        "en": "Check my setup (command palette, or `tui-export doctor`) lists everything missing and the policy to grant.",
        "zh": "“检查我的配置”（命令面板，或 `tui-export doctor`）会列出所有缺少的权限及要授予的策略。",
    },
    "profiles.demo_account": {"en": "Demo account (may do everything)", "zh": "演示账号（拥有全部权限）"},
    "profiles.demo_user": {"en": "{name}  (demo RAM user, allowed only: {allow})",
                           "zh": "{name}（演示 RAM 用户，仅允许：{allow}）"},
    "cmd.doctor": {"en": "Check my setup", "zh": "检查我的配置"},
    "tip.doctor": {"en": "Credentials, clock, every permission the export needs, OSS endpoints, this computer.",
                   "zh": "凭证、时钟、导出所需的每项权限、OSS Endpoint、本机环境。"},

    # --- one line per check: {detail} parts filled by the probes --------------------------------------
    "doctor.check.credentials": {"en": "Credentials", "zh": "凭证"},
    "doctor.check.account": {"en": "Account (signed call)", "zh": "账号（签名调用）"},
    "doctor.check.clock": {"en": "Clock", "zh": "时钟"},
    "doctor.check.permission": {"en": "Permission {action}", "zh": "权限 {action}"},
    "doctor.check.export_role": {"en": "Export role", "zh": "导出角色"},
    "doctor.check.oss_public": {"en": "OSS public endpoint", "zh": "OSS 公网 Endpoint"},
    "doctor.check.oss_internal": {"en": "OSS internal endpoint", "zh": "OSS 内网 Endpoint"},
    "doctor.check.oss_cname": {"en": "OSS custom domain", "zh": "OSS 自定义域名"},
    "doctor.check.keyring": {"en": "Secret storage", "zh": "密钥存储"},
    "doctor.check.crc64": {"en": "CRC-64 speed", "zh": "CRC-64 速度"},
    "doctor.check.free_space": {"en": "Free space", "zh": "可用空间"},

    "doctor.credentials.source": {"en": "{source}, key {key_id}", "zh": "{source}，密钥 {key_id}"},
    "doctor.credentials.none": {"en": "none found (checked: {checked}); sign in or set ALIBABA_CLOUD_ACCESS_KEY_ID",
                                "zh": "未找到（已检查：{checked}）；请登录或设置 ALIBABA_CLOUD_ACCESS_KEY_ID"},
    "doctor.account.ok": {"en": "account {account}, {arn} ({kind})", "zh": "账号 {account}，{arn}（{kind}）"},
    "doctor.identity.Account": {"en": "main account", "zh": "主账号"},
    "doctor.identity.RAMUser": {"en": "RAM user", "zh": "RAM 用户"},
    "doctor.identity.AssumedRoleUser": {"en": "assumed role", "zh": "扮演的角色"},
    "doctor.account.failed": {"en": "the signed call failed: {what} ({code})", "zh": "签名调用失败：{what}（{code}）"},
    "doctor.clock.ok": {"en": "{skew} from the cloud's clock; the APIs allow {limit}",
                        "zh": "与云端时钟相差 {skew}；API 允许 {limit}"},
    "doctor.clock.bad": {"en": "{skew} from the cloud's clock, more than the {limit} the APIs allow: every signed "
                               "call is refused; set this computer's clock (NTP)",
                         "zh": "与云端时钟相差 {skew}，超过 API 允许的 {limit}：所有签名调用都会被拒绝；请校准本机时钟（NTP）"},
    "doctor.clock.unknown": {"en": "the cloud's Date header could not be read ({code})",
                             "zh": "无法读取云端的 Date 头（{code}）"},
    "doctor.perm.ok": {"en": "allowed", "zh": "已授权"},
    "doctor.perm.ok_dry_run": {"en": "allowed (DryRun passed)", "zh": "已授权（DryRun 通过）"},
    "doctor.perm.ok_refused_later": {"en": "allowed (the DryRun then stopped at {code}, not a permission)",
                                     "zh": "已授权（DryRun 随后停在 {code}，与权限无关）"},
    "doctor.perm.denied": {"en": "denied ({code}): grant {action}", "zh": "被拒绝（{code}）：请授予 {action}"},
    "doctor.perm.unknown": {"en": "could not check: {what} ({code})", "zh": "无法检查：{what}（{code}）"},
    "doctor.perm.no_bucket": {"en": "no bucket to try it on: pass --bucket", "zh": "没有可用于检查的 Bucket：请指定 --bucket"},
    "doctor.perm.asked": {"en": "asked when needed (can't be probed without changing something)",
                          "zh": "需要时再申请（不做更改就无法检查）"},
    "doctor.role.ok": {"en": "{role} is there, trusts ECS and has {policy}", "zh": "{role} 已存在，信任 ECS，已授予 {policy}"},
    "doctor.role.missing": {"en": "{role} is not there yet: created at the first export (needs ram:CreateRole, "
                                  "ram:AttachPolicyToRole)",
                            "zh": "{role} 尚不存在：首次导出时创建（需要 ram:CreateRole、ram:AttachPolicyToRole）"},
    "doctor.role.no_policy": {"en": "{role} lacks {policy}: attached at the first export (needs ram:AttachPolicyToRole)",
                              "zh": "{role} 未授予 {policy}：首次导出时授予（需要 ram:AttachPolicyToRole）"},
    "doctor.role.bad_trust": {"en": "{role} does not trust ECS (ecs.aliyuncs.com): fix its trust policy in the RAM console",
                              "zh": "{role} 未信任 ECS（ecs.aliyuncs.com）：请在 RAM 控制台修改其信任策略"},
    "doctor.role.unknown": {"en": "can't be read without ram:GetRole", "zh": "没有 ram:GetRole 无法读取"},
    "doctor.oss.reachable": {"en": "{endpoint} answers for {bucket}", "zh": "{endpoint} 可访问 {bucket}"},
    "doctor.oss.forbidden": {
        "en": "{bucket} refuses its public endpoint (PublicEndpointForbidden: newer mainland buckets only serve "
              "objects through a custom domain): bind one to the bucket and pass --oss-cname DOMAIN",
        "zh": "{bucket} 拒绝公网 Endpoint（PublicEndpointForbidden：较新的中国内地 Bucket 只能通过自定义域名读取文件）："
              "请为 Bucket 绑定自定义域名并使用 --oss-cname DOMAIN",
    },
    "doctor.oss.forbidden_cname": {"en": "{bucket} refuses its public endpoint; your custom domain or the internal "
                                         "endpoint is used instead",
                                   "zh": "{bucket} 拒绝公网 Endpoint；已改用你的自定义域名或内网 Endpoint"},
    "doctor.oss.unreachable": {"en": "{endpoint} did not answer: {what} ({code})", "zh": "{endpoint} 无响应：{what}（{code}）"},
    "doctor.oss.internal_unused": {"en": "not used (only from an ECS instance in {region}; --oss-internal turns it on)",
                                   "zh": "未使用（仅在 {region} 的 ECS 实例内可用；--oss-internal 可启用）"},
    "doctor.oss.cname_unset": {"en": "none set (only needed where the public endpoint is refused)",
                               "zh": "未设置（仅在公网 Endpoint 被拒绝时需要）"},
    "doctor.oss.no_bucket": {"en": "no bucket to try it on: pass --bucket", "zh": "没有可用于检查的 Bucket：请指定 --bucket"},
    "doctor.keyring.ok": {"en": "{name}", "zh": "{name}"},
    "doctor.keyring.headless": {
        "en": "no system keyring ({name}): environment variables and aliyun CLI profiles work; keys saved by this "
              "app go to a passphrase-encrypted file",
        "zh": "没有系统密钥环（{name}）：可使用环境变量和 aliyun CLI 配置；本应用保存的密钥存入口令加密的文件",
    },
    "doctor.crc.ok": {"en": "{speed} MB/s ({impl})", "zh": "{speed} MB/s（{impl}）"},
    "doctor.crc.slow": {"en": "{speed} MB/s ({impl}): checking a download takes long; install fastcrc or crcmod's "
                              "C extension",
                        "zh": "{speed} MB/s（{impl}）：校验下载会很慢；请安装 fastcrc 或 crcmod 的 C 扩展"},
    "doctor.space.ok": {"en": "{free} free in {path}", "zh": "{path} 可用 {free}"},
    "doctor.space.bad": {"en": "{path} can't be written to ({why})", "zh": "{path} 不可写入（{why}）"},
}
