import { formErrorText } from '../../ui/error-text.ts';
import { FormError } from '../../ui/form-field.tsx';

/** Why the last console action was refused, in the API's words where they are meant for people. */
export function ActionError({ error }: { error: unknown }) {
  return <FormError message={error ? formErrorText(error) : null} />;
}
