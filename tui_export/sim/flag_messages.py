"""What `tui-export sim` says when one of its flags is refused, in English and Chinese.

The sibling of scenario_messages.py (a refused scenario file), with the same mechanism: the
sim is the oracle the product is tested against, so its words live here and never in the
product's catalogue (core/i18n.py). Issue #7 §3: a bad flag is refused with one line that
names the flag and what is wrong, in the user's language, exit 2.

argparse's own usage errors (`--port abc`, an unknown option) are not here: the product's
commands (the app, the headless commands, doctor) leave those in argparse's English, and so
does the sim.
"""

from __future__ import annotations

import errno
import socket

from tui_export.sim.scenario_messages import OsReason, Refusal, Text

FLAG_MESSAGES: dict[str, dict[str, str]] = {
    "flag": {"en": "{flag}: {what}", "zh": "{flag}：{what}"},
    # --- numbers given to the command's own flags ----------------------------------------------
    "at_least": {"en": "{flag} must be at least {low}, got {value}", "zh": "{flag} 至少应为 {low}，实际是 {value}"},
    "finite": {"en": "{flag} must be a finite number, got {value}", "zh": "{flag} 应为有限的数字，实际是 {value}"},
    "port_range": {"en": "--port must be from 0 to 65533 (it takes N, N+1 and N+2), got {value}",
                   "zh": "--port 应为 0 到 65533（会占用 N、N+1 和 N+2 三个端口），实际是 {value}"},
    # --- a --faults spec (faults.parse_spec) ---------------------------------------------------
    "fault.needs_value": {"en": "fault {part} needs a value, like {key}=0.5",
                          "zh": "故障 {part} 缺少值，应写成 {key}=0.5 这样的形式"},
    "fault.unknown": {"en": "unknown fault {key}; known: {known}", "zh": "未知的故障 {key}；可用的有：{known}"},
    "fault.number": {"en": "fault {key} wants a number, got {value}", "zh": "故障 {key} 的值应为数字，实际是 {value}"},
    "fault.whole": {"en": "fault {key} wants a whole number, got {value}",
                    "zh": "故障 {key} 的值应为整数，实际是 {value}"},
    "fault.finite": {"en": "fault {key} wants a finite number, got {value}",
                     "zh": "故障 {key} 的值应为有限的数字，实际是 {value}"},
    "fault.share": {"en": "fault {key} is a share from 0 to 1, got {value}",
                    "zh": "故障 {key} 是 0 到 1 之间的比例，实际是 {value}"},
    "fault.at_least_0": {"en": "fault {key} must be at least 0, got {value}",
                         "zh": "故障 {key} 不能小于 0，实际是 {value}"},
    # --- binding the servers (EmbeddedCloud.start) ---------------------------------------------
    "listen.port": {"en": "--port {port}: cannot listen on {host} port {taken}: {reason}",
                    "zh": "--port {port}：无法在 {host} 的端口 {taken} 上监听：{reason}"},
    "listen.host": {"en": "--host {host}: cannot listen: {reason}", "zh": "--host {host}：无法监听：{reason}"},
}

# Why a port could not be bound, in Chinese (the English is the system's own strerror; a
# host name that does not resolve is a socket.gaierror, whose EAI_* codes are negative).
_ZH_LISTEN_REASONS = {
    errno.EADDRINUSE: "端口已被占用", errno.EACCES: "没有权限（1024 以下的端口通常需要管理员权限）",
    errno.EPERM: "没有权限", errno.EADDRNOTAVAIL: "本机没有这个地址", errno.EAFNOSUPPORT: "不支持这种地址",
    socket.EAI_NONAME: "无法解析这个主机名", socket.EAI_AGAIN: "暂时无法解析这个主机名",
    socket.EAI_FAMILY: "不支持这种地址", getattr(socket, "EAI_ADDRFAMILY", socket.EAI_FAMILY): "不支持这种地址",
}


class FlagText(Text):
    """A message of FLAG_MESSAGES and its values (worded like scenario_messages.Text)."""

    __slots__ = ()
    table = FLAG_MESSAGES


class ListenReason(OsReason):
    """Why a server could not listen: the system's strerror, or the Chinese for it."""

    __slots__ = ()
    zh_reasons = _ZH_LISTEN_REASONS


class FlagError(Refusal):
    """A flag refused: `str(exc)` is the English line, `exc.text("zh")` the Chinese one."""

    text_class = FlagText


def refused_flag(flag: str, error: FlagError) -> FlagError:
    """`error` said as a refusal of `flag` ("--faults: unknown fault ...")."""
    return FlagError("flag", flag=flag, what=error.message)
