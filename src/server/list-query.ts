// Query parameters of list routes: 0-based page, perPage (default 100, at most 1000, Losant's
// largest page), sortField/sortDirection from a whitelist, a glob filter over one field.
import { validationError } from './errors.js';
import type { SortDirection } from './store/statements.js';

export const DEFAULT_PER_PAGE = 100;
export const MAX_PER_PAGE = 1000;

export type Query = Record<string, string | string[] | undefined>;

export interface ListQuery<S extends string, F extends string> {
  page: number;
  perPage: number;
  offset: number;
  sortField: S;
  sortDirection: SortDirection;
  filterField?: F;
  filter?: string;
}

/** A query value as one string (a repeated parameter is a mistake → 400). */
export function queryString(query: Query, name: string): string | undefined {
  const v = query[name];
  if (Array.isArray(v)) throw validationError(`${name} must be given once`);
  return v;
}

function nonNegativeInt(query: Query, name: string, fallback: number): number {
  const raw = queryString(query, name);
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d{1,9}$/.test(raw)) throw validationError(`${name} must be a non-negative integer`);
  return Number(raw);
}

export function oneOf<T extends string>(query: Query, name: string, allowed: readonly T[]): T | undefined {
  const raw = queryString(query, name);
  if (raw === undefined || raw === '') return undefined;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw validationError(`${name} must be one of: ${allowed.join(', ')}`);
  }
  return raw as T;
}

export function parseSort<S extends string>(
  query: Query,
  sortFields: readonly S[],
  defaultSort: S,
): { sortField: S; sortDirection: SortDirection } {
  const sortField = oneOf(query, 'sortField', sortFields) ?? defaultSort;
  const dir = queryString(query, 'sortDirection');
  let sortDirection: SortDirection = 'asc';
  if (dir !== undefined && dir !== '') {
    const lower = dir.toLowerCase();
    if (lower !== 'asc' && lower !== 'desc') throw validationError('sortDirection must be one of: asc, desc');
    sortDirection = lower;
  }
  return { sortField, sortDirection };
}

export function parseFilter<F extends string>(query: Query, filterFields: readonly F[]): { filterField?: F; filter?: string } {
  const filterField = oneOf(query, 'filterField', filterFields);
  const filter = queryString(query, 'filter');
  // Blank or absent means no filtering, as Losant documents.
  if (!filterField || filter === undefined || filter === '') return { filterField, filter: filter || undefined };
  return { filterField, filter };
}

export function parseListQuery<S extends string, F extends string>(
  query: Query,
  sortFields: readonly S[],
  defaultSort: S,
  filterFields: readonly F[],
): ListQuery<S, F> {
  const page = nonNegativeInt(query, 'page', 0);
  const perPage = nonNegativeInt(query, 'perPage', DEFAULT_PER_PAGE);
  if (perPage < 1 || perPage > MAX_PER_PAGE) {
    throw validationError(`perPage must be between 1 and ${MAX_PER_PAGE}`);
  }
  return { page, perPage, offset: page * perPage, ...parseSort(query, sortFields, defaultSort), ...parseFilter(query, filterFields) };
}

/** The paging fields every paged list response echoes. */
export function listEcho(q: ListQuery<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {
    perPage: q.perPage,
    page: q.page,
    sortField: q.sortField,
    sortDirection: q.sortDirection,
  };
  if (q.filterField !== undefined) out.filterField = q.filterField;
  if (q.filter !== undefined) out.filter = q.filter;
  return out;
}

/** Sorts and pages records in memory (small unversioned lists). Ties are broken by id. */
export function sortAndPage<T extends { id: string }>(
  items: T[],
  key: (item: T) => string | number | undefined,
  direction: SortDirection,
  offset: number,
  limit: number,
): T[] {
  const sign = direction === 'desc' ? -1 : 1;
  const sorted = [...items].sort((a, b) => {
    const ka = key(a) ?? '';
    const kb = key(b) ?? '';
    if (ka < kb) return -sign;
    if (ka > kb) return sign;
    return a.id < b.id ? -sign : a.id > b.id ? sign : 0;
  });
  return sorted.slice(offset, offset + limit);
}
