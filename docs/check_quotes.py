"""Curator's quick check: every quote in a claims file is in its source (whitespace/quote-mark tolerant)."""
import re, sys, yaml, pathlib
def norm(s):
    for a, b in (("\u2018", "'"), ("\u2019", "'"), ("\u201c", '"'), ("\u201d", '"')):
        s = s.replace(a, b)
    return re.sub(r"\s+", " ", s).strip()
for f in sys.argv[1:]:
    d = yaml.safe_load(open(f, encoding="utf-8"))
    text = norm((pathlib.Path("data/sources") / f"{d['source']}.txt").read_text(encoding="utf-8"))
    bad = 0
    for c in d["claims"]:
        qs = c["quote"] if isinstance(c["quote"], list) else [c["quote"]]
        for q in qs:
            if norm(q) not in text:
                bad += 1; print(f"{f}: claim {c['id']}: quote not found: {q!r}")
    print(f"{f}: {len(d['claims'])} claims, {bad} bad quotes")
