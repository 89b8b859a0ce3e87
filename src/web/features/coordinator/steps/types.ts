import type { SignalDetail } from '../../../api/types.js';

/** Props of each step of the route on the signal page. */
export interface StepProps {
  signal: SignalDetail;
  /** Reload the signal and show a short success message. */
  onDone(message: string): Promise<void>;
}
