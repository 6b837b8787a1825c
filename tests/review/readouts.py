"""The seed text's gold spans (per the guidelines) and two short test readouts written for these tests.

The readouts are our own words, not the real documents: some passages are worded differently from
the seed, and the seed's APEC claim is left out, so the matcher has something it cannot find.
"""
from pathlib import Path

SEED_TEXT = (Path(__file__).resolve().parents[2] / "seed_texts" / "putin_xi_call_2026-02-04.txt").read_text("utf-8")
SEED_EXTERNAL_ID = "putin-xi-call-2026-02-04"

RUSSIAN_READOUT = """Kremlin aide Yury Ushakov briefed journalists after the video call between Vladimir Putin and Xi Jinping on 4 February 2026.
The conversation lasted 1 hour and 25 minutes. According to Ushakov, it took place in a genuinely friendly, frank and trusting atmosphere.
The two leaders reaffirmed that the comprehensive partnership and strategic cooperation between Russia and China stand at an unprecedented level; the relationship rests on equality and mutual benefit, is not directed against third countries and does not depend on short-term politics.
The presidents discussed further development of commercial and economic ties, with particular emphasis on the energy sector. Trade and energy were singled out as key areas for growth.
The international situation has become increasingly turbulent since the start of the year, the sides noted. They agreed on the need to deepen strategic coordination so that relations develop steadily and strategic stability is maintained.
Putin and Xi agreed to keep the permanent consultation mechanisms working through all channels, including security councils, foreign ministries and defence agencies, alongside their personal contacts.
The positions of the two countries on major issues, including relations with the United States, are close or coincide; the leaders exchanged assessments of Washington's initiatives, among them the Board of Peace plan for Gaza.
Particular attention was paid to the tense situation around Iran. Views were also exchanged on other strategic issues and global challenges.
Xi Jinping invited Vladimir Putin to pay a visit to China in the first half of 2026, and the invitation was accepted.
Putin and Xi spoke in favour of preserving the level of cooperation achieved with Havana and Caracas despite pressure and unilateral actions by the United States. Russia reaffirmed its solidarity with Cuba.
Ushakov described the call as substantive and called such early-year conversations a good tradition that confirms the priorities for the period ahead. Moscow and Beijing support each other on key issues concerning national interests in the face of external challenges; their partnership is a powerful, constructive and stabilising factor in world affairs.
"""

CHINESE_READOUT = """On the afternoon of 4 February 2026, President Xi Jinping held a video meeting with President Vladimir Putin from the Great Hall of the People in Beijing.
Xi conveyed sincere Spring Festival greetings to President Putin and to the Russian people. He observed that 4 February marks the Beginning of Spring, a time of renewal and new beginnings, and said China was ready to work with Russia on this auspicious day to draw up a new blueprint for relations.
Xi stressed that China-Russia relations are at an unprecedented high level, marked by mutual respect, equality, mutual benefit and strategic coordination. He called for keeping up high-level exchanges and strengthening practical cooperation across fields.
Since the start of the year the international situation has grown more turbulent, Xi said. As major countries and permanent members of the UN Security Council, China and Russia have an obligation to uphold fairness and justice, safeguard the outcomes of the Second World War, defend the international system with the UN at its core and maintain the basic norms of international law.
The two leaders agreed to deepen strategic coordination, maintain global strategic stability and work together on major international issues. They called for joint efforts to promote a multipolar world, fairer global governance and resistance to outside interference.
Xi invited Putin to visit China in the first half of 2026, and Putin accepted. The two sides also discussed upcoming events and bilateral mechanisms.
"""

