#!/usr/bin/env python3
"""Fake of Indonesia's national SP4N-LAPOR! v3 integration API, for tests and demos.

It plays the national side that one regional institution (the caller,
--institution-id, default 3603 Pemerintah Kabupaten Tangerang) talks to: the
caller creates complaints, reads them and their follow-ups, posts follow-ups,
hands complaints on as "bukan wewenang" (not its authority), reads the masters
and lists its inbox/outbox.  Control endpoints under /_fake/ (no auth, never
faulted) play the citizen and the national admin, inject faults and dump state.

Request and response shapes follow what public integration code shows of v3.
Assumed, because nothing public shows them:
  * GET /complaints/inbox and /complaints/outbox and their page sizes (20);
  * the wording of data_log entries, and the national admin appearing in logs
    as institution {"id": 0, "name": "Admin Nasional SP4N-LAPOR!"};
  * Laravel-style 422 messages; numbers and flags may come as JSON values or
    as strings (multipart/urlencoded), as Laravel's validator allows;
  * names: the reporter of a complaint the caller creates is "Pengguna
    {user_id}"; follow-up authors are the institution ("instansi"), the
    national admin, or the reporter ("Anonim" when anonymous).

All state (complaints with follow-ups and logs, id counters, request counters,
fault settings) lives in one JSON file, rewritten atomically after every
change and loaded at start, so the fake survives its own restarts.

Usage: python3 tools/fake_national.py [--port 8090] [--state fake-national.json]
  [--bearer fake-bearer] [--institution-token fake-institution-token] [--institution-id 3603]
It binds 127.0.0.1 and first prints "listening on http://127.0.0.1:PORT" (--port 0
picks a free port).  One line per request is logged to stderr.
"""
import argparse
import json
import os
import random
import re
import socket
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

MAX_BODY = 2 * 1024 * 1024
# An oversized body is read and dropped (so the client sees the 413 rather than
# a connection reset) only up to this much; beyond it we simply hang up.
DRAIN_LIMIT = 64 * 1024 * 1024
WIB = timezone(timedelta(hours=7))

STATUSES = ["Belum Terverifikasi", "Terverifikasi", "Dalam Proses", "Selesai", "Ditolak"]
INSTITUTIONS = {
    3603: "Pemerintah Kabupaten Tangerang",
    36: "Pemerintah Provinsi Banten",
    1001: "Kementerian Pekerjaan Umum dan Perumahan Rakyat",
    1002: "Kementerian Kesehatan",
    1003: "Badan Pertanahan Nasional",
    1004: "Kementerian Agraria dan Tata Ruang",
    1005: "Kepolisian Negara Republik Indonesia",
}
# National-side verification and status changes are done by the national admin,
# which is no master institution.
NATIONAL_ADMIN = {"id": 0, "name": "Admin Nasional SP4N-LAPOR!"}
TEMPLATES = [
    {"code": "TL-INFO", "name": "Informasi tindak lanjut", "status_name": None},
    {"code": "TL-PROSES", "name": "Sedang diproses", "status_name": "Dalam Proses"},
    {"code": "TL-SELESAI", "name": "Selesai ditindaklanjuti", "status_name": "Selesai"},
    {"code": "TL-TOLAK", "name": "Ditolak", "status_name": "Ditolak"},
    {"code": "TL-PELAPOR", "name": "Tanggapan pelapor", "status_name": None},
]
TEMPLATE_STATUS = {t["code"]: t["status_name"] for t in TEMPLATES}
# data_log texts keep their placeholders, as the API's do.
LOG_VERIFIED = "Pengaduan diverifikasi dan didisposisikan ke {{institution_to}} oleh {{institution_from}}"
LOG_STATUS = "Status diubah dari {{status_old}} menjadi {{status_new}} oleh {{institution_from}}"
LOG_REJECTED = "Bukan wewenang: dialihkan dari {{institution_from}} ke {{institution_to}}"
# Follow-ups are stored with extra fields for /_fake/state; the API shows these.
FOLLOWUP_FIELDS = ("id", "content", "template_code", "is_secret", "rating",
                   "institution_from", "user", "created_at")
