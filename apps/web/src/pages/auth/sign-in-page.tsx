import { loginBodySchema } from '@showfloor/contracts/rest';
import { type FormEvent, useState } from 'react';
import { Link, Navigate, useNavigate } from 'react-router';
import { useAuth } from '../../platform/auth-context.tsx';
import { fieldError, formErrorText } from '../../ui/error-text.ts';
import { FormError, FormField } from '../../ui/form-field.tsx';
import { optionalText, validateForm } from '../../ui/validate-form.ts';
import { useNextPath } from './use-next-path.ts';

/** Seed 003's login: an email or a username, and the password. */
export function Component() {
  const { user, signIn } = useAuth();
  const navigate = useNavigate();
  const next = useNextPath();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  if (user) return <Navigate to={next} replace />;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const login = optionalText(form, 'login') ?? '';
    setBusy(true);
    setError(null);
    try {
      const body = validateForm(loginBodySchema, {
        ...(login.includes('@') ? { email: login } : { username: login || undefined }),
        password: form.get('password'),
      });
      await signIn(body);
      navigate(next, { replace: true });
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="page page-narrow">
      <h1>Sign in</h1>
      <form className="card form" onSubmit={submit} noValidate>
        <FormField
          label="Email or username"
          name="login"
          autoComplete="username"
          required
          error={fieldError(error, 'email') ?? fieldError(error, 'username')}
        />
        <FormField
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={fieldError(error, 'password')}
        />
        <FormError message={error ? formErrorText(error) : null} />
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="muted">
          New here? <Link to={`/register${window.location.search}`}>Create an account</Link>
        </p>
      </form>
    </main>
  );
}
