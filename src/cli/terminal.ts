import { complain } from "./output.js";

/** Standard input read as one queue of chunks, shared by every question a command asks. */
export class Terminal {
  readonly #chunks: string[] = [];
  #ended = false;
  #listening = false;
  #wake: (() => void) | undefined;

  constructor(private readonly input: NodeJS.ReadStream = process.stdin) {}

  /** Whether a person can answer: standard input is a terminal. */
  get interactive(): boolean {
    return Boolean(this.input.isTTY);
  }

  /** One line without its line ending; null once the input has ended. */
  async readLine(): Promise<string | null> {
    let line = "";
    for (;;) {
      const chunk = await this.#nextChunk();
      if (chunk === null) return line === "" ? null : line;
      const end = chunk.indexOf("\n");
      if (end < 0) {
        line += chunk;
        continue;
      }
      if (end + 1 < chunk.length) this.#chunks.unshift(chunk.slice(end + 1));
      return (line + chunk.slice(0, end)).replace(/\r$/, "");
    }
  }

  /**
   * One entry typed at the terminal with echo off; the prompt goes to standard error. Ctrl-C
   * (or Ctrl-D on an empty entry) interrupts the process, as it would with echo on.
   */
  async readSecret(prompt: string): Promise<string> {
    // Echo goes off before the prompt shows: nothing typed in answer to it can be echoed.
    this.input.setRawMode(true);
    process.stderr.write(prompt);
    let secret = "";
    for (;;) {
      const chunk = await this.#nextChunk();
      const chars = chunk === null ? ["\u0004"] : [...chunk];
      for (let i = 0; i < chars.length; i++) {
        const c = chars[i] as string;
        if (c === "\r" || c === "\n") {
          const rest = chars.slice(c === "\r" && chars[i + 1] === "\n" ? i + 2 : i + 1).join("");
          if (rest) this.#chunks.unshift(rest);
          this.#endSecret();
          return secret;
        }
        if (c === "\u0003" || (c === "\u0004" && secret === "")) {
          this.#endSecret();
          process.kill(process.pid, "SIGINT");
          return new Promise<never>(() => {});
        }
        if (c === "\u007f" || c === "\b") secret = [...secret].slice(0, -1).join("");
        else if (c !== "\u0004") secret += c;
      }
    }
  }

  #endSecret() {
    this.input.setRawMode(false);
    process.stderr.write("\n");
  }

  /** Stops reading, so that nothing holds the process open. */
  close(): void {
    if (this.#listening) this.input.pause();
  }

  async #nextChunk(): Promise<string | null> {
    this.#listen();
    while (this.#chunks.length === 0) {
      if (this.#ended) return null;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
    return this.#chunks.shift() as string;
  }

  #listen() {
    if (this.#listening) return;
    this.#listening = true;
    this.input.setEncoding("utf8");
    this.input.on("data", (chunk: string) => {
      this.#chunks.push(chunk);
      this.#wake?.();
    });
    this.input.on("end", () => {
      this.#ended = true;
      this.#wake?.();
    });
    this.input.on("error", () => {
      this.#ended = true;
      this.#wake?.();
    });
    this.input.resume();
  }
}

/**
 * A new password typed twice without echo; asked again while the two differ or are
 * empty. Null when standard input is not a terminal: nobody can type it.
 */
export async function askNewPassword(terminal: Terminal): Promise<string | null> {
  if (!terminal.interactive) return null;
  for (;;) {
    const first = await terminal.readSecret("Password (will not echo): ");
    const second = await terminal.readSecret("Password again (will not echo): ");
    if (first !== second) complain("Passwords do not match");
    else if (first === "") complain("No password entered");
    else return first;
  }
}

/** Asks `question` until the answer is exactly `y` or `n`; the end of the input counts as `n`. */
export async function confirm(terminal: Terminal, question: string): Promise<boolean> {
  for (;;) {
    process.stdout.write(`${question} [y/n] `);
    const answer = await terminal.readLine();
    if (answer === null) {
      process.stdout.write("\n");
      return false;
    }
    if (answer === "y") return true;
    if (answer === "n") return false;
  }
}