FOLLOWUPS_PER_PAGE, LISTING_PER_PAGE = 10, 20

DEFAULT_FAULTS = {"fail": 0.0, "slow": 0.0, "slow_seconds": 20.0, "reset": 0.0,
                  "lose_create": 0.0, "lose_followup": 0.0, "seed": None}
# Each fault probability and the counter of requests it hit.
FAULT_COUNTERS = {"fail": "failed", "slow": "slowed", "reset": "reset",
                  "lose_create": "lost_creates", "lose_followup": "lost_followups"}
COUNTERS = ("requests", *FAULT_COUNTERS.values(), "creates", "followups")
# Actions whose response can be lost after they took effect.
LOSSES = {"create_complaint": "lose_create", "add_followup": "lose_followup"}


class ApiError(Exception):
    """An error answer; raised anywhere while handling a request."""

    def __init__(self, status, message, errors=None):
        super().__init__(message)
        self.status = status
        self.payload = {"success": False, "message": message}
        if errors:
            self.payload["errors"] = errors


def now():
    return datetime.now(WIB).strftime("%d-%m-%Y %H:%M:%S")


def institution(iid):
    return {"id": iid, "name": INSTITUTIONS[iid]}


def encode(payload):
    return json.dumps(payload, ensure_ascii=False).encode()


class Form:
    """Laravel-like validation: collects every error, then check() raises a 422.
    fail() returns None, the value of a field that failed."""

    def __init__(self, fields):
        self.fields, self.errors = fields, {}

    def fail(self, name, message):
        self.errors.setdefault(name, []).append(message)

    def _get(self, name, required):
        value = self.fields.get(name)
        if (value is None or value == "") and required:
            self.fail(name, f"The {name} field is required.")
        return None if value == "" else value

    def _choose(self, name, value, choices):
        if choices is not None and value not in choices:
            return self.fail(name, f"The selected {name} is invalid.")
        return value

    def text(self, name, required=False, default=None, choices=None):
        value = self._get(name, required)
        if value is None:
            return default
        if not isinstance(value, str) or not value.strip():
            return self.fail(name, f"The {name} must be a non-empty string.")
        return self._choose(name, value, choices)

    def int(self, name, required=False, default=None, choices=None):
        value = self._get(name, required)
        if value is None:
            return default
        if isinstance(value, str) and re.fullmatch(r"\s*-?\d{1,18}\s*", value):
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            return self.fail(name, f"The {name} must be an integer.")
        return self._choose(name, value, choices)

    def number(self, name, low, high):
        value = self._get(name, True)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
            return self.fail(name, f"The {name} must be a number between {low} and {high}.")
        return float(value)

    def flag(self, name):
        value = self._get(name, False)
        if value in (True, 1, "1", "true"):
            return 1
        if value not in (None, False, 0, "0", "false"):
            self.fail(name, f"The {name} field must be true or false.")
        return 0

    def date(self, name):
        value = self.text(name)
        if value is None:
            return datetime.now(WIB).strftime("%Y-%m-%d")
        try:
            if datetime.strptime(value, "%Y-%m-%d").strftime("%Y-%m-%d") == value:
                return value
        except ValueError:
            pass
        return self.fail(name, f"The {name} does not match the format Y-m-d.")

    def json_array(self, name):
        # The API takes attachments as a JSON array encoded in a string.
        try:
            parsed = json.loads(self.text(name, default="[]"))
        except (TypeError, ValueError):
            parsed = None
        if not isinstance(parsed, list):
            return self.fail(name, f"The {name} must be a JSON array string.")
        return parsed

    def check(self):
        if self.errors:
            raise ApiError(422, next(iter(self.errors.values()))[0], self.errors)


