import crypto from "node:crypto";
import jwt from "jsonwebtoken";
import type { AuthConfig } from "../config";
import { AppError, ErrorCode } from "../errors";
import { ANONYMOUS_ADMIN, ROLES } from "./principal";
import type { Principal, Role } from "./principal";

/** A missing, malformed, expired or unverifiable token; answered with HTTP 401. */
export class UnauthenticatedError extends AppError {
  constructor(reason: string) {
    super(ErrorCode.UNAUTHENTICATED, `Not authenticated: ${reason}`, {
      http: { status: 401, headers: new Map([["www-authenticate", 'Bearer realm="csp-graph"']]) },
    });
  }
}

/** Tolerated clock difference between the token issuer and this server, in seconds. */
const CLOCK_TOLERANCE_S = 30;

/**
 * Turns the `Authorization` header of a request into a principal. Without a configured key
 * (development only; loadConfig refuses production) every request is the anonymous admin;
 * with one, a valid bearer token is required.
 */
export type Authenticator = (authorization: string | undefined) => Principal;

export function createAuthenticator(auth: AuthConfig): Authenticator {
  const { key } = auth;
  if (key === null) return () => ANONYMOUS_ADMIN;
  // A KeyObject made once: given a string, jsonwebtoken tries to parse it as a public key on
  // every verify, and for a secret that attempt throws first (half a millisecond a request).
  const verifyKey: crypto.KeyObject =
    key.algorithm === "HS256"
      ? crypto.createSecretKey(Buffer.from(key.secret, "utf8"))
      : crypto.createPublicKey(key.publicKeyPem);
  const options: jwt.VerifyOptions & { complete?: false } = {
    algorithms: [key.algorithm],
    clockTolerance: CLOCK_TOLERANCE_S,
    ...(auth.issuer !== null ? { issuer: auth.issuer } : {}),
    ...(auth.audience !== null ? { audience: auth.audience } : {}),
  };
  // A client sends the same token with every request until it expires: a verified token's
  // principal is kept until the moment jsonwebtoken would call it expired, so later requests
  // skip the signature check. Keyed by the whole token (a changed byte is verified anew);
  // failures are never kept.
  const verified = new Map<string, { principal: Principal; until: number }>();
  return (authorization) => {
    const match = /^Bearer +([A-Za-z0-9_.~+/=-]+) *$/i.exec(authorization ?? "");
    const token = match?.[1];
    if (token === undefined) {
      throw new UnauthenticatedError(
        authorization === undefined
          ? "send an Authorization: Bearer <token> header"
          : "the Authorization header is not `Bearer <token>`",
      );
    }
    const known = verified.get(token);
    if (known !== undefined && Date.now() < known.until) return known.principal;
    let payload: string | jwt.JwtPayload;
    try {
      payload = jwt.verify(token, verifyKey, options);
    } catch (error) {
      throw new UnauthenticatedError(describeVerifyError(error));
    }
    const principal = principalFromClaims(payload);
    // principalFromClaims refuses a token without a numeric exp.
    const exp = (payload as jwt.JwtPayload).exp ?? 0;
    if (verified.size >= VERIFIED_TOKENS) verified.clear();
    verified.set(token, { principal, until: (exp + CLOCK_TOLERANCE_S) * 1000 });
    return principal;
  };
}

/** Verified tokens remembered at once; when full, the memory starts afresh. */
const VERIFIED_TOKENS = 10_000;

/** The claims of a verified token as a principal; README "Security" lists them. */
export function principalFromClaims(payload: string | jwt.JwtPayload): Principal {
  if (typeof payload === "string") throw new UnauthenticatedError("the token has no JSON claims");
  // Tokens that never expire cannot be revoked by waiting; refuse them.
  if (typeof payload.exp !== "number") throw new UnauthenticatedError("the token has no exp claim");
  const { sub } = payload;
  if (typeof sub !== "string" || sub === "") {
    throw new UnauthenticatedError("the token has no sub claim");
  }
  const role = toRole(payload.role);
  if (role === null) {
    throw new UnauthenticatedError(`the role claim must be one of ${ROLES.join(", ")}`);
  }
  switch (role) {
    case "ADMIN":
      return { role, sub, anonymous: false };
    case "ANALYST":
      return { role, sub };
    case "PARTNER": {
      const partnerId: unknown = payload.partnerId;
      if (typeof partnerId !== "string" || partnerId === "") {
        throw new UnauthenticatedError("a PARTNER token needs a partnerId claim");
      }
      return { role, sub, partnerId };
    }
  }
}

function toRole(value: unknown): Role | null {
  return ROLES.find((role) => role === value) ?? null;
}

/** jsonwebtoken's error classes, told apart by class, never by message text. */
function describeVerifyError(error: unknown): string {
  if (error instanceof jwt.TokenExpiredError) return "the token has expired";
  if (error instanceof jwt.NotBeforeError) return "the token is not valid yet";
  if (error instanceof jwt.JsonWebTokenError) {
    // Its messages name the failed check (signature, issuer, audience, algorithm) and never
    // echo the key, so they help a client fix its token.
    return `the token is invalid (${error.message})`;
  }
  return "the token could not be verified";
}
