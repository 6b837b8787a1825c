"""The fidelity matcher on the seed's sourced_readout claims against the tests' own short readouts.

Prints, per claim, the best passage's score and whether it is the passage that says the claim (the
readouts were written for the tests: some passages reworded, the APEC claim left out on purpose).
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.review.matching import SourceText, best_matches  # noqa: E402
from tests.review.readouts import CHINESE_READOUT, RUSSIAN_READOUT, readout_claims  # noqa: E402

THRESHOLD = 70
SOURCES = {"russian_readout": SourceText(1, RUSSIAN_READOUT), "chinese_readout": SourceText(2, CHINESE_READOUT)}


def main() -> None:
    found = flagged = 0
    rows = readout_claims()
    print(f"{'score':>6}  {'found':<7} {'flag':<5} claim  ->  best passage")
    for claim, value, expected in rows:
        source = SOURCES[value]
        [best] = best_matches(claim, [source], limit=1)
        passage = source.text[best.start:best.end]
        if expected is None:
            hit = "absent"
        else:
            at = source.text.index(expected)
            hit = "yes" if best.start < at + len(expected) and at < best.end else "no"
        found += hit == "yes"
        flagged += best.score < THRESHOLD
        flag = "weak" if best.score < THRESHOLD else ""
        print(f"{best.score:>6.1f}  {hit:<7} {flag:<5} {claim[:60]!r}  ->  {passage[:70]!r}")
    in_source = sum(1 for _, _, expected in rows if expected is not None)
    print(f"\n{found} of {in_source} claims present in the readouts find their passage as the best match; "
          f"{flagged} of {len(rows)} claims score under {THRESHOLD} and are flagged weak in the queue.")


if __name__ == "__main__":
    main()
