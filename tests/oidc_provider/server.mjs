// A real OpenID Connect provider (panva's certified oidc-provider) for the single sign-on tests, on loopback.
//
// Started by tests/oidc_provider/__init__.py with one JSON argument: {"clients": [...], "jwks": {"keys": [...]}}.
// It listens on a free port of 127.0.0.1, makes itself the issuer http://127.0.0.1:PORT and prints
// {"issuer": ...} on one line. Its sign-in and consent pages are the library's development interactions: any
// login name with any password signs in, and the account's e-mail is that login name (verified, unless the name
// starts with "unverified."). Each line read on stdin is a new JWKS whose first key signs from then on (key
// rotation); the provider answers {"rotated": KID} once it serves them.
import http from 'node:http';
import readline from 'node:readline';

import Provider from 'oidc-provider';

const settings = JSON.parse(process.argv[2]);
// stdout carries this script's answers only: whatever the library logs goes to stderr
console.log = console.error;
console.info = console.error;

function account(ctx, id) {
  return {
    accountId: id,
    claims: async () => ({
      sub: id,
      email: id,
      email_verified: !id.startsWith('unverified.'),
      name: id.split('@')[0],
    }),
  };
}

function provider(issuer, jwks) {
  const made = new Provider(issuer, {
    clients: settings.clients,
    jwks,
    findAccount: account,
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ['tests-only-cookie-key'] },
  });
  return made.callback();
}

let serve = null;
const server = http.createServer((req, res) => serve(req, res));
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  serve = provider(issuer, settings.jwks);
  readline.createInterface({ input: process.stdin }).on('line', (line) => {
    const jwks = JSON.parse(line);
    serve = provider(issuer, jwks);
    process.stdout.write(`${JSON.stringify({ rotated: jwks.keys[0].kid })}\n`);
  });
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
});
