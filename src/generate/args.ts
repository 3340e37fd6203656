export const GENERATE_USAGE =
  "usage: npm run generate -- --customers N --seed S [--invalid-rate R] [--out FILE]";

export interface GenerateArgs {
  customers: number;
  seed: number;
  invalidRate: number;
  /** Undefined: standard output. */
  out: string | undefined;
  help: boolean;
}

/** A command line the generator cannot run with; the message names the flag. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

const FLAGS = ["--customers", "--seed", "--invalid-rate", "--out"] as const;
type Flag = (typeof FLAGS)[number];

function isFlag(value: string): value is Flag {
  const flags: readonly string[] = FLAGS;
  return flags.includes(value);
}

function integer(flag: Flag, text: string, max: number): number {
  // Number("") is 0 and Number("1e3") is 1000: only plain digits are taken as a count.
  if (!/^\d+$/.test(text) || Number(text) > max) {
    throw new UsageError(`${flag} must be a whole number from 0 to ${max}, not "${text}"`);
  }
  return Number(text);
}

/**
 * Reads the generator's command line (`--flag value` or `--flag=value`). --customers and --seed
 * are required; --invalid-rate defaults to 0 and --out to standard output.
 */
export function parseGenerateArgs(argv: readonly string[]): GenerateArgs {
  const values = new Map<Flag, string>();
  let help = false;
  for (let k = 0; k < argv.length; k += 1) {
    const arg = argv[k] ?? "";
    if (arg === "--help" || arg === "-h") {
      help = true;
      continue;
    }
    const [name = "", inline] = arg.startsWith("--") ? arg.split(/=(.*)/s, 2) : [arg];
    if (!isFlag(name)) {
      throw new UsageError(
        arg.startsWith("-") ? `unknown flag ${name}` : `unexpected argument "${arg}"`,
      );
    }
    if (values.has(name)) throw new UsageError(`${name} is given twice`);
    const value = inline ?? argv[k + 1];
    if (inline === undefined) k += 1;
    if (value === undefined || value === "" || (inline === undefined && value.startsWith("--"))) {
      throw new UsageError(`${name} needs a value`);
    }
    values.set(name, value);
  }
  if (help) return { customers: 0, seed: 0, invalidRate: 0, out: undefined, help };

  const required = (flag: Flag): string => {
    const value = values.get(flag);
    if (value === undefined) throw new UsageError(`${flag} is required`);
    return value;
  };
  const customers = integer("--customers", required("--customers"), 100_000_000);
  const seed = integer("--seed", required("--seed"), 0xffff_ffff);
  const rateText = values.get("--invalid-rate") ?? "0";
  const invalidRate = Number(rateText);
  if (rateText.trim() === "" || !(invalidRate >= 0 && invalidRate < 1)) {
    throw new UsageError(
      `--invalid-rate must be a fraction from 0 up to (not including) 1, not "${rateText}"`,
    );
  }
  return { customers, seed, invalidRate, out: values.get("--out"), help };
}
