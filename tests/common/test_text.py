from extractor.text import clean_cell, join_cjk, tidy_paragraph


def test_stacked_vertical_label_is_joined() -> None:
    assert clean_cell("三\n、\n本\n年\n度\n办\n理\n结\n果") == "三、本年度办理结果"


def test_header_words_cut_by_spaces_are_joined() -> None:
    assert join_cjk("本年 度办 理结 果") == "本年度办理结果"
    assert clean_cell("结 果 维 持") == "结果维持"


def test_latin_words_keep_their_spaces() -> None:
    assert clean_cell("WPS Office 2019") == "WPS Office 2019"


def test_justified_paragraph_spacing_removed() -> None:
    assert tidy_paragraph("号 ， 邮 编 ： 223100 ， 电 话") == "号，邮编：223100，电话"


# --- the code-point tests against the regular expressions they replace -----------------------
# extractor.text judges whitespace by its neighbours in Python (compiling a regex class of the
# CJK ranges cost every process milliseconds per pattern); these are the patterns it had, and
# the sweep holds the new code to their exact output, ideographic spaces (whitespace that is
# also CJK) and every mix of scripts included.

import re  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from extractor.text import is_cjk  # noqa: E402

_CJK = (r"\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
        r"\u201c\u201d\u2018\u2019\u2014\u2026\u00b7")
_CJK_RE = re.compile(f"[{_CJK}]")
_OLD_BETWEEN = re.compile(rf"(?<=[{_CJK}])[ \t\r\n\u00a0\u3000]+(?=[{_CJK}])")
_OLD_CJK_ASCII = re.compile(
    rf"(?<=[{_CJK}])[ \t\u00a0\u3000]+(?=[0-9A-Za-z(])|(?<=[0-9A-Za-z)])[ \t\u00a0\u3000]+(?=[{_CJK}])")
_OLD_SPACES = re.compile(r"[ \t\u00a0\u3000]+")


def _old_join_cjk(text: str) -> str:
    text = _OLD_BETWEEN.sub("", text).replace("\r", "")
    lines = [_OLD_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def _old_tidy_paragraph(text: str) -> str:
    return _OLD_CJK_ASCII.sub("", _old_join_cjk(text.replace("\u3000", " "))).replace("\n", "")


# Characters on every side of each test: ideographs (BMP and extension A), kana, CJK and
# full-width punctuation, curly quotes, every whitespace judged, Latin, digits, brackets.
_ALPHABET = st.sampled_from(list("中文㐀あア。，、（）：“”‘’—…·　 \t\r\n\u00a0aZ09()-.%〇〿⺀\uff10\uffef\uf900"))


@settings(max_examples=3000, deadline=None)
@given(st.text(_ALPHABET, max_size=24))
def test_join_cjk_and_tidy_paragraph_equal_the_regexes_they_replace(text: str) -> None:
    assert join_cjk(text) == _old_join_cjk(text)
    assert tidy_paragraph(text) == _old_tidy_paragraph(text)
    assert clean_cell(text) == (_OLD_SPACES.sub(" ", _old_join_cjk(text).replace("\n", " ")).strip()
                                if len(text.split()) > 1 else (text.split() or [""])[0])


def test_is_cjk_equals_the_class_on_every_code_point() -> None:
    for code in range(0x10000):
        ch = chr(code)
        assert is_cjk(ch) == (_CJK_RE.fullmatch(ch) is not None), hex(code)
    assert not is_cjk("\U00020000")  # outside the ranges, as the class had it
