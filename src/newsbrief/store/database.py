"""The article store: SQLite by default, PostgreSQL when the URL says so, migrated on open.

Briefs are written many a transaction (``add_many``; ``watch`` writes one at a time), so a crash
(even SIGKILL) loses at most the batch being written; SQLite runs in WAL mode, which keeps the
file whole through one. What makes an article new, a revision or a duplicate is ``writer``'s;
how words and entities are searched is ``search``'s.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsbrief.brief import Brief
from newsbrief.errors import MissingExtraError, NewsbriefError
from newsbrief.store.identity import canonical_url

if TYPE_CHECKING:
    from newsbrief.store.writer import Incoming

MIGRATIONS = Path(__file__).parent / "migrations"
ENV_VAR = "NEWSBRIEF_DB"
_WRITE_TRIES = 5
_PAGE = 1_000  # rows a read of every article takes at a time


class StoreError(NewsbriefError):
    """The store cannot be opened or written (bad URL, unreachable server, locked file)."""


def default_url() -> str:
    """``$NEWSBRIEF_DB``, else a SQLite file in the user's data folder (platformdirs)."""
    if os.environ.get(ENV_VAR):
        return os.environ[ENV_VAR]
    try:
        from platformdirs import user_data_dir
    except ImportError as exc:
        raise MissingExtraError("the article store", "store") from exc
    folder = Path(user_data_dir("newsbrief", appauthor=False))
    return f"sqlite:///{folder / 'newsbrief.db'}"


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Added:
    """What storing an article did: ``new``, ``updated`` (a new revision of the article stored
    under its URL) or ``duplicate`` (its words are stored already), with the article's id;
    ``note`` says why a given ``url`` was not used to match articles."""

    status: str
    id: int
    note: str | None = None


@dataclass(frozen=True, slots=True)
class StorySummary:
    """A story as the store knows it: its id, how many articles, when, its newest headline."""

    id: str
    articles: int
    first: datetime | None
    last: datetime | None
    headline: str | None


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """An article as stored, without its Brief (``Store.brief`` reads that)."""

    id: int
    url: str | None
    feed: str | None
    title: str | None
    published: str | None
    fetched: datetime
    source: str
    story: str | None
    revisions: int = 1


@dataclass(frozen=True, slots=True)
class FeedState:
    """A watched feed and how its last fetch went."""

    id: int
    url: str
    title: str | None
    etag: str | None
    last_modified: str | None
    last_status: str | None
    last_checked: datetime | None
    last_ok: datetime | None
    failures: int
    next_attempt: datetime | None
    articles: int = 0


