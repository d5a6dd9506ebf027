"""The words every layer shares: activity types, levels, statuses, document roles, finding kinds, spans.

Each vocabulary is defined once, with the Chinese label reviewers read, so the
extractors, the rubric engine, the assessment steps and every report agree on
both the id and the word (`../shared/design/CONTRACT.md` gives the ids).
"""
