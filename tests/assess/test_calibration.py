"""Confidence is measured on real summaries a reviewer scored, not only on the cleaner samples, and a
development text's own site never sets its confidence."""

import pytest
import yaml

from assess import evidence


@pytest.fixture
def calibration_file(tmp_path, monkeypatch):
    """Write a calibration (samples and real folds, each basis: right of count) and use it."""

    def write(samples: dict[str, tuple[int, int]], real: dict[int, dict[str, tuple[int, int]]]) -> None:
        def tally(found):
            return {basis: {"right": r, "count": n} for basis, (r, n) in found.items()}

        path = tmp_path / "calibration.yaml"
        path.write_text(yaml.safe_dump({"samples": tally(samples),
                                        "real": {fold: tally(f) for fold, f in real.items()}}), encoding="utf-8")
        monkeypatch.setattr(evidence, "CALIBRATION_FILE", path)
        evidence.calibration.cache_clear()

    yield write
    evidence.calibration.cache_clear()


def test_a_basis_right_on_every_sample_but_often_wrong_on_real_summaries_is_not_trusted(calibration_file):
    # keyword×1 as measured: nearly always right on generated samples, 30 of 40 on the development scores.
    calibration_file({"keyword×1": (222, 224)}, {0: {"keyword×1": (14, 20)}, 1: {"keyword×1": (16, 20)}})
    # Measured (not the coin toss of an unmeasured basis), and below the 0.8 that is trusted without review.
    assert 0.6 < evidence.confidence("keyword×1") < 0.8


def test_a_development_texts_own_site_fold_does_not_set_its_confidence(calibration_file):
    calibration_file({"statement": (10, 10)}, {0: {"statement": (0, 30)}, 1: {"statement": (30, 30)}})
    assert 0.3 < evidence.confidence("statement") < 0.9
    with evidence.holding_out(0):
        assert evidence.confidence("statement") > 0.9
    with evidence.holding_out(1):
        assert evidence.confidence("statement") < 0.3

