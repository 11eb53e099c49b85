import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../http/public.decorator';
import { Metrics } from './metrics.service';

/**
 * Serves the registry in the Prometheus text format. Not a controller by itself: subclass it with
 * `@Controller('metrics')` and the access decorators it needs — without `@Public()` the app's
 * global guard asks for credentials (libs/platform's OpsMetricsController adds `@Roles('ops')`).
 */
export abstract class MetricsEndpoint {
  // Explicit: a subclass without a constructor of its own has no design:paramtypes to inject by.
  constructor(@Inject(Metrics) private readonly metrics: Metrics) {}

  @Get()
  @ApiOperation({ summary: 'Prometheus metrics in the text exposition format' })
  async scrape(@Res() response: Response): Promise<void> {
    const text = await this.metrics.registry.metrics();
    response.setHeader('Content-Type', this.metrics.registry.contentType);
    response.setHeader('Cache-Control', 'no-store');
    response.status(200).send(text);
  }
}

/** `/metrics` for anyone: what a scraper inside a trusted network reads. */
@Public()
@Controller('metrics')
export class MetricsController extends MetricsEndpoint {}
