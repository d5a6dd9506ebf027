"""Batch pre-screening of a year's submissions (`kaohe batch`): see `ingest.batch.run.run_batch`.

layout (whose files are whose) → sources (reading them safely) → work (one
submission: materials, pipeline, checks) on runner (process pool or Celery)
→ store (resumable results) → ranking → workbook and forms (the notice's 汇总表).
"""
