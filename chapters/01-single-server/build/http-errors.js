class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
  status;
  name = "HttpError";
}
const badRequest = (message) => new HttpError(400, message);
const notFound = (message = "not found") => new HttpError(404, message);
export {
  HttpError,
  badRequest,
  notFound
};
