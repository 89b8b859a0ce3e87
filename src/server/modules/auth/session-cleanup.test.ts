import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../testing/test-app.js';
import { queryRows } from '../../testing/test-database.js';

describe('session housekeeping', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ now: '2026-11-28T10:00:00Z' });
  });
  afterAll(async () => ctx.close());

  const sessionsOf = async (userId: string) =>
    (await queryRows<{ n: number }>(ctx.database, sql`select count(*)::int as n from sessions where user_id = ${userId}`))[0]!.n;

  it('removes sessions that went idle when someone logs in', async () => {
    await ctx.login('reporter');
    expect(await sessionsOf(ctx.userIds.reporter)).toBe(1);
    ctx.clock.set('2026-11-28T10:29:00Z');
    await ctx.login('coordinator');
    expect(await sessionsOf(ctx.userIds.reporter)).toBe(1);
    ctx.clock.set('2026-11-28T10:31:00Z');
    await ctx.login('coordinator');
    expect(await sessionsOf(ctx.userIds.reporter)).toBe(0);
  });
});
