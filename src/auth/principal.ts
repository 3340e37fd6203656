/** The roles a token may carry (README, "Security"). */
export const ROLES = ["ADMIN", "ANALYST", "PARTNER"] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who is asking. `role` tells the cases apart, so `principal.role === "PARTNER"` narrows to a
 * principal whose `partnerId` is known.
 */
export type Principal =
  | {
      role: "ADMIN";
      sub: string;
      /** True only in development without a key: no token was verified at all. */
      anonymous: boolean;
    }
  | { role: "ANALYST"; sub: string }
  | { role: "PARTNER"; sub: string; partnerId: string };

/** Every request in development when no JWT key is configured. */
export const ANONYMOUS_ADMIN: Principal = Object.freeze({
  role: "ADMIN",
  sub: "anonymous",
  anonymous: true,
});
