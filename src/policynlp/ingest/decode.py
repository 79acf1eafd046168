"""Encoding detection for Chinese text files: UTF-8/16, GB18030 (GBK) and Big5."""

from __future__ import annotations

import codecs

from policynlp.errors import IngestError

_CANDIDATES = ("utf_8", "gb18030", "big5")


def looks_binary(data: bytes) -> bool:
    """True when ``data`` has NUL bytes or many control bytes (UTF-16 with a BOM excepted)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    ctrl = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return ctrl > 0.05 * len(sample)


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


def decode_bytes(data: bytes, source: str) -> str:
    """Decode ``data``: BOMs first, then strict UTF-8, then the best of GB18030/Big5.

    charset-normalizer decides between the legacy encodings when both decode; a file that
    no candidate decodes raises :class:`IngestError` naming the file.
    """
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf_8", source)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf_16", source)
    try:
        return data.decode("utf_8")
    except UnicodeDecodeError:
        pass
    decoded: dict[str, str] = {}
    for enc in _CANDIDATES[1:]:
        try:
            decoded[enc] = data.decode(enc)
        except UnicodeDecodeError:
            continue
    if not decoded:
        # a file cut off inside a multi-byte character: drop the broken tail
        for cut in (1, 2, 3):
            for enc in _CANDIDATES:
                try:
                    text = data[:-cut].decode(enc)
                except UnicodeDecodeError:
                    continue
                if _cjk_score(text) >= 0.5:
                    return text
        mixed = _per_line(data)
        if mixed is not None:
            return mixed
        best = _normalizer_guess(data)
        if best is None:
            raise IngestError(source, "undecodable text (not UTF-8, GB18030 or Big5)")
        return best
    if len(decoded) == 1:
        return next(iter(decoded.values()))
    return max(decoded.values(), key=_cjk_score)


def _per_line(data: bytes) -> str | None:
    """Files glued from parts in different encodings: decode each line on its own."""
    lines = data.split(b"\n")
    out: list[str] = []
    for line in lines:
        for enc in _CANDIDATES:
            try:
                out.append(line.decode(enc))
                break
            except UnicodeDecodeError:
                continue
        else:
            return None
    text = "\n".join(out)
    return text if _cjk_score(text) >= 0.5 else None


def _normalizer_guess(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    match = from_bytes(data, cp_isolation=["utf_8", "gb18030", "big5", "utf_16"]).best()
    if match is None or _cjk_score(str(match)) < 0.5:
        return None
    return str(match)


def _strict(data: bytes, enc: str, source: str) -> str:
    try:
        return data.decode(enc)
    except UnicodeDecodeError as exc:
        raise IngestError(source, f"invalid {enc} at byte {exc.start}") from exc


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
