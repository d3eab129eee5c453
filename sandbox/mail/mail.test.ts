import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMailCatcher, type RunningMailCatcher } from "../index";

describe("sandbox mail catcher", () => {
  let catcher: RunningMailCatcher;
  beforeAll(async () => {
    catcher = await startMailCatcher({ smtpPort: 0, httpPort: 0, log: () => {} });
  });
  afterAll(() => catcher.close());

  it("catches what an SMTP client sends and shows it as JSON and HTML", async () => {
    const transport = nodemailer.createTransport(catcher.smtpUrl);
    await transport.sendMail({
      from: "Portal <no-reply@portal.test>",
      to: "New@Acme.test",
      subject: "Hej",
      text: "Open http://localhost:3000/invite/abc please",
    });
    const list = (await (await fetch(`${catcher.inboxUrl}/api/messages?to=new@acme.test`)).json()) as {
      messages: { id: string; subject: string; links: string[]; from: string }[];
    };
    expect(list.messages).toHaveLength(1);
    expect(list.messages[0]).toMatchObject({
      subject: "Hej",
      links: ["http://localhost:3000/invite/abc"],
      from: "no-reply@portal.test",
    });
    const page = await (await fetch(`${catcher.inboxUrl}/messages/${list.messages[0]!.id}`)).text();
    expect(page).toContain('<a href="http://localhost:3000/invite/abc">');
    expect(await (await fetch(`${catcher.inboxUrl}/`)).text()).toContain("Hej");
    expect((await fetch(`${catcher.inboxUrl}/api/messages`, { method: "DELETE" })).status).toBe(204);
    expect(
      ((await (await fetch(`${catcher.inboxUrl}/api/messages`)).json()) as { messages: unknown[] }).messages,
    ).toHaveLength(0);
  });

  it("escapes what a mail says on its page", async () => {
    const transport = nodemailer.createTransport(catcher.smtpUrl);
    await transport.sendMail({
      from: "a@b.test",
      to: "x@y.test",
      subject: "<script>alert(1)</script>",
      text: "<img src=x onerror=alert(1)>",
    });
    const [mail] = catcher.inbox.list("x@y.test");
    const page = await (await fetch(`${catcher.inboxUrl}/messages/${mail!.id}`)).text();
    expect(page).not.toContain("<script>alert");
    expect(page).not.toContain("<img src=x");
  });
});
