/** A seed for queue tests: agencies open around the clock (and one never open), points, many experts. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Language, Principal } from '@etapiste/protocol';
import { stringify } from 'yaml';
import type { Signaling } from '../../src/app.js';
import { principalForUser } from '../../src/auth/principals.js';

const L = (text: string) => ({ fi: text, sv: text, en: text });
const always = Object.fromEntries(
  ['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, { opens: '00:00', closes: '24:00' }]),
);
const outcomes = [
  { id: 'resolved', name: L('Resolved') },
  { id: 'follow-up', name: L('Follow-up') },
];

export interface TestExpert {
  id: string;
  skills: { agency: string; language: Language }[];
  /** Set for an interpreter (then `skills` is empty): the language pairs they interpret. */
  interpreterPairs?: { language: string; serviceLanguage: Language }[];
  /**
   * Set for a supervisor: the agencies they supervise. With `skills` too, a specialist who also
   * supervises (roles expert and supervisor).
   */
  supervises?: string[];
}

function rolesOf(e: TestExpert): string[] {
  if (e.interpreterPairs) return ['interpreter'];
  if (e.supervises) return e.skills.length > 0 ? ['expert', 'supervisor'] : ['supervisor'];
  return ['expert'];
}

export function writeQueueSeed(experts: TestExpert[], points = ['p1', 'p2', 'p3']): string {
  const seed = {
    agencies: [
      {
        id: 'tax',
        name: L('Tax'),
        languages: ['fi', 'sv', 'en'],
        topics: [{ id: 'tax-card', name: L('Tax card') }],
        outcomes,
        serviceLevelTargetSeconds: 120,
        openingHours: always,
        // Open on public holidays too: the tests run on any day of the year.
        publicHolidays: 'open',
      },
      {
        id: 'kela',
        name: L('Kela'),
        languages: ['fi', 'sv'],
        topics: [],
        outcomes,
        serviceLevelTargetSeconds: 120,
        openingHours: always,
        // Open on public holidays too: the tests run on any day of the year.
        publicHolidays: 'open',
      },
      {
        id: 'closed',
        name: L('Closed'),
        languages: ['fi'],
        topics: [],
        outcomes,
        serviceLevelTargetSeconds: 120,
        openingHours: {},
      },
    ],
    points: points.map((id) => ({ id, name: L(id), municipality: L(id), keyHash: '$argon2id$unused' })),
    users: experts.map((e) => ({
      id: e.id,
      username: e.id,
      displayName: e.id,
      roles: rolesOf(e),
      passwordHash: '$argon2id$unused',
      skills: e.skills,
      ...(e.interpreterPairs ? { interpreterPairs: e.interpreterPairs } : {}),
      ...(e.supervises ? { agencies: e.supervises } : {}),
    })),
  };
  const dir = mkdtempSync(join(tmpdir(), 'etapiste-seed-'));
  const file = join(dir, 'seed.yaml');
  writeFileSync(file, stringify(seed));
  return file;
}

export async function tokenFor(signaling: Signaling, expertId: string): Promise<string> {
  const user = signaling.directory.user(expertId);
  if (!user) throw new Error(`no ${expertId}`);
  return (await signaling.tokens.issueAccess(principalForUser(user))).token;
}

export async function pointToken(signaling: Signaling, pointId: string): Promise<string> {
  return principalToken(signaling, {
    id: pointId,
    role: 'point',
    displayName: pointId,
    capabilities: ['visit'],
    pointId,
  });
}

/** A token for a principal not in the seed (a supervisor or an administrator made up by a test). */
export async function principalToken(signaling: Signaling, principal: Principal): Promise<string> {
  return (await signaling.tokens.issueAccess(principal)).token;
}
