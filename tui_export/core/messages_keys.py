"""Key labels (footer, help) and their tooltips, keyed by the binding's id.

`key.<id>` is the label, `tip.<id>` the tooltip. The English text is also the
binding's own description in the code (the code reads naturally); a test
(tests/ui/test_key_labels.py) fails when the two differ, so the footer, the
help and the code say the same thing. Global keys (help, tasks, jobs,
profiles, quit, command_palette) live in messages_ui / messages_ui_jobs: the palette
uses them too.
"""

MESSAGES = {
    # regions
    "key.regions.open": {"en": "Open", "zh": "打开"},
    "tip.regions.open": {"en": "Show the custom images of this region.", "zh": "显示该地域的自定义镜像。"},
    "key.regions.refresh": {"en": "Refresh", "zh": "刷新"},
    "tip.regions.refresh": {"en": "Count images and buckets again.", "zh": "重新统计镜像和存储桶。"},
    # images
    "key.images.export": {"en": "Export", "zh": "导出"},
    "tip.images.export": {"en": "Export the highlighted image to OSS.", "zh": "将选中的镜像导出到 OSS。"},
    "key.images.mark": {"en": "Mark", "zh": "标记"},
    "tip.images.mark": {"en": "Mark or unmark the highlighted image; e exports every marked one with one form.",
                        "zh": "标记或取消标记选中的镜像；按 e 用同一个表单导出所有已标记的镜像。"},
    "key.images.mark_all": {"en": "Mark all", "zh": "全部标记"},
    "tip.images.mark_all": {"en": "Mark every exportable image (again: unmark all).",
                            "zh": "标记所有可导出的镜像（再按一次：全部取消）。"},
    "key.images.filter": {"en": "Filter", "zh": "筛选"},
    "tip.images.filter": {"en": "Show only images whose name, id or OS contains a text.",
                          "zh": "只显示名称、ID 或操作系统包含某段文字的镜像。"},
    "key.images.sort": {"en": "Sort", "zh": "排序"},
    "tip.images.sort": {"en": "Sort by the next column (press again to reverse).",
                        "zh": "按下一列排序（再按一次反向）。"},
    "key.images.refresh": {"en": "Refresh", "zh": "刷新"},
    "tip.images.refresh": {"en": "Load the images again.", "zh": "重新加载镜像。"},
    "key.images.back": {"en": "Back", "zh": "返回"},
    "tip.images.back": {"en": "Clear the filter, or go back to the regions.", "zh": "清除筛选，或返回地域列表。"},
    # tasks
    "key.tasks.open": {"en": "Result", "zh": "结果"},
    "tip.tasks.open": {"en": "Show the exported files of a finished task.", "zh": "显示已完成任务导出的文件。"},
    "key.tasks.cancel_task": {"en": "Cancel task", "zh": "取消任务"},
    "tip.tasks.cancel_task": {"en": "Cancel the highlighted running export.", "zh": "取消选中的正在运行的导出任务。"},
    "key.tasks.refresh": {"en": "Refresh", "zh": "刷新"},
    "tip.tasks.refresh": {"en": "List the tasks again.", "zh": "重新列出任务。"},
    "key.tasks.open_by_id": {"en": "Open id", "zh": "按 ID 打开"},
    "tip.tasks.open_by_id": {"en": "Open any export task by its id (t-…), also one started in the console.",
                             "zh": "按 ID（t-…）打开任意导出任务，包括在控制台发起的任务。"},
    "key.tasks.back": {"en": "Back", "zh": "返回"},
    "tip.tasks.back": {"en": "Go back.", "zh": "返回上一屏。"},
    # jobs
    "key.jobs.show_task": {"en": "Task", "zh": "任务"},
    "tip.jobs.show_task": {"en": "Show this job's task (its result opens from there).",
                           "zh": "显示该作业的任务（可从那里打开结果）。"},
    "key.jobs.back": {"en": "Back", "zh": "返回"},
    "tip.jobs.back": {"en": "Go back.", "zh": "返回上一屏。"},
    # result
    "key.result.download": {"en": "Download", "zh": "下载"},
    "tip.result.download": {"en": "Download the highlighted object (resumes an interrupted download).",
                            "zh": "下载选中的文件（可续传中断的下载）。"},
    "key.result.download_all": {"en": "Download all", "zh": "全部下载"},
    "tip.result.download_all": {"en": "Download every exported object, one after the other, into one directory.",
                                "zh": "将所有导出的文件依次下载到同一目录。"},
    "key.result.copy_link": {"en": "Copy link", "zh": "复制链接"},
    "tip.result.copy_link": {"en": "Copy a signed link (valid 1 hour) to the clipboard (OSC 52).",
                             "zh": "复制签名链接（1 小时有效）到剪贴板（OSC 52）。"},
    "key.result.cancel_download": {"en": "Stop download", "zh": "停止下载"},
    "tip.result.cancel_download": {"en": "Stop the download; a later Download resumes it.",
                                   "zh": "停止下载；之后再次下载会从断点继续。"},
    "key.result.reload": {"en": "Reload", "zh": "重新列出"},
    "tip.result.reload": {"en": "List the exported objects again.", "zh": "重新列出导出的文件。"},
    "key.result.verify_again": {"en": "Verify again", "zh": "重新校验"},
    "tip.result.verify_again": {"en": "Check the local copy of the highlighted object against OSS again (CRC-64).",
                                "zh": "再次用 CRC-64 将选中对象的本地副本与 OSS 比对。"},
    "key.result.cleanup": {"en": "Clean up OSS", "zh": "清理 OSS"},
    "tip.result.cleanup": {"en": "Delete the exported objects from OSS after a verified download.",
                           "zh": "下载并校验后，从 OSS 删除导出的对象。"},
    "key.result.back": {"en": "Back", "zh": "返回"},
    "tip.result.back": {"en": "Back to the tasks (a download goes on; j shows it).",
                        "zh": "返回任务列表（下载会继续；按 j 查看）。"},
    # export form
    "key.export-form.cancel": {"en": "Cancel", "zh": "取消"},
    "tip.export-form.cancel": {"en": "Close the form without exporting.", "zh": "关闭表单，不导出。"},
    "key.export-form.submit": {"en": "Export", "zh": "导出"},
    "tip.export-form.submit": {"en": "Check with DryRun, then export.", "zh": "先用 DryRun 预检，再导出。"},
    "key.export-form.help": {"en": "Help", "zh": "帮助"},
    "tip.export-form.help": {"en": "Keys of this form and a short how-to.", "zh": "本表单的按键和简要说明。"},
    # the help's how-to for the form (ui/screens/help.py HOWTO)
    "help.export_form": {
        "en": "Choose the bucket (same region), the format and a prefix; the preview shows the names the "
              "files will get. The RAM role the export needs can be created here. Ctrl+S checks everything "
              "with a DryRun first and exports only when it passes; Esc closes the form without exporting.",
        "zh": "选择存储桶（同一地域）、格式和前缀；预览显示文件将得到的名称。导出所需的 RAM 角色可在此创建。"
              "Ctrl+S 先用 DryRun 检查所有设置，通过后才导出；Esc 关闭表单，不导出。"},
    # sign-in, accounts, passphrase
    "key.signin.cancel": {"en": "Back", "zh": "返回"},
    "tip.signin.cancel": {"en": "Leave the sign-in (nothing is saved).", "zh": "离开登录（不保存任何内容）。"},
    "key.signin.submit": {"en": "Sign in", "zh": "登录"},
    "tip.signin.submit": {"en": "Check the keys and sign in.", "zh": "校验密钥并登录。"},
    "key.profiles.close": {"en": "Close", "zh": "关闭"},
    "tip.profiles.close": {"en": "Keep the current account.", "zh": "保留当前账号。"},
    "key.passphrase.cancel": {"en": "Cancel", "zh": "取消"},
    "tip.passphrase.cancel": {"en": "Don't unlock; go back.", "zh": "不解锁，返回。"},
    # --read-only: what the screens say instead of inviting a refused key (ui/widgets/read_only_keys.py)
    "images.can_export_read_only": {"en": "Can be exported (read-only mode: exporting is turned off).",
                                    "zh": "可以导出（只读模式：导出已关闭）。"},
    "help.read_only": {"en": "Read-only mode (--read-only): exporting, cancelling, creating and deleting are "
                               "turned off here; looking, downloading and verifying work.",
                       "zh": "只读模式（--read-only）：导出、取消、创建和删除已关闭；查看、下载和校验仍可使用。"},
    "tasks.hint_running_read_only": {"en": "Running; progress updates by itself. Read-only mode: it can't be "
                                           "cancelled from here.",
                                     "zh": "正在运行；进度会自动更新。只读模式：无法在此取消。"},
    # help, doctor, dialogs
    "key.help.close": {"en": "Close", "zh": "关闭"},
    "tip.help.close": {"en": "Close the help.", "zh": "关闭帮助。"},
    "key.doctor.close": {"en": "Close", "zh": "关闭"},
    "tip.doctor.close": {"en": "Close the check.", "zh": "关闭检查。"},
    "key.doctor.rerun": {"en": "Check again", "zh": "重新检查"},
    "tip.doctor.rerun": {"en": "Run every check again.", "zh": "重新运行所有检查。"},
    "key.doctor.copy_policy": {"en": "Copy policy", "zh": "复制策略"},
    "tip.doctor.copy_policy": {"en": "Copy the policy that grants what is missing.", "zh": "复制可补齐缺失权限的策略。"},
    "key.error.close": {"en": "Close", "zh": "关闭"},
    "tip.error.close": {"en": "Close this message.", "zh": "关闭此消息。"},
    "key.confirm.yes": {"en": "Yes", "zh": "是"},
    "key.confirm.no": {"en": "No", "zh": "否"},
    "key.confirm.cancel": {"en": "Cancel", "zh": "取消"},
    "key.create-bucket.cancel": {"en": "Cancel", "zh": "取消"},
    "key.download-dest.cancel": {"en": "Cancel", "zh": "取消"},
    "key.export-location.cancel": {"en": "Cancel", "zh": "取消"},
    "key.open-task.cancel": {"en": "Cancel", "zh": "取消"},
}
