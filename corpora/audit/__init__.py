"""The audit corpus: whole Jiangxi 2021 submissions (summary, filled 自评表, evidence incl. scans and photos).

Each society's claims are set by hand (some honest, some inflated, some with
nothing behind them, one total mis-added, one row over its maximum) and its
evidence is typed, exported, scanned or photographed as offices hand it in.
The gold says what a careful evaluator finds; `python -m corpora.audit_report`
says how kaohe compares.
"""
