"""Inter-annotator agreement: pure metrics, reports and charts."""
