"""kg ingest, kg review and kg build --include-pending on a copy of data/, with a stand-in for the extractor."""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from rdflib import Dataset

import kg.extract as kg_extract
from kg.data.paths import Paths
from kg.data.yaml_strict import read_text_utf8
from kg.rdf.vocab import GRAPH_DERIVED, GRAPH_PENDING, KGR, ORG

SOURCE = "2024-07-trust-new-chief"
# Invented; CRLF line endings and non-ASCII characters, so that "byte for byte" means something.
ARTICLE = (
    "Trust appoints new chief executive\r\n"
    "\r\n"
    "Jane Okafor has been appointed chief executive of Bradford Children and Families Trust, "
    "the trust announced on Monday.\r\n"
    "\r\n"
    "Eileen Milner, chair of Bradford Children and Families Trust, said the appointment was "
    "“a vital step” for the service’s recovery.\r\n"
    "\r\n"
    "Ofsted inspectors said the trust still relied too heavily on agency social workers.\r\n"
)
QUOTES = {
    "x001-tenure": "Eileen Milner, chair of Bradford Children and Families Trust",
    "x002-tenure": "Jane Okafor has been appointed chief executive of Bradford Children and Families Trust",
    "x003-criticism": "the trust still relied too heavily on agency social workers",
}


def _candidates(text: str, source_id: str) -> dict[str, Any]:
    def extracted(cid: str, rule: str) -> dict[str, Any]:
        start = text.index(QUOTES[cid])  # offsets count characters of the text as read, CRLF kept
        return {"rule": rule, "confidence": 0.8, "offsets": [[start, start + len(QUOTES[cid])]]}

    return {
        "source": source_id,
        "entities": {
            "people": [{"id": "jane-okafor", "name": "Jane Okafor"}],
            "organisations": [],
            "posts": [
                {
                    "id": "bradford-trust-chief-executive",
                    "label": "Chief Executive of Bradford Children and Families Trust",
                    "organisation": "bradford-children-and-families-trust",
                    "role": "chief-executive",
                }
            ],
        },
        "claims": [
            {
                "id": "x001-tenure",
                "type": "tenure",
                "person": "eileen-milner",
                "post": "bradford-trust-chair",
                "quote": QUOTES["x001-tenure"],
                "extracted": extracted("x001-tenure", "tenure/name-comma-role"),
            },
            {
                "id": "x002-tenure",
                "type": "tenure",
                "person": "jane-okafor",
                "post": "bradford-trust-chief-executive",
                "start": "source",
                "quote": QUOTES["x002-tenure"],
                "extracted": extracted("x002-tenure", "tenure/appointed"),
            },
            {
                "id": "x003-criticism",
                "type": "criticism",
                "by": "ofsted",
                "target": ["bradford-children-and-families-trust"],
                "theme": ["workforce"],
                "quote": QUOTES["x003-criticism"],
                "extracted": extracted("x003-criticism", "speech/inspectors-said"),
            },
        ],
    }


@pytest.fixture
def extractor(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Path, str]]:
    """The extractor replaced by one that proposes the three candidates above; records its calls."""
    calls: list[tuple[Path, str]] = []

    def fake(paths: Paths, text_path: Path, source_id: str) -> dict[str, Any]:
        calls.append((text_path, source_id))
        assert (paths.data / "sources" / f"{source_id}.yaml").is_file(), "the metadata is there to read"
        return _candidates(read_text_utf8(text_path), source_id)

    monkeypatch.setattr(kg_extract, "extract_file", fake)
    return calls


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "Trust New Chief.txt"
    path.write_bytes(ARTICLE.encode("utf-8"))
    return path


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Every data file's bytes. The folder's lock file (.kg.lock, kept by whichever command first locked data/) is
    not data: whether it exists depends on which tests ran before, so it is left out."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".kg.lock"
    }


