"""A real OpenID Connect provider for the single sign-on tests: panva's certified ``oidc-provider`` (npm), run by
Node.js on loopback (``server.mjs`` beside this file says how it behaves).

The package is installed once into ``var/test-tools/oidc-provider`` (``npm ci`` from the lock file here; installed
again only when the lock file changes). The tests give it the portal as a client and the keys it signs with; a
test rotates the keys with ``Provider.rotate``. ``walk`` goes through the provider's pages as a person would (sign in
with a login name, consent) and returns where the provider sends the browser back to."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urljoin

import requests
from django.conf import settings
from joserfc.jwk import KeySet, RSAKey

HERE = Path(__file__).parent
PACKAGE_FILES = ("package.json", "package-lock.json")
CLIENT_ID = "alliance-portal"
CLIENT_SECRET = "tests-only-client-secret"


def installed() -> Path:
    """The folder holding ``oidc-provider`` and the server script, installed if the lock file changed."""
    folder = settings.DATA_DIR / "test-tools" / "oidc-provider"
    digest = hashlib.sha256(b"".join((HERE / name).read_bytes() for name in PACKAGE_FILES)).hexdigest()
    stamp = folder / ".installed"
    if not (stamp.exists() and stamp.read_text() == digest):
        folder.mkdir(parents=True, exist_ok=True)
        for name in PACKAGE_FILES:
            shutil.copy(HERE / name, folder / name)
        command = ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"]
        subprocess.run(command, cwd=folder, check=True, timeout=600)
        stamp.write_text(digest)
    shutil.copy(HERE / "server.mjs", folder / "server.mjs")  # node finds the package beside the script
    return folder


def signing_key(kid: str) -> RSAKey:
    return RSAKey.generate_key(2048, parameters={"kid": kid, "use": "sig", "alg": "RS256"}, private=True)


def jwks(*keys: RSAKey) -> dict:
    """A private JWKS for the provider; its first key signs."""
    return KeySet(list(keys)).as_dict(private=True)


class Provider:
    """The running provider; ``issuer`` is its http://127.0.0.1:PORT."""

    def __init__(self, redirect_uris: list[str], keys: list[RSAKey]):
        folder = installed()
        client = {
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "redirect_uris": redirect_uris,
            "grant_types": ["authorization_code", "refresh_token"],
            "response_types": ["code"],
        }
        settings_json = json.dumps({"clients": [client], "jwks": jwks(*keys)})
        self.log = (folder / "provider.log").open("ab")
        self.process = subprocess.Popen(
            ["node", "server.mjs", settings_json],
            cwd=folder,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
        )
        self.issuer = self._answer()["issuer"]

    def _answer(self) -> dict:
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"the OpenID provider stopped: see {self.log.name}")
        return json.loads(line)

    def rotate(self, *keys: RSAKey) -> None:
        """From now on the provider publishes these keys and signs with the first."""
        self._tell(jwks(*keys), {"rotated": keys[0].kid})

    def _tell(self, command: dict, answer: dict) -> None:
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        assert self._answer() == answer

    def deactivate(self, login: str) -> None:
        """The person signing in as ``login`` left the company: the provider no longer finds the account."""
        self._tell({"deactivate": login}, {"deactivated": login})

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()

    def jwks_url(self) -> str:
        return f"{self.issuer}/jwks"

    def walk(self, authorization_url: str, login: str, *, cancel: bool = False) -> str:
        """Through the provider's pages from the portal's redirect: sign in as ``login`` (any password), consent
        when asked (or cancel at the first page); the URL the provider sends the browser back to."""
        browser = requests.Session()
        response = browser.get(authorization_url, allow_redirects=False, timeout=30)
        while True:
            if response.is_redirect:
                location = urljoin(response.url, response.headers["Location"])
                if not location.startswith(self.issuer):
                    return location
                response = browser.get(location, allow_redirects=False, timeout=30)
                continue
            assert response.status_code == 200, response.text[:500]
            if cancel:
                response = browser.get(response.url.rstrip("/") + "/abort", allow_redirects=False, timeout=30)
                continue
            action = re.search(r'<form[^>]*action="([^"]+)"[^>]*method="post"', response.text).group(1)
            prompt = re.search(r'name="prompt" value="(\w+)"', response.text).group(1)
            form = {"prompt": prompt, "login": login, "password": "any"} if prompt == "login" else {"prompt": prompt}
            response = browser.post(urljoin(response.url, action), data=form, allow_redirects=False, timeout=30)
