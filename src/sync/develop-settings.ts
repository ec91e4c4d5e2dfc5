// develop's settings (globals, CORS, not-found and unauthorized replies, response headers) as
// folder content, read from the target: what `lxp dev` serves while experience.yaml declares no
// settings — deploy then leaves develop's alone, so develop once the folder is deployed has them.
// A reply's page is named as develop names it (read by id); one develop no longer has stays its id.
import { ApiError } from '../api/errors.js';
import type { ApiReply, ExperienceClient } from '../api/types.js';
import { settingsDefaults, settingsKind, type SettingsContent } from '../project/resources/index.js';
import { DEVELOP } from './resource-requests.js';

export async function readDevelopSettings(client: ExperienceClient): Promise<SettingsContent> {
  const develop = await client.getVersion(DEVELOP);
  if (!develop) return settingsDefaults();
  const pageIds = [develop.notFoundReply, develop.unauthorizedReply].filter((r): r is ApiReply => r?.type === 'page').map((r) => r.value);
  const names = new Map<string, string>();
  await Promise.all(
    pageIds.map(async (id) => {
      try {
        names.set(id, (await client.getView(id)).name);
      } catch (err) {
        if (!(err instanceof ApiError && err.status === 404)) throw err;
      }
    }),
  );
  return settingsKind.fromWire(develop, { pageName: (id) => names.get(id), groupName: () => undefined }).content;
}
