"""Render a schema's Markdown guidelines to HTML with raw HTML escaped."""
from functools import lru_cache

from markdown_it import MarkdownIt
from mdit_py_plugins.anchors import anchors_plugin

# html=False escapes any raw HTML in the file, so guidelines cannot inject markup or scripts.
_renderer = MarkdownIt("commonmark", {"html": False}).enable("table").use(anchors_plugin, max_level=3)


@lru_cache(maxsize=32)
def render_guidelines(markdown_text: str) -> str:
    return _renderer.render(markdown_text)
