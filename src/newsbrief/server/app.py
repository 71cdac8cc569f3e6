"""The HTTP API and the web page, over the same pipeline as the command line.

Every brief is computed in a worker thread, at most ``concurrency`` at once, within
``timeout_s``; request bodies over ``max_body_bytes`` are refused before they are read whole.
Errors are JSON ``{"error": {"code", "message"}}`` with a stable code, never a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, MutableMapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib.resources import files
from typing import Any, TypeVar
from urllib.parse import parse_qs

import anyio
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi_offline import FastAPIOffline
from starlette.exceptions import HTTPException

from newsbrief import __version__
from newsbrief.article import Article
from newsbrief.brief import CORE_LAYERS, LAYERS, Brief, build_brief
from newsbrief.errors import AddressRefusedError, FetchError, InputError, MissingExtraError, NewsbriefError
from newsbrief.events import Dictionaries, load_dictionaries
from newsbrief.keypoints import KeyPointModel, load_model
from newsbrief.nlp.spacy_pipeline import load_spacy
from newsbrief.readers import is_url, parse_html, read
from newsbrief.readers.decode import looks_binary
from newsbrief.readers.text import parse_text
from newsbrief.server.contract import responses, with_limits
from newsbrief.server.models import (
    BatchItemError,
    BatchOut,
    BatchRequest,
    BriefOut,
    BriefRequest,
    ErrorDetail,
    ErrorOut,
    Health,
)
from newsbrief.server.page import Form, render_page
from newsbrief.server.settings import ServerSettings

log = logging.getLogger("newsbrief.server")
T = TypeVar("T")

# Pages get a strict policy: even if escaping failed somewhere, no inline script could run.
_PAGE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
_STATIC = {"app.js": "text/javascript", "style.css": "text/css"}
_ERRORS: dict[int, str] = {404: "not_found", 405: "method_not_allowed"}


class ApiError(Exception):
    """A refusal with its HTTP status and stable code."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def _error_response(status: int, code: str, message: str) -> JSONResponse:
    body = ErrorOut(error=ErrorDetail(code=code, message=message))
    return JSONResponse(body.model_dump(), status_code=status)


def _as_api_error(exc: ApiError | NewsbriefError) -> ApiError:
    """The HTTP form of a refusal (a library one, or one the app already raised)."""
    if isinstance(exc, ApiError):
        return exc
    if isinstance(exc, AddressRefusedError):
        return ApiError(403, "url_forbidden", str(exc))
    if isinstance(exc, FetchError):
        return ApiError(502, "fetch_failed", str(exc))
    if isinstance(exc, MissingExtraError):
        return ApiError(501, "not_installed", str(exc))
    return ApiError(400, "invalid_input", str(exc))  # InputError and any other refusal


@dataclass
class Pipeline:
    """The models one worker process loads at start and every request shares."""

    settings: ServerSettings
    model: KeyPointModel | None = None
    layers: tuple[str, ...] = CORE_LAYERS
    dictionaries: Dictionaries | None = None

    def load(self) -> None:
        self.model = load_model(self.settings.model)
        if self.settings.dictionaries:
            self.dictionaries = load_dictionaries(self.settings.dictionaries)  # a bad folder stops the start
        try:
            load_spacy(self.settings.spacy_model)
            self.dictionaries = self.dictionaries or load_dictionaries(None)
            self.layers = LAYERS
        except NewsbriefError as exc:
            log.warning("entities, quotes and events are off: %s", exc)
            self.layers = CORE_LAYERS

    def brief(self, article: Article, points: int, layers: Sequence[str] | None) -> Brief:
        if layers is not None:
            missing = [layer for layer in layers if layer not in self.layers]
            if missing:
                raise ApiError(
                    501, "not_installed", f"layer(s) {', '.join(missing)} need the nlp extra on the server"
                )
        return build_brief(
            article,
            points=points,
            layers=layers if layers is not None else self.layers,
            model=self.model,
            spacy_model=self.settings.spacy_model,
            dictionaries=self.dictionaries,
        )


