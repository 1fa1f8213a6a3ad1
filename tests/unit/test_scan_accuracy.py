"""The scanner's recall and precision, per type, on labelled corpora and real notebooks.

Bars (issue 8): recall >= 95% for every structured type and every secret type,
>= 90% for NAME, ADDRESS and DATE, precision >= 95%, on the format-based corpus
(:func:`tests.corpus.format_corpus`) and on the first issue's corpus
(``tests/unit/labelled.py``); at most 1 in 20 real PHI-free notebooks flagged
(asserted tighter: 2%). A failing assertion prints the per-type table and masked
contexts of missed values. The matching rule is in :mod:`tests.corpus.score`.
"""

from __future__ import annotations

import random
from typing import Any

import pytest

from tests.corpus import Case, first_corpus, format_corpus, public, score
from tests.corpus.cases import code, notebook, stream

STRUCTURED = [
    "SSN",
    "MRN",
    "NPI",
    "DEA",
    "MBI",
    "PHONE",
    "EMAIL",
    "DOB",
    "HEALTH_PLAN_ID",
    "IP_ADDRESS",
    "LICENSE",
    "ACCOUNT",
]
LOOSE = ("NAME", "ADDRESS", "DATE")
PRECISION_BAR = 0.95
#: A type reported fewer times than this has too few findings for a precision figure.
MIN_FINDINGS = 5


#: Types still below the issue's bar, held at the level reached so that it cannot slip back
#: (none today: DATE reached it with shifted years where a field says date, dates named by
#: their header, records keyed to a person and note dates without an event word).
NOT_YET_AT_BAR: dict[str, float] = {}
#: Each credential provider has about twenty examples in the corpus (in 20 placements), so one
#: miss is 5 points: all credentials together must reach the bar, and so must each provider.
PROVIDER_FLOOR = 0.95


def bar(kind: str) -> float:
    if kind in NOT_YET_AT_BAR:
        return NOT_YET_AT_BAR[kind]
    return 0.90 if kind in score.LOOSE_TYPES else 0.95


@pytest.fixture(scope="module")
def format_report() -> score.Report:
    return score.evaluate(format_corpus())


@pytest.fixture(scope="module")
def first_report() -> score.Report:
    return score.evaluate(first_corpus())


@pytest.fixture(scope="session")
def public_notebooks() -> list[tuple[str, dict[str, Any]]]:
    try:
        return public.notebooks()
    except public.CorpusUnavailable as err:
        pytest.fail(f"real-notebook corpus unavailable: {err}", pytrace=False)


def _recall_failure(report: score.Report, kinds: list[str], corpus: str) -> str:
    lines = [f"{corpus}: recall below the bar for {', '.join(kinds)}"]
    for kind in kinds:
        c = report.by_type[kind]
        lines.append(f"  {kind}: {c.recall:.3f} ({c.found}/{c.instances}, bar {bar(kind):.2f})")
        lines += [f"      missed {m}" for m in c.misses]
        worst = sorted(
            ((c2.recall, fmt) for (fmt, k), c2 in report.by_format_type.items()
             if k == kind and c2.instances),
        )[:4]  # fmt: skip
        lines.append("      weakest formats: " + ", ".join(f"{f} {r:.2f}" for r, f in worst))
    return "\n".join(lines) + "\n\n" + report.table()


def _check_recall(report: score.Report, kinds: list[str], corpus: str) -> None:
    failing = [
        k for k in kinds if report.by_type[k].instances and report.by_type[k].recall < bar(k)
    ]
    assert not failing, _recall_failure(report, failing, corpus)


# ---- the format-based corpus --------------------------------------------------
@pytest.mark.parametrize("kind", STRUCTURED + list(LOOSE))
def test_format_corpus_recall(format_report: score.Report, kind: str) -> None:
    assert format_report.by_type[kind].instances > 0, f"no {kind} labels in the corpus"
    _check_recall(format_report, [kind], "format corpus")


def test_format_corpus_secret_recall(format_report: score.Report) -> None:
    kinds = [k for k in format_report.by_type if k not in score.PHI_TYPES]
    assert len(kinds) >= 30, "the corpus holds credentials of about 30 providers"
    found = sum(format_report.by_type[k].found for k in kinds)
    total = sum(format_report.by_type[k].instances for k in kinds)
    assert total and found / total >= 0.95, _recall_failure(format_report, kinds, "format corpus")
    weak = [
        k
        for k in kinds
        if format_report.by_type[k].instances and format_report.by_type[k].recall < PROVIDER_FLOOR
    ]
    assert not weak, _recall_failure(format_report, weak, "format corpus")


def test_format_corpus_precision(format_report: score.Report) -> None:
    _check_precision(format_report, "format corpus")


# ---- the first issue's corpus -------------------------------------------------
def test_first_corpus_recall(first_report: score.Report) -> None:
    _check_recall(first_report, sorted(first_report.by_type), "first corpus")


def test_first_corpus_precision(first_report: score.Report) -> None:
    _check_precision(first_report, "first corpus")


