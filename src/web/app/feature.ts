import type { ReactElement } from 'react';
import type { Role } from '../../shared/domain.js';
import type { MessageKey } from '../i18n/catalogue.js';

/** A page of a feature, reachable by the roles listed. */
export interface FeatureRoute {
  path: string;
  element: ReactElement;
  roles: readonly Role[];
}

/** An entry in the main menu. */
export interface NavItem {
  to: string;
  label: MessageKey;
  roles: readonly Role[];
}

export interface Feature {
  routes: FeatureRoute[];
  nav: NavItem[];
}
