import { StrictMode, useEffect, useRef } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Navigate, NavLink, Outlet, Route, Routes, useLocation } from 'react-router';
import { SessionProvider, useSession, useUser } from './session';
import { SignInPage } from './pages/sign-in';
import { TodayPage } from './pages/today';
import { GraduatesPage } from './pages/graduates';
import { GraduatePage } from './pages/graduate';
import { MeetingsPage, OccurrencePage } from './pages/meetings';
import { FamilySessionsPage } from './pages/family-sessions';
import { MessagesPage } from './pages/messages';
import { ReportsPage } from './pages/reports';
import './styles.css';

const NAV = [
  { to: '/', label: 'Today', end: true },
  { to: '/graduates', label: 'Graduates' },
  { to: '/meetings', label: 'Meetings' },
  { to: '/family-sessions', label: 'Family sessions' },
  { to: '/messages', label: 'Messages' },
  { to: '/reports', label: 'Reports' },
];

function SignedInLayout() {
  const { signOut } = useSession();
  const user = useUser();
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  // A new screen moves focus to its content, so a screen reader announces it.
  useEffect(() => {
    main.current?.focus();
  }, [location.pathname]);
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <div className="brand">
          <span className="product">Continuum</span>
          <span className="organisation">{user.organisation.name}</span>
        </div>
        <nav aria-label="Main">
          <ul>
            {NAV.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.end}>
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who">
          <span>
            {user.displayName} <span className="role">({user.role})</span>
          </span>
          <button type="button" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}

function App() {
  const { user, resuming } = useSession();
  if (resuming) return <p role="status">Opening your session…</p>;
  if (!user) return <SignInPage />;
  return (
    <Routes>
      <Route element={<SignedInLayout />}>
        <Route index element={<TodayPage />} />
        <Route path="graduates" element={<GraduatesPage />} />
        <Route path="graduates/:id" element={<GraduatePage />} />
        <Route path="meetings" element={<MeetingsPage />} />
        <Route path="meetings/:id" element={<OccurrencePage />} />
        <Route path="family-sessions" element={<FamilySessionsPage />} />
        <Route path="messages" element={<MessagesPage />} />
        <Route path="reports" element={<ReportsPage />} />
        <Route path="*" element={<Navigate to="/" replace />} />
      </Route>
    </Routes>
  );
}

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <BrowserRouter basename="/app">
      <SessionProvider>
        <App />
      </SessionProvider>
    </BrowserRouter>
  </StrictMode>,
);
