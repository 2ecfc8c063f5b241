"""The national registers in data/registers, read into the same corpus and graph as the articles: every English
council with its codes, every inspection with its areas and lead inspector, the register's defects found by checks,
and the 2018 inspection the articles describe as one node with the register's. Then bad register files."""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kg.data.model import Corpus
from kg.data.paths import Paths
from kg.errors import DataError
from kg.registers import load_project
from tests.conftest import NATIONAL

HISTORY = "ofsted-ilacs-inspection-history"


@pytest.fixture(scope="module")
def national() -> Corpus:
    return load_project(Paths(data=NATIONAL))


def _councils(corpus: Corpus) -> list[Any]:
    return [e for e in corpus.entities.values() if e.kind == "organisation" and e.values.get("kind") == "council"]


def test_every_current_english_council_with_its_codes(national: Corpus) -> None:
    current = [e for e in _councils(national) if (e.values.get("identifiers") or {}).get("gss")
               and not e.values.get("exists_to")]
    assert len(current) == 153
    for council in current:
        ids = council.values["identifiers"]
        assert ids["gss"].startswith("E") and ids["wikidata"].startswith("Q"), council.id
        assert council.values.get("region"), council.id
    bradford = national.entities["bradford-council"]  # the seed's council is the register's, matched by its code
    assert bradford.values["identifiers"]["gss"] == "E08000032"
    assert bradford.values["identifiers"]["wikidata"] == "Q16953331"
    assert len(bradford.values["neighbours"]) == 10
    units = [e for e in national.entities.values() if (e.values.get("identifiers") or {}).get("ofsted-urn")]
    assert len(units) >= 153 and national.entities["bradford-childrens-services"].values["unit_of"] == "bradford-council"


def test_predecessors_end_and_their_reorganisation_is_a_change(national: Corpus) -> None:
    ended = {e.values["name"] for e in _councils(national) if e.values.get("exists_to")}
    assert {"Northamptonshire Council", "Cumbria Council", "Poole Council"} <= ended
    changes = [c for c in national.claims if c.type == "change" and c.get("kind") == "reorganisation"]
    northants = next(c for c in changes if c.get("original") == ["northamptonshire-council"])
    assert sorted(northants.get("resulting")) == ["north-northamptonshire-council", "west-northamptonshire-council"]


def test_every_inspection_and_every_grade_from_2018(national: Corpus) -> None:
    rows = [c for c in national.claims if c.source == HISTORY]
    visits = [c for c in rows if c.type == "visit"]
    graded = [c for c in rows if c.type == "judgement" and c.get("grade")]
    assert len(visits) >= 490
    assert 1_350 <= len(graded) <= 1_450  # the README's 1,403 agreeing cells, less the suspicious ones left out
    assert all(c.quotes == [national.sources[HISTORY].text[c.anchors[0].start : c.anchors[0].end]] for c in rows)
    not_judged = Counter(c.get("not_judged") for c in rows if c.type == "judgement" and not c.get("grade"))
    assert set(not_judged) == {"inspection-pre-dates-judgement", "not-reported-post-reform", "data-unreadable"}
    assert not_judged["not-reported-post-reform"] == 11


def test_bradfords_three_register_inspections(national: Corpus) -> None:
    rows = [c for c in national.claims if c.source == HISTORY]
    visits = {c.get("event"): c for c in rows if c.type == "visit" and c.get("subject") == "bradford-childrens-services"}
    ilacs = {e: v for e, v in visits.items() if v.get("lead_inspector")}
    assert sorted(ilacs) == ["ofsted-80449-2018-10-29", "ofsted-80449-2023-01-31", "ofsted-80449-2026-05-21"]
    assert ilacs["ofsted-80449-2018-10-29"].get("lead_inspector") == "neil-penswick"
    assert str(ilacs["ofsted-80449-2018-10-29"].get("date").earliest) == "2018-09-17"
    grades = {c.get("area"): c.get("grade") for c in rows if c.type == "judgement"
              and c.get("inspection") == "ofsted-80449-2026-05-21"}
    assert grades["overall-effectiveness"] == "requires-improvement" and grades["impact-of-leaders"] == "good"
    tenures = [c for c in rows if c.type == "tenure" and c.get("person") == "catherine-heron"]
    assert tenures and tenures[0].get("post") == "ofsted-hmi"


