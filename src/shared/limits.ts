/** Input limits shared by the form (browser) and the API (server). */
export const LIMITS = {
  shortText: 200,
  explanation: 10_000,
  note: 5_000,
  maxPersons: 50,
  maxOrganisations: 50,
  maxAddresses: 50,
  username: 64,
  passwordMin: 12,
  passwordMax: 256,
  /** Context series (issue 5.8): the name and unit of a series, and the years it may hold. */
  contextSeriesName: 120,
  contextSeriesUnit: 60,
  contextSeriesPoints: 200,
  /** Request body limit in bytes for the whole API. */
  bodyBytes: 512 * 1024,
} as const;
