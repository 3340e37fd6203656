import crypto from "node:crypto";
import jwt from "jsonwebtoken";
import { DEFAULT_JWT_MAX_AGE_S } from "../config";
import type { AuthConfig } from "../config";
import { UnauthenticatedError } from "../errors";
import { ANONYMOUS_ADMIN, ROLES } from "./principal";
import type { Principal, Role } from "./principal";

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
  const maxAge = auth.maxAgeSeconds ?? DEFAULT_JWT_MAX_AGE_S;
  // `iss` and `aud` are checked here rather than by jsonwebtoken, whose refusals quote the
  // expected value: the configured issuer and audience are not the client's to learn.
  const options: jwt.VerifyOptions & { complete?: false } = {
    algorithms: [key.algorithm],
    clockTolerance: CLOCK_TOLERANCE_S,
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
    if (typeof payload !== "string") checkIssuerAndAudience(payload, auth);
    const principal = principalFromClaims(payload, maxAge);
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
export function principalFromClaims(
  payload: string | jwt.JwtPayload,
  maxAgeSeconds: number = DEFAULT_JWT_MAX_AGE_S,
  now: number = Date.now() / 1000,
): Principal {
  if (typeof payload === "string") throw new UnauthenticatedError("the token has no JSON claims");
  // Tokens that never expire cannot be revoked by waiting; refuse them.
  if (typeof payload.exp !== "number") throw new UnauthenticatedError("the token has no exp claim");
  // The longest lifetime is counted from `iat`: a token must say when it was issued, not in
  // the future, and must not outlive JWT_MAX_AGE_S (an `exp` of 10^12 would never expire).
  if (typeof payload.iat !== "number") throw new UnauthenticatedError("the token has no iat claim");
  if (payload.iat > now + CLOCK_TOLERANCE_S) {
    throw new UnauthenticatedError("the token's iat is in the future");
  }
  if (payload.exp - payload.iat > maxAgeSeconds) {
    throw new UnauthenticatedError(`the token lives longer than ${maxAgeSeconds} s (exp - iat)`);
  }
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

/** The configured `iss` and `aud`; a refusal names the claim, never the value expected. */
function checkIssuerAndAudience(payload: jwt.JwtPayload, auth: AuthConfig): void {
  if (auth.issuer !== null && payload.iss !== auth.issuer) {
    throw new UnauthenticatedError("the token's iss is not the accepted issuer");
  }
  if (auth.audience === null) return;
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (!audiences.includes(auth.audience)) {
    throw new UnauthenticatedError("the token's aud does not include the accepted audience");
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
    // Its messages name the failed check (signature, algorithm, format) and never echo
    // the key, so they help a client fix its token.
    return `the token is invalid (${error.message})`;
  }
  return "the token could not be verified";
}
