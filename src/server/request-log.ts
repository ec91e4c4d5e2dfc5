// --log <file>: one JSON line per request ({time, method, path, status, ms}), appended with a
// synchronous write so a test or benchmark that reads the file after a response sees the line.
// Paths are logged without their query string; headers (and so the token) never are.
import { closeSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { makeDirSync } from '../project/make-dir.js';

export interface RequestLogEntry {
  method: string;
  path: string;
  status: number;
  ms: number;
  /** The response was dropped on purpose (--drop-rate): the client saw the connection close. */
  dropped?: boolean;
  /** A request to an experience (not the API): the slug or domain it named. */
  experience?: string;
}

export class RequestLog {
  private fd: number | undefined;

  constructor(file: string) {
    makeDirSync(dirname(file));
    this.fd = openSync(file, 'a');
  }

  write(entry: RequestLogEntry): void {
    if (this.fd === undefined) return;
    writeSync(this.fd, JSON.stringify({ time: new Date().toISOString(), ...entry }) + '\n');
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