def _yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture
def ingested(data_copy: Path, article: Path, extractor: list[Any], kg: Callable[..., Any]) -> Path:
    result = kg(
        "ingest", article, "--id", SOURCE, "--title", "Trust appoints new chief executive",
        "--date", "2024-07-15", "--data", data_copy,
    )  # fmt: skip
    assert result.exit_code == 0, result.output + result.stderr
    return data_copy


def test_ingest_copies_the_article_byte_for_byte_with_metadata(ingested: Path, article: Path, extractor):
    text_path = ingested / "sources" / f"{SOURCE}.txt"
    assert text_path.read_bytes() == article.read_bytes()
    meta = _yaml(ingested / "sources" / f"{SOURCE}.yaml")
    assert meta == {
        "id": SOURCE,
        "title": "Trust appoints new chief executive",
        "kind": "news-report",
        "published": "2024-07-15",
        "date_evidence": "given by the user at ingest",
        "retrieved": datetime.date.today().isoformat(),  # the copy is taken today
        "original_file": "Trust New Chief.txt",
        "sha256": hashlib.sha256(article.read_bytes()).hexdigest(),
    }
    assert [source_id for _, source_id in extractor] == [SOURCE]
    pending = _yaml(ingested / "pending" / f"{SOURCE}.yaml")
    assert pending["source"] == SOURCE
    assert [c["id"] for c in pending["claims"]] == list(QUOTES)
    assert pending["entities"]["people"] == [{"id": "jane-okafor", "name": "Jane Okafor"}]
    assert not (ingested / "claims" / f"{SOURCE}.yaml").exists()


def test_ingest_default_id_is_date_and_file_stem(data_copy, article, extractor, kg):
    result = kg("ingest", article, "--title", "T", "--date", "2024-07-15", "--data", data_copy)
    assert result.exit_code == 0, result.stderr
    assert (data_copy / "sources" / "2024-07-15-trust-new-chief.txt").is_file()


def test_ingest_without_date_and_no_terminal_fails_and_writes_nothing(data_copy, article, extractor, kg):
    before = _snapshot(data_copy)
    result = kg("ingest", article, "--title", "T", "--data", data_copy)
    assert result.exit_code != 0
    assert "--date is missing" in result.stderr
    assert _snapshot(data_copy) == before
    assert extractor == []


def test_ingest_refuses_an_existing_source_id(ingested, article, extractor, kg):
    before = _snapshot(ingested)
    other = article.with_name("another-article.txt")
    other.write_bytes(article.read_bytes() + b"\r\nA correction was added later.\r\n")  # another text, same id
    result = kg("ingest", other, "--id", SOURCE, "--title", "T", "--date", "2024-07-15", "--data", ingested, "--force")
    assert result.exit_code != 0
    assert f"source id {SOURCE!r} is taken" in result.stderr
    assert _snapshot(ingested) == before


def test_ingest_of_a_text_it_already_has_says_so_and_changes_nothing(ingested, article, extractor, kg):
    before = _snapshot(ingested)
    calls = len(extractor)
    result = kg("ingest", article, "--title", "T", "--date", "2024-07-15", "--data", ingested)  # any id, same bytes
    assert result.exit_code == 0, result.stderr
    assert f"already have this text as source {SOURCE} (same sha256); nothing changed" in result.stdout
    assert _snapshot(ingested) == before
    assert len(extractor) == calls  # not even read by the extractor


@pytest.mark.parametrize(("content", "message"), [(b"caf\xe9 au lait\n", "not UTF-8"), (b" \n\n", "empty")])
def test_ingest_refuses_text_that_is_not_utf8_or_empty(data_copy, tmp_path, extractor, kg, content, message):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    before = _snapshot(data_copy)
    result = kg("ingest", bad, "--title", "T", "--date", "2024-07-15", "--data", data_copy)
    assert result.exit_code != 0
    assert str(bad) in result.stderr and message in result.stderr
    assert _snapshot(data_copy) == before


