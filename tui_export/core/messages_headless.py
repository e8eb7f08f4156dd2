"""Texts of the headless commands (`tui-export export|status|download|cleanup|regions|images`)."""

MESSAGES: dict[str, dict[str, str]] = {
    "headless.role_missing": {
        "en": "The RAM role {role} that ExportImage needs is missing or incomplete. Nothing was started. "
              "Run again with --create-role to create it (the only way a command changes RAM), or create it in the RAM console.",
        "zh": "ExportImage 所需的 RAM 角色 {role} 不存在或不完整，未启动任何导出。"
              "请加 --create-role 重新运行以创建它（命令只有这一种方式会修改 RAM），或在 RAM 控制台中创建。",
    },
    "headless.read_only": {
        "en": "Read-only mode: {action} is turned off (--read-only). Nothing was changed.",
        "zh": "只读模式：已禁止{action}（--read-only），未做任何更改。",
    },
    "headless.cleanup_confirm": {
        "en": "Delete {count} exported objects ({size}) from oss://{bucket}? [y/N] ",
        "zh": "从 oss://{bucket} 删除 {count} 个已导出的文件（{size}）？[y/N] ",
    },
    "headless.cleanup_needs_yes": {
        "en": "cleanup deletes objects from OSS: pass --yes to confirm (no terminal to ask on). Nothing was deleted.",
        "zh": "cleanup 会从 OSS 删除文件：没有可询问的终端，请加 --yes 确认。未删除任何文件。",
    },
    "headless.cleanup_declined": {"en": "Nothing was deleted.", "zh": "未删除任何文件。"},
    "headless.cleanup_not_verified": {
        "en": "Task {task}: its objects are deleted only after a verified download (run `tui-export download` first).",
        "zh": "任务 {task}：只有下载并校验成功后才会删除其导出文件（请先运行 `tui-export download`）。",
    },
    "headless.timeout": {
        "en": "--timeout reached after {seconds} s; the jobs stay journaled: run the same command again to carry on.",
        "zh": "已达到 --timeout（{seconds} 秒）；任务已记录，再次运行同一命令即可继续。",
    },
    "headless.interrupted": {
        "en": "Interrupted; the jobs stay journaled: run the same command again to carry on.",
        "zh": "已中断；任务已记录，再次运行同一命令即可继续。",
    },
    "headless.task_unknown": {
        "en": "Task {task} is not known in {region}.",
        "zh": "在 {region} 中找不到任务 {task}。",
    },
    "headless.no_credentials": {
        "en": "No AccessKey found (checked: {checked}). Set ALIBABA_CLOUD_ACCESS_KEY_ID/SECRET, use --profile, or run `tui-export` to sign in.",
        "zh": "未找到 AccessKey（已检查：{checked}）。请设置 ALIBABA_CLOUD_ACCESS_KEY_ID/SECRET，使用 --profile，或运行 `tui-export` 登录。",
    },
    "headless.bad_region": {
        "en": "Unknown region {region}: see `tui-export regions`.",
        "zh": "未知地域 {region}：请查看 `tui-export regions`。",
    },
    "headless.error_line": {"en": "{where}error {code}: {what} {next}{rid}", "zh": "{where}错误 {code}：{what} {next}{rid}"},
}
