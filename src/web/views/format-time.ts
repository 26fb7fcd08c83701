import { LRUCache } from 'lru-cache';
// Times as readers of a station's site expect them: "4:10 PM PST, Wed November 25, 2026".
const formatters = new Map<string, { time: Intl.DateTimeFormat; date: Intl.DateTimeFormat; short: Intl.DateTimeFormat }>();

function formattersFor(timeZone: string) {
  let entry = formatters.get(timeZone);
  if (!entry) {
    entry = {
      time: new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }),
      date: new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', month: 'long', day: 'numeric', year: 'numeric' }),
      short: new Intl.DateTimeFormat('en-US', { timeZone, month: 'short', day: 'numeric', year: 'numeric' }),
    };
    formatters.set(timeZone, entry);
  }
  return entry;
}

// Intl formatting costs 3 to 5 µs a call, and a home page shows some thirty dates that rarely
// change: each formatted text is kept (a few hundred kilobytes at most).
const formatted = new LRUCache<string, string>({ max: 20_000 });

function remembered(kind: string, iso: string, timeZone: string, format: () => string): string {
  const key = `${kind}|${timeZone}|${iso}`;
  let text = formatted.get(key);
  if (text === undefined) formatted.set(key, (text = format()));
  return text;
}

export function formatDateTime(iso: string, timeZone: string): string {
  return remembered('long', iso, timeZone, () => {
    const date = new Date(iso);
    const f = formattersFor(timeZone);
    return `${f.time.format(date)}, ${f.date.format(date).replace(',', '')}`;
  });
}

export function formatShortDate(iso: string, timeZone: string): string {
  return remembered('short', iso, timeZone, () => formattersFor(timeZone).short.format(new Date(iso)));
}

// Zone names already checked: building a formatter to test one costs about 100 µs, and every
// render asks about the site's zone.
const checkedZones = new Map<string, string>();

/** Falls back to UTC for a zone name the runtime does not know, rather than failing a render. */
export function safeTimeZone(zone: string): string {
  let safe = checkedZones.get(zone);
  if (safe === undefined) {
    try {
      formattersFor(zone);
      safe = zone;
    } catch {
      safe = 'UTC';
    }
    checkedZones.set(zone, safe);
  }
  return safe;
}

/**
 * The instant a wall-clock time (an `<input type="datetime-local">` value, "2026-12-24T18:30")
 * names in a time zone, or null when it is not such a value.
 */
export function zonedWallClock(local: string, timeZone: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  // The zone's offset at that moment, read back through Intl; twice, for a guess across a change of offset.
  const offsetAt = (instant: number) => {
    const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone: safeTimeZone(timeZone), hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(instant).map((p) => [p.type, p.value]));
    return Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute)) - instant;
  };
  let instant = wall - offsetAt(wall);
  instant = wall - offsetAt(instant);
  const date = new Date(instant);
  return Number.isNaN(date.getTime()) ? null : date;
}
