import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../http/public.decorator';
import { HealthRegistry } from './health.registry';

/** Liveness says "restart me if this fails" and so checks nothing outside the process; readiness says "route traffic to me". */
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly registry: HealthRegistry) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: 200 while the process runs, 503 once it is shutting down' })
  live(@Res() response: Response): void {
    const up = !this.registry.isShuttingDown();
    response.setHeader('Cache-Control', 'no-store');
    response.status(up ? 200 : 503).json({ status: up ? 'up' : 'down' });
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: 200 when every registered check passes within its time limit, else 503; the body reports each check' })
  async ready(@Res() response: Response): Promise<void> {
    const report = await this.registry.readiness();
    response.setHeader('Cache-Control', 'no-store');
    response.status(report.status === 'up' ? 200 : 503).json(report);
  }
}
