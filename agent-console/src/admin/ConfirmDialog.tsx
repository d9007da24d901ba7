/**
 * A question before something that cannot be taken back (a correction kept for good, an erasure),
 * opened by the form once what was typed has passed its checks — unlike `Confirm` in
 * ResourceAdmin.tsx, which is its own button. It says what will happen; the action's button
 * repeats the action's name, so no one confirms "OK" to something they did not read.
 */
import { Button, Dialog, Heading, Modal } from 'react-aria-components';
import { useTranslation } from 'react-i18next';

export function ConfirmDialog(props: {
  isOpen: boolean;
  heading: string;
  body: string;
  confirm: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal isDismissable isOpen={props.isOpen} onOpenChange={(open) => !open && props.onCancel()}>
      <Dialog role="alertdialog">
        <Heading slot="title">{props.heading}</Heading>
        <p>{props.body}</p>
        <div className="row">
          <Button onPress={props.onConfirm}>{props.confirm}</Button>
          <Button data-variant="secondary" onPress={props.onCancel}>
            {t('admin.cancel')}
          </Button>
        </div>
      </Dialog>
    </Modal>
  );
}