class BodyLimit:
    """Refuse a request body over ``max_bytes`` (declared or streamed) before the app sees it."""

    def __init__(self, app: Any, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: MutableMapping[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self._refuse(scope, receive, send)
            return
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._refuse(scope, receive, send)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body, replayed = b"".join(chunks), False

        async def replay() -> dict[str, Any]:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return dict(await receive())

        await self.app(scope, replay, send)

    async def _refuse(self, scope: MutableMapping[str, Any], receive: Any, send: Any) -> None:
        message = f"request body is larger than the limit of {self.max_bytes:,} bytes"
        response: Response
        if scope.get("path") == "/":
            response = HTMLResponse(render_page(Form(), error=message), 413, headers=_PAGE_HEADERS)
        else:
            response = _error_response(413, "body_too_large", message)
        await response(scope, receive, send)


def create_app(settings: ServerSettings | None = None) -> FastAPI:
    """The ASGI app; with no settings, they come from ``NEWSBRIEF_SERVER_*`` variables."""
    settings = settings or ServerSettings.from_env()
    pipeline = Pipeline(settings)
    limiter = anyio.CapacityLimiter(settings.concurrency)

    store = None
    if settings.db:
        from newsbrief.store import Store

        store = Store(settings.db)  # a bad URL or an unreachable server stops the start

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        pipeline.load()  # once per worker process, before the first request
        yield
        if store is not None:
            store.close()

    # Swagger UI served from the package, not a CDN: /docs works behind a firewall too.
    app = FastAPIOffline(
        redoc_url=None,
        title="newsbrief",
        version=__version__,
        description=(
            "The headline and key points of a news article, taken word for word from its body, "
            "with its entities and attributed quotes. Limits: "
            f"request body {settings.max_body_bytes:,} bytes, article text {settings.max_text_chars:,} "
            f"characters, {settings.max_batch} records a batch, {settings.timeout_s:g} s a request."
        ),
        lifespan=lifespan,
    )
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)

    async def run(fn: Callable[[], T]) -> T:
        """``fn`` in a worker thread within the request time limit."""
        try:
            with anyio.fail_after(settings.timeout_s):
                return await anyio.to_thread.run_sync(fn, limiter=limiter, abandon_on_cancel=True)
        except TimeoutError as exc:
            raise ApiError(504, "timeout", f"the brief took longer than {settings.timeout_s:g} s") from exc

    def too_long(length: int) -> ApiError:
        limit = settings.max_text_chars
        return ApiError(413, "text_too_long", f"article is {length:,} characters; the limit is {limit:,}")

    def article_of(text: str | None, title: str | None, page: str | None, url: str | None) -> Article:
        """The Article a request names; text is checked before parsing, pages after extraction."""
        if text is not None:
            if len(text) > settings.max_text_chars:
                raise too_long(len(text))
            if looks_binary(text.encode("utf-8", "replace")):
                raise InputError("input looks like binary data, not article text")
            return parse_text(text, title=title)
        if url is not None:
            if not is_url(url):
                raise ApiError(422, "invalid_request", "url must be an http(s) address")
            article = read(  # a URL (checked above), so fetched, never read as a path
                url,
                allow_private=settings.allow_private,
                max_bytes=settings.fetch_max_bytes,
                timeout=settings.timeout_s,  # the fetch ends with the request, not after it
            )
        else:
            assert page is not None  # the request models guarantee one source
            article = parse_html(page)
        if len(article.body) > settings.max_text_chars:
            raise too_long(len(article.body))
        return article

    def check_points(points: int) -> None:
        if points > settings.max_points:
            raise ApiError(422, "invalid_request", f"points must be at most {settings.max_points}")

    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return _error_response(exc.status, exc.code, exc.message)

    @app.exception_handler(NewsbriefError)
    async def _library_error(_request: Request, exc: NewsbriefError) -> JSONResponse:
        error = _as_api_error(exc)
        return _error_response(error.status, error.code, error.message)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        if any(e.get("type") == "json_invalid" for e in errors):
            return _error_response(400, "invalid_json", "request body is not valid JSON")
        parts = []
        for e in errors[:5]:
            where = ".".join(str(x) for x in e.get("loc", ()) if x != "body")
            parts.append(f"{where}: {e.get('msg')}" if where else str(e.get("msg")))
        return _error_response(422, "invalid_request", "; ".join(parts))

    @app.exception_handler(HTTPException)
    async def _http(_request: Request, exc: HTTPException) -> JSONResponse:
        response = _error_response(
            exc.status_code, _ERRORS.get(exc.status_code, "http_error"), str(exc.detail)
        )
        response.headers.update(exc.headers or {})  # a 405's Allow: the methods the path takes
        return response

    @app.exception_handler(Exception)
    async def _bug(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("internal error")
        return _error_response(500, "internal_error", "internal error; the server log has the details")

    errors = responses(400, 403, 413, 422, 501, 502, 504)

    @app.post("/v1/brief", response_model=BriefOut, responses=errors, tags=["brief"])
    async def brief_one(request: BriefRequest) -> dict[str, Any]:
        """Brief one article given as text, an HTML page or a URL."""
        check_points(request.points)

        def work() -> dict[str, Any]:
            article = article_of(request.text, request.title, request.html, request.url)
            data = pipeline.brief(article, request.points, request.layers).to_dict()
            data["id"] = request.id
            return data

        return await run(work)

    @app.post("/v1/batch", response_model=BatchOut, responses=errors, tags=["brief"])
    async def brief_many(request: BatchRequest) -> dict[str, Any]:
        """Brief up to ``max_batch`` articles (text or HTML); a bad record gets its own error."""
        check_points(request.points)
        if len(request.records) > settings.max_batch:
            raise ApiError(
                413, "batch_too_large", f"{len(request.records)} records; the limit is {settings.max_batch}"
            )

        def work() -> dict[str, Any]:
            results: list[dict[str, Any]] = []
            for record in request.records:
                try:
                    article = article_of(record.text, record.title, record.html, None)
                    data = pipeline.brief(article, request.points, request.layers).to_dict()
                    data["id"] = record.id
                except (ApiError, NewsbriefError) as exc:
                    error = _as_api_error(exc)
                    item = BatchItemError(
                        id=record.id, error=ErrorDetail(code=error.code, message=error.message)
                    )
                    data = item.model_dump()
                results.append(data)
            return {"results": results}

        return await run(work)

    @app.get("/healthz", response_model=Health, tags=["service"])
    async def health() -> Health:
        """Liveness, version and the layers this server runs."""
        return Health(status="ok", version=__version__, layers=list(pipeline.layers))

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def page() -> HTMLResponse:
        return HTMLResponse(render_page(Form()), headers=_PAGE_HEADERS)

    @app.post("/", response_class=HTMLResponse, include_in_schema=False)
    async def page_brief(request: Request) -> HTMLResponse:
        try:
            fields = parse_qs((await request.body()).decode("utf-8", "replace"), max_num_fields=10)
        except ValueError:
            fields = {}  # more fields than the form has: not our form
        form = Form(text=fields.get("text", [""])[0], url=fields.get("url", [""])[0].strip())
        text, url = form.text if form.text.strip() else None, form.url or None
        try:
            if text is not None and url is not None:
                raise InputError("give a link or the article text, not both")
            if text is None and url is None:
                raise InputError("paste the article text or a link to it")

            def work() -> Brief:
                article = article_of(text, None, None, url)
                return pipeline.brief(article, 3, None)

            brief = await run(work)
        except (ApiError, NewsbriefError) as exc:
            error = _as_api_error(exc)
            return HTMLResponse(render_page(form, error=error.message), error.status, headers=_PAGE_HEADERS)
        return HTMLResponse(render_page(form, brief), headers=_PAGE_HEADERS)

    if store is not None:
        from newsbrief.server.archive import add_archive
        from newsbrief.server.stories import add_stories

        add_archive(app, store, run, _PAGE_HEADERS)
        add_stories(app, store, run, _PAGE_HEADERS)

    @app.get("/static/{name}", include_in_schema=False)
    async def static(name: str) -> Response:
        if name not in _STATIC:
            raise HTTPException(404, "no such file")
        body = files("newsbrief.server").joinpath("static", name).read_bytes()
        return Response(body, media_type=_STATIC[name], headers={"Cache-Control": "max-age=3600"})

    generated = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = with_limits(generated(), settings)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app
