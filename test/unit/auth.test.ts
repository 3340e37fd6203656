import crypto from "node:crypto";
import jwt from "jsonwebtoken";
import { requireAdmin, requireEdgeOrigin } from "../../src/auth/authorize";
import { ANONYMOUS_ADMIN } from "../../src/auth/principal";
import type { Principal } from "../../src/auth/principal";
import { createAuthenticator } from "../../src/auth/token";
import type { AuthConfig } from "../../src/config";
import { ErrorCode, ForbiddenError } from "../../src/errors";

const SECRET = "a-test-secret-that-is-long-enough-for-hs256";
const HS256: AuthConfig = {
  key: { algorithm: "HS256", secret: SECRET },
  issuer: "https://login.example/csp",
  audience: "csp-graph",
};
const CLAIMS = { sub: "user-1", role: "ADMIN" };
const sign = (claims: object, options: jwt.SignOptions = {}): string =>
  jwt.sign(claims, SECRET, {
    algorithm: "HS256",
    expiresIn: "5m",
    issuer: HS256.issuer ?? undefined,
    audience: HS256.audience ?? undefined,
    ...options,
  });

/** The code and message of what `run` throws, or null when it does not throw. */
function refusal(run: () => unknown): { code: unknown; message: string } | null {
  try {
    run();
    return null;
  } catch (error) {
    const coded = error as { extensions?: { code?: unknown }; message: string };
    return { code: coded.extensions?.code, message: coded.message };
  }
}

