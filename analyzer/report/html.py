"""HTML rendering of the report dicts (Jinja2, autoescape on, templates in ``templates/``).

Submission text only ever reaches the page through autoescaped expressions; the index page's
small sorting/filtering script is allowed by its hash in the Content-Security-Policy, so no
other script can run, and nothing is loaded from outside the file.

Example:
    >>> from analyzer.results import DocumentResult
    >>> html = render_document(document_view(DocumentResult("a.txt", text="<b>Chi bộ</b>")), standalone=False)
    >>> "&lt;b&gt;Chi bộ&lt;/b&gt;" in html, "<b>Chi bộ" in html
    (True, False)
"""

from __future__ import annotations

import base64
import functools
import hashlib
from collections.abc import Iterable, Iterator

from jinja2 import Environment, PackageLoader, StrictUndefined

from analyzer.report.views import (SCANNED_VI, document_view, flag_columns, not_submission_row, priority_order_vi,
                                   summary)

__all__ = ["document_view", "index_chunks", "render_document", "render_index"]
SCRIPT = "index.js.j2"


@functools.lru_cache(maxsize=1)
def environment() -> Environment:
    """The Jinja2 environment of the report templates (autoescape on for every template)."""
    return Environment(loader=PackageLoader("analyzer.report", "templates"), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


@functools.lru_cache(maxsize=1)
def script_hash() -> str:
    """CSP source of the index page's inline script (``'sha256-…'``)."""
    script = environment().get_template(SCRIPT).render()
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


def render_document(view: dict, *, standalone: bool = True, index_href: str | None = None) -> str:
    """A document page (``standalone``) or a fragment with its own scoped ``<style>`` (for notebooks)."""
    name = "document.html.j2" if standalone else "_document.html.j2"
    return environment().get_template(name).render(doc=view, index_href=index_href)


def index_chunks(rows: Iterable[dict], failures: Iterable[dict], *, n_rows: int, n_failures: int, summary: dict,
                 xlsx_href: str = "", not_submissions: Iterable[dict] = (), n_not_submissions: int = 0,
                 order: str | None = None) -> Iterator[str]:
    """The ranked index page, in pieces (Jinja2 ``generate``): ``rows`` may be a stream, so a
    batch of any size is written without holding its rows in memory. ``failures`` are the files
    that could not be read; ``not_submissions`` those an operating system or an editor left (E111),
    listed apart, after the ranking; ``order`` the review order the rows were ranked by
    (``mohinh score --priority``), said under the title."""
    return environment().get_template("index.html.j2").generate(
        rows=rows, failures=failures, n_rows=n_rows, n_failures=n_failures, summary=summary,
        not_submissions=not_submissions, n_not_submissions=n_not_submissions, order_vi=priority_order_vi(order),
        columns=flag_columns(), xlsx_href=xlsx_href, script_src=script_hash(), scanned_vi=SCANNED_VI)


def render_index(rows: list[dict], failures: list[dict], *, xlsx_href: str = "", order: str | None = None) -> str:
    """The ranked index page of a batch (``failures``: every row that is not ``ok``)."""
    others = [f for f in failures if not_submission_row(f)]
    failed = [f for f in failures if not not_submission_row(f)]
    return "".join(index_chunks(rows, failed, n_rows=len(rows), n_failures=len(failed),
                                summary=summary([*rows, *failures]), xlsx_href=xlsx_href,
                                not_submissions=others, n_not_submissions=len(others), order=order))
