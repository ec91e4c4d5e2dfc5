// What the preview knows about the folder at any moment: the views (in a renderer), the
// page-dependency graph, the validation issues, or why the folder could not be read. load()
// re-reads it (only changed files are parsed again).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ValidationIssue } from '../project/issues.js';
import { loadExperienceFiles, type LoadedExperienceFiles, type SettingsContent } from '../project/resources/index.js';
import { parseSidecar, sidecarCandidates, type Scenarios } from '../render/context.js';
import { buildGraph, type ProjectGraph } from '../render/dependencies.js';
import { createRenderer, type Renderer, type RendererOptions } from '../render/engine.js';
import { defaultViewLoader, loadPreviewProject, type ViewLoader } from './load.js';

export interface Site {
  readonly dir: string;
  readonly renderer: Renderer;
  readonly graph: ProjectGraph;
  /** Every validation issue: of the views and of endpoints.yaml, groups.yaml, experience.yaml. */
  readonly issues: readonly ValidationIssue[];
  /** endpoints.yaml, groups.yaml and experience.yaml as read at the last load (each optional). */
  readonly experience: LoadedExperienceFiles;
  /**
   * The settings the experience is served with: experience.yaml's; when it declares none, develop's
   * as read at the last load (lxp dev: deploy leaves them alone); else undefined (the platform's defaults).
   */
  readonly settings: SettingsContent | undefined;
  /** Counts loads: what was built from the site is stale once this changes. */
  readonly generation: number;
  /** Why the folder could not be read at the last load, if it could not. */
  readonly loadError: Error | undefined;
  /** Re-reads the folder; returns the graph as it was before. */
  load(): Promise<ProjectGraph>;
  /** A page's preview data file (pages/home.preview.json…), parsed, if it has one. */
  sidecarOf(pageFile: string): Promise<{ file: string; scenarios: Scenarios } | undefined>;
  /** Each page's scenario names (a line saying why, for an unreadable preview file). */
  scenarioNames(): Promise<Map<string, string[]>>;
  /** The text of a file of the folder, if it can be read (for the overlay's source excerpt). */
  source(file: string | undefined): Promise<string | undefined>;
  /**
   * Whether a name that no loaded page has may still be a page: some file under pages/ has
   * issues and was not loaded (e.g. unreadable front matter), so its name is unknown.
   */
  mayBeBrokenPage(): boolean;
}

export interface SiteOptions extends RendererOptions {
  loadViews?: ViewLoader;
  /**
   * develop's settings, read at each load while experience.yaml declares none (lxp dev, whose
   * deploys leave develop's alone); undefined when they cannot be read (the caller says why).
   */
  undeclaredSettings?: () => Promise<SettingsContent | undefined>;
}

export function createSite(dir: string, opts: SiteOptions): Site {
  const loader = opts.loadViews ?? defaultViewLoader(dir);
  const renderer = createRenderer([], { application: opts.application, now: opts.now });
  let graph: ProjectGraph = buildGraph([]);
  let issues: ValidationIssue[] = [];
  let experience: LoadedExperienceFiles = { texts: {}, issues: [] };
  let developSettings: SettingsContent | undefined;
  let loadError: Error | undefined;
  let generation = 0;

  const sidecarOf = async (pageFile: string) => {
    for (const file of sidecarCandidates(pageFile)) {
      let text: string;
      try {
        text = await readFile(path.join(dir, file), 'utf8');
      } catch {
        continue;
      }
      return { file, scenarios: parseSidecar(file, text) };
    }
    return undefined;
  };

  return {
    dir,
    renderer,
    get graph() {
      return graph;
    },
    get issues() {
      return issues;
    },
    get experience() {
      return experience;
    },
    get settings() {
      return experience.settings?.content ?? developSettings;
    },
    get loadError() {
      return loadError;
    },
    get generation() {
      return generation;
    },
    async load() {
      const before = graph;
      generation++;
      try {
        const project = await loadPreviewProject(dir, loader);
        experience = await loadExperienceFiles(dir, project.views);
        developSettings = experience.settings === undefined && opts.undeclaredSettings ? await opts.undeclaredSettings() : undefined;
        renderer.update(project.views);
        issues = [...project.issues, ...experience.issues];
        graph = buildGraph(project.views);
        loadError = undefined;
      } catch (err) {
        loadError = err as Error;
      }
      return before;
    },
    sidecarOf,
    async scenarioNames() {
      const out = new Map<string, string[]>();
      for (const p of graph.pages) {
        try {
          const s = await sidecarOf(p.page.file);
          if (s) out.set(p.page.name, s.scenarios.names);
        } catch (err) {
          out.set(p.page.name, [`(unreadable preview file: ${(err as Error).message})`]);
        }
      }
      return out;
    },
    async source(file) {
      if (!file) return undefined;
      return readFile(path.join(dir, file), 'utf8').catch(() => undefined);
    },
    mayBeBrokenPage() {
      const loaded = new Set(renderer.views.map((v) => v.file));
      return issues.some((i) => i.file.startsWith('pages/') && !loaded.has(i.file));
    },
  };
}
