import { SetMetadata } from '@nestjs/common';
import type { Role } from './role';

export const ROLES_KEY = 'clearpath:roles';

/**
 * The roles allowed to call a controller or handler (a handler's list replaces its controller's).
 * Without it, any authenticated caller but `core-banking` is allowed (ROLES_BY_DEFAULT).
 */
export const Roles = (...roles: [Role, ...Role[]]): ClassDecorator & MethodDecorator => SetMetadata(ROLES_KEY, roles);
