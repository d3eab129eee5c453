import { describe, expect, it } from "vitest";
import { GET as metricsRoute } from "./route";
import { pleoFetch } from "@/lib/connections/pleo/tokens";
import { getPliantAccessToken } from "@/lib/connections/pliant/token";
import { ProviderUnavailable } from "@/lib/providers/errors";
import { pliantApiRequest } from "@/lib/providers/pliant/api";
import { endPliantCoolDown } from "@/lib/providers/pliant/rate-limit";
import { PLEO_COMPANIES } from "@/sandbox/pleo/data";
import { createPleoConnection, createWorkspace } from "@/test/pleo-fixtures";
import { useSandbox } from "@/test/sandbox";
import { endpointTemplate } from "@/lib/metrics/endpoint";
import { metrics } from "@/lib/metrics/registry";

const METRICS_TOKEN = "metrics-test-token-0123456789";
// Read by env() on first use (after this line): /api/metrics exists only with a token.
process.env.METRICS_TOKEN = METRICS_TOKEN;
const sandbox = useSandbox();

describe("endpoint labels", () => {
  it.each([
    ["v1/companies/6d868483-9043-4ce6-a8ce-a5814de90c0a", "/v1/companies/:id"],
    ["/api/organizations/8a3f2c71-4b5e-4d9a-b1c6-7e2f9d0a3b52/activate?x=1", "/api/organizations/:id/activate"],
    ["/api/organizations?limit=100&page=3", "/api/organizations"],
    ["/v1/export-jobs/12345/items", "/v1/export-jobs/:id/items"],
    ["/v1/subjects/urn:pleo:company:abc", "/v1/subjects/:id"],
    ["/oauth/token", "/oauth/token"],
  ])("%s → %s", (path, template) => expect(endpointTemplate(path)).toBe(template));
});

describe("/api/metrics series (real PostgreSQL, sandbox Pleo)", () => {
  it("a sandbox call lands in the provider latency histogram by endpoint template and status; a refresh is counted", async () => {
    const { workspace } = await createWorkspace();
    const { connection } = await createPleoConnection(sandbox.pleo, workspace.id, { expired: true });
    const company = PLEO_COMPANIES[0]!.id;
    const count = async (series: RegExp) => Number((await metrics().registry.metrics()).match(series)?.[1] ?? 0);
    const TOKEN =
      /portal_provider_request_duration_seconds_count\{provider="pleo",endpoint="\/oauth\/token",status="200"\} (\d+)\n/;
    const REFRESHED = /portal_token_refreshes_total\{provider="pleo",outcome="ok"\} (\d+)\n/;
    const [tokenCallsBefore, refreshesBefore] = [await count(TOKEN), await count(REFRESHED)];
    const response = await pleoFetch(connection.id, `v1/companies/${company}`);
    expect(response.status).toBe(200);

    const text = await metrics().registry.metrics();
    expect(text).toMatch(
      /portal_provider_request_duration_seconds_count\{provider="pleo",endpoint="\/v1\/companies\/:id",status="200"\} 1\n/,
    );
    // The expired token was refreshed first, through the token endpoint (also timed).
    expect(await count(TOKEN)).toBe(tokenCallsBefore + 1);
    expect(await count(REFRESHED)).toBe(refreshesBefore + 1);
    expect(text).not.toContain(company);
    // From the database at scrape time.
    expect(text).toMatch(/portal_connections\{provider="pleo",status="active"\} [1-9]/);
    expect(text).toContain("# TYPE portal_job_runs_total counter");
    expect(text).toContain("# TYPE portal_queue_depth gauge");
  });
});

describe("Pliant's API rate limit on /api/metrics (sandbox 429)", () => {
  it("a 429 from the sandbox counts in portal_pliant_rate_limited_total, and the cool-down shows", async () => {
    const scrape = async () => {
      const response = await metricsRoute(
        new Request("http://localhost/api/metrics", { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } }),
      );
      expect(response.status).toBe(200);
      return response.text();
    };
    const limited = async () =>
      Number((await scrape()).match(/^portal_pliant_rate_limited_total (\d+)$/m)?.[1] ?? Number.NaN);
    const before = await limited();
    expect(before).not.toBeNaN();

    const token = await getPliantAccessToken();
    await sandbox.pliant.fault({ endpoint: "pliant.organizations", status: 429, times: 1, retryAfterSec: 30 });
    await expect(pliantApiRequest(token, "organizations")).rejects.toBeInstanceOf(ProviderUnavailable);
    // Held back while cooling down: not sent, counted.
    await expect(pliantApiRequest(token, "organizations")).rejects.toBeInstanceOf(ProviderUnavailable);

    const text = await scrape();
    expect(await limited()).toBe(before + 1);
    expect(text).toContain("# TYPE portal_pliant_rate_limited_total counter");
    expect(Number(text.match(/^portal_pliant_calls_held_back_total (\d+)$/m)?.[1])).toBeGreaterThanOrEqual(1);
    expect(Number(text.match(/^portal_pliant_rate_limit_cooldown_seconds ([\d.]+)$/m)?.[1])).toBeGreaterThan(20);
    endPliantCoolDown();
    expect(text).not.toContain(token);
  });
});
