"""What a refused scenario file says, in English and Chinese: the sim's own small table.

The embedded cloud is the oracle the product is tested against, so it keeps its words
here instead of in the product's catalogue (core/i18n.py and core/messages_*.py, where
the product's rules live beside them): the sim never reads the product's texts, and a
change there never changes what the oracle says. Issue #7 asks that a bad scenario
given to `tui-export sim --scenario F` be refused in the user's language.

A refusal is a `Text`: a key of MESSAGES and its values; a value may itself be a Text
(the place inside a file, a kind of JSON value) and is worded in the same language.
The English wording is the one tests and scripts have read since the sim had one
language; keep it as it is.
"""

from __future__ import annotations

import errno

LANGS = ("en", "zh")

MESSAGES: dict[str, dict[str, str]] = {
    # --- the file and how it is named --------------------------------------------------------
    "file": {"en": "scenario {path}", "zh": "场景文件 {path}"},
    "document": {"en": "scenario", "zh": "场景"},   # a document handed over already parsed
    "in": {"en": "{name}: {detail}", "zh": "{name}：{detail}"},
    "unreadable": {"en": "cannot read {name}: {reason}", "zh": "无法读取{name}：{reason}"},
    "not_a_file_name": {"en": "not a file name", "zh": "这不是一个文件名"},
    "not_utf8": {"en": "{name} is not UTF-8 text", "zh": "{name} 不是 UTF-8 文本"},
    # {detail} is the json module's own English phrase: the line and column say enough in Chinese
    "not_json": {"en": "{name} is not valid JSON (line {line}, column {column}: {detail})",
                 "zh": "{name} 不是有效的 JSON（第 {line} 行，第 {column} 列）"},
    "too_deep": {"en": "nested more than {limit} levels deep", "zh": "嵌套超过 {limit} 层"},
    # {detail} is Python's English; in Chinese, the one case json has for it
    "unreadable_value": {"en": "{detail}", "zh": "含有无法读取的值（例如位数过多的整数）"},
    # --- a place inside the document ----------------------------------------------------------
    "at": {"en": "{where}: {what}", "zh": "{where}：{what}"},
    "kind.object": {"en": "an object", "zh": "对象"},
    "kind.list": {"en": "a list", "zh": "列表"},
    "kind.string": {"en": "a string", "zh": "字符串"},
    "kind.integer": {"en": "a whole number", "zh": "整数"},
    "kind.number": {"en": "a number", "zh": "数字"},
    "kind.boolean": {"en": "true or false", "zh": "true 或 false"},
    "kind.null": {"en": "null", "zh": "null"},
    "or": {"en": " or ", "zh": "或"},
    "expected": {"en": "expected {wanted}, got {got}", "zh": "应为{wanted}，实际是{got}"},
    "empty": {"en": "must not be empty", "zh": "不能为空"},
    "at_least": {"en": "must be at least {low}, got {value}", "zh": "至少应为 {low}，实际是 {value}"},
    "at_most": {"en": "must be at most {high}, got {value}", "zh": "至多应为 {high}，实际是 {value}"},
    "seconds": {"en": "must be from 0 to {high} seconds, got {value}", "zh": "应为 0 到 {high} 秒，实际是 {value}"},
    "not_one_of": {"en": "{value} is not one of {choices}", "zh": "{value} 不是以下之一：{choices}"},
    "unknown_region": {"en": "unknown region {value}", "zh": "未知的地域 {value}"},
    "not_a_time": {"en": "{value} is not a time like 2025-09-01T08:30:00Z",
                   "zh": "{value} 不是形如 2025-09-01T08:30:00Z 的时间"},
    "bucket_name": {"en": "{value} is not a valid OSS bucket name: {problem}",
                    "zh": "{value} 不是有效的 OSS 存储桶名称：{problem}"},
    "bucket.length": {"en": "{length} characters (a bucket name has 3 to 63)",
                      "zh": "长度为 {length} 个字符（存储桶名称须为 3 到 63 个字符）"},
    "bucket.chars": {"en": "only lowercase letters, digits and hyphens are allowed",
                     "zh": "只能包含小写字母、数字和短划线"},
    "bucket.edges": {"en": "it must start and end with a lowercase letter or a digit",
                     "zh": "必须以小写字母或数字开头和结尾"},
    "key_not_string": {"en": "key {key} is not a string", "zh": "键 {key} 不是字符串"},
    "unknown_key": {"en": "unknown key {key}; allowed: {allowed}", "zh": "未知的键 {key}；允许的键：{allowed}"},
    "missing": {"en": "missing {key}", "zh": "缺少 {key}"},
    "pair": {"en": "expected [name, type], got {count} items", "zh": "应为 [名称, 类型]，实际有 {count} 项"},
    "account_id": {"en": "{value} is not an account id (1 to 20 digits)", "zh": "{value} 不是账号 ID（应为 1 到 20 位数字）"},
    "ram_action": {"en": "{value} is not a RAM action like ecs:DescribeImages or ecs:Describe*",
                   "zh": "{value} 不是 RAM 操作（应形如 ecs:DescribeImages 或 ecs:Describe*）"},
    # --- references between entries ------------------------------------------------------------
    "taken_is_bucket": {"en": "{value} is also a bucket of this scenario", "zh": "{value} 同时也是本场景中的存储桶"},
    "not_an_image": {"en": "{value} is not an image of this scenario", "zh": "{value} 不是本场景中的镜像"},
    "not_a_bucket": {"en": "{value} is not a bucket of this scenario", "zh": "{value} 不是本场景中的存储桶"},
    "twice": {"en": "{what} {value} appears twice", "zh": "{what} {value} 出现了两次"},
    "unique.image": {"en": "image id", "zh": "镜像 ID"},
    "unique.bucket": {"en": "bucket name", "zh": "存储桶名称"},
    "unique.role": {"en": "role name", "zh": "角色名称"},
    "unique.user": {"en": "user name", "zh": "用户名"},
    "unique.access_key": {"en": "AccessKey id", "zh": "AccessKey ID"},
    # --- while applying a checked document (scenario.py; the check above should catch these first) ---
    "entry.image": {"en": "image {id}", "zh": "镜像 {id}"},
    "entry.task": {"en": "task of {image}", "zh": "镜像 {image} 的任务"},
    "unknown_keys": {"en": "{what}: unknown keys {unknown}; allowed: {allowed}",
                     "zh": "{what}：未知的键 {unknown}；允许的键：{allowed}"},
    "unknown_regions": {"en": "unknown regions {regions}", "zh": "未知的地域 {regions}"},
    "bad_scenario": {"en": "bad scenario: {kind}: {detail}", "zh": "场景有误：{kind}: {detail}"},
}

