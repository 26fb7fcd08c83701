// Queries on the hot read paths (a story page, the home page, the page stamps) are built and
// compiled by Kysely once per engine and then run from the compiled SQL, with only the
// arguments changing: building and compiling a query costs 10 to 25 µs, as much as SQLite
// takes to run it. The query is still written with Kysely, so it stays type-checked.
import { PostgresAdapter, type CompiledQuery, type Compilable, type DialectAdapter } from 'kysely';
import type { Queryable } from './database.ts';

/** An argument is a string or a list of strings; lists of different lengths compile apart. */
type Argument = string | readonly string[];

/** Where each compiled parameter comes from: an argument (by position in the flat list), or the builder's own constant. */
type Slot = { argument: number } | { constant: unknown };

interface Template {
  compiled: CompiledQuery;
  slots: Slot[];
}

// Arguments are recognised in the compiled parameters by these marks, which no real value holds.
const MARK = '\u0000masthead-argument:';


function flatten(args: readonly Argument[]): string[] {
  return args.flatMap((a) => (typeof a === 'string' ? [a] : [...a]));
}

function compile<A extends Argument[], O>(build: (db: Queryable, ...args: A) => Compilable<O>, db: Queryable, args: A): Template {
  let next = 0;
  const marked = args.map((a) => (typeof a === 'string' ? `${MARK}${next++}` : a.map(() => `${MARK}${next++}`))) as unknown as A;
  const compiled = build(db, ...marked).compile();
  const slots = compiled.parameters.map((p): Slot => {
    const argument = typeof p === 'string' && p.startsWith(MARK) && /^\d+$/.test(p.slice(MARK.length)) ? [p, p.slice(MARK.length)] : null;
    // A marked value the builder changed (wrapped in %…%, trimmed) would be sent as a constant.
    if (typeof p === 'string' && !argument && p.includes(MARK)) throw new Error('precompiled: every argument must reach the query unchanged');
    return argument ? { argument: Number(argument[1]) } : { constant: p };
  });
  const used = new Set(slots.flatMap((s) => ('argument' in s ? [s.argument] : [])));
  if (used.size !== next) throw new Error('precompiled: every argument must reach the query unchanged');
  return { compiled, slots };
}

/**
 * A query compiled once per engine (and per length of each list argument), run with new
 * arguments. `build` must pass each argument to the query as it is.
 */
export function precompiled<A extends Argument[], O>(build: (db: Queryable, ...args: A) => Compilable<O>) {
  const templates = new WeakMap<DialectAdapter, Map<string, Template>>();
  return async (db: Queryable, ...args: A): Promise<O[]> => {
    const adapter = db.getExecutor().adapter;
    let byShape = templates.get(adapter);
    if (!byShape) templates.set(adapter, (byShape = new Map()));
    const shape = args.map((a) => (typeof a === 'string' ? 's' : a.length)).join(',');
    let template = byShape.get(shape);
    if (!template) byShape.set(shape, (template = compile(build, db, args)));
    const values = flatten(args);
    const parameters = template.slots.map((s) => ('argument' in s ? values[s.argument] : s.constant));
    const result = await db.executeQuery<O>({ ...template.compiled, parameters } as CompiledQuery<O>);
    return result.rows;
  };
}

/** True on PostgreSQL: the two engines spell JSON aggregation differently (see json.ts). */
export function isPostgres(db: Queryable): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
