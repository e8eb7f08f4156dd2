"""The bytes that tell a terminal a job ended: the bell and a desktop notification.

OSC 9 (iTerm2, WezTerm, Windows Terminal, kitty) and OSC 777 (rxvt-unicode, foot,
Ghostty, VTE/GNOME Terminal) carry a title and a text; terminals that know neither
ignore them. Inside tmux an OSC reaches the outer terminal only through tmux's
passthrough, `ESC P tmux; <sequence with every ESC doubled> ESC \\` (tmux needs
`allow-passthrough on`; without it the sequence is dropped, harmlessly). The bell is
never wrapped: tmux forwards it itself. Pure: the app writes these through its driver.
"""

from __future__ import annotations

import re

BEL = "\a"
ESC = "\x1b"
ST = ESC + "\\"
MAX_TEXT = 200
# C0 and C1 controls (ESC and BEL among them) would end the sequence early or start another.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]+")


def _clean(text: str, *, separator: bool = False) -> str:
    text = _CONTROLS.sub(" ", text).strip()
    if separator:   # OSC 777 separates its fields with ';'
        text = text.replace(";", ",")
    return text[:MAX_TEXT]


def tmux_passthrough(sequence: str) -> str:
    return f"{ESC}Ptmux;{sequence.replace(ESC, ESC + ESC)}{ST}"


def notification(title: str, body: str, *, tmux: bool = False) -> str:
    """OSC 9 then OSC 777 for one notification, each wrapped for tmux when `tmux`."""
    title_c, body_c = _clean(title, separator=True), _clean(body, separator=True)
    osc9 = f"{ESC}]9;{_clean(title)}: {_clean(body)}{BEL}"
    osc777 = f"{ESC}]777;notify;{title_c};{body_c}{BEL}"
    if tmux:
        return tmux_passthrough(osc9) + tmux_passthrough(osc777)
    return osc9 + osc777


def job_end_alert(title: str, body: str, *, tmux: bool = False) -> str:
    """What the app writes when a job ends: the bell, then the notification."""
    return BEL + notification(title, body, tmux=tmux)


def inside_tmux(environ) -> bool:
    return bool(environ.get("TMUX"))
