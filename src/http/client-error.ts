import http from "node:http";
import type { Duplex } from "node:stream";
import { ApolloServerErrorCode } from "@apollo/server/errors";

/**
 * The server's `clientError` listener: requests Node's HTTP parser refuses before any route sees
 * them (headers or URL over 16 KiB, a malformed request line) get the same coded JSON error as
 * every other refusal, not a bare status.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === "HPE_HEADER_OVERFLOW";
  const status = tooLarge ? 431 : 400;
  const body = JSON.stringify({
    errors: [
      {
        message: tooLarge
          ? "the request line and headers exceed 16 KiB"
          : "the request is not valid HTTP/1.1",
        extensions: { code: ApolloServerErrorCode.BAD_REQUEST },
      },
    ],
  });
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\n` +
      "content-type: application/json; charset=utf-8\r\n" +
      `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}
