import type { IncomingHttpHeaders } from "node:http";
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  defaultTextMapGetter,
  trace,
} from "@opentelemetry/api";
import type { Attributes, Context as TraceContext, Span, Tracer } from "@opentelemetry/api";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import type { SpanExporter } from "@opentelemetry/sdk-trace-base";
import type { TracingConfig } from "./config";
import type { DatabaseTimes, DecisionSpan, RequestTrace, StatementSpan } from "./trace-hooks";

/** What the server says of a finished request on its span. */
export interface RequestOutcome {
  /** `query.whoServes`: the span's name, as the metrics name the operation. */
  operation: string;
  /** `ok` or the first error's code. */
  outcome: string;
  status: number;
  statements: number;
  requestId: string;
}

/** A request's trace as the server holds it: the hooks below, its trace id, and its end. */
export interface OperationTrace extends RequestTrace {
  readonly traceId: string;
  end(outcome: RequestOutcome): void;
}

/**
 * OpenTelemetry tracing of GraphQL requests: a SERVER span per operation (a child of the
 * client's span when the request carries a W3C `traceparent`), with a CLIENT span per Cypher
 * statement and an INTERNAL span per policy decision under it.
 *
 * The provider is this server's own, not registered as the global one, and no context manager
 * is installed: spans are handed down explicitly through the request's record (as its
 * statement counter already is), because an AsyncLocalStorage context manager's promise hooks
 * would cost every request of this promise-heavy server, traced or not.
 */
export class Tracing {
  private readonly tracer: Tracer;
  private readonly propagator = new W3CTraceContextPropagator();

  constructor(private readonly provider: BasicTracerProvider) {
    this.tracer = provider.getTracer("csp-graph");
  }

  /** The exporter the config names, or null when tracing is off. */
  static fromConfig(config: TracingConfig): Tracing | null {
    if (config.tracesUrl === null) return null;
    // The exporter still reads the SDK's other variables itself (OTEL_EXPORTER_OTLP_HEADERS,
    // ..._TIMEOUT, ..._COMPRESSION); the URL comes from src/config.ts, where it was checked.
    return Tracing.withExporter(
      new OTLPTraceExporter({ url: config.tracesUrl }),
      config.serviceName,
    );
  }

  /** Spans go to `exporter`: in batches by default, one by one with `batch: false` (tests). */
  static withExporter(exporter: SpanExporter, serviceName: string, batch = true): Tracing {
    const processor = batch ? new BatchSpanProcessor(exporter) : new SimpleSpanProcessor(exporter);
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ "service.name": serviceName }),
      spanProcessors: [processor],
    });
    return new Tracing(provider);
  }

  /** Starts a request's span, under the caller's when `traceparent` names one. */
  startRequest(headers: IncomingHttpHeaders): OperationTrace {
    const parent =
      headers.traceparent === undefined
        ? ROOT_CONTEXT
        : this.propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
    // Named once the operation is known, at its end: the first root field comes from parsing.
    const span = this.tracer.startSpan("graphql", { kind: SpanKind.SERVER }, parent);
    return new RequestSpan(this.tracer, span, trace.setSpan(ROOT_CONTEXT, span));
  }

  /** Sends every ended span now (tests, and before a clean stop). */
  async flush(): Promise<void> {
    await this.provider.forceFlush();
  }

  /** Flushes and stops the exporter. */
  async shutdown(): Promise<void> {
    await this.provider.shutdown();
  }
}

class RequestSpan implements OperationTrace {
  readonly traceId: string;

  constructor(
    private readonly tracer: Tracer,
    private readonly span: Span,
    private readonly context: TraceContext,
  ) {
    this.traceId = span.spanContext().traceId;
  }

  statement(name: string): StatementSpan {
    const span = this.tracer.startSpan(
      `cypher.${name}`,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          "db.system.name": "neo4j",
          "db.query.summary": name,
          "csp_graph.query": name,
        },
      },
      this.context,
    );
    return {
      end: (rows: number, times: DatabaseTimes) => {
        span.setAttributes({
          "db.response.returned_rows": rows,
          "neo4j.result_available_after_ms": times.availableAfterMs,
          "neo4j.result_consumed_after_ms": times.consumedAfterMs,
        });
        span.end();
      },
      fail: (error: unknown) => {
        failSpan(span, error);
        span.end();
      },
    };
  }

  decision(mode: string, edge: { type: string; from: string; to: string }): DecisionSpan {
    const span = this.tracer.startSpan(
      "policy.decision",
      {
        kind: SpanKind.INTERNAL,
        attributes: {
          "csp_graph.policy.mode": mode,
          "csp_graph.edge.type": edge.type,
          "csp_graph.edge.from": edge.from,
          "csp_graph.edge.to": edge.to,
        },
      },
      this.context,
    );
    return {
      end: (decision) => {
        span.setAttributes({
          "csp_graph.policy.allowed": decision.allowed,
          "csp_graph.policy.violations": decision.violations.map((violation) => violation.rule),
          "csp_graph.policy.warnings": decision.warnings.map((warning) => warning.rule),
        });
        span.end();
      },
    };
  }

  end(result: RequestOutcome): void {
    this.span.updateName(result.operation);
    const [type, field] = result.operation.split(".");
    const attributes: Attributes = {
      "graphql.operation.type": type ?? result.operation,
      "csp_graph.operation": result.operation,
      "csp_graph.root_field": field ?? "",
      "csp_graph.outcome": result.outcome,
      "csp_graph.request_id": result.requestId,
      "csp_graph.cypher_statements": result.statements,
      "http.response.status_code": result.status,
    };
    this.span.setAttributes(attributes);
    if (result.outcome !== "ok") {
      this.span.setStatus({ code: SpanStatusCode.ERROR, message: result.outcome });
    }
    this.span.end();
  }
}

function failSpan(span: Span, error: unknown): void {
  const code =
    typeof error === "object" && error !== null && "code" in error && typeof error.code === "string"
      ? error.code
      : error instanceof Error
        ? error.name
        : "error";
  span.setStatus({ code: SpanStatusCode.ERROR, message: code });
  span.setAttribute("error.type", code);
}
