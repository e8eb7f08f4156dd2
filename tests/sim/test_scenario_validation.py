"""A scenario file is checked whole: a bad one is one line naming the file and the place
in it (exit 2 from `tui-export sim`), in English or Chinese, never a traceback; anything
else loads."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import example, HealthCheck, given, settings
from hypothesis import strategies as st

from tui_export.sim.oss.store import ObjectStore
from tui_export.sim.scenario import DEMO_PATH, ScenarioError, apply_scenario, load_scenario
from tui_export.sim.scenario_messages import MESSAGES, Either, Text
from tui_export.sim.world import World

IMAGE = {"id": "m-ok0001", "name": "ok", "region": "cn-hangzhou"}

BAD = [
    ("[]", "expected an object"),
    ('{"images":[1]}', "images[0]: expected an object"),
    ('{"custom_policies":[]}', "custom_policies: expected an object"),
    ('{"buckets":[{"name":"Bad_Bucket!","region":"cn-hangzhou"}]}', "buckets[0].name: 'Bad_Bucket!'"),
    ('{"buckets":[{"name":"ab","region":"cn-hangzhou"}]}', "buckets[0].name: 'ab'"),
    ('{"buckets":[{"name":"-edge","region":"cn-hangzhou"}]}', "buckets[0].name: '-edge'"),
    ('{"buckets":[{"name":"fine-one","region":"cn-hangzhou"},{"name":"fine-one","region":"cn-hangzhou"}]}',
     "buckets[1].name: bucket name 'fine-one' appears twice"),
    ('{"regions":"cn-hangzhou"}', "regions: expected a list"),
    ('{"regions":[7]}', "regions[0]: expected a string"),
    ('{"account":[]}', "account: expected an object"),
    ('{"account":{"whitelisted":"yes"}}', "account.whitelisted: expected true or false"),
    ('{"account":{"concurrent_quota":-1}}', "account.concurrent_quota: must be at least 0"),
    ('{"account":{"weekly_quota":1.5}}', "account.weekly_quota: expected a whole number or null"),
    ('{"account":{"account_id":12}}', "account.account_id: expected a string"),
    ('{"images":[{"id":"m-1","name":"x"}]}', "images[0]: missing 'region'"),
    ('{"images":[{"id":"m-1","name":"x","region":"mars-1"}]}', "images[0].region: unknown region 'mars-1'"),
    ('{"images":[{"id":"m-1","name":"x","region":"cn-hangzhou","disks":{}}]}', "images[0].disks: expected a list"),
    ('{"images":[{"id":"m-1","name":"x","region":"cn-hangzhou","disks":[{"device":"/dev/xvda","size_gib":"40"}]}]}',
     "images[0].disks[0].size_gib: expected a whole number"),
    ('{"images":[{"id":"m-1","name":"x","region":"cn-hangzhou","created":"yesterday"}]}', "images[0].created:"),
    ('{"images":[{"id":"m-1","name":"x","region":"cn-hangzhou","tags":{"k":1}}]}', "images[0].tags.k: expected a string"),
    ('{"images":[{"id":"m-1","name":"x","region":"cn-hangzhou","owner":"me"}]}', "images[0].owner: 'me' is not one of"),
    ('{"roles":[{"name":"r","policies":[["a"]]}]}', "roles[0].policies[0]: expected [name, type]"),
    ('{"roles":[{"name":"r","trust_policy":5}]}', "roles[0].trust_policy: expected an object or a string"),
    ('{"custom_policies":{"p":1}}', "custom_policies.p: expected an object or a string"),
    ('{"tasks":{}}', "tasks: expected a list"),
    ('{"tasks":[{"image":"m-none","bucket":"some-bucket"}]}', "tasks[0].image: 'm-none' is not an image"),
    ('{"images":[%s],"tasks":[{"image":"m-ok0001","bucket":"Bad_Bucket!"}]}' % json.dumps(IMAGE),
     "tasks[0].bucket: 'Bad_Bucket!'"),
    ('{"images":[%s],"tasks":[{"image":"m-ok0001","bucket":"nowhere","status":"Finished"}]}' % json.dumps(IMAGE),
     "tasks[0].bucket: 'nowhere' is not a bucket of this scenario"),
    ('{"images":[%s],"tasks":[{"image":"m-ok0001","bucket":"abc","started_seconds_ago":"1h"}]}' % json.dumps(IMAGE),
     "tasks[0].started_seconds_ago: expected a number"),
    ('{"metadata_role":null}', "metadata_role: expected a string"),
    ('{"images":[{"id":"m-1","name":"x","region":"cn-hangzhou","disks":[{"device":"/dev/xvda","size_gib":1e400}]}]}',
     "images[0].disks[0].size_gib: expected a whole number, got a number"),
    ('{"images":[{"id":"m-1","name":"x","region":"cn-hangzhou","disks":[{"device":"/dev/xvda","size_gib":10000000}]}]}',
     "images[0].disks[0].size_gib: must be at most 32768"),
    ('{"images":[%s],"tasks":[{"image":"m-ok0001","bucket":"abc","duration_seconds":1e300}]}' % json.dumps(IMAGE),
     "tasks[0].duration_seconds: must be from 0 to"),
    ("{", "is not valid JSON (line 1, column 2"),
    ("[" * 100_000, "nested more than"),
    ('{"custom_policies":{"p":' + "[" * 500 + "]" * 500 + "}}", "nested more than"),
]

# The refusals BAD doesn't reach, so that every kind a file can cause is tried in both
# languages (test_every_kind_of_refusal_has_a_case); BAD's order is the drill's (DRILL).
MORE_BAD = [
    ('{"imagez":[]}', "scenario: unknown key 'imagez'; allowed: account, buckets"),
    ('{"images":[{"id":" ","name":"x","region":"cn-hangzhou"}]}', "images[0].id: must not be empty"),
    ('{"images":[%s,%s]}' % (json.dumps(IMAGE), json.dumps(IMAGE)), "images[1].id: image id 'm-ok0001' appears twice"),
    ('{"roles":[{"name":"r"},{"name":"r"}]}', "roles[1].name: role name 'r' appears twice"),
    ('{"account":{"account_id":"12a"}}', "account.account_id: '12a' is not an account id (1 to 20 digits)"),
    ('{"users":[{"name":"a","access_key_id":"k","access_key_secret":"s","allow":["DescribeImages"]}]}',
     "users[0].allow[0]: 'DescribeImages' is not a RAM action like ecs:DescribeImages"),
    ('{"users":[{"name":"a","access_key_id":"k","access_key_secret":"s"},'
     '{"name":"a","access_key_id":"k2","access_key_secret":"s"}]}', "users[1].name: user name 'a' appears twice"),
    ('{"users":[{"name":"a","access_key_id":"k","access_key_secret":"s"},'
     '{"name":"b","access_key_id":"k","access_key_secret":"s"}]}',
     "users[1].access_key_id: AccessKey id 'k' appears twice"),
    ('{"buckets":[{"name":"abc","region":"cn-hangzhou"}],"taken_bucket_names":["abc"]}',
     "taken_bucket_names[0]: 'abc' is also a bucket of this scenario"),
    ('{"description":' + "1" * 5000 + "}", "Exceeds the limit (4300 digits)"),
]


def run_sim(scenario: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tui_export", "sim", "--scenario", str(scenario)],
                          capture_output=True, text=True, timeout=120)


def assert_one_line_refusal(path: Path, code: int, stdout: str, stderr: str, expected: str) -> None:
    assert code == 2, stderr
    assert "Traceback" not in stderr and stdout == ""
    (line,) = stderr.strip().splitlines()
    assert line.startswith(f"tui-export sim: scenario {path}") and expected in line


@pytest.mark.parametrize("text,expected", BAD + MORE_BAD, ids=[b[1][:40] for b in BAD + MORE_BAD])
def test_tui_export_sim_refuses_a_bad_scenario_in_one_line(tmp_path, capsys, text, expected):
    """Every case through the command's own code, in this process (a process each would cost
    ~1 s apiece); the drill below runs the real command for a few of them."""
    from tui_export.sim.cli import main as sim_main

    path = tmp_path / "scenario.json"
    path.write_text(text)
    with pytest.raises(ScenarioError):   # refused before the command would start serving
        load_scenario(path)
    code = sim_main(["--scenario", str(path)])
    out, err = capsys.readouterr()
    assert_one_line_refusal(path, code, out, err, expected)


# the first, a wrong reference and the deepest nesting (a fresh interpreter's own stack)
DRILL = [BAD[0], BAD[-10], BAD[-2]]


@pytest.mark.parametrize("text,expected", DRILL, ids=[b[1][:40] for b in DRILL])
def test_the_command_refuses_a_bad_scenario_in_one_line_exit_2(tmp_path, text, expected):
    path = tmp_path / "scenario.json"
    path.write_text(text)
    result = run_sim(path)
    assert_one_line_refusal(path, result.returncode, result.stdout, result.stderr, expected)


def test_a_scenario_file_that_cannot_be_read_is_one_line(tmp_path):
    result = run_sim(tmp_path / "missing.json")
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert "missing.json" in line and "No such file" in line


# --- the same refusals in Chinese (issue #7: "in the user's language") ----------------------

CJK = re.compile("[\u4e00-\u9fff]")
# two words of Latin letters in a row: a sentence (or a piece of one) left in English. Places
# (images[0].disks), values ('Bad_Bucket!'), key lists (a, b) and "AccessKey ID" are no such pair.
ENGLISH = re.compile(r"[A-Za-z]{2,} [a-z]{2,}")


def assert_chinese_refusal(path: object, code: int, stdout: str, stderr: str) -> str:
    """Exit 2, one line naming the file, worded in Chinese with no English sentence in it."""
    assert code == 2, stderr
    assert "Traceback" not in stderr and stdout == ""
    (line,) = stderr.strip().splitlines()
    assert line.startswith("tui-export sim: ") and f"场景文件 {path}" in line, line
    said = line.removeprefix("tui-export sim: ").replace(str(path), "")
    assert CJK.search(said) and not ENGLISH.search(said), line
    return line


@pytest.mark.parametrize("text,expected", BAD + MORE_BAD, ids=[b[1][:40] for b in BAD + MORE_BAD])
def test_every_refusal_is_said_in_chinese_with_lang_zh(tmp_path, capsys, text, expected):
    from tui_export.sim.cli import main as sim_main

    path = tmp_path / "scenario.json"
    path.write_text(text)
    code = sim_main(["--scenario", str(path), "--lang", "zh"])
    out, err = capsys.readouterr()
    assert_chinese_refusal(path, code, out, err)


def test_a_file_that_cannot_be_read_is_said_in_chinese(tmp_path, capsys):
    from tui_export.sim.cli import main as sim_main

    (tmp_path / "latin1.json").write_bytes(b'{"description": "caf\xe9"}')
    reasons = {str(tmp_path / "missing.json"): "文件不存在", str(tmp_path): "这是一个目录",
               str(tmp_path / "latin1.json"): "不是 UTF-8 文本", "a\x00b.json": "这不是一个文件名"}
    for path, reason in reasons.items():
        code = sim_main(["--scenario", path, "--lang", "zh"])
        out, err = capsys.readouterr()
        line = assert_chinese_refusal(path.replace("\x00", "\\x00"), code, out, err)   # NUL: shown escaped
        assert reason in line


def test_the_language_comes_from_the_locale_or_from_lang_before_sim(tmp_path, capsys, monkeypatch):
    """Like the app: LC_ALL/LANG choose when there is no --lang, and `tui-export --lang zh sim`
    is `tui-export sim --lang zh` (the app's options before the command, as headless takes them)."""
    from tui_export.cli import main as tui_export_main

    path = tmp_path / "scenario.json"
    path.write_text('{"images":[1]}')
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    code = tui_export_main(["sim", "--scenario", str(path)])
    assert_chinese_refusal(path, code, *capsys.readouterr())
    code = tui_export_main(["sim", "--scenario", str(path), "--lang", "en"])   # the flag wins
    out, err = capsys.readouterr()
    assert_one_line_refusal(path, code, out, err, "images[0]: expected an object, got a whole number")
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    code = tui_export_main(["--lang", "zh", "sim", "--scenario", str(path)])
    line = assert_chinese_refusal(path, code, *capsys.readouterr())
    assert line.endswith("images[0]：应为对象，实际是整数")


def test_the_command_refuses_a_bad_scenario_in_chinese_exit_2(tmp_path):
    """The real command in its own process: the app's --lang before `sim`, one line on stderr."""
    path = tmp_path / "scenario.json"
    path.write_text('{"buckets":[{"name":"Bad_Bucket!","region":"cn-hangzhou"}]}')
    result = subprocess.run([sys.executable, "-m", "tui_export", "--lang", "zh", "sim", "--scenario", str(path)],
                            capture_output=True, text=True, timeout=120)
    line = assert_chinese_refusal(path, result.returncode, result.stdout, result.stderr)
    assert "buckets[0].name：'Bad_Bucket!' 不是有效的 OSS 存储桶名称" in line


def keys_of(text: object) -> set[str]:
    """The message keys a refusal is made of (it and the texts inside it)."""
    if isinstance(text, Either):
        return set().union(*(keys_of(c) for c in text.choices))
    if not isinstance(text, Text):
        return set()
    return {text.key}.union(*(keys_of(v) for v in text.values.values()))


# Said only while a checked document is applied (scenario.py): the check refuses first.
AFTER_THE_CHECK = {"entry.image", "entry.task", "unknown_keys", "unknown_regions", "bad_scenario",
                   "key_not_string"}   # and JSON keys are always strings


def test_every_kind_of_refusal_has_a_case(tmp_path):
    """Each text of the sim's table that a file can cause is among the cases above, so each
    is checked in Chinese too; a new kind of refusal needs a case here."""
    seen: set[str] = set()
    path = tmp_path / "scenario.json"
    (tmp_path / "latin1.json").write_bytes(b"\xff")
    for text, _ in BAD + MORE_BAD:
        path.write_text(text)
        with pytest.raises(ScenarioError) as refused:
            load_scenario(path)
        seen |= keys_of(refused.value.message)
    for other in (tmp_path / "missing.json", tmp_path / "latin1.json", "a\x00b.json"):
        with pytest.raises(ScenarioError) as refused:
            load_scenario(other)
        seen |= keys_of(refused.value.message)
    assert set(MESSAGES) - {"or"} - AFTER_THE_CHECK <= seen, set(MESSAGES) - AFTER_THE_CHECK - seen


def test_the_table_has_both_languages_and_no_stray_placeholder():
    for key, entry in MESSAGES.items():
        assert set(entry) == {"en", "zh"} and all(entry.values()), key
        en, zh = (set(re.findall(r"{(\w+)}", entry[lang])) for lang in ("en", "zh"))
        assert zh <= en, key   # Chinese may leave out json's English detail, never add a value
    # after the check, refusals are still worded in both languages, never a missing key
    assert "镜像 m-1" in Text("at", where=Text("entry.image", id="m-1"), what=Text("unknown_region", value="x")).render("zh")


def test_the_demo_and_a_full_scenario_load():
    load_scenario("demo")
    doc = json.loads(DEMO_PATH.read_text(encoding="utf-8"))
    doc["tasks"].append({"image": "m-bp1demoweb0000000001", "bucket": "demo-export-hangzhou", "status": "Failed",
                         "started_seconds_ago": 10.5, "duration_seconds": None, "error_code": "E", "error_msg": "m"})
    doc["account"]["concurrent_quota"] = 0
    with tempfile.TemporaryDirectory() as d:
        world = apply_scenario(World(ObjectStore(Path(d)), bytes_per_gib=1), load_scenario(doc))
    assert len(world.tasks) == len(doc["tasks"])


# --- property: whatever JSON comes in, a clean refusal or a world --------------------------

SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)
ANY_JSON = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                        | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=20)


