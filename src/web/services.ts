// The site's shared services (the database, events, mail, the site's assets and settings, the
// page cache, the conversation, live updates, the brute-force guard) are Fastify plugins, one
// file each in services/, registered with fastify-plugin under a name with the names they
// depend on, as fastify/demo does. Each decorates the root instance, so every area sees it as
// `app.<service>`; a new feature adds a service file and edits no central list. They are found
// by reading the folder and registered in the order their dependencies ask for.
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.ts';
import type { ToxicityScorer } from '../modules/moderation/index.ts';
import type { Mailer } from '../modules/notify/index.ts';
import type { DbHandle } from '../storage/index.ts';

/** What services are made from: the configuration, the open database and test overrides. */
export interface ServiceInputs {
  config: Config;
  database: DbHandle;
  /** Replaces the mailer chosen from the configuration (tests). */
  mailer?: Mailer | undefined;
  /** Replaces the toxicity scorer chosen from settings (benchmarks). */
  scorer?: ToxicityScorer | undefined;
}

export interface Service {
  name: string;
  dependencies: string[];
  plugin: FastifyPluginAsync<ServiceInputs>;
}

export function defineService(name: string, dependencies: string[], plugin: FastifyPluginAsync<ServiceInputs>): Service {
  return { name, dependencies, plugin: fp(plugin, { name, dependencies, fastify: '5.x' }) };
}

const SERVICES = path.resolve(import.meta.dirname, 'services');

/** Every service in services/, each after the services it depends on. */
export async function loadServices(): Promise<Service[]> {
  const files = fs
    .readdirSync(SERVICES)
    .filter((f) => /\.tsx?$/.test(f) && !f.includes('.test.'))
    .sort();
  const found = new Map<string, Service>();
  for (const file of files) {
    const exported = (await import(path.join(SERVICES, file))) as { service?: Service };
    if (exported.service) found.set(exported.service.name, exported.service);
  }
  const ordered: Service[] = [];
  const placed = new Set<string>();
  const visit = (service: Service, chain: string[]) => {
    if (placed.has(service.name)) return;
    if (chain.includes(service.name)) throw new Error(`services depend on each other in a circle: ${[...chain, service.name].join(' → ')}`);
    for (const name of service.dependencies) {
      const dependency = found.get(name);
      if (!dependency) throw new Error(`service "${service.name}" needs "${name}", which services/ does not have`);
      visit(dependency, [...chain, service.name]);
    }
    placed.add(service.name);
    ordered.push(service);
  };
  for (const service of found.values()) visit(service, []);
  return ordered;
}

export async function registerServices(app: FastifyInstance, inputs: ServiceInputs): Promise<string[]> {
  const services = await loadServices();
  for (const service of services) await app.register(service.plugin, inputs);
  return services.map((s) => s.name);
}
