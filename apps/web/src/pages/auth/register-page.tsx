import { registerBodySchema, timeZoneSchema } from '@showfloor/contracts/rest';
import { type FormEvent, useState } from 'react';
import { Link, Navigate, useNavigate } from 'react-router';
import { useAuth } from '../../platform/auth-context.tsx';
import { fieldError, formErrorText } from '../../ui/error-text.ts';
import { FormError, FormField } from '../../ui/form-field.tsx';
import { optionalNumber, optionalText, validateForm } from '../../ui/validate-form.ts';
import { useNextPath } from './use-next-path.ts';

/** The browser's zone, so streaks count the user's own days from the start; left out when the API would refuse it. */
function browserTimeZone(): string | undefined {
  const parsed = timeZoneSchema.safeParse(Intl.DateTimeFormat().resolvedOptions().timeZone);
  return parsed.success ? parsed.data : undefined;
}

/** Seed 003's registration fields; age and gender are optional (seed 004's analytics filters use them). */
export function Component() {
  const { user, register } = useAuth();
  const navigate = useNavigate();
  const next = useNextPath();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  if (user) return <Navigate to={next} replace />;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const body = validateForm(registerBodySchema, {
        name: optionalText(form, 'name'),
        email: optionalText(form, 'email'),
        username: optionalText(form, 'username'),
        password: form.get('password'),
        role: form.get('role') === 'creator' ? 'creator' : 'user',
        age: optionalNumber(form, 'age'),
        gender: optionalText(form, 'gender'),
        timeZone: browserTimeZone(),
      });
      await register(body);
      navigate(next, { replace: true });
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="page page-narrow">
      <h1>Create an account</h1>
      <form className="card form" onSubmit={submit} noValidate>
        <FormField label="Name" name="name" autoComplete="name" error={fieldError(error, 'name')} />
        <FormField label="Email" name="email" type="email" autoComplete="email" error={fieldError(error, 'email')} />
        <FormField
          label="Username"
          name="username"
          autoComplete="username"
          hint="An email or a username is enough"
          error={fieldError(error, 'username')}
        />
        <FormField
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          hint="At least 8 characters"
          required
          error={fieldError(error, 'password')}
        />
        <fieldset className="field">
          <legend className="field-label">I want to</legend>
          <label className="choice">
            <input type="radio" name="role" value="user" defaultChecked /> watch and shop
          </label>
          <label className="choice">
            <input type="radio" name="role" value="creator" /> run live sessions and sell
          </label>
        </fieldset>
        <div className="form-row">
          <FormField
            label="Age (optional)"
            name="age"
            type="number"
            min={1}
            max={120}
            inputMode="numeric"
            error={fieldError(error, 'age')}
          />
          <label className="field">
            <span className="field-label">Gender (optional)</span>
            <select name="gender" defaultValue="">
              <option value="">Prefer not to say</option>
              <option value="Female">Female</option>
              <option value="Male">Male</option>
              <option value="Other">Other</option>
            </select>
          </label>
        </div>
        <FormError message={error ? formErrorText(error) : null} />
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create account'}
        </button>
        <p className="muted">
          Already have one? <Link to={`/sign-in${window.location.search}`}>Sign in</Link>
        </p>
      </form>
    </main>
  );
}