def deep(n: int) -> object:
    value: object = []
    for _ in range(n):
        value = [value] if n % 2 else {"k": value}
    return value


DEEP = st.integers(min_value=30, max_value=3000).map(deep)
LOOSE = ANY_JSON | DEEP


def near(valid: st.SearchStrategy) -> st.SearchStrategy:
    """Mostly the right thing, sometimes anything."""
    return st.one_of(valid, valid, LOOSE)


NAMES = st.sampled_from(["m-ok0001", "m-ok0002", "", "demo-bucket", "Bad_Bucket!", "ab", "cn-hangzhou"])
DISK = st.fixed_dictionaries({"device": near(st.just("/dev/xvda")), "size_gib": near(st.integers(-2, 700))},
                             optional={"type": near(st.sampled_from(["system", "data", "boot"])),
                                       "encrypted": near(st.booleans()), "snapshot_id": near(st.text(max_size=5))})
IMAGE_LIKE = st.fixed_dictionaries(
    {"id": near(NAMES), "name": near(st.text(max_size=6)), "region": near(st.sampled_from(["cn-hangzhou", "mars"]))},
    optional={"disks": near(st.lists(near(DISK), max_size=3)), "owner": near(st.sampled_from(["self", "x"])),
              "status": near(st.sampled_from(["Available", "Creating", "Gone"])),
              "created": near(st.sampled_from(["2025-01-01T00:00:00Z", "nope"])), "tags": LOOSE,
              "os_type": near(st.sampled_from(["linux", "windows", "dos"]))})
