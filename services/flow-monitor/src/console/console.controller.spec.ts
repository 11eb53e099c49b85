import type { Response } from 'express';
import { ProblemException } from '@clearpath/observability';
import { ConsoleController } from './console.controller';

function fakeResponse() {
  const headers = new Map<string, string>();
  const response = {
    setHeader: (name: string, value: string) => headers.set(name.toLowerCase(), value),
    status: () => response,
    send: jest.fn(),
  };
  return { response: response as unknown as Response, headers, send: response.send };
}

describe('GET /console/:file', () => {
  const controller = new ConsoleController();

  it.each([
    ['app.js', 'text/javascript; charset=utf-8'],
    ['console.css', 'text/css; charset=utf-8'],
  ])('serves %s with its content type', (file, type) => {
    const { response, headers, send } = fakeResponse();
    controller.asset(file, response);
    expect(headers.get('content-type')).toBe(type);
    expect(send).toHaveBeenCalledWith(expect.any(Buffer));
  });

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'index.html', 'nope.js'])('answers 404 for %s', (file) => {
    const { response, send } = fakeResponse();
    expect(() => controller.asset(file, response)).toThrow(ProblemException);
    expect(() => controller.asset(file, response)).toThrow(expect.objectContaining({ status: 404 }));
    expect(send).not.toHaveBeenCalled();
  });
});
