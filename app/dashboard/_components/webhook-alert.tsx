import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { listDisabledByFailure } from "@/lib/webhooks/endpoints";

/** Staff are told on the dashboard when an outgoing webhook endpoint was disabled for failing 3 days. */
export async function WebhookAlert() {
  const [disabled, t] = await Promise.all([listDisabledByFailure(), getTranslations("webhookAlert")]);
  if (disabled.length === 0) return null;
  return (
    <div className="mb-6 space-y-2">
      {disabled.map((e) => (
        <p
          key={e.id}
          role="alert"
          data-testid="webhook-alert"
          className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-red-900"
        >
          {t.rich("disabled", {
            url: e.url,
            link: (chunks) => (
              <Link href="/settings/webhooks" className="font-medium underline">
                {chunks}
              </Link>
            ),
          })}
        </p>
      ))}
    </div>
  );
}