describe("createAuthenticator", () => {
  const authenticate = createAuthenticator(HS256);

  it("accepts a valid HS256 token and returns its principal", () => {
    expect(authenticate(`Bearer ${sign(CLAIMS)}`)).toEqual({
      role: "ADMIN",
      sub: "user-1",
      anonymous: false,
    });
    expect(authenticate(`bearer ${sign({ sub: "a-1", role: "ANALYST" })}`)).toEqual({
      role: "ANALYST",
      sub: "a-1",
    });
  });

  it("answers a token it verified before until it expires, and then refuses it", () => {
    const token = sign(CLAIMS, { expiresIn: "2m" });
    expect(authenticate(`Bearer ${token}`)).toMatchObject({ sub: "user-1" });
    const now = jest.spyOn(Date, "now");
    try {
      now.mockReturnValue(Date.now() + 60_000);
      expect(authenticate(`Bearer ${token}`)).toMatchObject({ sub: "user-1" });
      // Past its exp and the 30 s tolerance: the remembered verification no longer counts.
      now.mockReturnValue(Date.now() + 3 * 60_000);
      expect(refusal(() => authenticate(`Bearer ${token}`))?.message).toMatch(/expired/);
    } finally {
      now.mockRestore();
    }
  });

  it("verifies a changed token anew after the original passed", () => {
    const token = sign(CLAIMS);
    expect(authenticate(`Bearer ${token}`)).toMatchObject({ sub: "user-1" });
    const tampered = `${token.slice(0, -2)}${token.endsWith("AA") ? "BB" : "AA"}`;
    expect(refusal(() => authenticate(`Bearer ${tampered}`))?.code).toBe(ErrorCode.UNAUTHENTICATED);
  });

  it("gives a PARTNER principal its partnerId", () => {
    const token = sign({ sub: "p-user", role: "PARTNER", partnerId: "P-200" });
    expect(authenticate(`Bearer ${token}`)).toEqual({
      role: "PARTNER",
      sub: "p-user",
      partnerId: "P-200",
    });
  });

  it.each([
    ["no header", undefined, /Authorization: Bearer/],
    ["another scheme", "Basic dXNlcjpwYXNz", /not `Bearer <token>`/],
    ["an expired token", `Bearer ${sign(CLAIMS, { expiresIn: -120 })}`, /expired/],
    ["a wrong issuer", `Bearer ${sign(CLAIMS, { issuer: "https://evil.example" })}`, /issuer/],
    ["a wrong audience", `Bearer ${sign(CLAIMS, { audience: "another-api" })}`, /audience/],
    [
      "a wrong signature",
      `Bearer ${jwt.sign(CLAIMS, "another-secret-that-is-also-long-enough", { expiresIn: "5m", issuer: "https://login.example/csp", audience: "csp-graph" })}`,
      /signature/,
    ],
    [
      "a token without exp",
      `Bearer ${jwt.sign(CLAIMS, SECRET, { issuer: "https://login.example/csp", audience: "csp-graph" })}`,
      /exp/,
    ],
    ["a token without sub", `Bearer ${sign({ role: "ADMIN" })}`, /sub/],
    ["an unknown role", `Bearer ${sign({ sub: "x", role: "ROOT" })}`, /role/],
    ["a PARTNER without partnerId", `Bearer ${sign({ sub: "x", role: "PARTNER" })}`, /partnerId/],
    ["garbage", "Bearer not.a.jwt", /invalid/],
  ])("refuses %s as UNAUTHENTICATED", (_case, header, message) => {
    const refused = refusal(() => authenticate(header));
    expect(refused?.code).toBe(ErrorCode.UNAUTHENTICATED);
    expect(refused?.message).toMatch(message);
  });

  it("refuses an HS256 token signed with the public key's text (algorithm confusion)", () => {
    const { publicKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
    const pem = publicKey.export({ type: "spki", format: "pem" }).toString();
    const rs256 = createAuthenticator({
      key: { algorithm: "RS256", publicKeyPem: pem },
      issuer: null,
      audience: null,
    });
    const forged = jwt.sign(CLAIMS, pem, { algorithm: "HS256", expiresIn: "5m" });
    expect(refusal(() => rs256(`Bearer ${forged}`))?.code).toBe(ErrorCode.UNAUTHENTICATED);
  });

  it.each([
    ["RS256", "rsa", { modulusLength: 2048 }],
    ["ES256", "ec", { namedCurve: "P-256" }],
  ] as const)("verifies %s with a public key", (algorithm, type, parameters) => {
    const { publicKey, privateKey } =
      type === "rsa"
        ? crypto.generateKeyPairSync("rsa", parameters as crypto.RSAKeyPairKeyObjectOptions)
        : crypto.generateKeyPairSync("ec", parameters as crypto.ECKeyPairKeyObjectOptions);
    const authenticateWithKey = createAuthenticator({
      key: {
        algorithm,
        publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
      },
      issuer: null,
      audience: null,
    });
    const token = jwt.sign({ sub: "k", role: "ANALYST" }, privateKey, {
      algorithm,
      expiresIn: "5m",
    });
    expect(authenticateWithKey(`Bearer ${token}`)).toEqual({ role: "ANALYST", sub: "k" });
    // The same claims signed with a shared secret do not pass a public-key verifier.
    const hs = jwt.sign({ sub: "k", role: "ANALYST" }, SECRET, { expiresIn: "5m" });
    expect(refusal(() => authenticateWithKey(`Bearer ${hs}`))?.code).toBe(
      ErrorCode.UNAUTHENTICATED,
    );
  });

  it("makes every request the anonymous admin when no key is configured", () => {
    const open = createAuthenticator({ key: null, issuer: null, audience: null });
    expect(open(undefined)).toBe(ANONYMOUS_ADMIN);
    expect(open("Bearer whatever")).toBe(ANONYMOUS_ADMIN);
  });
});

describe("authorization of writes", () => {
  const admin: Principal = { role: "ADMIN", sub: "a", anonymous: false };
  const analyst: Principal = { role: "ANALYST", sub: "b" };
  const partner: Principal = { role: "PARTNER", sub: "c", partnerId: "P-100" };

  it("lets only ADMIN write nodes", () => {
    expect(() => requireAdmin(admin)).not.toThrow();
    expect(() => requireAdmin(ANONYMOUS_ADMIN)).not.toThrow();
    expect(() => requireAdmin(analyst)).toThrow(ForbiddenError);
    expect(() => requireAdmin(partner)).toThrow(ForbiddenError);
  });

  it("lets ADMIN write any edge and a PARTNER only the edges it originates", () => {
    expect(() => requireEdgeOrigin(admin, "P-999")).not.toThrow();
    expect(() => requireEdgeOrigin(partner, "P-100")).not.toThrow();
    expect(refusal(() => requireEdgeOrigin(partner, "P-200"))?.code).toBe(ErrorCode.FORBIDDEN);
    expect(refusal(() => requireEdgeOrigin(analyst, "P-100"))?.code).toBe(ErrorCode.FORBIDDEN);
  });
});

describe("token lifetime and configured claims", () => {
  const authenticate = createAuthenticator({ ...HS256, maxAgeSeconds: 3_600 });

  it("refuses a token that lives longer than JWT_MAX_AGE_S, has no iat, or an iat in the future", () => {
    const now = Math.floor(Date.now() / 1000);
    expect(refusal(() => authenticate(`Bearer ${sign(CLAIMS, { expiresIn: 7_200 })}`))).toEqual({
      code: "UNAUTHENTICATED",
      message: "Not authenticated: the token lives longer than 3600 s (exp - iat)",
    });
    expect(
      refusal(() => authenticate(`Bearer ${sign(CLAIMS, { noTimestamp: true })}`))?.message,
    ).toContain("no iat claim");
    expect(
      refusal(() => authenticate(`Bearer ${sign({ ...CLAIMS, iat: now + 600 })}`))?.message,
    ).toContain("iat is in the future");
    expect(authenticate(`Bearer ${sign(CLAIMS, { expiresIn: 3_600 })}`)).toMatchObject({
      role: "ADMIN",
    });
  });

  it("names the failed claim without quoting the configured issuer or audience", () => {
    const issuer = refusal(() =>
      authenticate(`Bearer ${sign(CLAIMS, { issuer: "https://evil.example" })}`),
    );
    const audience = refusal(() => authenticate(`Bearer ${sign(CLAIMS, { audience: "other" })}`));
    expect(issuer?.message).toContain("iss");
    expect(audience?.message).toContain("aud");
    expect(JSON.stringify([issuer, audience])).not.toMatch(/login\.example|csp-graph/);
  });
});
