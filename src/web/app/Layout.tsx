import type { ReactNode } from 'react';
import { NavLink, useNavigate } from 'react-router';
import { useI18n } from '../i18n/i18n.js';
import { NotificationIndicator } from '../features/notifications/NotificationIndicator.js';
import { Button } from '../ui/index.js';
import type { NavItem } from './feature.js';
import { useSession } from './session.js';

export function Layout({ nav, children }: { nav: NavItem[]; children: ReactNode }) {
  const { t, lang, setLang } = useI18n();
  const { user, logout } = useSession();
  const navigate = useNavigate();
  const items = user ? nav.filter((item) => item.roles.includes(user.role)) : [];

  return (
    <div className="utrecht-page-layout mr-layout">
      <a className="utrecht-skip-link utrecht-skip-link--visible-on-focus" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="utrecht-page-header mr-header">
        <div className="mr-header__inner">
          <div className="mr-brand">
            <span className="mr-brand__name">{t('app.name')}</span>
            <span className="mr-brand__tagline">{user?.municipalityName ?? t('app.tagline')}</span>
          </div>
          <div className="mr-header__tools">
            <Button variant="subtle" lang={lang === 'nl' ? 'en' : 'nl'} onClick={() => setLang(lang === 'nl' ? 'en' : 'nl')}>
              {t('app.language.switch')}
            </Button>
            {user ? (
              <>
                {user.mustChangePassword || (user.totpRequired && !user.totpEnabled) ? null : <NotificationIndicator />}
                <span className="mr-user">{t('nav.loggedInAs', { name: user.displayName, role: t(`role.${user.role}`) })}</span>
                <Button
                  variant="secondary"
                  onClick={() => {
                    void logout().then(() => navigate('/inloggen'));
                  }}
                >
                  {t('nav.logout')}
                </Button>
              </>
            ) : null}
          </div>
        </div>
        {items.length ? (
          <nav className="utrecht-nav-bar mr-nav" aria-label={t('nav.main')}>
            <ul className="utrecht-nav-list mr-nav__list">
              {items.map((item) => (
                <li key={item.to} className="utrecht-nav-list__item">
                  <NavLink to={item.to} end className={({ isActive }) => `utrecht-nav-list__link mr-nav__link${isActive ? ' mr-nav__link--current' : ''}`}>
                    {t(item.label)}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
      </header>
      <main id="main" className="mr-main" tabIndex={-1}>
        {children}
      </main>
      <footer className="utrecht-page-footer mr-footer">
        <p className="utrecht-paragraph">{t('app.tagline')}</p>
      </footer>
    </div>
  );
}