def last_values(query):
    """A query string as a dict; a repeated key keeps its last value."""
    return {key: values[-1] for key, values in parse_qs(query, keep_blank_values=True).items()}


def parse_multipart(body, content_type):
    """Fields of a multipart/form-data body, and the names of uploaded files."""
    match = re.search(r'boundary="?([^";]+)"?', content_type)
    if not match:
        raise ValueError("multipart boundary missing")
    fields, files = {}, []
    for part in body.split(b"--" + match.group(1).encode())[1:]:
        if part.startswith(b"--"):  # the closing delimiter
            break
        head, sep, value = part.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        disposition = re.search(
            rb'(?im)^content-disposition:.*?\bname="([^"]*)"(?:.*?filename="([^"]*)")?', head)
        if not sep or not disposition:
            raise ValueError("malformed multipart part")
        name = disposition.group(1).decode()
        if disposition.group(2) is not None:
            files.append({"field": name, "filename": disposition.group(2).decode()})
        else:
            fields[name] = value.removesuffix(b"\r\n").decode()
    return fields, files


def parse_body(body, content_type):
    """Fields and uploaded file names of a POST body: multipart, urlencoded or JSON."""
    kind = content_type.split(";")[0].strip().lower()
    try:
        if kind == "multipart/form-data":
            return parse_multipart(body, content_type)
        if kind == "application/x-www-form-urlencoded":
            return last_values(body.decode()), []
        if not body.strip():
            return {}, []
        fields = json.loads(body)  # any other content type is taken as JSON
    except ValueError as e:  # also covers bad UTF-8
        raise ApiError(400, f"Malformed request body: {e}") from None
    if not isinstance(fields, dict):
        raise ApiError(400, "Request body must be a JSON object")
    return fields, []


@dataclass
class Request:
    args: list  # integer path parameters
    query: dict
    fields: dict
    files: list
    url: str  # absolute URL without query, for next_page_url


def paginate(req, items, per_page):
    form = Form(req.query)
    page = form.int("page", default=1)
    if page is not None and page < 1:
        form.fail("page", "The page must be at least 1.")
    form.check()
    start = (page - 1) * per_page
    next_url = None
    if len(items) > start + per_page:
        next_url = req.url + "?" + urlencode({**req.query, "page": page + 1})
    return {"success": True, "results": {
        "current_page": page, "data": items[start:start + per_page], "next_page_url": next_url}}


def complaint_view(c):
    return {
        "id": c["id"], "tracking_id": f"LAPOR{c['id']:07d}",
        **{key: c[key] for key in ("title", "content", "classification_id", "channel", "is_anonymous",
                                   "is_secret", "date_of_incident", "location_id")},
        "status_code": STATUSES.index(c["status_name"]), "status_name": c["status_name"],
        "disposition_id": c["disposition_id"], "disposition_name": INSTITUTIONS[c["disposition_id"]],
        "user": None if c["is_anonymous"] else {"name": c["reporter_name"]},
        "created_at": c["created_at"], "updated_at": c["updated_at"],
    }


