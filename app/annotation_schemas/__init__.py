"""Annotation schemas: the versioned label, attribute and hotkey files in the top-level annotation_schemas/ folder."""