def test_review_lists_the_pending_candidates(ingested, kg):
    result = kg("review", "--data", ingested, "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [(r["source"], r["id"], r["type"]) for r in rows] == [
        (SOURCE, "x001-tenure", "tenure"),
        (SOURCE, "x002-tenure", "tenure"),
        (SOURCE, "x003-criticism", "criticism"),
    ]
    assert rows[1]["fields"]["person"] == "jane-okafor" and rows[1]["confidence"] == 0.8
    table = kg("review", "--data", ingested).stdout
    assert "x003-criticism" in table and "speech/inspectors-said" in table and "(3 rows)" in table


def test_accept_by_id_moves_the_claim_and_its_proposed_entities(ingested, kg):
    result = kg("review", "--data", ingested, "--accept", "x002-tenure")
    assert result.exit_code == 0, result.stderr
    claims = _yaml(ingested / "claims" / f"{SOURCE}.yaml")
    assert claims["source"] == SOURCE
    assert [c["id"] for c in claims["claims"]] == ["x002-tenure"]
    assert claims["claims"][0]["extracted"]["rule"] == "tenure/appointed"
    entities = _yaml(ingested / "entities" / "ingested.yaml")
    assert [e["id"] for e in entities["people"]] == ["jane-okafor"]
    assert [e["id"] for e in entities["posts"]] == ["bradford-trust-chief-executive"]
    pending = _yaml(ingested / "pending" / f"{SOURCE}.yaml")
    assert [c["id"] for c in pending["claims"]] == ["x001-tenure", "x003-criticism"]
    assert pending["entities"] == {"people": [], "organisations": [], "posts": []}
    assert kg("build", "--data", ingested, "--out", ingested.parent / "out").exit_code == 0


def test_accept_type_appends_and_keeps_the_file_as_it_was(ingested, kg):
    assert kg("review", "--data", ingested, "--accept", "x001-tenure").exit_code == 0
    path = ingested / "claims" / f"{SOURCE}.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "  # a curator's comment\n", encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    result = kg("review", "--data", ingested, "--accept-type", "criticism")
    assert result.exit_code == 0, result.stderr
    after = path.read_text(encoding="utf-8")
    assert after.startswith(before)
    assert [c["id"] for c in _yaml(path)["claims"]] == ["x001-tenure", "x003-criticism"]
    assert not (ingested / "entities" / "ingested.yaml").exists(), "no proposed entity was used"
    assert [c["id"] for c in _yaml(ingested / "pending" / f"{SOURCE}.yaml")["claims"]] == ["x002-tenure"]


def test_accepting_an_id_that_is_already_reviewed_is_refused(ingested, kg):
    assert kg("review", "--data", ingested, "--accept", "x001-tenure").exit_code == 0
    pending = ingested / "pending" / f"{SOURCE}.yaml"
    pending.write_text(pending.read_text(encoding="utf-8").replace("x003-criticism", "x001-tenure"), encoding="utf-8")
    before = _snapshot(ingested)
    result = kg("review", "--data", ingested, "--accept", "all")
    assert result.exit_code != 0 and "already has claim ids x001-tenure" in result.stderr
    assert _snapshot(ingested) == before


def test_reject_records_and_removes_candidates(ingested, kg):
    result = kg("review", "--data", ingested, "--reject", "x002-tenure")
    assert result.exit_code == 0, result.stderr
    pending = _yaml(ingested / "pending" / f"{SOURCE}.yaml")
    assert [c["id"] for c in pending["claims"]] == ["x001-tenure", "x003-criticism"]
    assert pending["entities"]["people"] == [], "a proposal no candidate uses any more goes too"
    rejected = _yaml(ingested / "pending" / f"{SOURCE}.rejected.yaml")
    assert [c["id"] for c in rejected["claims"]] == ["x002-tenure"]
    assert not (ingested / "claims" / f"{SOURCE}.yaml").exists()
    result = kg("review", "--data", ingested, "--reject", "all")
    assert result.exit_code == 0, result.stderr
    assert not (ingested / "pending" / f"{SOURCE}.yaml").exists()
    assert len(_yaml(ingested / "pending" / f"{SOURCE}.rejected.yaml")["claims"]) == 3


