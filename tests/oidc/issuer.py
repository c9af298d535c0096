"""A small OpenID Connect provider on loopback, for the tests: it serves a discovery document and its keys
(JWKS) over real HTTP from a thread, and signs access tokens with its private keys (PyJWT, ``cryptography``).

Like Entra ID it can rotate keys (publish a new one, sign with it) and be down (answer 503, or refuse
connections once stopped); it counts every request for its keys.
"""

import base64
import hashlib
import hmac
import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

AUDIENCE = "api://ilacs-test"
TENANT = "9188040d-6c67-4c5b-b112-36a304b66dad"


@dataclass
class SigningKey:
    kid: str
    algorithm: str  # what it signs with by default: RS256 (RSA) or ES256 (EC P-256)
    private: Any
    published: bool = True

    def jwk(self) -> dict[str, Any]:
        algorithm = jwt.get_algorithm_by_name(self.algorithm)
        public = json.loads(algorithm.to_jwk(self.private.public_key()))
        return {**public, "kid": self.kid, "use": "sig"}  # no "alg", as Entra publishes them

    def public_pem(self) -> bytes:
        return self.private.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )


def rsa_key(kid: str) -> SigningKey:
    return SigningKey(kid, "RS256", rsa.generate_private_key(public_exponent=65537, key_size=2048))


def ec_key(kid: str) -> SigningKey:
    return SigningKey(kid, "ES256", ec.generate_private_key(ec.SECP256R1()))


@dataclass
class Issuer:
    """The provider's state; ``url`` is its issuer identifier once started."""

    keys: list[SigningKey] = field(default_factory=list)
    url: str = ""
    key_requests: int = 0
    failing_with: int | None = None  # answer every request with this status (the provider is in trouble)
    _server: ThreadingHTTPServer | None = None

    # --- the provider's side -------------------------------------------------------------------------

    def start(self) -> "Issuer":
        issuer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path == "/keys":
                    issuer.key_requests += 1
                if issuer.failing_with is not None:
                    return self._answer(issuer.failing_with, {"error": "temporarily_unavailable"})
                if self.path == "/.well-known/openid-configuration":
                    return self._answer(200, issuer.discovery())
                if self.path == "/keys":
                    return self._answer(200, {"keys": [k.jwk() for k in issuer.keys if k.published]})
                return self._answer(404, {"error": "not_found"})

            def _answer(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, name="test-oidc-issuer", daemon=True).start()
        return self

    def stop(self) -> None:
        """Gone from the network: connections are refused from now on."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.url,
            "jwks_uri": self.url + "/keys",
            "authorization_endpoint": self.url + "/authorize",
            "token_endpoint": self.url + "/token",
            "id_token_signing_alg_values_supported": ["RS256"],
        }

    # --- tokens ----------------------------------------------------------------------------------------

    @property
    def current(self) -> SigningKey:
        return self.keys[-1]

    def claims(self, **overrides: Any) -> dict[str, Any]:
        """An Entra-like v2 access token for a person, overridden (a value of None removes the claim)."""
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.url,
            "aud": AUDIENCE,
            "iat": now,
            "nbf": now,
            "exp": now + 3600,
            "ver": "2.0",
            "tid": TENANT,
            "oid": str(uuid.uuid4()),
            "sub": "person-" + uuid.uuid4().hex[:12],
            "azp": "ilacs-front-end",
            "name": "Jo Bloggs",
            "preferred_username": "jo.bloggs@council.example",
            "roles": ["reader"],
        }
        claims.update(overrides)
        return {k: v for k, v in claims.items() if v is not None}

    def token(self, key: SigningKey | None = None, algorithm: str | None = None, **overrides: Any) -> str:
        key = key or self.current
        return jwt.encode(
            self.claims(**overrides), key.private, algorithm=algorithm or key.algorithm, headers={"kid": key.kid}
        )

    def headers(self, **overrides: Any) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(**overrides)}"}

    def service_token(self, client_id: str = "council-case-system", **overrides: Any) -> str:
        """A client-credentials token, as Entra issues one to an application: ``idtyp=app``, sub = the client."""
        service_object_id = str(uuid.UUID(hashlib.md5(client_id.encode()).hexdigest()))  # noqa: S324 - an id
        claims = {
            "oid": service_object_id,
            "sub": service_object_id,
            "azp": client_id,
            "idtyp": "app",
            "name": None,
            "preferred_username": None,
            **overrides,
        }
        return self.token(**claims)


def unsigned(header: dict[str, Any], claims: dict[str, Any], signature: bytes = b"") -> str:
    """A compact JWT assembled by hand (for forgeries no library would sign)."""
    parts = [_b64(json.dumps(header).encode()), _b64(json.dumps(claims).encode())]
    return ".".join([*parts, _b64(signature)])


def hs256_with(secret: bytes, header: dict[str, Any], claims: dict[str, Any]) -> str:
    signing_input = _b64(json.dumps(header).encode()) + "." + _b64(json.dumps(claims).encode())
    return signing_input + "." + _b64(hmac.new(secret, signing_input.encode(), hashlib.sha256).digest())


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
