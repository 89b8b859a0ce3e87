import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSignal } from '../../testing/factories.js';
import { createTestContext, type TestContext } from '../../testing/test-app.js';

describe('signal submission (smoke)', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(async () => ctx.close());

  it('assigns a number and shows up in the coordinator inbox', async () => {
    const reporter = await ctx.login('reporter');
    const res = await reporter.post('/api/signals', buildSignal());
    expect(res.statusCode).toBe(201);
    expect(res.json().number).toBe('MH-2026-0001');
    const coordinator = await ctx.login('coordinator');
    const list = await coordinator.get('/api/worklist');
    expect(list.json().newSignals.map((s: { number: string }) => s.number)).toEqual(['MH-2026-0001']);
  });
});