def test_a_bad_accept_changes_nothing(ingested, kg):
    pending = ingested / "pending" / f"{SOURCE}.yaml"
    doc = _yaml(pending)
    doc["claims"][2]["by"] = "nobody-known"
    pending.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    before = _snapshot(ingested)
    result = kg("review", "--data", ingested, "--accept", "all")
    assert result.exit_code == 2
    assert f"claims/{SOURCE}.yaml:" in result.stderr and "unknown id 'nobody-known'" in result.stderr
    assert "kg-stage-" not in result.stderr, "problems are reported against data/, not the staged copy"
    assert _snapshot(ingested) == before


def test_unknown_candidate_id_is_an_error(ingested, kg):
    result = kg("review", "--data", ingested, "--accept", "x999")
    assert result.exit_code != 0 and "x999" in result.stderr


def _built(kg: Callable[..., Any], data: Path, out: Path, *flags: str) -> Dataset:
    result = kg("build", "--data", data, "--out", out, *flags)
    assert result.exit_code == 0, result.stderr
    ds = Dataset()
    ds.parse(out / "graph.trig", format="trig")
    return ds


PENDING_NODES = [
    KGR["person/jane-okafor"],
    KGR["post/bradford-trust-chief-executive"],
    KGR["tenure/jane-okafor--bradford-trust-chief-executive"],
    KGR[f"claim/{SOURCE}/x003-criticism"],
    *(KGR[f"evidence/{SOURCE}/{cid}/0"] for cid in QUOTES),
]


def test_build_without_include_pending_ignores_pending(ingested, tmp_path, kg):
    ds = _built(kg, ingested, tmp_path / "out")
    assert len(ds.graph(GRAPH_PENDING)) == 0
    nodes = {str(n) for q in ds.quads((None, None, None, None)) for n in q[:3]}
    assert not nodes & {str(n) for n in PENDING_NODES}
    assert not any("jane-okafor" in n for n in nodes)


def test_build_with_include_pending_puts_them_in_the_pending_graph_only(ingested, tmp_path, kg):
    ds = _built(kg, ingested, tmp_path / "out", "--include-pending")
    pending_only = {str(n) for n in PENDING_NODES}
    seen: set[str] = set()
    for s, p, o, graph in ds.quads((None, None, None, None)):
        touched = {str(s), str(o)} & pending_only
        seen |= touched
        assert not touched or graph == GRAPH_PENDING, (s, p, o, graph)
    assert seen == pending_only
    holds = (KGR["person/jane-okafor"], ORG.holds, KGR["post/bradford-trust-chief-executive"])
    assert holds in ds.graph(GRAPH_PENDING) and holds not in ds.graph(GRAPH_DERIVED)
    # Evidence for an existing tenure goes to the pending graph, beside the reviewed evidence elsewhere.
    milner = KGR["tenure/eileen-milner--bradford-trust-chair"]
    assert (milner, None, None) in ds.graph(GRAPH_PENDING)
    reviewed = _built(kg, ingested, tmp_path / "plain")
    assert set(reviewed.graph(GRAPH_DERIVED)) == set(ds.graph(GRAPH_DERIVED))


def test_a_proposed_entity_that_clashes_with_an_existing_id_names_file_and_line(ingested, tmp_path, kg):
    pending = ingested / "pending" / f"{SOURCE}.yaml"
    text = pending.read_text(encoding="utf-8").replace("id: jane-okafor", "id: mark-douglas", 1)
    pending.write_text(text.replace("person: jane-okafor", "person: mark-douglas"), encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "id: mark-douglas" in t)
    result = kg("build", "--data", ingested, "--out", tmp_path / "out", "--include-pending")
    assert result.exit_code == 2
    assert f"{SOURCE}.yaml:{line}:" in result.stderr and "proposed person 'mark-douglas' clashes" in result.stderr
    assert kg("build", "--data", ingested, "--out", tmp_path / "out").exit_code == 0


