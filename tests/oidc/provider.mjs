// A real OpenID Connect provider (panva/oidc-provider) for the browser test of social sign-in.
// Started on loopback by tests/e2e/test_accounts_oidc.py; configured from the environment:
//   OIDC_PORT, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URI
// Any login name signs in (the library's development sign-in screen); the account's `sub` is
// that name and its e-mail is <name>@oidc.test, marked verified.
import Provider from "oidc-provider";

const port = Number(process.env.OIDC_PORT);
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: process.env.OIDC_CLIENT_ID,
      client_secret: process.env.OIDC_CLIENT_SECRET,
      redirect_uris: process.env.OIDC_REDIRECT_URI.split(" "),
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_post",
    },
  ],
  claims: {
    openid: ["sub"],
    email: ["email", "email_verified"],
    profile: ["name", "preferred_username"],
  },
  async findAccount(ctx, sub) {
    return {
      accountId: sub,
      async claims() {
        return {
          sub,
          email: `${sub}@oidc.test`,
          email_verified: true,
          name: `Reader ${sub}`,
          preferred_username: sub,
        };
      },
    };
  },
  features: { devInteractions: { enabled: true } },
  // Plain HTTP on loopback only; cookies must not demand TLS here.
  cookies: { keys: ["masthead-test-only-cookie-key"] },
});
provider.proxy = false;

provider.listen(port, "127.0.0.1", () => {
  console.log(`oidc-provider listening on ${issuer}`);
});
