import fs from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { BREAKABLE_RULES } from "../generate/broken";
import type { BreakableRule } from "../generate/broken";
import { generateChannel } from "../generate/channel";
import type { ChannelRow } from "../generate/channel";
import { GENERATE_USAGE, UsageError, parseGenerateArgs } from "../generate/args";
import { ecosystemJson } from "../generate/json";

/**
 * `npm run generate -- --customers N --seed S [--invalid-rate R] [--out FILE]`: writes a
 * synthetic channel as an interchange document, streamed (stdout unless --out), and a summary
 * on stderr, with how many edges it broke per rule.
 */
async function main(): Promise<void> {
  const args = parseGenerateArgs(process.argv.slice(2));
  if (args.help) {
    console.log(GENERATE_USAGE);
    return;
  }
  const started = Date.now();
  const rows: Record<ChannelRow["section"], number> = {
    partners: 0,
    customers: 0,
    tenants: 0,
    edges: 0,
  };
  const broken = new Map<BreakableRule, number>(BREAKABLE_RULES.map((rule) => [rule, 0]));
  function* counted(source: Iterable<ChannelRow>): Generator<ChannelRow> {
    for (const row of source) {
      rows[row.section] += 1;
      if (row.section === "edges" && row.broken !== undefined) {
        broken.set(row.broken, (broken.get(row.broken) ?? 0) + 1);
      }
      yield row;
    }
  }
  const channel = counted(generateChannel(args));
  // A large buffer lets generation run on while the disk writes the previous chunks.
  const out =
    args.out === undefined
      ? process.stdout
      : fs.createWriteStream(args.out, { highWaterMark: 4 << 20 });
  // pipeline waits for the destination to drain before pulling the next chunk (backpressure).
  await pipeline(Readable.from(ecosystemJson(channel)), out);

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.error(
    `generate: ${rows.partners} partners, ${rows.customers} customers, ${rows.tenants} tenants, ` +
      `${rows.edges} edges to ${args.out ?? "stdout"} in ${seconds} s`,
  );
  if (args.invalidRate > 0) {
    const total = [...broken.values()].reduce((sum, count) => sum + count, 0);
    const share = rows.edges === 0 ? 0 : (100 * total) / rows.edges;
    console.error(`generate: broke ${total} edges (${share.toFixed(2)}% of edges), per rule:`);
    for (const [rule, count] of broken) console.error(`  ${rule.padEnd(24)} ${count}`);
  }
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(`generate: ${error.message}\n${GENERATE_USAGE}`);
    process.exit(2);
  }
  const code = error instanceof Error && "code" in error ? error.code : undefined;
  // A reader that stops early (`| head`) is not a failure of the generator.
  if (code === "EPIPE") process.exit(0);
  // A file that cannot be written (no such folder, no permission): say which, not a stack.
  if (error instanceof Error && "path" in error && typeof error.path === "string") {
    console.error(`generate: cannot write --out ${error.path}: ${error.message}`);
    process.exit(1);
  }
  console.error(error);
  process.exit(1);
});
