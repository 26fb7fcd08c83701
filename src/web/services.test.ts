import assert from 'node:assert/strict';
import { it } from 'node:test';
import { loadServices } from './services.ts';

it('finds every service in services/ and orders each after the services it needs', async () => {
  const services = await loadServices();
  const names = services.map((s) => s.name);
  assert.deepEqual([...names].sort(), ['conversation', 'database', 'events', 'follows', 'guard', 'live', 'mailer', 'page-cache', 'site', 'tips']);
  for (const [index, service] of services.entries()) {
    for (const dependency of service.dependencies) assert.ok(names.indexOf(dependency) < index, `${dependency} comes before ${service.name}`);
  }
});
