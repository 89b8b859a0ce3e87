import type { FastifyReply } from 'fastify';

/** A generated file: an export, a report or an access-request package. */
export interface DownloadFile {
  contentType: string;
  /** ASCII only, no quotes: made by the service from fixed parts (never from user input). */
  filename: string;
  body: Buffer | string;
}

/**
 * Send a file as an attachment. Such files carry signal data or figures, so they are never cached,
 * and the browser must not sniff another type than the one given.
 */
export function sendDownload(reply: FastifyReply, file: DownloadFile): FastifyReply {
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', `attachment; filename="${file.filename}"`)
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .send(file.body as unknown as string);
}