class Store:
    """An open article store. Thread-safe: every call runs in its own session and transaction."""

    def __init__(self, url: str | None = None) -> None:
        try:
            import sqlalchemy  # noqa: F401
            from alembic import command  # noqa: F401
        except ImportError as exc:
            raise MissingExtraError("the article store", "store") from exc
        self.url = url or default_url()
        self._engine = _engine(self.url)
        try:
            _migrate(self._engine)
        except Exception as exc:
            self._engine.dispose()
            raise StoreError(f"cannot open the store at {_safe(self.url)}: {_reason(exc)}") from exc
        from sqlalchemy.orm import sessionmaker

        self._sessions = sessionmaker(self._engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return str(self._engine.dialect.name)

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- articles ------------------------------------------------------------------------

    def has_url(self, url: str) -> bool:
        from sqlalchemy import select

        from newsbrief.store.models import ArticleRow

        if not url.strip().lower().startswith(("http://", "https://")):
            return False
        with self._sessions() as session:
            return (
                session.scalar(select(ArticleRow.id).where(ArticleRow.url == canonical_url(url))) is not None
            )

    def add(
        self, brief: Brief, *, url: str | None = None, feed_id: int | None = None, source: str = "ingest"
    ) -> Added:
        """Store ``brief`` in a transaction of its own (see ``add_many`` for what it decides)."""
        return self.add_many([brief], url=url, feed_id=feed_id, source=source)[0]

    def add_many(
        self,
        briefs: Sequence[Brief | dict[str, Any]],
        *,
        url: str | None = None,
        feed_id: int | None = None,
        source: str = "ingest",
        texts: Sequence[str | None] | None = None,
    ) -> list[Added]:
        """Store ``briefs`` (Briefs, or Brief JSON as written by ``batch`` or ``export``) in one
        transaction: each ``new``, ``updated`` (a new revision of the article at its URL) or
        ``duplicate`` (its words are stored). Rerun after a crash, it stores nothing twice.
        ``texts``, the JSON each brief was read from (or ``None``), spares encoding it again."""
        from newsbrief.store.writer import incoming

        now = _utcnow()
        given = texts if texts is not None else [None] * len(briefs)
        items = [
            incoming(b, url=url, feed_id=feed_id, source=source, now=now, text=t)
            for b, t in zip(briefs, given, strict=True)
        ]
        return self.write(items)

    def optimize(self) -> None:
        """Refresh the planner's statistics after a bulk load or after story ids were written
        (``ANALYZE``; on SQLite from a bounded sample of each index, milliseconds at any size):
        with the statistics of an empty table, or of one whose stories were all unset, a plan
        can read every row to find a few."""
        from sqlalchemy import text

        statements = (
            ("PRAGMA analysis_limit=1000", "ANALYZE")
            if self.dialect == "sqlite"
            else ("ANALYZE articles, article_entities",)
        )
        with self._engine.begin() as connection:
            for statement in statements:
                connection.execute(text(statement))

    def reserve_ids(self, items: Sequence[Incoming]) -> None:
        """Give prepared briefs ids from PostgreSQL's sequence, in order, so batches written at
        once keep the order they were read in (an id not used by a duplicate is a gap)."""
        if self.dialect != "postgresql" or not items:
            return
        from sqlalchemy import text

        query = text(
            "SELECT nextval(pg_get_serial_sequence('articles', 'id')) "
            "FROM generate_series(1, :n) AS g(i) ORDER BY i"
        )
        with self._engine.connect() as connection:
            ids = sorted(int(n) for n in connection.execute(query, {"n": len(items)}).scalars())
        for item, article_id in zip(items, ids, strict=True):
            item.id = article_id

    def write(self, items: Sequence[Incoming]) -> list[Added]:
        """Store briefs already prepared by ``writer.incoming`` in one transaction (``add_many``
        in two steps, so a bulk load can prepare the next batch while this one is written)."""
        from sqlalchemy.exc import IntegrityError, OperationalError

        from newsbrief.store.writer import write_batch

        for attempt in range(_WRITE_TRIES):
            with self._sessions() as session:
                try:
                    done = write_batch(session, items)
                    session.commit()
                except (IntegrityError, OperationalError) as exc:
                    # Another writer stored some of these a moment ago (or held the lock):
                    # look again; what it stored is now a duplicate or an update.
                    session.rollback()
                    if attempt == _WRITE_TRIES - 1:
                        raise StoreError(f"cannot write to the store: {_reason(exc)}") from exc
                    time.sleep(0.05 * (attempt + 1))
                    continue
            return [Added(status, i, item.note) for (status, i), item in zip(done, items, strict=True)]
        raise AssertionError("unreachable")

    def brief(self, article_id: int) -> dict[str, Any] | None:
        """The stored Brief JSON of an article, with its ``story``; ``None`` if there is none."""
        from newsbrief.store.models import ArticleRow

        with self._sessions() as session:
            row = session.get(ArticleRow, article_id)
            return None if row is None else _with_story(row.brief, row.story_id)

    def revisions(self, article_id: int) -> list[dict[str, Any]]:
        """Every version of an article's Brief JSON, oldest first, the one shown last."""
        from newsbrief.store.models import ArticleRow

        with self._sessions() as session:
            row = session.get(ArticleRow, article_id)
            if row is None:
                return []
        return [*self._older(article_id, row.story_id), _with_story(row.brief, row.story_id)]

    def _older(self, article_id: int, story: str | None) -> list[dict[str, Any]]:
        """An article's older versions, oldest first (its newest is the article's own row)."""
        from sqlalchemy import select

        from newsbrief.store.models import RevisionRow

        older = select(RevisionRow.brief).where(RevisionRow.article_id == article_id)
        with self._sessions() as session:
            kept = session.scalars(older.order_by(RevisionRow.dated, RevisionRow.id)).all()
        return [_with_story(b, story) for b in kept]

    def articles(
        self, *, since: datetime | None = None, feed: str | None = None, revisions: bool = False
    ) -> Iterator[dict[str, Any]]:
        """Every stored Brief JSON (with ``story``), oldest stored first, read in pages so memory
        stays flat; ``since`` keeps those dated on or after a date, ``feed`` those of one feed;
        ``revisions`` puts each article's older versions, oldest first, before it."""
        from sqlalchemy import select

        from newsbrief.store.models import ArticleRow, FeedRow

        query = select(ArticleRow.id, ArticleRow.brief, ArticleRow.story_id, ArticleRow.revisions)
        if since is not None:
            query = query.where(ArticleRow.dated >= since)
        if feed is not None:
            query = query.join(FeedRow, FeedRow.id == ArticleRow.feed_id).where(FeedRow.url == feed)
        # Keyset pages, not one long cursor: a reader holds no transaction open for an hour.
        after = 0
        while True:
            with self._sessions() as session:
                page = list(
                    session.execute(query.where(ArticleRow.id > after).order_by(ArticleRow.id).limit(_PAGE))
                )
            for article_id, brief, story, count in page:
                if revisions and count > 1:
                    yield from self._older(article_id, story)
                yield _with_story(brief, story)
            if len(page) < _PAGE:
                return
            after = page[-1][0]

    def by_date(self) -> Iterator[tuple[int, dict[str, Any]]]:
        """``(id, Brief JSON)`` of every stored article, oldest published (else fetched) first:
        the order stories are told in."""
        from sqlalchemy import select

        from newsbrief.store.models import ArticleRow

        query = select(ArticleRow.id, ArticleRow.brief).order_by(ArticleRow.dated, ArticleRow.id)
        with self._sessions() as session:
            for article_id, brief in session.execute(query.execution_options(yield_per=500)):
                yield article_id, _read(brief)

    def set_stories(self, stories: Iterable[tuple[int, str]]) -> int:
        """Record each ``(article id, story id)``, a chunk at a time (memory stays flat), all in
        one transaction, then refresh the statistics; returns how many rows changed."""
        from sqlalchemy import bindparam, select, update

        from newsbrief.store.models import ArticleRow
        from newsbrief.store.writer import chunks

        changed = 0
        with self._sessions() as session:
            pending: list[tuple[int, str]] = []

            def flush() -> int:
                current: dict[int, str | None] = {}
                for chunk in chunks([i for i, _ in pending]):
                    query = select(ArticleRow.id, ArticleRow.story_id).where(ArticleRow.id.in_(chunk))
                    current.update((i, story) for i, story in session.execute(query))
                rows = [
                    {"row_id": i, "story": story}
                    for i, story in pending
                    if i in current and current[i] != story
                ]
                if rows:
                    statement = (
                        update(ArticleRow.__table__)  # type: ignore[arg-type]
                        .where(ArticleRow.__table__.c.id == bindparam("row_id"))
                        .values(story_id=bindparam("story"))
                    )
                    session.connection().execute(statement, rows)
                pending.clear()
                return len(rows)

            for pair in stories:
                pending.append(pair)
                if len(pending) >= _PAGE * 5:
                    changed += flush()
            changed += flush()
            session.commit()
        if changed:
            self.optimize()  # a story's articles are then found through its index, not a scan
        return changed

    def story(self, story_id: str) -> list[tuple[int, dict[str, Any]]]:
        """``(id, Brief JSON)`` of a story's articles, oldest first; empty for an unknown story."""
        from sqlalchemy import select

        from newsbrief.store.models import ArticleRow

        query = (
            select(ArticleRow.id, ArticleRow.brief)
            .where(ArticleRow.story_id == story_id)
            .order_by(ArticleRow.dated, ArticleRow.id)
        )
        with self._sessions() as session:
            return [(i, _read(b)) for i, b in session.execute(query)]

    def stories(self, limit: int = 50, ids: Sequence[str] | None = None) -> list[StorySummary]:
        """Stories, the one that grew last first, with their size and newest headline (only
        the stories ``ids`` when given)."""
        from sqlalchemy import func, select

        from newsbrief.store.models import ArticleRow

        when = ArticleRow.dated
        grouped = (
            select(
                ArticleRow.story_id,
                func.count(ArticleRow.id),
                func.min(when),
                func.max(when),
                func.max(ArticleRow.id),
            )
            .where(ArticleRow.story_id.is_not(None) if ids is None else ArticleRow.story_id.in_(list(ids)))
            .group_by(ArticleRow.story_id)
            .order_by(func.max(when).desc(), ArticleRow.story_id)
            .limit(max(1, min(limit, 1000)))
        )
        with self._sessions() as session:
            rows = list(session.execute(grouped))
            newest = select(ArticleRow.id, ArticleRow.title).where(ArticleRow.id.in_([r[4] for r in rows]))
            titles = {i: title for i, title in session.execute(newest)}
        return [
            StorySummary(str(story), int(n), _aware(first), _aware(last), titles.get(newest))
            for story, n, first, last, newest in rows
        ]

    def search(
        self,
        words: str | None = None,
        entity: str | None = None,
        limit: int = 50,
        *,
        since: datetime | None = None,
    ) -> list[StoredArticle]:
        """Stored articles, newest first, whose title or body holds every one of ``words``
        (a "quoted phrase" as a phrase; English stems: "sanction" finds "sanctions"), that name
        ``entity`` (its canonical name, e.g. "Vladimir Putin") and are dated ``since`` or later.
        The database's own indexes answer it: SQLite FTS5, PostgreSQL tsvector + GIN."""
        from sqlalchemy import select
        from sqlalchemy.orm import defer

        from newsbrief.store.models import ArticleRow, FeedRow
        from newsbrief.store.search import search_ids

        with self._sessions() as session:
            ids = search_ids(session.connection(), words, entity, since, max(1, min(limit, 1000)))
            if not ids:
                return []
            query = (
                select(ArticleRow, FeedRow.url)
                .outerjoin(FeedRow, FeedRow.id == ArticleRow.feed_id)
                .where(ArticleRow.id.in_(ids))
                .options(defer(ArticleRow.brief))  # the whole brief is not what a listing shows
            )
            rows = {row.id: (row, feed_url) for row, feed_url in session.execute(query)}
            return [
                StoredArticle(
                    row.id,
                    row.url,
                    feed_url,
                    row.title,
                    row.published,
                    _aware(row.fetched) or row.fetched,
                    row.source,
                    row.story_id,
                    row.revisions,
                )
                for row, feed_url in (rows[i] for i in ids if i in rows)
            ]

    def count(self) -> int:
        from sqlalchemy import func, select

        from newsbrief.store.models import ArticleRow

        with self._sessions() as session:
            return int(session.scalar(select(func.count(ArticleRow.id))) or 0)

    # --- batch runs ------------------------------------------------------------------------

    def finished_parts(self, run: str) -> set[str]:
        """The parts of batch run ``run`` whose briefs are all stored."""
        from sqlalchemy import select

        from newsbrief.store.models import BatchPart

        with self._sessions() as session:
            return set(session.scalars(select(BatchPart.part).where(BatchPart.run == run)))

    def finish_part(self, run: str, part: str, records: int, errors: int) -> None:
        """Record that every brief of ``part`` is stored (once; a rerun's record replaces it)."""
        from sqlalchemy.exc import IntegrityError

        from newsbrief.store.models import BatchPart

        with self._sessions() as session:
            session.merge(BatchPart(run=run, part=part, records=records, errors=errors, finished=_utcnow()))
            try:
                session.commit()
            except IntegrityError:  # the same part, run twice by the cluster, recorded a moment ago
                session.rollback()

    # --- feeds ---------------------------------------------------------------------------

    def feed(self, url: str) -> FeedState:
        """The state of a feed, added to the store when new."""
        from sqlalchemy import select
        from sqlalchemy.exc import IntegrityError

        from newsbrief.store.models import FeedRow

        with self._sessions() as session:
            row = session.scalar(select(FeedRow).where(FeedRow.url == url))
            if row is None:
                row = FeedRow(url=url, failures=0)
                session.add(row)
                try:
                    session.commit()
                except IntegrityError:
                    session.rollback()
                    row = session.scalar(select(FeedRow).where(FeedRow.url == url))
                    assert row is not None
            return _feed_state(row)

    def update_feed(self, feed_id: int, **values: Any) -> None:
        """Record how a fetch of the feed went (any of FeedState's fields but ``id``/``url``)."""
        from newsbrief.store.models import FeedRow

        with self._sessions() as session:
            row = session.get(FeedRow, feed_id)
            if row is None:
                raise StoreError(f"no feed {feed_id} in the store")
            for key, value in values.items():
                setattr(row, key, value)
            session.commit()

    def feeds(self) -> list[FeedState]:
        """Every feed with its article count, in the order they were added."""
        from sqlalchemy import func, select

        from newsbrief.store.models import ArticleRow, FeedRow

        counts = (
            select(ArticleRow.feed_id, func.count(ArticleRow.id).label("n"))
            .group_by(ArticleRow.feed_id)
            .subquery()
        )
        query = (
            select(FeedRow, counts.c.n).outerjoin(counts, counts.c.feed_id == FeedRow.id).order_by(FeedRow.id)
        )
        with self._sessions() as session:
            return [_feed_state(row, int(n or 0)) for row, n in session.execute(query)]


def _read(brief_json: str) -> dict[str, Any]:
    """A stored Brief JSON as data (orjson: a bulk read of the store is mostly this)."""
    from orjson import loads

    data: dict[str, Any] = loads(brief_json)
    return data


def _with_story(brief_json: str, story: str | None) -> dict[str, Any]:
    data = _read(brief_json)
    data["story"] = story
    return data


def _feed_state(row: Any, articles: int = 0) -> FeedState:
    return FeedState(
        id=row.id,
        url=row.url,
        title=row.title,
        etag=row.etag,
        last_modified=row.last_modified,
        last_status=row.last_status,
        last_checked=_aware(row.last_checked),
        last_ok=_aware(row.last_ok),
        failures=row.failures or 0,
        next_attempt=_aware(row.next_attempt),
        articles=articles,
    )


def _aware(value: datetime | None) -> datetime | None:
    from newsbrief.store.models import aware

    return None if value is None else aware(value)


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        from sqlalchemy.engine import make_url

        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "<unreadable URL>"


def _reason(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _engine(url: str) -> Any:
    from sqlalchemy import create_engine, event
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"not a database URL: {url!r} (e.g. sqlite:///briefs.db)") from exc
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:":
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _pragmas(connection: Any, _record: Any) -> None:
            # The driver left to itself begins a transaction only before INSERT, UPDATE or
            # DELETE, so a SELECT that decides a write, or DDL (the bulk writer's trigger swap),
            # would run outside it: the driver begins nothing, and ``_begin`` begins every
            # transaction SQLAlchemy opens (SQLAlchemy's documented recipe for pysqlite).
            connection.isolation_level = None
            cursor = connection.cursor()
            # WAL keeps the file whole through a crash and lets readers read while one writes.
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            # 64 MiB of page cache: the full-text and entity indexes of a bulk load stay in memory.
            cursor.execute("PRAGMA cache_size=-65536")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin(connection: Any) -> None:
            connection.exec_driver_sql("BEGIN")

        return engine
    if parsed.get_backend_name() == "postgresql":
        try:
            import psycopg  # noqa: F401
        except ImportError as exc:
            raise MissingExtraError("a PostgreSQL store", "postgres") from exc
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
    try:
        return create_engine(parsed, pool_pre_ping=True)
    except (NoSuchModuleError, ImportError) as exc:
        raise StoreError(
            f"no driver for {parsed.drivername!r}: use sqlite:/// or postgresql+psycopg://"
        ) from exc


def _migrate(engine: Any) -> None:
    """Bring the schema to the newest migration (Alembic), creating it in a new store."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
