import { once } from "node:events";
import fs from "node:fs";
import type { EcosystemSink } from "../services/export.service";
import { TopLevelArrayScanner } from "./json-scanner";

/**
 * Reads an interchange document from a file in chunks (see TopLevelArrayScanner), so a file larger
 * than V8's longest string (about 512 MB, a channel of a few hundred thousand customers) loads.
 */
export async function readJsonFile(file: string): Promise<unknown> {
  const scanner = new TopLevelArrayScanner();
  try {
    for await (const chunk of fs.createReadStream(file, {
      encoding: "utf8",
      highWaterMark: 1 << 22,
    })) {
      scanner.push(chunk as string);
    }
    return scanner.end();
  } catch (error) {
    throw new Error(`${file} is not a valid interchange document: ${(error as Error).message}`);
  }
}

/** Writes the interchange document row by row, waiting when the file stream is full. */
export function jsonFileSink(file: string): EcosystemSink {
  const out = fs.createWriteStream(file);
  let arrays = 0;
  let first = true;
  const write = async (text: string): Promise<void> => {
    if (!out.write(text)) await once(out, "drain");
  };
  return {
    startArray: async (name) => {
      await write(`${arrays === 0 ? "{\n" : "\n],\n"}"${name}": [`);
      arrays += 1;
      first = true;
    },
    row: async (value) => {
      await write(`${first ? "\n" : ",\n"}${JSON.stringify(value)}`);
      first = false;
    },
    end: async () => {
      await write(arrays === 0 ? "{}\n" : "\n]\n}\n");
      out.end();
      await once(out, "finish");
    },
  };
}
