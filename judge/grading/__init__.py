"""Grading at scale: `judge grade` over a folder (or a zip) of candidates, locally or on Celery.

One job per module:

layout       which candidate submitted which file for which problem (the documented rules)
archive      a zip of candidates extracted safely (the zip is hostile too)
versions     the key of a result: content hash, problem version, judge version, options
jobs         the frozen data that travels: a Job in, a Graded (or a JobFailure) out
wire         Job and Graded to JSON and back (the only serialisation of the two)
judging      one Job judged by the engine: what both the local pool and a Celery task call
store        the results in SQLite, one record per key, each written in one transaction
pool         the Executor interface and the local pool of sandboxes, one judging per CPU
cluster      the Celery app, its one task, the worker and the Celery Executor
batch        a whole grading run: layout, what is already stored, the executor, the rows
fingerprint  normalised code (the AST with names erased), and groups of similar submissions
results      the results table as CSV and JSON (docs/grade-results.md)
overview     the HTML overview and the per-candidate reports
reports      every output of a batch written into one folder
"""
