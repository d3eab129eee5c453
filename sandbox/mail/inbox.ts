import { randomUUID } from "node:crypto";

/** One caught email, as the inbox shows it. */
export interface CaughtMail {
  id: string;
  receivedAt: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string | null;
  /** Every http(s) link in the text body, in order: what tests follow. */
  links: string[];
}

const MAX_KEPT = 500;

/** The catcher's memory: newest first, bounded so a long `npm start` cannot grow without end. */
export class Inbox {
  private mails: CaughtMail[] = [];

  add(mail: Omit<CaughtMail, "id" | "receivedAt" | "links">): CaughtMail {
    const links = [...mail.text.matchAll(/https?:\/\/[^\s<>"]+/g)].map((m) => m[0]);
    const caught = { ...mail, id: randomUUID(), receivedAt: new Date().toISOString(), links };
    this.mails.unshift(caught);
    this.mails.length = Math.min(this.mails.length, MAX_KEPT);
    return caught;
  }

  /** Newest first; `to` filters by recipient (case-insensitive). */
  list(to?: string): CaughtMail[] {
    const want = to?.toLowerCase();
    return want ? this.mails.filter((m) => m.to.some((a) => a.toLowerCase() === want)) : [...this.mails];
  }

  get(id: string): CaughtMail | undefined {
    return this.mails.find((m) => m.id === id);
  }

  clear(): void {
    this.mails = [];
  }
}
