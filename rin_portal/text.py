"""Text helpers shared by every app: Slovenian sorting and safe narrative text."""

import functools
import unicodedata

# Slovenian alphabet order: č after c, š after s, ž after z (and ć, đ as in
# Croatian names that occur in Slovenia). "~" sorts after every ASCII letter,
# so "c~" (č) comes after any word starting with c.
_SLOVENIAN_LETTERS = str.maketrans({"č": "c~", "ć": "c~~", "đ": "d~", "š": "s~", "ž": "z~"})


@functools.lru_cache(maxsize=4096)
def slovenian_sort_key(text: str) -> str:
    """Return a plain string that sorts the Slovenian way with byte order (also in SQL).

    Kept for the names and titles sorted most (pages sort the same few again and again)."""
    folded = text.casefold()
    if folded.isascii():
        return folded
    # č, š, ž (ć, đ) get their own places; other letters lose their accents.
    decomposed = unicodedata.normalize("NFKD", folded.translate(_SLOVENIAN_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def one_line(text: str) -> str:
    """`text` with every run of whitespace, line breaks included, as one space: for an
    e-mail's subject, which may not hold a line break (a title typed with one made the
    whole mailing fail with BadHeaderError)."""
    return " ".join(text.split())