def test_ingest_warns_about_candidates_that_would_not_load(data_copy, article, monkeypatch, kg):
    def fake(paths: Paths, text_path: Path, source_id: str) -> dict[str, Any]:
        found = _candidates(read_text_utf8(text_path), source_id)
        found["claims"][2]["quote"] = "words that are not in the article"
        return found

    monkeypatch.setattr(kg_extract, "extract_file", fake)
    result = kg("ingest", article, "--id", SOURCE, "--title", "T", "--date", "2024-07-15", "--data", data_copy)
    assert result.exit_code == 0, result.stderr
    assert "warning:" in result.stderr and "quote not found" in result.stderr
    assert len(_yaml(data_copy / "pending" / f"{SOURCE}.yaml")["claims"]) == 3


def test_the_same_proposal_from_two_articles_is_no_clash(ingested, tmp_path, article, kg):
    second = tmp_path / "second.txt"
    second.write_bytes(article.read_bytes() + b"More to follow.\r\n")
    # nearly the same text: another article only by the user's word
    result = kg("ingest", second, "--id", "2024-07-second", "--title", "T", "--date", "2024-07-16", "--data", ingested,
                "--force")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert _built(kg, ingested, tmp_path / "out", "--include-pending")
    accepted = kg("review", "--data", ingested, "--source", SOURCE, "--accept", "x002-tenure")
    assert accepted.exit_code == 0, accepted.stderr
    again = kg("review", "--data", ingested, "--source", "2024-07-second", "--accept", "x002-tenure")
    assert again.exit_code == 0, again.stderr
    assert "already in data/entities" in again.stdout
    assert _built(kg, ingested, tmp_path / "out", "--include-pending")
    ambiguous = kg("review", "--data", ingested, "--accept", "x001-tenure")
    assert ambiguous.exit_code != 0 and "add --source" in ambiguous.stderr


def test_ingest_asks_for_what_is_missing_when_it_can(data_copy, article, extractor):
    from kg.extract.ingest import ingest

    asked: list[tuple[str, str | None]] = []

    def ask(question: str, default: str | None) -> str:
        asked.append((question, default))
        return default or "2024-07-15"

    result = ingest(Paths(data=data_copy), article, ask=ask)
    assert [default for _, default in asked] == ["Trust appoints new chief executive", None]
    assert result.source_id == "2024-07-15-trust-new-chief" and result.claims == 3
    assert _yaml(data_copy / "sources" / f"{result.source_id}.yaml")["title"] == "Trust appoints new chief executive"


