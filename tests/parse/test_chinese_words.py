"""The split dictionary cuts exactly as jieba's own, with and without the model's words."""

from __future__ import annotations

import marshal
import os
import tempfile

import pytest

from assistant.parse.vocabulary import chinese_words

QUESTIONS = [
    "上个月各区域的存贷转化率是多少?",
    "AUM最低的前5个城市",
    "有存款账户但从来没申请过贷款的客户有多少",
    "经营贷放款金额按月趋势",
    "高活跃度客户的风险承受能力分布",
    "在有过贷款申请的客户中,消费交易的单笔金额中位数",
]
WORDS = ["存贷转化率", "经营贷", "高活跃度", "风险承受能力", "消费交易", "单笔金额", "放款金额"]


@pytest.fixture(scope="module")
def reference():
    """jieba's own tokenizer on the whole dictionary, decoded at once."""
    jieba = chinese_words._jieba()
    tok = chinese_words.base()
    own = os.path.join(tok.tmp_dir or tempfile.gettempdir(), "jieba.cache")
    with open(own, "rb") as f:
        freq, total = marshal.loads(f.read())
    ref = jieba.Tokenizer()
    ref.FREQ, ref.total, ref.initialized = freq, total, True
    return ref


@pytest.mark.parametrize("question", QUESTIONS)
def test_base_cuts_as_jieba(reference, question):
    tok = chinese_words.base()
    assert tok.lcut(question) == reference.lcut(question)
    assert tok.lcut_for_search(question) == reference.lcut_for_search(question)


@pytest.mark.parametrize("question", QUESTIONS)
def test_knowing_cuts_as_jieba_add_word(reference, question):
    jieba = chinese_words._jieba()
    ref = jieba.Tokenizer()
    ref.FREQ, ref.total, ref.initialized = dict(reference.FREQ), reference.total, True
    for w in sorted(WORDS):
        ref.add_word(w, freq=ref.suggest_freq(w, tune=False))
    for _ in range(2):  # worked out, then read back from the disk cache
        tok = chinese_words.knowing(set(WORDS))
        assert tok.total == ref.total
        assert list(tok.tokenize(question)) == list(ref.tokenize(question))
        pieces = {question[i:j] for i in range(len(question)) for j in range(i + 1, len(question) + 1)}
        assert {p: tok.FREQ.get(p) for p in pieces} == {p: ref.FREQ.get(p) for p in pieces}
        assert {p for p in pieces if p in tok.FREQ} == {p for p in pieces if p in ref.FREQ}
