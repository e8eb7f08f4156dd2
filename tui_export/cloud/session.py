"""CloudSession: the one object the UI talks to for one account (ECS, RAM, OSS).

Thread-safe: UI workers call it concurrently. It owns
- credentials (a provider with `.current()`, or a plain snapshot) and rebuilds its
  SDK clients when the snapshot changes (an STS refresh);
- one AcsClient per region (RegionId has no setter; docs/sdk.md, "One AcsClient per region"), built once and
  reused by every thread without a lock (a lock only while one is built), SDK
  retries off (one policy: cloud/retry.py), `port` left at 80, every request sent to an explicit URL with its scheme (HTTPS
  for the real cloud; docs/sdk.md, "Endpoints as URLs");
- the rules that keep ExportImage from ever creating two tasks (`export`, in session_export.py).

SDK modules are imported on first use, so the first screen draws before they load.
"""

from __future__ import annotations

import copy
import json
import logging
import threading
from typing import Any, Callable

from tui_export.cloud.endpoints import Endpoints, scheme_of
from tui_export.cloud.errors import CloudError, secrets_of, translate
from tui_export.cloud.retry import RetryPolicy, call as retry_call
from tui_export.cloud.session_export import ExportCalls
from tui_export.core.models import ExportRequest, ObjectInfo, RoleState, Task

POOL_SIZE = 16
_RAM_CLIENT = "__ram__"


class StaticCredentials:
    """A provider around a fixed snapshot (tests, the embedded cloud)."""

    def __init__(self, access_key_id: str, access_key_secret: str, security_token: str | None = None,
                 region_id: str | None = None) -> None:
        from tui_export.cloud.credentials import Credentials
        self._snap = Credentials(access_key_id, access_key_secret, security_token, region_id)

    def current(self):
        return self._snap

    def __repr__(self) -> str:
        return f"StaticCredentials({self._snap!r})"


_SDK_LOGGERS = ("aliyunsdkcore", "oss2")
_quiet_done = False


def quiet_sdk_loggers() -> None:
    """Keep the SDKs' own log lines out of the app's logs: they carry request URLs with
    Signature and SecurityToken (and string-to-sign texts). We report errors ourselves,
    scrubbed, as CloudError. oss2's logger has no handler: give it a NullHandler so its
    ERROR lines don't reach stderr through logging.lastResort
    (docs/sdk.md, "Logging: DEBUG=sdk and the oss2 logger")."""
    global _quiet_done
    if _quiet_done:
        return
    for name in _SDK_LOGGERS:
        log = logging.getLogger(name)
        log.propagate = False
        if not log.handlers:
            log.addHandler(logging.NullHandler())
    _quiet_done = True


def _fingerprint(snap) -> tuple:
    return (getattr(snap, "access_key_id", None), getattr(snap, "access_key_secret", None),
            getattr(snap, "security_token", None))


