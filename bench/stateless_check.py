"""Two app servers, one PostgreSQL, one Redis: walk the wizard and edit a saved plan alternating
servers.

    .venv/bin/python bench/stateless_check.py   # STATELESS_CACHE_URL=redis://host:6379/N

Starts two gunicorn servers (production settings) on two ports sharing a fresh database and
one Redis cache (``CACHE_URL``, as a multi-server deployment runs; the Redis database is
emptied first, so use one of your own), then
acts as one browser (one cookie jar) whose every request goes to the other server from the last:
each wizard step is answered on one server and the next step read from the other; the check
page, the result and the API are compared between servers; a plan is saved on one server, read
and edited on the other, and read back on the first; the Redis cache must then hold entries
written by the servers. Exits non-zero on any difference.
"""

from __future__ import annotations

import os
import re
import sys
from itertools import cycle
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness

DATABASE = os.environ.get("STATELESS_DATABASE", "spreadguide_stateless")
CACHE_URL = os.environ.get("STATELESS_CACHE_URL", "redis://127.0.0.1:6379/1")
PORTS = [int(p) for p in os.environ.get("STATELESS_PORTS", "8111,8112").split(",")]
ANSWERS = [
    ("evidence", "promising"),
    ("complexity", "complex"),
    ("level", "regional"),
    ("audience_size", "large"),
    ("audience", "clinicians"),
    ("motivation", "mixed"),
    ("energy", "moderate"),
    ("timescale", "long"),
    ("funding", "limited"),
    ("capacity", "moderate"),
]
ORIGIN = f"https://{harness.HOST}"
# The per-visitor parts of a page: CSRF tokens and the cache-busting of nothing else.
VOLATILE = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


class Browser:
    """One person: one cookie jar, each request sent to the next server in turn."""

    def __init__(self, bases: list[str]):
        self.session = requests.Session()
        self.session.headers.update(harness.PROXY_HEADERS)
        self.bases = cycle(bases)
        self.log: list[str] = []

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        base = next(self.bases)
        headers = {"Origin": ORIGIN, "Referer": ORIGIN + "/"} if method == "POST" else {}
        response = self.session.request(
            method, base + path, headers=headers, allow_redirects=False, timeout=60, **kwargs
        )
        # TLS ends at the (imaginary) load balancer, so send Secure cookies over plain HTTP here.
        for cookie in self.session.cookies:
            cookie.secure = False
        self.log.append(f"{method} :{urlsplit(base).port} {path[:70]} -> {response.status_code}")
        if response.status_code >= 400:
            raise SystemExit(f"{method} {base}{path} gave {response.status_code}")
        return response

    def follow(self, response: requests.Response) -> requests.Response:
        while response.status_code in (301, 302, 303):
            location = urlsplit(urljoin(ORIGIN, response.headers["Location"]))
            path = location.path + (f"?{location.query}" if location.query else "")
            response = self.request("GET", path)
        return response


def form_fields(html: str, action_contains: str = "") -> tuple[str, list[list[str]]]:
    for form in harness.forms_of(html):
        if form["method"].lower() == "post" and action_contains in form["action"]:
            return form["action"], form["fields"]
    raise SystemExit(f"no POST form with action containing {action_contains!r}")


def walk(bases: list[str]) -> dict:
    browser = Browser(bases)
    page = browser.follow(browser.request("GET", "/plan/"))
    start = re.search(r'href="(/plan/[a-z_]+/[^"]*)"', page.text)
    page = browser.follow(browser.request("GET", start.group(1).replace("&amp;", "&")))
    for name, value in ANSWERS:
        action, fields = form_fields(page.text)
        data = [f for f in fields if f[0] != name] + [[name, value]]
        path = urlsplit(urljoin(ORIGIN, action.replace("&amp;", "&") or page.url))
        posted = browser.request(
            "POST", path.path + (f"?{path.query}" if path.query else ""), data=data
        )
        page = browser.follow(posted)
    final = urlsplit(page.url)
    return {"browser": browser, "last_page": page, "last_path": final.path + "?" + final.query}


def _redis():
    import redis

    client = redis.Redis.from_url(CACHE_URL)
    try:
        client.ping()
    except redis.RedisError as exc:
        raise SystemExit(
            f"Redis at {CACHE_URL} does not answer ({exc}); start redis-server."
        ) from exc
    return client


def main() -> None:
    cache = _redis()
    cache.flushdb()
    env = harness.production_env(DATABASE, CACHE_URL=CACHE_URL)
    print(f"Preparing a fresh database; cache {CACHE_URL}...", flush=True)
    harness.prepare(env, DATABASE)
    failures = []
    try:
        with harness.servers(env, PORTS, workers=1) as (one, two):
            bases = [one.base, two.base]
            journey = walk(bases)
            browser: Browser = journey["browser"]
            print("\n".join(browser.log))
            print(f"wizard ended at {journey['last_path']}")

            query = urlencode(ANSWERS)
            pages = {}
            for base in bases:
                for path in (f"/plan/check/?{query}", f"/plan/result?{query}"):
                    r = requests.get(base + path, headers=harness.PROXY_HEADERS, timeout=60)
                    pages.setdefault(path, []).append(VOLATILE.sub("", r.text))
                api = requests.get(
                    base + f"/api/recommendation?{query}", headers=harness.PROXY_HEADERS, timeout=60
                ).json()
                pages.setdefault("api", []).append(api)
            for path, (a, b) in pages.items():
                if a != b:
                    failures.append(f"{path} differs between the two servers")
            if journey["last_path"].split("?")[0] not in ("/plan/check/", "/plan/result"):
                failures.append(f"the wizard ended on {journey['last_path']}")

            # Save on one server, edit on the other, read back on the first.
            result = browser.follow(browser.request("GET", f"/plan/result?{query}"))
            action, fields = form_fields(result.text, "/plans/")
            saved = browser.request("POST", action, data=fields)
            plan_path = urlsplit(saved.headers["Location"]).path
            plan_page = browser.request("GET", plan_path)  # the other server
            action, fields = form_fields(plan_page.text, "")
            fields = [f for f in fields if f[0] not in ("title", "action")] + [
                ["title", "Stateless check plan"]
            ]
            edited = browser.follow(browser.request("POST", plan_path, data=fields))
            for base in bases:
                text = requests.get(
                    base + plan_path,
                    headers=harness.PROXY_HEADERS,
                    cookies=browser.session.cookies,
                    timeout=60,
                ).text
                if "Stateless check plan" not in text:
                    failures.append(f"the edited title is missing on {base}")
            print("\n".join(browser.log[-4:]))
            print(f"plan saved and edited across servers; last page {edited.status_code}")
            keys = cache.dbsize()
            print(f"the shared Redis cache holds {keys} entries written by the two servers")
            if not keys:
                failures.append(f"nothing was cached in {CACHE_URL}: the servers do not share it")
    finally:
        harness.drop_database(DATABASE)
    if failures:
        print("FAILED:\n- " + "\n- ".join(failures))
        raise SystemExit(1)
    print(
        "OK: both servers, sharing PostgreSQL and Redis, served one journey interchangeably, "
        "with identical results."
    )


if __name__ == "__main__":
    main()
