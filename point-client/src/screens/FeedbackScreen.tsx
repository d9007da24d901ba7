import { FEEDBACK_COMMENT_MAX } from '@etapiste/protocol';
import { ErrorMessage } from '@etapiste/ui';
import { useState } from 'react';
import { Button, Form, Label, Radio, RadioGroup, Text, TextArea, TextField } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Face } from '../components/Faces.js';
import { ScreenHeading } from '../components/ScreenHeading.js';

const RATINGS = [1, 2, 3, 4, 5] as const;

interface Props {
  busy: boolean;
  error: unknown;
  onSubmit(feedback: { rating?: number; comment?: string }): void;
}

/**
 * After the call, in the customer's language (the app switches to it; any language can still be
 * chosen): five faces, an optional comment, and skipping is as easy as answering.
 */
export function FeedbackScreen({ busy, error, onSubmit }: Props) {
  const { t } = useTranslation();
  const [rating, setRating] = useState<number>();
  const [comment, setComment] = useState('');

  return (
    <section aria-labelledby="feedback-heading" className="feedback">
      <ScreenHeading id="feedback-heading">{t('feedback.heading')}</ScreenHeading>
      <p className="lead">{t('feedback.intro')}</p>
      <Form
        onSubmit={(event) => {
          event.preventDefault();
          onSubmit({ ...(rating ? { rating } : {}), ...(comment.trim() ? { comment } : {}) });
        }}
      >
        <RadioGroup
          className="step"
          value={rating ? String(rating) : null}
          onChange={(value) => setRating(Number(value))}
          orientation="horizontal"
        >
          <Label className="step__label">{t('feedback.ratingLabel')}</Label>
          <div className="faces">
            {RATINGS.map((n) => (
              <Radio key={n} value={String(n)} className="face-choice">
                <Face rating={n} />
                <span className="face-choice__text">{t(`feedback.rating.${n}`)}</span>
              </Radio>
            ))}
          </div>
        </RadioGroup>
        <TextField
          className="step field field--wide"
          value={comment}
          onChange={setComment}
          maxLength={FEEDBACK_COMMENT_MAX}
        >
          <Label className="step__label">{t('feedback.comment')}</Label>
          <TextArea rows={3} className="note-input" />
          <Text slot="description" className="step__help">
            {t('feedback.commentHelp')}
          </Text>
        </TextField>
        <ErrorMessage error={error} />
        <div className="actions">
          <Button data-variant="secondary" onPress={() => onSubmit({})} isDisabled={busy}>
            {t('feedback.skip')}
          </Button>
          <Button
            type="submit"
            className="react-aria-Button button--large"
            isDisabled={busy || (!rating && !comment.trim())}
          >
            {t('feedback.send')}
          </Button>
        </div>
      </Form>
    </section>
  );
}

/** Thanks, then back to the start by itself after a while (or at once with the button). */
export function ThanksScreen({ onDone }: { onDone(): void }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="thanks-heading" className="thanks card">
      <ScreenHeading id="thanks-heading">{t('thanks.heading')}</ScreenHeading>
      <p className="lead">{t('thanks.text')}</p>
      <Button className="react-aria-Button button--large" onPress={onDone}>
        {t('thanks.again')}
      </Button>
    </section>
  );
}
