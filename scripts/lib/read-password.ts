import type { Readable, Writable } from "node:stream";

type Input = Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };

/**
 * One line from `input`: a password. On a terminal the terminal's echo is switched off (raw mode)
 * and nothing of what is typed is written anywhere; Backspace works, Ctrl-C aborts. Piped input
 * (scripts, tests) is read as it comes.
 */
export async function readPassword(input: Input, output: Writable): Promise<string> {
  if (!input.isTTY || !input.setRawMode) return readLine(input);
  output.write("Password: ");
  input.setRawMode(true);
  input.resume();
  try {
    return await new Promise<string>((resolve, reject) => {
      let typed = "";
      const onData = (chunk: Buffer | string) => {
        for (const ch of chunk.toString("utf8")) {
          if (ch === "\r" || ch === "\n" || ch === "\u0004") {
            input.off("data", onData);
            return resolve(typed);
          }
          if (ch === "\u0003") {
            input.off("data", onData);
            return reject(new Error("cancelled"));
          }
          if (ch === "\u007f" || ch === "\b") typed = typed.slice(0, -1);
          else typed += ch;
        }
      };
      input.on("data", onData);
    });
  } finally {
    input.setRawMode(false);
    input.pause();
    output.write("\n");
  }
}

async function readLine(input: Readable): Promise<string> {
  let text = "";
  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    text += chunk.toString();
    const end = text.indexOf("\n");
    if (end >= 0) return text.slice(0, end).replace(/\r$/, "");
  }
  return text;
}
