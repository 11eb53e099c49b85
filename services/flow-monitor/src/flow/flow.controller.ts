import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Roles } from '@clearpath/auth';
import { FlowSampler } from '../sampling/flow.sampler';

@ApiTags('flow')
@ApiSecurity('api-key')
@Controller('v1/flow')
export class FlowController {
  constructor(private readonly sampler: FlowSampler) {}

  @Get()
  @Roles('ops', 'compliance', 'supervisor')
  @ApiOperation({
    summary:
      'The pipeline graph (services, topics, producer → topic → consumer-group edges) with the last sample: rates, lag, DLQ depth and newest reasons, health and outbox backlog',
  })
  flow() {
    return this.sampler.current();
  }
}
