"""Texts for refused input — a damaged file, a wrong flag — in English and Chinese.
Merged by core.i18n; filled by cloud/bad_input.py.

Each names the file (or flag) and the place in it, says what is wrong, and where it
is not obvious, what to do. Never the content: a file may hold a secret.
"""

MESSAGES: dict[str, dict[str, str]] = {
    # --- kinds of JSON values ({expected}, {got}) ----------------------------------------
    "input.kind.object": {"en": "an object", "zh": "对象"},
    "input.kind.list": {"en": "a list", "zh": "列表"},
    "input.kind.string": {"en": "a string", "zh": "字符串"},
    "input.kind.integer": {"en": "a whole number", "zh": "整数"},
    "input.kind.number": {"en": "a number", "zh": "数字"},
    "input.kind.boolean": {"en": "true or false", "zh": "true 或 false"},
    "input.kind.null": {"en": "null", "zh": "null"},
    # --- any JSON file ---------------------------------------------------------------------
    "input.unreadable": {"en": "Cannot read {file}: {reason}.", "zh": "无法读取 {file}：{reason}。"},
    "input.not_utf8": {"en": "{file} is not UTF-8 text.", "zh": "{file} 不是 UTF-8 文本。"},
    "input.not_json": {"en": "{file} is not valid JSON (line {line}, column {column}).",
                       "zh": "{file} 不是有效的 JSON（第 {line} 行，第 {column} 列）。"},
    "input.too_deep": {"en": "{file} nests more than {limit} levels deep; it can't be this file.",
                       "zh": "{file} 嵌套超过 {limit} 层，不可能是这个文件。"},
    "input.not_object": {"en": "{file} does not hold a JSON object.", "zh": "{file} 的内容不是 JSON 对象。"},
    "input.wrong_type": {"en": "{file}: {field} should be {expected}, not {got}.",
                         "zh": "{file}：{field} 应为{expected}，而不是{got}。"},
    "input.not_one_of": {"en": "{file}: {field} is \"{value}\"; expected one of: {choices}.",
                         "zh": "{file}：{field} 的值为“{value}”；应为以下之一：{choices}。"},
    # --- the app's own config.json (ConfigError.code) -------------------------------------
    "credentials.app_config": {"en": "tui-export's config file can't be used.", "zh": "无法使用 tui-export 的配置文件。"},
    # --- the aliyun CLI config -------------------------------------------------------------
    "input.cli_unknown_mode": {
        "en": "{file}: {field} is \"{mode}\", which is not an aliyun CLI mode "
              "(tui-export supports: {supported}). Fix the profile with `aliyun configure`.",
        "zh": "{file}：{field} 为“{mode}”，这不是 aliyun CLI 的认证模式"
              "（tui-export 支持：{supported}）。请用 `aliyun configure` 修正该配置。",
    },
    # --- the encrypted secrets file ---------------------------------------------------------
    "input.store_damaged": {
        "en": "The saved-credentials file {file} is damaged: {detail}. tui-export leaves it as it is: "
              "move it aside (for example rename it to {backup}), then sign in again to save your key.",
        "zh": "保存凭证的文件 {file} 已损坏：{detail}。tui-export 不会改动它：请把它移开"
              "（例如重命名为 {backup}），然后重新登录以保存密钥。",
    },
    "input.store.not_store": {"en": "it is not a tui-export encrypted store", "zh": "它不是 tui-export 的加密存储文件"},
    "input.store.field_type": {"en": "{field} should be {expected}, not {got}",
                               "zh": "{field} 应为{expected}，而不是{got}"},
    "input.store.not_base64": {"en": "{field} is not base64", "zh": "{field} 不是 base64 编码"},
    "input.store.kdf": {"en": "{field} is {value}, outside what tui-export writes ({low} to {high})",
                        "zh": "{field} 为 {value}，超出 tui-export 写入的范围（{low} 到 {high}）"},
    "input.store.power_of_two": {"en": "{field} is {value}, not a power of two", "zh": "{field} 为 {value}，不是 2 的幂"},
    "input.store.length": {"en": "{field} has {length} bytes where tui-export writes {writes}",
                           "zh": "{field} 长度为 {length} 字节，而 tui-export 写入的是 {writes} 字节"},
    "input.store.no_entries": {"en": "its decrypted content holds no entries", "zh": "解密后的内容中没有任何条目"},
    "input.store.unknown": {"en": "{field} is \"{value}\", which tui-export does not know",
                            "zh": "{field} 为“{value}”，tui-export 不认识"},
    # --- endpoints ---------------------------------------------------------------------------
    "input.endpoint.scheme": {"en": "{flag}: \"{value}\" uses {scheme}://; only http:// and https:// work.",
                              "zh": "{flag}：“{value}”使用了 {scheme}://；只支持 http:// 和 https://。"},
    "input.endpoint.no_host": {"en": "{flag}: \"{value}\" has no host name.",
                               "zh": "{flag}：“{value}”缺少主机名。"},
    "input.endpoint.port": {"en": "{flag}: \"{value}\" has a port that is not a number from 1 to 65535.",
                            "zh": "{flag}：“{value}”的端口不是 1~65535 之间的数字。"},
    "input.endpoint.malformed": {"en": "{flag}: \"{value}\" is not a valid URL.",
                                 "zh": "{flag}：“{value}”不是有效的 URL。"},
    "input.endpoint.ipv6": {"en": "{flag}: \"{value}\" is not a valid URL (an IPv6 address needs both brackets: [::1]).",
                            "zh": "{flag}：“{value}”不是有效的 URL（IPv6 地址须用一对方括号括起，例如 [::1]）。"},
    "input.endpoint.extra": {"en": "{flag}: \"{value}\" should be only scheme://host[:port], without a path, query or user.",
                             "zh": "{flag}：“{value}”只能是 scheme://主机[:端口]，不能带路径、查询参数或用户名。"},
    "input.endpoint.userinfo": {"en": "{flag}: the URL holds a user name or password; give only scheme://host[:port].",
                                "zh": "{flag}：URL 中含有用户名或密码；只需提供 scheme://主机[:端口]。"},
}
