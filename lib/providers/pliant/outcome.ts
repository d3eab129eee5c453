import { isTransientStatus } from "../errors";
import { STATUS_CODES } from "./contract";

/**
 * What a Pliant answer means, decided once (contract.ts STATUS_CODES): 202 and 204 are successes
 * that carry no result, 409 is a locked object to try again later; none of them is a protocol error.
 */
export type PliantOutcome =
  | { kind: "done"; status: number }
  /** 202: accepted, processed asynchronously; a callback follows. */
  | { kind: "accepted" }
  /** 204: nothing to return; may mean the feature module is disabled for this entity. */
  | { kind: "no_content" }
  /** 409: conflict, e.g. a locked object; worth trying again later. */
  | { kind: "locked" }
  | { kind: "unauthorized" }
  | { kind: "forbidden" }
  | { kind: "not_found" }
  | { kind: "unavailable"; status: number }
  | { kind: "refused"; status: number };

export function pliantOutcome(status: number): PliantOutcome {
  const codes = STATUS_CODES.value;
  if (status === codes.accepted) return { kind: "accepted" };
  if (status === codes.moduleDisabled) return { kind: "no_content" };
  if (status === codes.locked) return { kind: "locked" };
  if (status >= 200 && status < 300) return { kind: "done", status };
  if (status === 401) return { kind: "unauthorized" };
  if (status === 403) return { kind: "forbidden" };
  if (status === 404) return { kind: "not_found" };
  if (isTransientStatus(status)) return { kind: "unavailable", status };
  return { kind: "refused", status };
}
