"""The one normalisation of search text: the index's terms and the browser's queries (normalise() in
content/assets/kb/search-engine.js mirrors it; tests/unit/test_search_parity.py checks the two agree)."""
from __future__ import annotations

import re
import unicodedata

# The query box sees the same text.
_PUNCT = re.compile(r"[\s\u200b，。、；：！？,.;:!?“”\"'（）()【】\[\]·…\-—/]+")
HAN = re.compile(r"[\u3400-\u9fff]")
DIGIT = re.compile(r"[0-9]")
CUT = re.compile(r"[\s，。、；：！？,.;:!?“”\"'（）()【】\[\]·…—/]+")


def normalise(text: str) -> str:
    return _PUNCT.sub("", unicodedata.normalize("NFKC", text).lower())
