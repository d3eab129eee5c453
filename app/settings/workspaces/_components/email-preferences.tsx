import { getTranslations } from "next-intl/server";
import { saveEmailPreferencesAction } from "../actions";

/** Staff's own email choices: the daily digest of broken connections (on by default). */
export async function EmailPreferences({ digest, saved }: { digest: boolean; saved: boolean }) {
  const t = await getTranslations("emailPreferences");
  return (
    <form
      action={saveEmailPreferencesAction}
      className="mb-8 rounded-lg border border-slate-200 bg-white p-4"
      data-testid="email-preferences"
    >
      <h2 className="mb-2 font-semibold">{t("heading")}</h2>
      {saved && (
        <p role="status" className="mb-2 text-sm text-emerald-900">
          {t("saved")}
        </p>
      )}
      {/* The hint stays outside the label: the label is the checkbox's name, short and to the point. */}
      <div className="flex items-start gap-2 text-sm">
        <input
          id="email-digest"
          type="checkbox"
          name="digest"
          defaultChecked={digest}
          aria-describedby="email-digest-hint"
          className="mt-1"
        />
        <div>
          <label htmlFor="email-digest" className="font-medium">
            {t("digest")}
          </label>
          <p id="email-digest-hint" className="text-slate-600">
            {t("hint")}
          </p>
        </div>
      </div>
      <button
        type="submit"
        className="mt-3 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100"
      >
        {t("save")}
      </button>
    </form>
  );
}
