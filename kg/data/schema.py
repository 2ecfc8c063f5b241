"""A small typed model over ontology/schema.yaml: the fields of each entity kind and claim type, checked as data."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ..errors import Location, ProblemList
from .dates import DateParseError, PartialDate, bounds, parse_date, resolve_relative
from .yaml_strict import LocatedDict, LocatedList, load_yaml

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class FieldSpec:
    """One field: its type, whether it is required, whether it takes a list."""

    name: str
    type: str
    required: bool = False
    list: bool = False
    kinds: tuple[str, ...] = ()
    scheme: str | None = None
    enum: tuple[str, ...] = ()
    default: Any = None
    doc: str = ""


@dataclass(frozen=True)
class RecordSpec:
    """The fields of one entity kind, claim type, or the source metadata."""

    name: str
    fields: dict[str, FieldSpec]
    doc: str = ""
    node: str = ""
    file_key: str = ""


def _fields(raw: dict[str, Any]) -> dict[str, FieldSpec]:
    return {
        name: FieldSpec(
            name=name,
            type=spec["type"],
            required=bool(spec.get("required", False)),
            list=bool(spec.get("list", False)),
            kinds=tuple(spec.get("kinds", ())),
            scheme=spec.get("scheme"),
            enum=tuple(spec.get("enum", ())),
            default=spec.get("default"),
            doc=spec.get("doc", ""),
        )
        for name, spec in raw.items()
    }


@dataclass(frozen=True)
class Schema:
    """Entity kinds, claim types and source fields, as read from the schema file."""

    entity_kinds: dict[str, RecordSpec]
    claim_types: dict[str, RecordSpec]
    claim_common: dict[str, FieldSpec]
    source_fields: RecordSpec
    register_fields: RecordSpec  # a register's metadata: source_fields and these

    @classmethod
    def load(cls, path: Path) -> Schema:
        raw = load_yaml(path)
        return cls(
            entity_kinds={
                k: RecordSpec(k, _fields(v["fields"]), file_key=v["file_key"]) for k, v in raw["entity_kinds"].items()
            },
            claim_types={
                k: RecordSpec(k, _fields(v["fields"]), doc=v.get("doc", ""), node=v["node"])
                for k, v in raw["claim_types"].items()
            },
            claim_common=_fields(raw["claim_common"]),
            source_fields=RecordSpec("source", _fields(raw["source_fields"])),
            register_fields=RecordSpec(
                "register", {**_fields(raw["source_fields"]), **_fields(raw.get("register_fields") or {})}
            ),
        )


class Context(Protocol):
    """What checking a value needs to know: entity ids, concept schemes, the source's date."""

    def entity_kind(self, entity_id: str) -> str | None: ...
    def entities_complete(self) -> bool: ...
    def has_concept(self, scheme: str, notation: str) -> bool: ...
    def source_date(self) -> PartialDate | None: ...


