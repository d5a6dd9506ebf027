"""What the sample summaries say: event records with their many phrasings, filler and society profiles.

Every sentence that reports work is made together with its labels (an `Event`
or a `Statement`), so the gold never drifts from the words in the documents.
"""
