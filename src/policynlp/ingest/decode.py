"""Encoding detection for Chinese text files: UTF-8/16 (with or without BOM), GB18030 (GBK) and Big5
(plain Big5, Microsoft's cp950 and Hong Kong's Big5-HKSCS).

A text that is valid apart from a few bytes is decoded with U+FFFD in their place and a
warning, instead of being refused whole.

>>> decode_text("到2025年，数字乡村\\n".encode("utf-16-le"), "x.txt")
('到2025年，数字乡村\\n', [])
>>> line = "数字乡村建设取得重要进展。".encode()
>>> text, warnings = decode_text(line * 5 + b"\\xff" + line * 5, "x.txt")
>>> text[64:70], warnings
('。\\ufffd数字乡村', ['1 undecodable byte(s) replaced by U+FFFD (utf_8)'])
"""

from __future__ import annotations

import codecs
import re

from policynlp.errors import IngestError

# Big5 comes in three tables: plain Big5, cp950 (Taiwan's Windows pages: a few more characters
# and box drawing) and Big5-HKSCS (Hong Kong pages: thousands more, and 〇 where plain Big5 has
# a kana). GB18030 decodes nearly any byte string, so a Big5 page with one character outside
# plain Big5 would otherwise come out as GB18030 garbage; every table is tried and the text
# that reads most like Chinese wins (ties in this order).
_CANDIDATES = ("utf_8", "gb18030", "big5", "cp950", "big5hkscs")
# a legacy decoding scoring below this reads as garbage (private-use and rare characters)
_PLAUSIBLE = 0.5
_ALLOWED_CONTROLS = (9, 10, 12, 13, 27)
# at most this many replacement characters per 1,000 characters (and never fewer than 8 allowed):
# a few stray bytes in a long notice, not a file in an unknown encoding
_REPLACED_PER_MILLE = 2
_MIN_REPLACED = 8
_REMOVE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]+")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def looks_binary(data: bytes) -> bool:
    """True when control bytes make up more than 5 % of the first 8 KB (UTF-16 excepted).

    A few NUL bytes in a text are removed later (:func:`sanitize`), not a reason to refuse it.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _utf16_without_bom(data) is not None:
        return False
    sample = data[:8192]
    ctrl = sum(1 for b in sample if b < 32 and b not in _ALLOWED_CONTROLS)
    return ctrl > 0.05 * len(sample)


def sanitize(text: str) -> tuple[str, list[str]]:
    """``text`` without control characters (tab, newlines and form feed kept) and with lone
    surrogates replaced by U+FFFD; the warnings say what was changed.

    >>> sanitize("数字\\x00乡村\\ud800")
    ('数字乡村\\ufffd', ['1 control character(s) removed', '1 lone surrogate(s) replaced by U+FFFD'])
    """
    warnings: list[str] = []
    removed = sum(m.end() - m.start() for m in _REMOVE.finditer(text))
    if removed:
        text = _REMOVE.sub("", text)
        warnings.append(f"{removed} control character(s) removed")
    surrogates = len(_SURROGATE.findall(text))
    if surrogates:
        text = _SURROGATE.sub("\ufffd", text)
        warnings.append(f"{surrogates} lone surrogate(s) replaced by U+FFFD")
    return text, warnings


def _cjk_score(text: str) -> float:
    """Share of common CJK characters and ASCII among the characters of ``text``."""
    if not text:
        return 0.0
    good = 0
    for ch in text[:20000]:
        o = ord(ch)
        if o < 128 or 0x4E00 <= o <= 0x9FA5 or 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFFEF:
            good += 1
        elif 0xE000 <= o <= 0xF8FF:  # private use: a wrong guess
            good -= 2
    return good / min(len(text), 20000)


def _utf16_without_bom(data: bytes) -> str | None:
    """The text when ``data`` reads as UTF-16 (LE or BE) without a BOM: almost only CJK and
    ASCII, and no NUL characters. UTF-8, GB18030 and Big5 bytes read as UTF-16 give Hangul,
    rare CJK or private-use characters, so they do not pass."""
    if len(data) < 4:
        return None
    body = data[: len(data) - len(data) % 2]
    for enc in ("utf_16_le", "utf_16_be"):
        try:
            text = body.decode(enc)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text[:4096] and _cjk_score(text) >= 0.9 and _looks_chinese(text):
            return text
    return None


def _looks_chinese(text: str) -> bool:
    """At least a tenth of the characters of the sample are common CJK ideographs."""
    sample = text[:4096]
    return sum(1 for ch in sample if 0x4E00 <= ord(ch) <= 0x9FA5) >= 0.1 * len(sample)


def decode_bytes(data: bytes, source: str) -> str:
    """Decode ``data`` (see :func:`decode_text`) and return the text only."""
    return decode_text(data, source)[0]


def decode_text(data: bytes, source: str) -> tuple[str, list[str]]:
    """Decode ``data`` and return the text and the warnings.

    In order: a BOM; strict UTF-8; UTF-16 without BOM; UTF-8 cut off inside a character; UTF-8
    with a few bad bytes replaced (warned); the best of GB18030/Big5 (charset-normalizer decides
    when both decode); either cut off; files glued from parts in different encodings; a legacy
    encoding with a few bytes replaced (warned). Anything else raises :class:`IngestError`
    naming the file.
    """
    if data.startswith(codecs.BOM_UTF8):
        return _lenient(data[3:], "utf_8", source)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _lenient(data, "utf_16", source)
    try:
        text = data.decode("utf_8")
    except UnicodeDecodeError:
        pass
    else:
        utf16 = _utf16_without_bom(data) if "\x00" in text[:8192] else None
        return (utf16 if utf16 is not None else text), []
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16, []
    cut = _tail_cut(data, ("utf_8",))
    if cut is not None:
        return cut, []
    text = data.decode("utf_8", "replace")
    n = _few_replaced(text)
    if n is not None and _cjk_score(text) >= _PLAUSIBLE:
        return text, [f"{n} undecodable byte(s) replaced by U+FFFD (utf_8)"]
    decoded: dict[str, str] = {}
    for enc in _CANDIDATES[1:]:
        try:
            decoded[enc] = data.decode(enc)
        except UnicodeDecodeError:
            continue
    if decoded:
        best = max(decoded.values(), key=_cjk_score)
        if _cjk_score(best) >= _PLAUSIBLE:
            return best, []
    found = _tail_cut(data, _CANDIDATES[1:])
    if found is None:
        found = _per_line(data)
    if found is None:
        found = _normalizer_guess(data)
    if found is not None:
        return found, []
    return _replaced(data, source)


def _tail_cut(data: bytes, encodings: tuple[str, ...]) -> str | None:
    """A file cut off inside a multi-byte character: the text without the broken tail."""
    for cut in (1, 2, 3):
        for enc in encodings:
            try:
                text = data[:-cut].decode(enc)
            except UnicodeDecodeError:
                continue
            if _cjk_score(text) >= _PLAUSIBLE:
                return text
    return None


def _per_line(data: bytes) -> str | None:
    """Files glued from parts in different encodings: decode each line on its own."""
    lines = data.split(b"\n")
    out: list[str] = []
    for line in lines:
        try:
            out.append(line.decode("utf_8"))
            continue
        except UnicodeDecodeError:
            pass
        readings = []
        for enc in _CANDIDATES[1:]:
            try:
                readings.append(line.decode(enc))
            except UnicodeDecodeError:
                continue
        if not readings:
            return None
        out.append(max(readings, key=_cjk_score))  # GB18030 reads almost anything: the likeliest Chinese wins
    text = "\n".join(out)
    return text if _cjk_score(text) >= _PLAUSIBLE else None


def _normalizer_guess(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    match = from_bytes(data, cp_isolation=["utf_8", "gb18030", "big5", "utf_16"]).best()
    if match is None or _cjk_score(str(match)) < 0.5:
        return None
    return str(match)


def _few_replaced(text: str) -> int | None:
    """The number of U+FFFD in ``text`` when it is 'a few', else ``None``: at most 2 % of the
    characters (text in another encoding read as UTF-8 gives far more) and at most
    max(8, 0.2 %) of them (a few stray bytes, not a damaged file)."""
    n = text.count("\ufffd")
    limit = min(len(text) // 50, max(_MIN_REPLACED, len(text) * _REPLACED_PER_MILLE // 1000))
    return n if 0 < n <= limit else None


def _replaced(data: bytes, source: str) -> tuple[str, list[str]]:
    """The candidate encoding that needs the fewest replacements, when they are only a few."""
    best: tuple[int, str, str] | None = None
    for enc in _CANDIDATES[1:]:
        text = data.decode(enc, "replace")
        n = _few_replaced(text)
        if n is not None and _cjk_score(text) >= _PLAUSIBLE and (best is None or n < best[0]):
            best = (n, enc, text)
    if best is None:
        raise IngestError(source, "undecodable text (not UTF-8, UTF-16, GB18030 or Big5)")
    n, enc, text = best
    return text, [f"{n} undecodable byte(s) replaced by U+FFFD ({enc})"]


def _lenient(data: bytes, enc: str, source: str) -> tuple[str, list[str]]:
    """Decode text that declares its encoding by a BOM; a few bad bytes are replaced (warned)."""
    try:
        return data.decode(enc), []
    except UnicodeDecodeError as exc:
        text = data.decode(enc, "replace")
        n = _few_replaced(text)
        if n is None:
            raise IngestError(source, f"invalid {enc} at byte {exc.start}") from exc
        return text, [f"{n} undecodable byte(s) replaced by U+FFFD ({enc})"]


# single-byte codecs that UTF-8 bytes are commonly misread as
_MISREAD_AS = ("mac_cyrillic", "cp1251", "koi8_r", "cp1252", "latin_1", "mac_roman", "cp437", "cp1250", "iso8859_5")
_SAMPLE = 20000


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def garbled_reason(text: str) -> str | None:
    """Why ``text`` is garbled (mojibake from a wrong-codec decode, lost characters), or None.

    Mojibake is recognised by undoing it: when re-encoding a sample in a codec and decoding the
    bytes as UTF-8 turns a text with few Chinese characters into a mostly Chinese one (or a
    Chinese-looking text into valid UTF-8 of another Chinese text), the input was decoded wrongly.
    """
    sample = text[:_SAMPLE]
    letters = [ch for ch in sample if not ch.isspace() and not ch.isascii()]
    if not letters:
        return None
    bad = sample.count("\ufffd")
    if bad >= 20 and bad > 0.05 * len(letters):
        return f"{bad} replacement characters (U+FFFD) in the first {len(sample)} characters: bytes were lost in decoding"
    cjk = sum(1 for ch in letters if _is_cjk(ch))
    if cjk < 0.3 * len(letters) and len(letters) >= 50:
        for codec in _MISREAD_AS:
            undone = sample.encode(codec, errors="ignore").decode("utf-8", errors="replace")
            back = [ch for ch in undone if not ch.isspace() and not ch.isascii()]
            if back and sum(1 for ch in back if _is_cjk(ch)) >= 0.5 * len(back):
                return f"UTF-8 text decoded as {codec} (mojibake); re-save the file as UTF-8"
    elif cjk >= 50:
        try:
            undone = sample.encode("gb18030").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return None
        if sum(1 for ch in undone if _is_cjk(ch)) >= 0.3 * cjk:
            return "UTF-8 text decoded as GB18030 (mojibake); re-save the file as UTF-8"
    return None
