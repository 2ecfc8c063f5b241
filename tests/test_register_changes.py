"""The interventions and trusts seeds read as organisations and organisational changes: trusts and council-owned
companies with their dates and bases, each taking over a council's children's services (a transfer of services),
and statutory directions (interventions) linked to the inspection that triggered them where the row says which.
Every claim quotes its row; unusable rows are reported with file, line and column."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Any

import pytest

from kg.data.model import Claim, Corpus
from kg.data.paths import Paths
from kg.registers import load_project
from tests.conftest import NATIONAL

TRUSTS, INTERVENTIONS = "childrens-trusts-seed", "dfe-interventions-seed"


@pytest.fixture(scope="module")
def national() -> Corpus:
    return load_project(Paths(data=NATIONAL))


def _changes(corpus: Corpus, source: str) -> list[Claim]:
    return [c for c in corpus.claims if c.source == source and c.type == "change"]


def _transfers_to(corpus: Corpus, body: str) -> list[Claim]:
    return [c for c in _changes(corpus, TRUSTS) if c.get("resulting") == [body]]


def test_every_claim_quotes_its_row(national: Corpus) -> None:
    for source in (TRUSTS, INTERVENTIONS):
        text = national.sources[source].text
        claims = _changes(national, source)
        assert claims
        for c in claims:
            anchor = c.anchors[0]
            assert c.quotes == [text[anchor.start : anchor.end]]
            line = text.count("\n", 0, anchor.start) + 1
            assert c.location.line == line and c.id.startswith(f"row{line}-")


def test_doncasters_trust_takes_over_doncasters_childrens_services_in_october_2014(national: Corpus) -> None:
    trust = national.entities["doncaster-childrens-services-trust"]
    assert trust.values["kind"] == "trust" and trust.values["name"] == "Doncaster Children's Services Trust"
    assert trust.values["exists_from"].value == "2014-10" and "exists_to" not in trust.values
    assert trust.values["note"].startswith("Basis: statutory direction (imposed after Le Grand review, 2013).")
    [transfer] = _transfers_to(national, trust.id)
    assert transfer.get("kind") == "transfer-of-services"
    assert transfer.get("original") == ["doncaster-childrens-services"]
    assert national.entities["doncaster-childrens-services"].values["unit_of"] == "doncaster-council"
    assert str(transfer.get("date").earliest) == "2014-10-01" and str(transfer.get("date").latest) == "2014-10-31"


def test_bradfords_trust_is_the_curated_one_with_the_registers_transfer(national: Corpus) -> None:
    trust = national.entities["bradford-children-and-families-trust"]  # data/entities' body, matched by its id
    assert trust.values["kind"] == "trust" and trust.values["exists_from"].value == "2023-04"
    assert "Bradford Children and Families Trust" in trust.values["aliases"]
    [transfer] = _transfers_to(national, trust.id)
    assert transfer.get("original") == ["bradford-childrens-services"] and transfer.get("date").value == "2023-04"


def test_sloughs_two_bodies_one_after_the_other(national: Corpus) -> None:
    first, second = (national.entities[i] for i in ("slough-childrens-services-trust", "slough-children-first"))
    assert first.values["kind"] == "trust" and second.values["kind"] == "company"  # "wholly-owned council company"
    assert first.values["exists_from"].value == "2015" and first.values["exists_to"].value == "2021-03"
    assert first.values["exists_to"].latest < second.values["exists_from"].earliest
    dates = [_transfers_to(national, b.id)[0].get("date") for b in (first, second)]
    assert dates[0].latest < dates[1].earliest
    assert all(_transfers_to(national, b.id)[0].get("original") == ["slough-childrens-services"]
               for b in (first, second))


def test_a_body_serving_several_councils_takes_each_over_on_its_own_date(national: Corpus) -> None:
    afc = {c.get("original")[0]: c.get("date").value for c in _transfers_to(national, "achieving-for-children")}
    assert afc == {"kingston-upon-thames-childrens-services": "2014", "richmond-upon-thames-childrens-services": "2014",
                   "windsor-and-maidenhead-childrens-services": "2017-08-01"}
    northants = {c.get("original")[0]: c.get("date").value
                 for c in _transfers_to(national, "northamptonshire-childrens-trust")}
    assert northants["northamptonshire-childrens-services"] == "2020-11-01"
    assert northants["north-northamptonshire-childrens-services"] == "2021-04-01"  # the successors, on their first day


def test_bradfords_directions_the_first_triggered_by_the_2018_inspection(national: Corpus) -> None:
    bradford = {c.get("change"): c for c in _changes(national, INTERVENTIONS) if c.get("original") == ["bradford-council"]}
    assert sorted(bradford) == ["intervention-bradford-2021-09", "intervention-bradford-2023-04"]
    first, revised = bradford["intervention-bradford-2021-09"], bradford["intervention-bradford-2023-04"]
    assert first.get("kind") == "intervention" and first.get("date").value == "2021-09"
    assert first.get("trigger") == "ofsted-80449-2018-10-29"  # "Ofsted ILACS 2018: inadequate"
    assert "Steve Walker" in first.get("note") and "trigger read as" in first.get("note")
    assert revised.get("date").value == "2023-04-03" and revised.get("trigger") is None  # "Ofsted: inadequate"
    assert "Ofsted trigger: Ofsted: inadequate" in revised.get("note")


def test_a_trigger_with_a_day_links_the_inspection_published_that_day(national: Corpus) -> None:
    by_id = {c.get("change"): c for c in _changes(national, INTERVENTIONS)}
    assert by_id["intervention-sunderland-2017-04"].get("trigger") == "ofsted-80566-2015-07-20"
    assert by_id["intervention-halton-2025-02"].get("trigger") == "ofsted-80471-2024-07-12"
    assert by_id["intervention-northamptonshire-2019-06"].get("trigger") is None  # a letter: not in the register
    events = {c.get("event") for c in national.claims if c.type == "visit"}
    assert {c.get("trigger") for c in by_id.values() if c.get("trigger")} <= events


def test_rows_without_a_date_are_reported_and_the_rest_read(national: Corpus) -> None:
    said = [str(w) for w in national.warnings if "_seed.csv" in str(w)]
    for line in (12, 14, 15, 17):  # Sandwell, Torbay, Kirklees, Rotherham 2015: no publication date
        assert any(f"dfe_interventions_seed.csv:{line}:5: published: no publication date" in w for w in said), said
    assert any("childrens_trusts_seed.csv:6:5: started: no start date" in w for w in said)
    assert len(_changes(national, INTERVENTIONS)) == 16
    assert "together-for-children-sunderland" in national.entities  # the body is kept; its transfer is not


def _copy_with(tmp_path: Path, name: str, meta: str, change: Any) -> Paths:
    data = tmp_path / "data"
    shutil.copytree(NATIONAL, data, ignore=shutil.ignore_patterns("pending"))
    csv = data / "registers" / name
    csv.write_text(change(csv.read_text()))
    path = data / "registers" / meta
    digest = hashlib.sha256(csv.read_bytes()).hexdigest()
    path.write_text("".join(f"sha256: {digest}\n" if line.startswith("sha256:") else line
                            for line in path.read_text().splitlines(keepends=True)))
    return Paths(data=data)


def test_bad_seed_rows_are_reported_with_file_line_and_column(tmp_path: Path) -> None:
    def trusts(text: str) -> str:
        lines = text.splitlines()
        lines[1] = lines[1].replace("E08000017", "E99999999")  # Doncaster's trust: an unknown council code
        lines[2] = lines[2].replace(",2015,2021-03,", ",2015,2013-02,")  # Slough's first trust ends before it starts
        lines[3] = lines[3].replace(",2021-04,", ",2021-13,")  # not a date
        lines.append(lines[4])  # a duplicate id
        return "\n".join(lines) + "\n"

    corpus = load_project(_copy_with(tmp_path, "childrens_trusts_seed.csv", "childrens-trusts-seed.yaml", trusts))
    said = [str(w) for w in corpus.warnings]
    name = "childrens_trusts_seed.csv"
    assert any(f"{name}:2:4: gss_codes: unknown council code 'E99999999'" in w for w in said), said[-8:]
    assert any(f"{name}:3:6: ended: ends (2013-02) before it starts (2015)" in w for w in said)
    assert any(f"{name}:4:5: started: not a date: '2021-13'" in w for w in said)
    assert any(f"{name}:13:1: id: id 'achieving-for-children' is also on line 5" in w for w in said)
    assert "exists_from" not in corpus.entities["slough-childrens-services-trust"].values
    assert len(_transfers_to(corpus, "birmingham-childrens-trust")) == 1  # the sound rows are read

    def interventions(text: str) -> str:
        return text.replace("doncaster-2014-09,Doncaster,E08000017", "Doncaster 2014,Doncaster,E08000017", 1)

    corpus = load_project(_copy_with(tmp_path / "b", "dfe_interventions_seed.csv", "dfe-interventions-seed.yaml",
                                     interventions))
    assert any("dfe_interventions_seed.csv:2:1: id: not an id" in str(w) for w in corpus.warnings)
    assert len(_changes(corpus, INTERVENTIONS)) == 15
