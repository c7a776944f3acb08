"""jieba's dictionary follows content/search/userdict.txt on every build, under mkdocs serve too."""
from __future__ import annotations

import jieba

from kb import segment


def test_a_word_removed_from_the_user_dictionary_stops_counting(tmp_path):
    user_dict = tmp_path / "userdict.txt"
    user_dict.write_text("客户回访单 50 n\n", encoding="utf-8")
    segment.reset_with_user_dict(user_dict)
    assert "客户回访单" in jieba.lcut("请填写客户回访单")
    # The next build (a save under mkdocs serve) no longer has the word.
    user_dict.write_text("无声电话 50 n\n", encoding="utf-8")
    segment.reset_with_user_dict(user_dict)
    assert "客户回访单" not in jieba.lcut("请填写客户回访单")
    assert "无声电话" in jieba.lcut("这是无声电话")
