"""The exact bytes of the job-end alert: bell, OSC 9, OSC 777, and tmux's passthrough."""

from __future__ import annotations

from hypothesis import given, strategies as st

from tui_export.core.terminal_alert import job_end_alert, notification, tmux_passthrough


def test_plain_terminal_bytes():
    assert job_end_alert("tui-export", "t-1 downloaded") == (
        "\a\x1b]9;tui-export: t-1 downloaded\a\x1b]777;notify;tui-export;t-1 downloaded\a")


def test_inside_tmux_each_sequence_is_wrapped_with_escs_doubled():
    assert notification("T", "B", tmux=True) == (
        "\x1bPtmux;\x1b\x1b]9;T: B\a\x1b\\"
        "\x1bPtmux;\x1b\x1b]777;notify;T;B\a\x1b\\")
    # the bell stays outside: tmux forwards a bell itself
    assert job_end_alert("T", "B", tmux=True).startswith("\a\x1bPtmux;")


def test_passthrough_of_a_sequence_with_two_escs():
    assert tmux_passthrough("\x1b]8;;x\x1b\\") == "\x1bPtmux;\x1b\x1b]8;;x\x1b\x1b\\\x1b\\"


@given(st.text(max_size=300), st.text(max_size=300))
def test_text_from_the_cloud_cannot_end_or_start_a_sequence(title, body):
    out = notification(title, body)
    # exactly two sequences, each ended by its one BEL, no stray ESC inside
    assert out.count("\a") == 2 and out.count("\x1b") == 2
    osc777 = out[out.index("\x1b]777;"):]
    assert osc777.count(";") == 3            # notify;title;body: a ';' in the text can't add a field
