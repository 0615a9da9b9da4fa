"""Text helpers shared by every app: Slovenian sorting and safe narrative text."""

import unicodedata

# Slovenian alphabet order: č after c, š after s, ž after z (and ć, đ as in
# Croatian names that occur in Slovenia). "~" sorts after every ASCII letter,
# so "c~" (č) comes after any word starting with c.
_SLOVENIAN_LETTERS = {"č": "c~", "ć": "c~~", "đ": "d~", "š": "s~", "ž": "z~"}


def slovenian_sort_key(text: str) -> str:
    """Return a plain string that sorts the Slovenian way with byte order (also in SQL)."""
    out = []
    for char in text.casefold():
        if char in _SLOVENIAN_LETTERS:
            out.append(_SLOVENIAN_LETTERS[char])
            continue
        decomposed = unicodedata.normalize("NFKD", char)
        out.append("".join(c for c in decomposed if not unicodedata.combining(c)))
    return "".join(out)


def one_line(text: str) -> str:
    """`text` with every run of whitespace, line breaks included, as one space: for an
    e-mail's subject, which may not hold a line break (a title typed with one made the
    whole mailing fail with BadHeaderError)."""
    return " ".join(text.split())
