import type { DataSource } from 'typeorm';
import { ManualClock } from '@clearpath/contracts';
import { ProblemException } from '@clearpath/observability';
import type { PersonalDataVault } from '@clearpath/persistence';
import { recordingResponse } from '@clearpath/testing';
import { TEST_CONTACT_SETTINGS } from '../../test/contact-settings.fixture';
import { ContactPolicy } from '../config/contact-policy';
import type { AttemptCancellation } from '../scheduler/attempt-cancellation';
import type { MomentOfContact } from '../scheduler/moment-of-contact';
import type { AgentQueueProvider } from './agent-queue.provider';
import { QueuesController } from './queues.controller';
import { StartContactUseCase } from './start-contact.use-case';

describe('GET /v1/queues/:queue/next', () => {
  // Leases with one-minute leases (TEST_CONTACT_SETTINGS); the queue, database and guard are never reached.
  const policy = ContactPolicy.load(TEST_CONTACT_SETTINGS);
  const startContact = new StartContactUseCase({} as MomentOfContact, {} as AttemptCancellation, policy, {} as DataSource, {} as PersonalDataVault);
  const leaseNext = jest.spyOn(startContact, 'leaseNext').mockResolvedValue(null);
  const controller = new QueuesController({} as AgentQueueProvider, startContact, policy, {} as DataSource, new ManualClock('2026-11-29T02:00:00Z'));
  const { response, recorded } = recordingResponse();
  const agent = { subject: 'agent-1', role: 'agent' } as const;

  beforeEach(() => leaseNext.mockClear());

  it.each([
    ['voice', 'VOICE'],
    ['field-visit', 'FIELD_VISIT'],
    ['FIELD_VISIT', 'FIELD_VISIT'],
  ])('leases from the %s queue', async (param, queue) => {
    await controller.next(param, agent, response);
    expect(leaseNext).toHaveBeenCalledWith(queue, 'agent-1', expect.any(Date), 60_000);
    expect(recorded.status).toBe(204); // nothing to lease
  });

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'sms'])(
    'answers 400 for the queue name %s and leases nothing',
    async (param) => {
      const answer = controller.next(param, agent, response);
      await expect(answer).rejects.toBeInstanceOf(ProblemException);
      await expect(answer).rejects.toMatchObject({ status: 400, errors: [{ path: 'queue', message: 'must be voice or field-visit' }] });
      expect(leaseNext).not.toHaveBeenCalled();
    },
  );
});
