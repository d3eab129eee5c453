import { NextIntlClientProvider, type AbstractIntlMessages } from "next-intl";
import { getMessages } from "next-intl/server";
import type { ReactNode } from "react";

/**
 * Hands one catalog namespace to the browser components below it, whatever the root layout passes
 * on: a staff form's strings need not travel with every page, and the form keeps working if the
 * layout narrows its messages.
 */
export async function ScopedMessages({ namespace, children }: { namespace: string; children: ReactNode }) {
  const messages: Record<string, unknown> = await getMessages();
  const scoped = { [namespace]: messages[namespace] ?? {} } as AbstractIntlMessages;
  return <NextIntlClientProvider messages={scoped}>{children}</NextIntlClientProvider>;
}
