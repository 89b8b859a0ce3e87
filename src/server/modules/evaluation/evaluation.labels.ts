import type { LeadTimeStep } from '../../../shared/api/dashboard.js';
import type { ActivityStatus, InterventionKind, Pillar, SourceContext } from '../../../shared/domain.js';

/**
 * Dutch labels for the evaluation report (the report is always Dutch, like the council it is for).
 * Only characters of the standard PDF fonts (WinAnsi): no arrows or other symbols.
 */
export { FORM_LABEL, dutchDate } from '../access-requests/labels.js';

export const SOURCE_LABEL: Record<SourceContext, string> = {
  desk: 'Balie / loket',
  home_visit: 'Huisbezoek',
  inspection: 'Toezicht of controle',
  permit_application: 'Vergunningaanvraag',
  building_inspection: 'Bouwtoezicht',
  external_tip: 'Tip van buiten',
  other: 'Anders',
};

export const STEP_LABEL: Record<LeadTimeStep, string> = {
  received_registered: 'Ontvangen tot geregistreerd',
  registered_referred: 'Geregistreerd tot doorverwezen',
  referred_informed: 'Doorverwezen tot melder geïnformeerd',
  informed_closed: 'Melder geïnformeerd tot afgesloten',
  received_closed: 'Ontvangen tot afgesloten (hele route)',
};

/** Short forms for chart axes. */
export const STEP_SHORT: Record<LeadTimeStep, string> = {
  received_registered: 'Registreren',
  registered_referred: 'Doorverwijzen',
  referred_informed: 'Melder informeren',
  informed_closed: 'Afsluiten',
  received_closed: 'Hele route',
};

export const AMBITION_LABEL: Record<number, string> = {
  1: '1. Signaleren, melden en slachtofferschap terugdringen',
  2: '2. Effectief samenwerken',
  3: '3. Samenhangende hulp en ondersteuning voor slachtoffers',
  4: '4. Meer zicht op aard, omvang en risicofactoren',
  5: '5. Barrières opwerpen',
};

export const PILLAR_LABEL: Record<Pillar, string> = {
  signalling: 'Signalering',
  awareness: 'Aandacht en bewustwording',
  cooperation: 'Samenwerking in keten en regio',
  care: 'Opvang en hulp voor slachtoffers en daders',
};

export const STATUS_LABEL: Record<ActivityStatus, string> = {
  planned: 'Gepland',
  started: 'Gestart',
  done: 'Afgerond',
  dropped: 'Vervallen',
};

export const INTERVENTION_LABEL: Record<InterventionKind, string> = {
  bibob: 'Bibob-toets',
  closure: 'Sluiting pand',
  penalty: 'Last onder dwangsom',
  permit_refused: 'Vergunning geweigerd',
  permit_withdrawn: 'Vergunning ingetrokken',
  housing_inspection: 'Controle huisvesting',
  other: 'Anders',
};
