// Wire types of the Losant Experience API as lxp's client sees them (a subset of the published
// JSON Schemas: the fields lxp reads or writes). The local server has its own definitions in
// src/server/ on purpose: client and server must not share code that could hide each other's bugs.
import type { ViewType } from '../project/view.js';

export interface ApiView {
  id: string;
  experienceViewId?: string;
  applicationId: string;
  name: string;
  description?: string;
  viewType: ViewType;
  layoutId?: string | null;
  layoutName?: string;
  body?: string;
  viewTags?: Record<string, string>;
  headers?: { 'content-type'?: string };
  creationDate: string;
  lastUpdated: string;
}

export interface ApiViewPost {
  name: string;
  viewType: ViewType;
  description?: string;
  layoutId?: string | null;
  body?: string;
  viewTags?: Record<string, string>;
  headers?: { 'content-type'?: string };
}

export type ApiViewPatch = Partial<Omit<ApiViewPost, 'viewType'>>;

export interface ApiList<T> {
  items: T[];
  count: number;
  totalCount: number;
  perPage?: number;
  page?: number;
}

export interface ApiVersion {
  id: string;
  version: string;
  description?: string;
  creationDate: string;
  lastUpdated: string;
  attachedSlugs?: Array<{ id: string; slug: string }>;
  attachedDomains?: Array<{ id: string; domainName: string }>;
}

export interface ApiSlug {
  id: string;
  slug: string;
  version: string | null;
  creationDate?: string;
  lastUpdated?: string;
}

export interface ApiDomain {
  id: string;
  domainName: string;
  version: string | null;
  creationDate?: string;
  lastUpdated?: string;
}

export interface ApiErrorBody {
  type: string;
  message: string;
}