RU = {"source": "russian_readout", "quote": "paraphrase"}
CN = {"source": "chinese_readout", "quote": "paraphrase"}
# (phrase, occurrence, label, attributes); the phrase's text is the span.
SEED_GOLD = [
    ("Because Putin wanted to let Xi know exactly what he planned to discuss in his subsequent conversation later "
     "that day with Trump", 0, "unverifiable_claim", {"reason": "motive_or_intent", "check_worthiness": "medium"}),
    ("This is how two allies cooperate and coordinate", 0, "author_inference",
     {"inference_type": "interpretation", "basis": "none"}),
    ("The conversation lasted 1 hour and 25 minutes", 0, "sourced_readout", RU),
    ("taking place in a “genuinely friendly,” “frank,” and “trusting” atmosphere", 0, "sourced_readout",
     {"source": "russian_readout", "quote": "partial_direct", "cue_text": "with Ushakov characterizing it as"}),
    ("The leaders reaffirmed the comprehensive partnership and strategic cooperation between Russia and China as "
     "being at an unprecedented level, based on equality, mutual benefit, and not directed against third parties or "
     "influenced by short-term politics", 0, "sourced_readout", RU),
    ("Emphasis on continuing to develop commercial and economic ties, including in the energy sector", 0,
     "sourced_readout", RU),
    ("Trade and energy cooperation were highlighted as key areas for further growth", 0, "sourced_readout", RU),
    ("The international environment was described as “increasingly turbulent” since the start of the year", 0,
     "sourced_readout", RU),
    ("Both sides stressed the need to deepen strategic coordination to ensure relations develop steadily and "
     "maintain strategic stability", 0, "sourced_readout", RU),
    ("Putin and Xi agreed to keep permanent bilateral consultation mechanisms active across channels (security "
     "councils, foreign ministries, defense agencies) to complement their personal communication", 0,
     "sourced_readout", RU),
    ("Special attention was given to the tense situation in Iran (amid U.S.-Iran talks and regional tensions)", 0,
     "sourced_readout", RU),
    ("Xi invited Putin to visit China in the first half of 2026, and Putin accepted", 0, "sourced_readout", RU),
    ("Putin will also attend the Asia-Pacific Economic Cooperation (APEC) summit or related events in China later "
     "in the year", 0, "sourced_readout", RU),
    ("Xi extended sincere Spring Festival greetings to Putin and the Russian people", 0, "sourced_readout", CN),
    ("Xi emphasized that China-Russia relations are at an unprecedented high level, characterized by mutual respect, "
     "equality, mutual benefit, and strategic coordination", 0, "sourced_readout", CN),
    ("The two leaders agreed to deepen strategic coordination, maintain global strategic stability, and work "
     "together to address major international issues", 0, "sourced_readout", CN),
    ("Xi invited Putin to visit China in the first half of 2026, and Putin accepted", 1, "sourced_readout", CN),
    ("There are still US national security officials and think tank pundits who believe that the relationship "
     "between Russia and China is just a superficial charade and that Russia will ultimately come to its senses, "
     "reject China and align itself with the West", 0, "unverifiable_claim",
     {"reason": "unnamed_actors", "check_worthiness": "low"}),
    ("They also discussed Cuba", 0, "sourced_readout", RU),
    ("Putin and Xi spoke in favor of preserving the level of cooperation reached with Havana (and Caracas), despite "
     "U.S. pressures and unilateral actions", 0, "sourced_readout", RU),
]
LEFT_OUT = "Putin will also attend the Asia-Pacific Economic Cooperation (APEC) summit"


def locate(text: str, phrase: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(phrase, start + 1)
    return start, start + len(phrase)


def seed_gold_spans(text: str = SEED_TEXT) -> list[dict]:
    spans = []
    for phrase, occurrence, label, attributes in SEED_GOLD:
        start, end = locate(text, phrase, occurrence)
        spans.append({"start": start, "end": end, "label": label, "attributes": dict(attributes)})
    return sorted(spans, key=lambda s: s["start"])

# Where each seed readout claim is in the test readouts (a phrase of its passage); None: left out on purpose.
EXPECTED_PASSAGES = {
    "The conversation lasted 1 hour and 25 minutes": "The conversation lasted 1 hour and 25 minutes",
    "taking place in a “genuinely friendly,”": "genuinely friendly, frank and trusting atmosphere",
    "The leaders reaffirmed the comprehensive partnership": "comprehensive partnership and strategic cooperation",
    "Emphasis on continuing to develop commercial": "development of commercial and economic ties",
    "Trade and energy cooperation were highlighted": "Trade and energy were singled out",
    "The international environment was described": "increasingly turbulent since the start of the year",
    "Both sides stressed the need to deepen": "deepen strategic coordination so that relations develop steadily",
    "Putin and Xi agreed to keep permanent": "permanent consultation mechanisms",
    "Special attention was given to the tense situation": "Particular attention was paid to the tense situation",
    "Xi invited Putin to visit China in the first half of 2026, and Putin accepted#0":
        "invited Vladimir Putin to pay a visit to China",
    "Putin will also attend the Asia-Pacific": None,
    "Xi extended sincere Spring Festival greetings": "sincere Spring Festival greetings",
    "Xi emphasized that China-Russia relations": "China-Russia relations are at an unprecedented high level",
    "The two leaders agreed to deepen strategic coordination": "The two leaders agreed to deepen strategic coordination",
    "Xi invited Putin to visit China in the first half of 2026, and Putin accepted#1":
        "Xi invited Putin to visit China in the first half of 2026",
    "They also discussed Cuba": "solidarity with Cuba",
    "Putin and Xi spoke in favor of preserving": "preserving the level of cooperation achieved with Havana",
}


def readout_claims() -> list[tuple[str, str, str | None]]:
    """(claim, source value, expected passage phrase or None) for each sourced_readout span of the seed gold."""
    claims = []
    for phrase, occurrence, label, attributes in SEED_GOLD:
        if label != "sourced_readout":
            continue
        key = next(k for k in EXPECTED_PASSAGES if (k.split("#")[0] == phrase and k.endswith(f"#{occurrence}"))
                   or (("#" not in k) and phrase.startswith(k)))
        claims.append((phrase, attributes["source"], EXPECTED_PASSAGES[key]))
    return claims