# Why a file can't be read, in Chinese (the English is the system's own strerror).
_ZH_OS_REASONS = {
    errno.ENOENT: "文件不存在", errno.EACCES: "没有读取权限", errno.EPERM: "没有读取权限",
    errno.EISDIR: "这是一个目录", errno.ENOTDIR: "路径中有一段不是目录", errno.ENAMETOOLONG: "文件名太长",
    errno.ELOOP: "符号链接层数过多", errno.EIO: "读取时发生输入输出错误",
}


def norm_lang(lang: str | None) -> str:
    """"zh" for any Chinese locale name (zh, zh_CN.UTF-8, zh-TW), else "en"."""
    return "zh" if lang and lang.lower().startswith("zh") else "en"


def one_line(text: str) -> str:
    """Unprintable characters escaped, so a refusal naming them stays one line."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


class Text:
    """A message key and its values, worded on demand in either language."""

    __slots__ = ("key", "values")
    table = MESSAGES   # a sibling table (flag_messages.py) subclasses with its own

    def __init__(self, key: str, /, **values: object) -> None:
        if key not in self.table:   # a typo'd key fails where it is written, not when shown
            raise KeyError(key)
        self.key, self.values = key, values

    def render(self, lang: str = "en") -> str:
        lang = norm_lang(lang)
        return self.table[self.key][lang].format(**{k: _word(v, lang) for k, v in self.values.items()})

    def __repr__(self) -> str:
        return f"Text({self.key!r}, {self.values!r})"


class Either:
    """Alternatives joined by the language's "or" (`expected an object or a string`)."""

    __slots__ = ("choices",)

    def __init__(self, *choices: object) -> None:
        self.choices = choices

    def render(self, lang: str = "en") -> str:
        return MESSAGES["or"][norm_lang(lang)].join(_word(c, lang) for c in self.choices)


class OsReason:
    """Why the system could not read the file: its own (English) strerror, or the Chinese for it."""

    __slots__ = ("error",)
    zh_reasons = _ZH_OS_REASONS   # reading a file; listening on a port has its own (flag_messages.py)

    def __init__(self, error: OSError) -> None:
        self.error = error

    def render(self, lang: str = "en") -> str:
        english = str(self.error.strerror or self.error)
        if norm_lang(lang) == "en":
            return english
        code = self.error.errno
        if not code:
            return "系统错误"
        return self.zh_reasons.get(code) or f"系统错误 {errno.errorcode.get(code, code)}"   # EIO-like names are no sentence


def _word(value: object, lang: str) -> object:
    """A value as the message shows it: worded when it is a message itself, on one line when text."""
    if isinstance(value, (Text, Either, OsReason)):
        value = value.render(lang)
    return one_line(value) if isinstance(value, str) else value


class Refusal(ValueError):
    """An input the sim refuses: `str(exc)` is the English line, `exc.text("zh")` the Chinese one."""

    text_class: type = Text   # the table the key is looked up in

    def __init__(self, key: str, /, **values: object) -> None:
        self.message = self.text_class(key, **values)
        super().__init__(self.message.render("en"))

    def text(self, lang: str = "en") -> str:
        return self.message.render(lang)

    def __reduce__(self):   # args hold the English line, not the key: rebuild from the key
        return _rebuild, (type(self), self.message.key, self.message.values)


def _rebuild(cls: type, key: str, values: dict) -> Refusal:
    return cls(key, **values)


class ScenarioError(Refusal):
    """A scenario refused."""
