"""Suggestions: spans proposed by rules, a tagger trained on the gold, or another tool, for annotators to accept."""
