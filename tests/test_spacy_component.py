from __future__ import annotations

import spacy

from .conftest import QA


def test_spacy_component_on_a_jieba_pipeline() -> None:
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.add_pipe("policynlp")
    text = QA.read_text("utf-8")
    doc = nlp(text)
    clauses = doc.spans["clauses"]
    assert len(clauses) > 80
    questions = [s for s in clauses if s.label_ == "question"]
    assert len(questions) == 6
    farm = next(s for s in clauses if "天空地一體化" in s.text)
    assert "smart_agriculture" in {d["id"] for d in farm._.policynlp["domains"]}
    assert {s._.policynlp["end"] for s in doc.spans["deadlines"]} >= {"2023-12-31", "2025-12-31"}
    assert any("5G" in s.text for s in doc.spans["targets"])
    assert doc._.policynlp["n_tasks"] == 26
    # spans point at the original text, artifacts included
    assert all(text[s.start_char : s.end_char] == s.text for s in clauses)
    # adding the component twice is harmless (extensions are installed idempotently)
    nlp2 = spacy.blank("zh")
    nlp2.add_pipe("policynlp", config={"use_model": False})
    assert len(nlp2("到2025年，农村互联网普及率达到60%。").spans["targets"]) == 1


def test_spacy_pipe_batches_through_pipe_raw() -> None:
    nlp = spacy.blank("zh")
    component = nlp.add_pipe("policynlp", config={"use_model": False})
    calls: list[int] = []
    original = component.pipeline.pipe_raw

    def spy(raws, *, batch_size=32):  # type: ignore[no-untyped-def]
        raws = list(raws)
        calls.append(len(raws))
        return original(raws, batch_size=batch_size)

    component.pipeline.pipe_raw = spy
    texts = ["到2025年，农村互联网普及率达到60%。", "到2027年底，建成智慧农场30个。", "加强组织领导。"]
    docs = list(nlp.pipe(texts, batch_size=3))
    assert calls == [3]  # one batch for the three docs
    assert [len(d.spans["targets"]) for d in docs] == [1, 1, 0]
    single = nlp(texts[0])
    assert [s._.policynlp for s in single.spans["clauses"]] == [s._.policynlp for s in docs[0].spans["clauses"]]
