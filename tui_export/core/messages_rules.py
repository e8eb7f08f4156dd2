"""Texts for validation problems (core.rules.Problem) and exportability blockers
(core.rules.Blocker), in English and Chinese."""

MESSAGES: dict[str, dict[str, str]] = {
    # OSSPrefix
    "prefix.too_long": {
        "en": "The prefix is {length} characters; at most {max} are allowed.",
        "zh": "前缀有 {length} 个字符，最多允许 {max} 个。",
    },
    "prefix.bad_char": {
        "en": "Only letters and digits are allowed in the prefix, not “{char}”.",
        "zh": "前缀只能包含字母和数字，不能包含“{char}”。",
    },
    # bucket names
    "bucket.empty": {"en": "Choose a bucket.", "zh": "请选择一个 Bucket。"},
    "bucket.length": {
        "en": "A bucket name has 3 to 63 characters (this one has {length}).",
        "zh": "Bucket 名称长度为 3~63 个字符（当前为 {length} 个）。",
    },
    "bucket.bad_char": {
        "en": "A bucket name may only hold lowercase letters, digits and hyphens.",
        "zh": "Bucket 名称只能包含小写字母、数字和短横线（-）。",
    },
    "bucket.edge": {
        "en": "A bucket name must start and end with a letter or a digit.",
        "zh": "Bucket 名称必须以小写字母或数字开头和结尾。",
    },
    "bucket.other_region": {
        "en": "In {region}: an export can only go to a bucket in the image's region.",
        "zh": "位于 {region}：镜像只能导出到同一地域的 Bucket。",
    },
    # formats
    "format.unknown": {
        "en": "Unknown format “{format}”; choose one of {formats}.",
        "zh": "未知格式“{format}”，请选择 {formats} 之一。",
    },
    "format.raw_only": {
        "en": "{region} exports RAW only: the image format is honoured in some overseas regions.",
        "zh": "{region} 仅支持导出 RAW 格式：只有部分海外地域支持选择镜像格式。",
    },
    # image names
    "image_name.length": {
        "en": "An image name has 2 to 128 characters (this one has {length}).",
        "zh": "镜像名称长度为 2~128 个字符（当前为 {length} 个）。",
    },
    # each names the one rule broken (docs/api.md, InvalidImageName.Malformed)
    "image_name.url": {
        "en": "An image name can't start with http:// or https://.",
        "zh": "镜像名称不能以 http:// 或 https:// 开头。",
    },
    "image_name.start": {
        "en": "An image name must start with an English letter or a Chinese character, not “{char}”.",
        "zh": "镜像名称必须以英文字母或中文开头，不能以“{char}”开头。",
    },
    "image_name.char": {
        "en": "An image name may only hold letters, Chinese characters, digits, “.”, “_” and “-”, not “{char}”.",
        "zh": "镜像名称只能包含字母、中文、数字、点号（.）、下划线（_）和短横线（-），不能包含“{char}”。",
    },
    # why an image can't be exported (core.rules.export_blockers)
    # what may make the cloud refuse although no document says so (core.rules.export_cautions)
    "caution.region_export_unconfirmed": {
        "en": "Export not confirmed in this local region; the cloud's check (DryRun) decides.",
        "zh": "本地地域导出镜像未经确认；以云端校验（DryRun）结果为准。",
    },
    "blocker.marketplace_image": {
        "en": "A Marketplace image can't be exported.",
        "zh": "镜像市场的镜像不能导出。",
    },
    "blocker.not_owned": {
        "en": "Not your custom image (system or shared images can't be exported).",
        "zh": "不是您的自定义镜像（公共镜像和共享镜像不能导出）。",
    },
    # the image name: which rule it breaks (core.rules.validate_image_name); rename it first
    "blocker.bad_name_length": {
        "en": "The name has {detail} characters; an image name has 2 to 128. Rename the image first.",
        "zh": "镜像名称有 {detail} 个字符，应为 2~128 个。请先修改镜像名称。",
    },
    "blocker.bad_name_url": {
        "en": "The name starts with http:// or https://, which isn't allowed. Rename the image first.",
        "zh": "镜像名称以 http:// 或 https:// 开头，这是不允许的。请先修改镜像名称。",
    },
    "blocker.bad_name_start": {
        "en": "The name starts with “{detail}”; it must start with a letter or a Chinese character. "
              "Rename the image first.",
        "zh": "镜像名称以“{detail}”开头，必须以英文字母或中文开头。请先修改镜像名称。",
    },
    "blocker.bad_name_char": {
        "en": "The name holds “{detail}”; only letters, Chinese characters, digits, “.”, “_” and “-” "
              "are allowed. Rename the image first.",
        "zh": "镜像名称包含“{detail}”，只能包含字母、中文、数字、点号（.）、下划线（_）和短横线（-）。"
              "请先修改镜像名称。",
    },
    "blocker.not_available": {
        "en": "Status is {detail}; only Available images can be exported.",
        "zh": "镜像状态为“{detail}”，只有“可用”的镜像才能导出。",
    },
    "blocker.marketplace_derived": {
        "en": "Made from a Marketplace image ({detail}); those can't be exported.",
        "zh": "基于镜像市场镜像创建（{detail}），不能导出。",
    },
    "blocker.encrypted": {
        "en": "Holds encrypted snapshots; those can't be exported.",
        "zh": "包含加密快照，不能导出。",
    },
    "blocker.too_many_data_disks": {
        "en": "More than 4 data disks.",
        "zh": "数据盘超过 4 块。",
    },
    "blocker.data_disk_too_big": {
        "en": "A data disk is larger than 500 GiB.",
        "zh": "有数据盘容量超过 500 GiB。",
    },
    "blocker.windows": {
        "en": "Windows images can't be exported (license).",
        "zh": "Windows 镜像不能导出（许可证限制）。",
    },
    "blocker.exporting": {
        "en": "An export of this image is already running.",
        "zh": "该镜像已有导出任务正在进行。",
    },
}
