import type { Feature } from '../../app/feature.js';
import { MeetingPage } from './MeetingPage.js';
import { MeetingsPage } from './MeetingsPage.js';
import { EVERYONE } from './types.js';

/**
 * Issue 6.1: meetings. Everyone can be invited, so every role has the page: the coordinator and deputy
 * see (and plan) every series and meeting; the others the series they take part in and their own action items.
 */
export const meetingFeature: Feature = {
  routes: [
    { path: '/overleggen', element: <MeetingsPage />, roles: EVERYONE },
    { path: '/overleggen/:id', element: <MeetingPage />, roles: EVERYONE },
  ],
  nav: [{ to: '/overleggen', label: 'meet.nav', roles: EVERYONE }],
};
