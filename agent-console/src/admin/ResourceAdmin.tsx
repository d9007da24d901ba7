/**
 * One kind of the directory on screen: its entries in a table (active or not, in words), a form to
 * create one or edit one, and deactivating or activating a row. The kinds differ only in their
 * columns, their form and how a draft becomes a request (`ResourceSpec`); the flow is the same:
 *  - an edit is sent with the version it was made on; when someone else saved in between
 *    (STALE_VERSION) the form says so and offers to load the entry as it is now;
 *  - what the schema refuses is said next to its field before anything is sent, and the first
 *    such field takes focus;
 *  - a refusal for a reason (IN_USE: customers waiting…) is said with that reason.
 */
import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { Button, Dialog, DialogTrigger, Form, Heading, Modal } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { TableScroll } from '../shared/TableScroll.js';
import { AdminError } from './AdminError.js';
import type { AdminApi, AdminItems, AdminKind } from './admin-api.js';
import type { Problems } from './field-problems.js';

export interface Column<I> {
  header: string;
  cell: (item: I) => ReactNode;
}

export interface FormProps<D> {
  draft: D;
  /** Changes the draft from its latest state (several fields may change in one event). */
  change: (update: (draft: D) => D) => void;
  problems: Problems;
  isNew: boolean;
}

export interface ResourceSpec<K extends AdminKind, D> {
  kind: K;
  columns: Column<AdminItems[K]>[];
  /** The entry's name in the language on screen (its row's header, its form's heading). */
  nameOf: (item: AdminItems[K]) => string;
  blank: () => D;
  draftOf: (item: AdminItems[K]) => D;
  check: (draft: D, isNew: boolean) => Problems;
  /** The request body: the entry's data (and a person's password). */
  body: (draft: D, isNew: boolean) => { data: unknown; password?: string };
  form: (props: FormProps<D>) => ReactNode;
  /** More per row (a point's device key). */
  rowActions?: (item: AdminItems[K], reload: () => Promise<unknown>) => ReactNode;
  /** Told whenever the entries are (re)loaded (a person's form lists the agencies). */
  onLoaded?: (items: AdminItems[K][]) => void;
}

type Editing<I> = { item: I | undefined };

