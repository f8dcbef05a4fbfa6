"""Name normalisation for search: case-, accent- and Norwegian-letter-insensitive.

"Østby", "østby" and "ostby" all become "ostby"; "Aasen" and "Åsen" both become "asen".
The same function is applied to stored names and to what users type.
"""

from __future__ import annotations

import re
import unicodedata

_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ß": "ss", "ð": "d", "þ": "th"})
_NOT_WORD = re.compile(r"[^a-z0-9\- ]+")


def name_normalize(value: str) -> str:
    text = value.casefold().translate(_LETTERS)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("aa", "a")
    return " ".join(_NOT_WORD.sub(" ", text).split())


def search_terms(value: str) -> list[str]:
    return [t for t in name_normalize(value.replace(",", " ")).split(" ") if t]


def prefix_end(prefix: str) -> str | None:
    """The least string after every string that starts with `prefix`, in code point order
    (the order of PostgreSQL's "C" collation, which the folded name columns use): with it,
    `prefix <= name < prefix_end(prefix)` is an index range holding exactly the names that
    start with `prefix`. None when there is no such bound (an empty prefix, or one of only
    the last code point)."""
    stem = prefix.rstrip(chr(0x10FFFF))
    if not stem:
        return None
    following = ord(stem[-1]) + 1
    if 0xD800 <= following <= 0xDFFF:  # surrogates are no characters of a UTF-8 text
        following = 0xE000
    return stem[:-1] + chr(following)
