import "reflect-metadata";
import fs from "node:fs";
import { once } from "node:events";
import type { Db } from "../db/database";
import { GDAP_MAX_DAYS } from "../domain";
import { today } from "../services/edge.service";
import { exportEcosystem } from "../services/export.service";
import { GDAP_CSV_HEADER, expiringRelationships, gdapCsvLine } from "../services/gdap.service";
import { runCommand } from "./command";
import { openCliDatabase } from "./database";
import { jsonFileSink } from "./json-file";

const USAGE =
  "usage: npm run export -- FILE.json\n" +
  `       npm run export -- --gdap-expiring DAYS --csv FILE.csv   (DAYS 0..${GDAP_MAX_DAYS})`;

type Command = { kind: "ecosystem"; file: string } | { kind: "gdap"; days: number; file: string };

/** The command line, or a message saying what is wrong with it. */
export function parseExportArgs(args: readonly string[]): Command | string {
  if (args.length === 1 && !(args[0] ?? "").startsWith("--")) {
    return { kind: "ecosystem", file: args[0] ?? "" };
  }
  let days: number | null = null;
  let file: string | null = null;
  for (let i = 0; i < args.length; i += 2) {
    const [flag, value] = [args[i], args[i + 1]];
    if (value === undefined) return `${flag ?? ""} needs a value`;
    if (flag === "--gdap-expiring") {
      days = Number(value);
      if (!Number.isInteger(days) || days < 0 || days > GDAP_MAX_DAYS) {
        return `--gdap-expiring: a whole number of days from 0 to ${GDAP_MAX_DAYS}, not ${value}`;
      }
    } else if (flag === "--csv") {
      file = value;
    } else {
      return `unknown option ${flag ?? ""}`;
    }
  }
  if (days === null || file === null) return "--gdap-expiring and --csv go together";
  return { kind: "gdap", days, file };
}

/** Writes the ACTIVE GDAP relationships ending within `days` as CSV, soonest first. */
async function exportExpiring(db: Db, days: number, file: string): Promise<number> {
  const out = fs.createWriteStream(file);
  const write = async (line: string): Promise<void> => {
    if (!out.write(`${line}\n`)) await once(out, "drain");
  };
  let rows = 0;
  const date = today();
  try {
    await write(GDAP_CSV_HEADER.join(","));
    for await (const admin of expiringRelationships(db, days)) {
      await write(gdapCsvLine(admin, date));
      rows += 1;
    }
  } finally {
    out.end();
    await once(out, "close");
  }
  return rows;
}

async function main(): Promise<number> {
  const command = parseExportArgs(process.argv.slice(2));
  if (typeof command === "string") {
    console.error(`export: ${command}\n${USAGE}`);
    return 2;
  }
  const started = Date.now();
  const database = await openCliDatabase((line) => console.error(line));
  try {
    const seconds = (): string => ((Date.now() - started) / 1000).toFixed(1);
    switch (command.kind) {
      case "ecosystem": {
        const { rows } = await exportEcosystem(database.db, jsonFileSink(command.file));
        console.log(`Exported ${rows} rows to ${command.file} in ${seconds()} s.`);
        return 0;
      }
      case "gdap": {
        const rows = await exportExpiring(database.db, command.days, command.file);
        console.log(
          `Exported ${rows} GDAP relationships ending within ${command.days} days to ${command.file} in ${seconds()} s.`,
        );
        return 0;
      }
    }
  } finally {
    await database.close();
  }
}

runCommand("export", main);
