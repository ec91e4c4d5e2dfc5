// Develop's settings of an export (`develop/version.yaml`, resourceType ExperienceVersion):
// globals, CORS, the not-found and unauthorized replies, response headers — as experience.yaml
// keeps them. A global whose json is not JSON is kept as text and reported.
import { settingsKind, type SettingsContent, type SettingsRemote } from '../project/resources/settings.js';
import { ExportContext, KNOWN_FIELDS } from './export-context.js';
import { namesOf, readReply } from './export-endpoints.js';
import { fieldIssue, isPlain, readExportFile, stringField, type ExportResource } from './export-yaml.js';
import { placeholderItems } from './placeholders.js';

function developOf(ctx: ExportContext, file: string, resources: ExportResource[]): ExportResource | undefined {
  if (resources.length === 0) return undefined;
  if (resources.length === 1) return resources[0];
  const develop = resources.filter((r) => r.data.version === 'develop');
  if (develop.length === 1) return develop[0];
  ctx.issues.push({ file, line: resources[1].line, message: `${resources.length} versions and ${develop.length === 0 ? 'none' : 'more than one'} of them is develop; an export holds develop's settings only` });
  return undefined;
}

export function readExportSettings(ctx: ExportContext, file: string, text: string): SettingsContent | undefined {
  const exported = readExportFile(file, text, ['ExperienceVersion'], ctx.issues);
  if (!exported) return undefined;
  const r = developOf(ctx, file, exported.resources);
  if (!r) return undefined;
  const before = ctx.issues.length;
  ctx.unknownFields(r, KNOWN_FIELDS.settings, "develop's settings");

  const globals: { key: string; json: string; description?: string }[] = [];
  const raw = r.data.globals ?? [];
  if (!Array.isArray(raw)) ctx.issues.push(fieldIssue(r, ['globals'], 'must be a list of { key, json, description? }'));
  else
    raw.forEach((g, i) => {
      if (!isPlain(g) || typeof g.key !== 'string' || typeof g.json !== 'string' || (g.description !== undefined && g.description !== null && typeof g.description !== 'string')) {
        ctx.issues.push(fieldIssue(r, ['globals', i], 'a global is { key: text, json: JSON text, description?: text }'));
        return;
      }
      globals.push({ key: g.key, json: g.json, ...(typeof g.description === 'string' ? { description: g.description } : {}) });
      try {
        JSON.parse(g.json);
      } catch {
        ctx.report.push({ kind: 'changed', file: r.file, line: r.lineOf(['globals', i, 'json']), message: `the global "${g.key}" is not JSON (${JSON.stringify(g.json.slice(0, 40))}); experience.yaml keeps it as that text, which deploy stores as a JSON string` });
      }
      ctx.report.push(...placeholderItems(g.json, `the global "${g.key}"`, () => ({ file: r.file, line: r.lineOf(['globals', i, 'json']) })));
    });
  const cors = r.data.endpointDefaultCors ?? false;
  if (typeof cors !== 'boolean') ctx.issues.push(fieldIssue(r, ['endpointDefaultCors'], 'must be true or false'));
  const origins = r.data.allowedCorsOrigins ?? [];
  if (!Array.isArray(origins) || origins.some((o) => typeof o !== 'string')) ctx.issues.push(fieldIssue(r, ['allowedCorsOrigins'], 'must be a list of origins'));
  const headers = r.data.responseHeaders ?? {};
  if (!isPlain(headers) || Object.values(headers).some((v) => typeof v !== 'string')) ctx.issues.push(fieldIssue(r, ['responseHeaders'], 'must be a mapping of header names to text'));
  const notFoundReply = readReply(ctx, r, 'notFoundReply', "develop's not-found reply", "develop's not-found reply is left out (Losant's default applies)");
  const unauthorizedReply = readReply(ctx, r, 'unauthorizedReply', "develop's unauthorized reply", "develop's unauthorized reply is left out (Losant's default applies)");
  const description = stringField(r, 'description', ctx.issues);
  if (ctx.issues.length > before) return undefined;

  if (description !== '')
    ctx.report.push({ kind: 'changed', file: r.file, line: r.lineOf(['description']), message: `develop's description ${JSON.stringify(description.slice(0, 60))} is not kept: experience.yaml holds settings, and a version's description is given when it is released` });
  const remote: SettingsRemote = {
    globals,
    endpointDefaultCors: cors as boolean,
    allowedCorsOrigins: origins as string[],
    notFoundReply,
    unauthorizedReply,
    responseHeaders: headers as Record<string, string>,
  };
  return settingsKind.fromWire(remote, namesOf(ctx)).content;
}
