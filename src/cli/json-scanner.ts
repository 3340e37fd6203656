/**
 * Reads a JSON document whose top level is an object of arrays (the interchange format) from
 * text chunks, parsing each array element with JSON.parse as soon as it is complete. The file
 * never exists as one string, so a document larger than V8's longest string (about 512 MB)
 * loads, and it is an order of magnitude faster than a token-by-token streaming parser.
 *
 * Values at the top level that are not arrays are parsed whole. Malformed JSON fails with the
 * position where the scanner or JSON.parse gave up.
 */
export class TopLevelArrayScanner {
  private text = "";
  /** Where scanning resumes in `text`. */
  private at = 0;
  private offset = 0;
  private state: "start" | "key" | "colon" | "value" | "array" | "after-value" | "done" = "start";
  private key = "";
  private readonly result: Record<string, unknown> = {};
  private array: unknown[] = [];
  /** Start of the value or element being read, and its nesting depth and string state. */
  private start = -1;
  private depth = 0;
  private inString = false;
  private escaped = false;

  push(chunk: string): void {
    // Keep only the unfinished value: everything before it has been parsed.
    const keepFrom = this.start >= 0 ? this.start : this.at;
    this.offset += keepFrom;
    this.text = this.text.slice(keepFrom) + chunk;
    this.at -= keepFrom;
    if (this.start >= 0) this.start = 0;
    this.scan();
  }

  end(): Record<string, unknown> {
    this.scan();
    if (this.state !== "done") throw this.error("the document ends early");
    if (this.text.slice(this.at).trim() !== "")
      throw this.error("text after the end of the document");
    return this.result;
  }

  private error(message: string): Error {
    return new Error(`${message} (at character ${this.offset + this.at})`);
  }

  private scan(): void {
    const text = this.text;
    while (this.at < text.length) {
      if (this.start >= 0) {
        if (!this.scanValue()) return;
        continue;
      }
      const c = text.charCodeAt(this.at);
      // Whitespace between tokens.
      if (c === 32 || c === 10 || c === 13 || c === 9) {
        this.at += 1;
        continue;
      }
      const ch = text[this.at];
      switch (this.state) {
        case "start":
          if (ch !== "{") throw this.error("the document must be a JSON object");
          this.state = "key";
          this.at += 1;
          break;
        case "key":
          if (ch === "}") {
            this.state = "done";
            this.at += 1;
          } else if (ch === '"') {
            this.beginValue();
          } else throw this.error(`expected a key, found ${ch}`);
          break;
        case "colon":
          if (ch !== ":") throw this.error(`expected ':' after "${this.key}"`);
          this.state = "value";
          this.at += 1;
          break;
        case "value":
          if (ch === "[") {
            this.array = [];
            this.result[this.key] = this.array;
            this.state = "array";
            this.at += 1;
          } else this.beginValue();
          break;
        case "array":
          if (ch === "]") {
            this.state = "after-value";
            this.at += 1;
          } else if (ch === ",") {
            this.at += 1;
          } else this.beginValue();
          break;
        case "after-value":
          if (ch === ",") this.state = "key";
          else if (ch === "}") this.state = "done";
          else throw this.error(`expected ',' or '}', found ${ch}`);
          this.at += 1;
          break;
        case "done":
          return;
      }
    }
  }

  private beginValue(): void {
    this.start = this.at;
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
  }

  /** Advances through the current value; true once it is complete and stored. */
  private scanValue(): boolean {
    const text = this.text;
    let i = this.at;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 92)
          this.escaped = true; // backslash
        else if (c === 34) {
          this.inString = false; // closing quote
          if (this.depth === 0) return this.finishValue(i + 1);
        }
        continue;
      }
      if (c === 34) this.inString = true;
      else if (c === 123 || c === 91)
        this.depth += 1; // { [
      else if (c === 125 || c === 93) {
        // } ]
        if (this.depth === 0) return this.finishValue(i);
        this.depth -= 1;
        if (this.depth === 0) return this.finishValue(i + 1);
      } else if (c === 44 && this.depth === 0) return this.finishValue(i); // , ends a scalar
    }
    this.at = i;
    return false;
  }

  private finishValue(end: number): true {
    const raw = this.text.slice(this.start, end);
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (cause) {
      throw new Error(
        `invalid JSON at character ${this.offset + this.start}: ${(cause as Error).message}`,
      );
    }
    this.at = end;
    this.start = -1;
    switch (this.state) {
      case "key":
        this.key = String(value);
        this.state = "colon";
        break;
      case "value":
        this.result[this.key] = value;
        this.state = "after-value";
        break;
      case "array":
        this.array.push(value);
        break;
      default:
        throw this.error("unexpected value");
    }
    return true;
  }
}
