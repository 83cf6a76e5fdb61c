"""Scrapy: an item pipeline that cleans the HTML field of each item.

``pip install "pagecleaner[scrapy]"``, then in ``settings.py``::

    ITEM_PIPELINES = {"pagecleaner.integrations.scrapy.PagecleanerPipeline": 300}
    PAGECLEANER_HTML_FIELD = "html"      # the item field holding the page (str or bytes)
    PAGECLEANER_URL_FIELD = "url"        # the page's URL, for links and same-site checks
    PAGECLEANER_DROP_SPAM = False        # True: drop items whose verdict is "spam"
    PAGECLEANER_KEEP_HTML = False        # True: keep the raw HTML field in the item

and in the spider, yield ``{"url": response.url, "html": response.body}``. The pipeline
sets the item's ``text``, ``title``, ``verdict`` and ``outcome`` fields (declare them on
a ``scrapy.Item`` class; dicts take them as they are). One Cleaner per crawler, built when
the spider opens. An item whose field holds no page (missing, ``None``, a number) raises
pagecleaner's :class:`~pagecleaner.InputError`; Scrapy logs it and drops that item.
"""

from __future__ import annotations

from typing import Any

from ..api import Cleaner
from ..options import Options
from . import summarise

__all__ = ["PagecleanerPipeline"]


class PagecleanerPipeline:
    """Cleans the item's HTML field into ``text``, ``title``, ``verdict`` and ``outcome``."""

    def __init__(
        self,
        html_field: str = "html",
        url_field: str = "url",
        *,
        drop_spam: bool = False,
        keep_html: bool = False,
        options: Options | None = None,
    ) -> None:
        self.html_field = html_field
        self.url_field = url_field
        self.drop_spam = drop_spam
        self.keep_html = keep_html
        self.cleaner = Cleaner(options)

    @classmethod
    def from_crawler(cls, crawler: Any) -> PagecleanerPipeline:
        settings = crawler.settings
        return cls(
            settings.get("PAGECLEANER_HTML_FIELD", "html"),
            settings.get("PAGECLEANER_URL_FIELD", "url"),
            drop_spam=settings.getbool("PAGECLEANER_DROP_SPAM", False),
            keep_html=settings.getbool("PAGECLEANER_KEEP_HTML", False),
            options=settings.get("PAGECLEANER_OPTIONS"),
        )

    def process_item(self, item: Any, spider: Any = None) -> Any:
        from itemadapter import ItemAdapter
        from scrapy.exceptions import DropItem

        adapter = ItemAdapter(item)
        page: Any = adapter.get(self.html_field)
        url = adapter.get(self.url_field)
        url = url if isinstance(url, str) else None
        summary = summarise(self.cleaner.clean(page, url=url), url)
        if self.drop_spam and summary["verdict"] == "spam":
            raise DropItem(f"pagecleaner: {url or 'page'} is spam")
        for name in ("text", "title", "verdict", "outcome"):
            adapter[name] = summary[name]
        if not self.keep_html:
            del adapter[self.html_field]
        return item
