// A real OpenID Connect provider on loopback for Målbord's sign-in tests (tests/test_browser_auth.py):
// npm's oidc-provider with its development login form. Test accounts (log in with the account id;
// any password) carry `groups` claims that data/access.yaml maps to each role. No real people.
//
//   node provider.mjs PORT REDIRECT_URI
//
// Prints "ready <issuer>" on stdout when it listens.
import Provider from 'oidc-provider';

const [port, redirectUri] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;

export const ACCOUNTS = {
  ledelse: { name: 'Test Ledelse', groups: ['maalbord-ledelse'] },
  management: { name: 'Test Management', groups: ['maalbord-ledelse'], locale: 'en-GB' },
  udvalg: { name: 'Test Udvalg BIU', groups: ['maalbord-udvalg-biu'] },
  analytiker: { name: 'Test Analytiker', groups: ['maalbord-analytiker'] },
  mikrodata: { name: 'Test Analytiker Mikrodata', groups: ['maalbord-analytiker-mikrodata'] },
  dataansvarlig: { name: 'Test Dataansvarlig', groups: ['maalbord-dataansvarlig'] },
  admin: { name: 'Test Admin', groups: ['maalbord-admin'] },
  ingen: { name: 'Test Uden Rolle', groups: ['en-anden-gruppe'] },
};

const configuration = {
  clients: [{
    client_id: 'maalbord',
    client_secret: 'maalbord-test-client-secret',
    redirect_uris: [redirectUri],
    post_logout_redirect_uris: [redirectUri],
    grant_types: ['authorization_code'],
    response_types: ['code'],
  }],
  // `groups` rides with the profile scope, and claims go into the ID token (Streamlit reads only it)
  claims: { openid: ['sub'], profile: ['name', 'groups', 'locale'], email: ['email'] },
  conformIdTokenClaims: false,
  async findAccount(ctx, id) {
    const account = ACCOUNTS[id];
    if (!account) return undefined;
    return { accountId: id, async claims() { return { sub: id, ...account }; } };
  },
  // first-party client: no consent screen
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  cookies: { keys: ['maalbord-test-cookie-key'] },
  ttl: { IdToken: 3600, Session: 3600, Interaction: 600, Grant: 3600, AccessToken: 3600 },
};

const provider = new Provider(issuer, configuration);
provider.listen(Number(port), '127.0.0.1', () => { console.log(`ready ${issuer}`); });
