import { type Response, response as expressResponse } from 'express';

/** What a controller did with the response it was handed. */
export interface RecordedResponse {
  status: number | undefined;
  readonly headers: Map<string, string>;
  body: unknown;
  sent: boolean;
}

/**
 * An express Response for a controller's unit spec, made as express makes one for each request (on
 * `express.response`), that records the status, headers and body the controller sets instead of
 * writing them to a socket. Header names are kept in lower case.
 */
export function recordingResponse(): { response: Response; recorded: RecordedResponse } {
  const recorded: RecordedResponse = { status: undefined, headers: new Map(), body: undefined, sent: false };
  const response: Response = Object.create(expressResponse);
  response.status = (code) => {
    recorded.status = code;
    return response;
  };
  response.setHeader = (name, value) => {
    recorded.headers.set(name.toLowerCase(), String(value));
    return response;
  };
  response.send = (body) => {
    recorded.body = body;
    recorded.sent = true;
    return response;
  };
  return { response, recorded };
}
