import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '@clearpath/auth';
import { ProblemException } from '@clearpath/observability';
import { repoPath } from '@clearpath/platform';

// A Map, not an object literal: the file name is the caller's, and `constructor` or `__proto__`
// must find nothing rather than Object.prototype's members.
const TYPES: ReadonlyMap<string, string> = new Map([
  ['index.html', 'text/html; charset=utf-8'],
  ['app.js', 'text/javascript; charset=utf-8'],
  ['console.css', 'text/css; charset=utf-8'],
]);

/**
 * The operators' web console: static HTML, JS and CSS, no build step and nothing from elsewhere.
 * Public because a browser navigating to `/` cannot send an API key; the page holds no data and
 * asks for a key, which every call to the JSON API then carries. Files are read once at start.
 */
@Public()
@ApiExcludeController()
@Controller()
export class ConsoleController {
  private readonly files: ReadonlyMap<string, Buffer>;

  constructor() {
    // The sources' folder, found by its index.html: dist/ has a console folder too (compiled, without the static files).
    const folder = dirname(repoPath('services/flow-monitor/src/console/index.html'));
    this.files = new Map([...TYPES.keys()].map((name) => [name, readFileSync(join(folder, name))]));
  }

  @Get()
  index(@Res() response: Response): void {
    this.send(response, 'index.html');
  }

  @Get('console/:file')
  asset(@Param('file') file: string, @Res() response: Response): void {
    if (!TYPES.has(file) || file === 'index.html') throw ProblemException.notFound(`No console file ${file}.`);
    this.send(response, file);
  }

  private send(response: Response, name: string): void {
    response.setHeader('Content-Type', TYPES.get(name)!);
    response.setHeader('Cache-Control', 'no-cache');
    // Everything the console needs is served from here: no scripts, styles or frames from elsewhere.
    response.setHeader('Content-Security-Policy', "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.status(200).send(this.files.get(name));
  }
}
