"""What differs between a typed value and the bill's text, in words a coordinator can act on."""

from __future__ import annotations

from portdesk.documents.match_text import Token, alnum_runs, edit_distance, tokens


def _word_message(typed: str, bill: str, typed_canon: str, bill_canon: str) -> tuple[str, str] | None:
    """(kind, message) for one aligned pair of words, None when they are the same."""
    if typed == bill:
        return None
    if typed.lower() == bill.lower():
        if bill.isupper() and not typed.isupper():
            return "capitals", f"bill has '{bill}' in capitals"
        if typed.isupper() and not bill.isupper():
            return "case", f"you typed '{typed}' in capitals; the bill writes '{bill}'"
        return "case", f"capital letters differ: the bill writes '{bill}', you typed '{typed}'"
    if typed_canon == bill_canon:
        return "abbreviation", f"the bill writes '{bill}', you typed '{typed}'"
    distance = edit_distance(typed.lower(), bill.lower(), 2)
    count = "one letter differs" if distance <= 1 else "two letters differ"
    return "typo", f"{count}: you typed '{typed}', the bill writes '{bill}'"


def _separators(text: str, toks: list[Token]) -> list[str]:
    cuts = [0] + [p for t in toks for p in (t.start, t.end)] + [len(text)]
    return [text[cuts[i]: cuts[i + 1]] for i in range(0, len(cuts), 2)]


def _punct(sep: str) -> str:
    return "".join(ch for ch in sep if not ch.isspace())


def text_differences(typed: str, found: str) -> list[str]:
    """Differences between a typed text value and the bill text it was matched to."""
    t_toks, f_toks = tokens(typed), tokens(found)
    if len(t_toks) != len(f_toks):
        if "".join(typed.split()) == "".join(found.split()):
            return [f"spacing differs: the bill writes '{found}', you typed '{typed}'"]
        return [f"spacing and punctuation differ: the bill writes '{found}', you typed '{typed}'"]
    words: list[tuple[str, str]] = []
    for t, f in zip(t_toks, f_toks, strict=True):
        msg = _word_message(t.surface(typed), f.surface(found), t.canon, f.canon)
        if msg:
            words.append(msg)
    capitals = [m for kind, m in words if kind == "capitals"]
    out: list[str]
    if len(capitals) >= 2 and len(capitals) == len(words) and found.isupper():
        out = [f"bill writes it all in capitals: '{found}'"]
    else:
        out = [m for _, m in words]
    t_seps, f_seps = _separators(typed, t_toks), _separators(found, f_toks)
    for k, (ts, fs) in enumerate(zip(t_seps, f_seps, strict=True)):
        if not f_toks:
            break
        anchor = f"before '{f_toks[0].surface(found)}'" if k == 0 else f"after '{f_toks[k - 1].surface(found)}'"
        tp, fp = _punct(ts), _punct(fs)
        if tp != fp:
            if not tp:
                out.append(f"bill has '{fp}' {anchor}")
            elif not fp:
                out.append(f"you typed '{tp}' {anchor}; the bill has none")
            else:
                out.append(f"bill has '{fp}' {anchor} where you typed '{tp}'")
        elif 0 < k < len(f_toks) and (ts != tp) != (fs != fp):
            out.append(f"bill has a space {anchor}" if fs != fp else f"bill has no space {anchor}")
    return out or [f"the bill writes '{found}', you typed '{typed}'"]


def identifier_differences(typed: str, found: str) -> list[str]:
    """An identifier matched up to its separators (dashes, spaces, dots)."""
    if typed == found:
        return []
    t_runs = "".join(r for r, _, _ in alnum_runs(typed))
    f_runs = "".join(r for r, _, _ in alnum_runs(found))
    if t_runs != f_runs and t_runs.lower() == f_runs.lower():
        return [f"capital letters differ: the bill writes '{found}', you typed '{typed}'"]
    return [f"separators differ: the bill writes '{found}', you typed '{typed}'"]