def _rows(kg: Callable[..., Any], data: Path) -> dict[str, dict[str, Any]]:
    result = kg("review", "--data", data, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return {r["id"]: r for r in json.loads(result.stdout)}


def test_review_shows_the_whole_sentence_and_the_linked_names(ingested, kg):
    rows = _rows(kg, ingested)
    whole = (
        "Jane Okafor has been appointed chief executive of Bradford Children and Families Trust, "
        "the trust announced on Monday."
    )
    assert rows["x002-tenure"]["sentence"] == whole
    assert rows["x003-criticism"]["sentence"] == (
        "Ofsted inspectors said the trust still relied too heavily on agency social workers."
    )
    links = rows["x002-tenure"]["links"]
    assert links["person"] == "jane-okafor (Jane Okafor)"  # a proposed entity's name
    assert links["post"] == "bradford-trust-chief-executive (Chief Executive of Bradford Children and Families Trust)"
    assert rows["x003-criticism"]["links"]["by"].startswith("ofsted (")
    table = kg("review", "--data", ingested).stdout
    assert whole in table and "person: jane-okafor (Jane Okafor)" in table


def test_review_warns_of_a_body_the_article_does_not_name_and_still_accepts(ingested, kg):
    rows = _rows(kg, ingested)
    assert all(r["warnings"] == [] for r in rows.values()), rows
    pending = ingested / "pending" / f"{SOURCE}.yaml"
    doc = _yaml(pending)
    doc["claims"][2]["target"] = ["bradford-childrens-services"]  # a unit: named by itself or by its parent
    doc["claims"][2]["by"] = "bradford-council"
    doc["claims"][0]["post"] = "bradford-director-childrens-services"  # a post of a body not named here
    pending.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    rows = _rows(kg, ingested)
    warned = " ".join(rows["x003-criticism"]["warnings"])
    assert "bradford-childrens-services" in warned and "by: bradford-council" in warned
    assert "post: bradford-council (the body of post bradford-director-childrens-services)" in " ".join(
        rows["x001-tenure"]["warnings"]
    )
    assert rows["x002-tenure"]["warnings"] == []
    table = kg("review", "--data", ingested).stdout
    assert "by: bradford-council is not named in the article" in table
    text = ingested / "sources" / f"{SOURCE}.txt"
    original = text.read_bytes()
    text.write_bytes(original + b"The City of Bradford Metropolitan District Council agreed.\r\n")
    rows = _rows(kg, ingested)
    assert rows["x003-criticism"]["warnings"] == [], "an alias of the parent names the unit too"
    text.write_bytes(original)  # sources are never edited: the warning is the reviewer's to weigh
    result = kg("review", "--data", ingested, "--accept", "x003-criticism")
    assert result.exit_code == 0, result.stderr


def test_relink_points_a_field_at_another_known_entity(ingested, kg):
    result = kg("review", "--data", ingested, "--relink", "x003-criticism", "target=bradford-childrens-services")
    assert result.exit_code == 0, result.stderr
    assert "x003-criticism: target bradford-children-and-families-trust -> bradford-childrens-services" in result.stdout
    pending = _yaml(ingested / "pending" / f"{SOURCE}.yaml")
    assert pending["claims"][2]["target"] == ["bradford-childrens-services"]  # a list field stays a list
    assert _rows(kg, ingested)["x003-criticism"]["links"]["target"] == (
        "bradford-childrens-services (Bradford Council Children's Services)"
    )
    result = kg("review", "--data", ingested, "--relink", "x002-tenure", "person=eileen-milner")
    assert result.exit_code == 0, result.stderr
    pending = _yaml(ingested / "pending" / f"{SOURCE}.yaml")
    assert pending["claims"][1]["person"] == "eileen-milner"
    assert pending["entities"]["people"] == [], "the proposal no candidate uses any more goes"
    assert kg("review", "--data", ingested, "--accept", "all").exit_code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["x003-criticism", "by=nobody-known"], "no entity has the id 'nobody-known'"),
        (["x001-tenure", "post=bradford-council"], "bradford-council is of kind organisation; post takes post"),
        (["x001-tenure", "theme=workforce"], "has no field 'theme' naming an entity"),
        (["x001-tenure", "person=eileen-milner,jan-edwards"], "person takes one entity"),
        (["x999", "person=eileen-milner"], "no pending candidate has this id"),
        (["x001-tenure", "person"], "give FIELD=ID"),
    ],
)
def test_relink_refuses_what_the_schema_does_not_allow(ingested, kg, args, message):
    before = _snapshot(ingested)
    result = kg("review", "--data", ingested, "--relink", *args)
    assert result.exit_code != 0 and message in result.stderr, result.stderr
    assert _snapshot(ingested) == before


def test_a_rejection_keeps_its_reason(ingested, kg):
    result = kg("review", "--data", ingested, "--reject", "x001-tenure,x003-criticism", "--reason", "wrong council")
    assert result.exit_code == 0, result.stderr
    rejected = _yaml(ingested / "pending" / f"{SOURCE}.rejected.yaml")["claims"]
    assert [(c["id"], c["rejected_reason"]) for c in rejected] == [
        ("x001-tenure", "wrong council"),
        ("x003-criticism", "wrong council"),
    ]
    alone = kg("review", "--data", ingested, "--reason", "no candidate named")
    assert alone.exit_code != 0 and "--reason goes with --reject" in alone.stderr
