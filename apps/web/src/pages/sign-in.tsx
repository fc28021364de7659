import { useState } from 'react';
import { useSession } from '../session';
import { ErrorNotice, onSubmit, useAction } from '../ui';

export function SignInPage() {
  const { signIn } = useSession();
  const [email, setEmail] = useState('');
  const action = useAction((e: string, p: string) => signIn(e, p));
  return (
    <main id="main" className="sign-in">
      <h1>Continuum</h1>
      <p>Sign in to your organisation's aftercare dashboard.</p>
      <form onSubmit={onSubmit((form) => action.run(String(form.get('email')), String(form.get('password'))))}>
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
        <ErrorNotice error={action.error} />
        <button type="submit" disabled={action.busy}>
          {action.busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
