// A task run every few milliseconds in the background, never twice at once: a pass that is
// still running when the timer fires is shared, not doubled. The timer does not keep the
// process alive.
export interface RepeatingTask<T> {
  /** Runs a pass now (or joins the one running) and resolves with its result. */
  runOnce(): Promise<T>;
  /** Stops the timer and waits for a pass in progress, so shutdown never closes the database under it. */
  stop(): Promise<void>;
}

export function repeat<T>(task: () => Promise<T>, intervalMs: number, onError: (error: unknown) => void): RepeatingTask<T> {
  let running: Promise<T> | null = null;
  const runOnce = () => {
    running ??= task().finally(() => {
      running = null;
    });
    return running;
  };
  const timer = setInterval(() => {
    runOnce().catch(onError);
  }, intervalMs);
  timer.unref();
  return {
    runOnce,
    async stop() {
      clearInterval(timer);
      await running?.catch(() => {});
    },
  };
}
