"""Strict YAML: duplicate keys refused, dates kept as written, positions remembered."""

from __future__ import annotations

import pytest

from kg.data.yaml_strict import load_yaml
from kg.errors import DataError


def test_dates_stay_strings(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("a: 2019-10-15\nb: 2019-10\n")
    assert load_yaml(path) == {"a": "2019-10-15", "b": "2019-10"}


def test_duplicate_key_names_both_lines(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("x: 1\ny: 2\nx: 3\n")
    with pytest.raises(DataError, match=r"a.yaml:3:1: x: duplicate key \(first at line 1\)"):
        load_yaml(path)


def test_positions_are_remembered(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("items:\n  - id: one\n    name: One\n  - id: two\n")
    doc = load_yaml(path)
    assert str(doc["items"][1].loc("id")) == f"{path}:4:9: id"
    assert doc["items"].positions == [(2, 5), (4, 5)]


def test_not_utf8(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_bytes(b"name: caf\xe9\n")
    with pytest.raises(DataError, match=r"a.yaml:1: not UTF-8 text \(byte 0xe9 at offset 9\)"):
        load_yaml(path)


def test_empty_file(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("  \n")
    with pytest.raises(DataError, match=r"a\.yaml:1: file is empty"):
        load_yaml(path)
