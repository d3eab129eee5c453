"use client";

import { useTranslations } from "next-intl";
import { useRef } from "react";
import { revokeConnectionAction } from "../actions";

/** Revoke asks first: a native dialog, so it is keyboard- and screen-reader-friendly. */
export function RevokeButton({ connectionId, name }: { connectionId: string; name: string }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const t = useTranslations("revoke");
  return (
    <>
      <button
        type="button"
        onClick={() => dialog.current?.showModal()}
        className="rounded-md border border-red-300 px-3 py-1 text-sm font-medium text-red-800 hover:bg-red-50"
      >
        Revoke
      </button>
      <dialog
        ref={dialog}
        aria-labelledby={`revoke-title-${connectionId}`}
        className="m-auto max-w-md rounded-lg p-6 shadow-xl backdrop:bg-slate-900/40"
      >
        <h2 id={`revoke-title-${connectionId}`} className="text-lg font-semibold">
          {t("title", { name })}
        </h2>
        <p className="mt-2 text-sm text-slate-700">{t("body")}</p>
        <form action={revokeConnectionAction} className="mt-6 flex justify-end gap-3">
          <input type="hidden" name="connectionId" value={connectionId} />
          <button
            type="button"
            onClick={() => dialog.current?.close()}
            className="rounded-md border border-slate-300 px-4 py-2 text-sm"
          >
            {t("keep")}
          </button>
          <button
            type="submit"
            className="rounded-md bg-red-700 px-4 py-2 text-sm font-medium text-white hover:bg-red-800"
          >
            {t("confirm")}
          </button>
        </form>
      </dialog>
    </>
  );
}