class CloudSession(ExportCalls):
    def __init__(self, credentials, endpoints: Endpoints | None = None, *, retry: RetryPolicy | None = None,
                 read_timeout: float | None = None, connect_timeout: float | None = None,
                 pool_size: int = POOL_SIZE, default_region: str | None = None) -> None:
        self._credentials = credentials
        self.endpoints = endpoints if endpoints is not None else Endpoints.from_env()
        if default_region:
            from dataclasses import replace
            self.endpoints = replace(self.endpoints, default_region=default_region)
        self.retry = retry or RetryPolicy()
        self.read_timeout = read_timeout
        self.connect_timeout = connect_timeout
        self.pool_size = max(8, pool_size)
        self._lock = threading.RLock()
        # key -> AcsClient for the keys `_client_fp` names; replaced whole (never cleared in
        # place) when the keys change, so readers need no lock.
        self._clients: dict[str, Any] = {}
        self._client_fp: tuple | None = None
        self._building: dict[str, threading.Lock] = {}   # key -> held while its client is built
        self._template_lock = threading.Lock()           # the client every region's is copied from
        self._template: Any = None
        self._template_fp: tuple | None = None
        self._oss_auth: Any = None
        self.identity: dict | None = None   # GetCallerIdentity's answer, once asked (caller_identity)
        self._oss_fp: tuple | None = None
        self._region_endpoints: dict[str, str] = {}
        self._bucket_regions: dict[str, str] = {}
        quiet_sdk_loggers()
        from tui_export.cloud.ecs import EcsService
        from tui_export.cloud.oss import OssService
        from tui_export.cloud.ram import RamService
        self.ecs = EcsService(self._ecs_call)
        self.ram = RamService(self._ram_call)
        self.oss = OssService(self._oss_auth_now, self.endpoints, self._oss_guard,
                              connect_timeout=connect_timeout, pool_size=self.pool_size)

    def __repr__(self) -> str:
        return f"CloudSession(endpoints={self.endpoints!r})"

    @classmethod
    def for_sim(cls, sim, *, credentials=None, **kwargs) -> "CloudSession":
        """A session wired to an EmbeddedCloud's endpoints and demo keys."""
        endpoints = Endpoints(ecs=sim.ecs_endpoint, ram=sim.ram_endpoint,
                              sts=getattr(sim, "sts_endpoint", None) or sim.ram_endpoint,
                              oss=getattr(sim, "oss_endpoint", None), sim=True).normalized()
        extra = {k: kwargs.pop(k) for k in ("oss_cname", "oss_internal") if k in kwargs}
        if extra:
            from dataclasses import replace
            endpoints = replace(endpoints, **extra).normalized()
        creds = credentials or StaticCredentials(sim.access_key_id, sim.access_key_secret)
        return cls(creds, endpoints, **kwargs)

    # --- credentials and clients ---------------------------------------------------------
    def credentials(self):
        """The current snapshot (access_key_id, access_key_secret, security_token)."""
        c = self._credentials
        if c is None:
            raise CloudError("NoCredentials", "No AccessKey is configured.", retryable=False)
        try:
            snap = c.current() if hasattr(c, "current") else c
        except CloudError:
            raise
        except Exception as exc:   # noqa: BLE001
            if str(getattr(exc, "code", "")).startswith("credentials."):
                raise                  # CredentialError: safe to show, the UI has texts for it
            raise CloudError(getattr(exc, "error_code", "") or "CredentialError", translate(exc).message,
                             request_id=getattr(exc, "request_id", "") or "", retryable=True) from None
        if not getattr(snap, "access_key_id", None) or not getattr(snap, "access_key_secret", None):
            raise CloudError("NoCredentials", "No AccessKey is configured.", retryable=False)
        return snap

    @property
    def credential_variables(self) -> tuple[str, ...]:
        """The environment variables the keys came from (none for a profile or a sign-in)."""
        return tuple(getattr(self._credentials, "variables", ()) or ())

    def _acs_client(self, key: str, region_id: str, snap):
        fp = _fingerprint(snap)
        if fp == self._client_fp:              # the common case: built before, no lock
            client = self._clients.get(key)
            if client is not None:
                return client
        with self._lock:
            if fp != self._client_fp:          # new keys (an STS refresh, another profile): new clients
                self._client_fp = None
                self._clients = {}
                self._client_fp = fp
            clients = self._clients
            building = self._building.setdefault(key, threading.Lock())
        with building:                         # other regions' clients are built meanwhile
            client = clients.get(key)
            if client is None:
                client = clients[key] = self._new_acs_client(region_id, snap)
            return client

    def _new_acs_client(self, region_id: str, snap):
        """A region's client: a copy of one client built per key set, with its own region and
        connection pool. AcsClient(...) parses the SDK's endpoint table (two 47 KB JSON reads)
        and must run under the process-wide env guard, so building 31 of them one after
        another held up the Regions screen's first load by several round trips; the copy
        shares only the signer (chosen once, under the guard) and the endpoint resolver
        (never asked: every request names its endpoint, `_send`)."""
        fp = _fingerprint(snap)
        with self._template_lock:
            template = self._template if self._template_fp == fp else None
            if template is None:
                template = self._template = self._build_acs_client(region_id, snap)
                self._template_fp = fp
        from aliyunsdkcore.client import DEFAULT_POOL_CONNECTIONS
        from aliyunsdkcore.vendored.requests import Session
        from aliyunsdkcore.vendored.requests.adapters import HTTPAdapter

        client = copy.copy(template)
        client.set_region_id(region_id)
        client.session = Session()           # as AcsClient.__init__ mounts it
        for scheme in ("https://", "http://"):
            client.session.mount(scheme, HTTPAdapter(DEFAULT_POOL_CONNECTIONS, self.pool_size))
        return client

    def _build_acs_client(self, region_id: str, snap):
        # Recipe from cloud/sdk_env.py: DEBUG=sdk dropped before import, ALIYUN_ACCESS_KEY_*
        # hidden while the signer is chosen, so the env can't replace the chosen key.
        from tui_export.cloud.credentials import sdk_credential, sdk_env_guard
        sdk_env_guard()
        from aliyunsdkcore.client import AcsClient
        with sdk_env_guard():
            return AcsClient(region_id=region_id, credential=sdk_credential(snap), auto_retry=False,
                             max_retry_time=0, pool_size=self.pool_size, port=80,
                             timeout=self.read_timeout, connect_timeout=self.connect_timeout)

    def _send(self, key: str, region_id: str, endpoint: str, make_request: Callable, operation: str) -> dict:
        """One signed request, no retry; SDK errors -> CloudError (scrubbed)."""
        snap = self.credentials()
        try:
            client = self._acs_client(key, region_id, snap)
            req = make_request()                 # fresh per attempt: signing mutates it
            req.set_endpoint(endpoint)
            req.set_protocol_type(scheme_of(endpoint))
            if self.read_timeout:
                req.set_read_timeout(self.read_timeout)
            if self.connect_timeout:
                req.set_connect_timeout(self.connect_timeout)
            body = client.do_action_with_exception(req)
        except CloudError:
            raise
        except Exception as exc:   # noqa: BLE001 - every SDK error becomes a CloudError
            raise translate(exc, operation=operation, secrets=secrets_of(snap)) from None
        try:
            return json.loads(body) if body else {}
        except ValueError:
            raise CloudError("InvalidResponse", "The answer was not JSON.", 200, operation=operation,
                             retryable=True) from None

    def _ecs_endpoint(self, region_id: str) -> str:
        if self.endpoints.ecs:
            return self.endpoints.ecs
        return self._region_endpoints.get(region_id) or self.endpoints.ecs_url(region_id)

    def _ecs_call(self, region_id: str, make_request: Callable, operation: str, *, retry: bool = True) -> dict:
        once = lambda: self._send(region_id, region_id, self._ecs_endpoint(region_id),  # noqa: E731
                                  make_request, operation)
        return retry_call(once, self.retry, operation=operation) if retry else once()

    def _ram_call(self, make_request: Callable, operation: str, *, retry: bool = True) -> dict:
        region = self.endpoints.default_region
        once = lambda: self._send(_RAM_CLIENT, region, self.endpoints.ram_url(), make_request, operation)  # noqa: E731
        return retry_call(once, self.retry, operation=operation) if retry else once()

    def _oss_auth_now(self):
        snap = self.credentials()
        fp = _fingerprint(snap)
        with self._lock:
            if self._oss_auth is None or fp != self._oss_fp:
                import oss2
                if snap.security_token:
                    self._oss_auth = oss2.StsAuth(snap.access_key_id, snap.access_key_secret, snap.security_token)
                else:
                    self._oss_auth = oss2.Auth(snap.access_key_id, snap.access_key_secret)
                self._oss_fp = fp
            return self._oss_auth

    def _oss_guard(self, fn: Callable, operation: str, *, retry: bool = True):
        def once():
            snap = self.credentials()
            try:
                return fn()
            except CloudError:
                raise
            except Exception as exc:   # noqa: BLE001
                raise translate(exc, operation=operation, secrets=secrets_of(snap)) from None
        return retry_call(once, self.retry, operation=operation) if retry else once()

    # --- ECS ---------------------------------------------------------------------------
    def regions(self, lang: str = "en"):
        regions = self.ecs.regions(lang, region_id=self.endpoints.default_region)
        if not self.endpoints.ecs:   # the real cloud tells us each region's endpoint: use it
            with self._lock:
                for r in regions:
                    ep = r.extra.get("endpoint")
                    if ep and "." in ep:
                        self._region_endpoints[r.region_id] = f"https://{ep}"
        return regions

    def images(self, region_id: str):
        return self.ecs.images(region_id)

    def image_count(self, region_id: str) -> int:
        return self.ecs.image_count(region_id)

    def tasks(self, region_id: str) -> list[Task]:
        return self.ecs.tasks(region_id)

    def task(self, region_id: str, task_id: str) -> Task:
        return self.ecs.task(region_id, task_id)

    def caller_identity(self) -> dict:
        """STS GetCallerIdentity: who these keys are (AccountId, Arn, IdentityType). Needs no
        permission, so it is the cheapest call that proves a key works (the doctor's)."""
        def make():
            from aliyunsdkcore.request import CommonRequest
            r = CommonRequest(version="2015-04-01", action_name="GetCallerIdentity", product="Sts")
            r.set_method("POST")
            r.set_accept_format("JSON")
            return r
        once = lambda: self._send("__sts__", self.endpoints.default_region, self.endpoints.sts_url(),  # noqa: E731
                                  make, "GetCallerIdentity")
        who = retry_call(once, self.retry, operation="GetCallerIdentity")
        self.identity = who   # kept: the status line names the account by its UID once known
        return who

    # --- RAM -------------------------------------------------------------------------
    def role_state(self) -> RoleState:
        return self.ram.check().state

    def ensure_role(self) -> RoleState:
        return self.ram.ensure()

    def describe_role_plan(self):
        """What ensure_role() would do (a RolePlan; `.describe(lang)` gives the text)."""
        return self.ram.plan()

    # --- OSS -------------------------------------------------------------------------
    def buckets(self):
        return self.oss.buckets()

    def create_bucket(self, name: str, region_id: str):
        from tui_export.core.rules import validate_bucket_name
        problem = validate_bucket_name(name)
        if problem:
            raise CloudError("InvalidBucketName", f"The bucket name {name!r} is not valid ({problem.key}).",
                             400, retryable=False, operation="PutBucket")
        made = self.oss.create_bucket(name, region_id)
        with self._lock:
            self._bucket_regions[made.name] = made.region_id
        return made

    def oss_bucket(self, name: str, region_id: str):
        """An oss2.Bucket with this session's auth and endpoint rules (for the download engine)."""
        return self.oss.bucket(name, region_id)

    def head_object(self, bucket: str, key: str, region_id: str | None = None) -> ObjectInfo:
        return self.oss.head_object(bucket, key, region_id or self._bucket_region(bucket))

    def exported_objects(self, task: Task, req: ExportRequest) -> list[ObjectInfo]:
        bucket = task.oss_bucket or req.bucket
        return self.oss.exported_objects(bucket, req.region_id, keys=task.oss_objects, image_id=req.image_id,
                                         prefix=req.prefix)

    def presign(self, bucket: str, key: str, expires_s: int = 3600, region_id: str | None = None) -> tuple[str, int]:
        """A signed GET link; also written whole to the log (cloud/signed_link.py says why)."""
        from tui_export.cloud.signed_link import log_signed_link

        url, expires = self.oss.presign(bucket, key, region_id or self._bucket_region(bucket), expires_s)
        log_signed_link(url, expires, key_secret=getattr(self.credentials(), "access_key_secret", None))
        return url, expires

    def _bucket_region(self, bucket: str) -> str:
        """A bucket's region: needed for the real regional endpoint, not for an override."""
        if self.endpoints.oss or self.endpoints.cname_for(bucket):
            return self.endpoints.default_region
        with self._lock:
            cached = self._bucket_regions.get(bucket)
        if cached:
            return cached
        regions = {b.name: b.region_id for b in self.buckets()}
        with self._lock:
            self._bucket_regions = regions
        if bucket not in regions:
            raise CloudError("NoSuchBucket", "The specified bucket does not exist.", 404, retryable=False,
                             operation="GetBucketLocation")
        return regions[bucket]
