"""A stand-in for the Murmurations index (its API v2, as the registry uses it),
served on the loopback by a thread of the test process.

Like the real index it keeps nodes by node_id (the SHA-256 of the profile's
address) and answers in JSON:API's shape (``data``, ``errors``, ``meta``):

- ``POST /v2/nodes`` with ``{"profile_url": …}`` fetches the profile and
  validates it against the default schema and every schema its
  ``linked_schemas`` names, then answers ``{"data": {"node_id": …}}``; the
  node is then "posted", or "validation_failed" with the reasons (the real
  index validates after answering; this one before, so that a test sees the
  outcome at once);
- ``GET /v2/nodes/<node_id>`` gives the node's status (404 for none; the
  reasons, with a 4xx, for a profile that failed validation);
- ``DELETE /v2/nodes/<node_id>`` marks the node "deleted", refusing with 400
  while its profile still answers 200 (404 for an unknown node).

Its library is a mapping of schema name to schema (a dict) or to the address
it is fetched from."""

import hashlib
import json
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jsonschema

from entities.murmurations import profiles

DEFAULT_SCHEMA = "default-v2.0.0"
PORTS = range(8100, 8200)  # the ports tests may take on this machine


def vendored_library(**more):
    """The Murmurations schemas the registry keeps in its repository, and ``more``."""
    names = [DEFAULT_SCHEMA, profiles.ORGANIZATIONS_SCHEMA]
    return {**{name: profiles.schema(name) for name in names}, **more}


def node_id(url):
    return hashlib.sha256(url.encode()).hexdigest()


def fetch(url, timeout=10):
    """(status, body bytes) of a GET of ``url``; status None when unreachable."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read()
    except OSError:
        return None, b""


class StandInIndex:
    def __init__(self, library):
        self.library = dict(library)
        self.nodes = {}
        self.requests = []  # (method, path) of each request, in order
        self.lock = threading.Lock()
        self.server = None

    # --- serving -------------------------------------------------------------

    def start(self):
        handler = type("Handler", (Handler,), {"index": self})
        for port in PORTS:
            try:
                self.server = ThreadingHTTPServer(("127.0.0.1", port), handler)
                break
            except OSError:
                continue
        else:
            raise RuntimeError("no free port for the stand-in index")
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    @property
    def url(self):
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # --- the API ---------------------------------------------------------------

    def post_node(self, body):
        profile_url = body.get("profile_url") if isinstance(body, dict) else None
        if not isinstance(profile_url, str) or not profile_url.startswith(("http://", "https://")):
            return 400, errors(
                400, "Missing Required Property", "The `profile_url` property is required."
            )
        found = node_id(profile_url)
        reasons, profile = self.validate(profile_url)
        with self.lock:
            self.nodes[found] = {
                "node_id": found,
                "profile_url": profile_url,
                "status": "validation_failed" if reasons else "posted",
                "failure_reasons": reasons,
                "profile": profile,
                "last_updated": int(time.time()),
            }
        return 200, {"data": {"node_id": found}}

    def get_node(self, found):
        node = self.nodes.get(found)
        if node is None:
            return 404, not_found(found)
        if node["status"] == "validation_failed":
            status = node["failure_reasons"][0]["status"]
            meta = {"node_id": found, "profile_url": node["profile_url"]}
            return status, {"errors": node["failure_reasons"], "meta": meta}
        data = {key: node[key] for key in ("node_id", "profile_url", "status", "last_updated")}
        return 200, {"data": data}

    def delete_node(self, found):
        node = self.nodes.get(found)
        if node is None:
            return 404, not_found(found)
        status, _ = fetch(node["profile_url"])
        if status == 200:
            answer = errors(
                400,
                "Profile Still Exists",
                f"The profile at {node['profile_url']} still answers; it can't be removed.",
            )
            answer["meta"] = {"node_id": found, "profile_url": node["profile_url"]}
            return 400, answer
        with self.lock:
            node["status"] = "deleted"
            node["last_updated"] = int(time.time())
        message = (
            "The Index has recorded as deleted the profile that was previously posted at: "
            f"{node['profile_url']}"
        )
        return 200, {"meta": {"message": message}}

    def validate(self, profile_url):
        """(reasons, profile): the JSON:API errors of a profile, [] when valid."""
        status, content = fetch(profile_url)
        if status != 200:
            return [error(400, "Profile Not Found", f"{profile_url} answered {status}.")], None
        try:
            profile = json.loads(content)
        except ValueError:
            return [error(400, "Invalid JSON", f"{profile_url} is not JSON.")], None
        names = profile.get("linked_schemas") if isinstance(profile, dict) else None
        if not isinstance(names, list) or not names:
            return [error(400, "Missing Required Property", "linked_schemas")], profile
        reasons = []
        for name in [DEFAULT_SCHEMA, *names]:
            schema = self.schema(name)
            if schema is None:
                reasons.append(error(404, "Schema Not Found", f"No schema {name} in the library."))
                continue
            validator = jsonschema.Draft7Validator(schema)
            for problem in validator.iter_errors(profile):
                where = "/".join(str(part) for part in problem.absolute_path) or "(root)"
                reasons.append(
                    error(400, "Invalid Profile", f"{name}: {where}: {problem.message}")
                )
        return reasons, profile

    def schema(self, name):
        found = self.library.get(name)
        if isinstance(found, str):
            status, content = fetch(found)
            return json.loads(content) if status == 200 else None
        return found


def error(status, title, detail):
    return {"status": status, "title": title, "detail": detail}


def errors(status, title, detail):
    return {"errors": [error(status, title, detail)]}


def not_found(found):
    detail = f"Could not locate the following node_id in the Index: {found}"
    return errors(404, "Node Not Found", detail)


class Handler(BaseHTTPRequestHandler):
    index = None  # the StandInIndex, set on the subclass

    def do_POST(self):
        if self.path != "/v2/nodes":
            return self.answer(404, errors(404, "Not Found", self.path))
        length = int(self.headers.get("Content-Length") or 0)
        try:
            body = json.loads(self.rfile.read(length))
        except ValueError:
            return self.answer(400, errors(400, "JSON Error", "The JSON could not be parsed."))
        self.answer(*self.index.post_node(body))

    def do_GET(self):
        self.answer(*self.by_node(self.index.get_node))

    def do_DELETE(self):
        self.answer(*self.by_node(self.index.delete_node))

    def by_node(self, action):
        prefix = "/v2/nodes/"
        if not self.path.startswith(prefix) or not self.path[len(prefix) :]:
            return 404, errors(404, "Not Found", self.path)
        return action(self.path[len(prefix) :])

    def answer(self, status, body):
        with self.index.lock:
            self.index.requests.append((self.command, self.path))
        content = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)

    def log_message(self, *args):
        pass  # quiet
