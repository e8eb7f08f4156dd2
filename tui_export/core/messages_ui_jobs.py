"""Texts of batch export, the Jobs view, task ETAs and job-end alerts, in English and Chinese.
Merged by core.i18n; the screens show them as literal text ({name} placeholders)."""

MESSAGES: dict[str, dict[str, str]] = {
    # --- ETA and stalls (core/eta.py) ------------------------------------------------
    "eta.under_minute": {"en": "under a minute left", "zh": "剩余不到 1 分钟"},
    "eta.minutes": {"en": "about {low}–{high} min left", "zh": "约剩 {low}–{high} 分钟"},
    "eta.hours": {"en": "about {low}–{high} h left", "zh": "约剩 {low}–{high} 小时"},
    "eta.unknown": {"en": "time left: estimating…", "zh": "剩余时间：估算中…"},
    "eta.stalled": {
        "en": "No progress for {minutes} min. The cloud may still be working; if it stays, check the task in the console.",
        "zh": "已 {minutes} 分钟没有进展。云端可能仍在处理；若一直如此，请在控制台查看该任务。",
    },
    # --- job-end alerts (core/terminal_alert.py) --------------------------------------
    "alert.title": {"en": "tui-export", "zh": "tui-export"},
    "alert.export_finished": {"en": "Export {task} finished", "zh": "导出任务 {task} 已完成"},
    "alert.export_ended": {"en": "Export {task} ended: {status}", "zh": "导出任务 {task} 已结束：{status}"},
    "alert.download_done": {"en": "Download of {task} verified", "zh": "任务 {task} 的下载已校验"},
    "alert.job_failed": {"en": "Job {task} stopped: {reason}", "zh": "作业 {task} 已停止：{reason}"},
    "cmd.alerts_on": {"en": "Turn job-end alerts on (bell and desktop notification)",
                      "zh": "开启作业结束提醒（响铃和桌面通知）"},
    "cmd.alerts_off": {"en": "Turn job-end alerts off (bell and desktop notification)",
                       "zh": "关闭作业结束提醒（响铃和桌面通知）"},
    "tip.alerts": {"en": "When a job ends the terminal rings and shows a desktop notification (OSC 9/777).",
                   "zh": "作业结束时终端响铃并显示桌面通知（OSC 9/777）。"},
    "alerts.now_on": {"en": "Job-end alerts are on.", "zh": "作业结束提醒已开启。"},
    "alerts.now_off": {"en": "Job-end alerts are off.", "zh": "作业结束提醒已关闭。"},
    "settings.save_failed": {"en": "Could not save the setting ({reason}); it applies until you quit.",
                             "zh": "无法保存该设置（{reason}）；它在退出前有效。"},
}
