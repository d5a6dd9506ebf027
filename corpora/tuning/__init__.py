"""The tuning set: summaries written apart from the sample generator, labelled by hand.

Once held out; rules and word lists have since been written from its sentences,
so its figures are tuning figures, not a measure of unseen writing (that is
corpora/real, test part).

The samples in corpora/samples come from the project's own generator and the
extractor is tuned on them; these were written from how real societies word
their summaries, in styles of their own.
"""
