"""Bad input: one clear message naming file, line and field, a non-zero exit, and no half-written output."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

CLAIMS = "2019-12-news-ofsted-third-monitoring-visit.yaml"
SOURCE = "2019-12-news-ofsted-third-monitoring-visit"


def _replace(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture edit: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(needle)


@pytest.fixture
def built_once(data_copy: Path, tmp_path: Path, kg: Callable[..., object]) -> Path:
    """An output folder holding a good build, so a failed build can be shown not to touch it."""
    out = tmp_path / "out"
    result = kg("build", "--data", data_copy, "--out", out)
    assert result.exit_code == 0, result.output
    return out


def _snapshot(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def _fails(kg: Callable[..., object], data: Path, out: Path, pattern: str) -> str:
    before = _snapshot(out)
    result = kg("build", "--data", data, "--out", out)
    assert result.exit_code != 0
    message = result.stderr
    assert re.search(pattern, message), message
    assert _snapshot(out) == before, "a failed build must not replace or add output files"
    return message


def test_yaml_syntax_error_names_file_line_column(data_copy, built_once, kg):
    path = data_copy / "claims" / CLAIMS
    line = _line_of(path, "type: visit")
    _replace(path, "type: visit", "type: [visit")
    _fails(kg, data_copy, built_once, rf"{CLAIMS}:{line + 1}:\d+: YAML syntax error")


def test_unknown_entity_id(data_copy, built_once, kg):
    path = data_copy / "claims" / CLAIMS
    _replace(path, "person: jan-edwards", "person: jan-edwardz")
    line = _line_of(path, "jan-edwardz")
    _fails(kg, data_copy, built_once, rf"{CLAIMS}:{line}:\d+: person: unknown id 'jan-edwardz'")


def test_impossible_date(data_copy, built_once, kg):
    path = data_copy / "claims" / CLAIMS
    _replace(path, "value: 2019-10", "value: 2019-02-30")
    line = _line_of(path, "2019-02-30")
    _fails(kg, data_copy, built_once, rf"{CLAIMS}:{line}:\d+: date: '2019-02-30' is not a real day")


def test_identifier_that_cannot_be_an_iri(data_copy, built_once, kg):
    """A Wikidata id becomes owl:sameAs <...entity/ID>: one with a space is refused by the check, not the writer."""
    path = data_copy / "entities" / "organisations.yaml"
    _replace(path, "      ons: E08000032", "      ons: E08000032\n      wikidata: Q 878")
    line = _line_of(path, "wikidata: Q 878")  # reported where the identifiers mapping starts, the line above
    _fails(
        kg,
        data_copy,
        built_once,
        rf"organisations.yaml:{line - 1}:\d+: .*wikidata identifier 'Q 878' is not a Wikidata id",
    )


def test_quote_not_in_source(data_copy, built_once, kg):
    path = data_copy / "claims" / CLAIMS
    text = path.read_text(encoding="utf-8")
    quote = re.search(r'quote: "([^"]{20,})"', text)
    assert quote
    _replace(path, quote[1], quote[1].replace(quote[1][:12], "Invented wor"))
    line = _line_of(path, "Invented wor")
    _fails(
        kg, data_copy, built_once, rf"{CLAIMS}:{line}:\d+: quote: claim '[a-z0-9-]+': quote not found in {SOURCE}.txt"
    )


def test_duplicate_claim_id(data_copy, built_once, kg):
    path = data_copy / "claims" / CLAIMS
    ids = re.findall(r"^  - id: (\S+)$", path.read_text(encoding="utf-8"), re.MULTILINE)
    _replace(path, f"  - id: {ids[1]}\n", f"  - id: {ids[0]}\n")
    line = _line_of(path, f"  - id: {ids[0]}") + 0
    message = _fails(
        kg, data_copy, built_once, rf"{CLAIMS}:\d+:\d+: id: duplicate claim id '{ids[0]}' \(first at line {line}\)"
    )
    assert message.count("duplicate claim id") == 1


def test_duplicate_yaml_key(data_copy, built_once, kg):
    path = data_copy / "entities" / "people.yaml"
    _replace(path, "    name: Mark Douglas\n", "    name: Mark Douglas\n    name: Marc Douglas\n")
    line = _line_of(path, "name: Marc Douglas")
    _fails(kg, data_copy, built_once, rf"people.yaml:{line}:\d+: name: duplicate key \(first at line {line - 1}\)")


def test_duplicate_entity_id(data_copy, built_once, kg):
    path = data_copy / "entities" / "people.yaml"
    _replace(path, "  - id: kyle-green", "  - id: mike-pollard")
    _fails(
        kg, data_copy, built_once, r"people.yaml:\d+:\d+: id: duplicate id 'mike-pollard' \(first at .*people.yaml:\d+"
    )


def test_missing_required_field(data_copy, built_once, kg):
    path = data_copy / "claims" / CLAIMS
    _replace(path, "    inspectorate: ofsted\n", "")
    _fails(kg, data_copy, built_once, rf"{CLAIMS}:\d+:\d+: inspectorate: required field missing in visit claim")


def test_unknown_field_and_concept(data_copy, built_once, kg):
    path = data_copy / "claims" / CLAIMS
    _replace(path, "kind: monitoring-visit", "kind: monitoring-vist")
    _fails(kg, data_copy, built_once, r"kind: 'monitoring-vist' is not a concept in scheme 'inspection-kinds'")


def test_source_not_utf8(data_copy, built_once, kg):
    path = data_copy / "sources" / f"{SOURCE}.txt"
    path.write_bytes(path.read_bytes().replace("’".encode(), b"\x92", 1))
    _fails(kg, data_copy, built_once, rf"{SOURCE}.txt:\d+: not UTF-8 text \(byte 0x92 at offset \d+\)")


def test_source_empty(data_copy, built_once, kg):
    (data_copy / "sources" / f"{SOURCE}.txt").write_text("", encoding="utf-8")
    _fails(kg, data_copy, built_once, rf"{SOURCE}.txt:1: source text is empty")


def test_source_text_changed(data_copy, built_once, kg):
    path = data_copy / "sources" / f"{SOURCE}.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("too slow", "too fast", 1), encoding="utf-8")
    _fails(kg, data_copy, built_once, rf"{SOURCE}.yaml:\d+:\d+: sha256: the text of {SOURCE}.txt has changed")


def test_empty_claims_file(data_copy, built_once, kg):
    (data_copy / "claims" / CLAIMS).write_text("\n", encoding="utf-8")
    _fails(kg, data_copy, built_once, rf"{CLAIMS}:1: file is empty")


def test_every_problem_reported_in_one_run(data_copy, built_once, kg):
    path = data_copy / "claims" / CLAIMS
    _replace(path, "person: jan-edwards", "person: nobody-at-all")
    _replace(path, "inspectorate: ofsted", "inspectorate: no-such-body")
    message = _fails(kg, data_copy, built_once, r"2 problems")
    assert "nobody-at-all" in message and "no-such-body" in message


def test_event_reference_must_be_declared(data_copy, built_once, kg):
    path = data_copy / "claims" / CLAIMS
    _replace(path, "about: bradford-cs-mv3", "about: bradford-cs-mv99")
    _fails(
        kg,
        data_copy,
        built_once,
        r"about: claim '[a-z0-9-]+': no visit, judgement or change declares event 'bradford-cs-mv99'",
    )


def test_directory_in_place_of_output_is_refused(data_copy, tmp_path, kg):
    out = tmp_path / "out"
    (out / "graph.jsonld").mkdir(parents=True)
    result = kg("build", "--data", data_copy, "--out", out)
    assert result.exit_code != 0
    assert "graph.jsonld is a directory" in result.stderr
    assert sorted(p.name for p in out.iterdir() if p.name != ".kg.lock") == ["graph.jsonld"]  # the writers' lock
