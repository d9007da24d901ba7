/** Names from the directory in the UI language; the id when the directory has not arrived yet. */
import type { Directory, Language } from '@etapiste/protocol';

export interface Names {
  agency(id: string): string;
  point(id: string): string;
  topic(agencyId: string, topicId: string | undefined): string | undefined;
  outcomes(agencyId: string): { id: string; name: string }[];
}

export function namesFor(directory: Directory | undefined, lang: Language): Names {
  const agencyOf = (id: string) => directory?.agencies.find((a) => a.id === id);
  return {
    agency: (id) => agencyOf(id)?.name[lang] ?? id,
    point: (id) => directory?.points.find((p) => p.id === id)?.name[lang] ?? id,
    topic: (agencyId, topicId) =>
      topicId ? (agencyOf(agencyId)?.topics.find((t) => t.id === topicId)?.name[lang] ?? topicId) : undefined,
    outcomes: (agencyId) => (agencyOf(agencyId)?.outcomes ?? []).map((o) => ({ id: o.id, name: o.name[lang] })),
  };
}
