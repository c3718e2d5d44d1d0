import { ApiError } from '@showfloor/client';
import { createSessionBodySchema } from '@showfloor/contracts/rest';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useNavigate } from 'react-router';
import { paths } from '../../app/route-table.tsx';
import { useApi } from '../../platform/web-client-context.tsx';
import { fieldError, formErrorText } from '../../ui/error-text.ts';
import { FormError, FormField } from '../../ui/form-field.tsx';
import { optionalText, validateForm } from '../../ui/validate-form.ts';
import { creatorKeys } from './creator-dashboard-queries.ts';

/** Tags as typed: separated by commas, blanks dropped. */
function tagsOf(form: FormData): string[] | undefined {
  const tags = (optionalText(form, 'tags') ?? '')
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
  return tags.length > 0 ? tags : undefined;
}

/** A refusal of one tag names it by position (`tags.2`): shown under the one tags field. */
function tagsError(error: unknown): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const detail = error.details.find((entry) => entry.field === 'tags' || entry.field?.startsWith('tags.'));
  if (!detail) return undefined;
  return detail.field === 'tags' ? detail.message : `each tag: ${detail.message}`;
}

/** Creates a scheduled session and opens its console, where products are added and the stream started. */
export function NewSessionForm({ creatorId }: { creatorId: string }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const descriptionId = useId();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const body = validateForm(createSessionBodySchema, {
        title: optionalText(form, 'title') ?? '',
        description: optionalText(form, 'description'),
        category: optionalText(form, 'category'),
        tags: tagsOf(form),
      });
      const { data } = await api.sessions.create({ body });
      void queryClient.invalidateQueries({ queryKey: creatorKeys.all(creatorId) });
      navigate(paths.creatorConsole(data.id));
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  }

  const descriptionError = fieldError(error, 'description');
  return (
    <section className="card stack" aria-labelledby="new-session-heading">
      <h2 id="new-session-heading">New session</h2>
      <form className="form" onSubmit={submit} noValidate>
        <FormField label="Title" name="title" required maxLength={255} error={fieldError(error, 'title')} />
        <label className="field" htmlFor={descriptionId}>
          <span className="field-label">Description (optional)</span>
          <textarea
            id={descriptionId}
            name="description"
            rows={3}
            aria-invalid={descriptionError ? true : undefined}
            aria-describedby={descriptionError ? `${descriptionId}-error` : undefined}
          />
          {descriptionError ? (
            <span className="field-error" id={`${descriptionId}-error`}>
              {descriptionError}
            </span>
          ) : null}
        </label>
        <div className="form-row">
          <FormField label="Category (optional)" name="category" maxLength={64} error={fieldError(error, 'category')} />
          <FormField label="Tags (optional)" name="tags" hint="Separated by commas" error={tagsError(error)} />
        </div>
        <FormError message={error ? formErrorText(error) : null} />
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create session'}
        </button>
        <p className="muted small">It starts as scheduled; go live from its console.</p>
      </form>
    </section>
  );
}
