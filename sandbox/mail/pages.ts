import { escapeHtml, page } from "../core/html";
import type { CaughtMail } from "./inbox";

/** The inbox: newest first, each mail a link to its own page. */
export function inboxPage(mails: CaughtMail[]): string {
  const rows = mails
    .map(
      (m) =>
        `<tr><td>${escapeHtml(m.receivedAt.replace("T", " ").slice(0, 19))}</td><td>${escapeHtml(m.to.join(", "))}</td><td><a href="/messages/${m.id}">${escapeHtml(m.subject || "(no subject)")}</a></td></tr>`,
    )
    .join("\n");
  return page(
    "Sandbox inbox",
    `<h1>Sandbox inbox</h1>
<p>Every email the portal sends while it runs against the sandbox lands here (nothing leaves this machine). JSON: <a href="/api/messages">/api/messages</a>.</p>
${mails.length === 0 ? "<p>No mail yet.</p>" : `<table><thead><tr><th scope="col">Received (UTC)</th><th scope="col">To</th><th scope="col">Subject</th></tr></thead><tbody>${rows}</tbody></table>`}`,
  );
}

/** One mail: headers and the plain-text body, links clickable (the HTML part is not rendered: no scripts here). */
export function messagePage(m: CaughtMail): string {
  const body = escapeHtml(m.text).replace(/https?:\/\/[^\s<>"]+/g, (url) => `<a href="${url}">${url}</a>`);
  return page(
    m.subject,
    `<p><a href="/">← Inbox</a></p>
<h1>${escapeHtml(m.subject || "(no subject)")}</h1>
<dl><dt>From</dt><dd>${escapeHtml(m.from)}</dd><dt>To</dt><dd>${escapeHtml(m.to.join(", "))}</dd><dt>Received</dt><dd>${escapeHtml(m.receivedAt)}</dd></dl>
<pre style="white-space:pre-wrap;font-family:inherit">${body}</pre>`,
  );
}
