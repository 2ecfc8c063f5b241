"""`kg review --relink/--set CANDIDATE FIELD=VALUE`: a reviewer corrects one field of a pending candidate before
accepting it: a link to another known entity, or a date the text does not give (which clears the extractor's
`needs` for that field)."""

from __future__ import annotations

from ..data.dates import DateParseError, parse_date
from ..data.paths import Paths
from ..data.schema import Schema
from ..data.transaction import locked, write_atomically
from ..errors import InputError
from .ingest import pending_text
from .review import _needed, _one_candidate, _text, load_pending
from .review_show import Known


def relink(paths: Paths, candidate: str, assignment: str, source: str | None = None) -> str:
    """Point one field of a pending candidate (`FIELD=ID`, ids comma-separated for a list field) at another known
    entity, of a kind the schema allows there, or set a date field (`date=2015-11`). Rewrites the candidates file
    at once, under data/'s lock."""
    key, _, value = (part.strip() for part in assignment.partition("="))
    flag = f"--relink {candidate} {assignment}"
    ids = [v.strip() for v in value.split(",") if v.strip()]
    if not key or not ids:
        raise InputError(f"{flag}: give FIELD=ID, as in subject=example-council, or FIELD=DATE, as in date=2015-11")
    with locked(paths.data, "relinking a candidate"):
        files = load_pending(paths, source)
        f, claim = _one_candidate(files, candidate, "--relink")
        schema = Schema.load(paths.schema_file)
        spec = schema.claim_types.get(str(claim.get("type")))
        settable = sorted(k for k, fs in (spec.fields if spec else {}).items() if fs.type in ("ref", "date"))
        fs = spec.fields.get(key) if spec else None
        if fs is None or fs.type not in ("ref", "date"):
            raise InputError(f"{flag}: a {claim.get('type')} claim has no field {key!r} naming an entity or a date "
                             f"(it has: {', '.join(settable) or 'none'})")  # fmt: skip
        old = claim.get(key)
        if fs.type == "date":
            try:
                parse_date(value)
            except DateParseError as exc:
                raise InputError(f"{flag}: {value!r} is not a date ({exc})") from None
            claim[key] = value
            _clear_need(claim, key)
        else:
            if len(ids) > 1 and not fs.list:
                raise InputError(f"{flag}: {key} takes one entity")
            known = Known.load(paths.data, schema).with_proposals(f.entities)
            for eid in ids:
                kind = known.kinds.get(eid)
                if kind is None:
                    raise InputError(
                        f"{flag}: no entity has the id {eid!r} (in data/entities or proposed by {f.source})"
                    )
                if kind not in fs.kinds:
                    raise InputError(f"{flag}: {eid} is of kind {kind}; {key} takes {' or '.join(fs.kinds)}")
            claim[key] = ids if fs.list else ids[0]
        keep = _needed(f.claims, f)  # a proposal the candidate no longer uses goes, as when it is rejected
        entities = {k: [e for e in section if e.get("id") in keep] for k, section in f.entities.items()}
        write_atomically({f.path: pending_text({"source": f.source, "entities": entities, "claims": f.claims})},
                         root=paths.data)  # fmt: skip
    return f"{f.source}/{candidate}: {key} {_text(old) if old is not None else '(none)'} -> {_text(claim[key])}"


def _clear_need(claim: dict[str, object], key: str) -> None:
    """The reviewer has given what the extractor could not: `needs` drops it (and goes when empty)."""
    extracted = claim.get("extracted")
    if isinstance(extracted, dict) and isinstance(extracted.get("needs"), list):
        extracted["needs"] = [n for n in extracted["needs"] if n != key]
        if not extracted["needs"]:
            del extracted["needs"]
