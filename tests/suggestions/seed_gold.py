"""A gold annotation of the seed text, following the guidelines' decision order and worked examples.

Each entry is (exact phrase, label, attributes, occurrence): the phrase's n-th occurrence in the seed.
"""
R = "sourced_readout"
I = "author_inference"  # noqa: E741  (the guide's letter for inference)
U = "unverifiable_claim"
RU = {"source": "russian_readout", "quote": "paraphrase"}
CN = {"source": "chinese_readout", "quote": "paraphrase"}

SEED_GOLD = [
    ("Because Putin wanted to let Xi know exactly what he planned to discuss in his subsequent conversation later "
     "that day with Trump", U, {"reason": "motive_or_intent", "check_worthiness": "medium"}, 0),
    ("This is how two allies cooperate and coordinate", I, {"inference_type": "interpretation", "basis": "none"}, 0),
    ("I think the biggest takeaway from their conversation is that they see their partnership as an essential power "
     "center in trying to keep the world from blowing up", I,
     {"inference_type": "interpretation", "basis": "both_readouts", "cue": "I think"}, 0),
    ("The conversation lasted 1 hour and 25 minutes", R, RU, 0),
    ("taking place in a “genuinely friendly,” “frank,” and “trusting” atmosphere", R,
     {"source": "russian_readout", "quote": "partial_direct", "cue_text": "with Ushakov characterizing it as"}, 0),
    ("The leaders reaffirmed the comprehensive partnership and strategic cooperation between Russia and China as "
     "being at an unprecedented level, based on equality, mutual benefit, and not directed against third parties or "
     "influenced by short-term politics", R, RU, 0),
    ("Emphasis on continuing to develop commercial and economic ties, including in the energy sector", R, RU, 0),
    ("Trade and energy cooperation were highlighted as key areas for further growth", R, RU, 0),
    ("The international environment was described as “increasingly turbulent” since the start of the year", R,
     {"source": "russian_readout", "quote": "partial_direct"}, 0),
    ("Both sides stressed the need to deepen strategic coordination to ensure relations develop steadily and maintain "
     "strategic stability", R, RU, 0),
    ("Putin and Xi agreed to keep permanent bilateral consultation mechanisms active across channels (security "
     "councils, foreign ministries, defense agencies) to complement their personal communication", R, RU, 0),
    ("They noted close or coinciding positions on major issues, including relations with the United States (e.g., "
     "assessments of Trump’s initiatives like the Gaza “Board of Peace” plan)", R, dict(RU, author_framing=True), 0),
    ("Special attention was given to the tense situation in Iran (amid U.S.-Iran talks and regional tensions)", R,
     RU, 0),
    ("They exchanged views on other major strategic issues and global challenges", R, RU, 0),
    ("Xi invited Putin to visit China in the first half of 2026, and Putin accepted", R, RU, 0),
    ("Putin will also attend the Asia-Pacific Economic Cooperation (APEC) summit or related events in China later in "
     "the year", R, RU, 0),
    ("the call as substantive and a “good tradition,” confirming fundamental priorities for the coming period", R,
     {"source": "russian_readout", "quote": "partial_direct", "cue_text": "Ushakov emphasized"}, 0),
    ("Moscow and Beijing “support each other on key issues concerning national interests in the face of external "
     "challenges,” positioning their alliance as a “powerful, constructive, and stabilizing factor” globally", R,
     {"source": "russian_readout", "quote": "partial_direct", "author_framing": True}, 0),
    ("The statement is positive and emphasizes deepening ties amid global challenges", I,
     {"inference_type": "interpretation", "basis": "chinese_readout"}, 0),
    ("On the afternoon of February 4, 2026, President Xi Jinping held a virtual meeting with President Vladimir Putin "
     "at the Great Hall of the People in Beijing", R, CN, 0),
    ("Xi extended sincere Spring Festival greetings to Putin and the Russian people", R, CN, 0),
    ("He noted that February 4 is the Beginning of Spring (Lichun, one of the 24 solar terms in the Chinese lunar "
     "calendar), symbolizing the return of spring and a new beginning", R, dict(CN, author_framing=True), 0),
    ("Xi expressed readiness to work with Putin on this “auspicious day” to draw a new blueprint for China-Russia "
     "relations", R, {"source": "chinese_readout", "quote": "partial_direct"}, 0),
    ("Xi emphasized that China-Russia relations are at an unprecedented high level, characterized by mutual respect, "
     "equality, mutual benefit, and strategic coordination", R, CN, 0),
    ("He called for continued high-level exchanges and strengthened pragmatic cooperation in various fields", R, CN, 0),
    ("Xi highlighted that the international situation has become increasingly turbulent since the beginning of the "
     "year", R, CN, 0),
    ("As responsible major countries and permanent members of the UN Security Council, China and Russia have the "
     "obligation to uphold fairness and justice, safeguard the outcomes of World War II, defend the UN-centered "
     "international system, and maintain basic norms of international law", R, CN, 0),
    ("The two leaders agreed to deepen strategic coordination, maintain global strategic stability, and work together "
     "to address major international issues", R, CN, 0),
    ("They stressed joint efforts to promote multipolarity, fairness in global governance, and resistance to external "
     "interference", R, CN, 0),
    ("Xi invited Putin to visit China in the first half of 2026, and Putin accepted", R, CN, 1),
    ("They also discussed coordination on upcoming events and bilateral mechanisms", R, CN, 0),
    ("the meeting as substantive, friendly, and forward-looking, with both sides committing to steady development of "
     "ties as a stabilizing force amid turbulence", R, dict(CN, cue_text="The readout portrays"), 0),
    ("There are still US national security officials and think tank pundits who believe that the relationship "
     "between Russia and China is just a superficial charade and that Russia will ultimately come to its senses, "
     "reject China and align itself with the West", U, {"reason": "unnamed_actors", "check_worthiness": "low"}, 0),
    ("This conversation, coupled with the concrete measures that Putin and Xi have taken since their meeting in "
     "Moscow in early 2023, should disabuse those Western foreign policy experts of their delusional dream", I,
     {"inference_type": "evaluation_prediction", "basis": "none", "cue": "should"}, 0),
    ("We can see from both readouts that both leaders are fully committed to strategic coordination, maintaining "
     "global strategic stability and working in concert to address major international issues", I,
     {"inference_type": "conclusion_from_source", "basis": "both_readouts", "cue": "We can see from both readouts that"},
     0),
    ("While not explicitly stated, I am sure that the upcoming joint-naval military exercise with Iran was "
     "thoroughly discussed, including how both should respond in the event of a US attack on Iran", I,
     {"inference_type": "speculation", "basis": "none", "cue": "I am sure that"}, 0),
    ("They also discussed Cuba", R, RU, 0),
    ("which is currently being targeted by Trump", I, {"inference_type": "interpretation", "basis": "none"}, 0),
    ("Presidents Vladimir Putin and Xi Jinping also coordinated their approaches on the situation in Cuba (along with "
     "Venezuela and Iran)", R, RU, 0),
    ("Putin and Xi spoke in favor of preserving the level of cooperation reached with Havana (and Caracas), despite "
     "U.S. pressures and unilateral actions", R, dict(RU, cue_text="Kremlin aide Yury Ushakov stated that"), 0),
    ("solidarity with Cuba, including pledges to maintain assistance for sovereignty and independence, and has "
     "supplied oil/energy support in recent months", R, dict(RU, cue_text="Russia also emphasized"), 0),
    ("Together, Russia and China are flexing their military and economic power in order to end the US obsession with "
     "trying to rule the world", I, {"inference_type": "interpretation", "basis": "none"}, 0),
    ("But they are doing more than just talk about doing this, they are working in tandem to consolidate their status "
     "as the new midwives charged with birthing a new world political and economic order", I,
     {"inference_type": "interpretation", "basis": "none"}, 0),
    ("One that can no longer be held hostage to either the United States nor the Davos crowd", I,
     {"inference_type": "evaluation_prediction", "basis": "none"}, 0),
]
