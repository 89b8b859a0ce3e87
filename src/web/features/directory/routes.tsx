import { ROLES } from '../../../shared/domain.js';
import type { Feature } from '../../app/feature.js';
import { DirectoryPage } from './DirectoryPage.js';
import { LiaisonsPage } from './LiaisonsPage.js';
import { MeetingStructuresPage } from './MeetingStructuresPage.js';

/** Issue 6.2/6.4: "Waar kan ik terecht?" for every role; meeting structures and liaisons for functional management. */
const ADMIN = ['admin'] as const;

export const directoryFeature: Feature = {
  routes: [
    { path: '/waar-kan-ik-terecht', element: <DirectoryPage />, roles: ROLES },
    { path: '/beheer/overlegstructuren', element: <MeetingStructuresPage />, roles: ADMIN },
    { path: '/beheer/taakaccenthouders', element: <LiaisonsPage />, roles: ADMIN },
  ],
  nav: [
    { to: '/waar-kan-ik-terecht', label: 'directory.nav', roles: ROLES },
    { to: '/beheer/overlegstructuren', label: 'directory.nav.meetings', roles: ADMIN },
    { to: '/beheer/taakaccenthouders', label: 'directory.nav.liaisons', roles: ADMIN },
  ],
};
