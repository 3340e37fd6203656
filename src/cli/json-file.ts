import { once } from "node:events";
import fs from "node:fs";
import Assembler from "stream-json/Assembler";
import { parser } from "stream-json";
import type { EcosystemSink } from "../services/export.service";

/**
 * Reads a JSON document as a stream of tokens into objects, so a file larger than V8's longest
 * string (about 512 MB, a channel of a few hundred thousand customers) still loads.
 */
export function readJsonFile(file: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const input = fs.createReadStream(file);
    input.on("error", reject);
    const tokens = input.pipe(parser());
    tokens.on("error", (error: Error) =>
      reject(new Error(`${file} is not valid JSON: ${error.message}`)),
    );
    Assembler.connectTo(tokens).on("done", (assembler) => resolve(assembler.current as unknown));
  });
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
