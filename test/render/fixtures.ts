// In-memory views for renderer tests.
import type { RenderView } from '../../src/render/engine.js';
import type { ViewType } from '../../src/project/view.js';

const FOLDER: Record<ViewType, string> = { layout: 'layouts', page: 'pages', component: 'components' };

export function view(viewType: ViewType, name: string, body: string, extra: Partial<RenderView> = {}): RenderView {
  return {
    viewType,
    name,
    body,
    description: '',
    layout: null,
    contentType: null,
    tags: {},
    file: `${FOLDER[viewType]}/${name}.hbs`,
    ...extra,
  };
}
export const page = (name: string, body: string, extra: Partial<RenderView> = {}) => view('page', name, body, extra);
export const layout = (name: string, body: string, extra: Partial<RenderView> = {}) => view('layout', name, body, extra);
export const component = (name: string, body: string, extra: Partial<RenderView> = {}) => view('component', name, body, extra);
