import type http from "node:http";
import { ApolloServer } from "@apollo/server";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from "@apollo/server/plugin/disabled";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import type { GraphQLSchema } from "graphql";
import type { Limits } from "../config";
import { queryLimitsPlugin } from "../limits";
import { formatClientError, maskedErrorLogPlugin } from "./error-masking";
import { requestRecordPlugin } from "./request-record";
import type { HttpContext } from "./request-record";

export interface ApolloOptions {
  /** NODE_ENV=production: no introspection, no Sandbox landing page, no schema hints in errors. */
  production: boolean;
  limits: Limits;
  /** Drained when Apollo stops: it stops taking requests and lets those in flight finish. */
  httpServer: http.Server;
}

/** Apollo Server as this server runs it, not yet started. */
export function createApollo<TContext extends HttpContext>(
  schema: GraphQLSchema,
  { production, limits, httpServer }: ApolloOptions,
): ApolloServer<TContext> {
  return new ApolloServer<TContext>({
    schema,
    formatError: formatClientError(production),
    includeStacktraceInErrorResponses: false,
    // graphql-js's "Did you mean …?" on a misspelt field names the schema's fields to anyone
    // with a token, introspection off or not: a blind-introspection tool rebuilt it from them.
    hideSchemaDetailsFromClientErrors: production,
    allowBatchedHttpRequests: false,
    // src/index.ts stops everything on SIGINT/SIGTERM; Apollo's own handler would race it and
    // re-send the signal to a process whose handler ignores repeats, leaving it hanging.
    stopOnTerminationSignals: false,
    csrfPrevention: true,
    // The HTTP layer refuses longer documents with QUERY_TOO_COMPLEX first; this is the backstop.
    parseOptions: { maxTokens: limits.maxTokens },
    introspection: !production,
    plugins: [
      maskedErrorLogPlugin,
      requestRecordPlugin,
      queryLimitsPlugin(limits),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // No field sets cache hints, and Apollo's default cache-control plugin would otherwise
      // wrap every field resolver of every request (a field-level hook) for nothing.
      ApolloServerPluginCacheControlDisabled(),
      production
        ? ApolloServerPluginLandingPageDisabled()
        : ApolloServerPluginLandingPageLocalDefault({ footer: false }),
    ],
  });
}