@dataclass
class Checker:
    """Checks records against specs, collecting every problem with its location."""

    context: Context
    problems: ProblemList = field(default_factory=ProblemList)

    def record(self, rec: Any, spec: dict[str, FieldSpec], where: Location, what: str) -> dict[str, Any]:
        """Return the checked, typed values of `rec`; unknown and missing fields are problems."""
        if not isinstance(rec, LocatedDict):
            self.problems.add(where, f"{what} must be a mapping of field: value")
            return {}
        out: dict[str, Any] = {}
        for key in rec:
            if key not in spec:
                known = ", ".join(sorted(spec))
                self.problems.add(rec.loc(str(key)), f"unknown field for {what} (known: {known})")
        for name, fs in spec.items():
            if name not in rec or rec[name] is None:
                if fs.required:
                    self.problems.add(
                        Location(rec.path, rec.line, rec.column, name), f"required field missing in {what}"
                    )
                elif fs.default is not None:
                    out[name] = fs.default
                continue
            out[name] = self.value(rec[name], fs, rec.loc(name))
        return out

    def value(self, raw: Any, fs: FieldSpec, loc: Location) -> Any:
        if fs.list:
            items = raw if isinstance(raw, list) else [raw]
            if not items:
                self.problems.add(loc, "empty list")
            positions: list[tuple[int, int]] | None = getattr(raw, "positions", None)  # a LocatedList's
            return [
                self.one(item, fs, Location(loc.path, *positions[i], loc.field) if positions else loc)
                for i, item in enumerate(items)
            ]
        if isinstance(raw, LocatedList):
            self.problems.add(loc, "takes one value, not a list")
            return None
        return self.one(raw, fs, loc)

    def one(self, raw: Any, fs: FieldSpec, loc: Location) -> Any:
        t = fs.type
        if t in ("id", "event", "claim"):
            if not isinstance(raw, str) or not SLUG.fullmatch(raw):
                self.problems.add(loc, f"{raw!r} is not an id (lowercase letters, digits and single hyphens)")
                return None
            return raw
        if t == "text":
            if not isinstance(raw, str | int | float) or not str(raw).strip():
                self.problems.add(loc, "must be non-empty text")
                return None
            if "\0" in str(raw):  # written as "\0" in YAML: no output format can carry it
                self.problems.add(loc, "contains a NUL character")
                return None
            if fs.enum and raw not in fs.enum:
                self.problems.add(loc, f"{raw!r} is not one of {', '.join(fs.enum)}")
            return str(raw)
        if t == "bool":
            if not isinstance(raw, bool):
                self.problems.add(loc, f"{raw!r} must be true or false")
                return None
            return raw
        if t == "int":
            if isinstance(raw, bool) or not isinstance(raw, int):
                self.problems.add(loc, f"{raw!r} must be a whole number")
                return None
            return raw
        if t == "date":
            return self.date(raw, loc)
        if t == "ref":
            if not isinstance(raw, str):
                self.problems.add(loc, f"{raw!r} must be an entity id")
                return None
            kind = self.context.entity_kind(raw)
            if kind is None:
                if self.context.entities_complete():  # else it may be in the entity file that could not be read
                    self.problems.add(loc, f"unknown id {raw!r} (not in data/entities)")
                return None
            if fs.kinds and kind not in fs.kinds:
                self.problems.add(loc, f"{raw!r} is a {kind}; expected {' or '.join(fs.kinds)}")
                return None
            return raw
        if t == "concept":
            if not isinstance(raw, str) or not self.context.has_concept(fs.scheme or "", raw):
                self.problems.add(
                    loc, f"{raw!r} is not a concept in scheme {fs.scheme!r} (ontology/schemes/{fs.scheme}.ttl)"
                )
                return None
            return raw
        if t == "extraction":
            return self.extraction(raw, loc)
        if t == "identifiers":
            if not isinstance(raw, dict) or not all(isinstance(v, str | int) for v in raw.values()):
                self.problems.add(loc, "identifiers must map a scheme name to an id")
                return None
            ids = {str(k): str(v) for k, v in raw.items()}
            if "wikidata" in ids and not re.fullmatch(r"[QPL][1-9]\d*", ids["wikidata"]):
                self.problems.add(loc, f"wikidata identifier {ids['wikidata']!r} is not a Wikidata id such as Q42")
                return None  # it becomes an IRI (owl:sameAs wd:Q...), so it must be one
            return ids
        raise ValueError(f"schema field {fs.name!r} has unknown type {t!r}")

    def extraction(self, raw: Any, loc: Location) -> dict[str, Any] | None:
        """How a machine proposed the claim: which rule, how confident, where in the text, the words it saw."""
        if not isinstance(raw, dict):
            self.problems.add(loc, "extracted must be a mapping with rule, confidence, offsets")
            return None
        # needs: required fields the text did not give (docs/candidates.md); the reviewer must add them
        unknown = set(raw) - {"rule", "confidence", "offsets", "mentions", "needs"}
        confidence = raw.get("confidence")
        if unknown:
            self.problems.add(
                loc, f"unknown keys {sorted(unknown)} in extracted (rule, confidence, offsets, mentions, needs)"
            )
        elif (
            not isinstance(raw.get("rule"), str) or not isinstance(confidence, int | float) or not 0 <= confidence <= 1
        ):
            self.problems.add(loc, "extracted needs a rule (text) and a confidence between 0 and 1")
        else:
            return dict(raw)
        return None

    def date(self, raw: Any, loc: Location) -> PartialDate | None:
        """A date string, `source`, or a mapping with text and value or bounds."""
        ref = self.context.source_date()
        try:
            if isinstance(raw, str) and raw.strip() == "source":
                if ref is None:
                    self.problems.add(loc, "'source' date used where there is no source date")
                    return None
                return ref.with_text("the source's date")
            if isinstance(raw, str | int):
                return parse_date(str(raw))
            if isinstance(raw, dict):
                unknown = set(raw) - {"text", "value", "earliest", "latest"}
                if unknown:
                    self.problems.add(loc, f"unknown date keys {sorted(unknown)} (use text, value, earliest, latest)")
                    return None
                text = raw.get("text")
                if "value" in raw:
                    return parse_date(str(raw["value"])).with_text(text)
                if "earliest" in raw and "latest" in raw:
                    return bounds(str(raw["earliest"]), str(raw["latest"]), text)
                if text and ref is not None:
                    resolved = resolve_relative(str(text), ref)
                    if resolved:
                        return resolved
                    self.problems.add(loc, f"cannot read {text!r} as a date: give value or earliest/latest")
                    return None
                self.problems.add(loc, "a date mapping needs value, or earliest and latest")
                return None
        except DateParseError as exc:
            self.problems.add(loc, str(exc))
            return None
        self.problems.add(loc, f"{raw!r} is not a date")
        return None
