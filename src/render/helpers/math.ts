// Arithmetic helpers: arguments are cast to numbers first, as Losant documents.
import { plain, splitArgs, type HelperSet } from './types.js';

function numeric(f: (...n: number[]) => number) {
  return (...args: unknown[]) => f(...splitArgs(args).params.map((v) => Number(plain(v))));
}

export function mathHelpers(): HelperSet {
  return {
    add: numeric((a, b) => a + b),
    subtract: numeric((a, b) => a - b),
    multiply: numeric((a, b) => a * b),
    divide: numeric((a, b) => a / b),
    ceil: numeric((a) => Math.ceil(a)),
    floor: numeric((a) => Math.floor(a)),
    max: numeric((...n) => Math.max(...n)),
    min: numeric((...n) => Math.min(...n)),
    // Arduino's map(): value moved from [fromLow, fromHigh] to [toLow, toHigh], not clamped.
    scaleLinear: numeric((fromLow, fromHigh, toLow, toHigh, value) => toLow + ((value - fromLow) * (toHigh - toLow)) / (fromHigh - fromLow)),
  };
}
