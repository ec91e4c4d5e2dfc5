// develop's settings when they are Losant's defaults and the folder declares none. A pull writes
// nothing for them (a folder need not spell out the defaults), and status and deploy have nothing
// to say — but the run did see them: develop had the defaults then. That is kept as a record of
// the defaults, so that once the folder declares settings the three-way rule knows the starting
// point: develop edited in Losant since (a global added in the UI) and the folder's new settings
// are a conflict, never "never synced" (which a deploy would settle by replacing develop's edit).
// While the folder declares none the record is left out of the plan: develop's settings are
// then new to the folder, as they were before (a pull writes an edit made in Losant into the
// file; status and deploy leave it alone). PURE.
import { SETTINGS_IDENTITY, settingsDefaults, settingsKind } from '../project/resources/index.js';
import type { RemoteResource } from './remote-resources.js';
import type { ResourceEntry, TargetState } from './state.js';

const DEFAULTS_HASH = settingsKind.hash(settingsDefaults());

/** The record a clean whole-folder run makes of develop's settings at Losant's defaults, when it has none of them yet. */
export function defaultsRecord(state: TargetState, atDefaults: RemoteResource | undefined): ResourceEntry | undefined {
  if (!atDefaults || Object.keys(state.resources?.settings ?? {}).length > 0) return undefined;
  return { id: atDefaults.id, identity: SETTINGS_IDENTITY, hash: DEFAULTS_HASH, lastUpdated: atDefaults.lastUpdated };
}

/** The state to plan with while the folder declares no settings: without a record of the defaults (see above). */
export function withoutDefaultsRecord(state: TargetState): TargetState {
  const settings = state.resources?.settings;
  if (!settings || !Object.values(settings).some((e) => e.hash === DEFAULTS_HASH)) return state;
  const kept = Object.fromEntries(Object.entries(settings).filter(([, e]) => e.hash !== DEFAULTS_HASH));
  return { ...state, resources: { ...state.resources, settings: kept } };
}
