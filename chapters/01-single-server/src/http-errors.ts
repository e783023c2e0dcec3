// Provided: an error that carries the HTTP status to answer with. Throw it from a route or a
// validator; the error handler you write in app.ts (T4) turns it into a JSON response.

export class HttpError extends Error {
  override name = 'HttpError';

  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const badRequest = (message: string) => new HttpError(400, message);
export const notFound = (message = 'not found') => new HttpError(404, message);
