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