def test_the_2018_inspection_is_one_node_for_articles_and_register(national: Corpus) -> None:
    event = "ofsted-80449-2018-10-29"
    sources = {c.source for c in national.claims if event in (c.get("event"), c.get("inspection"), c.get("about"), c.get("to"))}
    assert HISTORY in sources and len(sources) >= 3, sources
    judgement = f"{event}-overall-effectiveness"
    by = {c.source for c in national.claims if c.type == "judgement" and c.get("judgement") == judgement}
    assert HISTORY in by and len(by) >= 2  # the articles' "inadequate rating" is the register's overall judgement
    articles_2018 = {c.get("inspection") for c in national.claims if c.type == "judgement" and c.source != HISTORY
                     and c.get("subject") == "bradford-childrens-services"}
    assert "bradford-cs-2018-inspection" not in articles_2018


def test_known_defects_are_found_by_checks(national: Corpus) -> None:
    said = [str(w) for w in national.warnings]

    def about(line_has: str, text: str) -> bool:
        lines = NATIONAL.joinpath("registers", "ofsted_ilacs_inspection_history.csv").read_text().splitlines()
        hits = [i + 1 for i, line in enumerate(lines) if line_has in line]
        return any(f"ofsted_ilacs_inspection_history.csv:{n}:" in w and text in w for n in hits for w in said)

    assert about("nottingham,https", "no overall effectiveness grade") or about("07/01/19", "no overall")
    assert about("southend-on-sea", "not a grade word: 'to requires improvement'")
    assert about("redcar and cleveland", "a care-leavers grade on an inspection when that judgement was not given")
    assert about("knowsley", "no lead inspector")
    assert about("Thomson -Jones", "read as 'Paula Thomson-Jones'")
    for warning in said:
        assert warning.split(":")[1].isdigit(), warning  # every warning names its line


def test_national_graph_validates_and_answers_for_any_council(national_store: Path, kg: Callable[..., Any]) -> None:
    store = ["--out", national_store, "--store", f"oxigraph:{national_store / 'store'}"]
    leeds = kg("timeline", "--org", "Leeds", *store)
    assert leeds.exit_code == 0, leeds.stderr
    assert "Full inspection of Leeds children's services by Ofsted" in leeds.stdout
    assert "Ofsted judged Leeds children's services outstanding" in leeds.stdout


# --- bad register files: a clear message naming file, line and column; nothing built -------------------------------


def _registers_copy(tmp_path: Path, edit: Callable[[Path], None]) -> Paths:
    data = tmp_path / "data"
    shutil.copytree(NATIONAL, data, ignore=shutil.ignore_patterns("pending"))
    edit(data / "registers")
    return Paths(data=data)


def _rehash(folder: Path, name: str, meta: str) -> None:
    import hashlib

    path = folder / meta
    digest = hashlib.sha256((folder / name).read_bytes()).hexdigest()
    text = "\n".join(f"sha256: {digest}" if line.startswith("sha256:") else line for line in path.read_text().splitlines())
    path.write_text(text + "\n")


def _edit_history(change: Callable[[str], str]) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        csv = folder / "ofsted_ilacs_inspection_history.csv"
        csv.write_text(change(csv.read_text()))
        _rehash(folder, csv.name, "ofsted-ilacs-inspection-history.yaml")

    return edit


