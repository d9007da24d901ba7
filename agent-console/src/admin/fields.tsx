/**
 * The form controls every admin form is made of (React Aria, so labels, descriptions and errors are
 * wired to the inputs): a text field, a name in the three service languages, a group of checkboxes.
 * A field with a problem is marked invalid and says what is wrong in words next to it.
 */
import { LANGUAGES, type Language, type LocalizedText } from '@etapiste/protocol';
import type { ReactNode } from 'react';
import { Checkbox, CheckboxGroup, FieldError, Input, Label, Text, TextField } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { Problem, Problems } from './field-problems.js';

/** A problem as a sentence in the language on screen. */
export function useProblemText(): (problem: Problem | undefined) => string {
  const { t } = useTranslation();
  return (problem) => (problem ? t(`admin.problem.${problem.kind}`, problem.params ?? {}) : '');
}

export function TextInput(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  problem?: Problem | undefined;
  description?: string;
  type?: 'text' | 'password' | 'time' | 'date' | 'month' | 'number';
  isDisabled?: boolean;
  isRequired?: boolean;
  autoComplete?: string;
  className?: string;
}) {
  const say = useProblemText();
  return (
    <TextField
      className={props.className ?? 'field'}
      value={props.value}
      onChange={props.onChange}
      type={props.type ?? 'text'}
      isInvalid={Boolean(props.problem)}
      isDisabled={props.isDisabled}
      isRequired={props.isRequired}
      autoComplete={props.autoComplete}
      validationBehavior="aria"
    >
      <Label>{props.label}</Label>
      <Input />
      {props.description && <Text slot="description">{props.description}</Text>}
      <FieldError>{say(props.problem)}</FieldError>
    </TextField>
  );
}

/** A name in Finnish, Swedish and English: three fields, each required, under one legend. */
export function NameFields(props: {
  legend: string;
  value: LocalizedText;
  onChange: (value: LocalizedText) => void;
  problems: Problems;
  /** The path of the name in the draft (`name`, `outcomes.0.name`): problems are found by it. */
  path: string;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="admin-fieldset">
      <legend>{props.legend}</legend>
      <div className="admin-names">
        {LANGUAGES.map((lang: Language) => (
          <TextInput
            key={lang}
            label={t(`admin.field.nameIn.${lang}`)}
            value={props.value[lang]}
            onChange={(text) => props.onChange({ ...props.value, [lang]: text })}
            problem={props.problems[`${props.path}.${lang}`]}
            isRequired
          />
        ))}
      </div>
    </fieldset>
  );
}

/** Checkboxes for choosing several of a list (roles, languages, agencies, points). */
export function CheckGroup(props: {
  label: string;
  options: readonly { id: string; label: ReactNode }[];
  value: readonly string[];
  onChange: (value: string[]) => void;
  problem?: Problem | undefined;
  description?: string;
  className?: string;
}) {
  const say = useProblemText();
  return (
    <CheckboxGroup
      className={props.className ?? 'admin-checks'}
      value={[...props.value]}
      onChange={props.onChange}
      isInvalid={Boolean(props.problem)}
      validationBehavior="aria"
    >
      <Label className="admin-checks__label">{props.label}</Label>
      {props.description && <Text slot="description">{props.description}</Text>}
      <div className="admin-checks__options">
        {props.options.map((option) => (
          <Check key={option.id} value={option.id}>
            {option.label}
          </Check>
        ))}
      </div>
      <FieldError className="admin-checks__error">{say(props.problem)}</FieldError>
    </CheckboxGroup>
  );
}

/** One checkbox with a box drawn beside its label (the input itself is React Aria's, hidden). */
export function Check(props: {
  value?: string;
  children: ReactNode;
  isSelected?: boolean;
  onChange?: (selected: boolean) => void;
}) {
  return (
    <Checkbox className="check" value={props.value} isSelected={props.isSelected} onChange={props.onChange}>
      {({ isSelected }) => (
        <>
          <span className="check__box" aria-hidden="true">
            {isSelected ? '✓' : ''}
          </span>
          {props.children}
        </>
      )}
    </Checkbox>
  );
}
