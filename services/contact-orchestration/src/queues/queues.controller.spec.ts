import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import { ManualClock } from '@clearpath/contracts';
import { ProblemException } from '@clearpath/observability';
import type { ContactPolicy } from '../config/contact-policy';
import type { AgentQueueProvider } from './agent-queue.provider';
import { QueuesController } from './queues.controller';
import type { StartContactUseCase } from './start-contact.use-case';

describe('GET /v1/queues/:queue/next', () => {
  const leaseNext = jest.fn().mockResolvedValue(null);
  const controller = new QueuesController(
    {} as AgentQueueProvider,
    { leaseNext } as unknown as StartContactUseCase,
    { settings: { queueLeaseMs: 60_000 } } as unknown as ContactPolicy,
    {} as DataSource,
    new ManualClock('2026-11-29T02:00:00Z'),
  );
  const response = { status: jest.fn() } as unknown as Response;
  const agent = { subject: 'agent-1', role: 'agent' } as const;

  beforeEach(() => leaseNext.mockClear());

  it.each([
    ['voice', 'VOICE'],
    ['field-visit', 'FIELD_VISIT'],
    ['FIELD_VISIT', 'FIELD_VISIT'],
  ])('leases from the %s queue', async (param, queue) => {
    await controller.next(param, agent, response);
    expect(leaseNext).toHaveBeenCalledWith(queue, 'agent-1', expect.any(Date), 60_000);
  });

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'sms'])('answers 400 for the queue name %s and leases nothing', async (param) => {
    const answer = controller.next(param, agent, response);
    await expect(answer).rejects.toBeInstanceOf(ProblemException);
    await expect(answer).rejects.toMatchObject({ status: 400, errors: [{ path: 'queue', message: 'must be voice or field-visit' }] });
    expect(leaseNext).not.toHaveBeenCalled();
  });
});
