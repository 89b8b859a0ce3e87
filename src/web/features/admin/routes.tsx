import type { Feature } from '../../app/feature.js';

export const adminFeature: Feature = {
  routes: [],
  nav: [],
};
