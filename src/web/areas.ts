// The site's areas (reader pages, stories, lists, the conversation, accounts, the desk, push
// ingest) are encapsulated Fastify plugins, one file each in routes/, found by reading the
// folder: a new area adds a file and edits no central list. Each file exports
// `area = defineArea(name, plugin)`; hooks and content parsers it adds stay inside it, while the
// root's (security headers, CSRF, rate limits, errors) apply to all.
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';

/** An area's routes; services (app.db, app.cache, …) come from web/services/ through the instance. */
export type AreaPlugin = (app: FastifyInstance) => Promise<void>;

export interface Area {
  name: string;
  plugin: AreaPlugin;
}

export const defineArea = (name: string, plugin: AreaPlugin): Area => ({ name, plugin });

const ROUTES = path.resolve(import.meta.dirname, 'routes');

/** Every area in routes/, in file-name order (routes do not depend on the order). */
export async function loadAreas(): Promise<Area[]> {
  const files = fs
    .readdirSync(ROUTES)
    .filter((f) => /\.tsx?$/.test(f) && !f.includes('.test.'))
    .sort();
  const areas: Area[] = [];
  for (const file of files) {
    const exported = (await import(path.join(ROUTES, file))) as { area?: Area };
    if (exported.area) areas.push(exported.area);
  }
  return areas;
}

export async function registerAreas(app: FastifyInstance): Promise<string[]> {
  const areas = await loadAreas();
  for (const area of areas) await app.register(area.plugin);
  return areas.map((a) => a.name);
}