export function ResourceAdmin<K extends AdminKind, D>({ spec, api }: { spec: ResourceSpec<K, D>; api: AdminApi }) {
  const { t } = useTranslation();
  const { kind } = spec;
  // The kind's own texts (`admin.points.heading`…); named through the union, not the generic.
  const kindKey = kind as AdminKind;
  const [items, setItems] = useState<AdminItems[K][]>();
  const [listError, setListError] = useState<unknown>();
  const [editing, setEditing] = useState<Editing<AdminItems[K]>>();
  const [draft, setDraft] = useState<D>();
  const [problems, setProblems] = useState<Problems>({});
  const [formError, setFormError] = useState<unknown>();
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const formHeading = useRef<HTMLHeadingElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const { onLoaded } = spec;

  const load = useCallback(async (): Promise<AdminItems[K][]> => {
    setListError(undefined);
    try {
      const fresh = sortByState(await api.list(kind));
      setItems(fresh);
      onLoaded?.(fresh);
      return fresh;
    } catch (failure) {
      setListError(failure);
      return [];
    }
  }, [api, kind, onLoaded]);

  useEffect(() => {
    void load();
  }, [load]);

  // A form that opens takes focus at its heading, so its fields are read next.
  const opened = editing !== undefined;
  useEffect(() => {
    if (opened) formHeading.current?.focus();
  }, [opened]);

  function open(item: AdminItems[K] | undefined) {
    setEditing({ item });
    setDraft(item ? spec.draftOf(item) : spec.blank());
    setProblems({});
    setFormError(undefined);
    setStatus('');
  }

  function close() {
    setEditing(undefined);
    setDraft(undefined);
  }

  async function save() {
    if (!editing || draft === undefined) return;
    const isNew = editing.item === undefined;
    const found = spec.check(draft, isNew);
    setProblems(found);
    setFormError(undefined);
    if (Object.keys(found).length > 0) {
      // After React has marked the fields: the first one to fix takes focus and is read out.
      requestAnimationFrame(() =>
        formRef.current?.querySelector<HTMLElement>('input[aria-invalid="true"], [aria-invalid="true"] input')?.focus(),
      );
      return;
    }
    setBusy(true);
    try {
      const body = spec.body(draft, isNew);
      const saved = editing.item
        ? await api.update(kind, editing.item.data.id, { version: editing.item.version, ...body })
        : await api.create(kind, body);
      close();
      await load();
      setStatus(t('admin.saved', { name: spec.nameOf(saved as AdminItems[K]) }));
    } catch (failure) {
      setFormError(failure);
    } finally {
      setBusy(false);
    }
  }

  /** After a stale edit: the entry as it is now replaces the draft (the message said it would). */
  async function reloadEntry() {
    const id = editing?.item?.data.id;
    const fresh = await load();
    const item = fresh.find((i) => i.data.id === id);
    setFormError(undefined);
    if (item) {
      open(item);
      setStatus(t('admin.reloaded'));
    }
  }

  async function setActive(item: AdminItems[K], active: boolean) {
    setListError(undefined);
    setStatus('');
    try {
      await api.setActive(kind, item.data.id, item.version, active);
      await load();
      setStatus(t(active ? 'admin.activated' : 'admin.deactivated', { name: spec.nameOf(item) }));
    } catch (failure) {
      setListError(failure);
    }
  }

  const isNew = editing !== undefined && editing.item === undefined;
  const headingId = `admin-${kind}-heading`;
  return (
    <section aria-labelledby={headingId} className="admin-resource">
      <div className="row row--spread">
        <h2 id={headingId}>{t(`admin.${kindKey}.heading`)}</h2>
        <Button onPress={() => open(undefined)}>{t(`admin.${kindKey}.new`)}</Button>
      </div>
      <p role="status" className="admin-status">
        {status}
      </p>
      {editing && draft !== undefined && (
        <section className="card admin-form" aria-labelledby={`${headingId}-form`}>
          <h3 id={`${headingId}-form`} ref={formHeading} tabIndex={-1}>
            {editing.item
              ? t('admin.editHeading', { name: spec.nameOf(editing.item) })
              : t(`admin.${kindKey}.createHeading`)}
          </h3>
          {editing.item && <p className="muted small">{t('admin.versionNote', { version: editing.item.version })}</p>}
          <Form
            ref={formRef}
            validationBehavior="aria"
            onSubmit={(event) => {
              event.preventDefault();
              void save();
            }}
          >
            {spec.form({
              draft,
              change: (update) => setDraft((current) => (current === undefined ? current : update(current))),
              problems,
              isNew,
            })}
            {Object.keys(problems).length > 0 && (
              <p className="error-message" role="alert">
                {t('admin.fixFields', { count: Object.keys(problems).length })}
              </p>
            )}
            <AdminError error={formError} onReload={() => void reloadEntry()} />
            <div className="row admin-form__actions">
              <Button type="submit" isDisabled={busy}>
                {isNew ? t('admin.create') : t('admin.save')}
              </Button>
              <Button data-variant="secondary" onPress={close}>
                {t('admin.cancel')}
              </Button>
            </div>
          </Form>
        </section>
      )}
      <AdminError error={listError} onReload={() => void load()} />
      {items === undefined && !listError && <p>{t('admin.loading')}</p>}
      {items && items.length === 0 && <p>{t('admin.empty')}</p>}
      {items && items.length > 0 && (
        <TableScroll labelledBy={`${headingId}-caption`}>
          <table className="figures admin-table">
            <caption id={`${headingId}-caption`}>{t(`admin.${kindKey}.caption`, { count: items.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.column.name')}</th>
                {spec.columns.map((c) => (
                  <th key={c.header} scope="col">
                    {c.header}
                  </th>
                ))}
                <th scope="col">{t('admin.column.state')}</th>
                <th scope="col">{t('admin.column.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => {
                const name = spec.nameOf(item);
                return (
                  <tr key={item.data.id} data-inactive={item.active ? undefined : true}>
                    <th scope="row">
                      {name}
                      <span className="muted small block">{item.data.id}</span>
                    </th>
                    {spec.columns.map((c) => (
                      <td key={c.header}>{c.cell(item)}</td>
                    ))}
                    <td className="admin-state">{item.active ? t('admin.state.active') : t('admin.state.inactive')}</td>
                    <td>
                      <div className="admin-row-actions">
                        <Button
                          data-variant="secondary"
                          aria-label={`${t('admin.edit')}: ${name}`}
                          onPress={() => open(item)}
                        >
                          {t('admin.edit')}
                        </Button>
                        {item.active ? (
                          <Confirm
                            label={t('admin.deactivate')}
                            name={name}
                            heading={t('admin.deactivateConfirm.heading', { name })}
                            body={t(`admin.${kindKey}.deactivateEffect`)}
                            confirm={t('admin.deactivate')}
                            onConfirm={() => void setActive(item, false)}
                          />
                        ) : (
                          <Button
                            data-variant="secondary"
                            aria-label={`${t('admin.activate')}: ${name}`}
                            onPress={() => void setActive(item, true)}
                          >
                            {t('admin.activate')}
                          </Button>
                        )}
                        {spec.rowActions?.(item, load)}
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}

/** A button that asks first (deactivating signs people and devices out). */
export function Confirm(props: {
  label: string;
  name: string;
  heading: string;
  body: string;
  confirm: string;
  onConfirm: () => void;
}) {
  const { t } = useTranslation();
  return (
    <DialogTrigger>
      {/* The row's name in the button's name: "Poista käytöstä: Mikkeli", not one of many alike. */}
      <Button data-variant="secondary" aria-label={`${props.label}: ${props.name}`}>
        {props.label}
      </Button>
      <Modal isDismissable>
        <Dialog role="alertdialog">
          {({ close }) => (
            <>
              <Heading slot="title">{props.heading}</Heading>
              <p>{props.body}</p>
              <div className="row">
                <Button
                  onPress={() => {
                    close();
                    props.onConfirm();
                  }}
                >
                  {props.confirm}
                </Button>
                <Button data-variant="secondary" onPress={close}>
                  {t('admin.cancel')}
                </Button>
              </div>
            </>
          )}
        </Dialog>
      </Modal>
    </DialogTrigger>
  );
}

/** Active entries first, each group by id (the API's order). */
function sortByState<I extends { active: boolean }>(items: I[]): I[] {
  return [...items].sort((a, b) => Number(b.active) - Number(a.active));
}
