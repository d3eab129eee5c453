import { spawnSync } from "node:child_process";
import { afterEach, describe, expect, it, vi } from "vitest";
import { log } from "./log";

const parse = (chunks: unknown[][]) =>
  chunks
    .map(([chunk]) => String(chunk))
    .join("")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, unknown>);

afterEach(() => vi.restoreAllMocks());

describe("log", () => {
  it("one JSON line per event, secrets redacted", async () => {
    const out = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    log.info("test.event", { connectionId: "c1", accessToken: "abc", note: "Bearer abc.def" });
    await new Promise((r) => setImmediate(r));
    expect(parse(out.mock.calls)).toEqual([
      expect.objectContaining({
        level: "info",
        event: "test.event",
        connectionId: "c1",
        accessToken: "[redacted]",
        note: "Bearer [redacted]",
      }),
    ]);
  });

  it("info lines are written after the current turn, several in one write, in order", async () => {
    const out = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    log.info("first");
    log.info("second");
    expect(out).not.toHaveBeenCalled();
    await new Promise((r) => setImmediate(r));
    expect(out).toHaveBeenCalledTimes(1);
    expect(parse(out.mock.calls).map((l) => l.event)).toEqual(["first", "second"]);
  });

  it("a warning is written at once, after the info lines said before it", () => {
    const order: string[] = [];
    vi.spyOn(process.stdout, "write").mockImplementation((chunk) => order.push(`out ${String(chunk).trim()}`) > 0);
    vi.spyOn(process.stderr, "write").mockImplementation((chunk) => order.push(`err ${String(chunk).trim()}`) > 0);
    log.info("before");
    log.warn("warning");
    expect(order.map((o) => `${o.slice(0, 3)} ${(JSON.parse(o.slice(4)) as { event: string }).event}`)).toEqual([
      "out before",
      "err warning",
    ]);
  });

  it("pending lines are written when the process exits", () => {
    const child = spawnSync(
      process.execPath,
      [
        "--conditions=react-server",
        "--import",
        "tsx",
        "-e",
        'import("./lib/log.ts").then(({ log }) => { log.info("last.words"); process.exit(0); })',
      ],
      { encoding: "utf8" },
    );
    expect(child.stdout).toContain('"event":"last.words"');
  });
});
