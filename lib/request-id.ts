/** The header that carries a request's id, set (or kept) by proxy.ts and read by lib/request-context.ts. */
export const REQUEST_ID_HEADER = "x-request-id";

/** An incoming id is kept only when it is short and plain; anything else is replaced by a new one. */
export const isAcceptableRequestId = (id: string | null): id is string => !!id && /^[A-Za-z0-9._:-]{8,128}$/.test(id);

/** The id a request goes by: the caller's, when acceptable, else a new one. */
export const requestIdFor = (incoming: string | null): string =>
  isAcceptableRequestId(incoming) ? incoming : crypto.randomUUID();
