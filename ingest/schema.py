"""Rewrites the contract's checked-in JSON Schema from its models: `python -m ingest.schema`.

Run it after changing a model in `assess.contract`; `tests/ingest/test_contract.py`
fails until the file and the models agree.
"""

from assess.contract import SCHEMA_PATH, schema_text

if __name__ == "__main__":
    SCHEMA_PATH.write_text(schema_text(), encoding="utf-8")
