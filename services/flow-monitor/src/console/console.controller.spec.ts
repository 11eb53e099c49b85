import { ProblemException } from '@clearpath/observability';
import { recordingResponse } from '@clearpath/testing';
import { ConsoleController } from './console.controller';

describe('GET /console/:file', () => {
  const controller = new ConsoleController();

  it.each([
    ['app.js', 'text/javascript; charset=utf-8'],
    ['console.css', 'text/css; charset=utf-8'],
  ])('serves %s with its content type', (file, type) => {
    const { response, recorded } = recordingResponse();
    controller.asset(file, response);
    expect(recorded.headers.get('content-type')).toBe(type);
    expect(recorded).toMatchObject({ status: 200, sent: true, body: expect.any(Buffer) });
  });

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'index.html', 'nope.js'])('answers 404 for %s', (file) => {
    const { response, recorded } = recordingResponse();
    expect(() => controller.asset(file, response)).toThrow(ProblemException);
    expect(() => controller.asset(file, response)).toThrow(expect.objectContaining({ status: 404 }));
    expect(recorded.sent).toBe(false);
  });
});
