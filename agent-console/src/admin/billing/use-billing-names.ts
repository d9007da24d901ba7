/**
 * Municipalities and agencies by name in the language on screen, for the billing's rows (the API
 * answers ids). Read once from the admin API, deactivated entries included: a closed municipality's
 * past months are still billed to it. An id not (yet) known is shown as it is.
 */
import type { Language } from '@etapiste/protocol';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminApi, AgencyItem, MunicipalityItem } from '../admin-api.js';

export interface BillingNames {
  municipality: (id: string | null) => string;
  agency: (id: string) => string;
  language: (code: string) => string;
  /** The municipalities to filter by, by name. */
  municipalities: { id: string; name: string }[];
}

export function useBillingNames(api: AdminApi): BillingNames {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Language;
  const [municipalities, setMunicipalities] = useState<MunicipalityItem[]>([]);
  const [agencies, setAgencies] = useState<AgencyItem[]>([]);

  useEffect(() => {
    // Names are a nicety here: without them the ids are shown, and the billing itself says any error.
    api.list('municipalities').then(setMunicipalities, () => undefined);
    api.list('agencies').then(setAgencies, () => undefined);
  }, [api]);

  const municipality = (id: string | null) =>
    id === null
      ? t('admin.billing.noMunicipality')
      : (municipalities.find((m) => m.data.id === id)?.data.name[lang] ?? id);
  return {
    municipality,
    agency: (id) => agencies.find((a) => a.data.id === id)?.data.name[lang] ?? id,
    language: (code) => t(`wallboard.language.${code}`, { defaultValue: code }),
    municipalities: municipalities
      .map((m) => ({ id: m.data.id, name: m.data.name[lang] ?? m.data.id }))
      .sort((a, b) => a.name.localeCompare(b.name, lang)),
  };
}