def _check_precision(report: score.Report, corpus: str) -> None:
    failing = [
        k
        for k, c in report.by_type.items()
        if c.correct + c.false >= MIN_FINDINGS and c.precision < PRECISION_BAR
    ]
    total = report.total()
    msg = [f"{corpus}: precision overall {total.precision:.3f}"]
    for k in sorted(failing):
        c = report.by_type[k]
        msg.append(f"  {k}: {c.precision:.3f} ({c.false} false of {c.correct + c.false})")
        msg += [f"      false {ex}" for ex in c.false_examples]
    assert not failing and total.precision >= PRECISION_BAR, (
        "\n".join(msg) + "\n\n" + report.table()
    )


# ---- real notebooks -------------------------------------------------------------
def test_real_notebooks_rarely_flagged(public_notebooks: list[tuple[str, dict[str, Any]]]) -> None:
    from jupyterlab_cloudshare.core.scan import scan_notebook

    assert len(public_notebooks) >= 200, "the pinned sdists hold about 230 readable notebooks"
    flagged = {}
    for name, nb in public_notebooks:
        findings = scan_notebook(nb)
        if findings:
            flagged[name] = [f"{f.type} {f.severity}: {f.excerpt}" for f in findings[:3]]
    allowed = len(public_notebooks) // 50  # the issue allows 1 in 20; today none is flagged
    assert len(flagged) <= allowed, (
        f"{len(flagged)} of {len(public_notebooks)} real PHI-free notebooks flagged "
        f"(at most {allowed}):\n"
        + "\n".join(f"  {n}: {'; '.join(ex)}" for n, ex in sorted(flagged.items()))
    )


# ---- the instrument itself --------------------------------------------------------
def _case(text: str, labels: list[tuple[str, str]], allowed: tuple[str, ...] = ()) -> Case:
    return Case("t", "t", notebook(code("x", stream(text))), labels, list(allowed))


def _fixed(found: list[tuple[str, str]]) -> score.Scanner:
    """A scanner reporting each (type, text) wherever the text is printed."""

    def scan(nb: dict[str, Any]) -> list[score.Found]:
        out = []
        for path, text in score.segment_texts(nb).items():
            for kind, value in found:
                for s, e in score.occurrences(text, value):
                    out.append((kind, path, s, e))
        return out

    return scan


def test_score_counts_each_place_a_value_is_printed() -> None:
    case = Case(
        "t",
        "t",
        notebook(code("ssn = '123-45-6780'", stream("123-45-6780\n"))),
        [("SSN", "123-45-6780")],
    )
    report = score.evaluate([case], _fixed([]))
    assert report.by_type["SSN"].instances == 2


def test_score_partial_names_count_half_and_more() -> None:
    case = _case("Patient: Maximiliano Ng\n", [("NAME", "Maximiliano Ng")])
    assert score.evaluate([case], _fixed([("NAME", "Maximiliano")])).by_type["NAME"].recall == 1.0
    assert score.evaluate([case], _fixed([("NAME", "Ng")])).by_type["NAME"].recall == 0.0


def test_score_structured_values_must_be_covered_whole() -> None:
    case = _case("MRN 12345678\n", [("MRN", "12345678")])
    assert score.evaluate([case], _fixed([("MRN", "1234")])).by_type["MRN"].recall == 0.0
    assert score.evaluate([case], _fixed([("MRN", "MRN 12345678")])).by_type["MRN"].recall == 1.0


def test_score_mistyped_findings_are_false_and_allowed_values_tolerated() -> None:
    case = _case("id E1234567 zip 02134\n", [("MRN", "E1234567")], allowed=("02134",))
    report = score.evaluate([case], _fixed([("ACCOUNT", "E1234567"), ("ZIP", "02134")]))
    assert report.by_type["MRN"].recall == 0.0
    assert report.by_type["ACCOUNT"].false == 1
    assert report.by_type["ZIP"].tolerated == 1 and report.by_type["ZIP"].false == 0


def test_score_secrets_count_under_any_secret_type() -> None:
    token = "glpat-" + "Ab3" * 7
    case = _case(f"T = '{token}'\n", [("GITLAB_TOKEN", token)])
    report = score.evaluate([case], _fixed([("GENERIC_SECRET", token)]))
    assert report.by_type["GITLAB_TOKEN"].recall == 1.0
    assert report.by_type["GENERIC_SECRET"].precision == 1.0


def test_corpus_is_reproducible_and_its_labels_are_printed() -> None:
    a, b = format_corpus(seed=3, size=0.05), format_corpus(seed=3, size=0.05)
    assert [c.labels for c in a] == [c.labels for c in b]
    printed = total = 0
    for case in (c for c in a if c.labels):
        texts = score.segment_texts(case.nb).values()
        shown = [v for _, v in set(case.labels) if any(score.occurrences(t, v) for t in texts)]
        assert shown, f"{case.name} prints none of its labels"
        printed += len(shown)
        total += len(set(case.labels))
    # frames elide rows and columns, a Series shows one row, a PID print one segment
    assert printed / total > 0.8, f"only {printed} of {total} labels printed"


def test_corpus_reads_labels_with_the_format_libraries() -> None:
    from tests.corpus import dicom, hl7v2

    raw = hl7v2.message(random.Random(1), "ADT^A01")
    labels, _ = hl7v2.labels_of(raw)
    pid5 = raw.split("\rPID|", 1)[1].split("|")[4]
    assert ("NAME", pid5.split("^")[0]) in labels
    assert len(dicom.test_files()) > 30  # pydicom's own test files
