import crypto from "node:crypto";
import type { Principal } from "./auth/principal";
import type { IdempotencyClaim } from "./db/database";
import { BadUserInputError } from "./errors";
import { byCodeUnits } from "./order";

/** The header a client sets to make a write safe to retry. */
export const IDEMPOTENCY_HEADER = "idempotency-key";

// Visible ASCII, as long as a UUID or a little more: enough for any client's scheme.
const KEY_SHAPE = /^[\x21-\x7e]{1,255}$/;

/**
 * One request's Idempotency-Key, bound to who sent it: the same key from another principal is
 * another key (one client cannot read, or block, another's answers).
 */
export interface IdempotencyScope {
  /** The claim a mutation writes under: this key, and a digest of the mutation and its input. */
  claim(mutation: string, input: unknown): IdempotencyClaim;
  /** True once some write of this request answered from a stored answer. */
  readonly replayed: boolean;
}

/** The request's scope, or null without the header; a malformed key is BAD_USER_INPUT. */
export function idempotencyScope(
  header: string | undefined,
  principal: Principal,
): IdempotencyScope | null {
  if (header === undefined) return null;
  if (!KEY_SHAPE.test(header)) {
    const error = new BadUserInputError(
      "Idempotency-Key: 1 to 255 visible ASCII characters",
      "Idempotency-Key",
    );
    // Refused while the context is built, where Apollo would otherwise answer 500.
    Object.assign(error.extensions, { http: { status: 400 } });
    throw error;
  }
  const who = principal.role === "PARTNER" ? `PARTNER:${principal.partnerId}` : principal.role;
  const key = digest(`${who}\u0000${principal.sub}\u0000${header}`);
  let replayed = false;
  return {
    claim: (mutation, input) => ({
      key,
      fingerprint: digest(`${mutation}\u0000${canonicalJson(input)}`),
      onReplay: () => {
        replayed = true;
      },
    }),
    get replayed() {
      return replayed;
    },
  };
}

function digest(text: string): string {
  return crypto.createHash("sha256").update(text).digest("base64url");
}

/**
 * JSON with object keys sorted and unset (null, undefined) fields left out: the same input,
 * however a client orders or spells out its fields, has one digest.
 */
export function canonicalJson(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const fields = Object.entries(value)
      .filter(([, inner]) => inner !== null && inner !== undefined)
      .sort(([a], [b]) => byCodeUnits(a, b))
      .map(([name, inner]) => `${JSON.stringify(name)}:${canonicalJson(inner)}`);
    return `{${fields.join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}
