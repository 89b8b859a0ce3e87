import type { Feature } from '../../app/feature.js';

export const reportingFeature: Feature = {
  routes: [],
  nav: [],
};
