from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from policynlp.clean import clean_text
from policynlp.offsets import OffsetMap, apply_edits

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
PUNCT = st.sampled_from(["，", "。", "、", "；"])
ARTIFACTS = st.sampled_from(["(wǎng)", "(xiāng)", "(jì)", "(lǜ)", "（shù）"])


def test_apply_edits_maps_replacements_to_their_source() -> None:
    clean, omap = apply_edits("ab,,cd", [(2, 3, ""), (3, 4, "，")])
    assert clean == "ab，cd"
    assert omap.to_source(2, 3) == (3, 4)
    assert omap.to_source(0, 5) == (0, 6)


def test_composed_maps_point_into_the_first_text() -> None:
    t1, m1 = apply_edits("網(wǎng)絡,,", [(1, 7, "")])
    t2, m2 = apply_edits(t1, [(2, 3, "")])
    composed = m1.then(m2)
    assert t2 == "網絡,"
    assert composed.to_source(1, 3) == (7, 10)


def test_identity_and_bounds() -> None:
    omap = OffsetMap.identity(3)
    assert omap.to_source(1, 2) == (1, 2)
    try:
        omap.to_source(2, 5)
    except IndexError:
        pass
    else:
        raise AssertionError("out-of-range interval accepted")


@st.composite
def dirty_texts(draw: st.DrawFn) -> tuple[str, str]:
    """A clean base text and a copy with artifacts inserted at random places."""
    tokens = draw(st.lists(st.one_of(CJK, PUNCT), min_size=1, max_size=60))
    base = "".join(tokens)
    base = re.sub(r"([，。、；])[，。、；]+", r"\1", base)
    out = []
    for ch in base:
        out.append(ch)
        if "\u4e00" <= ch <= "\u9fa5" and draw(st.booleans()):
            out.append(draw(ARTIFACTS))
        if ch in "，。、；" and draw(st.integers(0, 3)) == 0:
            out.insert(len(out) - 1, ",")
    return base, "".join(out)


@settings(max_examples=300, deadline=None)
@given(dirty_texts())
def test_offset_map_survives_random_artifacts(pair: tuple[str, str]) -> None:
    base, dirty = pair
    c = clean_text(dirty)
    assert c.text == base.strip()
    for i, ch in enumerate(c.text):
        s, e = c.source_span(i, i + 1)
        assert dirty[s:e].startswith(ch) or (ch in "，。、；" and ch in dirty[s:e])
    if c.text:
        s, e = c.source_span(0, len(c.text))
        assert 0 <= s < e <= len(dirty)