class Fake:
    """All state and actions.  The handler holds self.lock around every call:
    each action is a few dict operations, so serialising them costs nothing."""

    def __init__(self, path, me):
        self.path, self.me = path, me
        self.lock = threading.Lock()
        self.reset_state()
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                saved = json.load(f)
            self.complaints = {c["id"]: c for c in saved["complaints"]}
            for key in ("next_ids", "counters", "faults"):
                getattr(self, key).update(saved[key])
            self.rng = random.Random(self.faults["seed"])
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        self.save()  # fail at start, not on the first request, if the path is unwritable

    def reset_state(self):
        self.complaints = {}
        self.next_ids = {"complaint": 1, "followup": 1, "log": 1}
        self.counters = dict.fromkeys(COUNTERS, 0)
        self.faults = dict(DEFAULT_FAULTS)
        self.rng = random.Random(self.faults["seed"])

    def save(self):
        state = {"complaints": list(self.complaints.values()), "next_ids": self.next_ids,
                 "counters": self.counters, "faults": self.faults}
        tmp = self.path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(state, f, ensure_ascii=False, indent=1)
        os.replace(tmp, self.path)

    def next_id(self, kind):
        self.next_ids[kind] += 1
        return self.next_ids[kind] - 1

    def find(self, cid):
        if cid not in self.complaints:
            raise ApiError(404, "Data tidak ditemukan")
        return self.complaints[cid]

    # --- faults -----------------------------------------------------------

    def draw_fault(self):
        """The pre-action fault of one API request, drawn in the documented order.
        Returns (kind, detail): detail is the HTTP status for "fail", the delay for "slow"."""
        self.counters["requests"] += 1
        kind = next((k for k in ("reset", "fail", "slow") if self.rng.random() < self.faults[k]), None)
        if kind:
            self.counters[FAULT_COUNTERS[kind]] += 1
        self.save()
        if kind == "fail":  # alternate so that clients meet both codes
            return kind, 500 if self.counters["failed"] % 2 else 503
        if kind == "slow":
            return kind, self.faults["slow_seconds"]
        return kind, None

    def draw_loss(self, action):
        """After a successful action: whether to drop its response (returns the fault name)."""
        kind = LOSSES.get(action)
        if kind is None or self.rng.random() >= self.faults[kind]:
            return None
        self.counters[FAULT_COUNTERS[kind]] += 1
        self.save()
        return kind

    # --- shared mutations ----------------------------------------------------

    def log(self, c, content, actor, old, new, **data):
        c["updated_at"] = now()
        c["logs"].append({
            "id": self.next_id("log"), "content": content, "institution_from": actor,
            "institution_to": institution(c["disposition_id"]),
            "data": {"status_old": {"name": old}, "status_new": {"name": new}, **data},
            "created_at": c["updated_at"]})

    def new_complaint(self, fields, created_by, actor):
        stamp = now()
        c = {"id": self.next_id("complaint"), **fields, "status_name": "Terverifikasi",
             "created_by_institution": created_by, "created_at": stamp, "updated_at": stamp,
             "followups": [], "logs": []}
        self.complaints[c["id"]] = c
        self.log(c, LOG_VERIFIED, actor, "Belum Terverifikasi", "Terverifikasi")
        return c

    def set_status(self, c, new, actor):
        old = c["status_name"]
        if new != old:
            c["status_name"] = new
            self.log(c, LOG_STATUS, actor, old, new)

    def append_followup(self, c, followup):
        followup = {"id": self.next_id("followup"), **followup, "created_at": now()}
        c["followups"].append(followup)
        c["updated_at"] = followup["created_at"]
        return followup["id"]

    # --- API -------------------------------------------------------------------

    def create_complaint(self, req):
        form = Form(req.fields)
        fields = {
            "title": form.text("title", required=True),
            "content": form.text("content", required=True),
            "channel": form.int("channel"),
            "user_id": form.int("user_id"),
            "classification_id": form.int("classification_id"),
            "category_id": form.int("category_id"),
            "location_id": form.int("location_id"),
            "disposition_id": form.int("disposition_id", required=True, choices=INSTITUTIONS),
            "date_of_incident": form.date("date_of_incident"),
            "is_anonymous": form.flag("is_anonymous"),
            "is_secret": form.flag("is_secret"),
            "attachments": form.json_array("attachments"),
        }
        form.check()
        # The API takes no reporter name; the caller's user id stands in for it.
        user = fields["user_id"]
        fields["reporter_name"] = "Pengguna" if user is None else f"Pengguna {user}"
        c = self.new_complaint(fields, self.me, institution(self.me))
        self.counters["creates"] += 1
        return {"success": True, "message": "Pengaduan berhasil dibuat", "complaint_id": c["id"]}

    def get_complaint(self, req):
        c = self.find(req.args[0])
        return {"success": True, "results": {"data": complaint_view(c), "data_logs": c["logs"]}}

    def list_followups(self, req):
        c = self.find(req.args[0])
        shown = [{key: f[key] for key in FOLLOWUP_FIELDS} for f in c["followups"]]
        return paginate(req, shown, FOLLOWUPS_PER_PAGE)

    def add_followup(self, req):
        form = Form(req.fields)
        cid = form.int("complaint_id", required=True)
        code = form.text("template_code", choices=TEMPLATE_STATUS)
        followup = {
            "content": form.text("content", required=True), "template_code": code,
            "is_secret": form.flag("is_secret"), "rating": form.int("rating"),
            "institution_from": institution(self.me),
            "user": {"name": INSTITUTIONS[self.me], "role": "instansi"},
            # Kept for /_fake/state only.
            "user_id": form.int("user_id"), "institution_from_id": form.int("institution_from_id"),
            "institution_to_id": form.int("institution_to_id"),
            "info_disposition": form.text("info_disposition"),
            "attachments": [f["filename"] for f in req.files],
        }
        form.check()
        c = self.find(cid)
        fid = self.append_followup(c, followup)
        if TEMPLATE_STATUS.get(code):
            self.set_status(c, TEMPLATE_STATUS[code], institution(self.me))
        self.counters["followups"] += 1
        return {"success": True, "message": "Tindak lanjut berhasil ditambahkan", "results": {"id": fid}}

    def reject(self, req):
        c = self.find(req.args[0])
        form = Form(req.fields)
        target = form.int("reason", required=True, choices=INSTITUTIONS)
        details = {"reason_description": form.text("reason_description"),
                   "is_request": form.flag("is_request"), "not_authority": form.flag("not_authority")}
        form.check()
        c["disposition_id"] = target
        self.log(c, LOG_REJECTED, institution(self.me), c["status_name"], c["status_name"], **details)
        return {"success": True, "message": "Pengaduan berhasil dialihkan"}

    def institutions(self, req):
        data = [{"id": iid, "name": name} for iid, name in INSTITUTIONS.items()]
        return {"success": True, "results": {"data": data, "next_page_url": None}}

    def templates(self, req):
        return {"success": True, "results": {"data": TEMPLATES, "next_page_url": None}}

    def inbox(self, req):
        items = [{key: c[key] for key in ("id", "title", "status_name", "updated_at")}
                 for c in (self.complaints[i] for i in sorted(self.complaints))
                 if c["disposition_id"] == self.me and c["created_by_institution"] != self.me]
        return paginate(req, items, LISTING_PER_PAGE)

    def outbox(self, req):
        items = [{key: c[key] for key in ("id", "title", "content", "disposition_id", "created_at")}
                 for c in (self.complaints[i] for i in sorted(self.complaints, reverse=True))
                 if c["created_by_institution"] == self.me]
        return paginate(req, items, LISTING_PER_PAGE)

    # --- test control -----------------------------------------------------------

    def control_reset(self, req):
        self.reset_state()
        return {"success": True}

    def control_faults(self, req):
        form = Form(req.fields)
        for key in set(req.fields) - set(DEFAULT_FAULTS):
            form.fail(key, f"Unknown fault setting {key}.")
        updates = {key: form.number(key, 0, 1) for key in FAULT_COUNTERS if key in req.fields}
        if "slow_seconds" in req.fields:
            updates["slow_seconds"] = form.number("slow_seconds", 0, 3600)
        if "seed" in req.fields:
            updates["seed"] = form.int("seed")  # null means unseeded
        form.check()
        self.faults.update(updates)
        if "seed" in updates:
            self.rng = random.Random(self.faults["seed"])
        return {"success": True, **self.faults}

    def control_complaint(self, req):
        form = Form(req.fields)
        fields = {
            "title": form.text("title", default="Pengaduan warga"),
            "content": form.text("content", default="Isi pengaduan warga."),
            "reporter_name": form.text("reporter_name", default="Warga"),
            "is_anonymous": form.flag("is_anonymous"),
            "is_secret": form.flag("is_secret"),
            "classification_id": form.int("classification_id", default=1),
            "date_of_incident": form.date("date_of_incident"),
            # Filed on the national website (channel 1), with no category or location.
            "channel": 1, "user_id": None, "category_id": None, "location_id": None,
            "attachments": [], "disposition_id": self.me,
        }
        form.check()
        c = self.new_complaint(fields, None, NATIONAL_ADMIN)
        return {"success": True, "id": c["id"]}

    def control_followup(self, req):
        c = self.find(req.args[0])
        form = Form(req.fields)
        content = form.text("content", required=True)
        role = form.text("role", default="admin", choices=("pelapor", "admin"))
        status = form.text("status_name", choices=STATUSES)
        form.check()
        reporter = "Anonim" if c["is_anonymous"] else c["reporter_name"]
        name = NATIONAL_ADMIN["name"] if role == "admin" else reporter
        fid = self.append_followup(c, {
            "content": content, "template_code": "TL-PELAPOR" if role == "pelapor" else None,
            "is_secret": 0, "rating": None, "institution_from": None,
            "user": {"name": name, "role": role}})
        if status:
            self.set_status(c, status, NATIONAL_ADMIN)
        return {"success": True, "id": fid}

    def control_status(self, req):
        c = self.find(req.args[0])
        form = Form(req.fields)
        status = form.text("status_name", required=True, choices=STATUSES)
        form.check()
        self.set_status(c, status, NATIONAL_ADMIN)
        return {"success": True, "status_name": status}

    def control_state(self, req):
        return {"success": True, "complaints": [self.complaints[i] for i in sorted(self.complaints)],
                "counters": self.counters, "faults": self.faults}


