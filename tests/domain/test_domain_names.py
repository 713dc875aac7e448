"""Fuzzy name matching on a labelled list of name pairs (tests/domain/data/name_pairs.csv): each
pair is the same person or two people, as a coordinator reading the log would judge them."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from bot.domain.duplicates import names_similar
from bot.domain.names import same_person
from bot.domain.normalise import normalise_name

PAIRS_FILE = Path(__file__).parent / "data" / "name_pairs.csv"
PAIRS = [(row["label"], row["a"], row["b"]) for row in csv.DictReader(PAIRS_FILE.open())]
MIN_PRECISION = 0.95
MIN_RECALL = 0.93


def test_the_list_is_large_and_balanced_enough():
    labels = [label for label, _, _ in PAIRS]
    assert len(PAIRS) >= 100
    assert labels.count("same") >= 50 and labels.count("different") >= 50


def test_precision_and_recall_on_the_labelled_pairs(capsys):
    tp = fp = fn = tn = 0
    wrong = []
    for label, a, b in PAIRS:
        said = same_person(a, b)
        tp += said and label == "same"
        fp += said and label == "different"
        fn += not said and label == "same"
        tn += not said and label == "different"
        if said != (label == "same"):
            wrong.append(f"{label}: {a!r} / {b!r}")
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    with capsys.disabled():
        print(
            f"\nname matching on {len(PAIRS)} labelled pairs: precision {precision:.3f}, "
            f"recall {recall:.3f} (tp {tp}, fp {fp}, fn {fn}, tn {tn})"
        )
        for line in wrong:
            print("  misjudged", line)
    assert precision >= MIN_PRECISION and recall >= MIN_RECALL, wrong


@pytest.mark.parametrize("label,a,b", PAIRS[:40])
def test_matching_is_symmetric(label, a, b):
    assert same_person(a, b) == same_person(b, a)


def test_the_duplicate_check_uses_it_on_normalised_names():
    # "hughes katherine" against "catherine hughes": the sorted-token ratio missed this one.
    assert names_similar(normalise_name("Hughes, Katherine"), normalise_name("Catherine Hughes"))
    assert not names_similar(normalise_name("Jane Smith"), normalise_name("John Smith"))
