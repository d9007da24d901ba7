/**
 * The billing's rows grouped by municipality, each group with its total: an invoice goes to one
 * municipality, so its sum is what the reader looks for. Groups keep the order the API gave their
 * first row (by month, then municipality); rows inside a group keep theirs.
 */
import type { BillingRow } from '@etapiste/protocol';

export interface BillingFigures {
  transactions: number;
  voided: number;
  reinstated: number;
  billable: number;
}

export interface MunicipalityBilling {
  municipalityId: string | null;
  rows: BillingRow[];
  total: BillingFigures;
}

export function byMunicipality(rows: readonly BillingRow[]): MunicipalityBilling[] {
  const groups = new Map<string | null, MunicipalityBilling>();
  for (const row of rows) {
    let group = groups.get(row.municipalityId);
    if (!group) {
      group = {
        municipalityId: row.municipalityId,
        rows: [],
        total: { transactions: 0, voided: 0, reinstated: 0, billable: 0 },
      };
      groups.set(row.municipalityId, group);
    }
    group.rows.push(row);
    group.total.transactions += row.transactions;
    group.total.voided += row.voided;
    group.total.reinstated += row.reinstated;
    group.total.billable += row.billable;
  }
  return [...groups.values()];
}
