import type { Feature } from '../../app/feature.js';

export const coordinatorFeature: Feature = {
  routes: [],
  nav: [],
};
