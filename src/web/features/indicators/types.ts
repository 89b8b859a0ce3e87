import type { z } from 'zod';
import type { indicator, indicatorCounts, maintainedIndicator, signalIndicators } from '../../../shared/api/indicators.js';

/** Response types of the indicator endpoints (issue 6.3). */
export type Indicator = z.output<typeof indicator>;
export type MaintainedIndicator = z.output<typeof maintainedIndicator>;
export type SignalIndicators = z.output<typeof signalIndicators>;
export type IndicatorCounts = z.output<typeof indicatorCounts>;