API_ROUTES = [
    ("POST", r"/complaints/complaint", "create_complaint"),
    ("GET", r"/complaints/(\d+)/complaint", "get_complaint"),
    ("GET", r"/complaints/(\d+)/followups", "list_followups"),
    ("POST", r"/complaints/followup/add", "add_followup"),
    ("POST", r"/complaints/process/(\d+)/reject", "reject"),
    ("GET", r"/masters/institutions/external", "institutions"),
    ("GET", r"/masters/templates", "templates"),
    ("GET", r"/complaints/inbox", "inbox"),
    ("GET", r"/complaints/outbox", "outbox"),
]
CONTROL_ROUTES = [
    ("POST", r"/_fake/reset", "control_reset"),
    ("POST", r"/_fake/faults", "control_faults"),
    ("POST", r"/_fake/complaints", "control_complaint"),
    ("POST", r"/_fake/complaints/(\d+)/followups", "control_followup"),
    ("POST", r"/_fake/complaints/(\d+)/status", "control_status"),
    ("GET", r"/_fake/state", "control_state"),
]


def route(routes, method, path):
    """The action name and integer path parameters for a request."""
    matched = [(verb, m, name) for verb, pattern, name in routes if (m := re.fullmatch(pattern, path))]
    for verb, match, name in matched:
        if verb == method:
            return name, [int(g) for g in match.groups()]
    if matched:
        raise ApiError(405, "Method Not Allowed")
    raise ApiError(404, "Not Found")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, every answer has a Content-Length
    fault = None  # the fault applied to the current request, for the log line

    def dispatch(self):
        fake, self.fault = self.server.fake, None
        url = urlsplit(self.path)
        control = url.path.startswith("/_fake/")
        try:
            body = self.read_body()
            if control:
                name, args = route(CONTROL_ROUTES, self.command, url.path)
            else:
                with fake.lock:
                    self.fault, detail = fake.draw_fault()
                if self.fault == "reset":
                    return self.hang_up()
                if self.fault == "fail":
                    raise ApiError(detail, "Server Error")
                if self.fault == "slow":  # then act normally: the client may time out meanwhile
                    time.sleep(detail)
                self.authenticate()
                name, args = route(API_ROUTES, self.command, url.path)
            # Control bodies are always JSON, so a bare `curl -d '{...}'` works.
            content_type = "application/json" if control else self.headers.get("Content-Type", "")
            fields, files = parse_body(body, content_type) if self.command == "POST" else ({}, [])
            query = last_values(url.query)
            host = self.headers.get("Host") or f"127.0.0.1:{self.server.server_port}"
            req = Request(args, query, fields, files, f"http://{host}{url.path}")
            with fake.lock:
                data = encode(getattr(fake, name)(req))  # encoded under the lock: it shares live state
                if self.command == "POST":  # every successful POST changed the state
                    fake.save()
                lost = fake.draw_loss(name)
            if lost:
                self.fault = lost
                return self.hang_up()
            self.respond(200, data)
        except ApiError as e:
            self.respond(e.status, encode(e.payload))
        except Exception as e:  # a bug in the fake: still answer JSON, never a traceback
            self.log_message("internal error: %r", e)
            self.close_connection = True
            self.respond(500, encode({"success": False, "message": "Internal error in fake"}))

    do_GET = do_POST = dispatch

    def read_body(self):
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        # No chunked bodies: reqwest sends Content-Length for JSON and in-memory multipart.
        if length < 0 or self.headers.get("Transfer-Encoding"):
            self.close_connection = True
            raise ApiError(400, "A valid Content-Length is required")
        if length > MAX_BODY:
            self.close_connection = True
            remaining = min(length, DRAIN_LIMIT)
            while remaining > 0 and (chunk := self.rfile.read(min(remaining, 65536))):
                remaining -= len(chunk)
            raise ApiError(413, "Request body too large (max 2 MB)")
        return self.rfile.read(length)

    def authenticate(self):
        if (self.headers.get("Authorization") != f"Bearer {self.server.bearer}"
                or self.headers.get("token") != self.server.institution_token):
            raise ApiError(401, "Unauthenticated.")

    def hang_up(self):
        """Close the connection without a response; nothing is written after this."""
        self.close_connection = True
        self.log_request("no response")
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def respond(self, status, data):
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            if self.close_connection:
                self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(data)
        except OSError:  # the client is gone, e.g. it timed out during a slow fault
            self.close_connection = True

    def send_error(self, code, message=None, explain=None):
        """Errors found by http.server itself (bad request line, unknown method) as JSON too."""
        self.close_connection = True
        code = int(code)
        self.respond(code, encode({"success": False, "message": message or HTTPStatus(code).phrase}))

    def log_request(self, code="-", size="-"):
        # The request line only: header values (Authorization, token) are never logged.
        note = f" [fault: {self.fault}]" if self.fault else ""
        self.log_message('"%s" %s%s', self.requestline, code, note)


def main():
    parser = argparse.ArgumentParser(description="Fake SP4N-LAPOR! v3 integration API.")
    parser.add_argument("--port", type=int, default=8090, help="0 picks a free port")
    parser.add_argument("--state", default="fake-national.json", help="JSON state file")
    parser.add_argument("--bearer", default="fake-bearer")
    parser.add_argument("--institution-token", default="fake-institution-token")
    parser.add_argument("--institution-id", type=int, default=3603)
    args = parser.parse_args()
    if args.institution_id not in INSTITUTIONS:
        parser.error(f"--institution-id must be one of {sorted(INSTITUTIONS)}")
    fake = Fake(args.state, args.institution_id)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.fake, server.bearer, server.institution_token = fake, args.bearer, args.institution_token
    print(f"listening on http://127.0.0.1:{server.server_port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
