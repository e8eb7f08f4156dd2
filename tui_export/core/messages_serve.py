"""Texts of `tui-export serve` (the app in a browser tab), in English and Chinese.
Merged by core.i18n."""

MESSAGES: dict[str, dict[str, str]] = {
    "serve.remote_refused": {
        "en": "{host} is not a loopback address: anyone who can reach this machine on the network could "
              "open the app (the page travels over plain HTTP). Use --host 127.0.0.1, or add --allow-remote "
              "if that is really what you want.",
        "zh": "{host} 不是本机回环地址：网络上能访问这台机器的任何人都可能打开此应用（页面走明文 HTTP）。"
              "请使用 --host 127.0.0.1；如确有需要，请加上 --allow-remote。",
    },
    "serve.remote_warning": {
        "en": "Serving on {host}, reachable from the network over plain HTTP: share the link only with people "
              "who may use this account, and stop the server (Ctrl+C) when done.",
        "zh": "正在 {host} 上提供服务，网络上可通过明文 HTTP 访问：只把链接发给可以使用此账号的人，用完请按 Ctrl+C 停止。",
    },
    "serve.account_needed": {
        "en": "Say which cloud to serve: --demo (the embedded demo cloud, each tab its own) or --real-account "
              "(your credentials, read-only unless --allow-changes).",
        "zh": "请指明要提供的云：--demo（内置演示云，每个标签页一个）或 --real-account"
              "（使用你的凭据，默认只读，除非加上 --allow-changes）。",
    },
    "serve.demo_or_real": {
        "en": "--demo and --real-account can't be used together: pick one.",
        "zh": "--demo 与 --real-account 不能同时使用：请选择其一。",
    },
    "serve.changes_need_real": {
        "en": "--allow-changes only applies with --real-account (the demo cloud always allows changes).",
        "zh": "--allow-changes 只能与 --real-account 一起使用（演示云本来就允许修改）。",
    },
    "serve.cannot_listen": {
        "en": "Cannot listen on {host}:{port}: {reason}. Pick another --port (0 lets the system choose).",
        "zh": "无法在 {host}:{port} 上监听：{reason}。请换一个 --port（0 表示由系统选择）。",
    },
    "serve.forbidden": {
        "en": "403: this page needs the link printed by `tui-export serve` (it carries the access token).",
        "zh": "403：请使用 `tui-export serve` 打印的链接打开此页面（链接中带有访问令牌）。",
    },
    "serve.cross_origin": {
        "en": "403: the app's connection must come from its own page.",
        "zh": "403：应用的连接必须来自它自己的页面。",
    },
    "serve.ready": {
        "en": "Open the link above in a browser; each tab runs its own app. Ctrl+C stops the server and every app.",
        "zh": "在浏览器中打开上面的链接；每个标签页运行各自的应用。按 Ctrl+C 停止服务器及所有应用。",
    },
    "serve.read_only": {
        "en": "Real account, read-only: the apps in the browser can look and download but never change the cloud.",
        "zh": "真实账号，只读：浏览器中的应用可以查看和下载，但不会修改云上的任何东西。",
    },
}
