"""YAML loading that rejects duplicate keys, keeps dates as written, and remembers where every value came from."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from ..errors import DataError, Location, Problem


class LocatedDict(dict[str, Any]):
    """A mapping that knows the file position of itself and of each key's value."""

    path: Path
    line: int
    column: int
    key_positions: dict[str, tuple[int, int]]

    def loc(self, field: str | None = None) -> Location:
        line, col = self.key_positions.get(field, (self.line, self.column)) if field else (self.line, self.column)
        return Location(self.path, line, col, field)


class LocatedList(list[Any]):
    """A sequence that knows the file position of each item."""

    positions: list[tuple[int, int]]


# LibYAML's parser when PyYAML was built with it (about 10x faster on a national corpus); same nodes and marks.
if TYPE_CHECKING:  # the checker sees the one interface both share
    _SafeBase = yaml.SafeLoader
else:
    _SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_SafeBase):
    """SafeLoader without timestamp parsing, with duplicate-key detection and positions."""

    source_path: Path = Path("<string>")


# Dates stay strings: "2019-10" and "2019-10-15" must keep their precision.
_StrictLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in _StrictLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> LocatedDict:
    loader.flatten_mapping(node)
    result = LocatedDict()
    result.path = loader.source_path
    result.line, result.column = node.start_mark.line + 1, node.start_mark.column + 1
    result.key_positions = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        where = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        if key in result:
            first = result.key_positions[key]
            raise DataError(
                Problem(
                    Location(loader.source_path, *where, str(key)),
                    f"duplicate key (first at line {first[0]})",
                )
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_positions[str(key)] = (value_node.start_mark.line + 1, value_node.start_mark.column + 1)
    return result


def _construct_sequence(loader: _StrictLoader, node: yaml.SequenceNode) -> LocatedList:
    result = LocatedList(loader.construct_object(child, deep=True) for child in node.value)
    result.positions = [(c.start_mark.line + 1, c.start_mark.column + 1) for c in node.value]
    return result


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


# Limits on what one file may ask of the loader: a source past 16 MiB (about 2,500 long articles) is not an
# article, and matching quotes in it takes about 50 bytes per character; no file in data/ nests past seven
# levels, and PyYAML's constructor recurses once per level; aliases may repeat nodes, not make a "billion laughs".
MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 64
MAX_ALIAS_NODES = 100_000


def read_text_utf8(path: Path) -> str:
    """Read a file as UTF-8, refusing one over MAX_FILE_BYTES (before reading it), one that is not UTF-8 and one
    with a NUL byte, naming the file and the line."""
    limit = f"the limit is {MAX_FILE_BYTES // 2**20} MiB"
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise DataError(Problem(Location(path), f"file is {size:,} bytes; {limit}"))
    with path.open("rb") as stream:  # at most one byte past the limit, whatever stat said (a device, a growing file)
        data = stream.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise DataError(Problem(Location(path), f"file is over {MAX_FILE_BYTES:,} bytes; {limit}"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DataError(
            Problem(Location(path, line), f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})")
        ) from None
    nul = text.find("\0")
    if nul != -1:
        raise DataError(Problem(_location(path, text, nul), "a NUL byte: a text file has none"))
    return text


def _location(path: Path, text: str, offset: int) -> Location:
    line = text.count("\n", 0, offset) + 1
    return Location(path, line, offset - (text.rfind("\n", 0, offset) + 1) + 1)


def _check_shape(path: Path, root: yaml.Node) -> None:
    """Refuse a document nested past MAX_DEPTH or whose aliases expand past MAX_ALIAS_NODES, before the constructor
    (recursive, and blind to shared nodes) sees it. One visit per distinct node, without recursion; a node's
    height and expanded size are remembered, so an alias costs what a reference costs."""
    height: dict[int, int] = {}
    size: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        children = _children(node)
        if done:
            height[key] = 1 + max((height[id(c)] for c in children), default=0)
            size[key] = 1 + sum(size[id(c)] for c in children)
            if height[key] > MAX_DEPTH:
                raise DataError(Problem(_at(path, node), f"this value nests more than {MAX_DEPTH} levels deep"))
            if size[key] - len(height) > MAX_ALIAS_NODES:
                raise DataError(
                    Problem(
                        _at(path, node), f"aliases expand this value past {MAX_ALIAS_NODES:,} nodes (an alias bomb?)"
                    )
                )
        elif key in size:
            continue
        elif key in height:  # entered and not yet finished: an alias to a node that contains it
            raise DataError(Problem(_at(path, node), "a recursive alias (a value that contains itself)"))
        else:
            height[key] = 0
            stack.append((node, True))
            stack.extend((c, False) for c in children if id(c) not in size)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def _at(path: Path, node: yaml.Node) -> Location:
    return Location(path, node.start_mark.line + 1, node.start_mark.column + 1)


def load_yaml(path: Path) -> Any:
    """Parse one YAML file strictly; syntax errors become a DataError with file:line:column."""
    text = read_text_utf8(path)
    if not text.strip():
        raise DataError(Problem(Location(path, 1), "file is empty"))
    loader = _StrictLoader(text)
    loader.source_path = path
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_shape(path, node)
        return loader.construct_document(node)
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow: named by offset, not by mark
        raise DataError(Problem(_location(path, text, exc.position), f"YAML error: {exc.reason}")) from None
    except RecursionError:  # only PyYAML's pure-Python parser recurses while parsing; the LibYAML one stops at 1000
        raise DataError(Problem(Location(path), f"nested more than {MAX_DEPTH} levels deep")) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        context = ""
        if exc.context and exc.context_mark and exc.context_mark is not mark:
            context = f" ({exc.context} at line {exc.context_mark.line + 1})"
        raise DataError(
            Problem(Location(path, line, col), f"YAML syntax error: {exc.problem or exc}{context}")
        ) from None
    except yaml.YAMLError as exc:
        raise DataError(Problem(Location(path), f"YAML error: {exc}")) from None
    finally:
        loader.dispose()
