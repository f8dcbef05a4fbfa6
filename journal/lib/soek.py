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
