// The one reader of answers a command asks for on the terminal: confirmations and hidden
// passwords. One readline interface per command, so a second question reads the line after the
// first one's (two interfaces on one stream lose whatever the first had read ahead). On a
// terminal readline edits the line and echoes it through `echo`, which is silenced while a
// hidden answer is typed: the password is never written anywhere.
import { createInterface, type Interface } from 'node:readline';
import { Writable } from 'node:stream';
import type { Writer } from './io.js';

export class LineReader {
  #rl: Interface | undefined;
  #lines: string[] = [];
  #waiting: Array<(line: string | null) => void> = [];
  #ended = false;
  /** Ctrl-C was pressed at a question (not: the input ended). */
  #interrupted = false;
  /**
   * Echo only while a visible answer is awaited: never for a hidden one, and never for lines
   * typed ahead of their question (they may be the password of the next one).
   */
  #echo = false;

  constructor(
    private readonly input: NodeJS.ReadableStream & { isTTY?: boolean },
    private readonly output: Writer,
  ) {}

  #start(): Interface {
    if (this.#rl) return this.#rl;
    const echo = new Writable({
      write: (chunk: Buffer | string, _enc, done) => {
        if (this.#echo) this.output.write(String(chunk));
        done();
      },
    });
    const rl = createInterface({ input: this.input, output: echo, terminal: !!this.input.isTTY });
    rl.on('line', (line) => {
      this.#echo = false;
      const next = this.#waiting.shift();
      if (next) next(line);
      else this.#lines.push(line);
    });
    const end = () => {
      this.#echo = false;
      this.#ended = true;
      for (const next of this.#waiting.splice(0)) next(null);
    };
    rl.on('close', end);
    // Ctrl-C while asked (the terminal is in raw mode, so no signal arrives): no answer, and
    // the command is interrupted (exit 130), not answered "no".
    rl.on('SIGINT', () => {
      this.#interrupted = true;
      end();
    });
    this.#rl = rl;
    return rl;
  }

  /** Whether Ctrl-C was pressed at a question: ask() then answers null, as for an ended input. */
  get interrupted(): boolean {
    return this.#interrupted;
  }

  /** Writes `question` and reads one line; null when the input ended or Ctrl-C was pressed. */
  async ask(question: string, opts: { hidden?: boolean } = {}): Promise<string | null> {
    const rl = this.#start();
    // readline redraws the prompt when the line is edited; it is written here once.
    rl.setPrompt(question);
    this.output.write(question);
    let line: string | null;
    const queued = this.#lines.shift();
    if (queued !== undefined) {
      line = queued;
      this.output.write(opts.hidden ? '\n' : `${queued}\n`);
      return line;
    }
    if (this.#ended) {
      this.output.write('\n');
      return null;
    }
    this.#echo = !opts.hidden;
    line = await new Promise<string | null>((resolve) => this.#waiting.push(resolve));
    // A visible answer was echoed with its line end; a hidden one left the cursor after the question.
    if (opts.hidden || line === null) this.output.write('\n');
    return line;
  }

  close(): void {
    this.#rl?.close();
    this.#rl = undefined;
  }
}

/** Everything on `input` until it ends (`--password-stdin`). */
export async function readAll(input: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of input) text += String(chunk);
  return text;
}
