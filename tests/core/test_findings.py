"""Every finding code speaks Chinese: a code added without its wording fails here, not in a reviewer's report."""

import string

from core.findings import FINDINGS, FindingKind, message


def test_every_finding_code_has_a_label_and_a_message():
    assert set(FINDINGS) == set(FindingKind)
    for kind, wording in FINDINGS.items():
        assert wording.label and wording.template, kind


def test_a_message_fills_every_placeholder_it_names():
    for kind, wording in FINDINGS.items():
        for variant, template in [(None, wording.template), *wording.variants.items()]:
            names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
            text = message(kind, variant, **{name: "X" for name in names})
            assert "{" not in text and "}" not in text, (kind, variant)
