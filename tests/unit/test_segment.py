"""jieba's dictionary follows content/search/userdict.txt on every build, under mkdocs serve too."""
from __future__ import annotations

import jieba
import pytest
from mkdocs.exceptions import PluginError

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


@pytest.mark.parametrize("frequency", ["9" * 5000, "1000001", "0" * 4400 + "1"])
def test_a_frequency_too_large_is_a_message_at_its_line(tmp_path, frequency):
    user_dict = tmp_path / "content" / "search" / "userdict.txt"
    user_dict.parent.mkdir(parents=True)
    user_dict.write_text(f"无声电话 50 n\n词语 {frequency} n\n", encoding="utf-8")
    shown = frequency if len(frequency) <= 20 else frequency[:20] + "…"
    with pytest.raises(PluginError) as error:
        segment.reset_with_user_dict(user_dict)
    assert str(error.value).endswith(f"search/userdict.txt:2: 词频“{shown}”太大；最大为 1000000"
                                     "（jieba 自带词典里最常用的词也不到这个数），一般写 50 左右")


def test_the_largest_frequency_is_taken(tmp_path):
    user_dict = tmp_path / "userdict.txt"
    user_dict.write_text("客户回访单 1000000 n\n", encoding="utf-8")
    segment.reset_with_user_dict(user_dict)
    assert "客户回访单" in jieba.lcut("请填写客户回访单")
