import type { Directory, Language, TokenPair } from '@etapiste/protocol';
import { ConnectionStatus, ErrorMessage, localeOf, useSignaling } from '@etapiste/ui';
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { Button, Tab, TabList, TabPanel, Tabs } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { BookingOverview } from '../bookings/BookingOverview.js';
import { MyDay } from '../bookings/MyDay.js';
import { createSignaling, sessionTokens } from '../services.js';
import { namesFor } from '../shared/names.js';
import { SpecialistWorkspace } from '../specialist/SpecialistWorkspace.js';
import { InvitedSupervisor } from '../supervise/InvitedSupervisor.js';

// The wallboard (with its charting library) and the reports load only for supervisors.
const Wallboard = lazy(() => import('../wallboard/Wallboard.js').then((m) => ({ default: m.Wallboard })));
const ReportsScreen = lazy(() => import('../reports/ReportsScreen.js').then((m) => ({ default: m.ReportsScreen })));
// The administrators' screens load only for those who may administer.
const AdminScreen = lazy(() => import('../admin/AdminScreen.js').then((m) => ({ default: m.AdminScreen })));

/** The signed-in console: the specialist's workspace, or the supervisor's wallboard. */
export function HomeScreen({ session }: { session: TokenPair }) {
  const { t, i18n } = useTranslation();
  const lang = (i18n.language as Language) ?? 'fi';
  const { principal } = session;
  const { client, connection: state } = useSignaling(createSignaling);
  const [directory, setDirectory] = useState<Directory>();
  const [error, setError] = useState<unknown>();
  const heading = useRef<HTMLHeadingElement>(null);

  // After sign-in (and a reload) focus starts at the main heading, not on the page's first link.
  useEffect(() => heading.current?.focus(), []);

  useEffect(() => {
    if (state !== 'connected' || !client) return;
    client.request('directory:get', {}).then(setDirectory, setError);
  }, [state, client]);

  const names = namesFor(directory, lang);
  const shared = { client, connection: state, directory, principal, names };
  // A person may hold several roles: the views follow the grants, not the one role the console
  // opened on. A specialist alone sees only their work; anyone else gets a tab per view.
  const serves = principal.capabilities.includes('serve');
  const supervises = principal.capabilities.includes('supervise');
  const administers = principal.capabilities.includes('administer');
  const roles = principal.roles ?? [principal.role];
  // A specialist may invite a supervisor into a call (issue 14): one whose console opens on supervising.
  const invitable = principal.role === 'supervisor';

  return (
    <section aria-labelledby="home-heading" className={serves && !supervises ? 'home' : 'home home--wide'}>
      <div className="row row--spread">
        <div>
          <h1 id="home-heading" ref={heading} tabIndex={-1}>
            {t('home.greeting', { name: principal.displayName })}
          </h1>
          <p className="muted">
            {new Intl.ListFormat(localeOf(lang), { type: 'conjunction' }).format(
              roles.map((role) => t(`home.role.${role}`)),
            )}
          </p>
        </div>
        <div className="row">
          <ConnectionStatus state={state} />
          <Button data-variant="secondary" onPress={() => sessionTokens.set(undefined)}>
            {t('common:actions.signOut')}
          </Button>
        </div>
      </div>
      <ErrorMessage error={error} />
      {serves && !supervises && !administers ? (
        <>
          <SpecialistWorkspace {...shared} />
          <MyDay client={client} principal={principal} names={names} />
        </>
      ) : (
        <InvitedSupervisor client={client} connection={state} names={names} enabled={invitable}>
          <Tabs className="views">
            <TabList aria-label={t('views.label')} className="views__tabs">
              {serves && (
                <Tab id="work" className="views__tab">
                  {t('views.work')}
                </Tab>
              )}
              {supervises && (
                <Tab id="wallboard" className="views__tab">
                  {t('views.wallboard')}
                </Tab>
              )}
              {supervises && (
                <Tab id="bookings" className="views__tab">
                  {t('bookings.overviewTab')}
                </Tab>
              )}
              {supervises && (
                <Tab id="reports" className="views__tab">
                  {t('views.reports')}
                </Tab>
              )}
              {administers && (
                <Tab id="admin" className="views__tab">
                  {t('admin.tab')}
                </Tab>
              )}
            </TabList>
            {serves && (
              // Kept mounted on other tabs: an offer must ring whichever view is open.
              <TabPanel id="work" shouldForceMount>
                <SpecialistWorkspace {...shared} />
                <MyDay client={client} principal={principal} names={names} />
              </TabPanel>
            )}
            {supervises && (
              <TabPanel id="wallboard">
                <Suspense fallback={<p>{t('wallboard.loading')}</p>}>
                  <Wallboard {...shared} />
                </Suspense>
              </TabPanel>
            )}
            {supervises && (
              <TabPanel id="bookings">
                <BookingOverview client={client} names={names} />
              </TabPanel>
            )}
            {supervises && (
              <TabPanel id="reports">
                <Suspense fallback={<p>{t('wallboard.loading')}</p>}>
                  <ReportsScreen names={names} directory={directory} />
                </Suspense>
              </TabPanel>
            )}
            {administers && (
              <TabPanel id="admin">
                <Suspense fallback={<p>{t('wallboard.loading')}</p>}>
                  <AdminScreen />
                </Suspense>
              </TabPanel>
            )}
          </Tabs>
        </InvitedSupervisor>
      )}
    </section>
  );
}
