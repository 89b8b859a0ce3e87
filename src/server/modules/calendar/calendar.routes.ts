import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { calendarFeedParams, calendarFeedStatus, createdCalendarFeed } from '../../../shared/api/calendar.js';
import { actorOf } from '../../http/auth.js';
import { errors } from '../../http/errors.js';
import type { App } from '../../http/types.js';
import type { CalendarService } from './calendar.service.js';

/** The feed itself: iCalendar text. */
const icsBody = z.string().meta({ description: 'The feed as iCalendar text (text/calendar; charset=utf-8)' });

/**
 * The request log of the feed route: its URL holds the secret, so it is logged without it (the
 * default serializer would write `url`). Applies to every log line of the request.
 */
const redactedRequest = (request: FastifyRequest) => ({ method: request.method, url: '/api/calendar/[redacted].ics', remoteAddress: request.ip });

/** Calendar clients poll every few minutes to hours; this is generous for many feeds behind one proxy address. */
const FEED_RATE_LIMIT = { max: 60, timeWindow: '1 minute' };

/** Issue 6.6: one's own calendar subscription, and the feed a calendar client fetches with the secret address. */
export function calendarRoutes(app: App, calendar: CalendarService): void {
  const tags = ['calendar'];

  app.get('/api/calendar/feed', { schema: { tags, summary: 'Whether one has a calendar feed, since when and when it was last fetched (never its address)', response: { 200: calendarFeedStatus, ...errors } } },
    async (request) => calendar.status(actorOf(request)));
  app.post('/api/calendar/feed', { schema: { tags, summary: 'Create or renew one’s calendar feed: its secret address is returned once; a renewed feed’s old address stops working (audited)', response: { 201: createdCalendarFeed, ...errors } } },
    async (request, reply) => reply.code(201).send(await calendar.create(actorOf(request))));
  app.delete('/api/calendar/feed', { schema: { tags, summary: 'Revoke one’s calendar feed: its address stops working (audited)', response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      await calendar.revoke(actorOf(request));
      return reply.code(204).send(null);
    });

  // Public: the secret in the path is the credential (calendar clients send no cookie); 404 for an unknown or revoked one.
  app.get('/api/calendar/:token.ics', {
    config: { public: true, rateLimit: FEED_RATE_LIMIT },
    logSerializers: { req: redactedRequest },
    schema: { tags, summary: 'The iCalendar feed of a secret address: meetings and due dates, without personal data', params: calendarFeedParams, response: { 200: icsBody, ...errors } },
  }, async (request, reply) => {
    const body = await calendar.feed(request.params.token);
    return reply
      .header('content-type', 'text/calendar; charset=utf-8')
      .header('content-disposition', 'inline; filename="meldroute.ics"')
      .header('cache-control', 'no-store')
      .send(body);
  });
}
