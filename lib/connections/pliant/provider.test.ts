import { describe, expect, it } from "vitest";
import { scopeToOrganization } from "./provider";

const OWN = "6d868483-9043-4ce6-a8ce-a5814de90c0a";
const OTHER = "8a3f2c71-4b5e-4d9a-b1c6-7e2f9d0a3b52";
const scope = (path: string, query = "") => scopeToOrganization(OWN, { path, query: new URLSearchParams(query) });

describe("Pliant proxy calls stay inside the connection's organization", () => {
  it("adds organizationId when absent, keeps it when it is ours (any case)", () => {
    expect(scope("transactions", "limit=3")).toEqual({
      path: "transactions",
      query: new URLSearchParams(`limit=3&organizationId=${OWN}`),
    });
    expect(scope("transactions", `organizationId=${OWN.toUpperCase()}`)).toHaveProperty("path");
    expect(scope(`organizations/${OWN}`)).toEqual({ path: `organizations/${OWN}`, query: new URLSearchParams() });
  });
  it.each([
    ["transactions", `organizationId=${OTHER}`],
    ["transactions", `organizationid=${OTHER}`],
    ["transactions", `organizationId=${OWN}&organizationId=${OTHER}`],
    ["transactions", `organizationId=${OWN}&ORGANIZATIONID=${OWN}`],
    ["organizations", ""],
    [`organizations/${OTHER}`, ""],
    [`Organizations/${OTHER}/cards`, ""],
    [`organizations/${OWN}`, `organizationId=${OTHER}`],
  ])("refuses %s?%s", (path, query) => {
    expect(scope(path, query)).toHaveProperty("refused");
  });
});
