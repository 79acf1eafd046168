"""atheris fuzz target for the ingest layer (bytes → text), then clean and segment.

Any exception other than IngestError is a bug. Short run (as in the test suite):
    python scripts/fuzz_ingest.py -atheris_runs=3000
Longer run, with a corpus folder that grows:
    mkdir -p /tmp/fuzz && python scripts/fuzz_ingest.py /tmp/fuzz -max_total_time=3600
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from policynlp.clean import clean_text
    from policynlp.errors import IngestError
    from policynlp.ingest import read_bytes
    from policynlp.segment import segment

NAMES = ("a.txt", "a.html", "a.pdf", "a.docx", "a.json", "a.md")


def test_one(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    name = NAMES[fdp.ConsumeIntInRange(0, len(NAMES) - 1)]
    body = fdp.ConsumeBytes(fdp.remaining_bytes())
    try:
        raw = read_bytes(body, name)
    except IngestError:
        return
    c = clean_text(raw.text[:20000])
    st = segment(c.simplified, display=c.text)
    for span in st.clauses:
        s, e = c.source_span(span.start, span.end)
        assert 0 <= s <= e <= len(raw.text[:20000])


def main() -> None:
    atheris.Setup(sys.argv, test_one)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
