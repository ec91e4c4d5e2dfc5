// A view as the store keeps it (one row of the views table), shared by views.ts and the JSON
// built from it (view-wire.ts).

export type ViewType = 'layout' | 'page' | 'component';

/** The fields kept as JSON (never filtered or sorted on). */
export interface ViewDoc {
  description: string;
  body: string;
  viewTags: Record<string, string>;
  headers?: { 'content-type'?: string };
  createdById: string;
  createdByType: string;
  lastUpdatedById: string;
  lastUpdatedByType: string;
}

export interface ViewRecord {
  appId: string;
  versionId: string;
  id: string;
  viewType: ViewType;
  name: string;
  layoutId: string | null;
  created: number;
  updated: number;
  doc: ViewDoc;
  /** Name of the layout layoutId points at in the same version, when it exists. */
  layoutName?: string;
}
