"use client";

import { useRef } from "react";
import { revokeConnectionAction } from "../actions";

/** Revoke asks first: a native dialog, so it is keyboard- and screen-reader-friendly. */
export function RevokeButton({ connectionId, name }: { connectionId: string; name: string }) {
  const dialog = useRef<HTMLDialogElement>(null);
  return (
    <>
      <button type="button" onClick={() => dialog.current?.showModal()} className="rounded-md border border-red-300 px-3 py-1 text-sm font-medium text-red-800 hover:bg-red-50">
        Revoke
      </button>
      <dialog ref={dialog} aria-labelledby={`revoke-title-${connectionId}`} className="m-auto max-w-md rounded-lg p-6 shadow-xl backdrop:bg-slate-900/40">
        <h2 id={`revoke-title-${connectionId}`} className="text-lg font-semibold">
          Revoke {name}?
        </h2>
        <p className="mt-2 text-sm text-slate-700">
          The portal deletes this connection&apos;s tokens and tells the provider to withdraw access. Our product stops receiving data until someone reconnects.
        </p>
        <form action={revokeConnectionAction} className="mt-6 flex justify-end gap-3">
          <input type="hidden" name="connectionId" value={connectionId} />
          <button type="button" onClick={() => dialog.current?.close()} className="rounded-md border border-slate-300 px-4 py-2 text-sm">
            Keep connection
          </button>
          <button type="submit" className="rounded-md bg-red-700 px-4 py-2 text-sm font-medium text-white hover:bg-red-800">
            Yes, revoke
          </button>
        </form>
      </dialog>
    </>
  );
}
