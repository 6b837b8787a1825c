"""Times compute_agreement on a seeded synthetic corpus against the reference libraries."""

from __future__ import annotations

import argparse
import math
import resource
import sys
import time
import tracemalloc
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.agreement.documents import Document  # noqa: E402
from app.agreement.metrics import compute_agreement  # noqa: E402

WORDS = ("the of and to in is was for that with as on by at from an be this which or are it has had not but "
         "government report minister said percent million according study claims data evidence shows year "
         "officials announced opinion believe should could would likely economy climate policy vaccine").split()
LABELS = ("fact", "opinion", "claim")


def make_corpus(n_docs: int, n_chars: int, n_ann: int, n_spans: int, seed: int) -> list[Document]:
    """Words drawn at random; a shared base annotation snapped to words, perturbed per annotator."""
    rng = np.random.default_rng(seed)
    vocab = np.array(WORDS)
    docs = []
    for d in range(n_docs):
        words = vocab[rng.integers(0, vocab.size, n_chars // 5 + 10)]
        text = " ".join(words)[:n_chars]
        starts = np.array([0] + [m + 1 for m in range(len(text)) if text[m] == " "])
        ends = np.array([m for m in range(len(text)) if text[m] == " "] + [len(text)])
        pick = np.sort(rng.choice(starts.size - 4, size=min(n_spans, starts.size - 4), replace=False))
        base = [(int(starts[w]), int(ends[w + int(rng.integers(0, 4))]), LABELS[int(rng.integers(0, 3))]) for w in pick]
        annotations = {}
        for a in range(n_ann):
            spans = []
            for (s, e, label), w in zip(base, pick):
                roll = rng.random()
                if roll < 0.08:
                    continue  # missed span
                if roll < 0.16:
                    label = LABELS[int(rng.integers(0, 3))]
                elif roll < 0.26:
                    e = int(ends[min(w + int(rng.integers(0, 5)), ends.size - 1)])
                spans.append((s, e, label))
            annotations[f"ann{a}"] = tuple(spans)
        docs.append(Document(id=f"doc{d}", text=text, annotations=annotations))
    return docs


def reset_peak() -> None:
    """Reset the kernel's peak-RSS mark (VmHWM) of this process, where Linux allows it."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def peak_rss_mb() -> float:
    """Peak resident set size since the last reset (VmHWM), else since the process started."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measured(function, *args, **kwargs):
    """(result, seconds, peak RSS MB while it ran) of one call."""
    reset_peak()
    began = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - began, peak_rss_mb()


def traced_peak_mb(function, *args, **kwargs) -> float:
    """Peak of Python and numpy allocations during one call, by tracemalloc."""
    tracemalloc.start()
    function(*args, **kwargs)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def char_masks(docs: list[Document], annotators: list[str]) -> np.ndarray:
    """Reference input: one row per annotator, one column per code point, label bit masks, -1 missing."""
    columns = []
    for doc in docs:
        block = np.full((len(annotators), len(doc.text)), -1, dtype=np.int64)
        for r, a in enumerate(annotators):
            if a in doc.annotations:
                block[r] = 0
                for s, e, label in doc.annotations[a]:
                    block[r, s:e] |= 1 << LABELS.index(label)
        columns.append(block)
    return np.concatenate(columns, axis=1)


def as_reliability(masks: np.ndarray) -> np.ndarray:
    data = masks.astype(np.float64)
    data[masks < 0] = np.nan
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--chars", type=int, default=5000)
    parser.add_argument("--annotators", type=int, default=3)
    parser.add_argument("--spans", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-reference", action="store_true")
    parser.add_argument("--reference-docs", type=int, default=500,
                        help="documents given to the reference libraries (krippendorff builds a units x values x "
                             "values array: about 7 GB per 1000 documents of 5000 characters)")
    args = parser.parse_args()
    docs = make_corpus(args.docs, args.chars, args.annotators, args.spans, args.seed)
    baseline = peak_rss_mb()
    report, ours, ours_peak = measured(compute_agreement, docs, bootstrap_samples=0)
    print(f"corpus: {args.docs} docs x {args.chars} chars x {args.annotators} annotators x {args.spans} spans, "
          f"{report['units']['char']} char units, {report['units']['token']} token units")
    print(f"compute_agreement, every metric, bootstrap off: {ours:.2f} s, peak RSS {ours_peak:.0f} MB "
          f"(VmHWM reset before the call; the process held {baseline:.0f} MB with the corpus built), "
          f"tracemalloc peak of the call {traced_peak_mb(compute_agreement, docs, bootstrap_samples=0):.0f} MB")
    _, seconds, peak = measured(compute_agreement, docs, bootstrap_samples=1000)
    print(f"with 1000 bootstrap resamples: {seconds:.2f} s, peak RSS {peak:.0f} MB")
    if args.skip_reference:
        return
    import krippendorff
    from sklearn.metrics import cohen_kappa_score
    from statsmodels.stats.inter_rater import aggregate_raters, fleiss_kappa

    from app.agreement.corpus import build_corpus, tokenize

    subset = docs[: args.reference_docs]
    report, ours, ours_peak = measured(compute_agreement, subset, bootstrap_samples=0)
    annotators = report["annotators"]
    rows = [("factspan compute_agreement (all metrics)", ours, ours_peak, None, None)]
    masks, seconds, peak = measured(char_masks, subset, annotators)
    data = as_reliability(masks)
    rows.append(("build reference char matrix", seconds, peak, None, None))
    value, seconds, peak = measured(krippendorff.alpha, reliability_data=data, level_of_measurement="nominal")
    rows.append(("krippendorff char alpha", seconds, peak, value, report["char_alpha_nominal"]))
    value, seconds, peak = measured(lambda: fleiss_kappa(aggregate_raters(data.T.astype(int))[0]))
    rows.append(("statsmodels char Fleiss", seconds, peak, value, report["char_fleiss_kappa"]))
    for i in range(len(annotators)):
        for j in range(i + 1, len(annotators)):
            key = f"{annotators[i]}|{annotators[j]}"
            value, seconds, peak = measured(cohen_kappa_score, data[i], data[j])
            rows.append((f"sklearn char Cohen {key}", seconds, peak, value, report["char_cohen_kappa_pairs"][key]))
    corpus = build_corpus(subset)
    starts, ends = tokenize(subset, corpus.offsets)
    edges = np.stack([starts, ends], 1).ravel()[:-1]
    token_data = as_reliability(np.bitwise_or.reduceat(masks, edges, axis=1)[:, ::2])
    value, seconds, peak = measured(krippendorff.alpha, reliability_data=token_data, level_of_measurement="nominal")
    rows.append(("krippendorff token alpha", seconds, peak, value, report["token_alpha_nominal"]))
    reference_total = sum(r[1] for r in rows[2:])
    print(f"\nreference libraries on the first {len(subset)} documents (peak = VmHWM during the step)")
    print(f"{'step':<42} {'seconds':>8} {'peak MB':>8} {'reference':>14} {'factspan':>14} equal")
    for name, seconds, peak, ref, mine in rows:
        equal = "" if ref is None else str(mine is not None and math.isclose(ref, mine, abs_tol=1e-9))
        print(f"{name:<42} {seconds:>8.2f} {peak:>8.0f} {'' if ref is None else f'{ref:.10f}':>14} "
              f"{'' if mine is None else f'{mine:.10f}':>14} {equal}")
    print(f"{'reference libraries, total':<42} {reference_total:>8.2f}")
    print(f"ratio reference / factspan: {reference_total / ours:.1f}x (factspan also computes every other metric)")


if __name__ == "__main__":
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        main()
