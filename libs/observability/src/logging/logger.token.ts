import { Inject } from '@nestjs/common';

/** Injection token of the app's pino `Logger` (a type, so it cannot be its own token). */
export const LOGGER = Symbol.for('clearpath.observability.logger');

export const InjectLogger = (): ParameterDecorator & PropertyDecorator => Inject(LOGGER);