BUCKET_LIKE = st.fixed_dictionaries({"name": near(NAMES), "region": near(st.just("cn-hangzhou"))},
                                    optional={"storage_class": LOOSE, "created": LOOSE})
TASK_LIKE = st.fixed_dictionaries({"image": near(NAMES), "bucket": near(NAMES)},
                                  optional={"status": near(st.sampled_from(["Finished", "Failed", "Processing", "?"])),
                                            "started_seconds_ago": near(st.floats(-5, 1e6)),
                                            "duration_seconds": near(st.none() | st.floats(-1, 100)),
                                            "prefix": LOOSE, "format": near(st.sampled_from(["raw", "vhd", ""]))})
ROLE_LIKE = st.fixed_dictionaries({"name": near(NAMES)},
                                  optional={"trust_policy": LOOSE, "policies": near(st.lists(near(st.tuples(
                                      near(st.just("P")), near(st.sampled_from(["System", "Custom", "x"]))).map(list))))})
SCENARIO_LIKE = st.fixed_dictionaries({}, optional={
    "account": near(st.fixed_dictionaries({}, optional={"account_id": near(st.just("123")),
                                                         "whitelisted": LOOSE, "concurrent_quota": LOOSE})),
    "regions": near(st.lists(near(st.sampled_from(["cn-hangzhou", "mars"])), max_size=3)),
    "images": near(st.lists(near(IMAGE_LIKE), max_size=3)),
    "buckets": near(st.lists(near(BUCKET_LIKE), max_size=3)),
    "roles": near(st.lists(near(ROLE_LIKE), max_size=2)),
    "custom_policies": near(st.dictionaries(st.text(max_size=4), LOOSE, max_size=2)),
    "tasks": near(st.lists(near(TASK_LIKE), max_size=3)),
    "metadata_role": LOOSE, "description": LOOSE,
    "users": near(st.lists(near(st.fixed_dictionaries(
        {"name": near(NAMES), "access_key_id": near(st.sampled_from(["FAKEuser0001", ""])),
         "access_key_secret": near(st.just("s"))},
        optional={"allow": near(st.lists(near(st.sampled_from(["ecs:Describe*", "*", "bad action"]))))})),
        max_size=2)),
})


