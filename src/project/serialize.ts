import type { ViewContent } from './view.js';
export function serializeViewFile(v: ViewContent, file: string): string {
  throw new Error('not implemented yet');
}
