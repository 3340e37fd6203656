// @ts-check
// Starts GraphiQL from the UMD globals its page loads (React, ReactDOM, GraphiQL), all served by
// this server: unlike the Apollo Sandbox landing page, it works on a closed network.
"use strict";

(function startGraphiQL() {
  const globals = /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (window));
  const React = /** @type {{ createElement: Function } | undefined} */ (globals.React);
  const ReactDOM = /** @type {{ createRoot: Function } | undefined} */ (globals.ReactDOM);
  const GraphiQL = /** @type {(Function & { createFetcher: Function }) | undefined} */ (
    globals.GraphiQL
  );
  const root = document.getElementById("graphiql");
  if (root === null) return;
  if (React === undefined || ReactDOM === undefined || GraphiQL === undefined) {
    root.textContent = "GraphiQL failed to load: a script under /graphiql/vendor did not run.";
    return;
  }
  const fetcher = GraphiQL.createFetcher({ url: new URL("/graphql", window.location.href).href });
  ReactDOM.createRoot(root).render(
    React.createElement(GraphiQL, {
      fetcher,
      defaultEditorToolsVisibility: true,
      defaultQuery: [
        "# csp-graph: who serves whom in the CSP channel.",
        "# With a token, put this in Headers below:",
        '# {"Authorization": "Bearer <token>"}',
        "{",
        '  whoServes(customerId: "C-1") {',
        "    partner { id name role }",
        "    relation",
        "    workload",
        "    via { id name }",
        "  }",
        "}",
        "",
      ].join("\n"),
    }),
  );
})();
