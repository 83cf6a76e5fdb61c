"""datatrove: an Extractor that uses pagecleaner, in place of datatrove's Trafilatura.

``pip install "pagecleaner[datatrove]"`` (datatrove with its WARC reader's needs)::

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import WarcReader
    from datatrove.pipeline.writers import JsonlWriter
    from pagecleaner.integrations.datatrove import Pagecleaner

    LocalPipelineExecutor(
        pipeline=[
            WarcReader("crawl/", glob_pattern="*.warc.gz"),
            Pagecleaner(),                      # was: Trafilatura(favour_precision=True)
            JsonlWriter("out/"),
        ],
        tasks=1,
    ).run()

Like datatrove's own extractors it gets each document's HTML and returns the article text
(a document whose page has no article is dropped by datatrove, as for an empty
extraction); with ``metadata=True`` (the default) the document's metadata also receives
``title`` and ``spam_verdict``. Each document runs in datatrove's extractor sandbox with a
``timeout`` in seconds.
"""

from __future__ import annotations

from typing import Any

from datatrove.pipeline.extractors.base import BaseExtractor

from ..api import Cleaner
from ..options import Options

__all__ = ["Pagecleaner"]


class Pagecleaner(BaseExtractor):  # type: ignore[misc]
    """datatrove extractor: the article text of each document's HTML, without the spam."""

    name = "🧹 pagecleaner"
    _requires_dependencies = ["pagecleaner"]  # noqa: RUF012 - datatrove's own attribute

    def __init__(self, options: Options | None = None, *, timeout: float = 5) -> None:
        super().__init__(timeout)
        self.options = options
        self._cleaner: Cleaner | None = None

    def _get_cleaner(self) -> Cleaner:
        if self._cleaner is None:
            self._cleaner = Cleaner(self.options)
        return self._cleaner

    def extract(self, text: str) -> str:
        """The article text of one page (empty when there is none: datatrove drops it)."""
        if text == "":  # datatrove's sandbox warms the extractor up on an empty page
            self._get_cleaner()
            return ""
        return self._get_cleaner().clean(text).text

    def __getstate__(self) -> dict[str, Any]:
        # Shipped to datatrove's workers without the Cleaner; each builds its own.
        state = dict(self.__dict__)
        state["_cleaner"] = None
        return state
