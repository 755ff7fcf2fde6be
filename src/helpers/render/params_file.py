"""A ``--params`` YAML file read as data of bounded size: plain names and values, nothing that multiplies.

YAML can make a few hundred bytes expand into gigabytes (anchors and aliases referring to each other),
nest deeply enough to exhaust the parser's stack, or give a key twice so that the last one silently
wins. A parameter file needs none of that: it maps names to text, numbers or short lists. So this
reader refuses, before building anything, any alias, nesting deeper than ``MAX_DEPTH``, more than
``MAX_NODES`` values, a key given twice, and a file larger than ``MAX_BYTES`` (read no further).
"""

from __future__ import annotations

from pathlib import Path

import yaml

MAX_BYTES = 1024 * 1024  # a parameter file is a few lines; 1 MB bounds memory whatever is given
MAX_DEPTH = 20  # a name, a list, its items: three levels are used
MAX_NODES = 100_000


class ParamsFileError(ValueError):
    """A parameter file that cannot be used; the message names the file, the line and the rule."""


class _BoundedLoader(yaml.BaseLoader):
    """BaseLoader (every scalar stays text) that refuses aliases, deep nesting, many nodes and repeated keys."""

    def __init__(self, stream):
        super().__init__(stream)
        self._depth = 0
        self._nodes = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise ParamsFileError(f"line {event.start_mark.line + 1}: an alias (*{event.anchor}) is not allowed in a "
                                  "parameter file; write the value out")
        event = self.peek_event()
        if getattr(event, "anchor", None) is not None:
            raise ParamsFileError(f"line {event.start_mark.line + 1}: an anchor (&{event.anchor}) is not allowed in a "
                                  "parameter file; write the value out")
        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise ParamsFileError(f"more than {MAX_NODES:,} values; a parameter file maps a few names to values")
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise ParamsFileError(f"line {event.start_mark.line + 1}: nested more than {MAX_DEPTH} levels deep; a "
                                      "parameter is a value or a list of values")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node, deep=False):
        seen: dict[str, int] = {}
        for key_node, _ in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key is not None and key in seen:
                raise ParamsFileError(f"line {key_node.start_mark.line + 1}: {key!r} is given twice (first on line "
                                      f"{seen[key]}); give each parameter once")
            if key is not None:
                seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)


def read_bytes_capped(path: Path, limit: int = MAX_BYTES) -> bytes:
    """At most ``limit`` bytes of ``path``; ``ParamsFileError`` when it holds more (never read to its end: a
    device such as /dev/zero has none)."""
    with open(path, "rb") as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise ParamsFileError(f"larger than {limit // 1024:,} KB; a parameter file is a few lines (read no further)")
    return data


def load(text: str):
    """The YAML ``text`` as plain data (every value text), or ``ParamsFileError``."""
    try:
        return yaml.load(text, Loader=_BoundedLoader)
    except RecursionError:
        raise ParamsFileError(f"nested too deeply; a parameter is a value or a list of values (at most {MAX_DEPTH} "
                              "levels)") from None
    except yaml.YAMLError as exc:
        raise ParamsFileError("not valid YAML: " + " ".join(str(exc).split())) from None
