import { z } from 'zod';

/**
 * The CSP has no 'unsafe-eval'. zod probes for `new Function` when an object schema is defined
 * (the probe itself is reported as a CSP violation) and would compile fast parsers with it. This
 * module is imported first by main.tsx, before any module that defines a schema, so that every
 * schema in the browser validates without generated code.
 */
z.config({ jitless: true });
