"""Texts of disk conversion and `tui-export verify` (issue #11)."""

MESSAGES: dict[str, dict[str, str]] = {
    "verify_cmd.no_manifest": {
        "en": "No manifest at {path} (a *.manifest.json written beside a download, or a folder holding one).",
        "zh": "{path} 处没有清单文件（下载时写在文件旁的 *.manifest.json，或包含它的文件夹）。",
    },
    "verify_cmd.bad_manifest": {
        "en": "{path} is not a tui-export manifest ({why}).",
        "zh": "{path} 不是 tui-export 的清单文件（{why}）。",
    },
    "verify_cmd.ok": {"en": "OK        {what} {name}", "zh": "一致      {what} {name}"},
    "verify_cmd.mismatch": {"en": "MISMATCH  {what} {name}: {detail}", "zh": "不一致    {what} {name}：{detail}"},
    "verify_cmd.gone": {
        "en": "          oss {name}: no longer in OSS (cleaned up), nothing to compare",
        "zh": "          oss {name}：已不在 OSS 中（已清理），无可比较",
    },
    "verify_cmd.oss_skipped": {
        "en": "OSS not checked ({why}); the local files were.",
        "zh": "未检查 OSS（{why}）；已检查本地文件。",
    },
    "verify_cmd.summary_ok": {"en": "All {count} checks match.", "zh": "全部 {count} 项检查一致。"},
    "verify_cmd.summary_bad": {
        "en": "{bad} of {count} checks do not match: the files differ from what was downloaded (exit 7).",
        "zh": "{count} 项检查中有 {bad} 项不一致：文件与下载时不同（退出码 7）。",
    },
    "convert.choice_honoured": {
        "en": "This region writes the format you choose itself; a download can still convert to another.",
        "zh": "该地域会按所选格式导出；下载时仍可转换为其他格式。",
    },
    "convert.choice_raw_only": {
        "en": "This region always exports RAW (.raw.tar.gz); choose qcow2, vmdk or vhd when downloading to convert on the way.",
        "zh": "该地域总是导出 RAW（.raw.tar.gz）；下载时选择 qcow2、vmdk 或 vhd 即可边下载边转换。",
    },
    "download_dest.format": {"en": "Save as", "zh": "保存为"},
    # the result screen's line for a converted disk: "MBR · 1 partition: #1 Linux 1.0 GiB ext4"
    "convert.disk_one": {"en": "{table} · 1 partition: {parts}", "zh": "{table} · 1 个分区：{parts}"},
    "convert.disk_many": {"en": "{table} · {count} partitions: {parts}", "zh": "{table} · {count} 个分区：{parts}"},
    "convert.disk_none": {"en": "{table} · no partitions", "zh": "{table} · 无分区"},
    "convert.disk_no_table": {"en": "no partition table", "zh": "无分区表"},
    "convert.disk_partition": {"en": "#{number} {type} {size} {fs}", "zh": "#{number} {type} {size} {fs}"},
    "convert.fs_unknown": {"en": "(filesystem unknown)", "zh": "（文件系统未知）"},
    "convert.format.archive": {"en": "archive (.tar.gz, as exported)", "zh": "归档（.tar.gz，按导出原样）"},
    "convert.format.raw": {"en": "raw disk (sparse)", "zh": "raw 磁盘（稀疏文件）"},
    "convert.format.qcow2": {"en": "qcow2 (KVM, OpenStack)", "zh": "qcow2（KVM、OpenStack）"},
    "convert.format.vmdk": {"en": "vmdk (VMware)", "zh": "vmdk（VMware）"},
    "convert.format.vhd": {"en": "vhd (Azure, Hyper-V; fixed, whole MiB)", "zh": "vhd（Azure、Hyper-V；固定大小，整 MiB）"},
}
