import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { exportJWK, generateKeyPair } from "jose";
import Provider, { type Configuration, type KoaContextWithOIDC } from "oidc-provider";
import { BodyTooLarge, formBody, readBody } from "../core/http";
import type { ProviderServer } from "../core/server";
import type { SandboxConfig } from "../options";
import { identityByLogin, identityBySub, OIDC_PASSWORD } from "./identities";
import { errorPage, loginPage } from "./login-page";

const SCOPES = "openid email profile";

/**
 * A real OpenID Connect provider (panva's `oidc-provider`) on 127.0.0.1 for the portal's "Sign in
 * with single sign-on": discovery, JWKS (a fresh RS256 key per start), authorization code with
 * PKCE (required), client_secret_basic or _post, ID tokens carrying nonce, email and
 * email_verified. Our own pages handle the login interaction; consent is implied (first party).
 */
export async function startOidc(config: SandboxConfig): Promise<ProviderServer> {
  const sockets = new Set<Socket>();
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.writeHead(503).end();
  };
  const server = createServer((req, res) => handler(req, res));
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  // The issuer names the port, so listen first.
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.oidcPort, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, await configuration(config));
  provider.on("server_error", (_ctx, error) => config.log(`[oidc] server error: ${error.message}`));
  const oidcCallback = provider.callback();

  handler = (req, res) => {
    const started = Date.now();
    res.on("finish", () =>
      config.log(`[oidc] ${res.statusCode} ${req.method} ${(req.url ?? "").split("?")[0]} ${Date.now() - started}ms`),
    );
    const path = new URL(req.url ?? "/", issuer).pathname;
    if (!path.startsWith("/interaction/")) return void oidcCallback(req, res);
    interaction(provider, path, req, res).catch((err: unknown) => {
      const tooLarge = err instanceof BodyTooLarge;
      const message = err instanceof Error ? err.message : String(err);
      if (!tooLarge) config.log(`[oidc] interaction error: ${message}`);
      if (res.headersSent) return res.destroy();
      // An expired or unknown interaction (cookie gone, server restarted): a page, not a redirect.
      send(
        res,
        tooLarge ? 413 : 400,
        errorPage(
          tooLarge ? "Request too large." : "This sign-in has expired or is unknown. Start again from the application.",
        ),
      );
    });
  };

  let closing: Promise<void> | undefined;
  return {
    url: issuer,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      return closing;
    },
  };
}

async function configuration(config: SandboxConfig): Promise<Configuration> {
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const signingKey = {
    ...(await exportJWK(privateKey)),
    kid: `sandbox-${randomBytes(4).toString("hex")}`,
    alg: "RS256",
    use: "sig",
  };
  return {
    clients: [
      {
        client_id: config.oidcClientId,
        client_secret: config.oidcClientSecret,
        redirect_uris: [...config.oidcRedirectUris],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        // The client may authenticate either way; Auth.js uses Basic.
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    clientAuthMethods: ["client_secret_basic", "client_secret_post"],
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString("base64url")] },
    scopes: SCOPES.split(" "),
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    // Put the scope's claims in the ID token too: Auth.js reads the profile from it alone.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    ttl: {
      AuthorizationCode: 60,
      Interaction: 600,
      Session: 8 * 3600,
      Grant: 8 * 3600,
      AccessToken: 600,
      IdToken: 600,
    },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount(_ctx, sub) {
      const who = identityBySub(sub);
      if (!who) return undefined;
      return {
        accountId: who.sub,
        claims: () => ({
          sub: who.sub,
          email: who.email,
          ...(who.emailVerified === undefined ? {} : { email_verified: who.emailVerified }),
          name: who.name,
        }),
      };
    },
    // First-party client: consent is implied, so the only interaction is the login form.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const { client, session } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const existing = ctx.oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      if (existing) return ctx.oidc.provider.Grant.find(existing);
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope(SCOPES);
      await grant.save();
      return grant;
    },
    renderError(ctx, out) {
      ctx.type = "html";
      ctx.body = errorPage(`${String(out.error)}: ${String(out.error_description ?? "")}`);
    },
  };
}

function send(res: ServerResponse, status: number, markup: string) {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  res.end(markup);
}

/** GET /interaction/:uid (the form), POST …/login (check, then back to the authorization), POST …/abort. */
async function interaction(provider: Provider, path: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const [, , uid, action] = path.split("/");
  const details = await provider.interactionDetails(req, res);
  if (!uid || details.uid !== uid) return send(res, 400, errorPage("Unknown interaction."));
  const clientId = String(details.params.client_id);
  if (req.method === "GET" && action === undefined) {
    if (details.prompt.name !== "login") {
      // Not expected (consent is implied); finish with what the provider asks for.
      return provider.interactionFinished(req, res, {}, { mergeWithLastSubmission: true });
    }
    return send(res, 200, loginPage({ uid, clientId }));
  }
  if (req.method !== "POST") return send(res, 405, errorPage("Method not allowed."));
  if (action === "abort") {
    return provider.interactionFinished(
      req,
      res,
      { error: "access_denied", error_description: "The user cancelled the sign-in." },
      { mergeWithLastSubmission: false },
    );
  }
  if (action !== "login") return send(res, 404, errorPage("Not found."));
  const form = formBody(req.headers, await readBody(req)) ?? new URLSearchParams();
  const email = (form.get("email") ?? "").slice(0, 320);
  const who = identityByLogin(email);
  if (!who || form.get("password") !== OIDC_PASSWORD) {
    return send(res, 200, loginPage({ uid, clientId, email, error: "Unknown email or wrong password." }));
  }
  return provider.interactionFinished(req, res, { login: { accountId: who.sub } }, { mergeWithLastSubmission: false });
}
