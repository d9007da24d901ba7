/**
 * An editable list of named codes (an agency's topics or outcomes): each row an id and a name in
 * fi, sv and en; rows are added at the end and removed by their own button.
 */
import type { LocalizedText } from '@etapiste/protocol';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { Problems } from './field-problems.js';
import { NameFields, TextInput, useProblemText } from './fields.js';

export interface NamedCode {
  id: string;
  name: LocalizedText;
}

export function NamedListFields(props: {
  legend: string;
  /** Says what one row is: "Aihe 2", "Lopputulos 1". */
  itemLabel: (position: number) => string;
  addLabel: string;
  rows: NamedCode[];
  onChange: (rows: NamedCode[]) => void;
  problems: Problems;
  path: string;
}) {
  const { t } = useTranslation();
  const say = useProblemText();
  const listProblem = props.problems[props.path];
  const set = (index: number, row: NamedCode) => props.onChange(props.rows.map((r, i) => (i === index ? row : r)));
  return (
    <fieldset className="admin-fieldset">
      <legend>{props.legend}</legend>
      {listProblem && <p className="error-message">{say(listProblem)}</p>}
      <ol className="admin-list">
        {props.rows.map((row, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a row's id is being typed; its place is its identity.
          <li key={index} className="admin-list__item">
            <div className="admin-grid">
              <TextInput
                label={`${props.itemLabel(index + 1)}: ${t('admin.field.code')}`}
                value={row.id}
                onChange={(id) => set(index, { ...row, id })}
                problem={props.problems[`${props.path}.${index}.id`]}
                isRequired
              />
            </div>
            <NameFields
              legend={`${props.itemLabel(index + 1)}: ${t('admin.field.name')}`}
              value={row.name}
              onChange={(name) => set(index, { ...row, name })}
              problems={props.problems}
              path={`${props.path}.${index}.name`}
            />
            <Button
              data-variant="secondary"
              aria-label={`${t('admin.remove')}: ${props.itemLabel(index + 1)}`}
              onPress={() => props.onChange(props.rows.filter((_, i) => i !== index))}
            >
              {t('admin.remove')}
            </Button>
          </li>
        ))}
      </ol>
      <Button
        data-variant="secondary"
        onPress={() => props.onChange([...props.rows, { id: '', name: { fi: '', sv: '', en: '' } }])}
      >
        {props.addLabel}
      </Button>
    </fieldset>
  );
}
