import http from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { providerHttpRequest } from "./http-request";

// The provider-call transport against a real HTTP server: what fetch did that the callers rely on.
let server: http.Server;
let base: string;
const seen: Array<{ method: string; headers: http.IncomingHttpHeaders; body: string }> = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => (body += d.toString()));
    req.on("end", () => {
      seen.push({ method: req.method!, headers: req.headers, body });
      const path = req.url!;
      if (path === "/redirect") return res.writeHead(302, { location: "https://elsewhere.example/" }).end();
      if (path === "/empty") return res.writeHead(204).end();
      if (path === "/hang") return; // never answers
      if (path === "/gzip") {
        const zipped = gzipSync('{"a":1}');
        return res.writeHead(200, { "content-encoding": "gzip", "content-length": zipped.length }).end(zipped);
      }
      if (path === "/large") {
        // Chunked (no length) and larger than what is read whole: streamed.
        res.writeHead(200, { "content-type": "text/plain" });
        for (let i = 0; i < 100; i++) res.write("x".repeat(1024));
        return res.end();
      }
      if (path === "/broken") {
        res.writeHead(200, { "content-length": "100" });
        res.write("only part");
        return res.destroy();
      }
      res.writeHead(200, { "content-type": "application/json", "set-cookie": ["a=1", "b=2"] });
      res.end(JSON.stringify({ method: req.method, body }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe("providerHttpRequest", () => {
  it("a string body is sent with its length and headers; the answer keeps status, headers and body", async () => {
    const response = await providerHttpRequest(new URL(`${base}/echo`), {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer t" },
      body: '{"x":1}',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ method: "POST", body: '{"x":1}' });
    expect(response.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
    const sent = seen.at(-1)!;
    expect(sent.headers["content-length"]).toBe("7");
    expect(sent.headers.authorization).toBe("Bearer t");
    // No Accept-Encoding: providers answer uncompressed.
    expect(sent.headers["accept-encoding"]).toBeUndefined();
  });

  it("a streamed body reaches the server whole", async () => {
    const body = new Blob(["part one, ", "part two"]).stream();
    const response = await providerHttpRequest(new URL(`${base}/echo`), {
      method: "PUT",
      body,
      duplex: "half",
    } as RequestInit);
    expect(await response.json()).toEqual({ method: "PUT", body: "part one, part two" });
  });

  it("a redirect is the answer, never followed", async () => {
    const before = seen.length;
    const response = await providerHttpRequest(new URL(`${base}/redirect`));
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("https://elsewhere.example/");
    expect(seen.length).toBe(before + 1);
  });

  it("204 and HEAD have no body", async () => {
    expect((await providerHttpRequest(new URL(`${base}/empty`))).body).toBeNull();
    expect((await providerHttpRequest(new URL(`${base}/echo`), { method: "HEAD" })).body).toBeNull();
  });

  it("a compressed answer is passed byte for byte, with its encoding", async () => {
    const response = await providerHttpRequest(new URL(`${base}/gzip`));
    expect(response.headers.get("content-encoding")).toBe("gzip");
    expect(Buffer.from(await response.arrayBuffer())).toEqual(gzipSync('{"a":1}'));
  });

  it("a large chunked answer streams through whole", async () => {
    const response = await providerHttpRequest(new URL(`${base}/large`));
    expect((await response.text()).length).toBe(100 * 1024);
  });

  it("the signal ends a call that hangs (TimeoutError); a body cut short is an error", async () => {
    await expect(
      providerHttpRequest(new URL(`${base}/hang`), { signal: AbortSignal.timeout(200) }),
    ).rejects.toMatchObject({ name: "TimeoutError" });
    await expect(providerHttpRequest(new URL(`${base}/broken`))).rejects.toThrow();
  });

  it("refuses a body kind no provider call uses", async () => {
    await expect(
      providerHttpRequest(new URL(`${base}/echo`), { method: "POST", body: new URLSearchParams({ a: "1" }) }),
    ).rejects.toThrow(/Unsupported request body/);
  });
});