def test_a_renamed_column_stops_the_load_naming_the_file(tmp_path: Path) -> None:
    paths = _registers_copy(tmp_path, _edit_history(lambda t: t.replace("inspector_name", "lead_inspector", 1)))
    with pytest.raises(DataError) as err:
        load_project(paths)
    assert any("ofsted_ilacs_inspection_history.csv:1:1: header: missing column inspector_name" in str(p)
               for p in err.value.problems)


def test_a_file_that_is_not_utf8_stops_the_load(tmp_path: Path) -> None:
    def edit(folder: Path) -> None:
        csv = folder / "childrens_trusts_seed.csv"
        csv.write_bytes(csv.read_bytes().replace(b"Trust", b"Tr\xffst", 1))
        _rehash(folder, csv.name, "childrens-trusts-seed.yaml")

    with pytest.raises(DataError) as err:
        load_project(_registers_copy(tmp_path, edit))
    assert any("childrens_trusts_seed.csv" in str(p) and "UTF-8" in str(p) for p in err.value.problems)


def test_bad_rows_are_reported_with_line_and_column_and_the_rest_imported(tmp_path: Path) -> None:
    def change(text: str) -> str:
        lines = text.splitlines()
        lines[1] = lines[1].replace(",outstanding,outstanding,", ",superb,outstanding,", 1)  # unknown grade word
        lines[2] = lines[2].replace("27/09/2021", "31/02/2021")  # an impossible date
        lines.append(lines[3])  # a duplicate row
        lines.append("99999999," + lines[4].split(",", 1)[1])  # an unknown council code
        return "\n".join(lines) + "\n"

    corpus = load_project(_registers_copy(tmp_path, _edit_history(change)))
    said = [str(w) for w in corpus.warnings]
    name = "ofsted_ilacs_inspection_history.csv"
    assert any(w.startswith(f"{tmp_path}") and f"{name}:2:10: overall_effectiveness_grade: not a grade word: 'superb'" in w
               for w in said), said[:5]
    assert any(f"{name}:3:8: inspection_start_date: not a date" in w for w in said)
    assert any(f"{name}:499:1" in w and "duplicate of line 4" in w for w in said)
    assert any(f"{name}:500:1: urn: unknown council code (Ofsted URN) '99999999'" in w for w in said)
    assert len([c for c in corpus.claims if c.source == HISTORY and c.type == "visit"]) >= 490


def test_the_articles_trust_transfer_is_the_registers(national: Corpus) -> None:
    """One change of who runs a service is one node: the 2024 article's "taken over by a new children's trust in
    April 2023" is the trusts register's transfer (same kind, bodies and month); the commissioner the 2021 article
    says was announced is no direction of the register (its dates end before September 2021), so both stay."""
    changes = {(c.source, c.get("change")) for c in national.claims if c.type == "change"}
    transfer = "transfer-bradford-to-bradford-children-and-families-trust"
    assert ("2024-news-ofsted-monitoring-visit-trust", transfer) in changes
    assert ("childrens-trusts-seed", transfer) in changes
    assert ("2021-news-ofsted-monitoring-visit-children-in-care", "bradford-cs-commissioner") in changes


def test_a_register_claims_evidence_names_its_row(national_store: Path, kg: Callable[..., Any]) -> None:
    """A row's claim quotes the row (its text, offsets) and names it as RFC 7111 does: row=<line in the file>."""
    query = ("SELECT ?value WHERE { ?j kgo:evidence ?ev . ?ev oa:hasSelector ?s . ?s rdf:value ?value "
             "FILTER(STRENDS(STR(?j), '/judgement/ofsted-80449-2018-10-29-overall-effectiveness')) }")
    result = kg("query", query, "-f", "csv", "--out", national_store, "--store", f"oxigraph:{national_store / 'store'}")
    assert result.exit_code == 0, result.stderr
    lines = (NATIONAL / "registers" / "ofsted_ilacs_inspection_history.csv").read_text().splitlines()
    row = next(i + 1 for i, line in enumerate(lines) if line.startswith("80449,bradford,") and "29/10/18" in line)
    assert f"row={row}" in result.stdout.split()
