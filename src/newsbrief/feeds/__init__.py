"""Feeds: RSS, Atom and JSON Feed polled into the article store.

- ``items``       a feed's bytes to its items (feedparser; JSON Feed read directly);
- ``opml``        subscription lists;
- ``politeness``  one request at a time per host, a pause, robots.txt, retries with backoff;
- ``watch``       the pass: conditional GET, new items' pages fetched and briefed, stored once.
"""

from newsbrief.feeds.items import FeedError, Item, parse_feed
from newsbrief.feeds.opml import read_opml
from newsbrief.feeds.watch import FeedReport, PassSummary, Watcher, WatchOptions

__all__ = [
    "FeedError",
    "FeedReport",
    "Item",
    "PassSummary",
    "WatchOptions",
    "Watcher",
    "parse_feed",
    "read_opml",
]
