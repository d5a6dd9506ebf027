"""The held-out summaries, one society and one way of writing each."""

from corpora.heldout.summaries import gonglu, jisuanji, kejiaoyu, shengtai, yuanyi, yufang

SUMMARIES = tuple(m.SUMMARY for m in (yufang, yuanyi, gonglu, kejiaoyu, shengtai, jisuanji))