def load_into_a_world(doc: object) -> None:
    with tempfile.TemporaryDirectory() as d:
        try:
            apply_scenario(World(ObjectStore(Path(d)), bytes_per_gib=1), load_scenario(doc))
        except ScenarioError as exc:
            assert str(exc) and "\n" not in str(exc)


# 150 examples: a cheap property whose past failures are pinned as @example below
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(LOOSE)
@example("\n")      # a string is read as a path; one holding a newline once split the refusal in two
@example("\x00")    # a NUL in the path once ended in a ValueError traceback
def test_any_json_value_is_refused_cleanly_or_loads(doc):
    load_into_a_world(doc)


@PROPERTY
@given(SCENARIO_LIKE)
@example({"custom_policies": {"\n": None}})     # a key with a newline once split the refusal in two
def test_anything_shaped_like_a_scenario_is_refused_cleanly_or_loads(doc):
    load_into_a_world(doc)


def as_text(doc: object) -> str:
    try:
        return json.dumps(doc)
    except RecursionError:   # json.dumps itself can't go that deep: write the brackets by hand
        return "[" * 5000 + "]" * 5000


@settings(max_examples=100, deadline=None)
@given(st.one_of(SCENARIO_LIKE, LOOSE))
def test_any_json_text_is_refused_cleanly_or_loads(doc):
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "s.json"
        path.write_text(as_text(doc))
        load_into_a_world(load_or_refusal(path))


def load_or_refusal(path: Path) -> object:
    try:
        return load_scenario(path)
    except ScenarioError as exc:
        assert str(exc).startswith(f"scenario {path}") and "\n" not in str(exc)
        return {}
