// Object ids as Losant (MongoDB) makes them: 24 hex digits, time first so they sort by creation.
import { randomBytes } from 'node:crypto';

const OBJECT_ID_RE = /^[A-Fa-f\d]{24}$/;
const processRandom = randomBytes(5).toString('hex');
let counter = randomBytes(3).readUIntBE(0, 3);

export function isObjectId(value: unknown): value is string {
  return typeof value === 'string' && OBJECT_ID_RE.test(value);
}

/** 4 bytes of seconds, 5 random bytes per process, a 3-byte counter: unique within a process. */
export function newObjectId(): string {
  counter = (counter + 1) % 0x1000000;
  const seconds = Math.floor(Date.now() / 1000).toString(16).padStart(8, '0');
  return seconds + processRandom + counter.toString(16).padStart(6, '0');
}
