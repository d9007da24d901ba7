/**
 * The administrators' screens: agencies, municipalities, service points, people, the audit trail,
 * the municipal billing (with its corrections) and erasure on request, each its own tab. Loaded only when an administrator opens it (HomeScreen), like the
 * wallboard. Everything goes through the admin API with the signed-in administrator's token.
 */
import { useState } from 'react';
import { Tab, TabList, TabPanel, Tabs } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { sessionTokens } from '../services.js';
import { AgenciesAdmin } from './AgenciesAdmin.js';
import { AuditAdmin } from './AuditAdmin.js';
import { AdminApi } from './admin-api.js';
import { BillingAdmin } from './billing/BillingAdmin.js';
import { ErasureAdmin } from './erasure/ErasureAdmin.js';
import { MunicipalitiesAdmin } from './MunicipalitiesAdmin.js';
import { PeopleAdmin } from './PeopleAdmin.js';
import { PointsAdmin } from './PointsAdmin.js';

const SECTIONS = ['agencies', 'municipalities', 'points', 'people', 'audit', 'billing', 'erasure'] as const;

export function AdminScreen({ api: given }: { api?: AdminApi }) {
  const { t } = useTranslation();
  const [api] = useState(() => given ?? new AdminApi(sessionTokens));
  return (
    <section className="card admin" aria-label={t('admin.heading')}>
      <Tabs className="views">
        <TabList aria-label={t('admin.sections')} className="views__tabs admin__tabs">
          {SECTIONS.map((section) => (
            <Tab key={section} id={section} className="views__tab">
              {t(`admin.${section}.tab`)}
            </Tab>
          ))}
        </TabList>
        <TabPanel id="agencies">
          <AgenciesAdmin api={api} />
        </TabPanel>
        <TabPanel id="municipalities">
          <MunicipalitiesAdmin api={api} />
        </TabPanel>
        <TabPanel id="points">
          <PointsAdmin api={api} />
        </TabPanel>
        <TabPanel id="people">
          <PeopleAdmin api={api} />
        </TabPanel>
        <TabPanel id="audit">
          <AuditAdmin api={api} />
        </TabPanel>
        <TabPanel id="billing">
          <BillingAdmin api={api} />
        </TabPanel>
        <TabPanel id="erasure">
          <ErasureAdmin api={api} />
        </TabPanel>
      </Tabs>
    </section>
  );
}
