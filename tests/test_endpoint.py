"""`--endpoint URL`: the reading commands answer the same from a SPARQL endpoint (here `kg serve`'s, and a
writable Oxigraph server after `kg push`) as from the built files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from kg.serve.server import Server

if TYPE_CHECKING:
    from tests.oxigraph_server import OxigraphServer

pytest_plugins = ["tests.oxigraph_server"]

POST = "https://w3id.org/accountability-kg/id/post/bradford-director-childrens-services"
COMMANDS = [
    ["who-held", "director of children's services", "--on", "2020"],
    ["roles", "Mark Douglas", "--format", "json"],
    ["in-post", "--on", "2023-06", "--org", "Bradford Council"],
    ["query", "criticism-themes"],
    ["query", "who-held-on", "--param", f"post={POST}", "--param", "date=2020-01-01"],
]


@pytest.fixture  # one per test: the writable server's fixture checks no Oxigraph is left running
def served(seed_site: Path) -> Iterator[Server]:
    server = Server(seed_site / "graph.trig", seed_site, port=0).start()
    yield server
    server.stop()


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(c[:2]) for c in COMMANDS])
def test_commands_answer_the_same_through_kg_serve(kg, seed_site, served, args):
    expected = kg(*args, "--out", seed_site)
    got = kg(*args, "--endpoint", served.sparql_url)
    assert expected.exit_code == 0, expected.stderr
    assert got.exit_code == 0, got.stderr
    assert got.stdout == expected.stdout


def test_commands_answer_the_same_after_push(kg, seed_site, oxigraph_server: OxigraphServer):
    assert kg("push", "--endpoint", oxigraph_server.store, "--out", seed_site).exit_code == 0
    args = ["who-held", "director of children's services", "--on", "2020"]
    got = kg(*args, "--endpoint", f"{oxigraph_server.base}/query")
    assert got.exit_code == 0, got.stderr
    assert got.stdout == kg(*args, "--out", seed_site).stdout


def test_unreachable_endpoint_is_a_clear_error(kg):
    from tests.oxigraph_server import free_port

    result = kg("who-held", "chief executive", "--endpoint", f"http://127.0.0.1:{free_port()}/sparql")
    assert result.exit_code != 0
    assert "Traceback" not in result.stderr
    assert result.stderr.strip()
