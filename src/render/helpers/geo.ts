// GPS helpers. Points are "lat,lng" strings (Losant's GPS attribute form), {lat, lng} /
// {latitude, longitude} objects or [lat, lng] arrays.
import { plain, splitArgs, type Helper, type HelperSet } from './types.js';

export interface LatLng {
  lat: number;
  lng: number;
}

/** Mean Earth radius (IUGG), metres. */
const EARTH_RADIUS_M = 6371008.8;

export function parsePoint(v: unknown): LatLng | undefined {
  v = plain(v);
  let lat: unknown;
  let lng: unknown;
  if (typeof v === 'string') [lat, lng] = v.split(',').map((s) => s.trim());
  else if (Array.isArray(v)) [lat, lng] = v;
  else if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    lat = o.lat ?? o.latitude;
    lng = o.lng ?? o.lon ?? o.longitude;
  }
  if (lat === undefined || lat === null || lat === '' || lng === undefined || lng === null || lng === '') return undefined;
  const p = { lat: Number(lat), lng: Number(lng) };
  return Number.isFinite(p.lat) && Number.isFinite(p.lng) ? p : undefined;
}

/** Great-circle distance by the haversine formula, in metres. */
export function haversineMetres(a: LatLng, b: LatLng): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Ray casting (even-odd rule) in the lat/lng plane; fine for polygons that do not span the antimeridian. */
export function pointInPolygon(p: LatLng, polygon: LatLng[]): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const a = polygon[i];
    const b = polygon[j];
    if (a.lat > p.lat !== b.lat > p.lat && p.lng < ((b.lng - a.lng) * (p.lat - a.lat)) / (b.lat - a.lat) + a.lng) inside = !inside;
  }
  return inside;
}

function dms(value: number, pos: string, neg: string, minutesOnly: boolean, precision: number): string {
  const hemi = value < 0 ? neg : pos;
  const abs = Math.abs(value);
  const deg = Math.floor(abs);
  const minutes = (abs - deg) * 60;
  if (minutesOnly) return `${deg}°${minutes.toFixed(precision)}'${hemi}`;
  const min = Math.floor(minutes);
  return `${deg}°${min}'${((minutes - min) * 60).toFixed(precision)}"${hemi}`;
}

export function formatGps(point: LatLng, style = 'decimal', precision = 6): string {
  switch (style) {
    case 'degrees':
      return `${dms(point.lat, 'N', 'S', true, precision)},${dms(point.lng, 'E', 'W', true, precision)}`;
    case 'sexagesimal':
      return `${dms(point.lat, 'N', 'S', false, precision)},${dms(point.lng, 'E', 'W', false, precision)}`;
    case 'gga': {
      const nmea = (v: number, width: number) => {
        const abs = Math.abs(v);
        const deg = Math.floor(abs);
        return `${String(deg).padStart(width, '0')}${((abs - deg) * 60).toFixed(precision).padStart(precision + 3, '0')}`;
      };
      return `${nmea(point.lat, 2)},${point.lat < 0 ? 'S' : 'N'},${nmea(point.lng, 3)},${point.lng < 0 ? 'W' : 'E'}`;
    }
    default:
      return `${point.lat.toFixed(precision)},${point.lng.toFixed(precision)}`;
  }
}

const gpsIsPointInside: Helper = function (this: unknown, ...a: unknown[]) {
  const { params, options } = splitArgs(a);
  const p = parsePoint(params[0]);
  const poly = plain(params[1]);
  const polygon = Array.isArray(poly) ? poly.map(parsePoint).filter((x): x is LatLng => !!x) : [];
  const result = !!p && polygon.length >= 3 && pointInPolygon(p, polygon);
  if (options && typeof options.fn === 'function') return result ? options.fn(this) : options.inverse(this);
  return result;
};

export function geoHelpers(): HelperSet {
  return {
    gpsDistance(...a) {
      const { params } = splitArgs(a);
      const p1 = parsePoint(params[0]);
      const p2 = parsePoint(params[1]);
      return p1 && p2 ? haversineMetres(p1, p2) : undefined;
    },
    gpsIsPointInside,
    formatGps(...a) {
      const { params } = splitArgs(a);
      const p = parsePoint(params[0]);
      if (!p) return '';
      const precision = params[2] === undefined ? 6 : Number(params[2]);
      return formatGps(p, typeof params[1] === 'string' ? params[1] : 'decimal', Number.isFinite(precision) ? precision : 6);
    },
  };
}
