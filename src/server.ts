// Entry for a running site: open the database, migrate, load the demo on an empty site, listen,
// and shut down cleanly on SIGTERM/SIGINT.
import type { Config } from './config.ts';
import { buildApp } from './app.tsx';
import { startEmbargoRelease } from './jobs/embargo-release.ts';
import { startCleanup } from './jobs/cleanup.ts';
import { startFeedPoller } from './jobs/feed-poller.ts';
import { startEmailSender } from './jobs/email-sender.ts';
import { startAlerts, startDigests } from './jobs/alerts-and-digests.ts';
import { startTipRetention } from './jobs/tip-retention.ts';
import { seedDemoIfEmpty, seedDemoTips } from './modules/demo/index.ts';
import { syncSearchIndex } from './modules/search/index.ts';
import { createDb, migrateToLatest } from './storage/index.ts';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export async function startServer(config: Config): Promise<RunningServer> {
  const database = await createDb(config);
  let built: Awaited<ReturnType<typeof buildApp>> | null = null;
  try {
    await migrateToLatest(database.db);
    built = await buildApp(config, database);
    const { app, web } = built;
    if (config.demo) {
      const report = await seedDemoIfEmpty(database.db, config.mediaDir);
      if (report) app.log[report.warnings.length ? 'warn' : 'info']({ outcomes: report.outcomes, refused: report.refused, warnings: report.warnings }, 'loaded the demo wire');
      // A fresh demo's tip inbox has two tips in it, sealed like any other.
      if (report) await seedDemoTips(app.tips);
    }
    const embargoes = startEmbargoRelease(database.db, {
      intervalMs: 15_000,
      onError: (error) => app.log.warn({ err: error }, 'embargo release failed; will retry'),
      onReleased: (ids) => app.log.info({ stories: ids }, 'released embargoed stories'),
      events: web.events,
    });
    const poller = startFeedPoller(
      { db: database.db, mediaDir: config.mediaDir, events: web.events, log: app.log },
      {
        tickMs: 5_000,
        onError: (error) => app.log.warn({ err: error }, 'feed polling failed; will retry'),
        onPolled: (results) => {
          for (const r of results) app.log[r.status === 'failed' ? 'warn' : 'info']({ source: r.source, status: r.status, detail: r.detail }, 'polled feed');
        },
        onDropped: (results) => {
          for (const r of results) app.log.info({ source: r.source, file: r.file, movedTo: r.movedTo, refused: r.report.refused }, 'took dropped file');
        },
      },
    );
    const cleanup = startCleanup(database.db, {
      intervalMs: 3600_000,
      onError: (error) => app.log.warn({ err: error }, 'cleanup failed; will retry'),
      onCleaned: (counts) => app.log.info({ removed: counts }, 'removed expired sessions, email links and counters'),
    });
    const emailFailed = (error: unknown) => app.log.warn({ err: error }, 'sending email failed; will retry');
    const email = startEmailSender(() => app.outbox.flush(), {
      intervalMs: config.emailIntervalMs,
      onError: emailFailed,
      onSent: (report) => app.log.info(report, 'sent email from the outbox'),
    });
    const alertsFailed = (error: unknown) => app.log.warn({ err: error }, 'queueing breaking alerts failed; will retry');
    const alerts = startAlerts(database.db, {
      intervalMs: 5_000,
      onError: alertsFailed,
      onQueued: (report) => {
        app.log.info(report, 'queued breaking alerts');
        email.runOnce().catch(emailFailed);
      },
    });
    // A story that went public may be breaking: look at once rather than at the next tick.
    web.events.on('story.changed', () => void alerts.runOnce().catch(alertsFailed));
    const digests = startDigests(database.db, {
      intervalMs: 300_000,
      onError: (error) => app.log.warn({ err: error }, 'queueing digests failed; will retry'),
      onQueued: (counts) => app.log.info(counts, 'queued digests'),
    });
    const tipsFailed = (error: unknown) => app.log.warn({ err: error }, 'deleting old tips failed; will retry');
    const tipRetention = startTipRetention(app.tips, {
      retentionDays: config.tipRetentionDays,
      intervalMs: 24 * 3600_000,
      onError: tipsFailed,
      onPurged: (counts) => app.log.info(counts, 'deleted closed tips past their retention period'),
    });
    // Stories with no search row (a site upgraded to search, stories loaded in bulk) are indexed
    // in the background, so a large site starts at once and its search fills in.
    const searchSync = new AbortController();
    const searchSynced = syncSearchIndex(database.db, {
      signal: searchSync.signal,
      onProgress: (p) => {
        if (p.total >= 5_000 && (p.done === p.total || p.done % 50_000 === 0)) app.log.info(p, 'indexing stories for search');
      },
    })
      .then((count) => count > 0 && app.log.info({ stories: count }, 'indexed stories for search'))
      .catch((error: unknown) => app.log.warn({ err: error }, 'indexing stories for search failed; masthead search reindex rebuilds it'));
    app.addHook('onClose', async () => {
      searchSync.abort();
      await searchSynced;
      await Promise.all([embargoes.stop(), poller.stop(), cleanup.stop(), email.stop(), alerts.stop(), digests.stop(), tipRetention.stop()]);
    });
    // The first pass a minute after start, so a backlog of old tips never slows the start itself.
    setTimeout(() => void tipRetention.runOnce().catch(tipsFailed), 60_000).unref();
    await embargoes.runOnce().catch((error: unknown) => app.log.warn({ err: error }, 'embargo release failed; will retry'));
    await digests.runOnce().catch((error: unknown) => app.log.warn({ err: error }, 'queueing digests failed; will retry'));
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
    app.log.info({ url, database: database.location, publicUrl: config.publicUrl }, 'Masthead is serving');
    let closing: Promise<void> | null = null;
    return {
      url,
      close() {
        closing ??= (async () => {
          await app.close();
          await database.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    // Whatever started (jobs, live channel) stops, so a failed start exits at once.
    await built?.app.close().catch(() => {});
    await database.close().catch(() => {});
    throw error;
  }
}

/** Stops accepting connections, lets requests in flight finish, closes the database, exits 0. */
export function closeOnSignals(server: RunningServer): void {
  const stop = (signal: string) => {
    process.stderr.write(`masthead: ${signal} received, shutting down\n`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`masthead: shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
