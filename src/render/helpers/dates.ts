// Turning helper arguments into moments. Losant renders on servers in UTC, so every date
// helper formats in UTC unless `tz=` names another zone (moment-timezone's IANA names).
import moment from 'moment-timezone';

export { moment };

/** The default date format of `format`, `formatDate` and `currentDateTime`. */
export const DEFAULT_DATE_FORMAT = 'L LTS';

/** "Casts the given value as a date": Date, epoch milliseconds (number or digits), ISO or any Date-parsable string. */
export function toMoment(value: unknown): moment.Moment {
  if (moment.isMoment(value)) return value.clone();
  if (value instanceof Date) return moment(value);
  if (typeof value === 'number') return moment(value);
  if (typeof value === 'string') {
    const s = value.trim();
    if (/^-?\d+$/.test(s)) return moment(Number(s));
    const iso = moment(s, moment.ISO_8601, true);
    return iso.isValid() ? iso : moment(new Date(s));
  }
  return moment(new Date(NaN));
}

/** Moves a moment into a zone (UTC by default) and locale. An unknown zone is an error, not a silent UTC. */
export function inZone(m: moment.Moment, tz: unknown, locale: unknown): moment.Moment {
  const zone = tz === undefined || tz === null || tz === '' ? 'UTC' : String(tz);
  if (!moment.tz.zone(zone)) throw new Error(`unknown time zone "${zone}"`);
  const out = m.tz(zone);
  if (typeof locale === 'string' && locale) out.locale(locale);
  return out;
}
