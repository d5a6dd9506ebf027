"""A held-out evaluation set: summaries written apart from the sample generator, labelled by hand.

The samples in corpora/samples come from the project's own generator and the
extractor is tuned on them; these are written from how real societies word
their summaries, so the report on them says how kaohe does on unseen text.
"""
