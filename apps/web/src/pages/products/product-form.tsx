import type { ProductView } from '@showfloor/contracts/rest';
import { type FormEvent, useId, useState } from 'react';
import { fieldError, formErrorText } from '../../ui/error-text.ts';
import { FormError, FormField } from '../../ui/form-field.tsx';

/**
 * The product fields, for adding one and for editing one. `onSubmit` gets the form's data and
 * throws what refused it — the contract's own check before sending, or the API's 4xx — and each
 * refused field is named under its input.
 */
export function ProductForm({
  product,
  submitLabel,
  busyLabel,
  onSubmit,
  onCancel,
}: {
  product?: ProductView;
  submitLabel: string;
  busyLabel: string;
  onSubmit: (form: FormData) => Promise<unknown>;
  onCancel?: () => void;
}) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const descriptionId = useId();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    setBusy(true);
    setError(null);
    try {
      await onSubmit(new FormData(element));
      if (!product) element.reset();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  const descriptionError = fieldError(error, 'description');
  return (
    <form className="form" onSubmit={submit} noValidate aria-label={product ? `Edit ${product.name}` : 'New product'}>
      <div className="form-row product-form-row">
        <FormField label="Name" name="name" required defaultValue={product?.name} error={fieldError(error, 'name')} />
        <FormField
          label="Price"
          name="price"
          type="number"
          inputMode="decimal"
          step="0.01"
          min="0.01"
          required
          defaultValue={product?.price}
          error={fieldError(error, 'price')}
        />
      </div>
      <label className="field" htmlFor={descriptionId}>
        <span className="field-label">Description (optional)</span>
        <textarea
          id={descriptionId}
          name="description"
          rows={2}
          defaultValue={product?.description ?? ''}
          aria-invalid={descriptionError ? true : undefined}
        />
        {descriptionError ? <span className="field-error">{descriptionError}</span> : null}
      </label>
      <FormField
        label="Image URL (optional)"
        name="imageUrl"
        type="url"
        defaultValue={product?.imageUrl ?? ''}
        error={fieldError(error, 'imageUrl')}
      />
      <FormError message={error ? formErrorText(error) : null} />
      <div className="row">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? busyLabel : submitLabel}
        </button>
        {onCancel ? (
          <button type="button" className="button button-quiet" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
