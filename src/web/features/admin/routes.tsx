import type { Feature } from '../../app/feature.js';
import { DepartmentsPage } from './DepartmentsPage.js';
import { PartnersPage } from './PartnersPage.js';
import { RegistersPage } from './RegistersPage.js';
import { RoutingRulesPage } from './RoutingRulesPage.js';
import { SettingsPage } from './SettingsPage.js';
import { UsersPage } from './UsersPage.js';

/** Functioneel beheer: users, departments, partners, routing rules, settings and register imports. Never signal content. */
const ADMIN = ['admin'] as const;
/** Register imports: functional management and the coordinator (permission register.import). */
const REGISTER_IMPORT = ['admin', 'coordinator'] as const;

export const adminFeature: Feature = {
  routes: [
    { path: '/beheer/gebruikers', element: <UsersPage />, roles: ADMIN },
    { path: '/beheer/afdelingen', element: <DepartmentsPage />, roles: ADMIN },
    { path: '/beheer/ketenpartners', element: <PartnersPage />, roles: ADMIN },
    { path: '/beheer/routering', element: <RoutingRulesPage />, roles: ADMIN },
    { path: '/beheer/instellingen', element: <SettingsPage />, roles: ADMIN },
    { path: '/beheer/registers', element: <RegistersPage />, roles: REGISTER_IMPORT },
  ],
  nav: [
    { to: '/beheer/gebruikers', label: 'admin.nav.users', roles: ADMIN },
    { to: '/beheer/afdelingen', label: 'admin.nav.departments', roles: ADMIN },
    { to: '/beheer/ketenpartners', label: 'admin.nav.partners', roles: ADMIN },
    { to: '/beheer/routering', label: 'admin.nav.routing', roles: ADMIN },
    { to: '/beheer/instellingen', label: 'admin.nav.settings', roles: ADMIN },
    { to: '/beheer/registers', label: 'admin.nav.registers', roles: REGISTER_IMPORT },
  ],
};
