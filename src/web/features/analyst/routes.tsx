import type { Feature } from '../../app/feature.js';

export const analystFeature: Feature = {
  routes: [],
  nav: [],
};
