/**
 * What is wrong with a form, per field, before it is sent. The forms check their drafts with the
 * very schemas the server checks the request with (packages/protocol), so the console can never
 * accept what the server refuses or refuse what it accepts; this module only turns the schema's
 * issues into problems the screens say in words (`admin.problem.<kind>`), keyed by the field's path.
 */

/** One thing wrong with a field, as a text key and the numbers the text names. */
export interface Problem {
  kind:
    | 'required'
    | 'tooLong'
    | 'tooShort'
    | 'slug'
    | 'time'
    | 'closesBeforeOpens'
    | 'chooseOne'
    | 'duplicate'
    | 'day'
    | 'number'
    | 'month'
    | 'monthRange'
    | 'identityCode'
    | 'entityId'
    | 'hoursKept'
    | 'invalid';
  params?: Record<string, number | string>;
}

/** Problems by field path (`name.sv`, `openingHours.1.closes`, `outcomes.0.id`). */
export type Problems = Record<string, Problem>;

/** The part of a zod issue read here (zod 4's issue shape). */
interface Issue {
  code: string;
  path: PropertyKey[];
  message: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  origin?: string;
  format?: string;
  expected?: string;
}

interface Checker {
  safeParse(value: unknown): { success: boolean; error?: { issues: readonly Issue[] } };
}

/** The draft's problems by the schema; the first problem of a field wins. */
export function problemsOf(schema: Checker, draft: unknown, prefix = ''): Problems {
  const parsed = schema.safeParse(draft);
  const found: Problems = {};
  for (const issue of parsed.error?.issues ?? []) {
    const path = prefix + issue.path.map(String).join('.');
    // An empty field is missing, whatever the shortest length the schema names.
    found[path] ??= valueAt(draft, issue.path) === '' ? { kind: 'required' } : problemOf(issue);
  }
  // "Closes before it opens" compares the texts: with an opening time not yet HH:MM it says nothing true.
  for (const [path, problem] of Object.entries(found)) {
    if (problem.kind === 'closesBeforeOpens' && found[path.replace(/closes$/, 'opens')]) delete found[path];
  }
  return found;
}

function valueAt(draft: unknown, path: readonly PropertyKey[]): unknown {
  let value: unknown = draft;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return typeof value === 'string' ? value.trim() : value;
}

function problemOf(issue: Issue): Problem {
  const origin = issue.origin ?? '';
  if (issue.code === 'too_small') {
    if (origin === 'string' && Number(issue.minimum) <= 1) return { kind: 'required' };
    if (origin === 'string') return { kind: 'tooShort', params: { min: Number(issue.minimum) } };
    if (origin === 'array' || origin === 'set') return { kind: 'chooseOne' };
    return { kind: 'number' };
  }
  if (issue.code === 'too_big') {
    if (origin === 'string') return { kind: 'tooLong', params: { max: Number(issue.maximum) } };
    return { kind: 'number' };
  }
  if (issue.code === 'invalid_format') {
    if (issue.message.includes('HH:MM')) return { kind: 'time' };
    if (issue.message.includes('YYYY-MM')) return { kind: 'month' };
    // A session's or visit's id (EntityId): letters, digits, `_` and `-`, as the reports show them.
    if (issue.message.includes('A-Za-z0-9_-')) return { kind: 'entityId' };
    if (issue.format === 'date') return { kind: 'day' };
    return { kind: 'slug' };
  }
  if (issue.code === 'invalid_type' && issue.expected === 'number') return { kind: 'number' };
  if (issue.code === 'invalid_type' && issue.expected === 'string') return { kind: 'required' };
  if (issue.code === 'custom') {
    if (issue.message.includes('closes before')) return { kind: 'closesBeforeOpens' };
    if (issue.message.includes('twice')) return { kind: 'duplicate' };
    // A billing period (BillingQuery): `from ≤ to, at most 13 months`.
    const months = /at most (\d+) months/.exec(issue.message);
    if (months) return { kind: 'monthRange', params: { max: Number(months[1]) } };
    // An administrator's reason is kept for good (AdminReason): no personal identity codes in it.
    if (issue.message.includes('personal identity code')) return { kind: 'identityCode' };
  }
  return { kind: 'invalid' };
}

/** Ids listed twice in a list of rows (topics, outcomes): each repeat is a problem at its row. */
export function duplicateIds(rows: readonly { id: string }[], path: string): Problems {
  const seen = new Set<string>();
  const found: Problems = {};
  rows.forEach((row, index) => {
    if (row.id && seen.has(row.id)) found[`${path}.${index}.id`] = { kind: 'duplicate' };
    seen.add(row.id);
  });
  return found;
}
