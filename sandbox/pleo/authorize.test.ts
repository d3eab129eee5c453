import { describe, expect, it } from "vitest";
import {
  authorizeParams,
  call,
  D,
  NORDLYS_AB,
  NORDLYS_GROUP,
  pkce,
  pleoApi,
  pleoToken,
  REDIRECT_URI,
  useTestSandbox,
} from "../testkit";

const sb = useTestSandbox(["pleo"]);

const authorize = (params: Record<string, string>) =>
  fetch(`${sb.pleoUrl}/oauth/authorize?${new URLSearchParams(params).toString()}`, { redirect: "manual" });

const decide = (form: Record<string, string>) =>
  fetch(`${sb.pleoUrl}/oauth/authorize/decision`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form).toString(),
  });

function redirectError(res: Response) {
  const location = new URL(res.headers.get("location") ?? "");
  return { base: `${location.origin}${location.pathname}`, q: Object.fromEntries(location.searchParams) };
}

describe("GET /oauth/authorize", () => {
  it("shows a 400 page without redirecting for an unknown client", async () => {
    const res = await authorize(authorizeParams(pkce().challenge, { client_id: "someone-else" }));
    expect(res.status).toBe(400);
    expect(res.headers.get("location")).toBeNull();
    expect(await res.text()).toContain("Unknown client_id");
  });

  it("shows a 400 page without redirecting when redirect_uri is not an exact match", async () => {
    for (const uri of [`${REDIRECT_URI}/`, `${REDIRECT_URI}?x=1`, "http://evil.test/cb"]) {
      const res = await authorize(authorizeParams(pkce().challenge, { redirect_uri: uri }));
      expect(res.status).toBe(400);
      expect(res.headers.get("location")).toBeNull();
    }
  });

  it("redirects protocol errors back with error, error_description and state", async () => {
    const c = pkce().challenge;
    const cases: [Record<string, string>, string][] = [
      [{ response_type: "token" }, "unsupported_response_type"],
      [{ scope: "export-items:read admin:write" }, "invalid_scope"],
      [{ code_challenge_method: "plain" }, "invalid_request"],
      [{ code_challenge: "" }, "invalid_request"],
    ];
    for (const [extra, error] of cases) {
      const res = await authorize(authorizeParams(c, extra));
      expect(res.status).toBe(302);
      const { base, q } = redirectError(res);
      expect(base).toBe(REDIRECT_URI);
      expect(q).toMatchObject({ error, state: "st-123" });
      expect(q.error_description).toBeTruthy();
    }
    const missingMethod = authorizeParams(c);
    delete missingMethod.code_challenge_method;
    expect(redirectError(await authorize(missingMethod)).q.error).toBe("invalid_request");
  });

  it("shows a sign-in and consent page for a valid request", async () => {
    const res = await authorize(authorizeParams(pkce().challenge));
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toMatch(/<label for="email">Email<\/label>/);
    expect(page).toContain('value="demo@pleo.test"');
    expect(page).toMatch(/<label for="password">Password<\/label>/);
    for (const name of [
      "Nordlys ApS",
      "Nordlys AB",
      "Brightwater Ltd",
      "Brightwater GmbH",
      "Nordlys Group (all companies)",
    ]) {
      expect(page).toContain(`>${name}</label>`);
    }
    expect(page).toContain(">Allow</button>");
    expect(page).toContain(">Deny</button>");
    expect(page).toContain('action="/oauth/authorize/decision"');
  });
});

describe("POST /oauth/authorize/decision", () => {
  const form = (challenge: string, extra: Record<string, string> = {}) => ({
    ...authorizeParams(challenge),
    email: "demo@pleo.test",
    password: "sandbox",
    subject: `company:${NORDLYS_AB}`,
    decision: "allow",
    ...extra,
  });

  it("Allow redirects with a code and the state; the code yields tokens for the chosen company", async () => {
    const p = pkce();
    const res = await decide(form(p.challenge));
    expect(res.status).toBe(303);
    const { base, q } = redirectError(res);
    expect(base).toBe(REDIRECT_URI);
    expect(q.state).toBe("st-123");
    const tok = await pleoToken(sb.pleoUrl, {
      grant_type: "authorization_code",
      code: q.code ?? "",
      redirect_uri: REDIRECT_URI,
      code_verifier: p.verifier,
    });
    expect(tok.status).toBe(200);
    const me = (await (await pleoApi(sb.pleoUrl, "/v1/introspect", tok.body.access_token)).json()) as {
      data: { subjectURN: string };
    };
    expect(me.data.subjectURN).toBe(`urn:pleo:company:${NORDLYS_AB}`);
  });

  it("can grant a whole organisation", async () => {
    const p = pkce();
    const { q } = redirectError(await decide(form(p.challenge, { subject: `organisation:${NORDLYS_GROUP}` })));
    const tok = await pleoToken(sb.pleoUrl, {
      grant_type: "authorization_code",
      code: q.code ?? "",
      redirect_uri: REDIRECT_URI,
      code_verifier: p.verifier,
    });
    const me = (await (await pleoApi(sb.pleoUrl, "/v1/introspect", tok.body.access_token)).json()) as {
      data: { subjectURN: string };
    };
    expect(me.data.subjectURN).toBe(`urn:pleo:organisation:${NORDLYS_GROUP}`);
  });

  it("Deny redirects with access_denied and the state", async () => {
    const res = await decide(form(pkce().challenge, { decision: "deny" }));
    expect(res.status).toBe(303);
    expect(redirectError(res).q).toMatchObject({ error: "access_denied", state: "st-123" });
  });

  it("a wrong password shows the page again with an error and issues nothing", async () => {
    const res = await decide(form(pkce().challenge, { password: "nope" }));
    expect(res.status).toBe(200);
    expect(res.headers.get("location")).toBeNull();
    expect(await res.text()).toContain("Wrong email or password.");
  });

  it("re-validates the hidden fields (tampered redirect_uri → 400, no redirect)", async () => {
    const res = await decide(form(pkce().challenge, { redirect_uri: "http://evil.test/cb" }));
    expect(res.status).toBe(400);
    expect(res.headers.get("location")).toBeNull();
  });
});

describe("POST /__sandbox/authorize (browserless shortcut)", () => {
  it("applies the same validation as the page", async () => {
    const c = pkce().challenge;
    const plain = await call<{ location: string }>(sb.pleoUrl, "/__sandbox/authorize", {
      ...authorizeParams(c, { code_challenge_method: "plain" }),
      company_id: NORDLYS_AB,
    });
    expect(new URL(plain.body.location).searchParams.get("error")).toBe("invalid_request");
    const badClient = await call(sb.pleoUrl, "/__sandbox/authorize", {
      ...authorizeParams(c, { client_id: "x" }),
      company_id: NORDLYS_AB,
    });
    expect(badClient.status).toBe(400);
    const deny = await call<{ location: string }>(sb.pleoUrl, "/__sandbox/authorize", {
      ...authorizeParams(c),
      company_id: NORDLYS_AB,
      decision: "deny",
    });
    expect(new URL(deny.body.location).searchParams.get("error")).toBe("access_denied");
    const ok = await call<{ location: string }>(sb.pleoUrl, "/__sandbox/authorize", {
      ...authorizeParams(c),
      company_id: NORDLYS_AB,
    });
    expect(new URL(ok.body.location).searchParams.get("code")).toBeTruthy();
    expect(D.pleoClientScopes).toContain("export-items:read");
  });
});
