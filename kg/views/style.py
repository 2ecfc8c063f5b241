"""How each kind of node and edge looks, and what the legend calls it (one place, shared by every page)."""

from __future__ import annotations

NODE_KINDS: dict[str, dict[str, str]] = {
    "person": {"label": "Person", "color": "#f4a261", "shape": "dot"},
    "organisation": {"label": "Body or unit", "color": "#2a9d8f", "shape": "box"},
    "post": {"label": "Post", "color": "#e9c46a", "shape": "diamond"},
    "inspection": {"label": "Inspection or visit", "color": "#8ab17d", "shape": "triangle"},
    "judgement": {"label": "Judgement", "color": "#e76f51", "shape": "star"},
    "change": {"label": "Organisational change", "color": "#9b5de5", "shape": "hexagon"},
}
EDGE_KINDS: dict[str, dict[str, object]] = {
    "holds": {"label": "holds post", "color": "#264653", "dashes": False},
    "member of": {"label": "member of", "color": "#6c757d", "dashes": True},
    "post in": {"label": "post in", "color": "#adb5bd", "dashes": False},
    "unit of": {"label": "unit of", "color": "#ced4da", "dashes": True},
    "carried out": {"label": "carried out", "color": "#8ab17d", "dashes": False},
    "inspected": {"label": "inspected", "color": "#8ab17d", "dashes": True},
    "judged": {"label": "judged", "color": "#e76f51", "dashes": False},
    "gave": {"label": "gave judgement", "color": "#e76f51", "dashes": True},
    "changed": {"label": "organisational change", "color": "#9b5de5", "dashes": False},
    "criticised": {"label": "criticised", "color": "#d62828", "dashes": False},
    "praised": {"label": "praised", "color": "#2b9348", "dashes": False},
    "responded to": {"label": "responded to", "color": "#1d4ed8", "dashes": True},
    "holds (possible)": {"label": "possibly holds post", "color": "#264653", "dashes": True},
}


def node_kind(kind: str) -> str:
    return kind if kind in NODE_KINDS else "organisation"
