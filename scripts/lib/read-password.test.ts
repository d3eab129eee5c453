import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { readPassword } from "./read-password";

/** A terminal as Node presents it: a stream with isTTY and setRawMode. */
function fakeTerminal() {
  const input = Object.assign(new PassThrough(), {
    isTTY: true,
    rawModes: [] as boolean[],
    setRawMode(raw: boolean) {
      this.rawModes.push(raw);
    },
  });
  const written: string[] = [];
  const output = new PassThrough();
  output.on("data", (c: Buffer) => written.push(c.toString()));
  return { input, output, written };
}

describe("reading the password for users:create", () => {
  it("on a terminal: raw mode (no echo), nothing of the password written, Backspace handled", async () => {
    const { input, output, written } = fakeTerminal();
    const read = readPassword(input, output);
    input.write("secret-passwordX\u007f");
    input.write("!\r");
    expect(await read).toBe("secret-password!");
    expect(input.rawModes).toEqual([true, false]);
    expect(written.join("")).toBe("Password: \n");
  });

  it("Ctrl-C aborts and leaves the terminal as it was", async () => {
    const { input, output } = fakeTerminal();
    const read = readPassword(input, output);
    input.write("abc\u0003");
    await expect(read).rejects.toThrow("cancelled");
    expect(input.rawModes).toEqual([true, false]);
  });

  it("piped: the first line", async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    input.end("from-a-pipe\nrest\n");
    expect(await readPassword(input, output)).toBe("from-a-pipe");
  });
});
