// Brute-force limits on sign-in and password resets, shared by every process (Redis when set,
// else the database).
import { bruteForceGuard, type BruteForceGuard } from '../../modules/accounts/index.ts';
import { databaseAttemptCounter } from '../../storage/index.ts';
import { defineService } from '../services.ts';

declare module 'fastify' {
  interface FastifyInstance {
    guard: BruteForceGuard;
  }
}

export const service = defineService('guard', ['database'], async (app) => {
  app.decorate('guard', bruteForceGuard(app.redis?.attempts ?? databaseAttemptCounter(app.db)));
});
