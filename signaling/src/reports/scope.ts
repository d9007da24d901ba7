/**
 * Who may see which rows of the ledger. One rule for every report, applied in SQL: specialists see
 * their own work, supervisors their agencies, administrators everything. Points see no reports.
 * A filter asking for more than the caller may see is refused rather than silently narrowed, so
 * a report never looks complete when it is not.
 */
import { type Principal, ProtocolError } from '@etapiste/protocol';

export interface Scope {
  /** Only rows of these agencies (supervisors). */
  agencies?: readonly string[];
  /** Only rows of this specialist (experts). */
  expertId?: string;
}

export interface ScopeRequest {
  agency?: string | undefined;
  expertId?: string | undefined;
}

/**
 * @param perExpert whether the report has rows that belong to one specialist; reports of whole
 *   queues (demand, service level) are not a specialist's own work and are refused to them.
 */
export function scopeFor(principal: Principal, request: ScopeRequest, perExpert: boolean): Scope {
  // By grant, not by role: a person holding several roles gets the widest view among them.
  if (principal.capabilities.includes('administer')) return {};
  if (principal.capabilities.includes('supervise')) {
    const agencies = principal.agencies ?? [];
    if (request.agency !== undefined && !agencies.includes(request.agency)) throw new ProtocolError('FORBIDDEN');
    return { agencies };
  }
  if (principal.capabilities.includes('serve')) {
    if (!perExpert) throw new ProtocolError('FORBIDDEN');
    if (request.expertId !== undefined && request.expertId !== principal.id) throw new ProtocolError('FORBIDDEN');
    return { expertId: principal.id };
  }
  throw new ProtocolError('FORBIDDEN');
}
