import http from "node:http";
import net from "node:net";
import { readBody } from "../../src/http/body";

/** An incoming request with these headers whose body arrives in `chunks`. */
function request(headers: http.IncomingHttpHeaders, chunks: string[]): http.IncomingMessage {
  const req = new http.IncomingMessage(new net.Socket());
  req.headers = headers;
  for (const chunk of chunks) req.push(Buffer.from(chunk));
  req.push(null);
  return req;
}

const JSON_TYPE = { "content-type": "application/json" };

describe("readBody", () => {
  it("parses a JSON body", async () => {
    const body = JSON.stringify({ query: "{ hello }", variables: { a: 1 } });
    expect(await readBody(request(JSON_TYPE, [body.slice(0, 5), body.slice(5)]), 1_000)).toEqual({
      ok: true,
      body: { query: "{ hello }", variables: { a: 1 } },
    });
  });

  it("leaves a body that is not JSON, and an empty one, as text for Apollo to answer", async () => {
    const text = await readBody(request({ "content-type": "text/plain" }, ["{ hello }"]), 1_000);
    expect(text).toEqual({ ok: true, body: "{ hello }" });
    expect(await readBody(request(JSON_TYPE, []), 1_000)).toEqual({ ok: true, body: "" });
  });

  it("refuses malformed JSON as BAD_REQUEST", async () => {
    expect(await readBody(request(JSON_TYPE, ['{"query": ']), 1_000)).toEqual({
      ok: false,
      refusal: {
        message: "the request body is not valid JSON",
        extensions: { code: "BAD_REQUEST" },
      },
      closeConnection: false,
    });
  });

  it("refuses a declared length over the limit without reading, measured by the declaration", async () => {
    const req = request({ ...JSON_TYPE, "content-length": "5000" }, []);
    const reading = await readBody(req, 1_000);
    if (reading.ok) throw new Error("read a body over the limit");
    expect(reading.closeConnection).toBe(true);
    expect(reading.refusal.extensions).toEqual({
      code: "QUERY_TOO_COMPLEX",
      kind: "bodyBytes",
      limit: 1_000,
      measured: 5_000,
      http: { status: 413 },
    });
  });

  it("refuses a body sent without a length once it passes the limit, measured by what came", async () => {
    const reading = await readBody(request(JSON_TYPE, ["x".repeat(600), "x".repeat(600)]), 1_000);
    if (reading.ok) throw new Error("read a body over the limit");
    expect(reading.refusal.extensions).toMatchObject({
      code: "QUERY_TOO_COMPLEX",
      kind: "bodyBytes",
      measured: 1_200,
    });
  });

  it("reads a body of exactly the limit", async () => {
    const body = JSON.stringify({ query: "{ hello }" });
    expect(await readBody(request(JSON_TYPE, [body]), Buffer.byteLength(body))).toEqual({
      ok: true,
      body: { query: "{ hello }" },
    });
  });
});
