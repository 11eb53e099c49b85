import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import type { RateLimits } from './http-limits.config';
import { RATE_LIMITS, RateLimitGuard } from './rate-limit.guard';

/**
 * Registers RateLimitGuard as a global guard. Import it before AuthModule: global guards run in the
 * order their modules are imported, and the limit must be counted before credentials are refused.
 */
@Module({})
export class RateLimitModule {
  /** `storage`: where counts are kept; in this process's memory unless a shared one is given. */
  static forRoot(limits: RateLimits, storage?: ThrottlerStorage): DynamicModule {
    return {
      module: RateLimitModule,
      providers: [
        { provide: RATE_LIMITS, useValue: limits },
        storage === undefined ? { provide: ThrottlerStorage, useClass: ThrottlerStorageService } : { provide: ThrottlerStorage, useValue: storage },
        { provide: APP_GUARD, useClass: RateLimitGuard },
      ],
    };
  }
}
