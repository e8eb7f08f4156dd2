"""Texts of signing in, the accounts, the secret store's state and the signed-link dialog."""

MESSAGES = {
    # the encrypted file stays locked after the tries (cloud/encrypted_file.py)
    "store.still_locked": {
        "en": "The saved keys in {file} stay locked. Forgotten passphrase? Press p and sign in with the "
              "AccessKey again to save it anew.",
        "zh": "{file} 中保存的密钥仍处于锁定状态。忘记口令？按 p 并重新使用 AccessKey 登录，即可重新保存。",
    },
    # the sign-in (ui/screens/signin.py): adding an account from the switcher; the unusable keyring
    "signin.title_add": {"en": "Add an account", "zh": "添加账号"},
    "signin.intro_add": {
        "en": "Add an account: enter its AccessKey (a RAM user's, not the root account's); the secret stays "
              "hidden. The account in use stays until these keys are checked.",
        "zh": "添加账号：请输入它的 AccessKey（建议使用 RAM 用户的，而非主账号的）；Secret 不会显示。"
              "在这些密钥校验通过之前，仍使用当前账号。",
    },
    "signin.choice.keyring_unavailable": {"en": "in the system keyring (none usable here)",
                                          "zh": "保存到系统密钥环（此处不可用）"},
    # keys from the environment refused (ui/errors.py): name the variables
    "error.auth_env": {"en": "These keys come from the environment variables {names}: correct them, or unset "
                             "them to use another account.",
                       "zh": "这些密钥来自环境变量 {names}：请修正，或取消设置这些变量以使用其他账号。"},
    # the passphrase prompt, asked again after a wrong one (ui/screens/passphrase.py)
    "pass.wrong": {"en": "That passphrase does not open the encrypted file. Try again.",
                   "zh": "该口令无法打开加密文件，请重试。"},
    # the keyring's state (cloud/keyring_status.py returns these keys; the sign-in and `info` say them)
    "store.keyring_ok": {"en": "Secrets are saved in the system keyring ({name}).",
                         "zh": "密钥保存在系统密钥环（{name}）中。"},
    "store.no_keyring": {
        "en": "No usable system keyring here: {reason}; save to an encrypted file with a passphrase, "
              "or keep the key for this session only.",
        "zh": "这里没有可用的系统密钥环：{reason}；可以保存到用口令加密的文件，或只在本次会话中使用。",
    },
    "store.why.none_found": {"en": "no system keyring was found (no Secret Service on D-Bus, as usual over SSH)",
                             "zh": "未找到系统密钥环（没有 D-Bus 上的 Secret Service，SSH 会话中常见）"},
    "store.why.disabled": {
        "en": "the keyring is turned off (null backend, e.g. PYTHON_KEYRING_BACKEND or `keyring --disable`)",
        "zh": "密钥环已被关闭（null 后端，例如 PYTHON_KEYRING_BACKEND 或 `keyring --disable`）",
    },
    "store.why.own_file": {"en": "tui-export's own encrypted file is not a system keyring",
                           "zh": "tui-export 自带的加密文件不是系统密钥环"},
    "store.why.prompts": {"en": "the keyring found ({cls} from keyrings.alt) would ask for its password on the terminal",
                          "zh": "找到的密钥环（keyrings.alt 的 {cls}）会在终端里询问密码"},
    "store.why.plaintext": {"en": "the keyring found ({cls} from keyrings.alt) stores secrets unencrypted",
                            "zh": "找到的密钥环（keyrings.alt 的 {cls}）以明文保存密钥"},
    "store.why.load_failed": {"en": "the keyring could not be loaded ({error})", "zh": "无法加载密钥环（{error}）"},
    # the status line, with the account's UID once STS said it
    "status.account_uid": {"en": "Account: {source} · UID {uid}", "zh": "账号：{source} · UID {uid}"},
    # the account switcher
    "profiles.already_current": {"en": "You are already using this account: nothing changed.",
                                 "zh": "你正在使用这个账号：没有任何变化。"},
    # the signed link, whole (ui/screens/signed_link.py)
    "signed_link.title": {"en": "Signed link (valid until it expires)", "zh": "签名链接（过期前有效）"},
    "signed_link.host": {"en": "Scheme and host: {scheme}://{host}", "zh": "协议与主机：{scheme}://{host}"},
    "signed_link.path": {"en": "Path: {path}", "zh": "路径：{path}"},
    "signed_link.expires": {"en": "Expires: {expires}", "zh": "过期时间：{expires}"},
    "signed_link.select_hint": {
        "en": "Select the link with the mouse (or your terminal's selection, often Shift+drag) to copy it.",
        "zh": "用鼠标选中链接即可复制（或使用终端自带的选择，通常为 Shift+拖动）。",
    },
    "signed_link.in_log": {"en": "It is also in the log: {path}", "zh": "链接也已写入日志：{path}"},
    "signed_link.secret_hint": {
        "en": "Anyone holding the link can download the file until it expires: share it with care.",
        "zh": "在过期前，任何持有该链接的人都能下载该文件：请谨慎分享。",
    },
    "signed_link.close": {"en": "Close", "zh": "关闭"},
    "key.signed_link.close": {"en": "Close", "zh": "关闭"},
    "tip.signed_link.close": {"en": "Close the link.", "zh": "关闭链接。"},
    # where the credentials in use came from (cloud/ returns these keys as ResolvedCredentials.source;
    # the status bar, the account switcher, the doctor and `info` word them)
    "source.env": {"en": "environment ({variable})", "zh": "环境变量（{variable}）"},
    "source.cli": {"en": "aliyun CLI profile '{name}' ({path})", "zh": "aliyun CLI 配置“{name}”（{path}）"},
    "source.cli_role_arn": {"en": "aliyun CLI profile '{name}' ({path}, RamRoleArn via STS AssumeRole)",
                            "zh": "aliyun CLI 配置“{name}”（{path}，RamRoleArn，经 STS AssumeRole 获取）"},
    "source.cli_ecs_role": {"en": "aliyun CLI profile '{name}' ({path}, EcsRamRole via the ECS metadata service)",
                            "zh": "aliyun CLI 配置“{name}”（{path}，EcsRamRole，经 ECS 元数据服务获取）"},
    "source.session": {"en": "profile '{name}' (this session only, not saved)",
                       "zh": "配置“{name}”（仅本次会话，未保存）"},
    "source.saved_keyring": {"en": "saved profile '{name}' (keyring: {store})",
                             "zh": "已保存的配置“{name}”（密钥环：{store}）"},
    "source.saved_keyring_any": {"en": "saved profile '{name}' (keyring: system keyring)",
                                 "zh": "已保存的配置“{name}”（密钥环：系统密钥环）"},
    "source.saved_file": {"en": "saved profile '{name}' (encrypted file {path})",
                          "zh": "已保存的配置“{name}”（加密文件 {path}）"},
    "source.demo_user": {"en": "demo cloud, RAM user {name} (built in, no network)",
                         "zh": "演示云，RAM 用户 {name}（内置，无需网络）"},
    "source.warn_aliyun_env": {
        "en": "ALIYUN_ACCESS_KEY_ID is set in the environment; tui-export ignores it and uses {source}",
        "zh": "环境中设置了 ALIYUN_ACCESS_KEY_ID；tui-export 会忽略它，使用的是{source}",
    },
}
