// A real OpenID Connect provider (panva's certified oidc-provider) for the single sign-on tests, on loopback.
//
// Started by tests/oidc_provider/__init__.py with one JSON argument: {"clients": [...], "jwks": {"keys": [...]}}.
// It listens on a free port of 127.0.0.1, makes itself the issuer http://127.0.0.1:PORT and prints
// {"issuer": ...} on one line. Its sign-in and consent pages are the library's development interactions: any
// login name with any password signs in, and the account's e-mail is that login name (verified, unless the name
// starts with "unverified."); it hands out refresh tokens. Each line read on stdin is a command: a new JWKS, whose
// first key signs from then on (key rotation; answered {"rotated": KID} once served), or {"deactivate": LOGIN}, an
// account the provider no longer finds (a person who left the company; answered {"deactivated": LOGIN}).
import http from 'node:http';
import readline from 'node:readline';

import Provider from 'oidc-provider';

const settings = JSON.parse(process.argv[2]);
// stdout carries this script's answers only: whatever the library logs goes to stderr
console.log = console.error;
console.info = console.error;

const gone = new Set(); // accounts deactivated at the company: the provider no longer finds them

function account(ctx, id) {
  if (gone.has(id)) return undefined;
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
    issueRefreshToken: async (ctx, client) => client.grantTypeAllowed('refresh_token'),
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ['tests-only-cookie-key'] },
  });
  made.on('grant.error', (ctx, error) => console.error('grant.error:', error.error_detail || error.message));
  return made.callback();
}

let serve = null;
const server = http.createServer((req, res) => serve(req, res));
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  serve = provider(issuer, settings.jwks);
  readline.createInterface({ input: process.stdin }).on('line', (line) => {
    const command = JSON.parse(line);
    if (command.deactivate) {
      gone.add(command.deactivate);
      process.stdout.write(`${JSON.stringify({ deactivated: command.deactivate })}\n`);
      return;
    }
    serve = provider(issuer, command);
    process.stdout.write(`${JSON.stringify({ rotated: command.keys[0].kid })}\n`);
  });
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
});
