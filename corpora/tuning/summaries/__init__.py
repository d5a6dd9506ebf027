"""The hand-written tuning summaries, one society and one way of writing each."""

from corpora.tuning.summaries import gonglu, jisuanji, kejiaoyu, shengtai, yuanyi, yufang

SUMMARIES = tuple(m.SUMMARY for m in (yufang, yuanyi, gonglu, kejiaoyu, shengtai, jisuanji))
