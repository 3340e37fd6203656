import type { IncomingMessage } from "node:http";
import type { GraphQLFormattedError } from "graphql";
import { ApolloServerErrorCode } from "@apollo/server/errors";
import { QueryTooComplexError } from "../errors";
import { headerValue } from "./responses";

/** A request's body as Apollo takes it, or why it is refused before Apollo sees it. */
export type BodyReading =
  | { ok: true; body: unknown }
  | {
      ok: false;
      refusal: GraphQLFormattedError;
      /** The rest of the body is still coming and not worth reading: close after answering. */
      closeConnection: boolean;
    };

/**
 * Reads a request's body up to `maxBytes`: JSON parsed when the request says it is JSON, else the
 * text as it came (Apollo answers a body it cannot use). A body over the limit is
 * QUERY_TOO_COMPLEX (HTTP 413) measured by its declared length when it has one, else by the bytes
 * received until it passed the limit; malformed JSON is BAD_REQUEST.
 */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<BodyReading> {
  const declared = Number(headerValue(req, "content-length") ?? "0");
  const text = declared > maxBytes ? declared : await readText(req, maxBytes);
  if (typeof text === "number") {
    return {
      ok: false,
      refusal: new QueryTooComplexError("bodyBytes", maxBytes, text),
      closeConnection: true,
    };
  }
  if (text === "" || !(headerValue(req, "content-type") ?? "").includes("application/json")) {
    return { ok: true, body: text };
  }
  try {
    return { ok: true, body: JSON.parse(text) as unknown };
  } catch {
    return {
      ok: false,
      refusal: {
        message: "the request body is not valid JSON",
        extensions: { code: ApolloServerErrorCode.BAD_REQUEST },
      },
      closeConnection: false,
    };
  }
}

/**
 * The body as text, or the number of bytes received once it passes `maxBytes` (a lower bound of
 * its size: the rest is read and dropped until the response closes the connection).
 */
function readText(req: IncomingMessage, maxBytes: number): Promise<string | number> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      if (size > maxBytes) return;
      size += chunk.length;
      if (size > maxBytes) {
        chunks.length = 0;
        resolve(size);
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
