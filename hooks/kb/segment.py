"""jieba's dictionary for one build: the user dictionary as the file says now, not as it said at start.

jieba keeps one global dictionary, and load_userdict only ever adds to it. Under
`mkdocs serve` a word removed from content/search/userdict.txt stayed in force
until the server restarted. Each build therefore starts from jieba's own
dictionary (read back from jieba's cache, well under a second) and loads the
user dictionary again. Material's search plugin uses the same global tokenizer.
"""
from __future__ import annotations

from pathlib import Path

import jieba


def reset_with_user_dict(path: Path) -> None:
    tokenizer = jieba.dt
    with tokenizer.lock:
        tokenizer.initialized = False
        tokenizer.user_word_tag_tab = {}
    tokenizer.initialize()
    jieba.load_userdict(str(path))
